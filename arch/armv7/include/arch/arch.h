/*
 * What the portable kernel needs from the architecture layer. The ARMv7
 * implementation lives in arch/armv7 (assembly and C); host unit tests link
 * test/unit/fake_arch.c instead, which records calls rather than switching.
 */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include <stdint.h>
#include <stdbool.h>

struct vcpu_state;
struct cpu;

/* A secure user thread's registers, saved on every kernel entry from USR.
 * vectors.S stores them with srs/stm: order is fixed by the instructions. */
struct arch_context {
	uint32_t r[13];
	uint32_t sp, lr;   /* user-mode banked sp and lr */
	uint32_t pc;       /* resume address */
	uint32_t cpsr;     /* user CPSR */
};

/* Exception classes reported to kernel_exception(). */
enum arch_exception {
	ARCH_EXC_UNDEF = 1,
	ARCH_EXC_PABT = 2,
	ARCH_EXC_DABT = 3,
	ARCH_EXC_IRQ = 4,
	ARCH_EXC_FIQ = 5,
};

/* Return to a secure user thread; never returns. */
void arch_thread_enter(struct arch_context *ctx) __attribute__((noreturn));
/* Enter the normal world through the monitor with this vCPU's state and
 * an already sanitised CPSR; never returns (the next exit re-enters the
 * kernel at kernel_vcpu_exit). */
void arch_vcpu_enter(struct vcpu_state *state, uint32_t cpsr) __attribute__((noreturn));
/* Wait for an interrupt with interrupts masked (WFI wakes regardless). */
void arch_wait_for_interrupt(void);
/* A window in which this CPU takes secure interrupts while the kernel,
 * outside its lock, does work that may stop at any byte (kernel/log.c
 * copies into and drains the secure log in one). An FIQ arriving meanwhile
 * is handled there, on the window's stack (vec_fiq, arch/armv7/vectors.S:
 * kernel_fiq_window, if the kernel lock is free; else it stays pending),
 * and CPSR.F is set again: arch_fiq_deferred() is true once that happened,
 * and the work should stop (a thread the interrupt woke may run next). */
void arch_fiq_open(void);
bool arch_fiq_deferred(void);
void arch_fiq_close(void);
/* Cleans and invalidates the data cache by address for [va, va + len) of
 * the current address space (len > 0), to the point of coherency. */
void arch_dcache_clean_inval(uint32_t va, uint32_t len);
/* One access to the normal world's bank of CP15 register reg (a
 * SYS_NS_REG_*) on this CPU: monitor.S, the only code that may. */
uint32_t arch_ns_cp15(uint32_t reg, uint32_t write, uint32_t value);
/* Load an address space's translation table base. */
void arch_aspace_switch(uint32_t ttbr0);
/* arch_this_cpu(): this CPU's kernel data, inline on the SMC path. Host
 * unit tests put their own arch/percpu.h first on the include path. */
#include <arch/percpu.h>

/* spinlock_t, spin_lock(), spin_unlock(): inline. */
#include <lib/spinlock.h>

/* Fault status of the exception being handled (DFSR/DFAR or IFSR/IFAR). */
uint32_t arch_fault_status(enum arch_exception e);
uint32_t arch_fault_address(enum arch_exception e);

/* Freshly boots a user thread's CPSR: USR, ARM state, IRQ masked (IRQs
 * belong to the normal world), FIQ open (secure interrupts preempt), and
 * asynchronous aborts masked: an external abort the normal world provokes
 * must not be taken in, and blamed on, a secure component. */
#define ARCH_USER_CPSR (MODE_USR | PSR_I | PSR_A)

/* arch_sanitize_ns_cpsr(): a CPSR the normal world may be resumed with, a
 * valid non-monitor, non-hyp mode and FIQ unmasked. Inline, portable C. */
#include <arch/cpsr.h>

#endif
