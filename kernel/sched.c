/*
 * Per-CPU scheduling. Every thread is pinned to one CPU. A CPU runs, in
 * order: the highest-priority runnable thread pinned to it (round robin
 * among equals), else its vCPU if runnable, else it waits for an interrupt.
 * The normal world is therefore the lowest-priority activity of each CPU,
 * and a runnable vCPU costs no secure time at all.
 *
 * Threads are not time-sliced: a secure component runs until it blocks,
 * exits or faults; a secure interrupt can make a higher-priority thread
 * runnable, and the next dispatch picks it.
 */
#include "kernel.h"
#include "lock.h"
#include "plat.h"

void sched_init_cpu(struct cpu *cpu, unsigned id)
{
	cpu->id = id;
	cpu->current = NULL;
	cpu->vcpu_running = false;
	cpu->rr = 0;
}

static struct thread *pick_thread(struct cpu *cpu)
{
	struct thread *best = NULL;
	unsigned n = kernel.nthreads;

	for (unsigned i = 1; i <= n; i++) {
		struct thread *t = &kernel.threads[(cpu->rr + i) % n];

		if (t->cpu == cpu->id && t->state == THREAD_RUNNABLE &&
		    (!best || t->prio > best->prio))
			best = t;
	}
	if (best)
		cpu->rr = (unsigned)(best - kernel.threads);
	return best;
}

/* Leaves the kernel for the next activity of this CPU. Entered with the
 * kernel lock held; releases it on the way out. */
void sched_dispatch(struct cpu *cpu)
{
	for (;;) {
		struct thread *t = pick_thread(cpu);

		if (t) {
			cpu->current = t;
			cpu->vcpu_running = false;
			if (cpu->ttbr0 != t->comp->as.ttbr0) {
				cpu->ttbr0 = t->comp->as.ttbr0;
				arch_aspace_switch(cpu->ttbr0);
			}
			kernel_unlock();
			arch_thread_enter(&t->ctx);
		}
		cpu->current = NULL;
		struct vcpu *v = cpu->vcpu;

		if (v && v->run == VCPU_RUNNABLE) {
			/* Read the VMM-writable CPSR once and sanitise the copy. */
			uint32_t cpsr = arch_sanitize_ns_cpsr(
				*(volatile uint32_t *)&v->state->regs.cpsr);

			cpu->vcpu_running = true;
			kernel_unlock();
			arch_vcpu_enter(v->state, cpsr);
		}
		cpu->vcpu_running = false;
		kernel_unlock();
		arch_wait_for_interrupt();
		kernel_lock();
		irq_handle_pending(cpu);
	}
}

void sched_wake_cpu(unsigned cpu)
{
	if (cpu != arch_this_cpu()->id)
		plat_irq_send_sgi(cpu, plat_irq_resched);
}

void sched_block(struct thread *t)
{
	t->state = THREAD_BLOCKED;
}
