/*
 * The way into the normal world, inlined where it is hot: vcpu_enter()
 * (vcpu.c, for the scheduler) and SYS_WAIT's fast path in kernel_syscall
 * (syscall.c), the second half of every round trip into the VMM, which
 * thus runs without a call frame of its own (docs/world-switch.md).
 */
#ifndef KERNEL_VCPU_ENTRY_H
#define KERNEL_VCPU_ENTRY_H

#include <stdbool.h>
#include "kernel.h"
#include "budget.h"
#include "irq.h"
#include "kernel_lock.h"
#include "log.h"
#include "restart.h"
#include "tracepoints.h"

/* vcpu_enter (vcpu.h) itself. */
static inline __attribute__((always_inline)) void vcpu_enter_inline(struct cpu *cpu,
								    struct vcpu *v)
{
	/* Read the VMM-writable CPSR once and sanitise the copy. */
	uint32_t cpsr = arch_sanitize_ns_cpsr(*(volatile uint32_t *)&v->state->regs.cpsr);

	if (!v->entered) {
		/* Its first entry since boot or its VMM's restart. */
		if (v->reset_sysregs)
			restart_reset_ns_sysregs(v);
		v->entered = true;
	}
	cpu->vcpu_running = true;
	if (arch_fiq_pending()) {   /* the last preemption point: kernel_preempt */
		cpu->vcpu_running = false;
		irq_handle_pending(cpu);
		return;
	}
	kernel_unlock();
	arch_vcpu_enter_entry(v->state, cpsr);
}

/* SYS_WAIT(mask, v) by thread t, current on this CPU, which answers v's
 * exit and waits: the round trip's second half, the counterpart of the
 * exit's fast path. When v is paused on this CPU, no signal in mask waits
 * for t, no other thread here is runnable and no log output waits, t
 * blocks and v is entered at once (never returns; true if a secure
 * interrupt stopped the entry: t waits and v is runnable, and only the
 * dispatcher is left to run); otherwise it returns false having changed
 * nothing, and the general path (sys_wait, then the dispatcher) comes to
 * the same result. mask is not 0. */
static inline __attribute__((always_inline)) bool
vcpu_wait_fast_path(struct cpu *cpu, struct thread *t, struct vcpu *v, uint32_t mask)
{
	/* (t is this CPU's current thread, runnable: its bit is set.) */
	if (v->cpu != cpu->id || v->run == VCPU_RUNNABLE || (t->pending & mask) ||
	    (cpu->runnable & ~t->cpu_bit) || log_pending())
		return false;
	budget_leave(cpu);
	v->run = VCPU_RUNNABLE;
	t->wait_mask = mask;
	t->state = THREAD_BLOCKED;   /* sched_set_state(), with cpu at hand */
	cpu->runnable = 0;
	cpu->current = NULL;
	vcpu_enter_inline(cpu, v);
	return true;
}

#endif
