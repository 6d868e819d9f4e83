/*
 * Normal-world CPSR sanitising, inline on the path back to the normal
 * world (and unit-tested on the host). The VMM may write any value into the
 * shared state block, and the monitor returns with `movs pc, lr`, which
 * loads CPSR from SPSR_mon in secure state. Left unchecked, that could put
 * the CPU in monitor or hyp mode with SCR.NS = 1 (unpredictable) or enter the
 * normal world with CPSR.F set, which SCR.FW = 0 would then stop it from
 * clearing: secure interrupts would be starved.
 */
#ifndef ARCH_CPSR_H
#define ARCH_CPSR_H

#include <stdint.h>
#include <arch/cpu.h>

static inline uint32_t arch_sanitize_ns_cpsr(uint32_t cpsr)
{
	uint32_t mode = cpsr & MODE_MASK;

	switch (mode) {
	case MODE_USR:
	case MODE_FIQ:
	case MODE_IRQ:
	case MODE_SVC:
	case MODE_ABT:
	case MODE_UND:
	case MODE_SYS:
		break;
	default:
		/* Monitor, hyp and reserved encodings become SVC. */
		cpsr = (cpsr & ~(uint32_t)MODE_MASK) | MODE_SVC;
		break;
	}
	return cpsr & ~PSR_F;
}

#endif
