/*
 * Second check of the generated assembly offsets: every value in
 * build/include/asm-offsets.h must equal what the C compiler computes now.
 * Also pins the context layout that vectors.S relies on (srs/stm order).
 */
#include <stddef.h>
#include "kernel.h"
#include "fastpath.h"
#include "asm-offsets.h"
#include <arch/asm_offsets_list.h>

#define X(sym, val) \
	_Static_assert((uint32_t)(sym) == (uint32_t)(val), "stale asm-offsets.h: " #sym);
ASM_OFFSETS_LIST
#undef X

_Static_assert(offsetof(struct arch_context, sp) == 13 * 4, "stm {r0-r14}^ layout");
_Static_assert(offsetof(struct arch_context, cpsr) ==
	       offsetof(struct arch_context, pc) + 4, "srs {pc, cpsr} layout");
_Static_assert(offsetof(struct vcpu_state, regs.r) == 0, "SP_mon points at r0");
_Static_assert(offsetof(struct fastpath_table, e) % 4 == 0 &&
	       sizeof(struct sys_fastpath_entry) % 4 == 0, "mon_smc_fast's word loads");

/* monitor.S walks these with one writeback pointer: no gaps, this order. */
#define FOLLOWS(a, b, size) \
	_Static_assert(offsetof(struct vcpu_regs, b) == offsetof(struct vcpu_regs, a) + (size), \
		       #b " follows " #a)
FOLLOWS(sp_usr, svc, 8);
FOLLOWS(svc, abt, sizeof(struct vcpu_mode_regs));
FOLLOWS(abt, und, sizeof(struct vcpu_mode_regs));
FOLLOWS(und, irq, sizeof(struct vcpu_mode_regs));
FOLLOWS(irq, fiq, sizeof(struct vcpu_mode_regs));
FOLLOWS(fiq, cpsr, sizeof(struct vcpu_fiq_regs));
FOLLOWS(cpsr, pc, 4);
