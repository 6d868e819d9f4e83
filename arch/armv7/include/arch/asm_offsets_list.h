/*
 * The one list of values shared with assembly. asm-offsets.c emits it;
 * kernel/asm_offsets_check.c checks the generated header against it.
 */
#ifndef ARCH_ASM_OFFSETS_LIST_H
#define ARCH_ASM_OFFSETS_LIST_H

#include <stddef.h>
#include <tzvmm/smccc.h>
#include <tzvmm/vcpu_state.h>

#define ASM_OFFSETS_LIST                                                       \
	X(VCPU_SP_USR, offsetof(struct vcpu_state, regs.sp_usr))               \
	X(VCPU_PC, offsetof(struct vcpu_state, regs.pc))                       \
	X(VCPU_PMCR, offsetof(struct vcpu_state, pmcr))                        \
	X(VCPU_ENTRY_FLAGS, offsetof(struct vcpu_state, entry_flags))          \
	X(VCPU_EXIT_SMC, VCPU_EXIT_SMC)                                        \
	X(VCPU_ENTRY_SET_SCTLR_ASM, VCPU_ENTRY_SET_SCTLR)                      \
	X(SMC_BENCH_FLOOR_ASM, TZVMM_SMC_BENCH_FLOOR)                          \
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
