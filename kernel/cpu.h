/* Per-CPU kernel data (kernel/sched.c fills it) */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include <tzvmm/limits.h>

struct thread;
struct vcpu;

/* Per-CPU kernel data; TPIDRPRW points here. kstack_top is read by
 * monitor.S and vectors.S (offset generated in asm-offsets.c). */
struct cpu {
	uint32_t kstack_top;
	unsigned id;
	struct thread *current;    /* user thread being run, or NULL */
	struct vcpu *vcpu;         /* this CPU's vCPU, or NULL */
	bool vcpu_running;         /* the normal world is what this CPU left */
	uint32_t ttbr0;            /* loaded address space */
	/* Threads pinned here, highest priority first, and a bit per slot that
	 * is set while that thread is runnable: picking the next thread is a
	 * count-trailing-zeros on the SMC path. */
	struct thread *threads[TZVMM_MAX_THREADS];
	unsigned nthreads;
	uint32_t runnable;
	/* Threads whose budget is spent (a bit per slot, like runnable): they
	 * run only when no other runnable thread of this CPU waits (budget.c). */
	uint32_t throttled;
	struct thread *charged;      /* the budgeted thread running since run_since */
	uint64_t run_since;
	uint64_t timer_deadline;     /* the hardware timer's, UINT64_MAX: stopped */
	uint32_t exits, fiq_exits;
	uint32_t fast_answers;       /* SMCs answered by the kernel's fast path */
	uint32_t idle_wakeups;       /* the idle loop's returns from WFI */
	/* FIQs handled in a window outside the kernel lock (kernel_fiq_window):
	 * the idle loop must not wait after one, nothing is left pending to
	 * wake its WFI. */
	uint32_t window_fiqs;
};

#endif
