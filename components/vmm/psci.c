/*
 * PSCI 1.1 (Arm DEN0022D), the 32-bit calls, for an AArch32 normal world.
 *
 * One vCPU per CPU. A CPU is OFF until CPU_ON names its entry point: the
 * VMM thread that takes the call (on any CPU) writes the target vCPU's entry
 * state and asks the kernel to run it. CPU_OFF leaves the calling vCPU
 * paused in the secure world. SYSTEM_OFF and SYSTEM_RESET are carried out by
 * the kernel (board power control); a reset restarts the secure world too.
 *
 * CPU_SUSPEND offers only the standby state (power_state 0: StateType 0,
 * StateID 0), which returns at once, as after a spurious wake-up; the
 * power-down states are not offered (INVALID_PARAMETERS).
 *
 * MPIDR affinity: Aff0 is the CPU number and higher levels are 0, as on
 * QEMU virt (up to 8 CPUs, one cluster).
 */
#include <lib/spinlock.h>
#include <tzvmm/cpu_state.h>
#include <tzvmm/limits.h>
#include <tzvmm/smccc.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "diag.h"
#include <ulib/guest_mem.h>
#include "loader.h"
#include "psci.h"
#include "smc.h"
#include "vmm_testhooks.h"

#define PSCI_VERSION_1_1 0x00010001u
#define PSCI_MIGRATE_TYPE_NO_TRUSTED_OS 2
#define PSCI_MAX_CPUS TZVMM_MAX_CPUS

struct psci_cpu {
	enum psci_cpu_state state;
};

static spinlock_t psci_lock;
static struct psci_cpu psci_cpus[PSCI_MAX_CPUS];   /* psci_reset_state() at boot */

/* The CPU an MPIDR names, or -1 (DEN0022D 5.1.4: Aff3 is bits 39:32, absent
 * for AArch32 callers, so bits 31:24 must be zero). */
int psci_mpidr_to_cpu(uint32_t mpidr, unsigned ncpus)
{
	if (mpidr & 0xffffff00u)
		return -1;
	return (mpidr & 0xffu) < ncpus ? (int)(mpidr & 0xffu) : -1;
}

void psci_reset_state(void)
{
	for (unsigned i = 0; i < PSCI_MAX_CPUS; i++)
		psci_cpus[i] = (struct psci_cpu){ i == 0 ? PSCI_STATE_ON : PSCI_STATE_OFF };
}

static struct smc_result psci_version(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	(void)a;
	return smc_ret((int32_t)PSCI_VERSION_1_1);
}

static struct smc_result psci_cpu_suspend(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)cpu;
	return smc_ret(a->a[1] == 0 ? PSCI_SUCCESS : PSCI_INVALID_PARAMETERS);
}

static struct smc_result psci_cpu_off(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)a;
	spin_lock(&psci_lock);
	psci_cpus[cpu->id].state = PSCI_STATE_OFF;
	spin_unlock(&psci_lock);
	/* The vCPU stays paused in the secure world until the next CPU_ON. */
	return (struct smc_result){ .no_resume = true };
}

/* Starts a vCPU that is OFF; called with psci_lock held. Returns
 * INTERNAL_FAILURE (and leaves it OFF) if the kernel refuses to run it. */
static int32_t start_cpu(unsigned target)
{
	psci_cpus[target].state = PSCI_STATE_ON_PENDING;
	if (testhook_cpu_held && testhook_cpu_held(target))
		return PSCI_SUCCESS;   /* test image only: held in ON_PENDING */
	if (sys_vcpu_run(target) != 0) {
		if (diag_allowed(1))
			ulog("psci: vcpu %u did not start", target);
		psci_cpus[target].state = PSCI_STATE_OFF;
		return PSCI_INTERNAL_FAILURE;
	}
	psci_cpus[target].state = PSCI_STATE_ON;
	return PSCI_SUCCESS;
}

static struct smc_result psci_cpu_on(struct vmm_cpu *cpu, const struct smc_args *a)
{
	int target = psci_mpidr_to_cpu(a->a[1], vmm_config.ncpus);
	uint32_t entry = a->a[2];
	int32_t ret = PSCI_SUCCESS;

