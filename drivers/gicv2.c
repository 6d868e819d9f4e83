/*
 * GICv2 with the Security Extensions, as the secure world sets it up:
 * every interrupt is group 1 (the normal world's, signalled as IRQ and
 * never trapped) except the secure ones, which are group 0 and signalled as
 * FIQ. IGROUPR0 (SGIs and PPIs) and the CPU interface are banked, so each
 * CPU sets up its own.
 *
 * Priorities: the secure interrupts run at 0x00, every group-1 interrupt at
 * NORMAL_PRIORITY or lower. The normal world cannot raise a group-1
 * interrupt above 0x80 afterwards: its writes to GICD_IPRIORITYR are
 * shifted into the lower half (value >> 1 | 0x80, GICv2 4.4.2), and it
 * cannot write group-0 priorities at all. So a group-1 interrupt the normal
 * world acknowledges and never ends, or keeps pending, can never hold off
 * a secure one (GICv2 preempts only on a strictly higher priority, and a
 * tie goes to the lower interrupt number). At reset every priority is 0.
 */
#include <drivers/gicv2.h>

#define SECURE_PRIORITY 0x00u
#define NORMAL_PRIORITY 0x80u
/* Masked by priority, not by its enable bit: GICv2 leaves it to the
 * implementation whether SGIs can be disabled at all, and QEMU's cannot.
 * At MASKED_PRIORITY an interrupt is never signalled, as no priority mask
 * lets it through (it must be strictly higher than GICC_PMR). */
#define MASKED_PRIORITY 0xffu
#define PRIORITY_X4(p)  ((p) * 0x01010101u)   /* four byte-wide fields */

static uint32_t lines(uintptr_t dist)
{
	return ((mmio_read32(dist + GICD_TYPER) & 0x1fu) + 1u) * 32u;
}

unsigned gicv2_ncpus(uintptr_t dist)
{
	return ((mmio_read32(dist + GICD_TYPER) >> 5) & 0x7u) + 1u;
}

void gicv2_init_dist(uintptr_t dist)
{
	uint32_t n = lines(dist);

	mmio_write32(dist + GICD_CTLR, 0);
	for (uint32_t i = 32; i < n; i += 32)
		mmio_write32(dist + GICD_IGROUPR + i / 8u, 0xffffffffu);
	/* SPIs, shared: once. */
	for (uint32_t i = 32; i < n; i += 4)
		mmio_write32(dist + GICD_IPRIORITYR + i, PRIORITY_X4(NORMAL_PRIORITY));
	mmio_write32(dist + GICD_CTLR, GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1);
}

/* One byte-wide priority field, by a byte access (the GIC's priority and
 * target registers are byte-accessible): a read-modify-write of its word
 * could undo what the normal world wrote meanwhile to a neighbour of its own. */
static void set_priority(uintptr_t dist, uint32_t intid, uint32_t prio)
{
	mmio_write8(dist + GICD_IPRIORITYR + intid, (uint8_t)prio);
}

/* Forgets the active priorities this CPU's interface remembers from before
 * a reset. QEMU's GIC models clear the active bits on a machine reset but
 * not the active priorities (GICC_APRn, which a GICv1 such as the A9's
 * does not let software write), and the next end of an interrupt takes
 * the running priority from them: the IPI a stopped Linux never ended at
 * its reboot would hold off every normal-world interrupt of the next boot
 * (the sabrelite). So: one secure SGI to this CPU, taken and ended, which
 * brings any remembered priority back as the running one; then each end
 * of a group-1 ID (SGI 0, which is not active) drops one, until the
 * interface is idle (GICC_RPR 0xff). On a GIC with nothing remembered the
 * loop does not run. Called with interrupts masked at the CPU, after the
 * interface is enabled. */
