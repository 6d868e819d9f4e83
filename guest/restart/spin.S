/*
 * The restart guest's other CPUs: each counts its heartbeat (the word at
 * r0, its CPU_ON context id) and calls TZVMM_SMC_ECHO for ever, so that a
 * VMM fault on CPU 0 finds VMM threads busy on other CPUs (running, or
 * about to enter the kernel) and vCPUs in the normal world, and has to
 * stop them there. Needs no stack.
 */
	.text
	.arm
	.arch_extension sec
	.global restart_spin
restart_spin:
	mov	r4, r0				@ the heartbeat word
1:	ldr	r2, [r4]
	add	r2, r2, #1
	str	r2, [r4]
	ldr	r0, =0x86000001		@ TZVMM_SMC_ECHO
	mov	r1, #1
	smc	#0
	b	1b
	.ltorg
