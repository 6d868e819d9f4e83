/*
 * The host's stand-in for arch/armv7/include/arch/cp15.h, for the drivers
 * that reach a CPU register (drivers/generic_timer.c): the registers they
 * use are variables a test sets and reads (fake_cp15, test/unit/fake_arch.c).
 */
#ifndef ARCH_CP15_H
#define ARCH_CP15_H

#include <stdint.h>

struct fake_cp15 {
	uint64_t cntpct;
	uint32_t cntfrq, cntp_tval, cntp_ctl;
	unsigned isbs;
};
extern struct fake_cp15 fake_cp15;

static inline uint32_t cp15_read_cntfrq(void) { return fake_cp15.cntfrq; }
static inline uint64_t cp15_read_cntpct(void) { return fake_cp15.cntpct; }
static inline void cp15_write_cntp_tval(uint32_t v) { fake_cp15.cntp_tval = v; }
static inline void cp15_write_cntp_ctl(uint32_t v) { fake_cp15.cntp_ctl = v; }
static inline void arch_isb(void) { fake_cp15.isbs++; }

#endif
