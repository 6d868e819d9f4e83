/*
 * The limits of a tzvmm image, in one place. The kernel, the components
 * and the guests include this header; scripts/mkbootlist.py reads it too
 * (every "#define NAME VALUE" below, VALUE a number or an earlier name), so
 * a component declaration that does not fit stops the build, not the boot,
 * and the generated boot list asserts the same at compile time.
 */
#ifndef TZVMM_LIMITS_H
#define TZVMM_LIMITS_H

/* CPUs the secure world runs (beyond them a CPU stays parked), and so the
 * vCPUs a component can hold, the VMM's and the storage's per-CPU state
 * and the PSCI CPU numbers. */
#define TZVMM_MAX_CPUS            8u
/* Components in one image: today the VMM, the storage, the integrity
 * monitor and the test image's probe, with room for more. */
#define TZVMM_MAX_COMPONENTS      8u
/* Threads of all components: two with a thread per CPU and two more, on
 * TZVMM_MAX_CPUS CPUs. */
#define TZVMM_MAX_THREADS         32u
/* Per component: capability slots (the vCPUs' first in a component that
 * holds them), named signal capabilities, interrupts, shared regions. */
#define COMPONENT_MAX_CAPS        16u
#define COMPONENT_MAX_VCPUS       TZVMM_MAX_CPUS
#define COMPONENT_MAX_SIGNAL_CAPS 4u
#define COMPONENT_MAX_IRQS        4u
#define COMPONENT_MAX_SHM         4u
/* Interrupt routes of all components. */
#define TZVMM_MAX_IRQ_ROUTES      8u
/* Thread priorities are 1 to this (kernel/sched.c orders threads by it). */
#define TZVMM_PRIO_MAX            255u
/* Longest budget period: keeps a budget's ticks in 32 bits
 * (kernel/budget.c). */
#define TZVMM_BUDGET_PERIOD_MAX_MS 1000u

#endif
