/* A user thread of a secure component: its saved registers, its scheduling
 * and signal state, its budget (kernel/thread.c). */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/arch.h>

struct component;

/* THREAD_PARKED: stopped for a restart of its component (restart.c);
 * signals to it are dropped, like to a dead thread. */
enum thread_state { THREAD_RUNNABLE, THREAD_BLOCKED, THREAD_DEAD, THREAD_PARKED };

struct thread {
	struct arch_context ctx;   /* saved user registers */
	struct component *comp;
	unsigned index;            /* within its component (r0 at start) */
	unsigned cpu;              /* the CPU it is pinned to */
	unsigned prio;             /* higher runs first; the normal world is below all */
	enum thread_state state;
	uint32_t pending;          /* signal bits set and not yet taken */
	uint32_t wait_mask;        /* bits that end its SYS_WAIT */
	uint32_t stack_top;        /* initial user sp */
	uint32_t cpu_bit;          /* its bit in cpus[cpu].runnable */
	uint32_t timer_bits;       /* armed one-shot timer's bits, 0 = none */
	uint64_t timer_deadline;
	/* Its budget (budget.c): at most budget ticks at its priority in each
	 * period of period ticks; budget 0: none, always at its priority. */
	uint32_t budget, period;
	uint32_t used;             /* ticks run in the current period */
	uint64_t period_end;       /* when the current period ends */
};


struct thread *thread_find(unsigned component, unsigned index);
void thread_kill(struct thread *t);

#endif
