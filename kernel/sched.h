/* The per-CPU scheduler (kernel/sched.c): fixed priorities, a runnable bit per thread */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "budget.h"
#include "kernel.h"

void sched_init_cpu(struct cpu *cpu, unsigned id);
void sched_add_thread(struct thread *t);
/* Every change of a thread's state goes through here (run-queue bits). */
static inline void sched_set_state(struct thread *t, enum thread_state s)
{
	struct cpu *cpu = &kernel.cpus[t->cpu];

	t->state = s;
	if (s == THREAD_RUNNABLE)
		cpu->runnable |= t->cpu_bit;
	else
		cpu->runnable &= ~t->cpu_bit;
}
void sched_dispatch(struct cpu *cpu) __attribute__((noreturn));
void sched_wake_cpu(unsigned cpu);


/* The thread this CPU runs next, or NULL: the highest-priority runnable
 * one, unless its budget is spent and another is runnable (budget_pick). */
static inline struct thread *sched_pick(struct cpu *cpu)
{
	uint32_t runnable = cpu->runnable;

	if (!runnable)
		return NULL;   /* first: the SMC path's dispatch, its handler waiting */
	if (runnable & cpu->throttled)
		return budget_pick(cpu);
	return cpu->threads[__builtin_ctz(runnable)];
}


/* Lets a paused or stopped vCPU run; -SYS_ESTATE if it already may. */
static inline int vcpu_run(struct vcpu *v)
{
	if (v->run == VCPU_RUNNABLE)
		return -SYS_ESTATE;
	v->run = VCPU_RUNNABLE;
	if (v->cpu != arch_this_cpu()->id)
		sched_wake_cpu(v->cpu);
	return 0;
}

#endif
