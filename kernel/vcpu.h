/* A vCPU: the normal world on one CPU, paused at each exit until its
 * handler lets it run again (kernel/vcpu.c). */
#ifndef KERNEL_VCPU_H
#define KERNEL_VCPU_H

#include <stdbool.h>
#include <stdint.h>
#include <tzvmm/vcpu_state.h>

struct cpu;
struct thread;

enum vcpu_run_state {
	VCPU_OFF,        /* never started (PSCI CPU_ON not yet called) */
	VCPU_RUNNABLE,   /* runs whenever its CPU has no secure work */
	VCPU_PAUSED,     /* stopped at an exit, waiting for the VMM */
};

struct vcpu {
	struct vcpu_state *state;  /* page shared with the handler's component */
	unsigned cpu;
	enum vcpu_run_state run;
	struct thread *handler;    /* signalled on each exit */
	uint32_t exit_bits;
	bool resetting;            /* its VMM restarts: stopped, off when it exits */
	bool entered;              /* has run since boot or its VMM's restart: only
				    * then are the banked registers the guest's */
	bool reset_sysregs;        /* its VMM restarted: the next entry first puts
				    * the NS system registers back to their reset
				    * values, as at power-on (restart.c) */
};


void kernel_vcpu_exit(uint32_t reason) __attribute__((noreturn));
/* Enters v, runnable on this CPU, with the kernel lock held (released on
 * the way): the last step of every way into the normal world. Its last
 * preemption point comes first: if a secure interrupt waits, it is handled
 * and vcpu_enter returns, lock held, v still runnable; the caller
 * dispatches again (the interrupt may have woken a thread). */
void vcpu_enter(struct cpu *cpu, struct vcpu *v);
/* SYS_WAIT's fast path, vcpu_wait_fast_path: vcpu_entry.h, inlined. */

#endif
