/*
 * The normal-world test guest: conformance, register hygiene and isolation
 * checks against the secure world, run from NS SVC. Its status (the number
 * of failed cases) becomes the run's exit status through the test-exit
 * hook. docs/testing.md lists what each case proves.
 */
#include <stddef.h>
#include <lib/string.h>
#include <tzvmm/signals.h>
#include <tzvmm/syscall.h>
#include <tzvmm/test/hooks.h>
#include <tzvmm/test/kinfo.h>
#include <tzvmm/test/probe.h>
#include "../common/guest.h"
#include "regs.h"

int main(void);

/* ---- SMC conformance ---------------------------------------------------- */

TEST(echo_transforms_arguments)
{
	struct smc_ret r = guest_smc(TZVMM_SMC_ECHO, 0x12345678u, 0xfffffffeu, 0xa5a5a5a5u);

	EXPECT_EQ(r.r0, SMCCC_SUCCESS);
	EXPECT_EQ(r.r1, TZVMM_ECHO_R1(0x12345678u));
	EXPECT_EQ(r.r2, TZVMM_ECHO_R2(0xfffffffeu));
	EXPECT_EQ(r.r3, TZVMM_ECHO_R3(0x12345678u, 0xa5a5a5a5u));
}

TEST(null_call_zeroes_unused_results)
{
	const uint32_t a[7] = { 0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u,
				0x55555555u, 0x66666666u, 0x77777777u };
	struct smc_ret r = guest_smc7(TZVMM_SMC_NULL, a);

	EXPECT_EQ(r.r0, 0);
	EXPECT_EQ(r.r1, 0);
	EXPECT_EQ(r.r2, 0);
	EXPECT_EQ(r.r3, 0);
}

TEST(unknown_ids_return_minus_one)
{
	static const uint32_t ids[] = {
		0x80000003u, 0x8000ffffu,            /* arch: unassigned */
		0x81000000u, 0x82000000u, 0x83000000u, /* CPU, SiP, OEM: no service */
		0x8400001fu, 0x84001234u,            /* standard: unassigned */
		0x85000000u,                         /* standard hypervisor */
		0x86000002u, 0x8600fe01u,            /* tzvmm: unassigned */
		0xb0000000u, 0xbf00ffffu,            /* trusted apps / OS */
		0x84ff0000u, 0x80010000u,            /* must-be-zero bits set */
	};
	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct smc_ret r = guest_smc(ids[i], 1, 2, 3);

		EXPECT_EQ(r.r0, (uint32_t)SMCCC_NOT_SUPPORTED);
		EXPECT_EQ(r.r1 | r.r2 | r.r3, 0);
	}
}

TEST(smc64_and_yielding_ids_return_minus_one)
{
	static const uint32_t ids[] = {
		0xc4000003u, /* CPU_ON, SMC64 */
		0xc4000001u, /* CPU_SUSPEND, SMC64 */
		0xc6000001u, /* tzvmm echo as SMC64 */
		0xc0000000u,
		0x04000000u, /* yielding PSCI_VERSION */
		0x00000001u, /* a stray r0 = 1, as from early boot code */
		0x06000001u,
	};
	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct smc_ret r = guest_smc(ids[i], 1, 2, 3);

		EXPECT_EQ(r.r0, (uint32_t)SMCCC_NOT_SUPPORTED);
		EXPECT_EQ(r.r1 | r.r2 | r.r3, 0);
	}
}

TEST(vendor_uid_and_revision)
{
	struct smc_ret r = guest_smc(TZVMM_SMC_UID, 0, 0, 0);

	EXPECT_EQ(r.r0, TZVMM_UID_0);
	EXPECT_EQ(r.r3, TZVMM_UID_3);
	r = guest_smc(TZVMM_SMC_REVISION, 0, 0, 0);
	EXPECT_EQ(r.r0, TZVMM_REVISION_MAJOR);
	EXPECT_EQ(r.r1, TZVMM_REVISION_MINOR);
}

