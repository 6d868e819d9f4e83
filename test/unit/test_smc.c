/*
 * SMC decoding and dispatch (components/vmm/smc.c), the Arm architecture calls
 * (components/vmm/smccc.c) and tzvmm's own calls (components/vmm/vendor.c): which function ids
 * are answered, what every answer holds, and that unknown ids are -1 with
 * r1-r3 zero and no side effect. PSCI is in test_psci.c.
 */
#include <component_caps.h>
#include <tzvmm/component_layout.h>
#include <tzvmm/signals.h>
#include <tzvmm/smccc.h>
#include <tzvmm/virtio_smc.h>
#include <tzvmm/test/hooks.h>
#include <tzvmm/test/probe.h>
#include "smc_call.h"
#include "../../components/vmm/vmm_testhooks.h"

#define A1 0x11111111u
#define A2 0x22222222u
#define A3 0x33333333u
#define NOT_SUPPORTED ((uint32_t)SMCCC_NOT_SUPPORTED)
#define INVALID ((uint32_t)SMCCC_INVALID_PARAMETER)

/* An unknown id: -1, r1-r3 cleared although the caller passed values,
 * no system call, no log line. */
static void expect_unknown(uint32_t id)
{
	unsigned calls = fake.sys_calls, lines = fake.log_lines;

	assert_null(smc_lookup(id));
	smc_expect(smc_call(id, A1, A2, A3), NOT_SUPPORTED, 0, 0, 0);
	assert_int_equal(fake.sys_calls, calls);
	assert_int_equal(fake.log_lines, lines);
}

/* Ids every test below relies on being answered: of tzvmm's own (owner 6),
 * every one but the test hooks (test_vendor_call_count holds them to it). */
static const uint32_t known_ids[] = {
	SMCCC_VERSION, SMCCC_ARCH_FEATURES, PSCI_VERSION, PSCI_FEATURES,
	TZVMM_SMC_NULL, TZVMM_SMC_ECHO, TZVMM_SMC_UID, TZVMM_SMC_REVISION,
	TZVMM_SMC_CALL_COUNT, TZVMM_SMC_VIRTIO_READ, TZVMM_SMC_VIRTIO_WRITE,
};

static void test_smc_tables_validate(void **state)
{
	(void)state;
	assert_int_equal(smc_tables_validate(), 0);
	for (size_t i = 0; i < sizeof(known_ids) / sizeof(known_ids[0]); i++)
		assert_non_null(smc_lookup(known_ids[i]));
}

/* Owners other than Arm architecture, standard secure and vendor
 * hypervisor have no service. */
static void test_smc_unknown_owner(void **state)
{
	static const uint32_t funcs[] = { 0x0000, 0x0001, 0x1000, 0xff00, 0xff01, 0xffff };

	(void)state;
	for (uint32_t owner = 0; owner < SMCCC_OWNER_COUNT; owner++) {
		if (owner == SMCCC_OWNER_ARCH || owner == SMCCC_OWNER_STD ||
		    owner == SMCCC_OWNER_VENDOR_HYP)
			continue;
		for (size_t f = 0; f < sizeof(funcs) / sizeof(funcs[0]); f++)
			expect_unknown(SMCCC_ID(owner, funcs[f]));
	}
}

/* Function numbers nobody answers inside the served owners. */
static void test_smc_unassigned_functions(void **state)
{
	static const uint32_t ids[] = {
		0x80000003u, 0x80008000u /* WORKAROUND_1 */, 0x8000ffffu,
		0x84000020u, 0x840000ffu, 0x8400ffffu,
		0x86000002u, 0x860000ffu, 0x86000100u, 0x86000fffu, 0x86001100u,
		0x8600fe00u /* BENCH_FLOOR: the monitor's, not the VMM's */,
		0x8600ff02u, 0x8600ff04u, 0x8600ffffu,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		expect_unknown(ids[i]);
	/* Unassigned slots inside the test-hook range stay unknown (this binary
	 * links the test hooks, as the test image does). */
	expect_unknown(0x8600100au);
	expect_unknown(0x860010ffu);
}

/* SMC64 ids (bit 30) are unknown to an AArch32 normal world. */
static void test_smc_smc64_rejected(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(known_ids) / sizeof(known_ids[0]); i++)
		expect_unknown(known_ids[i] | SMCCC_SMC64);
	expect_unknown(0xc4000003u);   /* PSCI CPU_ON, SMC64 */
}

