/* Secure interrupts (kernel/irq.c) and the ones granted to components (kernel/irq_route.c) */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdbool.h>
#include <stdint.h>

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


/* irq_route.c: interrupts granted to components. */
void irq_route_add(uint32_t intid, struct thread *target, uint32_t bits);
void irq_routes_enable_cpu(unsigned cpu);
/* Masks intid and signals its thread if it is granted; false if not. */
bool irq_route_deliver(uint32_t intid);
/* SYS_IRQ_ACK of thread t: 0 or -SYS_E*. */
int32_t irq_route_ack(struct thread *t, uint32_t intid);

#endif
