/*
 * PSCI 1.1 (components/vmm/psci.c) through the SMC dispatcher: version and feature
 * discovery, the system calls (power off/reset through the kernel), and
 * the per-CPU state machine: OFF -> CPU_ON -> (ON_PENDING) -> ON ->
 * CPU_OFF -> OFF, with the entry state written into the target vCPU's
 * state block and every bad MPIDR or entry address refused untouched.
 */
#include <arch/cpu.h>
#include <string.h>
#include <tzvmm/smccc.h>
#include <tzvmm/test/hooks.h>
#include <ulib/guest_mem.h>
#include "../../components/vmm/psci.h"
#include "../../components/vmm/ratelimit.h"
#include "smc_call.h"

#define RAM_BASE 0x40000000u
#define RAM_SIZE 0x40000000u
#define NCPUS    4u

static int psci_setup(void **state)
{
	unit_setup(state);
	psci_reset_state();
	vmm_config.ncpus = NCPUS;
	vmm_config.ns_ram_base = RAM_BASE;
	vmm_config.ns_ram_size = RAM_SIZE;
	/* CPU_ON only checks entry addresses, it never reads them: no window. */
	guest_mem_init(0, RAM_BASE, RAM_SIZE);
	return 0;
}

#define PSCI_TEST(f) cmocka_unit_test_setup_teardown(f, psci_setup, unit_teardown)
#define NOT_SUPPORTED ((uint32_t)PSCI_NOT_SUPPORTED)
#define INVALID_PARAMS ((uint32_t)PSCI_INVALID_PARAMETERS)
#define INVALID_ADDRESS ((uint32_t)PSCI_INVALID_ADDRESS)

static struct smc_result call_from(unsigned cpu, uint32_t id, uint32_t a1, uint32_t a2,
				   uint32_t a3)
{
	struct vmm_cpu c = { .id = cpu, .state = &fake_vcpu_states[cpu] };

	return smc_call_on(&c, id, a1, a2, a3);
}

static uint32_t affinity(uint32_t mpidr)
{
	return smc_call(PSCI_AFFINITY_INFO, mpidr, 0, 0).r[0];
}

static void test_psci_version(void **state)
{
	(void)state;
	smc_expect(smc_call(PSCI_VERSION, 1, 2, 3), 0x00010001u, 0, 0, 0);
}

/* 0 for SMCCC_VERSION and the implemented 32-bit calls, NOT_SUPPORTED for
 * SMC64 forms, other owners and absent calls; consistent with dispatch. */
static void test_psci_features(void **state)
{
	static const uint32_t implemented[] = {
		SMCCC_VERSION, PSCI_VERSION, PSCI_CPU_SUSPEND, PSCI_CPU_OFF, PSCI_CPU_ON,
		PSCI_AFFINITY_INFO, PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET, PSCI_FEATURES,
	};
	static const uint32_t absent[] = {
		0xc4000001u, 0xc4000003u, 0xc4000004u, PSCI_VERSION | SMCCC_SMC64,
		SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID, TZVMM_SMC_ECHO, 0x84000020u, 0x840000ffu,
		PSCI_CPU_ON & ~SMCCC_FAST_CALL,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(implemented) / sizeof(implemented[0]); i++)
		smc_expect(smc_call(PSCI_FEATURES, implemented[i], 0, 0), 0, 0, 0, 0);
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		smc_expect(smc_call(PSCI_FEATURES, absent[i], 0, 0), NOT_SUPPORTED, 0, 0, 0);
	for (uint32_t f = 0; f < 0x20; f++) {
		uint32_t id = SMCCC_ID(SMCCC_OWNER_STD, f);

		smc_expect(smc_call(PSCI_FEATURES, id, 0, 0), smc_lookup(id) ? 0 : NOT_SUPPORTED, 0,
			   0, 0);
	}
}

static void test_psci_migrate_info_type(void **state)
{
	(void)state;
	/* 2: no Trusted OS that needs migrating (DEN0022D 5.1.9). */
	smc_expect(smc_call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2, 0, 0, 0);
}

static void test_psci_system_off(void **state)
{
	(void)state;
	struct smc_result r = call_from(1, PSCI_SYSTEM_OFF, 1, 2, 3);

	assert_int_equal(fake.sys_calls, 1);
	assert_int_equal(fake_sys_nth(SYS_POWER, 0)->a[0], SYS_POWER_OFF);
	assert_int_equal(fake_sys_nth(SYS_POWER, 0)->a[1], 0);
	assert_true(fake_log_has("SYSTEM_OFF from cpu 1"));
	/* Reached only if the kernel refused. */
	smc_expect(r, (uint32_t)PSCI_INTERNAL_FAILURE, 0, 0, 0);
}

