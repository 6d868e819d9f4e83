/* The SMC generator of the normal-world fuzzers (smcgen.h). */
#include <plat/nsview.h>
#include <tzvmm/smccc.h>
#include <tzvmm/virtio_smc.h>
#include <tzvmm/test/hooks.h>
#include "smcgen.h"

void smcgen_seed(struct smcgen *g, uint32_t seed)
{
	g->x = seed ? seed : 0x2545f491u;
}

uint32_t smcgen_rnd(struct smcgen *g)
{
	g->x ^= g->x << 13;
	g->x ^= g->x >> 17;
	g->x ^= g->x << 5;
	return g->x;
}

/* Every id some part of tzvmm answers (include/tzvmm/smccc.h). */
static const uint32_t served[] = {
	SMCCC_VERSION, SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID,
	PSCI_VERSION, PSCI_CPU_SUSPEND, PSCI_CPU_OFF, PSCI_CPU_ON, PSCI_AFFINITY_INFO,
	PSCI_MIGRATE_INFO_TYPE, PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET, PSCI_FEATURES,
	TZVMM_SMC_NULL, TZVMM_SMC_ECHO, TZVMM_SMC_CALL_COUNT, TZVMM_SMC_UID, TZVMM_SMC_REVISION,
	TZVMM_SMC_VIRTIO_READ, TZVMM_SMC_VIRTIO_WRITE,
	TZVMM_SMC_BENCH_FLOOR, TZVMM_SMC_TEST_EXIT, TZVMM_SMC_TEST_KINFO, TZVMM_SMC_TEST_TIMER,
	TZVMM_SMC_TEST_TIMER_COUNT, TZVMM_SMC_TEST_PROBE, TZVMM_SMC_TEST_HOLD_CPU,
};

uint32_t smcgen_id(struct smcgen *g)
{
	uint32_t r = smcgen_rnd(g);
	uint32_t known = served[(r >> 8) % (sizeof(served) / sizeof(served[0]))];

	switch (r & 7u) {
	case 0:   /* anything at all */
		return smcgen_rnd(g);
	case 1:
	case 2:   /* an id that is answered */
		return known;
	case 3:   /* its neighbours */
		return (r & 0x10u) ? known + 1u : known - 1u;
	case 4:   /* a fast call of any owner, small function number */
		return SMCCC_FAST_CALL | (((r >> 8) % 64u) << SMCCC_OWNER_SHIFT) |
		       ((r >> 16) & 0x3fu);
	case 5:   /* tzvmm's ranges, including just outside them */
		return SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, (0xff00u & (r >> 8)) | ((r >> 24) & 0x0fu));
	case 6:   /* an answered id as a yielding or SMC64 call */
		return (r & 0x10u) ? known & ~SMCCC_FAST_CALL : known | SMCCC_SMC64;
	default:  /* must-be-zero bits set */
		return known | (((r >> 16) & 0xffu) << 16) | 0x00010000u;
	}
}

uint32_t smcgen_arg(struct smcgen *g)
{
	/* The board's own (QEMU virt's values in the comments). */
	static const uint32_t edges[] = {
		0, 1, 0xffffffffu, 0xfffffffeu, 0x7fffffffu, 0x80000000u,
		PLAT_NS_SECURE_RAM_BASE, PLAT_NS_SECURE_RAM_BASE + 0x100000u,   /* 0x0e000000 */
		PLAT_NS_SECURE_RAM_BASE + PLAT_NS_SECURE_RAM_SIZE - 1u,
		0x00000000u, 0x03fffffcu,                /* low: virt's secure flash */
		PLAT_NS_GICD_BASE, PLAT_NS_UART_BASE, PLAT_NS_GICC_BASE,
		PLAT_NS_RAM_BASE - 4u, PLAT_NS_RAM_BASE, PLAT_NS_RAM_BASE + 1u,   /* 0x40000000 */
		PLAT_NS_RAM_BASE + 0x0ffffffcu, PLAT_NS_RAM_BASE + 0x10000000u,   /* 256 MiB */
		PLAT_NS_RAM_MAX - 4u,                    /* the end of the largest normal RAM */
		0xfffff000u, 0x00001000u,                /* lengths that wrap with an address */
	};
	uint32_t r = smcgen_rnd(g);

	return (r & 1u) ? smcgen_rnd(g) : edges[(r >> 1) % (sizeof(edges) / sizeof(edges[0]))];
}

/* Calls that end the run or stop this CPU (SYSTEM_OFF/RESET, CPU_OFF, the
 * test exit hook, the VMM fault hook, which restarts the guest) or leave
 * state behind for other callers (holding a CPU, a secure timer) are not
 * sent; CPU_ON and CPU_SUSPEND only get arguments that name no CPU and no
 * standby state; the copy hook copies at most 64 KiB (it is a benchmark:
 * 256 MiB a call would only make the run slow). */
void smcgen_call(struct smcgen *g, uint32_t call[8])
{
	uint32_t id;

	for (;;) {
		id = smcgen_id(g);
		if (id != PSCI_SYSTEM_OFF && id != PSCI_SYSTEM_RESET && id != PSCI_CPU_OFF &&
		    id != TZVMM_SMC_TEST_EXIT && id != TZVMM_SMC_TEST_HOLD_CPU &&
		    id != TZVMM_SMC_TEST_TIMER && id != TZVMM_SMC_TEST_VMM_FAULT)
			break;
	}
	call[0] = id;
	for (unsigned i = 1; i < 8; i++)
		call[i] = smcgen_arg(g);
	if (id == PSCI_CPU_ON || id == PSCI_CPU_SUSPEND)
		call[1] = 0x00ffff00u;
	if (id == TZVMM_SMC_TEST_COPY)
		call[1] &= 0xffffu;
}

bool smcgen_never_served(uint32_t id)
{
	uint32_t owner = SMCCC_OWNER(id);

	if (!smccc_is_fast32(id))
		return true;
	return owner != SMCCC_OWNER_ARCH && owner != SMCCC_OWNER_STD &&
	       owner != SMCCC_OWNER_VENDOR_HYP;
}
