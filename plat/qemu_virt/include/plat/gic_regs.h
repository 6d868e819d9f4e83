/*
 * GICv2 register offsets and bits (ARM IHI 0048B) used by the secure world.
 * Plain #defines so the boot pen in assembly can use them too.
 */
#ifndef PLAT_GIC_REGS_H
#define PLAT_GIC_REGS_H

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

#define GICC_CTLR_ENABLE_GRP0  0x1
#define GICC_CTLR_ENABLE_GRP1  0x2
#define GICC_CTLR_FIQEN        0x8

#define GICC_IAR_ID_MASK 0x3ff
#define GIC_SPURIOUS     1023

#define GICD_SGIR_TARGET_LIST   (0u << 24)
#define GICD_SGIR_ALL_BUT_SELF  (1u << 24)

#endif
