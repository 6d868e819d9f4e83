/*
 * vCPU objects: one per normal-world CPU, pinned to that CPU. The state
 * block is shared with the handling component (the VMM). On every exit the
 * kernel records why; an SMC pauses the vCPU and signals the handler, which
 * answers and resumes it with SYS_WAIT or SYS_VCPU_RUN. A secure interrupt
 * (FIQ) is handled in the kernel and does not involve the VMM.
 */
#include "kernel.h"
#include "lock.h"
#include "plat.h"
#include <tzvmm/syscall.h>

int vcpu_run(struct vcpu *v)
{
	if (v->run == VCPU_RUNNABLE)
		return -SYS_ESTATE;
	v->run = VCPU_RUNNABLE;
	sched_wake_cpu(v->cpu);
	return 0;
}

int vcpu_pause(struct vcpu *v)
{
	if (v->run == VCPU_OFF)
		return -SYS_ESTATE;
	v->run = VCPU_OFF;
	/* If its CPU is in the normal world now, an SGI makes it exit. */
	if (kernel.cpus[v->cpu].vcpu_running)
		sched_wake_cpu(v->cpu);
	return 0;
}

/* Entered from monitor.S in secure SVC on this CPU's kernel stack. */
void kernel_vcpu_exit(uint32_t reason)
{
	struct cpu *cpu = arch_this_cpu();

	kernel_lock();
	struct vcpu *v = cpu->vcpu;

	cpu->vcpu_running = false;
	cpu->exits++;
	v->state->exit_reason = reason;
	v->state->exits++;
	if (reason == VCPU_EXIT_FIQ) {
		cpu->fiq_exits++;
		irq_handle_pending(cpu);
	} else {
		v->run = VCPU_PAUSED;
		signal_send(v->handler, v->exit_bits);
	}
	sched_dispatch(cpu);
}
