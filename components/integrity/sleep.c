/*
 * The monitor's waits. A period may be longer than one SYS_TIMER can
 * measure (period_ms up to 60 s; a timer at most SYS_TIMER_MAX_TICKS, 34 s
 * at 62.5 MHz): such a wait is cut into timers the kernel takes. A refused
 * timer must not leave the monitor waiting for a signal that never comes,
 * which silently stopped it before.
 */
#include <tzvmm/signals.h>
#include <tzvmm/syscall.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "sleep.h"

int integrity_sleep(uint64_t ticks)
{
	if (ticks == 0)
		ticks = 1;
	while (ticks) {
		uint32_t step = ticks > SYS_TIMER_MAX_TICKS ? SYS_TIMER_MAX_TICKS : (uint32_t)ticks;
		int32_t r = sys_timer(step, INTEGRITY_SIG_TIMER);

		if (r != 0) {
			ulog("error: the kernel refused a timer of %u ticks (%d)", (unsigned)step,
			     (int)r);
			return -1;
		}
		sys_wait(INTEGRITY_SIG_TIMER, SYS_NO_VCPU);
		ticks -= step;
	}
	return 0;
}
