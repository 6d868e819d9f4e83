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