TEST(psci_and_smccc_versions)
{
	EXPECT_EQ(guest_smc(PSCI_VERSION, 0, 0, 0).r0, 0x00010001u);
	EXPECT_EQ(guest_smc(SMCCC_VERSION, 0, 0, 0).r0, SMCCC_VERSION_1_2);
	EXPECT_EQ(guest_smc(PSCI_FEATURES, SMCCC_VERSION, 0, 0).r0, 0);
	EXPECT_EQ(guest_smc(PSCI_FEATURES, PSCI_SYSTEM_OFF, 0, 0).r0, 0);
	EXPECT_EQ(guest_smc(PSCI_FEATURES, 0xc4000003u, 0, 0).r0, (uint32_t)PSCI_NOT_SUPPORTED);
	EXPECT_EQ(guest_smc(SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, 0).r0, 0);
	EXPECT_EQ(guest_smc(SMCCC_ARCH_FEATURES, 0x80008000u, 0, 0).r0,
		  (uint32_t)SMCCC_NOT_SUPPORTED);
}

/* ---- register hygiene --------------------------------------------------- */

static void fill_pattern(struct all_regs *in, uint32_t seed)
{
	uint32_t *w = (uint32_t *)in;

	for (unsigned i = 0; i < sizeof(*in) / 4; i++)
		w[i] = seed ^ (0x01010101u * (i + 1)) ^ (i << 24);
	/* SPSRs must hold valid modes, or an exception return could be
	 * unpredictable if the guest ever used them; the monitor itself must
	 * not care. Keep the flags and a plausible mode. */
	in->svc_spsr = 0x600001d3u;
	in->abt.spsr = 0x900001d7u;
	in->und.spsr = 0x300001dbu;
	in->irq.spsr = 0xa00001d2u;
	in->fiq_spsr = 0x500001d1u;
	in->cpsr_flags = 0xa0000000u;
}

TEST(every_register_survives_a_round_trip)
{
	for (uint32_t seed = 0; seed < 3; seed++) {
		struct all_regs in, out;

		fill_pattern(&in, 0x9e3779b9u * (seed + 1));
		in.r[0] = TZVMM_SMC_NULL;
		memset(&out, 0, sizeof(out));
		regs_smc_roundtrip(&in, &out);
		/* Defined results: r0 = 0 and r1-r3 = 0 for the null call. */
		EXPECT_EQ(out.r[0], 0);
		EXPECT_EQ(out.r[1], 0);
		EXPECT_EQ(out.r[2], 0);
		EXPECT_EQ(out.r[3], 0);
		for (unsigned i = 4; i < 15; i++)
			EXPECT_EQ(out.r[i], in.r[i]);
		EXPECT_EQ(out.cpsr_flags, in.cpsr_flags);
		EXPECT_EQ(out.usr_sp, in.usr_sp);
		EXPECT_EQ(out.usr_lr, in.usr_lr);
		EXPECT_EQ(out.svc_spsr, in.svc_spsr);
		EXPECT_EQ(memcmp(&out.abt, &in.abt, sizeof(in.abt)), 0);
		EXPECT_EQ(memcmp(&out.und, &in.und, sizeof(in.und)), 0);
		EXPECT_EQ(memcmp(&out.irq, &in.irq, sizeof(in.irq)), 0);
		EXPECT_EQ(out.fiq_spsr, in.fiq_spsr);
		EXPECT_EQ(memcmp(out.fiq_r8_12, in.fiq_r8_12, sizeof(in.fiq_r8_12)), 0);
		EXPECT_EQ(out.fiq_sp, in.fiq_sp);
		EXPECT_EQ(out.fiq_lr, in.fiq_lr);
	}
}

TEST(registers_survive_an_unknown_call)
{
	struct all_regs in, out;

	fill_pattern(&in, 0x5bd1e995u);
	in.r[0] = 0x8600abcdu;
	regs_smc_roundtrip(&in, &out);
	EXPECT_EQ(out.r[0], (uint32_t)SMCCC_NOT_SUPPORTED);
	EXPECT_EQ(out.r[1] | out.r[2] | out.r[3], 0);
	for (unsigned i = 4; i < 15; i++)
		EXPECT_EQ(out.r[i], in.r[i]);
	EXPECT_EQ(memcmp(&out.abt, &in.abt, sizeof(in) - offsetof(struct all_regs, abt)), 0);
}

/* A fault in a secure component is taken in the secure world's ABT or UND
 * mode, which writes the banked lr and spsr those modes share with the
 * normal world: the monitor must still hand back the normal world's. */
