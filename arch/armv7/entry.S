/*
 * Reset entry of the secure image. The board starts every CPU here, at the
 * image's first byte in its boot medium (QEMU virt: address 0 of the secure
 * flash), in secure SVC with the MMU off.
 *
 * CPU 0 copies the kernel into secure RAM, clears .bss and enters
 * kernel_boot_primary() on its boot stack. Every other CPU waits in the
 * board's pen until the boot CPU releases it (plat_irq_release_secondaries),
 * then enters kernel_boot_secondary(cpu).
 *
 * The board's side of the reset path (plat/<board>/boot.S), called with
 * the MMU off, no stack, from flash:
 *   plat_cpu_index       r0 = this CPU's index (0 = the boot CPU), from
 *                        MPIDR as the board numbers its CPUs; uses r0-r3 only
 *   plat_secondary_wait  returns once the boot CPU has released this CPU;
 *                        keeps r4-r11
 */
#include "asm-offsets.h"

	.section .boot, "ax"
	.arm
	.global _start
_start:
	cpsid	aif
	bl	plat_cpu_index
	mov	r4, r0				@ r4 = this CPU's index throughout
	cmp	r4, #0
	bne	secondary

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

secondary:
	bl	plat_secondary_wait		@ the board's pen
	mov	r0, r4
	bl	boot_stack_top
	mov	sp, r0
	mov	r0, r4
	ldr	pc, =kernel_boot_secondary
	.ltorg
