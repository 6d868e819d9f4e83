/*
 * One-shot timers of threads, on the secure physical timer of each CPU.
 * A thread has at most one armed timer (timer_bits, timer_deadline); the
 * hardware timer of a CPU is always programmed for the earliest deadline
 * among the threads pinned to it, or stopped when none is armed. Expiry
 * turns into signal bits (signal_send), so a timer is just one more signal
 * source. Called with the kernel lock held.
 */
#include "kernel.h"
#include "timer.h"
#include "signal.h"
#include "syscall_decode.h"
#include <plat/board.h>

/* Reprograms this CPU's timer for the earliest deadline of its threads. */
static void timer_reprogram(struct cpu *cpu)
{
	uint64_t next = UINT64_MAX;

	for (unsigned i = 0; i < cpu->nthreads; i++) {   /* the threads pinned here */
		const struct thread *t = cpu->threads[i];

		if (t->timer_bits && t->timer_deadline < next)
			next = t->timer_deadline;
	}
	cpu->timer_deadline = next;   /* budget.c may bring it forward */
	if (next == UINT64_MAX)
		plat_timer_stop();
	else
		plat_timer_program(next);
}

/* The timer interrupt of this CPU: signals every thread pinned here whose
 * deadline has passed (the timer fires late, never early), then programs
 * the next deadline. */
void timer_expire(struct cpu *cpu)
{
	uint64_t now = plat_timer_now();

	for (unsigned i = 0; i < kernel.nthreads; i++) {
		struct thread *t = &kernel.threads[i];

		if (t->cpu == cpu->id && t->timer_bits && t->timer_deadline <= now) {
			uint32_t bits = t->timer_bits;

			if (kernel_testhook_timer_late)
				kernel_testhook_timer_late(now - t->timer_deadline);
			t->timer_bits = 0;
			signal_send(t, bits);
		}
	}
	timer_reprogram(cpu);
}

/* Arms t's one-shot timer to signal bits in ticks from now, replacing any
 * armed one; ticks = 0 cancels it. The hardware timer is this CPU's: only
 * for a thread of this CPU is it reprogrammed (the caller of SYS_TIMER
 * arms its own). A thread of another CPU is only ever cancelled (a dying
 * thread, a restart parking one): its CPU's timer then fires at the old
 * deadline, finds nothing due and moves on to the next (timer_expire);
 * reprogramming from here would have set this CPU's timer to the other
 * CPU's deadlines, and lost this CPU's own. */
void timer_arm(struct thread *t, uint32_t ticks, uint32_t bits)
{
	t->timer_bits = ticks ? bits : 0;
	t->timer_deadline = plat_timer_now() + ticks;
	if (t->cpu == arch_this_cpu()->id)
		timer_reprogram(&kernel.cpus[t->cpu]);
}
