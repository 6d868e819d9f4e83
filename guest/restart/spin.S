/*
 * The restart guest's second CPU: calls TZVMM_SMC_ECHO for ever, so that
 * a VMM fault on CPU 0 finds VMM thread 1 busy on CPU 1 (running, or
 * about to enter the kernel) and has to stop it there. Needs no stack.
 */
	.text
	.arm
	.arch_extension sec
	.global restart_spin
restart_spin:
1:	ldr	r0, =0x86000001		@ TZVMM_SMC_ECHO
	mov	r1, #1
	smc	#0
	b	1b
	.ltorg