	if (target < 0)
		return smc_ret(PSCI_INVALID_PARAMETERS);
	/* ARM entry points are word aligned; bit 0 set means Thumb. */
	if (((entry & 1u) == 0 && (entry & 3u) != 0) ||
	    guest_mem_check(gpa(entry & ~1u), 4) != 0) {
		/* A request that cannot have been meant: say what the caller's
		 * state is (the entry is physical, but its own tables tell
		 * whether it passed a virtual address by mistake). */
		diag_log(cpu, "PSCI CPU_ON refused, entry outside normal RAM", entry);
		return smc_ret(PSCI_INVALID_ADDRESS);
	}

	spin_lock(&psci_lock);
	switch (psci_cpus[target].state) {
	case PSCI_STATE_ON:
		ret = PSCI_ALREADY_ON;
		break;
	case PSCI_STATE_ON_PENDING:
		ret = PSCI_ON_PENDING;
		break;
	case PSCI_STATE_OFF: {
		struct vcpu_state *s = vmm_vcpu_state((unsigned)target);

		loader_set_entry(s, entry & ~1u, a->a[3], 0, 0);
		if (entry & 1u)
			s->regs.cpsr |= PSR_T;
		ret = start_cpu((unsigned)target);
		break;
	}
	}
	spin_unlock(&psci_lock);
	return smc_ret(ret);
}

static struct smc_result psci_affinity_info(struct vmm_cpu *cpu, const struct smc_args *a)
{
	int target = psci_mpidr_to_cpu(a->a[1], vmm_config.ncpus);

	(void)cpu;
	/* Only affinity level 0 (a single CPU) is supported. */
	if (target < 0 || a->a[2] != 0)
		return smc_ret(PSCI_INVALID_PARAMETERS);
	return smc_ret((int32_t)psci_cpus[target].state);
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
	diag_report_suppressed();
	ulog("psci: SYSTEM_OFF from cpu %u", cpu->id);
	sys_power(SYS_POWER_OFF, 0);
	return smc_ret(PSCI_INTERNAL_FAILURE);   /* only if the kernel refused */
}

static struct smc_result psci_system_reset(struct vmm_cpu *cpu, const struct smc_args *a)
{
	(void)a;
	diag_report_suppressed();
	ulog("psci: SYSTEM_RESET from cpu %u", cpu->id);
	sys_power(SYS_POWER_RESET, 0);
	return smc_ret(PSCI_INTERNAL_FAILURE);
}

/* DEN0022D 5.1.14: 0 for implemented PSCI calls and SMCCC_VERSION (for
 * CPU_SUSPEND: original power_state format, no OS-initiated mode), and
 * NOT_SUPPORTED for anything else, the SMC64 forms included. */
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

/* Starts CPU `target` if an earlier CPU_ON left it ON_PENDING (only the
 * test hooks' hold does); PSCI_SUCCESS if there was nothing to start. */
int32_t psci_start_pending(unsigned target)
{
	int32_t ret = PSCI_SUCCESS;

	spin_lock(&psci_lock);
	if (psci_cpus[target].state == PSCI_STATE_ON_PENDING)
		ret = start_cpu(target);
	spin_unlock(&psci_lock);
	return ret;
}

/* PSCI function numbers 0x00-0x1f (DEN0022D table 6.1). */
static const smc_handler psci_calls[] = {
	[SMCCC_FUNC(PSCI_VERSION)] = psci_version,
	[SMCCC_FUNC(PSCI_CPU_SUSPEND)] = psci_cpu_suspend,
	[SMCCC_FUNC(PSCI_CPU_OFF)] = psci_cpu_off,
	[SMCCC_FUNC(PSCI_CPU_ON)] = psci_cpu_on,
	[SMCCC_FUNC(PSCI_AFFINITY_INFO)] = psci_affinity_info,
	[SMCCC_FUNC(PSCI_MIGRATE_INFO_TYPE)] = psci_migrate_info_type,
	[SMCCC_FUNC(PSCI_SYSTEM_OFF)] = psci_system_off,
	[SMCCC_FUNC(PSCI_SYSTEM_RESET)] = psci_system_reset,
	[SMCCC_FUNC(PSCI_FEATURES)] = psci_features,
};

static const struct smc_range psci_ranges[] = {
	SMC_RANGE(0x0000, psci_calls),
};

const struct smc_service psci_service = SMC_SERVICE("psci", psci_ranges);
