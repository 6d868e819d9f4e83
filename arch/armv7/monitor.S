/*
 * The world switch: the only code in tzvmm that runs in monitor mode.
 *
 * Exit (normal world -> kernel), entered through MVBAR:
 *   smc from the normal world -> mon_smc; secure FIQ while it runs -> mon_fiq.
 *   SP_mon points at the running vCPU's struct vcpu_state (set on entry).
 *   1. save r0-r12, the return pc and cpsr, and the banked sp/lr/spsr of
 *      USR/SYS, SVC, ABT, UND, IRQ and FIQ (plus FIQ r8-r12);
 *   2. save the normal world's PMCR and set PMCR.DP (first thing after
 *      r0-r12) so the secure world's execution is not counted by the normal
 *      world's cycle counter; it is restored as the last step of entry;
 *   3. clrex, invalidate the branch predictor (ICIALLU covers it on A15
 *      and A7; a Cortex-A8/A9 board builds with ARCH_BP_BPIALL, its
 *      board.mk's BOARD_ARCH_FLAGS, for BPIALL);
 *   4. switch to secure SVC on this CPU's kernel stack and branch to
 *      kernel_vcpu_exit(reason) (through kernel_vcpu_exit_entry, the
 *      tracer's point, kernel/tracepoints.h). Monitor mode ends there.
 *   SCR.NS is cleared right after r0-r12 are saved, before the first mode
 *   change: a mode change in monitor mode with SCR.NS = 1 enters the normal
 *   world.
 *
 * Entry (kernel -> normal world): arch_vcpu_enter(state, cpsr), called
 * in secure SVC, switches to monitor mode, restores every register from the
 * state block (so no secure value survives in any register the normal world
 * can read), sets SCR for the normal world and returns with movs pc, lr.
 * The cpsr comes in r1, sanitised by the kernel, never read from the block
 * the VMM can write.
 *
 * Offsets come from asm-offsets.h, generated from include/tzvmm/vcpu_state.h.
 */
#include <arch/cpu.h>
#include <tzvmm/cpu_state.h>
#include "asm-offsets.h"

	.section .text.monitor, "ax"
	.arm
	.balign 32
	.global monitor_vectors
monitor_vectors:
	b	mon_bad				@ reset
	b	mon_bad				@ undefined instruction
	b	mon_smc_entry			@ smc
	b	mon_bad				@ prefetch abort
	b	mon_bad				@ data abort
	b	mon_bad				@ unused
	b	mon_bad				@ irq (SCR.IRQ = 0: never routed here)
mon_fiq:
	sub	lr, lr, #4			@ resume at the interrupted instruction
	stmia	sp, {r0-r12}			@ sp = &vcpu_state.regs.r[0]
	mov	r0, #VCPU_EXIT_FIQ
	b	mon_save

/* The SMC vector goes to mon_smc_entry: mon_smc itself in the production
 * image; the test image links arch/armv7/testhooks/bench_floor.S, whose
 * strong mon_smc_entry answers the benchmark-floor id first. */
	.weak	mon_smc_entry
	.set	mon_smc_entry, mon_smc
mon_smc:
	stmia	sp, {r0-r12}			@ and on into mon_smc_fast

/* The fast path: a pure query the kernel's frozen table answers (struct
 * fastpath_table, kernel/fastpath.c: the VMM's answers, checked by the
 * kernel) goes back to the normal world from here, in some 35
 * instructions, with nothing else saved and SCR untouched. Monitor mode
 * only walks data the kernel built and froze: id and a1 are compared, the
 * bucket's bounds come from the table (the hash is 5 bits: never out of
 * it); r4-r12 come back from the saved copy, r0-r3 from the entry, so no
 * secure value reaches the normal world. Its PMCCNTR counts these
 * instructions (PMCR.DP is set only on the full exit; docs/world-switch.md).
 * The traced image's SMC vector skips it (arch/armv7/tracehooks/), so that
 * the kernel answers and the tracer records it. */
	.global	mon_smc_fast
