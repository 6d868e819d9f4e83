/*
 * Traced image only: the SMC vector without the monitor's fast path. Every
 * SMC goes to the kernel, which answers pure queries from the same table
 * itself (kernel_tracehook_fastpath, kernel/tracehooks/trace.c), where the
 * tracer records them.
 */
	.text
	.arm
	.global mon_smc_entry
mon_smc_entry:
	stmia	sp, {r0-r12}			@ sp = &vcpu_state.regs.r[0]
	b	mon_smc_saved			@ (monitor.S)