TEST(registers_survive_secure_faults_during_the_call)
{
	static const uint32_t kinds[] = { PROBE_READ_KERNEL, PROBE_UNDEFINED, PROBE_JUMP_UNMAPPED };

	for (unsigned k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct all_regs in, out;

		fill_pattern(&in, 0x7f4a7c15u * (k + 3));
		in.r[0] = TZVMM_SMC_TEST_PROBE;
		in.r[1] = kinds[k];
		regs_smc_roundtrip(&in, &out);
		EXPECT_EQ(out.r[0], 0);
		EXPECT_EQ(out.r[1], 1);   /* one fault happened in the secure world */
		EXPECT_EQ(out.r[2] | out.r[3], 0);
		for (unsigned i = 4; i < 15; i++)
			EXPECT_EQ(out.r[i], in.r[i]);
		EXPECT_EQ(memcmp(&out.cpsr_flags, &in.cpsr_flags,
				 sizeof(in) - offsetof(struct all_regs, cpsr_flags)), 0);
	}
}

TEST(vfp_registers_survive_a_round_trip)
{
	static uint32_t in[65], out[65];

	vfp_enable();
	for (unsigned i = 0; i < 64; i++)
		in[i] = 0xc0de0000u + i * 0x01010101u;
	in[64] = 0x03c00000u;   /* FPSCR: a non-default rounding mode and flush-to-zero */
	vfp_smc_roundtrip(TZVMM_SMC_ECHO, in, out);
	for (unsigned i = 0; i < 65; i++)
		EXPECT_EQ(out[i], in[i]);
	vfp_smc_roundtrip(TZVMM_SMC_NULL, in, out);
	EXPECT_EQ(memcmp(in, out, sizeof(in)), 0);
}

/* ---- isolation ------------------------------------------------------------ */

/* These cases need the memory firewall (TZASC, CSU or their like) to
 * refuse the normal world: on a board whose QEMU models none
 * (PLAT_NS_FIREWALL 0) their accesses would land in secure memory and
 * devices, so they are not even compiled there, and the runner names them. */
#if PLAT_NS_FIREWALL

/* A load or store that must end in a synchronous external abort. */
static void expect_abort(uint32_t addr, bool write)
{
	uint32_t before = guest_exc.count, v = 0x12345678u;

	if (write)
		__asm__ volatile("str %0, [%1]" ::"r"(v), "r"(addr) : "memory");
	else
		__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(addr) : "memory");
	EXPECT_EQ(guest_exc.count, before + 1);
	EXPECT_EQ(guest_exc.kind, GUEST_EXC_DABT);
	EXPECT_EQ(guest_exc.far, addr);
	/* DFSR: synchronous external abort (0x008), WnR (bit 11) for stores. */
	EXPECT_EQ(guest_exc.fsr & 0x140fu, 0x8u);
	EXPECT_EQ((guest_exc.fsr >> 11) & 1u, write ? 1u : 0u);
}

#define SECURE_RAM_END (PLAT_NS_SECURE_RAM_BASE + PLAT_NS_SECURE_RAM_SIZE)

TEST(secure_ram_is_unreachable)
{
	expect_abort(PLAT_NS_SECURE_RAM_BASE, false);
	expect_abort(PLAT_NS_SECURE_RAM_BASE, true);
	expect_abort(PLAT_NS_SECURE_RAM_BASE + PLAT_NS_SECURE_RAM_SIZE / 2, false);
	expect_abort(SECURE_RAM_END - 4u, true);
}

TEST(secure_devices_are_unreachable)
{
	expect_abort(PLAT_NS_SECURE_UART_BASE, false);   /* secure UART: data register */
	expect_abort(PLAT_NS_SECURE_UART_BASE, true);
	expect_abort(PLAT_NS_SECURE_GPIO_BASE + 0x400u, false);   /* secure GPIO: direction */
	expect_abort(PLAT_NS_SECURE_GPIO_BASE + 0x004u, true);    /* pin 0: would power off */
	expect_abort(PLAT_NS_SECURE_GPIO_BASE + 0x008u, true);    /* pin 1: would reset */
	expect_abort(PLAT_NS_SECURE_FLASH_BASE, false);   /* secure flash (the secure image) */
}