static void test_psci_system_reset(void **state)
{
	(void)state;
	smc_expect(smc_call(PSCI_SYSTEM_RESET, 0, 0, 0), (uint32_t)PSCI_INTERNAL_FAILURE, 0, 0, 0);
	assert_int_equal(fake.sys_calls, 1);
	assert_int_equal(fake_sys_nth(SYS_POWER, 0)->a[0], SYS_POWER_RESET);
}

/* Aff0 is the CPU; Aff1/Aff2 and bits 31:24 must be zero. */
static void test_psci_mpidr_to_cpu(void **state)
{
	(void)state;
	assert_int_equal(psci_mpidr_to_cpu(0, 1), 0);
	assert_int_equal(psci_mpidr_to_cpu(3, 4), 3);
	assert_int_equal(psci_mpidr_to_cpu(4, 4), -1);
	assert_int_equal(psci_mpidr_to_cpu(0xff, 8), -1);
	assert_int_equal(psci_mpidr_to_cpu(0x100, 8), -1);
	assert_int_equal(psci_mpidr_to_cpu(0x10000, 8), -1);
	assert_int_equal(psci_mpidr_to_cpu(0x80000001u, 8), -1);
	assert_int_equal(psci_mpidr_to_cpu(0x01000000u, 8), -1);
	assert_int_equal(psci_mpidr_to_cpu(0, 0), -1);
}

static void test_psci_affinity_info(void **state)
{
	(void)state;
	assert_int_equal(affinity(0), PSCI_STATE_ON);   /* the boot CPU */
	for (uint32_t c = 1; c < NCPUS; c++)
		assert_int_equal(affinity(c), PSCI_STATE_OFF);
	assert_int_equal(affinity(NCPUS), INVALID_PARAMS);
	assert_int_equal(affinity(0x100), INVALID_PARAMS);
	/* Only affinity level 0 is supported. */
	smc_expect(smc_call(PSCI_AFFINITY_INFO, 0, 1, 0), INVALID_PARAMS, 0, 0, 0);
}

static void test_psci_cpu_on(void **state)
{
	struct vcpu_state *s = &fake_vcpu_states[2];

	(void)state;
	smc_expect(call_from(0, PSCI_CPU_ON, 2, 0x40008000u, 0xc0ffeeu), 0, 0, 0, 0);
	assert_int_equal(s->regs.pc, 0x40008000u);
	assert_int_equal(s->regs.r[0], 0xc0ffeeu);   /* context_id */
	assert_int_equal(s->regs.cpsr, MODE_SVC | PSR_I | PSR_A);
	assert_int_equal(s->entry_flags, VCPU_ENTRY_SET_SCTLR);
	assert_int_equal(fake_sys_count(SYS_VCPU_RUN), 1);
	assert_int_equal(fake_sys_nth(SYS_VCPU_RUN, 0)->a[0], 2);
	assert_int_equal(affinity(2), PSCI_STATE_ON);
	assert_int_equal(affinity(1), PSCI_STATE_OFF);
	/* Once on, a second CPU_ON changes nothing of the running CPU. */
	s->regs.pc = 0x40123456u;
	smc_expect(call_from(1, PSCI_CPU_ON, 2, 0x40009000u, 0), (uint32_t)PSCI_ALREADY_ON, 0, 0,
		   0);
	smc_expect(call_from(1, PSCI_CPU_ON, 0, 0x40009000u, 0), (uint32_t)PSCI_ALREADY_ON, 0, 0,
		   0);
	assert_int_equal(s->regs.pc, 0x40123456u);
	assert_int_equal(fake_sys_count(SYS_VCPU_RUN), 1);
}

/* Bit 0 of the entry point selects Thumb: T set, pc without bit 0. */
static void test_psci_cpu_on_thumb(void **state)
{
	(void)state;
	smc_expect(smc_call(PSCI_CPU_ON, 1, 0x40008003u, 0), 0, 0, 0, 0);
	assert_int_equal(fake_vcpu_states[1].regs.pc, 0x40008002u);
	assert_int_equal(fake_vcpu_states[1].regs.cpsr, MODE_SVC | PSR_I | PSR_A | PSR_T);
}

/* Bad MPIDRs are INVALID_PARAMETERS, entry points that are misaligned or
 * outside normal RAM are INVALID_ADDRESS; neither touches the target. */
