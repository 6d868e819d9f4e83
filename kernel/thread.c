/*
 * Threads by name and their end. Threads are created at boot
 * (kernel/component.c) and never freed: a thread that exits or faults
 * (without COMP_RESTART) stays THREAD_DEAD, off its CPU's run queue, its
 * timer cancelled, and ignores signals from then on.
 */
#include "component.h"
#include "kernel.h"
#include "sched.h"
#include "timer.h"

/* Thread index of boot-list component `component`, or NULL if it has no
 * such thread. Used for the grants of the boot list and for fault reports. */
struct thread *thread_find(unsigned component, unsigned index)
{
	for (unsigned i = 0; i < kernel.nthreads; i++) {
		struct thread *t = &kernel.threads[i];

		if (t->comp == &kernel.components[component] && t->index == index)
			return t;
	}
	return NULL;
}

/* Ends thread t for good (SYS_EXIT or a fault). A COMP_ESSENTIAL component
 * (the VMM) cannot go on without it, and the normal world would wait
 * forever for its answers: the machine powers off with status 70 instead,
 * and this does not return. The caller has logged why. */
void thread_kill(struct thread *t)
{
	sched_set_state(t, THREAD_DEAD);
	timer_arm(t, 0, 0);
	if (t->comp->desc->flags & COMP_ESSENTIAL)
		kernel_power(SYS_POWER_OFF, KERNEL_STATUS_COMPONENT_DIED);
}