TEST(secure_world_sees_no_change)
{
	struct smc_ret a = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_CANARY_ADDR, 0, 0);
	struct smc_ret v0 = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_CANARY_VALUE, 0, 0);

	EXPECT_EQ(a.r0, 0);
	EXPECT_TRUE(a.r1 >= PLAT_NS_SECURE_RAM_BASE && a.r1 < SECURE_RAM_END);
	expect_abort(a.r1, true);
	struct smc_ret v1 = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_CANARY_VALUE, 0, 0);

	EXPECT_EQ(v1.r1, v0.r1);
	EXPECT_EQ(v1.r1, 0x5ec0de42u);
}

#else

#define NO_FIREWALL "needs the memory firewall, which QEMU does not model for " PLAT_NAME
TEST_LEFT_OUT(secure_ram_is_unreachable, NO_FIREWALL);
TEST_LEFT_OUT(secure_devices_are_unreachable, NO_FIREWALL);
TEST_LEFT_OUT(secure_world_sees_no_change, NO_FIREWALL);

#endif

static void expect_undef_scr_write(void)
{
	uint32_t before = guest_exc.count;

	__asm__ volatile("mov r0, #0\n mcr p15, 0, r0, c1, c1, 0" ::: "r0", "memory");
	EXPECT_EQ(guest_exc.count, before + 1);
	EXPECT_EQ(guest_exc.kind, GUEST_EXC_UNDEF);
}

TEST(monitor_registers_are_undefined)
{
	uint32_t before = guest_exc.count;

	expect_undef_scr_write();
	__asm__ volatile("mrc p15, 0, r0, c1, c1, 0" ::: "r0", "memory");   /* SCR read */
	EXPECT_EQ(guest_exc.count, before + 2);
	/* MVBAR */
	__asm__ volatile("mov r0, #0\n mcr p15, 0, r0, c12, c0, 1" ::: "r0", "memory");
	EXPECT_EQ(guest_exc.count, before + 3);
	__asm__ volatile("mov r0, #0\n mcr p15, 0, r0, c1, c1, 2" ::: "r0", "memory");   /* NSACR */
	EXPECT_EQ(guest_exc.count, before + 4);
	EXPECT_EQ(guest_exc.kind, GUEST_EXC_UNDEF);
	/* And the secure world still answers. */
	EXPECT_EQ(guest_smc(TZVMM_SMC_ECHO, 1, 2, 3).r2, 3);
}

/* One attempt: arm the VMM's secure timer `us` microseconds from now (in
 * the secure timer's ticks, which need not be the normal world's counter's),
 * spin with IRQ and FIQ "masked" (and no SMC) for 3 x us + 10 ms, and
 * report whether the timer fired exactly once while the normal world ran
 * (an FIQ exit). */
static bool timer_preempts_spin(uint32_t us)
{
	uint32_t before = guest_smc(TZVMM_SMC_TEST_TIMER_COUNT, 0, 0, 0).r1;
	uint32_t fiqs = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_FIQ_EXITS, 0, 0).r1;
	uint32_t hz = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_TIMER_HZ, 0, 0).r1;
	uint32_t ticks = (uint32_t)((uint64_t)us * hz / 1000000u);

	uint32_t cpsr;

	if (guest_smc(TZVMM_SMC_TEST_TIMER, ticks, 0, 0).r0 != 0)
		return false;
	__asm__ volatile("mrs %0, cpsr\n cpsid if" : "=r"(cpsr));
	uint64_t end = guest_count() + guest_count_us(3u * us + 10000u);

	while (guest_count() < end)
		;
	/* I and F as they were: a caller may hold an interrupt pending. */
	__asm__ volatile("msr cpsr_c, %0" : : "r"(cpsr & 0xffu) : "memory");
	return guest_smc(TZVMM_SMC_TEST_TIMER_COUNT, 0, 0, 0).r1 == before + 1 &&
	       guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_FIQ_EXITS, 0, 0).r1 > fiqs;
}

/* If the timer expires while the secure world is still answering the
 * TEST_TIMER call (a loaded host can stretch that past 1 ms of virtual
 * time), the FIQ is taken there and proves nothing: such an attempt is
 * retried with a longer delay (1, 4, 16, 64 ms). A normal world able to
 * mask FIQ fails every attempt. */