mon_smc_fast:					@ r0-r12 saved; r0 = id, r1 = a1
	ldr	r4, =fastpath_table
	ldr	r5, =FP_HASH_MUL
	ldr	r6, [r4, #FP_FILTER]
	mul	r5, r0, r5
	lsr	r5, r5, #FP_HASH_SHIFT		@ h: the id's bucket
	lsls	r6, r6, r5			@ its filter bit (31 - h) into N
	bpl	mon_smc_saved			@ an empty bucket: the usual miss
	add	r6, r4, r5
	ldrb	r7, [r6, #FP_FIRST]		@ i = first[h]
	ldrb	r8, [r6, #FP_FIRST + 1]		@ end = first[h + 1]
	mov	r9, #FPE_SIZE
	mla	r6, r7, r9, r4
	add	r6, r6, #FP_E			@ r6 = &e[i]
1:	cmp	r7, r8
	bhs	mon_smc_saved			@ not in its bucket
	ldr	r9, [r6, #FPE_ID]
	cmp	r9, r0
	bne	2f
	ldr	r9, [r6, #FPE_FLAGS]
	tst	r9, #FPE_MATCH_A1
	beq	3f
	ldr	r9, [r6, #FPE_A1]
	cmp	r9, r1
	beq	3f
2:	add	r7, r7, #1
	add	r6, r6, #FPE_SIZE
	b	1b
3:	ldr	r9, [sp, #VCPU_FAST_ANSWERS]
	add	r9, r9, #1
	str	r9, [sp, #VCPU_FAST_ANSWERS]
	add	r6, r6, #FPE_R
	ldmia	r6, {r0-r3}			@ the answer
	add	r4, sp, #16
	ldmia	r4, {r4-r12}			@ the caller's own
	movs	pc, lr				@ ---- normal world ----

	.global	mon_smc_saved
mon_smc_saved:					@ r0-r12 saved, any may be reused
	mov	r0, #VCPU_EXIT_SMC

	/* r0 = exit reason; r0-r12 saved; lr_mon = return pc.
	 * SCR.NS must be 0 before any mode change: leaving monitor mode with
	 * NS = 1 would put the CPU in the normal world, running secure code. */
mon_save:
	mrc	p15, 0, r2, c9, c12, 0		@ PMCR (not banked): first, so the
	str	r2, [sp, #VCPU_PMCR]		@ normal world's cycle counter stops
	orr	r2, r2, #PMCR_DP		@ before any secure work is done
	mcr	p15, 0, r2, c9, c12, 0
	mov	r2, #SCR_SECURE_RUN
	mcr	p15, 0, r2, c1, c1, 0		@ SCR.NS = 0: secure from here on
	isb
	/* The banked registers follow r0-r12 in the state block in exactly
	 * this order (kernel/asm_offsets_check.c asserts it), so one pointer
	 * with writeback walks them. */
	add	r1, sp, #VCPU_SP_USR
	cps	#MODE_SYS
	stmia	r1!, {sp, lr}
	cps	#MODE_SVC
	mrs	r2, spsr
	stmia	r1!, {r2, sp, lr}
	cps	#MODE_ABT
	mrs	r2, spsr
	stmia	r1!, {r2, sp, lr}
	cps	#MODE_UND
	mrs	r2, spsr
	stmia	r1!, {r2, sp, lr}
	cps	#MODE_IRQ
	mrs	r2, spsr
	stmia	r1!, {r2, sp, lr}
	cps	#MODE_FIQ
	mrs	r2, spsr
	stmia	r1!, {r2, r8-r12, sp, lr}
	cps	#MODE_MON
	mrs	r2, spsr
	stmia	r1, {r2, lr}			@ cpsr, pc

	clrex
#ifdef ARCH_BP_BPIALL
	mcr	p15, 0, r2, c7, c5, 6		@ BPIALL: the predictors of a Cortex-A8/A9
#else
	mcr	p15, 0, r2, c7, c5, 0		@ ICIALLU: also flushes branch predictors
#endif
	mrc	p15, 0, r2, c13, c0, 4		@ TPIDRPRW (secure bank): struct cpu
	cps	#MODE_SVC			@ ---- monitor mode ends ----
	ldr	sp, [r2, #CPU_KSTACK_TOP]
	b	kernel_vcpu_exit_entry		@ (reason) never returns

/* An exception in monitor mode is a bug; it cannot be reported safely. */
mon_bad:
	b	mon_bad

/*
 * uint32_t arch_ns_cp15(uint32_t reg, uint32_t write, uint32_t value)
 * One access to the normal world's bank of a CP15 register, reg being a
 * SYS_NS_REG_* (include/tzvmm/syscall.h, checked by the caller): secure
 * PL1 reaches that bank only from monitor mode with SCR.NS = 1. Reads
 * return the value; a write returns the value written. Secure SVC, IRQ and
 * FIQ masked; the registers are this CPU's, so the vCPU's when it is
 * stopped on this CPU.
 */
.macro ns_cp15 crn, crm, op2			@ one table entry: 4 instructions
	mrceq	p15, 0, r0, \crn, \crm, \op2
	mcrne	p15, 0, r2, \crn, \crm, \op2
	movne	r0, r2
	b	ns_cp15_done
.endm
	.global arch_ns_cp15
arch_ns_cp15:
	cps	#MODE_MON			@ ---- monitor mode starts ----
	ldr	r3, =(SCR_SECURE_RUN | SCR_NS)
	mcr	p15, 0, r3, c1, c1, 0		@ CP15 now selects the NS bank
	isb
	cmp	r1, #0				@ eq: read, ne: write
	add	pc, pc, r0, lsl #4		@ pc reads 8 ahead: entry 0 follows the nop
	nop
	ns_cp15	c1, c0, 0			@ SCTLR
	ns_cp15	c2, c0, 0			@ TTBR0
	ns_cp15	c2, c0, 1			@ TTBR1
	ns_cp15	c2, c0, 2			@ TTBCR
	ns_cp15	c3, c0, 0			@ DACR
	ns_cp15	c5, c0, 0			@ DFSR
	ns_cp15	c5, c0, 1			@ IFSR
	ns_cp15	c6, c0, 0			@ DFAR
	ns_cp15	c6, c0, 2			@ IFAR
	ns_cp15	c13, c0, 1			@ CONTEXTIDR
	ns_cp15	c12, c0, 0			@ VBAR
ns_cp15_done:
	mov	r3, #SCR_SECURE_RUN
	mcr	p15, 0, r3, c1, c1, 0		@ the secure bank again
	isb
	cps	#MODE_SVC			@ ---- monitor mode ends ----
	bx	lr

/*
 * void arch_vcpu_enter(struct vcpu_state *state, uint32_t cpsr)
 * Called in secure SVC with IRQ and FIQ masked. The kernel calls it as
 * arch_vcpu_enter_entry, this weak alias unless the traced image closes
 * the exit's trace record first (kernel/tracepoints.h).
 */
	.weak	arch_vcpu_enter_entry
	.set	arch_vcpu_enter_entry, arch_vcpu_enter
	.global arch_vcpu_enter
arch_vcpu_enter:
	cps	#MODE_MON			@ ---- monitor mode starts ----
	mov	sp, r0				@ SP_mon = state block for the next exit
	msr	spsr_cxsf, r1
	ldr	lr, [r0, #VCPU_PC]

	add	r1, r0, #VCPU_SP_USR
	cps	#MODE_SYS
	ldmia	r1!, {sp, lr}
	cps	#MODE_SVC
	ldmia	r1!, {r2, sp, lr}
	msr	spsr_cxsf, r2
	cps	#MODE_ABT
	ldmia	r1!, {r2, sp, lr}
	msr	spsr_cxsf, r2
	cps	#MODE_UND
	ldmia	r1!, {r2, sp, lr}
	msr	spsr_cxsf, r2
	cps	#MODE_IRQ
	ldmia	r1!, {r2, sp, lr}
	msr	spsr_cxsf, r2
	cps	#MODE_FIQ
	ldmia	r1, {r2, r8-r12, sp, lr}
	msr	spsr_cxsf, r2
	cps	#MODE_MON

	ldr	r2, =SCR_NORMAL_RUN
	mcr	p15, 0, r2, c1, c1, 0		@ SCR.NS = 1: CP15 now selects the NS bank
	isb
	ldr	r2, [sp, #VCPU_PMCR]		@ last: the normal world's PMCR again
	mcr	p15, 0, r2, c9, c12, 0
	ldr	r2, [sp, #VCPU_ENTRY_FLAGS]
	tst	r2, #VCPU_ENTRY_SET_SCTLR_ASM
	bne	mon_set_ns_sctlr
mon_return:
	ldmia	sp, {r0-r12}
	movs	pc, lr				@ ---- normal world ----

/* Cold path (CPU_ON, reset): give the normal world a fresh SCTLR, the
 * reset value, never one the VMM chose. */
mon_set_ns_sctlr:
	ldr	r2, =SCTLR_NS_RESET
	mcr	p15, 0, r2, c1, c0, 0		@ NS SCTLR
	isb
	mov	r2, #0
	str	r2, [sp, #VCPU_ENTRY_FLAGS]
	b	mon_return
	.ltorg
