/* Budgets of the threads that serve the normal world (kernel/budget.c) */
#ifndef KERNEL_BUDGET_H
#define KERNEL_BUDGET_H

#include <stdint.h>
#include "cpu.h"
#include "thread.h"

void budget_init_thread(struct thread *t, uint32_t budget_us, uint32_t period_us);
void budget_start(struct cpu *cpu, struct thread *t);
void budget_charge(struct cpu *cpu);
void budget_reset(struct thread *t);
struct thread *budget_pick(struct cpu *cpu);

/* Before the dispatcher enters thread t: if t has a budget and a thread of
 * lower priority (a later slot) is runnable here, t's time counts from now. */
static inline void budget_enter(struct cpu *cpu, struct thread *t)
{
	if (t->budget && (cpu->runnable & ~((t->cpu_bit << 1) - 1u)))
		budget_start(cpu, t);
}

/* When the kernel has been entered from a thread: its time, if counted, up
 * to now (the kernel's work for it included). */
static inline void budget_leave(struct cpu *cpu)
{
	if (cpu->charged)
		budget_charge(cpu);
}

#endif
