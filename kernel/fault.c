/*
 * Exceptions from secure user mode. A fault ends or restarts the thread
 * (per its component's boot-list entry), is reported on the secure log with
 * component, pc, fault address and status, and is signalled to the
 * component's supervisor. The kernel itself keeps running. An exception
 * taken from kernel mode is a kernel bug and panics.
 */
#include <arch/cpu.h>
#include "component.h"
#include "fault.h"
#include "kernel.h"
#include "sched.h"
#include "restart.h"
#include "signal.h"
#include "log.h"
#include "kernel_lock.h"
#include <plat/board.h>

const char *fault_status_name(uint32_t fsr)
{
	switch ((fsr & 0xfu) | ((fsr >> 6) & 0x10u)) {
	case 0x01: return "alignment";
	case 0x02: return "debug event";
	case 0x03: case 0x06: return "access flag";
	case 0x04: return "cache maintenance";
	case 0x05: case 0x07: return "translation";
	case 0x08: return "synchronous external abort";
	case 0x09: case 0x0b: return "domain";
	case 0x0d: case 0x0f: return "permission";
	case 0x16: return "asynchronous external abort";
	default: return "other";
	}
}

static const char *exception_name(enum arch_exception kind)
{
	switch (kind) {
	case ARCH_EXC_UNDEF: return "undefined instruction";
	case ARCH_EXC_PABT: return "prefetch abort";
	case ARCH_EXC_DABT: return "data abort";
	case ARCH_EXC_IRQ: return "irq";
	case ARCH_EXC_FIQ: return "fiq";
	}
	return "exception";
}

void fault_thread(struct thread *t, enum arch_exception kind, uint32_t pc,
		  uint32_t addr, uint32_t status)
{
	struct component *c = t->comp;
	const struct component_desc *d = c->desc;

	c->faults++;
	kernel.faults++;
	if (kind == ARCH_EXC_UNDEF)
		log_printf("fault: component '%s' thread %u: %s at pc 0x%08x",
			   d->name, t->index, exception_name(kind), (unsigned)pc);
	else
		log_printf("fault: component '%s' thread %u: %s at pc 0x%08x, "
			   "address 0x%08x, status 0x%03x (%s)",
			   d->name, t->index, exception_name(kind), (unsigned)pc,
			   (unsigned)addr, (unsigned)status,
			   fault_status_name(status));
	if (d->flags & COMP_RESTART_IMAGE) {
		log_printf("component '%s' restarting from its image", d->name);
		restart_component(c);
	} else if (d->flags & COMP_RESTART) {
		component_restart_thread(t);
		log_printf("component '%s' thread %u restarted", d->name, t->index);
	} else {
		log_printf("component '%s' thread %u stopped", d->name, t->index);
		thread_kill(t);
	}
	if (d->has_fault_notify) {
		const struct signal_grant *g = &d->fault_notify;
		struct thread *sup = thread_find(g->component, g->thread);

		if (sup)
			signal_send(sup, g->bits);
	}
}

void kernel_exception(struct arch_context *ctx, uint32_t kind)
{
	struct cpu *cpu = arch_this_cpu();

	if (!ctx || (ctx->cpsr & MODE_MASK) != MODE_USR) {
		log_printf("exception %u in kernel mode, pc 0x%08x, dfar 0x%08x, dfsr 0x%03x",
			   (unsigned)kind, ctx ? (unsigned)ctx->pc : 0u,
			   (unsigned)arch_fault_address(ARCH_EXC_DABT),
			   (unsigned)arch_fault_status(ARCH_EXC_DABT));
		kernel_panic(__FILE__, __LINE__, "exception in kernel mode");
	}
	kernel_lock();
	if (kind == ARCH_EXC_FIQ || kind == ARCH_EXC_IRQ) {
		irq_handle_pending(cpu);
	} else {
		enum arch_exception e = (enum arch_exception)kind;

		fault_thread(cpu->current, e, ctx->pc, arch_fault_address(e),
			     arch_fault_status(e));
	}
	sched_dispatch(cpu);
}
