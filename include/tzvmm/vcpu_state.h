/*
 * The vCPU state block: the normal world's complete CPU state while it is
 * stopped in the secure world. monitor.S saves into it on every exit and
 * restores from it on every entry; the kernel maps it, one page per vCPU,
 * into the VMM, which reads the SMC arguments and writes the results here.
 *
 * Layout rule: assembly never hard-codes an offset. arch/armv7/asm-offsets.c
 * generates them from this struct. The monitor walks sp_usr .. pc with one
 * stm/ldm writeback pointer (stm stores registers in ascending number order,
 * so {spsr-in-r2, sp, lr} lands as spsr, sp, lr); kernel/asm_offsets_check.c
 * asserts that every part follows the previous one without a gap.
 */
#ifndef TZVMM_VCPU_STATE_H
#define TZVMM_VCPU_STATE_H

#include <stdint.h>

/* Why the normal world stopped. */
enum vcpu_exit_reason {
	VCPU_EXIT_NONE = 0,
	VCPU_EXIT_SMC = 1,   /* smc instruction; r0 holds the function id */
	VCPU_EXIT_FIQ = 2,   /* a secure (group 0) interrupt preempted it */
};

/* sp/lr/spsr of one exception mode, in the order stm writes them. */
struct vcpu_mode_regs {
	uint32_t spsr;
	uint32_t sp;
	uint32_t lr;
};

struct vcpu_fiq_regs {
	uint32_t spsr;
	uint32_t r8_12[5];
	uint32_t sp;
	uint32_t lr;
};

struct vcpu_regs {
	uint32_t r[13];              /* r0-r12 of the interrupted mode */
	uint32_t sp_usr, lr_usr;     /* shared by USR and SYS */
	struct vcpu_mode_regs svc;
	struct vcpu_mode_regs abt;
	struct vcpu_mode_regs und;
	struct vcpu_mode_regs irq;
	struct vcpu_fiq_regs fiq;
	uint32_t cpsr;               /* its CPSR (sanitised by the kernel on entry) */
	uint32_t pc;                 /* where the normal world resumes */
};

/* entry_flags: one-shot requests the monitor carries out on the next entry. */
/* Load the NS SCTLR's architectural reset value, SCTLR_NS_RESET (MMU and
 * caches off, for CPU_ON and boot). The value is the monitor's constant,
 * not the VMM's to choose: no request can turn the normal world's MMU on
 * with tables of the VMM's making. */
#define VCPU_ENTRY_SET_SCTLR  0x1u

struct vcpu_state {
	struct vcpu_regs regs;
	uint32_t exit_reason;        /* enum vcpu_exit_reason, written on every exit */
	uint32_t pmcr;               /* the normal world's PMCR, kept while secure runs */
	uint32_t entry_flags;        /* VCPU_ENTRY_* */
	uint32_t trace_handler;      /* traced image only: the VMM handler (its address)
	                                that answered the last SMC, for the tracer */
	uint32_t fast_answers;       /* SMCs the monitor answered from the kernel's
	                                fast-path table on this vCPU (a statistic) */
};

#define VCPU_STATE_PAGE_SIZE 4096u

_Static_assert(sizeof(struct vcpu_mode_regs) == 12, "stm {spsr, sp, lr} layout");
_Static_assert(sizeof(struct vcpu_fiq_regs) == 32, "stm {spsr, r8-r12, sp, lr} layout");
_Static_assert(__builtin_offsetof(struct vcpu_regs, lr_usr) ==
	       __builtin_offsetof(struct vcpu_regs, sp_usr) + 4, "stm {sp, lr} layout");
_Static_assert(sizeof(struct vcpu_state) <= VCPU_STATE_PAGE_SIZE, "state block fits a page");

#endif
