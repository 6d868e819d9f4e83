/* This CPU's struct cpu, kept in TPIDRPRW (secure bank, PL1 only), and
 * whether a secure interrupt waits for it: both inline on the SMC path. */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#include <stdbool.h>
#include <stdint.h>

struct cpu;

static inline struct cpu *arch_this_cpu(void)
{
	uint32_t v;

	__asm__("mrc p15, 0, %0, c13, c0, 4" : "=r"(v));
	return (struct cpu *)(uintptr_t)v;
}

/* ISR.F (bit 6, B4.1.86): an FIQ is pending, masked or not. The kernel's
 * preemption points ask it with FIQ masked (kernel/irq.h). */
static inline bool arch_fiq_pending(void)
{
	uint32_t isr;

	__asm__ volatile("mrc p15, 0, %0, c12, c1, 0" : "=r"(isr) :: "memory");
	return (isr & (1u << 6)) != 0;
}

#endif
