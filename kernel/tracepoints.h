/*
 * The world-switch tracer's trace points. Only the traced image
 * (build/secure-trace, `make run TRACE=1`) links kernel/tracehooks/, which
 * defines them; the production and test images link none of it and pay
 * nothing. Each point is chosen at link time or, where the round trip has
 * no function call to hang it on, at compile time:
 *
 *  - Link time, on the SMC round trip: a point is a weak alias of the
 *    kernel's own function, so a production call goes straight to it (the
 *    same instruction, another name); the traced image's strong definition
 *    records, then calls the kernel's function:
 *      kernel_vcpu_exit_entry  monitor.S enters the kernel (alias of
 *                              kernel_vcpu_exit, kernel/vcpu.c)
 *      arch_vcpu_enter_entry   the kernel enters the normal world (alias
 *                              of arch_vcpu_enter, arch/armv7/monitor.S)
 *    and, so that sched_dispatch holds no test either, the idle loop's wait.
 *  - Link time, off that path (the general exit path, power off): a point
 *    is a weak reference, NULL unless the traced image defines it, tested
 *    where it is used.
 *  - Compile time, where TZVMM_TRACED is defined (the traced image's kernel
 *    and components, and the host tests, which link the tracer): the traced
 *    image's answer to a pure query on the exit path (tracehook_fastpath,
 *    elsewhere a constant false), and the VMM's call of smc_dispatch_entry
 *    (components/vmm/main.c; elsewhere it dispatches inline, with no call).
 *
 * docs/architecture.md ("World-switch tracer") describes the records.
 */
#ifndef KERNEL_TRACEPOINTS_H
#define KERNEL_TRACEPOINTS_H

#include <stdbool.h>
#include <stdint.h>

struct cpu;
struct vcpu_state;

void kernel_vcpu_exit_entry(uint32_t reason) __attribute__((noreturn));
void arch_vcpu_enter_entry(struct vcpu_state *state, uint32_t cpsr) __attribute__((noreturn));
/* The idle loop's wait (alias of arch_wait_for_interrupt, arch/armv7/
 * arch.c): a moment where writing out records delays nobody. */
void arch_wait_for_interrupt_entry(void);

/* An SMC exit took the general path (signal_send + sched_dispatch), not
 * the fast path into its handler. Called with the kernel lock held. */
__attribute__((weak)) void kernel_tracehook_general_path(struct cpu *cpu);
/* The traced image answers pure queries here, from the fast path's table
 * (kernel/fastpath.c; its monitor leaves them to the kernel, so that they
 * are recorded): true if s was answered (no component ran). The other
 * images answer them in the monitor (mon_smc_fast) and never come here.
 * Called with the kernel lock held. */
__attribute__((weak)) bool kernel_tracehook_fastpath(struct cpu *cpu, struct vcpu_state *s);

static inline bool tracehook_fastpath(struct cpu *cpu, struct vcpu_state *s)
{
#ifdef TZVMM_TRACED
	return kernel_tracehook_fastpath && kernel_tracehook_fastpath(cpu, s);
#else
	(void)cpu;
	(void)s;
	return false;
#endif
}
/* The machine powers off or resets: write out every CPU's records,
 * including exits that will never be resumed. Kernel lock held. */
__attribute__((weak)) void kernel_tracehook_power(void);

#endif
