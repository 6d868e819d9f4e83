/*
 * PSCI 1.1 and SMCCC conformance of the secure world, every return code
 * included: Linux exercises only the success paths. CPU 1 is started at
 * secondary_entry (secondary.S), which reports its context id and turns
 * itself off again.
 */
#include <tzvmm/syscall.h>
#include <tzvmm/test/hooks.h>
#include "../common/guest.h"

void secondary_entry(void);
void storm_entry(void);
void gic_off_entry(void);
volatile uint32_t secondary_context, secondary_starts, secondary_off_returned, storm_sent;

#define AFF_ON 0
#define AFF_OFF 1
#define AFF_ON_PENDING 2

/* GICD_SGIR of the normal world's view of the GIC. */
#define GICD_SGIR ((volatile uint32_t *)(PLAT_NS_GICD_BASE + 0xf00u))

static uint32_t ncpus(void)
{
	return guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_NCPUS, 0, 0).r1;
}

static int32_t psci(uint32_t id, uint32_t a1, uint32_t a2, uint32_t a3)
{
	return (int32_t)guest_smc(id, a1, a2, a3).r0;
}

/* Waits (bounded) until AFFINITY_INFO of cpu reports want. */
static bool wait_affinity(uint32_t cpu, int32_t want)
{
	for (int i = 0; i < 100000; i++) {
		if (psci(PSCI_AFFINITY_INFO, cpu, 0, 0) == want)
			return true;
		/* A spin-wait hint: single-threaded QEMU (-icount) switches to
		 * the other CPU here instead of at the end of a long time slice. */
		__asm__ volatile("yield");
	}
	return false;
}

/* The monitor's fast path answers the pure queries from the VMM's table
 * (the conformance cases above and below hold either way); the VMM's own
 * calls still reach the VMM. */
TEST(pure_queries_are_answered_by_the_fast_path)
{
	uint32_t before = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_FAST_ANSWERS, 0, 0).r1;

	EXPECT_EQ(psci(PSCI_VERSION, 0, 0, 0), 0x00010001);
	EXPECT_EQ(guest_smc(SMCCC_VERSION, 0, 0, 0).r0, 0x00010002u);
	EXPECT_EQ(psci(PSCI_FEATURES, SMCCC_VERSION, 0, 0), 0);
	EXPECT_EQ(guest_smc(TZVMM_SMC_NULL, 0, 0, 0).r0, 0);   /* the VMM's */
	EXPECT_EQ(guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_FAST_ANSWERS, 0, 0).r1, before + 3);
}

