/*
 * Where PSCI CPU_ON starts the storm guest's other CPUs (NS SVC, MMU off):
 * a stack of its own each, then storm_refill (main.c), which never returns.
 */
	.text
	.arm
	.global storm_cpu_entry
storm_cpu_entry:
	mrc	p15, 0, r0, c0, c0, 5		@ MPIDR: Aff0 is the CPU
	and	r0, r0, #7
	ldr	sp, =storm_stacks
	add	sp, sp, r0, lsl #10		@ 1 KiB each, top of CPU r0's
	add	sp, sp, #1024
	b	storm_refill
	.ltorg

	.bss
	.balign 8
storm_stacks:
	.space	8 * 1024
