/*
 * Per-CPU scheduling. Every thread is pinned to one CPU. A CPU runs, in
 * order: the highest-priority runnable thread pinned to it (equal
 * priorities in boot-list order) whose budget is not spent, else the
 * highest-priority runnable one whose budget is spent (budget.c), else its
 * vCPU if runnable, else it waits for an interrupt.
 * The normal world is therefore the lowest-priority activity of each CPU,
 * and a runnable vCPU costs no secure time at all.
 *
 * Threads are not time-sliced: a secure component runs until it blocks,
 * exits or faults; a secure interrupt can make a higher-priority thread
 * runnable, and the next dispatch picks it.
 */
#include "component.h"
#include "kernel.h"
#include "sched.h"
#include "budget.h"
#include "restart.h"
#include "log.h"
#include "irq.h"
#include "kernel_lock.h"
#include "tracepoints.h"
#include <plat/board.h>

/* A CPU's runnable threads are bits of one 32-bit word. */
_Static_assert(KERNEL_MAX_THREADS <= 32, "runnable bits");

void sched_init_cpu(struct cpu *cpu, unsigned id)
{
	cpu->id = id;
	cpu->current = NULL;
	cpu->vcpu_running = false;
	cpu->timer_deadline = UINT64_MAX;
}

/* Inserts a thread into its CPU's priority-ordered slots (boot only).
 * Equal priorities keep boot-list order. */
void sched_add_thread(struct thread *t)
{
	struct cpu *cpu = &kernel.cpus[t->cpu];
	unsigned i = cpu->nthreads++;

	CHECK(cpu->nthreads <= KERNEL_MAX_THREADS);
	while (i > 0 && cpu->threads[i - 1]->prio < t->prio) {
		cpu->threads[i] = cpu->threads[i - 1];
		i--;
	}
	cpu->threads[i] = t;
	cpu->runnable = 0;
	for (unsigned k = 0; k < cpu->nthreads; k++) {
		struct thread *o = cpu->threads[k];

		o->cpu_bit = 1u << k;
		if (o->state == THREAD_RUNNABLE)
			cpu->runnable |= o->cpu_bit;
	}
}

/* Nothing to run on this CPU: the secure log's output, then WFI until a
 * secure interrupt; entered and left with the kernel lock held. An FIQ
 * that came during the drain was handled in it (another CPU's reschedule
 * SGI, a timer), or waits: either way no wait, the dispatcher looks again
 * at once. (The drain's result alone cannot tell: it may end, done, after
 * the handling, and WFI would then sleep through the wake-up.) Only a
 * secure interrupt may wake an idle CPU: a normal-world one pending here
 * would make WFI return at once, forever. */
static void sched_idle(struct cpu *cpu)
{
	cpu->vcpu_running = false;
	kernel_unlock();
	uint32_t handled = cpu->window_fiqs;
	bool idle = log_drain(0) != LOG_DRAIN_STOPPED && cpu->window_fiqs == handled;

	if (idle) {
		uint32_t saved = plat_irq_idle_begin();

		arch_wait_for_interrupt_entry();
		plat_irq_idle_end(saved);
	}
	kernel_lock();
	cpu->idle_wakeups += idle;
	irq_handle_pending(cpu);
}

/* Leaves the kernel for the next activity of this CPU. Entered with the
 * kernel lock held; releases it on the way out. */
void sched_dispatch(struct cpu *cpu)
{
	budget_leave(cpu);
	bool drained = false;

	for (;;) {
		kernel_preempt(cpu);   /* before the choice it could change */
		struct thread *t = sched_pick(cpu);

		if (t && t->comp->restarting && restart_park_if_stopping(t))
			continue;
		/* (The work word first: one load, and nearly always 0 on the
		 * SMC path.) */
		if (t && log_stream_pending(&secure_log) && !drained &&
		    log_stream_used(&secure_log) > LOG_HIGH_WATER &&
		    (t->comp->desc->flags & COMP_VCPUS)) {
			/* The normal world's agent (the VMM) pays for the log
			 * when it fills faster than vCPU entries and idle CPUs
			 * write it out; down to half, FIQs open, as below. */
			drained = true;
			kernel_unlock();
			enum log_drain r = log_drain(LOG_HIGH_WATER);

			kernel_lock();
			if (r == LOG_DRAIN_STOPPED)
				irq_handle_pending(cpu);
			continue;
		}
		if (t) {
			cpu->current = t;
			cpu->vcpu_running = false;
			if (cpu->ttbr0 != t->comp->as.ttbr0) {
				cpu->ttbr0 = t->comp->as.ttbr0;
				arch_aspace_switch(cpu->ttbr0);
			}
			budget_enter(cpu, t);
			kernel_unlock();
			arch_thread_enter(&t->ctx);
		}
		cpu->current = NULL;
		struct vcpu *v = cpu->vcpu;

		if (v && v->run == VCPU_RUNNABLE) {
			if (log_pending() && !drained) {   /* the usual case first: nothing */
				/* The secure log's output first, outside the
				 * kernel lock: the normal world, the lowest
				 * priority, pays for it. An FIQ stops it and is
				 * handled now, not after a round trip through the
				 * normal world; then everything is looked at again
				 * (once a dispatch, so another CPU's output cannot
				 * keep this one from its vCPU). */
				drained = true;
				kernel_unlock();
				enum log_drain r = log_drain(0);

				kernel_lock();
				if (r == LOG_DRAIN_STOPPED)
					irq_handle_pending(cpu);
				continue;
			}
			vcpu_enter(cpu, v);
			continue;   /* a secure interrupt stopped the entry */
		}
		sched_idle(cpu);
	}
}

void sched_wake_cpu(unsigned cpu)
{
	if (cpu != arch_this_cpu()->id)
		plat_irq_send_sgi(cpu, plat_irq_resched);
}
