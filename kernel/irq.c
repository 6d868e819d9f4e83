/*
 * Secure interrupt dispatch: the secure physical timer (handed to the
 * timer service, kernel/timer.c) and the reschedule SGI. Called with the
 * kernel lock held, after an FIQ exit of the normal world, an FIQ in a
 * secure thread, or a wake-up of the idle loop.
 */
#include "kernel.h"
#include <plat/board.h>

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
