/*
 * Test image only: the ids of the test hooks and the benchmark floor,
 * tzvmm's vendor calls that only the image make check and make bench
 * build answers (components/vmm/testhooks/, arch/armv7/testhooks/). The
 * production image has no code for them and answers -1; no production
 * source includes this folder (test_production_sources_include_no_test_header).
 */
#ifndef TZVMM_TEST_HOOKS_H
#define TZVMM_TEST_HOOKS_H

#include <tzvmm/signals.h>
#include <tzvmm/smccc.h>

/* The signal of the VMM's TEST_TIMER timer (one of the bits a VMM thread
 * keeps for the hooks, include/tzvmm/signals.h). */
#define VMM_SIG_TEST_TIMER     VMM_SIG_HOOKS

/* Answered in monitor mode: flips SCR.NS to secure and back (benchmark floor). */
#define TZVMM_SMC_BENCH_FLOOR  SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0xfe00u)

#define TZVMM_SMC_TEST_EXIT    SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x1000u)
#define TZVMM_SMC_TEST_KINFO   SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x1001u)
#define TZVMM_SMC_TEST_TIMER   SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x1002u)
#define TZVMM_SMC_TEST_TIMER_COUNT SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x1003u)
#define TZVMM_SMC_TEST_PROBE   SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x1004u)
#define TZVMM_SMC_TEST_HOLD_CPU SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x1005u)
#define TZVMM_SMC_TEST_DIAG    SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x1006u)
#define TZVMM_SMC_TEST_INJECT  SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x1007u)
#define TZVMM_SMC_TEST_VMM_FAULT SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x1008u)
#define TZVMM_SMC_TEST_COPY    SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x1009u)

#endif
