/*
 * Normal-world guest entry: NS SVC, MMU off. Sets stacks for SVC, ABT and
 * UND, installs the vectors (VBAR, NS bank), clears .bss, readies the
 * board's UART (guest_console_init) and calls main().
 * Aborts and undefined instructions are recorded in guest_exc and skipped,
 * so tests can check that an access was refused.
 */
	.section .text.start, "ax"
	.arm
	.global _start
_start:
	ldr	sp, =__stack_top
	cps	#0x17				@ ABT
	ldr	sp, =__abt_stack_top
	cps	#0x1b				@ UND
	ldr	sp, =__und_stack_top
	cps	#0x13				@ SVC
	ldr	r0, =guest_vectors
	mcr	p15, 0, r0, c12, c0, 0		@ VBAR
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	bl	guest_console_init
	bl	main
2:	wfi
	b	2b

	.balign 32
	.global guest_vectors
guest_vectors:
	b	.				@ reset
	b	vec_undef
	b	.				@ svc
	b	vec_pabt
	b	vec_dabt
	b	.
	b	.				@ irq
	b	.				@ fiq: never (secure FIQs go to the monitor)

/* guest_exc = { count, kind, fsr, far, pc } */
vec_dabt:
	push	{r0, r1}
	ldr	r0, =guest_exc
	mov	r1, #3
	str	r1, [r0, #4]
	mrc	p15, 0, r1, c5, c0, 0		@ DFSR
	str	r1, [r0, #8]
	mrc	p15, 0, r1, c6, c0, 0		@ DFAR
	str	r1, [r0, #12]
	sub	r1, lr, #8
	str	r1, [r0, #16]
	ldr	r1, [r0]
	add	r1, r1, #1
	str	r1, [r0]
	pop	{r0, r1}
	subs	pc, lr, #4			@ skip the faulting instruction

vec_pabt:
	ldr	sp, =__abt_stack_top
	ldr	r0, =guest_exc
	mov	r1, #2
	str	r1, [r0, #4]
	b	.				@ no test expects a prefetch abort

vec_undef:
	push	{r0, r1}
	ldr	r0, =guest_exc
	mov	r1, #1
	str	r1, [r0, #4]
	mov	r1, #0
	str	r1, [r0, #8]
	str	r1, [r0, #12]
	sub	r1, lr, #4
	str	r1, [r0, #16]
	ldr	r1, [r0]
	add	r1, r1, #1
	str	r1, [r0]
	pop	{r0, r1}
	movs	pc, lr				@ lr = the next instruction (ARM state)
	.ltorg
