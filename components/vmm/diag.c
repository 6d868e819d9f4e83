/*
 * Diagnosis of a stopped guest (diag.h). The banked registers come from
 * the kernel (SYS_VCPU_REG, RIGHT_VCPU_REGS), the page tables from normal
 * RAM through guest_mem: a table the guest put anywhere else is reported,
 * never followed.
 */
#include <tzvmm/cpu_state.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "diag.h"
#include <ulib/guest_mem.h>

#define SCTLR_M      (1u << 0)
#define TTBCR_EAE    (1u << 31)
#define TTBCR_N_MASK 7u

struct ratelimit diag_limit;

bool diag_allowed(uint32_t lines)
{
	return ratelimit_allow(&diag_limit, lines, sys_kinfo(KINFO_UPTIME_MS));
}

void diag_report_suppressed(void)
{
	ratelimit_report(&diag_limit);
}

static int reg(struct vmm_cpu *cpu, uint32_t which, uint32_t *value)
{
	*value = 0;
	return sys_vcpu_reg(cpu->id, which, false, value) == 0 ? 0 : -1;
}

static int read_desc(uint32_t addr, uint32_t *desc)
{
	return guest_mem_read32(gpa(addr), desc) == 0 ? 0 : -1;
}

int diag_translate(struct vmm_cpu *cpu, uint32_t va, uint32_t *pa)
{
	uint32_t sctlr, ttbcr, ttbr, l1, l2;

	if (reg(cpu, SYS_NS_REG_SCTLR, &sctlr) != 0)
		return DIAG_UNREADABLE;
	if (!(sctlr & SCTLR_M)) {
		*pa = va;
		return DIAG_MMU_OFF;
	}
	if (reg(cpu, SYS_NS_REG_TTBCR, &ttbcr) != 0 || (ttbcr & TTBCR_EAE))
		return DIAG_UNREADABLE;   /* the long-descriptor format is not walked */
	uint32_t n = ttbcr & TTBCR_N_MASK;
	/* TTBR0 covers the addresses below 2^(32-N), TTBR1 the rest (B3.5.4). */
	bool low = n == 0 || (va >> (32u - n)) == 0;

	if (reg(cpu, low ? SYS_NS_REG_TTBR0 : SYS_NS_REG_TTBR1, &ttbr) != 0)
		return DIAG_UNREADABLE;
	uint32_t base = ttbr & (low ? ~(0x3fffu >> n) : ~0x3fffu);

	if (read_desc(base | ((va >> 20) << 2), &l1) != 0)
		return DIAG_UNREADABLE;
	switch (l1 & 3u) {
	case 2:   /* section, or supersection (bit 18) */
		*pa = (l1 & (1u << 18)) ? (l1 & 0xff000000u) | (va & 0x00ffffffu)
					: (l1 & 0xfff00000u) | (va & 0x000fffffu);
		return DIAG_MAPPED;
	case 1:   /* a second-level table */
		if (read_desc((l1 & 0xfffffc00u) | (((va >> 12) & 0xffu) << 2), &l2) != 0)
			return DIAG_UNREADABLE;
		if (l2 & 2u)   /* small page */
			*pa = (l2 & 0xfffff000u) | (va & 0xfffu);
		else if (l2 & 1u)   /* large page */
			*pa = (l2 & 0xffff0000u) | (va & 0xffffu);
		else
			return DIAG_UNMAPPED;
		return DIAG_MAPPED;
	default:
		return DIAG_UNMAPPED;
	}
}

void diag_log(struct vmm_cpu *cpu, const char *why, uint32_t addr)
{
	static const char *const mode_names[32] = {
		[MODE_USR & 31] = "USR", [MODE_FIQ & 31] = "FIQ", [MODE_IRQ & 31] = "IRQ",
		[MODE_SVC & 31] = "SVC", [MODE_ABT & 31] = "ABT", [MODE_UND & 31] = "UND",
		[MODE_SYS & 31] = "SYS",
	};
	uint32_t r[SYS_NS_REG_COUNT];
	uint32_t cpsr = cpu->state->regs.cpsr, pa = 0;
	const char *mode = mode_names[cpsr & MODE_MASK];

	if (!diag_allowed(2))
		return;
	for (uint32_t i = 0; i < SYS_NS_REG_COUNT; i++)
		if (reg(cpu, i, &r[i]) != 0)
			r[i] = 0xffffffffu;
	ulog("vcpu %u: %s: %s mode at pc 0x%08x, SCTLR 0x%08x TTBR0 0x%08x TTBR1 0x%08x "
	     "TTBCR 0x%x; DFSR 0x%03x DFAR 0x%08x IFSR 0x%03x IFAR 0x%08x", cpu->id, why,
	     mode ? mode : "?", (unsigned)cpu->state->regs.pc, (unsigned)r[SYS_NS_REG_SCTLR],
	     (unsigned)r[SYS_NS_REG_TTBR0], (unsigned)r[SYS_NS_REG_TTBR1],
	     (unsigned)r[SYS_NS_REG_TTBCR], (unsigned)r[SYS_NS_REG_DFSR],
	     (unsigned)r[SYS_NS_REG_DFAR], (unsigned)r[SYS_NS_REG_IFSR],
	     (unsigned)r[SYS_NS_REG_IFAR]);
	switch (diag_translate(cpu, addr, &pa)) {
	case DIAG_MAPPED:
		ulog("vcpu %u: 0x%08x maps to 0x%08x", cpu->id, (unsigned)addr, (unsigned)pa);
		break;
	case DIAG_MMU_OFF:
		ulog("vcpu %u: MMU off: 0x%08x is physical", cpu->id, (unsigned)addr);
		break;
	case DIAG_UNMAPPED:
		ulog("vcpu %u: 0x%08x is not mapped", cpu->id, (unsigned)addr);
		break;
	default:
		ulog("vcpu %u: the walk of 0x%08x left normal RAM or needs LPAE", cpu->id,
		     (unsigned)addr);
		break;
	}
}
