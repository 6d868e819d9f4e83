/* Generates regs-offsets.h for regs.S from struct all_regs (see the
 * Makefile's offsets rule; the same mechanism as arch/armv7/asm-offsets.c). */
#include <stddef.h>
#include "regs.h"

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %0\"" ::"i"(val))

void regs_offsets(void);
void regs_offsets(void)
{
	DEFINE(R_FLAGS, offsetof(struct all_regs, cpsr_flags));
	DEFINE(R_USR_SP, offsetof(struct all_regs, usr_sp));
	DEFINE(R_SVC_SPSR, offsetof(struct all_regs, svc_spsr));
	DEFINE(R_ABT, offsetof(struct all_regs, abt));
	DEFINE(R_UND, offsetof(struct all_regs, und));
	DEFINE(R_IRQ, offsetof(struct all_regs, irq));
	DEFINE(R_FIQ, offsetof(struct all_regs, fiq_spsr));
}
