/* Every normal-world register an SMC round trip must preserve (regs.S). */
#ifndef GUEST_REGS_H
#define GUEST_REGS_H

#include <stdint.h>

struct mode_regs {
	uint32_t spsr, sp, lr;   /* ldm/stm order {rX, sp, lr} */
};

struct all_regs {
	uint32_t r[15];          /* r0-r12, sp_svc, lr_svc */
	uint32_t cpsr_flags;     /* NZCV */
	uint32_t usr_sp, usr_lr;
	uint32_t svc_spsr;
	struct mode_regs abt, und, irq;
	uint32_t fiq_spsr, fiq_r8_12[5], fiq_sp, fiq_lr;
};

/* Loads every register from in (in->r[0] is the function id), executes
 * smc #0 and stores every register into out. */
void regs_smc_roundtrip(const struct all_regs *in, struct all_regs *out);

/* Loads d0-d31 and FPSCR from in[0..32], executes smc with id, stores
 * them into out[0..32] (two words per d register, FPSCR last). */
void vfp_smc_roundtrip(uint32_t id, const uint32_t *in, uint32_t *out);
void vfp_enable(void);

#endif