/* Yielding (standard) calls, bit 31 clear, are not served. */
static void test_smc_yielding_rejected(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(known_ids) / sizeof(known_ids[0]); i++)
		expect_unknown(known_ids[i] & ~SMCCC_FAST_CALL);
	expect_unknown(0x00000000u);
}

/* Fast calls with any of the must-be-zero bits 23:16 set are unknown. */
static void test_smc_mbz_rejected(void **state)
{
	(void)state;
	for (unsigned bit = 16; bit <= 23; bit++)
		for (size_t i = 0; i < sizeof(known_ids) / sizeof(known_ids[0]); i++)
			expect_unknown(known_ids[i] | (1u << bit));
}

static void test_smc_null(void **state)
{
	(void)state;
	smc_expect(smc_call(TZVMM_SMC_NULL, A1, A2, A3), 0, 0, 0, 0);
	assert_int_equal(fake.sys_calls, 0);
}

/* r1 = ~a1, r2 = a2 + 1 (wrapping), r3 = a3 ^ a1. */
static void test_smc_echo(void **state)
{
	static const uint32_t v[][3] = {
		{ 0, 0, 0 },
		{ 0x12345678u, 0x9abcdef0u, 0x0f0f0f0fu },
		{ 0xffffffffu, 0xffffffffu, 0xffffffffu },
		{ 0x80000000u, 0x7fffffffu, 0x00000001u },
	};

	(void)state;
	assert_int_equal(TZVMM_ECHO_R1(0x0000ffffu), 0xffff0000u);
	assert_int_equal(TZVMM_ECHO_R2(0xffffffffu), 0);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		smc_expect(smc_call(TZVMM_SMC_ECHO, v[i][0], v[i][1], v[i][2]), 0, ~v[i][0],
			   v[i][1] + 1u, v[i][2] ^ v[i][0]);
}

static const uint32_t hook_ids[] = {
	TZVMM_SMC_TEST_EXIT, TZVMM_SMC_TEST_KINFO, TZVMM_SMC_TEST_TIMER,
	TZVMM_SMC_TEST_TIMER_COUNT, TZVMM_SMC_TEST_PROBE, TZVMM_SMC_TEST_HOLD_CPU,
	TZVMM_SMC_TEST_DIAG, TZVMM_SMC_TEST_INJECT, TZVMM_SMC_TEST_VMM_FAULT, TZVMM_SMC_TEST_COPY,
};

/* The unit tests link components/vmm/testhooks/ like the test image; the
 * production image, without them, answers -1 to every hook id
 * (test/qemu/test_foundation.py, test_production_image_has_no_test_hooks...). */
static void test_smc_test_hooks_answered(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(hook_ids) / sizeof(hook_ids[0]); i++)
		assert_non_null(smc_lookup(hook_ids[i]));
}

static void test_smc_test_exit(void **state)
{
	(void)state;
	struct smc_result r = smc_call(TZVMM_SMC_TEST_EXIT, (uint32_t)-7, 0, 0);

	assert_int_equal(fake_sys_count(SYS_POWER), 1);
	assert_int_equal(fake_sys_nth(SYS_POWER, 0)->a[0], SYS_POWER_OFF);
	assert_int_equal((int32_t)fake_sys_nth(SYS_POWER, 0)->a[1], -7);
	assert_true(fake_log_has("finished with status -7"));
	/* Reached only if the kernel refused to power off. */
	assert_int_equal(r.r[0], NOT_SUPPORTED);
}

static int32_t kinfo_hook(uint32_t nr, const uint32_t a[4])
{
	return nr == SYS_KINFO ? (int32_t)FAKE_KINFO(a[0]) : 0;
}

