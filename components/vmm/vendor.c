/*
 * tzvmm's own calls, in the vendor-specific hypervisor service range
 * (owner 6), and the test hooks that the integration tests enable.
 * docs/smc-reference.md lists each with its arguments and results.
 */
#include <tzvmm/signals.h>
#include <tzvmm/smccc.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "psci.h"
#include "smc.h"

/* Bounded wait for the probe's fault report: 100 ms at 62.5 MHz. */
#define PROBE_DEADLINE_TICKS 6250000u

static struct smc_result vendor_null(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	(void)a;
	return smc_ret(SMCCC_SUCCESS);
}

static struct smc_result vendor_echo(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	return smc_ret4(SMCCC_SUCCESS, TZVMM_ECHO_R1(a->a[1]), TZVMM_ECHO_R2(a->a[2]),
			TZVMM_ECHO_R3(a->a[1], a->a[3]));
}

static struct smc_result vendor_call_count(struct vmm_cpu *cpu, const struct smc_args *a);

static struct smc_result vendor_uid(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	(void)a;
	return smc_ret4(TZVMM_UID_0, TZVMM_UID_1, TZVMM_UID_2, TZVMM_UID_3);
}

static struct smc_result vendor_revision(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	(void)a;
	return smc_ret4(TZVMM_REVISION_MAJOR, TZVMM_REVISION_MINOR, 0, 0);
}

static struct smc_result test_exit(struct vmm_cpu *cpu, const struct smc_args *a)
{
	ulog("test guest on cpu %u finished with status %d", cpu->id, (int)a->a[1]);
	sys_power(SYS_POWER_OFF, (int32_t)a->a[1]);
	return smc_ret(SMCCC_NOT_SUPPORTED);
}

static struct smc_result test_kinfo(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	if (a->a[1] >= KINFO_COUNT)
		return smc_ret(SMCCC_INVALID_PARAMETER);
	return smc_ret4(SMCCC_SUCCESS, sys_kinfo(a->a[1]), 0, 0);
}

static struct smc_result test_timer(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	if (a->a[1] == 0 || sys_timer(a->a[1], VMM_SIG_TIMER) != 0)
		return smc_ret(SMCCC_INVALID_PARAMETER);
	return smc_ret(SMCCC_SUCCESS);
}

static struct smc_result test_timer_count(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)a;
	return smc_ret4(SMCCC_SUCCESS, cpu->timer_events, 0, 0);
}

/* Makes the probe commit fault kind a1 and reports how many faults the
 * kernel saw meanwhile (r1). Only VMM thread 0 receives fault reports. */
static struct smc_result test_probe(struct vmm_cpu *cpu, const struct smc_args *a)
{
	uint32_t kind = a->a[1];

	if (kind == 0 || kind >= PROBE_FAULT_COUNT)
		return smc_ret(SMCCC_INVALID_PARAMETER);
	if (cpu->id != 0)
		return smc_ret(SMCCC_NOT_SUPPORTED);
	uint32_t before = sys_kinfo(KINFO_FAULTS);

	if (sys_signal(VMM_CAP_PROBE(vmm_config.ncpus), 1u << kind) != 0)
		return smc_ret(SMCCC_INVALID_PARAMETER);
	sys_timer(PROBE_DEADLINE_TICKS, VMM_SIG_DEADLINE);
	uint32_t got = sys_wait(VMM_SIG_FAULT | VMM_SIG_DEADLINE, SYS_NO_VCPU);

	sys_timer(0, VMM_SIG_DEADLINE);
	if (!(got & VMM_SIG_FAULT))
		ulog("probe: fault kind %u was not reported within 100 ms", (unsigned)kind);
	return smc_ret4(SMCCC_SUCCESS, sys_kinfo(KINFO_FAULTS) - before, 0, 0);
}

#define FN(id) (SMCCC_FUNC(id) & 0xffu)

static const smc_handler tzvmm_calls[] = {   /* 0x0000.. */
	[FN(TZVMM_SMC_NULL)] = vendor_null,
	[FN(TZVMM_SMC_ECHO)] = vendor_echo,
};

static const smc_handler test_calls[] = {    /* 0x1000..: test hooks */
	[FN(TZVMM_SMC_TEST_EXIT)] = test_exit,
	[FN(TZVMM_SMC_TEST_KINFO)] = test_kinfo,
	[FN(TZVMM_SMC_TEST_TIMER)] = test_timer,
	[FN(TZVMM_SMC_TEST_TIMER_COUNT)] = test_timer_count,
	[FN(TZVMM_SMC_TEST_PROBE)] = test_probe,
	[FN(TZVMM_SMC_TEST_HOLD_CPU)] = psci_test_hold,
};

static const smc_handler query_calls[] = {   /* 0xff00..: SMCCC general queries */
	[FN(TZVMM_SMC_CALL_COUNT)] = vendor_call_count,
	[FN(TZVMM_SMC_UID)] = vendor_uid,
	[FN(TZVMM_SMC_REVISION)] = vendor_revision,
};

static const struct smc_range vendor_ranges[] = {
	SMC_RANGE(0x0000, 0, tzvmm_calls),
	SMC_RANGE(0x1000, SMC_TEST_HOOK, test_calls),
	SMC_RANGE(0xff00, 0, query_calls),
};

const struct smc_service vendor_service = SMC_SERVICE("tzvmm", vendor_ranges);

/* The number of calls this run answers in the vendor range. */
static struct smc_result vendor_call_count(struct vmm_cpu *cpu, const struct smc_args *a)
{
	uint32_t n = 0;

	(void)cpu;
	(void)a;
	for (size_t r = 0; r < sizeof(vendor_ranges) / sizeof(vendor_ranges[0]); r++)
		for (uint32_t i = 0; i < vendor_ranges[r].count; i++)
			if (smc_lookup(SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, vendor_ranges[r].base + i)))
				n++;
	return smc_ret((int32_t)n);
}
