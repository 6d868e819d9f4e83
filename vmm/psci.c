/*
 * PSCI 1.1 (Arm DEN0022D), the 32-bit calls. This file holds the
 * system-level calls; CPU power states come with SMP support.
 */
#include <tzvmm/smccc.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "smc.h"

#define PSCI_VERSION_1_1 0x00010001u
#define PSCI_MIGRATE_TYPE_NO_TRUSTED_OS 2

static struct smc_result psci_version(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	(void)a;
	return smc_ret((int32_t)PSCI_VERSION_1_1);
}

static struct smc_result psci_migrate_info_type(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	(void)a;
	return smc_ret(PSCI_MIGRATE_TYPE_NO_TRUSTED_OS);
}

static struct smc_result psci_system_off(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)a;
	ulog("psci: SYSTEM_OFF from cpu %u", cpu->id);
	sys_power(SYS_POWER_OFF, 0);
	return smc_ret(PSCI_INTERNAL_FAILURE);   /* only if the kernel refused */
}

static struct smc_result psci_system_reset(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)a;
	ulog("psci: SYSTEM_RESET from cpu %u", cpu->id);
	sys_power(SYS_POWER_RESET, 0);
	return smc_ret(PSCI_INTERNAL_FAILURE);
}

/* DEN0022D 5.1.14: 0 (no feature flags) for implemented PSCI calls and
 * SMCCC_VERSION, NOT_SUPPORTED for anything else. */
static struct smc_result psci_features(struct vmm_cpu *cpu, const struct smc_args *a)
{
	uint32_t id = a->a[1];

	(void)cpu;
	if (id == SMCCC_VERSION)
		return smc_ret(PSCI_SUCCESS);
	if (SMCCC_OWNER(id) != SMCCC_OWNER_STD || SMCCC_FUNC(id) > 0x1f || !smc_lookup(id))
		return smc_ret(PSCI_NOT_SUPPORTED);
	return smc_ret(PSCI_SUCCESS);
}

/* PSCI function numbers 0x00-0x1f (DEN0022D table 6.1). */
static const smc_handler psci_calls[] = {
	[SMCCC_FUNC(PSCI_VERSION)] = psci_version,
	[SMCCC_FUNC(PSCI_MIGRATE_INFO_TYPE)] = psci_migrate_info_type,
	[SMCCC_FUNC(PSCI_SYSTEM_OFF)] = psci_system_off,
	[SMCCC_FUNC(PSCI_SYSTEM_RESET)] = psci_system_reset,
	[SMCCC_FUNC(PSCI_FEATURES)] = psci_features,
};

static const struct smc_range psci_ranges[] = {
	SMC_RANGE(0x0000, 0, psci_calls),
};

const struct smc_service psci_service = SMC_SERVICE("psci", psci_ranges);