static void test_smc_test_kinfo(void **state)
{
	(void)state;
	fake.sys_hook = kinfo_hook;
	smc_expect(smc_call(TZVMM_SMC_TEST_KINFO, KINFO_EXITS, A2, A3), 0, FAKE_KINFO(KINFO_EXITS),
		   0, 0);
	assert_int_equal(fake_sys_nth(SYS_KINFO, 0)->a[0], KINFO_EXITS);
	/* Out of range: refused before the kernel is asked. */
	fake.sys_calls = 0;
	smc_expect(smc_call(TZVMM_SMC_TEST_KINFO, KINFO_COUNT, 0, 0), INVALID, 0, 0, 0);
	smc_expect(smc_call(TZVMM_SMC_TEST_KINFO, 0xffffffffu, 0, 0), INVALID, 0, 0, 0);
	assert_int_equal(fake.sys_calls, 0);
}

static void test_smc_test_timer(void **state)
{
	struct vmm_cpu cpu = { .id = 1 };

	(void)state;
	smc_expect(smc_call_on(&cpu, TZVMM_SMC_TEST_TIMER_COUNT, 0, 0, 0), 0, 0, 0, 0);
	smc_expect(smc_call(TZVMM_SMC_TEST_TIMER, 0, 0, 0), INVALID, 0, 0, 0);
	assert_int_equal(fake.sys_calls, 0);
	smc_expect(smc_call(TZVMM_SMC_TEST_TIMER, 625, 0, 0), 0, 0, 0, 0);
	assert_int_equal(fake_sys_nth(SYS_TIMER, 0)->a[0], 625);
	assert_int_equal(fake_sys_nth(SYS_TIMER, 0)->a[1], VMM_SIG_TEST_TIMER);
	fake.sys_ret[SYS_TIMER] = -SYS_EINVAL;   /* the kernel refuses */
	smc_expect(smc_call(TZVMM_SMC_TEST_TIMER, 0xffffffffu, 0, 0), INVALID, 0, 0, 0);
	/* The VMM thread's loop hands the signal over: counted, and how late
	 * it came against the deadline armed (kinfo's clock is the fake's). */
	fake.sys_ret[SYS_TIMER] = 0;
	smc_expect(smc_call_on(&cpu, TZVMM_SMC_TEST_TIMER, 625, 0, 0), 0, 0, 0, 0);
	testhook_signalled(&cpu, VMM_SIG_TEST_TIMER);
	testhook_signalled(&cpu, 1u << 9);   /* not its bit: nothing */
	struct smc_result r = smc_call_on(&cpu, TZVMM_SMC_TEST_TIMER_COUNT, 0, 0, 0);

	assert_int_equal(r.r[0], 0);
	assert_int_equal(r.r[1], 1);
}

/* Scripted kernel for TEST_PROBE: faults 3 before, `after` after; the
 * wait returns `woken`. */
static uint32_t probe_woken, probe_faults_after, probe_kinfo_calls;
static int32_t probe_signal_ret;

static int32_t probe_hook(uint32_t nr, const uint32_t a[4])
{
	switch (nr) {
	case SYS_KINFO:
		assert_int_equal(a[0], KINFO_FAULTS);
		return probe_kinfo_calls++ == 0 ? 3 : (int32_t)probe_faults_after;
	case SYS_SIGNAL:
		return probe_signal_ret;
	case SYS_WAIT:
		return (int32_t)probe_woken;
	default:
		return 0;
	}
}

static void probe_script(uint32_t woken, uint32_t after, int32_t signal_ret)
{
	vmm_config.ncpus = 2;
	vmm_config.timer_hz = 62500000u;
	probe_woken = woken;
	probe_faults_after = after;
	probe_kinfo_calls = 0;
	probe_signal_ret = signal_ret;
	fake.sys_hook = probe_hook;
}

