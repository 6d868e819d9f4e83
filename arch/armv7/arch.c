/*
 * ARMv7-A mechanisms the kernel calls: per-CPU set-up of the secure and
 * monitor vectors and of the security controls, MMU enable, locks, fault
 * registers. Everything here is a few instructions; policy stays in kernel/.
 */
#include <arch/arch.h>
#include <arch/cp15.h>
#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/arch_boot.h>

extern char kernel_vectors[];
extern char monitor_vectors[];

void arch_cpu_init(struct cpu *cpu)
{
	uint32_t actlr;

	cp15_write_tpidrprw((uint32_t)(uintptr_t)cpu);
	cp15_write_vbar((uint32_t)(uintptr_t)kernel_vectors);
	cp15_write_mvbar((uint32_t)(uintptr_t)monitor_vectors);
	/* The normal world may use VFP/NEON (its state never leaves the
	 * registers: secure code is built without them) and set ACTLR.SMP. */
	cp15_write_nsacr(NSACR_CP10 | NSACR_CP11 | NSACR_NS_SMP);
	/* No secure user debug or secure non-invasive debug (PMU counting). */
	cp15_write_sder(0);
	cp15_write_scr(SCR_SECURE_RUN);
	cp15_write_pmcr(cp15_read_pmcr() | PMCR_DP);
	/* Cortex-A15 (TRM 4.3.28): coherency with the other CPUs (ACTLR.SMP,
	 * bit 6), and ACTLR.IBE (bit 0), without which ICIALLU does not
	 * invalidate the branch predictor: the monitor relies on it against
	 * Spectre-BP. QEMU reads ACTLR as zero and ignores writes. */
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 1" : "=r"(actlr));
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 1" ::"r"(actlr | (1u << 6) | (1u << 0)));
	arch_isb();
}

void arch_mmu_enable(uint32_t ttbr0)
{
	cp15_write_ttbcr(0);
	cp15_write_dacr(0x1);   /* domain 0: client, permissions checked */
	cp15_write_ttbr0(ttbr0);
	cp15_write_tlbiall(0);
	arch_dsb();
	arch_isb();
	uint32_t sctlr = cp15_read_sctlr();

	sctlr &= ~(SCTLR_A | SCTLR_V | SCTLR_TRE | SCTLR_AFE | SCTLR_TE);
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_Z;
	cp15_write_sctlr(sctlr);
	arch_isb();
}

void arch_aspace_switch(uint32_t ttbr0)
{
	/* No ASIDs: user mappings are non-global and flushed on a switch,
	 * which only happens between secure components, never on the
	 * VMM <-> normal world path. */
	arch_dsb();
	cp15_write_ttbr0(ttbr0);
	arch_isb();
	cp15_write_tlbiall(0);
	arch_dsb();
	arch_isb();
}

void arch_wait_for_interrupt(void)
{
	arch_dsb();
	arch_wfi();
}

void arch_fiq_open(void)
{
	__asm__ volatile("cpsie f" ::: "memory");
}

bool arch_fiq_deferred(void)
{
	uint32_t cpsr;

	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr) :: "memory");
	return (cpsr & PSR_F) != 0;
}

void arch_fiq_close(void)
{
	__asm__ volatile("cpsid f" ::: "memory");
}

/* The idle loop waits through arch_wait_for_interrupt_entry: this
 * function, unless the traced image first writes out the CPU's trace
 * records (kernel/tracepoints.h). */
void arch_wait_for_interrupt_entry(void) __attribute__((weak, alias("arch_wait_for_interrupt")));

uint32_t arch_fault_status(enum arch_exception e)
{
	if (e == ARCH_EXC_DABT)
		return cp15_read_dfsr();
	if (e == ARCH_EXC_PABT)
		return cp15_read_ifsr();
	return 0;
}

uint32_t arch_fault_address(enum arch_exception e)
{
	if (e == ARCH_EXC_DABT)
		return cp15_read_dfar();
	if (e == ARCH_EXC_PABT)
		return cp15_read_ifar();
	return 0;
}

void arch_dcache_clean_inval(uint32_t va, uint32_t len)
{
	uint32_t ctr;

	__asm__ volatile("mrc p15, 0, %0, c0, c0, 1" : "=r"(ctr));   /* CTR */
	uint32_t line = 4u << ((ctr >> 16) & 0xfu);                   /* DminLine, bytes */
	/* The last byte, not the end: a range may end exactly at 4 GiB. */
	uint32_t last = (va + len - 1u) & ~(line - 1u);

	for (uint32_t a = va & ~(line - 1u);; a += line) {   /* DCCIMVAC each line */
		__asm__ volatile("mcr p15, 0, %0, c7, c14, 1" : : "r"(a) : "memory");
		if (a == last)
			break;
	}
	__asm__ volatile("dsb" ::: "memory");
}
