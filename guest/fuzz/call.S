/*
 * uint32_t fuzz_call(const uint32_t in[8], uint32_t out[4])
 *
 * One SMC with r0-r7 = in[0..7] and known values in every other register,
 * then a check of what SMCCC 1.2 says an SMC32 must preserve: r4-r7 (not
 * results of any call tzvmm serves), r8-r12, sp and lr. Returns a mask of
 * the registers that changed (bit n = rn; bit 13 sp, bit 14 lr) and the
 * results r0-r3 in out[].
 *
 * Before the SMC, lr = sp and r12 = ~sp: had sp moved, they no longer
 * match it.
 */
	.text
	.arm
	.arch_extension sec
	.global fuzz_call
fuzz_call:
	push	{r4-r11, lr}
	push	{r0, r1}			@ [sp] = in, [sp+4] = out
	ldm	r0, {r0-r7}
	ldr	r8, =0x8a8a0008
	ldr	r9, =0x9b9b0009
	ldr	r10, =0xacac000a
	ldr	r11, =0xbdbd000b
	mvn	r12, sp
	mov	lr, sp
	smc	#0
	push	{r0-r3}				@ results: [sp..sp+12]; in, out at +16, +20
	mov	r0, #0
	ldr	r1, =0x8a8a0008
	cmp	r8, r1
	orrne	r0, r0, #(1 << 8)
	ldr	r1, =0x9b9b0009
	cmp	r9, r1
	orrne	r0, r0, #(1 << 9)
	ldr	r1, =0xacac000a
	cmp	r10, r1
	orrne	r0, r0, #(1 << 10)
	ldr	r1, =0xbdbd000b
	cmp	r11, r1
	orrne	r0, r0, #(1 << 11)
	add	r1, sp, #16			@ sp as it was before the push
	cmp	lr, r1
	orrne	r0, r0, #(1 << 14)
	mvn	r2, r12
	cmp	r2, r1
	orrne	r0, r0, #((1 << 12) | (1 << 13))
	ldr	r2, [sp, #16]			@ in
	ldr	r1, [r2, #16]
	cmp	r4, r1
	orrne	r0, r0, #(1 << 4)
	ldr	r1, [r2, #20]
	cmp	r5, r1
	orrne	r0, r0, #(1 << 5)
	ldr	r1, [r2, #24]
	cmp	r6, r1
	orrne	r0, r0, #(1 << 6)
	ldr	r1, [r2, #28]
	cmp	r7, r1
	orrne	r0, r0, #(1 << 7)
	ldr	r1, [sp, #20]			@ out
	pop	{r2-r5}
	stm	r1, {r2-r5}
	add	sp, sp, #8
	pop	{r4-r11, pc}
	.ltorg

/*
 * Where PSCI CPU_ON starts the other CPUs (r0 = CPU index): a stack of its
 * own, the guest's vectors, then fuzz_worker(cpu), then CPU_OFF.
 */
	.global fuzz_secondary_entry
fuzz_secondary_entry:
	ldr	sp, =fuzz_stacks
	add	r1, r0, #1
	add	sp, sp, r1, lsl #12		@ 4 KiB a CPU
	ldr	r1, =guest_vectors
	mcr	p15, 0, r1, c12, c0, 0		@ VBAR (this CPU's)
	bl	fuzz_worker
	ldr	r0, =0x84000002			@ PSCI_CPU_OFF
	smc	#0
1:	wfi
	b	1b
	.ltorg

	.bss
	.balign 8
	.global fuzz_stacks
fuzz_stacks:
	.space	8 * 4096
