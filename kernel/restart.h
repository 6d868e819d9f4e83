/* Restarting a whole component from its initial image (kernel/restart.c, COMP_RESTART_IMAGE) */
#ifndef KERNEL_RESTART_H
#define KERNEL_RESTART_H

#include <stdbool.h>

struct component;
struct thread;
struct vcpu;

void restart_component(struct component *c);
/* sched_dispatch's check before it enters thread t: true if t was parked
 * instead (its component is restarting). */
bool restart_park_if_stopping(struct thread *t);
/* kernel_vcpu_exit's part when v's VMM restarts: v is off, and the restart
 * completes if v was the last of its vCPUs still in the normal world. */
void restart_vcpu_left(struct vcpu *v);
/* sched_dispatch's part before it enters v (on v's CPU) if v->reset_sysregs:
 * after a restart, the NS system registers back to their reset values. */
void restart_reset_ns_sysregs(struct vcpu *v);

#endif
