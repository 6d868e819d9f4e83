/*
 * Where PSCI CPU_ON starts a secondary CPU of the test guest: NS SVC, MMU
 * off, r0 = context id. It records the context id and a count, then turns
 * itself off with PSCI CPU_OFF, which must not return.
 */
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
 * storm_entry (r0 = count): CPU 1 raises secure SGI 10 at CPU 0 r0 times by
 * writing GICD_SGIR from the normal world (QEMU's GICv2 does not stop a
 * non-secure write from raising a group-0 SGI), counts them in storm_sent,
 * then turns itself off.
 */
	.text
	.global storm_entry
storm_entry:
	ldr	r1, =0x08000f00			@ GICD_SGIR (QEMU virt)
	ldr	r2, =((1 << 16) | 10)		@ target list: CPU 0; SGI 10
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
