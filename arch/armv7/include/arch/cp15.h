/*
 * CP15 accessors, one per register (ARM DDI 0406C, B4.1). The register
 * bank accessed depends on the security state (and on SCR.NS in monitor
 * mode); the kernel always runs with SCR.NS = 0, so these touch the secure
 * copies.
 */
#ifndef ARCH_CP15_H
#define ARCH_CP15_H

#include <stdint.h>

#define CP15_REG(name, opc1, crn, crm, opc2)                                   \
	static inline uint32_t cp15_read_##name(void)                          \
	{                                                                      \
		uint32_t v;                                                    \
		__asm__ volatile("mrc p15, " #opc1 ", %0, " #crn ", " #crm     \
				 ", " #opc2 : "=r"(v));                        \
		return v;                                                      \
	}                                                                      \
	static inline void cp15_write_##name(uint32_t v)                       \
	{                                                                      \
		__asm__ volatile("mcr p15, " #opc1 ", %0, " #crn ", " #crm     \
				 ", " #opc2 ::"r"(v) : "memory");              \
	}

CP15_REG(mpidr, 0, c0, c0, 5)
CP15_REG(sctlr, 0, c1, c0, 0)
CP15_REG(scr, 0, c1, c1, 0)
CP15_REG(nsacr, 0, c1, c1, 2)
CP15_REG(sder, 0, c1, c1, 1)
CP15_REG(ttbr0, 0, c2, c0, 0)
CP15_REG(ttbcr, 0, c2, c0, 2)
CP15_REG(dacr, 0, c3, c0, 0)
CP15_REG(dfsr, 0, c5, c0, 0)
CP15_REG(ifsr, 0, c5, c0, 1)
CP15_REG(dfar, 0, c6, c0, 0)
CP15_REG(ifar, 0, c6, c0, 2)
CP15_REG(tlbiall, 0, c8, c7, 0)
CP15_REG(iciallu, 0, c7, c5, 0)
CP15_REG(pmcr, 0, c9, c12, 0)
CP15_REG(vbar, 0, c12, c0, 0)
CP15_REG(mvbar, 0, c12, c0, 1)
CP15_REG(tpidrprw, 0, c13, c0, 4)
CP15_REG(cntfrq, 0, c14, c0, 0)
CP15_REG(cntp_tval, 0, c14, c2, 0)
CP15_REG(cntp_ctl, 0, c14, c2, 1)

static inline uint64_t cp15_read_cntpct(void)
{
	uint32_t lo, hi;
	__asm__ volatile("mrrc p15, 0, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void arch_isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void arch_dsb(void) { __asm__ volatile("dsb" ::: "memory"); }
static inline void arch_dmb(void) { __asm__ volatile("dmb" ::: "memory"); }
static inline void arch_wfi(void) { __asm__ volatile("wfi" ::: "memory"); }

#endif