static void test_smc_test_probe_reported(void **state)
{
	(void)state;
	probe_script(VMM_SIG_FAULT, 4, 0);
	smc_expect(smc_call(TZVMM_SMC_TEST_PROBE, PROBE_WRITE_TEXT, 0, 0), 0, 1, 0, 0);
	/* Named caps follow the vCPU slots, whatever the number of CPUs, in
	 * declaration order: the VMM's own (storage), then its test hooks'
	 * (probe); bit n asks for fault kind n. */
	assert_int_equal(fake_sys_nth(SYS_SIGNAL, 0)->a[0], COMPONENT_MAX_VCPUS + 1u);
	assert_int_equal(fake_sys_nth(SYS_SIGNAL, 0)->a[0], CAP_PROBE);
	assert_int_equal(fake_sys_nth(SYS_SIGNAL, 0)->a[1], 1u << PROBE_WRITE_TEXT);
	assert_int_equal(fake_sys_nth(SYS_WAIT, 0)->a[0], VMM_SIG_FAULT | VMM_SIG_DEADLINE);
	assert_int_equal(fake_sys_nth(SYS_WAIT, 0)->a[1], SYS_NO_VCPU);
	/* The deadline is armed, then cancelled. */
	assert_int_equal(fake_sys_count(SYS_TIMER), 2);
	assert_int_equal(fake_sys_nth(SYS_TIMER, 0)->a[0], 6250000u);   /* 100 ms */
	assert_int_equal(fake_sys_nth(SYS_TIMER, 0)->a[1], VMM_SIG_DEADLINE);
	assert_int_equal(fake_sys_nth(SYS_TIMER, 1)->a[0], 0);
	assert_false(fake_log_has("not reported"));
}

static void test_smc_test_probe_deadline(void **state)
{
	(void)state;
	probe_script(VMM_SIG_DEADLINE, 3, 0);
	smc_expect(smc_call(TZVMM_SMC_TEST_PROBE, PROBE_READ_NULL, 0, 0), 0, 0, 0, 0);
	assert_true(fake_log_has("not reported"));
}

static void test_smc_test_probe_refused(void **state)
{
	struct vmm_cpu cpu1 = { .id = 1 };

	(void)state;
	probe_script(VMM_SIG_FAULT, 4, 0);
	smc_expect(smc_call(TZVMM_SMC_TEST_PROBE, 0, 0, 0), INVALID, 0, 0, 0);
	smc_expect(smc_call(TZVMM_SMC_TEST_PROBE, PROBE_FAULT_COUNT, 0, 0), INVALID, 0, 0, 0);
	/* Only VMM thread 0 receives fault reports. */
	smc_expect(smc_call_on(&cpu1, TZVMM_SMC_TEST_PROBE, PROBE_READ_NULL, 0, 0), NOT_SUPPORTED,
		   0, 0, 0);
	assert_int_equal(fake.sys_calls, 0);
	/* The kernel refusing the signal ends the call before any wait. */
	probe_script(VMM_SIG_FAULT, 4, -SYS_ECAP);
	smc_expect(smc_call(TZVMM_SMC_TEST_PROBE, PROBE_READ_NULL, 0, 0), INVALID, 0, 0, 0);
	assert_int_equal(fake_sys_count(SYS_WAIT), 0);
}

static void test_smccc_version(void **state)
{
	(void)state;
	smc_expect(smc_call(SMCCC_VERSION, A1, A2, A3), 0x00010002u, 0, 0, 0);
	assert_int_equal(SMCCC_VERSION_1_2, 0x00010002u);
}

/* ARCH_FEATURES answers 0 exactly for the Arm architecture calls the
 * dispatcher answers, -1 for everything else. */
static void test_smccc_arch_features(void **state)
{
	(void)state;
	smc_expect(smc_call(SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, 0), 0, 0, 0, 0);
	smc_expect(smc_call(SMCCC_ARCH_FEATURES, SMCCC_ARCH_FEATURES, 0, 0), 0, 0, 0, 0);
	smc_expect(smc_call(SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID, 0, 0), 0, 0, 0, 0);
	smc_expect(smc_call(SMCCC_ARCH_FEATURES, 0x80008000u, 0, 0), NOT_SUPPORTED, 0, 0, 0);
	smc_expect(smc_call(SMCCC_ARCH_FEATURES, PSCI_VERSION, 0, 0), NOT_SUPPORTED, 0, 0, 0);
	smc_expect(smc_call(SMCCC_ARCH_FEATURES, TZVMM_SMC_NULL, 0, 0), NOT_SUPPORTED, 0, 0, 0);
	smc_expect(smc_call(SMCCC_ARCH_FEATURES, SMCCC_VERSION | SMCCC_SMC64, 0, 0), NOT_SUPPORTED,
		   0, 0, 0);
	for (uint32_t f = 0; f < 0x200; f++) {
		uint32_t id = SMCCC_ID(SMCCC_OWNER_ARCH, f);

		smc_expect(smc_call(SMCCC_ARCH_FEATURES, id, 0, 0),
			   smc_lookup(id) ? 0 : NOT_SUPPORTED, 0, 0, 0);
	}
}

