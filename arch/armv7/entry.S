/*
 * Reset entry of the secure image. QEMU starts every CPU here, at address 0
 * of the secure flash, in secure SVC with the MMU off.
 *
 * CPU 0 copies the kernel into secure RAM, clears .bss and enters
 * kernel_boot_primary() on its boot stack. Every other CPU parks in a pen
 * in flash: it opens its GIC CPU interface and sleeps in WFI until the boot
 * CPU sends PLAT_SGI_RELEASE, then enters kernel_boot_secondary(cpu). The pen
 * waits for an interrupt rather than a flag in RAM because RAM survives a
 * QEMU reset: a stale "go" flag would let a secondary run into a kernel the
 * boot CPU is still copying. The GIC, unlike RAM, is reset.
 */
#include <arch/cpu.h>
#include <plat/memmap.h>
#include <plat/gic_regs.h>
#include "asm-offsets.h"

	.section .boot, "ax"
	.arm
	.global _start
_start:
	cpsid	aif
	mrc	p15, 0, r4, c0, c0, 5		@ MPIDR
	and	r4, r4, #0xff			@ Aff0 = CPU number on virt
	cmp	r4, #0
	bne	secondary_pen

	/* Copy kernel text+rodata, then data, from flash to secure RAM. */
	ldr	r0, =__ktext_start
	ldr	r1, =__ktext_load
	ldr	r2, =__ktext_size
	bl	boot_copy
	ldr	r0, =__kdata_start
	ldr	r1, =__kdata_load
	ldr	r2, =__kdata_size
	bl	boot_copy

	/* Zero .bss. */
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b

	mov	r0, #0
	bl	boot_stack_top			@ r0 = top of CPU 0's stack
	mov	sp, r0
	ldr	pc, =kernel_boot_primary	@ absolute: continue in secure RAM

/* r0 = dst, r1 = src, r2 = bytes (multiple of 4). Uses r3, r12. */
boot_copy:
	add	r12, r1, r2
2:	cmp	r1, r12
	ldrlo	r3, [r1], #4
	strlo	r3, [r0], #4
	blo	2b
	bx	lr

/* r0 = cpu; returns r0 = top of its kernel stack (kernel_stacks[cpu + 1]). */
boot_stack_top:
	ldr	r1, =kernel_stacks
	add	r0, r0, #1
	mov	r2, #KERNEL_STACK_BYTES
	mla	r0, r0, r2, r1
	bx	lr

secondary_pen:
	ldr	r5, =PLAT_GICC_BASE
	ldr	r6, =PLAT_GICD_BASE
	mov	r0, #(1 << PLAT_SGI_RELEASE)
	str	r0, [r6, #GICD_ISENABLER]	@ banked: this CPU's SGI enable
	mov	r0, #0xff
	str	r0, [r5, #GICC_PMR]
	mov	r0, #GICC_CTLR_ENABLE_GRP0
	str	r0, [r5, #GICC_CTLR]		@ group 0 signalled as IRQ (FIQEn = 0)
3:	wfi
	ldr	r0, [r5, #GICC_IAR]
	ldr	r1, =GICC_IAR_ID_MASK
	and	r1, r0, r1
	ldr	r2, =GIC_SPURIOUS
	cmp	r1, r2
	beq	3b
	str	r0, [r5, #GICC_EOIR]
	cmp	r1, #PLAT_SGI_RELEASE
	bne	3b
	mov	r0, r4
	bl	boot_stack_top
	mov	sp, r0
	mov	r0, r4
	ldr	pc, =kernel_boot_secondary
	.ltorg
