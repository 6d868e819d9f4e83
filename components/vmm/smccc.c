/*
 * Arm architecture calls (owner 0, DEN0028 section 7): the SMCCC version
 * and feature discovery that Linux uses to find out what firmware offers.
 */
#include <tzvmm/smccc.h>
#include "smc.h"

static struct smc_result smccc_version(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	(void)a;
	return smc_ret((int32_t)SMCCC_VERSION_1_2);
}

/* 0 if the queried Arm architecture call is implemented, else -1. */
static struct smc_result smccc_arch_features(struct vmm_cpu *cpu, const struct smc_args *a)
{
	uint32_t id = a->a[1];

	(void)cpu;
	if (SMCCC_OWNER(id) != SMCCC_OWNER_ARCH || !smc_lookup(id))
		return smc_ret(SMCCC_NOT_SUPPORTED);
	return smc_ret(SMCCC_SUCCESS);
}

/* Function numbers 0x0000.. (DEN0028 table 7-1). */
/* SMCCC_ARCH_SOC_ID (DEN0028 7.4): a1 = 0 asks for the SoC version, 1 for
 * the revision. tzvmm has no JEP106 code of its own, so it identifies as
 * bank 0x7f, code 0x7e: outside the banks JEDEC has assigned (fewer than
 * 20), it cannot be mistaken for a real vendor. Linux shows it as
 * /sys/devices/soc0/soc_id "jep106:7f7e:7a56" ("zV" = tzvmm) and the
 * revision as 0x00000001. docs/smc-reference.md records the identity. */
static struct smc_result smccc_soc_id(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	if (a->a[1] == 0)
		return smc_ret((int32_t)((TZVMM_SOC_JEP106_BANK << 24) |
					 (TZVMM_SOC_JEP106_CODE << 16) | TZVMM_SOC_ID));
	if (a->a[1] == 1)
		return smc_ret((int32_t)TZVMM_SOC_REVISION);
	return smc_ret(SMCCC_INVALID_PARAMETER);
}

static const smc_handler arch_calls[] = {
	[SMCCC_FUNC(SMCCC_VERSION)] = smccc_version,
	[SMCCC_FUNC(SMCCC_ARCH_FEATURES)] = smccc_arch_features,
	[SMCCC_FUNC(SMCCC_ARCH_SOC_ID)] = smccc_soc_id,
};

static const struct smc_range arch_ranges[] = {
	SMC_RANGE(0x0000, arch_calls),
};

const struct smc_service smccc_arch_service = SMC_SERVICE("arm-arch", arch_ranges);