static bool timer_preempts(void)
{
	bool preempted = false;

	for (uint32_t us = 1000u; us <= 64000u && !preempted; us *= 4)
		preempted = timer_preempts_spin(us);
	return preempted;
}

/* The monitor takes FIQs (SCR.FIQ) with SCR.FW clear, so the normal world
 * cannot mask them. Without the Virtualization Extensions (ID_PFR1 bits
 * 15:12; QEMU virt's A15 as tzvmm runs it, the A9) it cannot even set
 * CPSR.F then. With them (the i.MX6UL's A7) CPSR.F is the normal world's to
 * write, but with SCR.FW clear it masks no FIQ taken to Monitor mode (the
 * ARMv7 ARM on asynchronous exception masking): the secure timer must
 * still preempt a spin with F set. */
TEST(fiq_cannot_be_masked)
{
	uint32_t cpsr, pfr1;

	__asm__ volatile("mrc p15, 0, %0, c0, c1, 1" : "=r"(pfr1));   /* ID_PFR1 */
	__asm__ volatile("cpsid f\n mrs %0, cpsr" : "=r"(cpsr));
	if (!(pfr1 & 0xf000u)) {
		EXPECT_EQ(cpsr & (1u << 6), 0);
		return;
	}
	EXPECT_TRUE(timer_preempts());
	__asm__ volatile("cpsie f" ::: "memory");
}

/* The secure timer's count (KINFO_TICKS_LO) read between two readings of
 * the normal world's counter. */
static uint32_t secure_ticks_between(uint64_t *before, uint64_t *after)
{
	*before = guest_count();
	uint32_t ticks = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_TICKS_LO, 0, 0).r1;

	*after = guest_count();
	return ticks;
}

/* Every wait of the guests takes the board's counter to run at
 * GUEST_COUNT_HZ (PLAT_NS_COUNTER_HZ): over 20 ms it must agree with the
 * secure timer's clock at the rate the secure world knows for it (CNTFRQ
 * with the generic timer), within 2 %. Each secure reading is bracketed by
 * two of the counter, so a slow SMC widens the bounds, never fails them. */
TEST(normal_world_counter_runs_at_the_boards_rate)
{
	uint32_t hz = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_TIMER_HZ, 0, 0).r1;
	uint64_t b0, a0, b1, a1;
	uint32_t s0 = secure_ticks_between(&b0, &a0);
	uint64_t end = a0 + guest_count_us(20000u);

	while (guest_count() < end)
		;
	uint32_t s1 = secure_ticks_between(&b1, &a1);
	/* The secure interval in counter ticks lies in [b1 - a0, a1 - b0]. */
	uint64_t secure = hz ? (uint64_t)(s1 - s0) * GUEST_COUNT_HZ / hz : 0;
	bool agree = secure * 100u >= (b1 - a0) * 98u && secure * 100u <= (a1 - b0) * 102u;

	EXPECT_TRUE(agree);
	if (!agree)
		guest_printf("    counter: %u ticks in 20 ms at %u Hz; secure timer: %u at %u Hz\n",
			     (unsigned)(b1 - a0), (unsigned)GUEST_COUNT_HZ, (unsigned)(s1 - s0),
			     (unsigned)hz);
}

/* The secure timer preempts a normal world spinning with IRQ and FIQ
 * "masked" (timer_preempts). */
TEST(secure_timer_preempts_with_fiq_masked)
{
	EXPECT_TRUE(timer_preempts());
}

/* The normal world's view of the GIC. */
#define NS_GICD PLAT_NS_GICD_BASE
#define NS_GICC PLAT_NS_GICC_BASE
#define GIC_REG(a) (*(volatile uint32_t *)(uintptr_t)(a))

/* One attempt of timer_preempts_spin while a normal-world interrupt (group
 * 1: SGI 0, or an SPI nobody uses) is pending or, with ack, acknowledged and
 * never ended. At reset every GIC priority is 0, the secure timer's too:
 * unless the secure world moves group-1 interrupts below it, the pending
 * SGI wins the tie (lower number) and an acknowledged one holds the running
 * priority at 0, and either way no FIQ arrives any more. SGIs and PPIs are
 * banked per CPU and SPIs shared, and set up apart: both are tried. */