static void test_psci_cpu_on_refused(void **state)
{
	static const uint32_t mpidrs[] = { NCPUS, 0xff, 0x101, 0x10001, 0x80000001u };
	static const uint32_t entries[] = {
		0x40008002u, 0x4000800au, 0x7ffffffeu,  /* ARM, not word aligned */
		0x3ffffffcu, 0x00000000u, 0x3fffffffu,  /* below normal RAM */
		0x80000000u, 0x80000001u, 0xfffffffcu,  /* past its end */
		0x7fffffffu,                            /* Thumb, runs off the end */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(mpidrs) / sizeof(mpidrs[0]); i++)
		smc_expect(smc_call(PSCI_CPU_ON, mpidrs[i], 0x40008000u, 0), INVALID_PARAMS, 0, 0,
			   0);
	for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
		smc_expect(smc_call(PSCI_CPU_ON, 1, entries[i], 0), INVALID_ADDRESS, 0, 0, 0);
	/* Nothing started; the refused entries were diagnosed on the log
	 * (registers read, never written; the clock for the bound on such
	 * lines). */
	assert_true(fake_sys_count(SYS_VCPU_REG) > 0);
	for (unsigned i = 0; i < fake.sys_calls && i < FAKE_MAX_REC; i++) {
		if (fake.sys[i].nr == SYS_KINFO) {
			assert_int_equal(fake.sys[i].a[0], KINFO_UPTIME_MS);
			continue;
		}
		assert_int_equal(fake.sys[i].nr, SYS_VCPU_REG);
		assert_int_equal(fake.sys[i].a[2], 0);   /* write = 0 */
	}
	assert_non_null(strstr(fake.log[0], "PSCI CPU_ON refused, entry outside normal RAM"));
	assert_int_equal(fake_vcpu_states[1].regs.pc, 0);
	assert_int_equal(fake_vcpu_states[1].entry_flags, 0);
	assert_int_equal(affinity(1), PSCI_STATE_OFF);
	/* The last word of normal RAM is a valid entry point. */
	smc_expect(smc_call(PSCI_CPU_ON, 1, 0x7ffffffcu, 0), 0, 0, 0, 0);
}

static unsigned log_count(const char *s)
{
	unsigned n = 0;

	for (unsigned i = 0; i < fake.log_lines; i++)
		n += strstr(fake.log[i], s) != NULL;
	return n;
}

/* The normal world sets how often CPU_ON is refused: RATELIMIT_BURST
 * diagnoses at once, then one a second, and the count of the lines left
 * out before the next one that is logged, and at SYSTEM_OFF. */
static void test_psci_cpu_on_refusals_are_rate_limited(void **state)
{
	static const char refused[] = "PSCI CPU_ON refused, entry outside normal RAM";

	(void)state;
	fake.sys_ret[SYS_KINFO] = 5000;   /* KINFO_UPTIME_MS */
	for (unsigned i = 0; i < 20; i++)
		smc_expect(smc_call(PSCI_CPU_ON, 1, 0x10u, 0), INVALID_ADDRESS, 0, 0, 0);
	assert_int_equal(log_count(refused), RATELIMIT_BURST);
	assert_int_equal(fake.log_lines, 2 * RATELIMIT_BURST);
	assert_int_equal(log_count("suppressed"), 0);
	/* 1.999 s later: one token back (not two). */
	fake.sys_ret[SYS_KINFO] = 6999;
	smc_expect(smc_call(PSCI_CPU_ON, 1, 0x10u, 0), INVALID_ADDRESS, 0, 0, 0);
	smc_expect(smc_call(PSCI_CPU_ON, 1, 0x10u, 0), INVALID_ADDRESS, 0, 0, 0);
	assert_int_equal(log_count(refused), RATELIMIT_BURST + 1);
	assert_non_null(strstr(fake.log[2 * RATELIMIT_BURST],
			       "30 lines of diagnostics the normal world caused were suppressed"));
	assert_non_null(strstr(fake.log[2 * RATELIMIT_BURST + 1], refused));
	/* The one left out since is told at power off, before its line. */
	smc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	assert_non_null(strstr(fake.log[fake.log_lines - 2],
			       "2 lines of diagnostics the normal world caused were suppressed"));
	assert_non_null(strstr(fake.log[fake.log_lines - 1], "SYSTEM_OFF"));
}

