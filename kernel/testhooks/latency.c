/*
 * Test image only: how late the kernel handles a secure timer, in ticks of
 * the generic counter from the deadline to timer_expire (kernel/timer.c),
 * for make bench's FIQ latency figures. Under -icount shift=0 a tick is 16
 * instructions. A histogram of 64 one-tick buckets (the last one holds
 * everything later) gives the median without keeping samples.
 */
#include <tzvmm/syscall.h>
#include <tzvmm/test/kinfo.h>
#include "../syscall_decode.h"

#define BUCKETS 64u

static uint32_t hist[BUCKETS], count, max;

void kernel_testhook_timer_late(uint64_t ticks)
{
	uint32_t t = ticks > 0xffffffffu ? 0xffffffffu : (uint32_t)ticks;

	hist[t < BUCKETS ? t : BUCKETS - 1]++;
	count++;
	if (t > max)
		max = t;
}

uint32_t testhook_timer_latency(uint32_t which);

uint32_t testhook_timer_latency(uint32_t which)
{
	if (which == KINFO_TIMER_LAT_COUNT)
		return count;
	if (which == KINFO_TIMER_LAT_MAX)
		return max;
	uint32_t seen = 0;

	for (uint32_t b = 0; b < BUCKETS; b++) {
		seen += hist[b];
		if (seen * 2 >= count && count)
			return b;
	}
	return 0;
}
