/*
 * Which calls the kernel may answer without waking the VMM (kernel/
 * fastpath.c), and their answers, computed by the VMM's own handlers so
 * that the policy stays here. A query qualifies when its answer depends
 * on nothing but its id and a1, changes nothing, and is fixed once the
 * VMM has booted: the versions, the identity, the FEATURES calls.
 */
#include <tzvmm/smccc.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "vmm_fastpath.h"
#include "smc.h"

/* The a1 values the FEATURES queries are answered for in the kernel:
 * every id Linux asks about at boot. Any other a1 goes to the VMM. */
static const uint32_t feature_ids[] = {
	SMCCC_VERSION, SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID,
	0x80008000u, 0x80007fffu, 0x80003fffu,   /* SMCCC_ARCH_WORKAROUND_1, _2, _3 */
	PSCI_VERSION, PSCI_CPU_SUSPEND, PSCI_CPU_OFF, PSCI_CPU_ON, PSCI_AFFINITY_INFO,
	PSCI_MIGRATE_INFO_TYPE, PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET, PSCI_FEATURES,
};

static const uint32_t plain[] = {   /* no argument matters */
	SMCCC_VERSION, PSCI_VERSION, PSCI_MIGRATE_INFO_TYPE,
	TZVMM_SMC_CALL_COUNT, TZVMM_SMC_UID, TZVMM_SMC_REVISION,
};

static bool add(struct vmm_cpu *cpu, struct sys_fastpath_entry *e, unsigned *n, uint32_t id,
		bool match, uint32_t a1)
{
	struct smc_args args = { { id, a1 } };

	if (*n >= SYS_FASTPATH_MAX || !smc_lookup(id))
		return false;
	struct smc_result r = smc_dispatch(cpu, &args);

	if (r.no_resume)
		return false;
	e[(*n)++] = (struct sys_fastpath_entry){
		.id = id, .flags = match ? SYS_FASTPATH_MATCH_A1 : 0, .a1 = match ? a1 : 0,
		.r = { r.r[0], r.r[1], r.r[2], r.r[3] },
	};
	return true;
}

unsigned vmm_fastpath_build(struct vmm_cpu *cpu, struct sys_fastpath_entry *e)
{
	unsigned n = 0;

	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		add(cpu, e, &n, plain[i], false, 0);
	add(cpu, e, &n, SMCCC_ARCH_SOC_ID, true, 0);   /* SoC version */
	add(cpu, e, &n, SMCCC_ARCH_SOC_ID, true, 1);   /* SoC revision */
	for (size_t i = 0; i < sizeof(feature_ids) / sizeof(feature_ids[0]); i++) {
		add(cpu, e, &n, SMCCC_ARCH_FEATURES, true, feature_ids[i]);
		if (SMCCC_OWNER(feature_ids[i]) == SMCCC_OWNER_STD)
			add(cpu, e, &n, PSCI_FEATURES, true, feature_ids[i]);
	}
	add(cpu, e, &n, PSCI_FEATURES, true, SMCCC_VERSION);   /* how Linux finds SMCCC */
	return n;
}

void vmm_fastpath_install(struct vmm_cpu *cpu)
{
	struct sys_fastpath_entry e[SYS_FASTPATH_MAX];
	unsigned n = vmm_fastpath_build(cpu, e);
	int32_t r = sys_fastpath(e, n);

	if (r != 0)
		ulog("fast path refused by the kernel (%d): every call goes to the VMM", (int)r);
	else
		ulog("fast path: the kernel answers %u pure queries", n);
}
