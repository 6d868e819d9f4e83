/*
 * Test image only: the benchmark floor. An SMC with id
 * TZVMM_SMC_BENCH_FLOOR is answered here, in monitor mode, after one round
 * trip of SCR.NS (secure and back), so that make bench can tell the cost of
 * the world switch itself from that of the kernel and the VMM. Any other
 * SMC goes on to the monitor's own path (its fast path, mon_smc_fast in
 * monitor.S), which the production image's SMC vector enters directly.
 */
#include <arch/cpu.h>
#include "asm-offsets.h"
#include "asm-offsets-test.h"

	.text
	.arm
	.global mon_smc_entry
mon_smc_entry:
	stmia	sp, {r0-r12}			@ sp = &vcpu_state.regs.r[0]
	ldr	r4, =SMC_BENCH_FLOOR_ASM	@ (r0 and r1 stay the call's: the
	cmp	r0, r4				@ fast path compares them)
	bne	mon_smc_fast			@ (monitor.S) with r0-r12 saved
	mov	r1, #SCR_SECURE_RUN
	mcr	p15, 0, r1, c1, c1, 0
	isb
	ldr	r1, =SCR_NORMAL_RUN
	mcr	p15, 0, r1, c1, c1, 0
	isb
	mov	r0, #0
	str	r0, [sp]
	ldmia	sp, {r0-r12}			@ r0 = 0, r1-r12 as the caller left them
	movs	pc, lr
	.ltorg
