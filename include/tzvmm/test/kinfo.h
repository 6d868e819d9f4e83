/*
 * Test image only: the SYS_KINFO numbers kernel/testhooks/ answers. The
 * production kernel answers 0 to them and hands out no kernel address.
 */
#ifndef TZVMM_TEST_KINFO_H
#define TZVMM_TEST_KINFO_H

#include <tzvmm/syscall.h>

enum sys_kinfo_test {
	/* A kernel word the isolation tests try to read and overwrite from
	 * the normal world (kernel/testhooks/canary.c). */
	KINFO_CANARY_ADDR = 2,
	KINFO_CANARY_VALUE = 3,
	/* Ticks from a secure timer's deadline to the kernel's handling of it,
	 * over every expiry (kernel/testhooks/latency.c). */
	KINFO_TIMER_LAT_COUNT = 13,
	KINFO_TIMER_LAT_MAX = 14,
	KINFO_TIMER_LAT_MEDIAN = 15,
};

#endif
