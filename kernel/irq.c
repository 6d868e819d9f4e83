/*
 * Secure interrupt dispatch: the secure physical timer (handed to the
 * timer service, kernel/timer.c) and the reschedule SGI. Called with the
 * kernel lock held, after an FIQ exit of the normal world, an FIQ in a
 * secure thread, or a wake-up of the idle loop.
 */
#include "kernel.h"
#include "timer.h"
#include "log.h"
#include "kernel_lock.h"
#include <plat/board.h>

/* A secure interrupt nobody handles: counted, and logged only the 1st,
 * 2nd, 4th, 8th... time, because the normal world can raise secure SGIs
 * (QEMU's GIC ignores GICD_SGIR.NSATT): it would otherwise choose how many
 * lines the secure log gets (each one is formatted under the kernel lock,
 * and takes room in the log's ring). */
static void irq_unexpected(struct cpu *cpu, uint32_t id)
{
	uint32_t n = ++kernel.unexpected_irqs;

	if ((n & (n - 1)) == 0)
		log_printf("cpu %u: unexpected secure interrupt %u (%u so far)", cpu->id,
			   (unsigned)id, (unsigned)n);
}

void irq_handle_pending(struct cpu *cpu)
{
	for (;;) {
		uint32_t token, id = plat_irq_ack(&token);

		if (id == PLAT_IRQ_NONE)
			return;
		if (id == plat_irq_timer)
			timer_expire(cpu);
		else if (id != plat_irq_resched && !irq_route_deliver(id))
			irq_unexpected(cpu, id);
		plat_irq_eoi(token);
	}
}

/* An FIQ in a window the kernel opened outside its lock (the log's copy
 * and drain, arch_fiq_open), from vec_fiq: handled now if the lock is
 * free; else it stays pending and the window, which stops (CPSR.F is set
 * on its return), leads to a preemption point. Whatever the window's code
 * holds (drain_lock) is never taken on this path. It runs on the window's
 * stack, which must be this CPU's kernel stack: an FIQ taken on the SVC's
 * way in, before vec_svc masks FIQ, would find SP_svc in the calling
 * thread's saved context, and handled there it overwrote kernel data
 * below it (vec_fiq defers those; this check stops the kernel rather than
 * let a slip there go unseen). */
void kernel_fiq_window(void)
{
	struct cpu *cpu = arch_this_cpu();
	uint32_t sp = (uint32_t)(uintptr_t)__builtin_frame_address(0);

	CHECK(sp < cpu->kstack_top && sp > cpu->kstack_top - KERNEL_STACK_SIZE);
	if (spin_trylock(&kernel.lock)) {
		irq_handle_pending(cpu);
		cpu->window_fiqs++;
		kernel_unlock();
	}
}
