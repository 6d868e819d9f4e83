/*
 * Test hook TZVMM_SMC_TEST_HOLD_CPU (test image only): hold (a2 = 1) or
 * release (a2 = 0) CPU a1 in ON_PENDING, so that the test guest can see
 * PSCI's answers for a CPU that is being turned on (AFFINITY_INFO gives
 * ON_PENDING, a second CPU_ON gives ON_PENDING).
 */
#include <tzvmm/limits.h>
#include <tzvmm/smccc.h>
#include <tzvmm/test/hooks.h>
#include "../psci.h"
#include "../vmm_testhooks.h"
#include "vendor_test.h"

static volatile bool held[TZVMM_MAX_CPUS];   /* read under psci_lock */

bool testhook_cpu_held(unsigned cpu)
{
	return cpu < sizeof(held) / sizeof(held[0]) && held[cpu];
}

struct smc_result testhook_hold_cpu(struct vmm_cpu *cpu, const struct smc_args *a)
{
	uint32_t target = a->a[1];

	(void)cpu;
	if (target >= vmm_config.ncpus || target >= sizeof(held) / sizeof(held[0]) ||
	    a->a[2] > 1)
		return smc_ret(PSCI_INVALID_PARAMETERS);
	held[target] = a->a[2] == 1;
	return smc_ret(held[target] ? PSCI_SUCCESS : psci_start_pending(target));
}
