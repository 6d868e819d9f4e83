/*
 * The kernel's objects: CPUs, address spaces, components, threads and
 * vCPUs. Everything is created at boot from the static boot list
 * (generated from each component's component.conf); nothing is allocated
 * afterwards.
 *
 * Concurrency: one kernel lock (kernel_lock) serialises every kernel entry
 * on every CPU; the kernel runs with interrupts masked and never blocks, so
 * a single per-CPU stack suffices and each entry ends by entering a user
 * thread, a vCPU or the idle loop.
 */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <arch/arch.h>
#include <tzvmm/limits.h>
#include <tzvmm/syscall.h>
#include <tzvmm/vcpu_state.h>
#include "aspace.h"
#include "component.h"
#include "cpu.h"
#include "irq.h"
#include "thread.h"
#include "vcpu.h"

/* The kernel's names for the image's limits (include/tzvmm/limits.h). */
#define KERNEL_MAX_CPUS        TZVMM_MAX_CPUS
#define KERNEL_MAX_THREADS     TZVMM_MAX_THREADS
#define KERNEL_MAX_COMPONENTS  TZVMM_MAX_COMPONENTS
#define KERNEL_MAX_IRQ_ROUTES  TZVMM_MAX_IRQ_ROUTES
#define KERNEL_STACK_SIZE      8192u

/* Broken internal invariant: loud panic with file and line. Never used on
 * a path that normal-world or component input can reach. */
#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			kernel_panic(__FILE__, __LINE__, #cond);               \
	} while (0)

/* kernel_panic(file, line, what) is declared in the board interface. */
#include <plat/board.h>

/* Kernel-wide state. */
struct kernel {
	spinlock_t lock;
	unsigned ncpus;
	unsigned cpus_online;       /* CPUs that have left the board's boot pen */
	struct cpu cpus[KERNEL_MAX_CPUS];
	struct thread threads[KERNEL_MAX_THREADS];
	unsigned nthreads;
	struct component components[KERNEL_MAX_COMPONENTS];
	unsigned ncomponents;
	struct vcpu vcpus[KERNEL_MAX_CPUS];
	uint32_t faults;
	uint32_t restarts;          /* whole-component restarts (restart.c) */
	uint32_t unexpected_irqs;   /* secure interrupts nobody handles (irq.c) */
	struct irq_route irq_routes[KERNEL_MAX_IRQ_ROUTES];   /* irq_route.c */
	unsigned nirq_routes;
	uint32_t irq_delivered;
};

extern struct kernel kernel;

/* syscall.c: the SVC entry */
void kernel_syscall(struct arch_context *ctx) __attribute__((noreturn));


/* power */
void kernel_power(uint32_t how, int32_t status) __attribute__((noreturn));

#endif
