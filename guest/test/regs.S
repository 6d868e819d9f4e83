/*
 * Register round trips through an SMC. Every general-purpose and banked
 * register is loaded with a distinct pattern (sp and lr of SVC included),
 * so no stack is usable between loading and storing; the output pointer
 * and the caller's sp live in memory, and r0 is stashed in TPIDRPRW (a
 * normal-world PL1-only register) while the others are stored.
 */
#include "regs-offsets.h"

	.text
	.arm
	.arch_extension sec
	.global regs_smc_roundtrip
regs_smc_roundtrip:			@ r0 = in, r1 = out
	push	{r4-r12, lr}
	ldr	r2, =rt_sp
	str	sp, [r2]
	ldr	r2, =rt_out
	str	r1, [r2]

	add	r2, r0, #R_USR_SP
	cps	#0x1f
	ldmia	r2, {sp, lr}
	add	r2, r0, #R_ABT
	cps	#0x17
	ldmia	r2, {r3, sp, lr}
	msr	spsr_cxsf, r3
	add	r2, r0, #R_UND
	cps	#0x1b
	ldmia	r2, {r3, sp, lr}
	msr	spsr_cxsf, r3
	add	r2, r0, #R_IRQ
	cps	#0x12
	ldmia	r2, {r3, sp, lr}
	msr	spsr_cxsf, r3
	add	r2, r0, #R_FIQ
	cps	#0x11
	ldmia	r2, {r3, r8-r12, sp, lr}
	msr	spsr_cxsf, r3
	cps	#0x13
	ldr	r3, [r0, #R_SVC_SPSR]
	msr	spsr_cxsf, r3
	ldr	r3, [r0, #R_FLAGS]
	msr	cpsr_f, r3
	ldmia	r0, {r0-r14}			@ r0 = function id; sp, lr = patterns
	smc	#0
	mcr	p15, 0, r0, c13, c0, 4		@ stash r0 (TPIDRPRW)
	ldr	r0, =rt_out
	ldr	r0, [r0]
	add	r0, r0, #4
	stmia	r0, {r1-r14}
	sub	r0, r0, #4
	mrs	r1, cpsr
	and	r1, r1, #0xf0000000
	str	r1, [r0, #R_FLAGS]
	mrc	p15, 0, r1, c13, c0, 4
	str	r1, [r0]
	mrs	r3, spsr
	str	r3, [r0, #R_SVC_SPSR]

	add	r2, r0, #R_USR_SP
	cps	#0x1f
	stmia	r2, {sp, lr}
	add	r2, r0, #R_ABT
	cps	#0x17
	mrs	r3, spsr
	stmia	r2, {r3, sp, lr}
	add	r2, r0, #R_UND
	cps	#0x1b
	mrs	r3, spsr
	stmia	r2, {r3, sp, lr}
	add	r2, r0, #R_IRQ
	cps	#0x12
	mrs	r3, spsr
	stmia	r2, {r3, sp, lr}
	add	r2, r0, #R_FIQ
	cps	#0x11
	mrs	r3, spsr
	stmia	r2, {r3, r8-r12, sp, lr}
	cps	#0x13

	/* Give ABT/UND their real stacks back for later tests. */
	cps	#0x17
	ldr	sp, =__abt_stack_top
	cps	#0x1b
	ldr	sp, =__und_stack_top
	cps	#0x13
	ldr	r2, =rt_sp
	ldr	sp, [r2]
	pop	{r4-r12, pc}

	.fpu	neon-vfpv4
	.global vfp_enable
vfp_enable:
	mrc	p15, 0, r0, c1, c0, 2		@ CPACR: full access to CP10/CP11
	orr	r0, r0, #(0xf << 20)
	mcr	p15, 0, r0, c1, c0, 2
	isb
	mov	r0, #(1 << 30)			@ FPEXC.EN
	vmsr	fpexc, r0
	bx	lr

	.global vfp_smc_roundtrip
vfp_smc_roundtrip:			@ r0 = id, r1 = in, r2 = out
	push	{r4-r7, lr}
	vldmia	r1!, {d0-d15}
	vldmia	r1!, {d16-d31}
	ldr	r3, [r1]
	vmsr	fpscr, r3
	mov	r4, r2
	mov	r1, #0
	mov	r2, #0
	mov	r3, #0
	smc	#0
	vstmia	r4!, {d0-d15}
	vstmia	r4!, {d16-d31}
	vmrs	r3, fpscr
	str	r3, [r4]
	pop	{r4-r7, pc}

	.bss
	.balign 4
rt_sp:	.space 4
rt_out:	.space 4
	.ltorg
