/*
 * Timed loops for the benchmark guest. Each iteration of both loops runs
 * the same instructions except that the SMC loop has `smc #0` where the
 * empty loop has `nop`, so their difference is the cost of the SMC path.
 */
	.text
	.arm
	.arch_extension sec
	.global bench_loop_smc, bench_loop_empty
bench_loop_smc:			@ r0 = iterations, r1 = function id
	push	{r4-r11, lr}
	mov	r4, r0
	mov	r5, r1
1:	mov	r0, r5
	smc	#0
	subs	r4, r4, #1
	bne	1b
	pop	{r4-r11, pc}

bench_loop_empty:
	push	{r4-r11, lr}
	mov	r4, r0
	mov	r5, r1
1:	mov	r0, r5
	nop
	subs	r4, r4, #1
	bne	1b
	pop	{r4-r11, pc}
