/*
 * The test image's range of tzvmm's vendor calls, 0x86001000.. : a table
 * the test image adds to the vendor service (smc_variant_services, which
 * components/vmm/smc.c consults after the service's own ranges). The
 * production image links no such table, and those ids are unknown (-1).
 */
#include <tzvmm/smccc.h>
#include <tzvmm/test/hooks.h>
#include "../smc.h"
#include "vendor_test.h"

#define FN(id) (SMCCC_FUNC(id) & 0xffu)

static const smc_handler test_calls[] = {
	[FN(TZVMM_SMC_TEST_EXIT)] = testhook_exit,
	[FN(TZVMM_SMC_TEST_KINFO)] = testhook_kinfo,
	[FN(TZVMM_SMC_TEST_TIMER)] = testhook_timer,
	[FN(TZVMM_SMC_TEST_TIMER_COUNT)] = testhook_timer_count,
	[FN(TZVMM_SMC_TEST_PROBE)] = testhook_probe,
	[FN(TZVMM_SMC_TEST_HOLD_CPU)] = testhook_hold_cpu,
	[FN(TZVMM_SMC_TEST_DIAG)] = testhook_diag,
	[FN(TZVMM_SMC_TEST_INJECT)] = testhook_inject,
	[FN(TZVMM_SMC_TEST_VMM_FAULT)] = testhook_vmm_fault,
	[FN(TZVMM_SMC_TEST_COPY)] = testhook_copy,
};

static const struct smc_range test_ranges[] = {
	SMC_RANGE(0x1000, test_calls),
};

static const struct smc_service vendor_test_service = SMC_SERVICE("tzvmm tests", test_ranges);

const struct smc_service *const smc_variant_services[SMCCC_OWNER_COUNT] = {
	[SMCCC_OWNER_VENDOR_HYP] = &vendor_test_service,
};