TEST(psci_features_is_truthful)
{
	static const uint32_t supported[] = {
		PSCI_VERSION, PSCI_CPU_SUSPEND, PSCI_CPU_OFF, PSCI_CPU_ON, PSCI_AFFINITY_INFO,
		PSCI_MIGRATE_INFO_TYPE, PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET, PSCI_FEATURES,
		SMCCC_VERSION,
	};
	static const uint32_t unsupported[] = {
		PSCI_MIGRATE, PSCI_MIGRATE_INFO_UP_CPU, 0x8400000bu /* CPU_FREEZE */,
		0x8400000eu /* SYSTEM_SUSPEND */, 0x84000012u /* SYSTEM_RESET2 */,
		0xc4000001u, 0xc4000003u, 0xc4000004u, /* SMC64 forms */
		0x84000020u, SMCCC_ARCH_FEATURES, TZVMM_SMC_ECHO,
	};
	for (unsigned i = 0; i < sizeof(supported) / sizeof(supported[0]); i++)
		EXPECT_EQ(psci(PSCI_FEATURES, supported[i], 0, 0), PSCI_SUCCESS);
	for (unsigned i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		EXPECT_EQ(psci(PSCI_FEATURES, unsupported[i], 0, 0), PSCI_NOT_SUPPORTED);
	EXPECT_EQ(psci(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
	EXPECT_EQ(psci(PSCI_MIGRATE, 1, 0, 0), PSCI_NOT_SUPPORTED);
}

TEST(smccc_soc_id)
{
	EXPECT_EQ(psci(SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID, 0, 0), 0);
	EXPECT_EQ(guest_smc(SMCCC_ARCH_SOC_ID, 0, 0, 0).r0,
		  (TZVMM_SOC_JEP106_BANK << 24) | (TZVMM_SOC_JEP106_CODE << 16) | TZVMM_SOC_ID);
	EXPECT_EQ(guest_smc(SMCCC_ARCH_SOC_ID, 1, 0, 0).r0, TZVMM_SOC_REVISION);
	EXPECT_EQ(psci(SMCCC_ARCH_SOC_ID, 2, 0, 0), SMCCC_INVALID_PARAMETER);
}

TEST(cpu_suspend_offers_standby_only)
{
	EXPECT_EQ(psci(PSCI_CPU_SUSPEND, 0, 0, 0), PSCI_SUCCESS);
	EXPECT_EQ(psci(PSCI_CPU_SUSPEND, 1u << 16, (uint32_t)secondary_entry, 0),
		  PSCI_INVALID_PARAMETERS);
	EXPECT_EQ(psci(PSCI_CPU_SUSPEND, 5, 0, 0), PSCI_INVALID_PARAMETERS);
}

TEST(cpu_on_rejects_bad_mpidr_and_address)
{
	uint32_t entry = (uint32_t)secondary_entry;
	uint32_t n = ncpus();

	EXPECT_EQ(psci(PSCI_CPU_ON, n, entry, 0), PSCI_INVALID_PARAMETERS);   /* no such CPU */
	EXPECT_EQ(psci(PSCI_CPU_ON, 0x100, entry, 0), PSCI_INVALID_PARAMETERS);   /* Aff1 */
	EXPECT_EQ(psci(PSCI_CPU_ON, 0x80000001u, entry, 0), PSCI_INVALID_PARAMETERS);
	EXPECT_EQ(psci(PSCI_CPU_ON, 0, entry, 0), PSCI_ALREADY_ON);   /* the caller */
	TF_SKIP_UNLESS(n >= 2, "its second half needs 2 CPUs");
	EXPECT_EQ(psci(PSCI_CPU_ON, 1, PLAT_NS_SECURE_RAM_BASE, 0), PSCI_INVALID_ADDRESS);
	EXPECT_EQ(psci(PSCI_CPU_ON, 1, PLAT_NS_RAM_BASE - 4u, 0), PSCI_INVALID_ADDRESS);
	EXPECT_EQ(psci(PSCI_CPU_ON, 1, entry + 2, 0), PSCI_INVALID_ADDRESS);   /* unaligned ARM */
	EXPECT_EQ(psci(PSCI_CPU_ON, 1, 0xfffffffcu, 0), PSCI_INVALID_ADDRESS);
	EXPECT_EQ(psci(PSCI_AFFINITY_INFO, 1, 0, 0), AFF_OFF);   /* nothing started it */
}

TEST(affinity_info_rejects_bad_arguments)
{
	EXPECT_EQ(psci(PSCI_AFFINITY_INFO, 0, 0, 0), AFF_ON);
	EXPECT_EQ(psci(PSCI_AFFINITY_INFO, 0, 1, 0), PSCI_INVALID_PARAMETERS);   /* level 1 */
	EXPECT_EQ(psci(PSCI_AFFINITY_INFO, ncpus(), 0, 0), PSCI_INVALID_PARAMETERS);
	EXPECT_EQ(psci(PSCI_AFFINITY_INFO, 0x10000, 0, 0), PSCI_INVALID_PARAMETERS);
}

TEST(cpu_on_off_cycle_with_pending_state)
{
	uint32_t entry = (uint32_t)secondary_entry;

	TF_SKIP_UNLESS(ncpus() >= 2, "needs 2 CPUs");
	/* Hold CPU 1 in ON_PENDING (test hook), so that state is observable. */
	EXPECT_EQ(psci(TZVMM_SMC_TEST_HOLD_CPU, 1, 1, 0), 0);
	uint32_t starts = secondary_starts;

	EXPECT_EQ(psci(PSCI_CPU_ON, 1, entry, 0xc0ffee01u), PSCI_SUCCESS);
	EXPECT_EQ(psci(PSCI_AFFINITY_INFO, 1, 0, 0), AFF_ON_PENDING);
	EXPECT_EQ(psci(PSCI_CPU_ON, 1, entry, 0), PSCI_ON_PENDING);
	EXPECT_EQ(secondary_starts, starts);
	EXPECT_EQ(psci(TZVMM_SMC_TEST_HOLD_CPU, 1, 0, 0), 0);   /* release: it starts */
	EXPECT_TRUE(wait_affinity(1, AFF_OFF));   /* ran, then CPU_OFF */
	EXPECT_EQ(secondary_starts, starts + 1);
	EXPECT_EQ(secondary_context, 0xc0ffee01u);   /* r0 = context id */

	/* Again, from OFF: it restarts at the entry with the new context id. */
	EXPECT_EQ(psci(PSCI_CPU_ON, 1, entry, 0xc0ffee02u), PSCI_SUCCESS);
	EXPECT_TRUE(wait_affinity(1, AFF_OFF));
	EXPECT_EQ(secondary_starts, starts + 2);
	EXPECT_EQ(secondary_context, 0xc0ffee02u);
	EXPECT_EQ(secondary_off_returned, 0);
	EXPECT_EQ(psci(TZVMM_SMC_TEST_HOLD_CPU, 9, 0, 0), PSCI_INVALID_PARAMETERS);
}

/* A storm of secure SGIs raised by the normal world on CPU 1 while CPU 0
 * keeps the VMM busy with SMCs, so that many FIQs arrive while the secure
 * world is in the middle of a system call, also in the vector prologue
 * before it masks FIQ. The kernel must survive every one (a panic ends the
 * run with status 71) and log only a few of them (scripts' check of the
 * secure log: a handful of "unexpected secure interrupt" lines). */
TEST(secure_sgi_storm_from_the_normal_world_is_survived)
{
	const uint32_t sgis = 20000, calls = 20000;

	TF_SKIP_UNLESS(ncpus() >= 2, "needs 2 CPUs");
	uint32_t unexpected = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_UNEXPECTED_IRQS, 0, 0).r1;

	storm_sent = 0;
	EXPECT_EQ(psci(PSCI_CPU_ON, 1, (uint32_t)storm_entry, (10u << 16) | sgis), PSCI_SUCCESS);
	for (uint32_t i = 0; i < calls && storm_sent < sgis; i++)
		EXPECT_EQ(guest_smc(TZVMM_SMC_NULL, i, 0, 0).r0, 0);
	EXPECT_TRUE(wait_affinity(1, AFF_OFF));
	EXPECT_EQ(storm_sent, sgis);
	/* The kernel and the VMM carry on, and saw the SGIs as unexpected. */
	EXPECT_EQ(guest_smc(TZVMM_SMC_ECHO, 7, 8, 9).r1, ~7u);
	EXPECT_TRUE(guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_UNEXPECTED_IRQS, 0, 0).r1 > unexpected);
}

/* The reschedule SGI (9) sent from CPU 1 reaches CPU 0 with the sender in
 * GICC_IAR bits 12:10 (0x409): it is still the reschedule SGI, not an
 * "unexpected secure interrupt 1033" (a review finding). */
TEST(a_reschedule_sgi_from_another_cpu_is_recognised)
{
	TF_SKIP_UNLESS(ncpus() >= 2, "needs 2 CPUs");
	uint32_t unexpected = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_UNEXPECTED_IRQS, 0, 0).r1;

	storm_sent = 0;
	EXPECT_EQ(psci(PSCI_CPU_ON, 1, (uint32_t)storm_entry, (9u << 16) | 1000u), PSCI_SUCCESS);
	for (uint32_t i = 0; i < 1000u && storm_sent < 1000u; i++)
		EXPECT_EQ(guest_smc(TZVMM_SMC_NULL, i, 0, 0).r0, 0);
	EXPECT_TRUE(wait_affinity(1, AFF_OFF));
	EXPECT_EQ(storm_sent, 1000u);
	EXPECT_EQ(guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_UNEXPECTED_IRQS, 0, 0).r1, unexpected);
}

