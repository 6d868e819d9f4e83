/*
 * Restart of a whole component from its initial image (component.conf
 * `restart image`: the VMM). A fault in any of its threads stops all of
 * them, wherever they run, puts its initial data back, and starts every
 * thread afresh at its entry. The normal world the component served is
 * stopped with it: its vCPUs are switched off and their state zeroed, so
 * the new VMM boots the guest again from its images, as after a reset.
 * Every other component (the storage, the integrity monitor) runs on
 * untouched. docs/architecture.md section 18 states the policy.
 *
 * Stopping is asynchronous: a thread that is not running is parked at
 * once; one that runs on another CPU right now (in user mode, or waiting
 * for the kernel lock) is told by the reschedule SGI and parked when that
 * CPU next dispatches (restart_park_if_stopping); a vCPU running elsewhere
 * exits on the same SGI. The restart completes when the last thread is
 * parked and every vCPU of the component has left the normal world: a
 * vCPU that is still there, or has exited and waits for the kernel lock,
 * would otherwise come back after the restart with a stale exit that the
 * new VMM would take for the new guest's. All under the kernel lock.
 *
 * The new guest then starts as on a machine that was just powered on: the
 * first entry of each vCPU loads the architectural reset values of the NS
 * system registers, so nothing the old kernel left in a CPU (its page
 * tables, its vectors) outlives it.
 */
#include <arch/mmu.h>
#include <lib/string.h>
#include <tzvmm/component_layout.h>
#include <tzvmm/cpu_state.h>
#include <tzvmm/syscall.h>
#include "component.h"
#include "kernel.h"
#include "restart.h"
#include "sched.h"
#include "budget.h"
#include "fastpath.h"
#include "timer.h"
#include "log.h"
#include <plat/board.h>

#define PAGE_ROUND(x) (((x) + MMU_PAGE - 1) & ~(MMU_PAGE - 1))

/* The component's initial data back from its image, its bss zeroed (its
 * text never changed: it is mapped read-only). */
static void reload_data(struct component *c)
{
	const struct component_desc *d = c->desc;
	const struct component_header *h = (const void *)d->image;
	uint32_t text = h->text_end - COMPONENT_VA_IMAGE;
	uint32_t data = h->data_end - COMPONENT_VA_IMAGE;
	uint32_t total = PAGE_ROUND(h->bss_end - COMPONENT_VA_IMAGE);

	memcpy(c->mem + text, d->image + text, data - text);
	memset(c->mem + data, 0, total - data);
}

static void park(struct thread *t)
{
	timer_arm(t, 0, 0);
	budget_reset(t);
	t->pending = 0;
	t->wait_mask = 0;
	sched_set_state(t, THREAD_PARKED);
}

static bool running_elsewhere(const struct thread *t)
{
	const struct cpu *here = arch_this_cpu();

	for (unsigned i = 0; i < kernel.ncpus; i++)
		if (&kernel.cpus[i] != here && kernel.cpus[i].current == t)
			return true;
	return false;
}

/* A vCPU of c is in the normal world, or has left it and its exit is not
 * yet taken (kernel_vcpu_exit clears vcpu_running under the lock). */
static bool vcpu_still_out(const struct component *c)
{
	if (!(c->desc->flags & COMP_VCPUS))
		return false;
	for (unsigned i = 0; i < kernel.ncpus; i++)
		if (kernel.cpus[kernel.vcpus[i].cpu].vcpu_running)
			return true;
	return false;
}

/* When the last thread of c is parked and its last vCPU has come back:
 * initial data back, the vCPUs off with zeroed state, every thread
 * runnable at its entry. */
static void finish(struct component *c)
{
	for (unsigned i = 0; i < kernel.nthreads; i++)
		if (kernel.threads[i].comp == c && kernel.threads[i].state != THREAD_PARKED)
			return;
	if (vcpu_still_out(c))
		return;
	reload_data(c);
	if (c->desc->flags & COMP_VCPUS) {
		for (unsigned i = 0; i < kernel.ncpus; i++) {
			struct vcpu *v = &kernel.vcpus[i];

			v->run = VCPU_OFF;
			v->resetting = false;
			v->entered = false;
			v->reset_sysregs = true;
			memset(v->state, 0, VCPU_STATE_PAGE_SIZE);
		}
	}
	if (c->rights & RIGHT_FASTPATH)
		fastpath_reset();   /* the new instance gives its table again */
	c->restarting = false;
	c->restarts++;
	kernel.restarts++;
	for (unsigned i = 0; i < kernel.nthreads; i++) {
		struct thread *t = &kernel.threads[i];

		if (t->comp == c) {
			component_restart_thread(t);
			sched_wake_cpu(t->cpu);
		}
	}
	log_printf("component '%s' restarted from its image (restart %u)", c->desc->name,
		   (unsigned)c->restarts);
}

void restart_component(struct component *c)
{
	if (c->restarting)
		return;   /* a second fault while stopping: one restart */
	c->restarting = true;
	if (c->desc->flags & COMP_VCPUS) {
		for (unsigned i = 0; i < kernel.ncpus; i++) {
			struct vcpu *v = &kernel.vcpus[i];

			v->resetting = true;
			v->run = VCPU_OFF;
			if (kernel.cpus[v->cpu].vcpu_running)
				sched_wake_cpu(v->cpu);   /* it exits on the SGI */
		}
	}
	for (unsigned i = 0; i < kernel.nthreads; i++) {
		struct thread *t = &kernel.threads[i];

		if (t->comp != c || t->state == THREAD_PARKED)
			continue;
		if (running_elsewhere(t))
			sched_wake_cpu(t->cpu);
		else
			park(t);
	}
	finish(c);
}

bool restart_park_if_stopping(struct thread *t)
{
	if (!t->comp->restarting)
		return false;
	park(t);
	finish(t->comp);
	return true;
}

void restart_vcpu_left(struct vcpu *v)
{
	v->run = VCPU_OFF;
	finish(v->handler->comp);
}

/* The NS banked registers a guest programs, at the values a Cortex-A15
 * resets them to (SCTLR: MMU and caches off, low vectors; the rest zero:
 * no page tables, no vectors, no fault record). */
void restart_reset_ns_sysregs(struct vcpu *v)
{
	v->reset_sysregs = false;
	for (uint32_t reg = 0; reg < SYS_NS_REG_COUNT; reg++)
		(void)arch_ns_cp15(reg, 1, reg == SYS_NS_REG_SCTLR ? SCTLR_NS_RESET : 0);
}