/* CPU_OFF does not return to its caller; the CPU can be started again. */
static void test_psci_cpu_off_on(void **state)
{
	(void)state;
	smc_expect(smc_call(PSCI_CPU_ON, 3, 0x40008000u, 1), 0, 0, 0, 0);
	struct smc_result r = call_from(3, PSCI_CPU_OFF, 0, 0, 0);

	assert_true(r.no_resume);
	assert_int_equal(affinity(3), PSCI_STATE_OFF);
	assert_int_equal(affinity(0), PSCI_STATE_ON);
	smc_expect(smc_call(PSCI_CPU_ON, 3, 0x40010000u, 2), 0, 0, 0, 0);
	assert_int_equal(fake_vcpu_states[3].regs.pc, 0x40010000u);
	assert_int_equal(fake_vcpu_states[3].regs.r[0], 2);
	assert_int_equal(fake_sys_count(SYS_VCPU_RUN), 2);
	assert_int_equal(affinity(3), PSCI_STATE_ON);
	/* Answers that resume their caller do not set no_resume. */
	assert_false(smc_call(PSCI_VERSION, 0, 0, 0).no_resume);
	assert_false(smc_call(PSCI_CPU_ON, 3, 0x40010000u, 2).no_resume);
}

/* Only the standby state (power_state 0) is offered. */
static void test_psci_cpu_suspend(void **state)
{
	(void)state;
	smc_expect(smc_call(PSCI_CPU_SUSPEND, 0, 0x40008000u, 0), 0, 0, 0, 0);
	smc_expect(smc_call(PSCI_CPU_SUSPEND, 1, 0, 0), INVALID_PARAMS, 0, 0, 0);
	smc_expect(smc_call(PSCI_CPU_SUSPEND, 0x00010000u, 0x40008000u, 0), INVALID_PARAMS, 0, 0,
		   0);
	assert_int_equal(affinity(0), PSCI_STATE_ON);
}

/* The test hook holds a CPU in ON_PENDING until released. */
static void test_psci_hold_cpu(void **state)
{
	(void)state;
	smc_expect(smc_call(TZVMM_SMC_TEST_HOLD_CPU, NCPUS, 1, 0), INVALID_PARAMS, 0, 0, 0);
	smc_expect(smc_call(TZVMM_SMC_TEST_HOLD_CPU, 1, 2, 0), INVALID_PARAMS, 0, 0, 0);
	smc_expect(smc_call(TZVMM_SMC_TEST_HOLD_CPU, 1, 1, 0), 0, 0, 0, 0);
	smc_expect(smc_call(PSCI_CPU_ON, 1, 0x40008000u, 0), 0, 0, 0, 0);
	assert_int_equal(affinity(1), PSCI_STATE_ON_PENDING);
	assert_int_equal(fake_sys_count(SYS_VCPU_RUN), 0);
	smc_expect(smc_call(PSCI_CPU_ON, 1, 0x40008000u, 0), (uint32_t)PSCI_ON_PENDING, 0, 0, 0);
	smc_expect(smc_call(TZVMM_SMC_TEST_HOLD_CPU, 1, 0, 0), 0, 0, 0, 0);
	assert_int_equal(fake_sys_count(SYS_VCPU_RUN), 1);
	assert_int_equal(fake_sys_nth(SYS_VCPU_RUN, 0)->a[0], 1);
	assert_int_equal(affinity(1), PSCI_STATE_ON);
	/* Releasing a CPU that is not pending starts nothing. */
	smc_expect(smc_call(TZVMM_SMC_TEST_HOLD_CPU, 2, 0, 0), 0, 0, 0, 0);
	assert_int_equal(fake_sys_count(SYS_VCPU_RUN), 1);
	assert_int_equal(affinity(2), PSCI_STATE_OFF);
}

/* A kernel that refuses to run the vCPU is reported on the log. */
static void test_psci_cpu_on_kernel_refuses(void **state)
{
	(void)state;
	fake.sys_ret[SYS_VCPU_RUN] = -SYS_ESTATE;
	smc_call(PSCI_CPU_ON, 1, 0x40008000u, 0);
	assert_int_equal(fake_sys_count(SYS_VCPU_RUN), 1);
	assert_true(fake_log_has("vcpu 1 did not start"));
}

int run_psci_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		PSCI_TEST(test_psci_version),
		PSCI_TEST(test_psci_features),
		PSCI_TEST(test_psci_migrate_info_type),
		PSCI_TEST(test_psci_system_off),
		PSCI_TEST(test_psci_system_reset),
		PSCI_TEST(test_psci_mpidr_to_cpu),
		PSCI_TEST(test_psci_affinity_info),
		PSCI_TEST(test_psci_cpu_on),
		PSCI_TEST(test_psci_cpu_on_thumb),
		PSCI_TEST(test_psci_cpu_on_refused),
		PSCI_TEST(test_psci_cpu_on_refusals_are_rate_limited),
		PSCI_TEST(test_psci_cpu_off_on),
		PSCI_TEST(test_psci_cpu_suspend),
		PSCI_TEST(test_psci_hold_cpu),
		PSCI_TEST(test_psci_cpu_on_kernel_refuses),
	};

	return UNIT_RUN_GROUP("psci", tests, ncases);
}
