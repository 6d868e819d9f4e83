/*
 * Host stand-in for arch/armv7/include/arch/percpu.h (found first on the
 * unit-test include path). "This CPU" is whatever struct cpu the test
 * points fake_this_cpu at, instead of TPIDRPRW.
 */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

struct cpu;

extern struct cpu *fake_this_cpu;

static inline struct cpu *arch_this_cpu(void)
{
	return fake_this_cpu;
}

#endif
