/*
 * Fake architecture layer: what the linked kernel sources need from
 * arch/armv7 besides the inline percpu/lock stand-ins in
 * test/unit/include/arch/.
 */
#include <arch/arch.h>
#include <arch/cp15.h>
#include <tzvmm/syscall.h>
#include "kernel.h"
#include "unit.h"

struct cpu *fake_this_cpu;
unsigned fake_lock_errors;
struct fake_cp15 fake_cp15;

uint32_t arch_fault_status(enum arch_exception e)
{
	(void)e;
	return fake.fault_status;
}

uint32_t arch_fault_address(enum arch_exception e)
{
	(void)e;
	return fake.fault_address;
}

/* Entering the normal world never returns either: record it and leave. */
void arch_vcpu_enter(struct vcpu_state *state, uint32_t cpsr)
{
	fake.vcpu_enters++;
	fake.vcpu_enter_state = state;
	fake.vcpu_enter_cpsr = cpsr;
	fake_escape_now("arch_vcpu_enter");
}

/* A secure interrupt waits at the preemption point the test names (the
 * first, second... since fake_reset); the point handles it (the fake
 * irq_handle_pending counts it, and may wake a thread). */
bool arch_fiq_pending(void)
{
	return ++fake.fiq_polls == fake.fiq_at_poll;
}

void arch_wait_for_interrupt(void)
{
	fake.idle_waits++;
}

/* Entering a user thread never returns: record it (and whether the kernel
 * lock was released first, as it must be) and leave. */
void arch_thread_enter(struct arch_context *ctx)
{
	fake.thread_enters++;
	fake.thread_ctx = ctx;
	fake.enter_locked = kernel.lock.locked != 0;
	fake_escape_now("arch_thread_enter");
}

void arch_aspace_switch(uint32_t ttbr0)
{
	(void)ttbr0;
	fake.aspace_switches++;
}

/* The normal world's banked CP15 registers, as arch_ns_cp15 would reach
 * them on the CPU the test runs on (kernel/syscall.c, SYS_VCPU_REG). */
uint32_t fake_ns_cp15[SYS_NS_REG_COUNT];

uint32_t arch_ns_cp15(uint32_t reg, uint32_t write, uint32_t value)
{
	if (reg >= SYS_NS_REG_COUNT)
		fake_escape_now("arch_ns_cp15: bad register");
	if (write)
		fake_ns_cp15[reg] = value;
	return fake_ns_cp15[reg];
}

void arch_dcache_clean_inval(uint32_t va, uint32_t len)
{
	fake.cache_va = va;
	fake.cache_len = len;
	fake.cache_ops++;
}
