/*
 * Budgets for threads that work on the normal world's behalf (component.conf
 * `budget B us per P ms`: the VMM, the storage component). While a secure
 * thread of lower priority waits on its CPU, such a thread runs at its
 * priority for at most B in each of its periods of length P; once B is
 * spent it is throttled until the period ends, and while throttled it runs
 * only when no other runnable thread of its CPU waits: below all of them,
 * above the normal world. So however much work the normal world asks for
 * (kicks, requests, calls), a secure thread of lower priority waits at most
 * B in each P for it, and the normal world pays for the rest with its own
 * time: its vCPU stays paused while the throttled thread serves it in the
 * CPU's slack.
 *
 * Time is counted only while it can delay someone: from the dispatcher's
 * entry into the thread while a lower-priority thread of its CPU is
 * runnable, to the next entry into the kernel from it (budget_leave at the
 * top of sched_dispatch), the kernel's work for it included. A thread that
 * nobody waits for costs no accounting at all: the SMC path of an idle
 * secure world does not read the clock. A lower-priority thread becomes
 * runnable only through the kernel (an interrupt, a signal), which then
 * dispatches again and starts counting; and the CPU's timer is set for the
 * moment the budget runs out, so a thread that never enters the kernel is
 * still stopped in time.
 *
 * A period starts when counting first starts after the previous one ended
 * (not on a fixed grid), so across any window of length P the thread runs
 * ahead of a waiting one for at most 2 B. docs/architecture.md section 19
 * states the model and its guarantees.
 */
#include "kernel.h"
#include "budget.h"
#include "sched.h"
#include <plat/board.h>

void budget_init_thread(struct thread *t, uint32_t budget_us, uint32_t period_us)
{
	uint64_t hz = plat_timer_hz();

	t->budget = (uint32_t)(budget_us * hz / 1000000u);
	t->period = (uint32_t)(period_us * hz / 1000000u);
	if (budget_us && !t->budget)
		t->budget = 1;   /* a budget is never "none" by rounding */
	budget_reset(t);
}

/* A fresh start (boot, a restart of its component): a whole budget, a
 * period that begins when it first runs. */
void budget_reset(struct thread *t)
{
	struct cpu *cpu = &kernel.cpus[t->cpu];

	t->used = 0;
	t->period_end = 0;
	cpu->throttled &= ~t->cpu_bit;
	if (cpu->charged == t)
		cpu->charged = NULL;
}

/* Its period is over: the whole budget again, a new period from now. */
static void replenish(struct cpu *cpu, struct thread *t, uint64_t now)
{
	t->used = 0;
	t->period_end = now + t->period;
	cpu->throttled &= ~t->cpu_bit;
}

void budget_start(struct cpu *cpu, struct thread *t)
{
	uint64_t now = plat_timer_now();

	if (now >= t->period_end)
		replenish(cpu, t, now);
	if (cpu->throttled & t->cpu_bit)
		return;   /* in the slack: nobody waits behind it, or budget_pick
			   * would not have chosen it */
	cpu->charged = t;
	cpu->run_since = now;
	/* The waiting thread gets the CPU when t's budget runs out, even if t
	 * never enters the kernel by then. An earlier deadline than needed is
	 * harmless: the time is counted and t goes on. */
	uint64_t end = now + (t->budget - t->used);

	if (end < cpu->timer_deadline) {
		cpu->timer_deadline = end;
		plat_timer_program(end);
	}
}

void budget_charge(struct cpu *cpu)
{
	struct thread *t = cpu->charged;
	uint64_t ran = plat_timer_now() - cpu->run_since;

	cpu->charged = NULL;
	t->used = ran >= t->budget - t->used ? t->budget : t->used + (uint32_t)ran;
	if (t->used == t->budget)
		cpu->throttled |= t->cpu_bit;
}

struct thread *budget_pick(struct cpu *cpu)
{
	uint64_t now = plat_timer_now();
	uint32_t ready;

	/* Throttled threads whose period has ended get their budget back. */
	for (uint32_t bits = cpu->throttled; bits; bits &= bits - 1u) {
		struct thread *t = cpu->threads[__builtin_ctz(bits)];

		if (now >= t->period_end)
			replenish(cpu, t, now);
	}
	ready = cpu->runnable & ~cpu->throttled;
	if (!ready)
		ready = cpu->runnable;   /* only throttled ones: the CPU's slack */
	return ready ? cpu->threads[__builtin_ctz(ready)] : NULL;
}
