/* This CPU's struct cpu, kept in TPIDRPRW (secure bank, PL1 only). */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#include <stdint.h>

struct cpu;

static inline struct cpu *arch_this_cpu(void)
{
	uint32_t v;

	__asm__("mrc p15, 0, %0, c13, c0, 4" : "=r"(v));
	return (struct cpu *)(uintptr_t)v;
}

#endif
