/*
 * The board's side of the reset path (arch/armv7/entry.S): run from flash
 * with the MMU off and no stack, before the kernel exists.
 */
#include <plat/memmap.h>
#include <drivers/gicv2.h>

	.section .boot.plat, "ax"
	.arm

/* r0 = this CPU's index. Every board so far (QEMU virt, the i.MX6 SoCs)
 * numbers its CPUs 0..n-1 in MPIDR.Aff0, with the higher affinity levels 0.
 * Uses r0 only. */
	.global plat_cpu_index
plat_cpu_index:
	mrc	p15, 0, r0, c0, c0, 5		@ MPIDR
	and	r0, r0, #0xff
	bx	lr

/*
 * The secondary CPUs' pen: opens this CPU's GIC interface to PLAT_SGI_RELEASE
 * alone and sleeps in WFI until that SGI arrives, which the boot CPU sends
 * (plat_irq_release_secondaries) once the kernel is in secure RAM. It waits
 * for an interrupt rather than a flag in RAM because RAM survives a QEMU
 * reset: a stale "go" flag would let a secondary run into a kernel the
 * boot CPU is still copying. The GIC, unlike RAM, is reset. Uses r0-r3, r12.
 */
	.global plat_secondary_wait
plat_secondary_wait:
#ifdef PLAT_SECONDARY_START
	bx	lr		@ started by the SRC once the kernel is ready
#endif
	ldr	r2, =PLAT_GICC_BASE
	ldr	r3, =PLAT_GICD_BASE
	mov	r0, #(1 << PLAT_SGI_RELEASE)
	str	r0, [r3, #GICD_ISENABLER]	@ banked: this CPU's SGI enable
	mov	r0, #0xff
	str	r0, [r2, #GICC_PMR]
	mov	r0, #GICC_CTLR_ENABLE_GRP0
	str	r0, [r2, #GICC_CTLR]		@ group 0 signalled as IRQ (FIQEn = 0)
1:	wfi
	ldr	r0, [r2, #GICC_IAR]
	ldr	r1, =GICC_IAR_ID_MASK
	and	r1, r0, r1
	ldr	r12, =GIC_SPURIOUS
	cmp	r1, r12
	beq	1b
	str	r0, [r2, #GICC_EOIR]
	cmp	r1, #PLAT_SGI_RELEASE
	bne	1b
	bx	lr
	.ltorg
