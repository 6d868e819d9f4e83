/*
 * vCPU objects: one per normal-world CPU, pinned to that CPU. The state
 * block is shared with the handling component (the VMM). On every exit the
 * kernel records why; an SMC pauses the vCPU and signals the handler, which
 * answers and resumes it with SYS_WAIT or SYS_VCPU_RUN. A secure interrupt
 * (FIQ) is handled in the kernel and does not involve the VMM.
 */
#include "kernel.h"
#include "sched.h"
#include "budget.h"
#include "restart.h"
#include "signal.h"
#include "log.h"
#include "irq.h"
#include "kernel_lock.h"
#include "tracepoints.h"
#include "vcpu_entry.h"
#include <plat/board.h>
#include <tzvmm/syscall.h>

/*
 * The common case of an SMC exit, taken directly: the handler thread waits
 * for this exit, on this CPU, and no runnable thread here comes before it
 * (any runnable one does if its budget is spent).
 * The outcome is exactly that of signal_send() followed by
 * sched_dispatch(), without their general cases (another CPU, other
 * priorities). Another component may have run last on this CPU (the
 * integrity monitor, the storage component): then its address space is
 * switched here, as sched_dispatch would.
 */
static void exit_fast_path(struct cpu *cpu, struct vcpu *v)
{
	struct thread *h = v->handler;
	uint32_t others = cpu->runnable;   /* h waits: not among them */

	/* (h->cpu is this CPU: a vCPU's handler is the per-CPU thread of its
	 * CPU, component.c grants it so.) */
	if (h->state != THREAD_BLOCKED || !(h->wait_mask & v->exit_bits) ||
	    (others & (h->cpu_bit - 1)))
		return;
	if (others) {
		/* A thread of lower priority waits: h goes first only with
		 * budget left, and then its time counts (budget.c). */
		if (cpu->throttled & h->cpu_bit)
			return;
		if (h->budget)
			budget_start(cpu, h);
	}
	if (cpu->ttbr0 != h->comp->as.ttbr0) {
		cpu->ttbr0 = h->comp->as.ttbr0;
		arch_aspace_switch(cpu->ttbr0);
	}
	h->pending |= v->exit_bits;
	h->ctx.r[0] = signal_take(h, h->wait_mask);
	h->state = THREAD_RUNNABLE;   /* sched_set_state(), with cpu at hand */
	cpu->runnable = others | h->cpu_bit;
	cpu->current = h;
	kernel_unlock();
	arch_thread_enter(&h->ctx);
}

void vcpu_enter(struct cpu *cpu, struct vcpu *v)
{
	vcpu_enter_inline(cpu, v);
}

/* Entered from monitor.S in secure SVC on this CPU's kernel stack. */
void kernel_vcpu_exit(uint32_t reason)
{
	struct cpu *cpu = arch_this_cpu();

	kernel_lock();
	cpu->vcpu_running = false;
	if (reason == VCPU_EXIT_FIQ)
		irq_handle_pending(cpu);   /* first: the monitor's save ran FIQ masked */
	struct vcpu *v = cpu->vcpu;

	cpu->exits++;   /* a vCPU's exits are its CPU's: it is pinned there */
	v->state->exit_reason = reason;
	if (v->run == VCPU_OFF) {
		/* Its VMM restarts (restart.c sets every vCPU off first): the
		 * guest stops here, and the exit is dropped, never handed to the
		 * new VMM. (An exit of a vCPU that is off for any other reason has
		 * nobody to answer it either.) */
		if (v->resetting)
			restart_vcpu_left(v);
	} else if (reason == VCPU_EXIT_FIQ) {
		cpu->fiq_exits++;
	} else if (tracehook_fastpath(cpu, v->state)) {
		/* The traced image: a pure query, answered; the vCPU runs on. */
	} else {
		kernel_preempt(cpu);   /* the monitor's save came first, FIQ masked */
		v->run = VCPU_PAUSED;
		exit_fast_path(cpu, v);
		signal_send(v->handler, v->exit_bits);
		if (kernel_tracehook_general_path)
			kernel_tracehook_general_path(cpu);
	}
	sched_dispatch(cpu);
}

/* monitor.S branches to kernel_vcpu_exit_entry: kernel_vcpu_exit itself,
 * unless the traced image records the exit first (kernel/tracepoints.h). */
void kernel_vcpu_exit_entry(uint32_t reason) __attribute__((weak, alias("kernel_vcpu_exit")));
