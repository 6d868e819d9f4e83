/*
 * Interrupts granted to secure components (component.conf `interrupt`):
 * the user-level driver model. When one arrives, the kernel masks it at
 * the controller, ends it and signals the component's thread; the thread
 * handles its device and calls SYS_IRQ_ACK, which unmasks it. So a device
 * that keeps its line raised cannot storm the kernel, and only the
 * component the interrupt was granted to can unmask it.
 */
#include <plat/board.h>
#include <tzvmm/syscall.h>
#include "kernel.h"
#include "signal.h"

void irq_route_add(uint32_t intid, struct thread *target, uint32_t bits)
{
	CHECK(plat_irq_grantable(intid) && bits != 0 && kernel.nirq_routes < KERNEL_MAX_IRQ_ROUTES);
	for (unsigned i = 0; i < kernel.nirq_routes; i++)
		CHECK(kernel.irq_routes[i].intid != intid);   /* granted once */
	kernel.irq_routes[kernel.nirq_routes++] =
		(struct irq_route){ .intid = intid, .target = target, .bits = bits };
}

/* A GIC banks SGI and PPI enables per CPU: each CPU unmasks the routes of
 * its own threads when it comes up. */
void irq_routes_enable_cpu(unsigned cpu)
{
	for (unsigned i = 0; i < kernel.nirq_routes; i++)
		if (kernel.irq_routes[i].target->cpu == cpu)
			plat_irq_unmask(kernel.irq_routes[i].intid);
}

static struct irq_route *route_of(uint32_t intid)
{
	for (unsigned i = 0; i < kernel.nirq_routes; i++)
		if (kernel.irq_routes[i].intid == intid)
			return &kernel.irq_routes[i];
	return NULL;
}

bool irq_route_deliver(uint32_t intid)
{
	struct irq_route *r = route_of(intid);

	if (!r)
		return false;
	plat_irq_mask(intid);
	r->masked = true;
	kernel.irq_delivered++;
	signal_send(r->target, r->bits);
	return true;
}

int32_t irq_route_ack(struct thread *t, uint32_t intid)
{
	struct irq_route *r = route_of(intid);

	if (!r || r->target->comp != t->comp)
		return -SYS_EPERM;   /* not an interrupt of the caller's component */
	if (t->cpu != r->target->cpu)
		return -SYS_EINVAL;  /* its enable is banked on the target's CPU */
	if (!r->masked)
		return -SYS_ESTATE;  /* nothing to acknowledge */
	r->masked = false;
	plat_irq_unmask(intid);
	return 0;
}