#define FREE_SPI PLAT_NS_FREE_SPI   /* no device of the board uses it */
static bool timer_preempts_a_held_irq(uint32_t intid, bool ack)
{
	uint32_t iar = 1023u, bit = 1u << (intid % 32u), word = 4u * (intid / 32u);
	bool preempted = false;

	GIC_REG(NS_GICC + 0x004) = 0xffu;             /* GICC_PMR */
	GIC_REG(NS_GICC + 0x000) = 1u;                /* GICC_CTLR: group 1 on */
	GIC_REG(NS_GICD + 0x100 + word) = bit;        /* GICD_ISENABLER */
	if (intid < 16) {
		GIC_REG(NS_GICD + 0xf00) = (2u << 24) | intid;   /* GICD_SGIR: to self */
	} else {
		*(volatile uint8_t *)(uintptr_t)(NS_GICD + 0x800 + intid) = 1u;   /* to CPU 0 */
		GIC_REG(NS_GICD + 0x200 + word) = bit;       /* GICD_ISPENDR */
	}
	__asm__ volatile("dsb\n isb" ::: "memory");
	if (ack)
		iar = GIC_REG(NS_GICC + 0x00c);        /* GICC_IAR, never EOIed */
	for (uint32_t us = 1000u; us <= 64000u && !preempted; us *= 4)
		preempted = timer_preempts_spin(us);
	if (ack && (iar & 0x3ffu) == intid)
		GIC_REG(NS_GICC + 0x010) = iar;        /* GICC_EOIR */
	if (intid < 16)
		/* GICD_CPENDSGIRn: four SGIs a register, every source */
		GIC_REG(NS_GICD + 0xf10 + (intid & ~3u)) = 0xffu << (8u * (intid & 3u));
	else
		GIC_REG(NS_GICD + 0x280 + word) = bit;        /* GICD_ICPENDR */
	GIC_REG(NS_GICD + 0x180 + word) = bit;        /* GICD_ICENABLER */
	GIC_REG(NS_GICC + 0x000) = 0u;
	EXPECT_TRUE(!ack || (iar & 0x3ffu) == intid);   /* it was ours */
	return preempted;
}

TEST(secure_timer_beats_a_pending_normal_world_interrupt)
{
	EXPECT_TRUE(timer_preempts_a_held_irq(0, false));
}

TEST(secure_timer_beats_an_unended_normal_world_interrupt)
{
	EXPECT_TRUE(timer_preempts_a_held_irq(0, true));
}

TEST(secure_timer_beats_an_unended_normal_world_spi)
{
	EXPECT_TRUE(timer_preempts_a_held_irq(FREE_SPI, true));
}

/* An exclusive reservation taken before an SMC must not survive it: the
 * secure world may have used exclusives (its locks) in between. QEMU also
 * clears the monitor on every exception, so on QEMU this checks the
 * guarantee, not the monitor's own clrex (a monitor without it passes). */
TEST(exclusive_monitor_is_cleared_by_an_smc)
{
	static volatile uint32_t word;
	uint32_t v, failed;

	__asm__ volatile("ldrex %0, [%1]" : "=r"(v) : "r"(&word) : "memory");
	guest_smc(TZVMM_SMC_NULL, 0, 0, 0);
	__asm__ volatile("strex %0, %2, [%1]" : "=&r"(failed) : "r"(&word), "r"(v + 1) : "memory");
	EXPECT_EQ(failed, 1);
	/* Without an SMC in between the same sequence succeeds. */
	__asm__ volatile("ldrex %0, [%1]" : "=r"(v) : "r"(&word) : "memory");
	__asm__ volatile("strex %0, %2, [%1]" : "=&r"(failed) : "r"(&word), "r"(v + 1) : "memory");
	EXPECT_EQ(failed, 0);
}

/* The normal world's cycle counter, asked to count everywhere (PMCR.DP
 * clear), must not see the secure world's execution: the monitor sets
 * PMCR.DP before any secure work. Counted against the board's counter,
 * which runs on regardless (QEMU's PMCCNTR counts ns, and so does the
 * counter times NS_PER_COUNT: both count instructions under -icount).
 * A CPU whose ID_DFR0 names no PMU (PerfMon, bits 27:24, 0) and whose
 * cycle counter never moved has none to test: QEMU's Cortex-A9. (A real
 * A9 has a PMUv1 that ID_DFR0 does not describe: it counts, and is tested.) */
