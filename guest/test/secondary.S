/*
 * Where PSCI CPU_ON starts a secondary CPU of the test guest: NS SVC, MMU
 * off, r0 = context id. It records the context id and a count, then turns
 * itself off with PSCI CPU_OFF, which must not return.
 */
#include <plat/nsview.h>

	.text
	.arm
	.arch_extension sec
	.global secondary_entry
secondary_entry:
	ldr	sp, =secondary_stack_top
	ldr	r1, =secondary_context
	str	r0, [r1]
	ldr	r1, =secondary_starts
	ldr	r2, [r1]
	add	r2, r2, #1
	dmb
	str	r2, [r1]
	dsb
	ldr	r0, =0x84000002			@ PSCI_CPU_OFF
	smc	#0
	ldr	r1, =secondary_off_returned	@ CPU_OFF must not return
	str	r0, [r1]
1:	wfi
	b	1b
	.ltorg

	.bss
	.balign 8
	.space	1024
secondary_stack_top:

/*
 * storm_entry (r0 = SGI << 16 | count): CPU 1 raises secure SGI `SGI` at
 * CPU 0 `count` times by writing GICD_SGIR from the normal world (QEMU's
 * GICv2 does not stop a non-secure write from raising a group-0 SGI),
 * counts them in storm_sent, then turns itself off.
 */
	.text
	.global storm_entry
storm_entry:
	ldr	r1, =PLAT_NS_GICD_BASE + 0xf00	@ GICD_SGIR
	lsr	r2, r0, #16
	orr	r2, r2, #(1 << 16)		@ target list: CPU 0
	lsl	r0, r0, #16
	lsr	r0, r0, #16			@ count
	ldr	r3, =storm_sent
1:	str	r2, [r1]
	ldr	r12, [r3]
	add	r12, r12, #1
	str	r12, [r3]
	subs	r0, r0, #1
	bne	1b
	dsb
	ldr	r0, =0x84000002			@ PSCI_CPU_OFF
	smc	#0
2:	wfi
	b	2b
	.ltorg

/*
 * gic_off_entry (r0 = 1 or 0): CPU 1 opens (1) or closes (0) its GIC CPU
 * interface to SGI 1 (group 1, the normal world's own) and clears any SGI
 * pending for it, then turns itself off: with 1, an SGI sent to it later
 * stays pending while it is off.
 */
	.global gic_off_entry
gic_off_entry:
	ldr	r1, =PLAT_NS_GICD_BASE		@ GICD
	ldr	r2, =PLAT_NS_GICC_BASE		@ GICC
	mov	r3, #0xff
	str	r3, [r2, #0x004]		@ GICC_PMR
	mov	r3, #0xff
	str	r3, [r1, #0xf10]		@ GICD_CPENDSGIR0: SGIs 0-3 from any CPU
	mov	r3, #(1 << 1)
	cmp	r0, #0
	strne	r3, [r1, #0x100]		@ GICD_ISENABLER0: SGI 1
	streq	r3, [r1, #0x180]		@ GICD_ICENABLER0
	str	r0, [r2, #0x000]		@ GICC_CTLR: group 1 on or off
	dsb
	ldr	r0, =0x84000002			@ PSCI_CPU_OFF
	smc	#0
1:	wfi
	b	1b
	.ltorg