static void drop_stale_priorities(uintptr_t dist, uintptr_t cpu, uint32_t sgi)
{
	uint32_t iar;

	mmio_write32(dist + GICD_SGIR, GICD_SGIR_SELF | sgi);
	mmio_barrier();
	for (unsigned n = 0; n < 64; n++) {
		iar = mmio_read32(cpu + GICC_IAR);
		if ((iar & GICC_IAR_ID_MASK) == sgi) {
			mmio_write32(cpu + GICC_EOIR, iar);
			break;
		}
		if ((iar & GICC_IAR_ID_MASK) < 1020u)
			mmio_write32(cpu + GICC_EOIR, iar);   /* not ours: ended too */
	}
	for (unsigned n = 0; n < 32 && (mmio_read32(cpu + GICC_RPR) & 0xffu) != 0xffu; n++)
		mmio_write32(cpu + GICC_EOIR, 0);
}

void gicv2_init_cpu(uintptr_t dist, uintptr_t cpu, uint32_t secure, uint32_t enable)
{
	mmio_write32(dist + GICD_IGROUPR, ~secure);
	/* SGIs and PPIs are banked: each CPU, whenever it comes up (also after
	 * a reset of the machine, which resets the GIC). */
	for (uint32_t i = 0; i < 32; i += 4) {
		uint32_t word = 0;

		for (uint32_t b = 0; b < 4; b++)
			word |= ((secure >> (i + b)) & 1u ? SECURE_PRIORITY : NORMAL_PRIORITY)
				<< (8u * b);
		mmio_write32(dist + GICD_IPRIORITYR + i, word);
	}
	mmio_write32(dist + GICD_ISENABLER, enable);
	mmio_write32(cpu + GICC_PMR, 0xffu);
	mmio_write32(cpu + GICC_BPR, 0);
	mmio_write32(cpu + GICC_CTLR,
		     GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_ENABLE_GRP1 | GICC_CTLR_FIQEN);
	drop_stale_priorities(dist, cpu, 31u - (uint32_t)__builtin_clz(secure & enable & 0xffffu));
}

void gicv2_mask(uintptr_t dist, uint32_t intid)
{
	set_priority(dist, intid, MASKED_PRIORITY);
	mmio_barrier();
}

void gicv2_unmask(uintptr_t dist, uint32_t intid)
{
	if (intid >= 32u) {
		/* A shared peripheral interrupt: secure (group 0), and to this
		 * CPU (ITARGETSR0's fields read as this CPU's own bit, GICv2
		 * 4.3.12). */
		uintptr_t group = dist + GICD_IGROUPR + (intid / 32u) * 4u;

		mmio_write32(group, mmio_read32(group) & ~(1u << (intid % 32u)));
		mmio_write8(dist + GICD_ITARGETSR + intid, mmio_read8(dist + GICD_ITARGETSR));
	}
	set_priority(dist, intid, SECURE_PRIORITY);
	mmio_write32(dist + GICD_ISENABLER + (intid / 32u) * 4u, 1u << (intid % 32u));
}

/* Pending in the distributor: the normal world's own enable, priority and
 * target decide where and whether it is taken, as for any of its SPIs. */
void gicv2_set_pending(uintptr_t dist, uint32_t intid)
{
	mmio_barrier();   /* what it signals is visible first */
	mmio_write32(dist + GICD_ISPENDR + (intid / 32u) * 4u, 1u << (intid % 32u));
}

void gicv2_send_sgi(uintptr_t dist, uint32_t target_list_bits, uint32_t sgi)
{
	mmio_barrier();
	mmio_write32(dist + GICD_SGIR, target_list_bits | sgi);
}

/* WFI wakes on any interrupt signalled to the CPU, masked in the CPSR or
 * not: a group-1 interrupt pending for an idle CPU whose vCPU is off (one
 * GICD_SGIR write from the normal world) would make the idle loop spin,
 * taking the kernel lock every other CPU's SMC needs. The priority mask
 * hides group 1 (NORMAL_PRIORITY and below) during the wait; the normal
 * world's own mask is put back after it. */
uint32_t gicv2_idle_begin(uintptr_t cpu)
{
	uint32_t pmr = mmio_read32(cpu + GICC_PMR);

	mmio_write32(cpu + GICC_PMR, NORMAL_PRIORITY);
	mmio_barrier();
	return pmr;
}

void gicv2_idle_end(uintptr_t cpu, uint32_t saved)
{
	mmio_write32(cpu + GICC_PMR, saved);
}