/* SOC_ID: a1 = 0 the JEP106 identity and SoC id, 1 the revision. */
static void test_smccc_soc_id(void **state)
{
	(void)state;
	smc_expect(smc_call(SMCCC_ARCH_SOC_ID, 0, A2, A3), 0x7f7e7a56u, 0, 0, 0);
	assert_int_equal((TZVMM_SOC_JEP106_BANK << 24) | (TZVMM_SOC_JEP106_CODE << 16) |
			 TZVMM_SOC_ID, 0x7f7e7a56u);
	smc_expect(smc_call(SMCCC_ARCH_SOC_ID, 1, A2, A3), TZVMM_SOC_REVISION, 0, 0, 0);
	/* SoC version: bit 31 clear, so never mistaken for an error code. */
	assert_int_equal(smc_call(SMCCC_ARCH_SOC_ID, 0, 0, 0).r[0] & 0x80000000u, 0);
	smc_expect(smc_call(SMCCC_ARCH_SOC_ID, 2, 0, 0), INVALID, 0, 0, 0);
	smc_expect(smc_call(SMCCC_ARCH_SOC_ID, 0xffffffffu, 0, 0), INVALID, 0, 0, 0);
}

static void test_vendor_uid_revision(void **state)
{
	(void)state;
	smc_expect(smc_call(TZVMM_SMC_UID, 0, 0, 0), TZVMM_UID_0, TZVMM_UID_1, TZVMM_UID_2,
		   TZVMM_UID_3);
	smc_expect(smc_call(TZVMM_SMC_REVISION, 0, 0, 0), TZVMM_REVISION_MAJOR,
		   TZVMM_REVISION_MINOR, 0, 0);
}

/* CALL_COUNT equals the number of vendor ids the dispatcher answers,
 * counted over all 65536 function numbers, with and without hooks. */
static uint32_t answered_vendor_ids(void)
{
	uint32_t n = 0;

	for (uint32_t f = 0; f <= 0xffffu; f++)
		n += smc_lookup(SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, f)) != NULL;
	return n;
}

static void test_vendor_call_count(void **state)
{
	(void)state;
	uint32_t n = answered_vendor_ids();

	smc_expect(smc_call(TZVMM_SMC_CALL_COUNT, 0, 0, 0), n, 0, 0, 0);
	/* Exactly the vendor ids of known_ids and the hooks: nothing answered
	 * that no test knows of. */
	uint32_t known = 0;

	for (size_t i = 0; i < sizeof(known_ids) / sizeof(known_ids[0]); i++)
		known += SMCCC_OWNER(known_ids[i]) == SMCCC_OWNER_VENDOR_HYP;
	assert_int_equal(n, known + sizeof(hook_ids) / sizeof(hook_ids[0]));
}

int run_smc_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_smc_tables_validate),
		UNIT_TEST(test_smc_unknown_owner),
		UNIT_TEST(test_smc_unassigned_functions),
		UNIT_TEST(test_smc_smc64_rejected),
		UNIT_TEST(test_smc_yielding_rejected),
		UNIT_TEST(test_smc_mbz_rejected),
		UNIT_TEST(test_smc_null),
		UNIT_TEST(test_smc_echo),
		UNIT_TEST(test_smc_test_hooks_answered),
		UNIT_TEST(test_smc_test_exit),
		UNIT_TEST(test_smc_test_kinfo),
		UNIT_TEST(test_smc_test_timer),
		UNIT_TEST(test_smc_test_probe_reported),
		UNIT_TEST(test_smc_test_probe_deadline),
		UNIT_TEST(test_smc_test_probe_refused),
		UNIT_TEST(test_smccc_version),
		UNIT_TEST(test_smccc_arch_features),
		UNIT_TEST(test_smccc_soc_id),
		UNIT_TEST(test_vendor_uid_revision),
		UNIT_TEST(test_vendor_call_count),
	};

	return UNIT_RUN_GROUP("smc", tests, ncases);
}
