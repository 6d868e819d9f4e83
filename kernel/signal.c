/*
 * Signals: each thread has 32 pending bits. SYS_WAIT blocks until one of
 * the bits it waits for is pending, then takes (clears) those bits and
 * returns them. A signal to a thread pinned to another CPU wakes that CPU
 * with an SGI; the wake-up is never lost because pending bits are kept.
 */
#include "kernel.h"
#include "signal.h"
#include "sched.h"

void signal_send(struct thread *t, uint32_t bits)
{
	if (t->state == THREAD_DEAD || t->state == THREAD_PARKED)
		return;
	t->pending |= bits;
	if (t->state == THREAD_BLOCKED && (t->pending & t->wait_mask)) {
		t->ctx.r[0] = signal_take(t, t->wait_mask);
		sched_set_state(t, THREAD_RUNNABLE);
		sched_wake_cpu(t->cpu);
	}
}
