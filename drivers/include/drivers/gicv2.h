/*
 * GICv2 with the Security Extensions (ARM IHI 0048B), the secure world's
 * side: register offsets and bits (plain #defines, so that a board's boot
 * pen in assembly can use them too), and the operations, each given the
 * distributor's and/or CPU interface's base. How tzvmm uses it (groups,
 * priorities) is said in drivers/gicv2.c.
 */
#ifndef DRIVERS_GICV2_H
#define DRIVERS_GICV2_H

#define GICD_CTLR        0x000
#define GICD_TYPER       0x004
#define GICD_IGROUPR     0x080
#define GICD_ISENABLER   0x100
#define GICD_ICENABLER   0x180
#define GICD_ISPENDR     0x200
#define GICD_ICPENDR     0x280
#define GICD_IPRIORITYR  0x400
#define GICD_ITARGETSR   0x800
#define GICD_SGIR        0xf00

#define GICD_CTLR_ENABLE_GRP0  0x1
#define GICD_CTLR_ENABLE_GRP1  0x2

#define GICC_CTLR        0x000
#define GICC_PMR         0x004
#define GICC_BPR         0x008
#define GICC_IAR         0x00c
#define GICC_EOIR        0x010
#define GICC_RPR         0x014

#define GICC_CTLR_ENABLE_GRP0  0x1
#define GICC_CTLR_ENABLE_GRP1  0x2
#define GICC_CTLR_FIQEN        0x8

#define GICC_IAR_ID_MASK 0x3ff
#define GIC_SPURIOUS     1023

#define GICD_SGIR_TARGET_LIST   (0u << 24)
#define GICD_SGIR_ALL_BUT_SELF  (1u << 24)
#define GICD_SGIR_SELF          (2u << 24)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>
#include <drivers/mmio.h>

#define GICV2_NONE 0xffffffffu

unsigned gicv2_ncpus(uintptr_t dist);
/* Every SPI group 1 at the normal priority; both groups enabled. */
void gicv2_init_dist(uintptr_t dist);
/* This CPU's banked part: the SGIs and PPIs of `secure` (a bit per INTID
 * 0-31) group 0 at the secure priority, the rest group 1; `enable` of them
 * enabled (at least one SGI among them); the CPU interface on, group 0 as
 * FIQ. With interrupts masked at the CPU. */
void gicv2_init_cpu(uintptr_t dist, uintptr_t cpu, uint32_t secure, uint32_t enable);
void gicv2_mask(uintptr_t dist, uint32_t intid);
/* Group 0 at the secure priority, enabled; an SPI is routed to this CPU. */
void gicv2_unmask(uintptr_t dist, uint32_t intid);
void gicv2_set_pending(uintptr_t dist, uint32_t intid);
void gicv2_send_sgi(uintptr_t dist, uint32_t target_list_bits, uint32_t sgi);
uint32_t gicv2_idle_begin(uintptr_t cpu);
void gicv2_idle_end(uintptr_t cpu, uint32_t saved);

/* The acknowledge and end of the FIQ path: inline, every instruction of
 * which counts (make bench's fiq_latency_insns). The group-0 interrupt
 * acknowledged, its INTID, or GICV2_NONE when the highest pending one is
 * group 1 (1022) or nothing is pending (1023); *token is what eoi needs. */
static inline uint32_t gicv2_ack(uintptr_t cpu, uint32_t *token)
{
	uint32_t iar = mmio_read32(cpu + GICC_IAR);
	uint32_t id = iar & GICC_IAR_ID_MASK;

	if (id >= 1020u)
		return GICV2_NONE;
	*token = iar;   /* bits 12:10 name the CPU that sent an SGI */
	return id;
}

static inline void gicv2_eoi(uintptr_t cpu, uint32_t token)
{
	mmio_write32(cpu + GICC_EOIR, token);
}
#endif

#endif
