/*
 * Host stand-in for arch/armv7/include/arch/percpu.h (found first on the
 * unit-test include path). "This CPU" is whatever struct cpu the test
 * points fake_this_cpu at, instead of TPIDRPRW; an FIQ is pending at the
 * next preemption point when the test says so (fake_arch.c).
 */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#include <stdbool.h>

struct cpu;

extern struct cpu *fake_this_cpu;

static inline struct cpu *arch_this_cpu(void)
{
	return fake_this_cpu;
}

bool arch_fiq_pending(void);

#endif
