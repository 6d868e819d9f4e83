/*
 * The one list of values shared with assembly. asm-offsets.c emits it;
 * kernel/asm_offsets_check.c checks the generated header against it.
 */
#ifndef ARCH_ASM_OFFSETS_LIST_H
#define ARCH_ASM_OFFSETS_LIST_H

#include <stddef.h>
#include <tzvmm/vcpu_state.h>

#define ASM_OFFSETS_LIST                                                       \
	X(VCPU_SP_USR, offsetof(struct vcpu_state, regs.sp_usr))               \
	X(VCPU_PC, offsetof(struct vcpu_state, regs.pc))                       \
	X(VCPU_PMCR, offsetof(struct vcpu_state, pmcr))                        \
	X(VCPU_ENTRY_FLAGS, offsetof(struct vcpu_state, entry_flags))          \
	X(VCPU_FAST_ANSWERS, offsetof(struct vcpu_state, fast_answers))        \
	X(FP_FILTER, offsetof(struct fastpath_table, filter))                  \
	X(FP_FIRST, offsetof(struct fastpath_table, first))                    \
	X(FP_E, offsetof(struct fastpath_table, e))                            \
	X(FPE_SIZE, sizeof(struct sys_fastpath_entry))                         \
	X(FPE_ID, offsetof(struct sys_fastpath_entry, id))                     \
	X(FPE_FLAGS, offsetof(struct sys_fastpath_entry, flags))               \
	X(FPE_A1, offsetof(struct sys_fastpath_entry, a1))                     \
	X(FPE_R, offsetof(struct sys_fastpath_entry, r))                       \
	X(FPE_MATCH_A1, SYS_FASTPATH_MATCH_A1)                                 \
	X(FP_HASH_MUL, FASTPATH_HASH_MUL)                                      \
	X(FP_HASH_SHIFT, FASTPATH_HASH_SHIFT)                                  \
	X(VCPU_EXIT_SMC, VCPU_EXIT_SMC)                                        \
	X(VCPU_ENTRY_SET_SCTLR_ASM, VCPU_ENTRY_SET_SCTLR)                      \
	X(VCPU_EXIT_FIQ, VCPU_EXIT_FIQ)                                        \
	X(CPU_KSTACK_TOP, offsetof(struct cpu, kstack_top))                    \
	X(CTX_PC, offsetof(struct arch_context, pc))                           \
	X(KERNEL_STACK_BYTES, KERNEL_STACK_SIZE)                               \
	X(ARCH_EXC_UNDEF_ASM, ARCH_EXC_UNDEF)                                  \
	X(ARCH_EXC_PABT_ASM, ARCH_EXC_PABT)                                    \
	X(ARCH_EXC_DABT_ASM, ARCH_EXC_DABT)                                    \
	X(ARCH_EXC_IRQ_ASM, ARCH_EXC_IRQ)                                      \
	X(ARCH_EXC_FIQ_ASM, ARCH_EXC_FIQ)

#endif
