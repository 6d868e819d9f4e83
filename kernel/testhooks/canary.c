/*
 * Test image only: a kernel word the isolation tests try to read and
 * overwrite from the normal world, whose address and value the test guest
 * learns through KINFO_CANARY_ADDR / KINFO_CANARY_VALUE. The production
 * kernel has no such word and hands out no kernel address.
 */
#include <tzvmm/syscall.h>
#include <tzvmm/test/kinfo.h>
#include "../syscall_decode.h"

uint32_t testhook_timer_latency(uint32_t which);   /* latency.c */

static volatile uint32_t kernel_canary = 0x5ec0de42u;

uint32_t kernel_testhook_kinfo(uint32_t which)
{
	if (which >= KINFO_TIMER_LAT_COUNT && which <= KINFO_TIMER_LAT_MEDIAN)
		return testhook_timer_latency(which);
	if (which == KINFO_CANARY_ADDR)
		return (uint32_t)(uintptr_t)&kernel_canary;
	if (which == KINFO_CANARY_VALUE)
		return kernel_canary;
	return 0;
}
