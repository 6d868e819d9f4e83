/* Which test hook the run's arguments name (../storage_testhooks.h). */
#include <lib/string.h>
#include <tzvmm/signals.h>
#include <tzvmm/syscall.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "../storage_testhooks.h"
#include "hooks.h"

/* "slow": how long each request waits before it is served. */
#define SLOW_MS 20u

static bool slow;

void storage_testhook(const char *args)
{
	if (strcmp(args, "selftest") == 0) {
		selftest_run();
	} else if (strcmp(args, "bench") == 0) {
		bench_run();
	} else if (strcmp(args, "slow") == 0) {
		slow = true;
		ulog("test hook: every request waits %u ms first, as a busy chip's polls "
		     "would (the thread sleeps)", SLOW_MS);
	} else {
		ulog("error: run arguments \"%s\" not understood (the test image knows "
		     "selftest, bench and slow)", args);
	}
}

/* The storage thread sleeps, as the flash driver does between the polls
 * of a long erase (cfi.c's wait_ready): its CPU's vCPU may run meanwhile. */
void storage_testhook_request(unsigned index)
{
	(void)index;
	if (!slow)
		return;
	sys_timer(SLOW_MS * (sys_kinfo(KINFO_TIMER_HZ) / 1000u), STORAGE_SIG_TIMER);
	sys_wait(STORAGE_SIG_TIMER, SYS_NO_VCPU);
}
