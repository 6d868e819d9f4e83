/*
 * Secure kernel exception vectors (VBAR, secure bank) and the return path
 * to secure user threads.
 *
 * Invariant: while a user thread runs, SP_svc points just past that
 * thread's struct arch_context (arch_thread_enter leaves it there). An
 * exception from user mode pushes {pc, cpsr} with srsdb onto SP_svc and the
 * user's r0-r14 below them, so the context is saved in place with no
 * scratch register. The handler then continues on this CPU's kernel stack.
 * Exceptions taken from kernel mode are bugs: they land in the same path,
 * and kernel_exception() panics because the saved CPSR is not user mode;
 * the one exception is an FIQ in a vector's prologue (vec_fiq).
 */
#include <arch/cpu.h>
#include "asm-offsets.h"

	.section .text.vectors, "ax"
	.arm
	.balign 32
	.global kernel_vectors
kernel_vectors:
	b	vec_reset
	b	vec_undef
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	vec_reset			@ unused slot
	b	vec_irq
	b	vec_fiq

/* Save the interrupted user context at SP_svc and load the kernel stack.
 * Leaves r0 = &context, r4 = this CPU's struct cpu. */
.macro save_user_context
	stmdb	sp, {r0-r14}^			@ user r0-r12, sp_usr, lr_usr
	sub	sp, sp, #(CTX_PC)		@ sp = start of the context
	mov	r0, sp
	mrc	p15, 0, r4, c13, c0, 4		@ TPIDRPRW: this CPU
	ldr	sp, [r4, #CPU_KSTACK_TOP]
.endm

vec_svc:
	srsdb	sp!, #MODE_SVC			@ {lr_svc = user pc, spsr = user cpsr}
	cpsid	if
vec_svc_masked:					@ (vec_fiq: FIQs may come before this,
						@ from kernel_vectors + 8 on)
	save_user_context
	b	kernel_syscall

vec_undef:
	srsdb	sp!, #MODE_SVC
	cpsid	if, #MODE_SVC
	save_user_context
	mov	r1, #ARCH_EXC_UNDEF_ASM
	b	kernel_exception

vec_pabt:
	sub	lr, lr, #4
	srsdb	sp!, #MODE_SVC
	cpsid	if, #MODE_SVC
	save_user_context
	mov	r1, #ARCH_EXC_PABT_ASM
	b	kernel_exception

vec_dabt:
	sub	lr, lr, #8
	srsdb	sp!, #MODE_SVC
	cpsid	if, #MODE_SVC
	save_user_context
	mov	r1, #ARCH_EXC_DABT_ASM
	b	kernel_exception

vec_irq:
	sub	lr, lr, #4
	srsdb	sp!, #MODE_SVC
	cpsid	if, #MODE_SVC
	save_user_context
	mov	r1, #ARCH_EXC_IRQ_ASM
	b	kernel_exception

/* An FIQ (a secure interrupt) that interrupted a user thread is handled
 * like any exception from user mode. One in secure SVC came in a window
 * the kernel opened outside its lock (arch_fiq_open: the log's copy and
 * drain): it is handled in place, on the interrupted code's stack, by
 * kernel_fiq_window (under the kernel lock if that is free), and the
 * window's code resumes with CPSR.F set, so arch_fiq_deferred() tells it
 * to stop (a thread the interrupt woke may run next). Taking an SVC,
 * undefined-instruction or abort exception leaves CPSR.F clear, so an FIQ
 * can also arrive in those vectors' first instructions, before their
 * cpsid, the vector table's branch included: that one is only deferred,
 * never handled on a stack that is not yet the kernel's (SP_svc still
 * points into the thread's saved context there: an FIQ taken at the SVC
 * slot's branch and handled in place corrupted kernel data). It stays
 * pending in the GIC; returning with F set in the interrupted CPSR lets
 * the vector finish, and the FIQ is taken as soon as the kernel unmasks
 * FIQ again, on its way to a thread or the normal world. r8 is FIQ mode's
 * own (the monitor saves the normal world's FIQ r8-r12 on every exit). */
vec_fiq:
	mrs	r8, spsr
	and	r8, r8, #MODE_MASK
	cmp	r8, #MODE_USR
	bne	fiq_kernel
	sub	lr, lr, #4
	srsdb	sp!, #MODE_SVC
	cpsid	if, #MODE_SVC
	save_user_context
	mov	r1, #ARCH_EXC_FIQ_ASM
	b	kernel_exception

fiq_kernel:
	cmp	r8, #MODE_SVC
	bne	fiq_defer			@ an UND or ABT vector's first instruction
	ldr	r8, =kernel_vectors
	sub	r8, lr, r8			@ lr = the interrupted instruction + 4
	cmp	r8, #(vec_svc_masked - kernel_vectors)
	bls	fiq_defer			@ the SVC's way in: SP_svc is a thread's
	sub	lr, lr, #4
	mrs	r8, spsr
	orr	r8, r8, #PSR_F			@ the window sees it: it stops
	msr	spsr_fsxc, r8
	srsdb	sp!, #MODE_SVC			@ {pc, cpsr} on the interrupted stack
	cps	#MODE_SVC			@ I and F stay set
	push	{r0-r4, r12, lr}		@ what a C call may change, and r4
	mov	r4, sp
	bic	sp, sp, #7			@ AAPCS: 8-byte aligned at the call
	bl	kernel_fiq_window
	mov	sp, r4
	pop	{r0-r4, r12, lr}
	clrex					@ the window's ldrex, if any, is void
	rfeia	sp!

fiq_defer:
	mrs	r8, spsr
	orr	r8, r8, #PSR_F
	msr	spsr_fsxc, r8
	subs	pc, lr, #4			@ back into the vector, FIQ masked

vec_reset:
	mov	r0, #0
	mov	r1, #0
	b	kernel_exception

/* void arch_thread_enter(struct arch_context *ctx): restore and return to USR. */
	.global arch_thread_enter
arch_thread_enter:
	mov	sp, r0
	ldmia	sp, {r0-r14}^			@ user r0-r12, sp_usr, lr_usr
	add	sp, sp, #(CTX_PC)
	rfeia	sp!				@ pc, cpsr; SP_svc ends past the context