#define NS_PER_COUNT (1000000000u / GUEST_COUNT_HZ)
TEST(pmu_does_not_count_secure_execution)
{
	uint32_t pmcr, c0, c1, dfr0;
	uint64_t best_pmc = UINT64_MAX, best_time = 1;

	__asm__ volatile("mrc p15, 0, %0, c9, c12, 0" : "=r"(pmcr));
	pmcr = (pmcr & ~((1u << 5) | (1u << 3))) | (1u << 0) | (1u << 2);   /* ~DP ~D, E, C */
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 0" ::"r"(pmcr));
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 1" ::"r"(1u << 31));   /* PMCNTENSET.C */
	/* Ten batches; the least disturbed one counts (a loaded host can
	 * stretch any batch, only ever towards counting more). */
	for (int b = 0; b < 10; b++) {
		__asm__ volatile("isb\n mrc p15, 0, %0, c9, c13, 0" : "=r"(c0));
		uint64_t t0 = guest_count();

		for (int i = 0; i < 20; i++)
			guest_smc(TZVMM_SMC_NULL, 0, 0, 0);
		__asm__ volatile("isb\n mrc p15, 0, %0, c9, c13, 0" : "=r"(c1));
		uint64_t t1 = guest_count();

		if ((uint64_t)(c1 - c0) * best_time < best_pmc * (t1 - t0) * NS_PER_COUNT) {
			best_pmc = c1 - c0;
			best_time = (t1 - t0) * NS_PER_COUNT;
		}
	}
	__asm__ volatile("mrc p15, 0, %0, c0, c1, 2" : "=r"(dfr0));   /* ID_DFR0 */
	if (best_pmc == 0 && (dfr0 & 0x0f000000u) == 0) {
		tf_skip("the CPU has no PMU: ID_DFR0 names none, its cycle counter never moves");
		return;
	}
	EXPECT_TRUE(best_pmc != 0);   /* it does count the normal world */
	EXPECT_TRUE(best_pmc * 4 < best_time);
	/* The monitor gave the normal world its own PMCR back. */
	uint32_t after;

	__asm__ volatile("mrc p15, 0, %0, c9, c12, 0" : "=r"(after));
	EXPECT_EQ(after & ((1u << 5) | 1u), 1u);
}

/* ---- fault containment -------------------------------------------------- */

TEST(secure_component_faults_are_contained)
{
	for (uint32_t kind = PROBE_READ_KERNEL; kind < PROBE_FAULT_COUNT; kind++) {
		struct smc_ret r = guest_smc(TZVMM_SMC_TEST_PROBE, kind, 0, 0);

		EXPECT_EQ(r.r0, 0);
		EXPECT_EQ(r.r1, 1);   /* exactly one fault reported per request */
	}
	EXPECT_EQ(guest_smc(TZVMM_SMC_TEST_PROBE, 0, 0, 0).r0, (uint32_t)SMCCC_INVALID_PARAMETER);
	EXPECT_EQ(guest_smc(TZVMM_SMC_TEST_PROBE, 99, 0, 0).r0, (uint32_t)SMCCC_INVALID_PARAMETER);
	/* The kernel and the VMM carry on. */
	EXPECT_EQ(guest_smc(TZVMM_SMC_ECHO, 7, 8, 9).r1, ~7u);
}

int main(void)
{
	guest_printf("tzvmm test guest: normal world, NS SVC\n");
	int failed = tf_run_all("test-guest");

	/* How late the secure side ran after the timer deadlines of the cases
	 * above, which spin with I and F masked: the kernel's handling and the
	 * secure task the timer wakes (the VMM thread), in counter ticks. The
	 * run under -icount bounds them in instructions (test_foundation.py). */
	guest_printf("secure-timer-lateness kernel %u task %u ticks\n",
		     (unsigned)guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_TIMER_LAT_MAX, 0, 0).r1,
		     (unsigned)guest_smc(TZVMM_SMC_TEST_TIMER_COUNT, 0, 0, 0).r2);
	guest_exit(failed);
}
