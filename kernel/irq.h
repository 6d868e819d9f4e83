/* Secure interrupts (kernel/irq.c) and the ones granted to components (kernel/irq_route.c) */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/arch.h>

struct cpu;
struct thread;

/* An interrupt granted to a component: masked from delivery until its
 * thread acknowledges it (irq_route.c). */
struct irq_route {
	uint32_t intid;
	struct thread *target;
	uint32_t bits;
	bool masked;
};


/* irq.c: secure interrupts (timer, IPIs, those granted to components). */
void irq_handle_pending(struct cpu *cpu);
/* vec_fiq's call for an FIQ in an open window (arch/armv7/vectors.S). */
void kernel_fiq_window(void);

/* A preemption point: the kernel lock held, no other lock, the kernel's
 * data consistent, and no decision taken yet that an interrupt could
 * change (a higher-priority thread it wakes is picked by the dispatch that
 * follows). A secure interrupt that came while FIQ was masked is handled
 * here, not at the end of the path: no stretch of the kernel with FIQ
 * masked runs long between two points (docs/architecture.md, section 11). */
static inline void kernel_preempt(struct cpu *cpu)
{
	if (arch_fiq_pending())
		irq_handle_pending(cpu);
}


/* irq_route.c: interrupts granted to components. */
void irq_route_add(uint32_t intid, struct thread *target, uint32_t bits);
void irq_routes_enable_cpu(unsigned cpu);
/* Masks intid and signals its thread if it is granted; false if not. */
bool irq_route_deliver(uint32_t intid);
/* SYS_IRQ_ACK of thread t: 0 or -SYS_E*. */
int32_t irq_route_ack(struct thread *t, uint32_t intid);

#endif