/* An interrupt of the normal world pending for a CPU whose vCPU is off
 * must not wake that CPU's idle loop (WFI wakes on interrupts masked in the
 * CPSR): it spun at 100 %, taking the kernel lock every SMC of the other
 * CPUs needs. CPU 1 opens its GIC interface to SGI 1 and turns itself off;
 * CPU 0 sends it SGI 1 and counts CPU 1's idle wake-ups over 50 ms. */
TEST(a_pending_interrupt_does_not_wake_an_off_cpu)
{
	TF_SKIP_UNLESS(ncpus() >= 2, "needs 2 CPUs");
	EXPECT_EQ(psci(PSCI_CPU_ON, 1, (uint32_t)gic_off_entry, 1), PSCI_SUCCESS);
	EXPECT_TRUE(wait_affinity(1, AFF_OFF));
	uint32_t before = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_IDLE_WAKEUPS, 0, 0).r1;

	*GICD_SGIR = (1u << 17) | 1u;                   /* SGI 1 to CPU 1 */
	uint64_t end = guest_count() + guest_count_us(50000u);

	while (guest_count() < end)
		__asm__ volatile("yield");
	uint32_t wakeups = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_IDLE_WAKEUPS, 0, 0).r1 - before;

	EXPECT_TRUE(wakeups < 100);
	if (wakeups >= 100)
		guest_printf("  %u idle wake-ups in 50 ms\n", (unsigned)wakeups);
	/* Clean up: CPU 1 clears the pending SGI and closes its interface. */
	EXPECT_EQ(psci(PSCI_CPU_ON, 1, (uint32_t)gic_off_entry, 0), PSCI_SUCCESS);
	EXPECT_TRUE(wait_affinity(1, AFF_OFF));
}

/* An interrupt granted to a secure component (the probe's SGI 11, its
 * component.conf): the kernel masks it, signals the probe, and unmasks it
 * when the probe acknowledges (SYS_IRQ_ACK). The normal world raises it
 * a hundred times (QEMU lets it write a secure SGI), an SMC after each: it
 * is delivered every time (so every acknowledgement unmasked it; without
 * one it would stay masked after the first), never as unexpected. */
TEST(an_interrupt_granted_to_a_component_reaches_it)
{
	uint32_t delivered = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_IRQ_DELIVERED, 0, 0).r1;
	uint32_t unexpected = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_UNEXPECTED_IRQS, 0, 0).r1;

	for (uint32_t i = 0; i < 100u; i++) {
		*GICD_SGIR = (2u << 24) | 11u;           /* SGI 11 to this CPU */
		__asm__ volatile("dsb" ::: "memory");
		EXPECT_EQ(guest_smc(TZVMM_SMC_NULL, i, 0, 0).r0, 0);
	}
	delivered = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_IRQ_DELIVERED, 0, 0).r1 - delivered;
	EXPECT_EQ(delivered, 100u);
	EXPECT_EQ(guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_UNEXPECTED_IRQS, 0, 0).r1, unexpected);
}
