/*
 * Secure interrupts: the secure physical timer (one-shot timers of
 * components) and the reschedule SGI. Called with the kernel lock held,
 * after an FIQ exit of the normal world, an FIQ in a secure thread, or a
 * wake-up of the idle loop.
 */
#include "kernel.h"
#include "plat.h"

/* Reprograms this CPU's timer for the earliest deadline of its threads. */
static void timer_reprogram(struct cpu *cpu)
{
	uint64_t next = UINT64_MAX;

	for (unsigned i = 0; i < kernel.nthreads; i++) {
		const struct thread *t = &kernel.threads[i];

		if (t->cpu == cpu->id && t->timer_bits && t->timer_deadline < next)
			next = t->timer_deadline;
	}
	if (next == UINT64_MAX)
		plat_timer_stop();
	else
		plat_timer_program(next);
}

static void timer_expire(struct cpu *cpu)
{
	uint64_t now = plat_timer_now();

	for (unsigned i = 0; i < kernel.nthreads; i++) {
		struct thread *t = &kernel.threads[i];

		if (t->cpu == cpu->id && t->timer_bits && t->timer_deadline <= now) {
			uint32_t bits = t->timer_bits;

			t->timer_bits = 0;
			signal_send(t, bits);
		}
	}
	timer_reprogram(cpu);
}

void timer_arm(struct thread *t, uint32_t ticks, uint32_t bits)
{
	t->timer_bits = ticks ? bits : 0;
	t->timer_deadline = plat_timer_now() + ticks;
	timer_reprogram(&kernel.cpus[t->cpu]);
}

void irq_handle_pending(struct cpu *cpu)
{
	for (;;) {
		uint32_t id = plat_irq_ack();

		if (id == PLAT_IRQ_NONE)
			return;
		if (id == plat_irq_timer)
			timer_expire(cpu);
		else if (id != plat_irq_resched)
			log_printf("cpu %u: unexpected secure interrupt %u", cpu->id, (unsigned)id);
		plat_irq_eoi(id);
	}
}
