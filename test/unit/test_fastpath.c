/*
 * The kernel's fast path (kernel/fastpath.c) and the VMM's table for it
 * (components/vmm/vmm_fastpath.c): SYS_FASTPATH checks every entry and freezes
 * the table; an exit is answered only for an id (and a1) it holds; the
 * VMM's table holds its own handlers' answers, one per query.
 */
#include <string.h>
#include <tzvmm/smccc.h>
#include <tzvmm/syscall.h>
#include "../../components/vmm/vmm_fastpath.h"
#include "../../components/vmm/smc.h"
#include "component.h"
#include "kernel.h"
#include "fastpath.h"
#include "syscall_decode.h"
#include "unit.h"

static struct component_desc fp_desc;

static struct thread *fp_fixture(uint8_t *mem)
{
	struct component *c = &kernel.components[0];
	struct thread *t = &kernel.threads[0];

	fastpath_reset();
	fp_desc = (struct component_desc){ .name = "vmm" };
	memset(c, 0, sizeof(*c));
	c->desc = &fp_desc;
	c->rights = RIGHT_FASTPATH;
	c->as.regions[c->as.nregions++] =
		(struct region){ unit_u32(mem), unit_u32(mem), 0x1000, REGION_RW };
	*t = (struct thread){ .comp = c, .state = THREAD_RUNNABLE };
	return t;
}

static int32_t set(struct thread *t, uint8_t *mem, const struct sys_fastpath_entry *e,
		   uint32_t n)
{
	uint32_t args[4] = { unit_u32(mem), n };

	memcpy(mem, e, n * sizeof(*e));
	return syscall_invoke(t, SYS_FASTPATH, args);
}

static bool answer(uint32_t id, uint32_t a1, uint32_t *r0)
{
	struct vcpu_state s = { .regs = { .r = { id, a1, 0xa2, 0xa3 } } };

	if (!(fastpath_may_hold(id) && fastpath_answer(&s)))
		return false;
	*r0 = s.regs.r[0];
	return true;
}

static void test_fastpath_answers_and_misses(void **state)
{
	uint8_t *mem = unit_low_mem();
	const struct sys_fastpath_entry e[] = {
		{ PSCI_VERSION, 0, 0, { 0x10001 } },
		{ PSCI_FEATURES, SYS_FASTPATH_MATCH_A1, PSCI_CPU_ON, { 0 } },
		{ PSCI_FEATURES, SYS_FASTPATH_MATCH_A1, 0x80000000u, { 0 } },
	};
	uint32_t r0 = 0;

	(void)state;
	UNIT_REQUIRE(mem);
	struct thread *t = fp_fixture(mem);

	assert_false(answer(PSCI_VERSION, 0, &r0));   /* empty before the VMM's table */
	assert_int_equal(set(t, mem, e, 3), 0);
	assert_true(answer(PSCI_VERSION, 77, &r0));
	assert_int_equal(r0, 0x10001);
	assert_true(answer(PSCI_FEATURES, PSCI_CPU_ON, &r0));
	assert_int_equal(r0, 0);
	assert_false(answer(PSCI_FEATURES, PSCI_CPU_OFF, &r0));   /* another a1: the VMM's */
	assert_false(answer(TZVMM_SMC_NULL, 0, &r0));
	assert_false(fastpath_may_hold(TZVMM_SMC_NULL));           /* the filter stops it */
	assert_int_equal(set(t, mem, e, 1), -SYS_ESTATE);          /* frozen */
}

/* A full table, ids spread over the hash's buckets and several in one:
 * every entry is found (in whatever bucket order the table came), and
 * ids it does not hold miss, though their bucket is in use. */
static void test_fastpath_full_table_by_hash(void **state)
{
	uint8_t *mem = unit_low_mem();
	struct sys_fastpath_entry e[SYS_FASTPATH_MAX];
	uint32_t r0 = 0;
	unsigned misses = 0, filtered = 0;

	(void)state;
	UNIT_REQUIRE(mem);
	struct thread *t = fp_fixture(mem);

	for (uint32_t i = 0; i < SYS_FASTPATH_MAX; i++)
		e[i] = (struct sys_fastpath_entry){
			SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x100u + 7u * i), 0, 0, { 0x5000u + i }
		};
	assert_int_equal(set(t, mem, e, SYS_FASTPATH_MAX), 0);
	for (uint32_t i = 0; i < SYS_FASTPATH_MAX; i++) {
		assert_true(answer(e[i].id, 0, &r0));
		assert_int_equal(r0, 0x5000u + i);
	}
	for (uint32_t i = 0; i < 7u * SYS_FASTPATH_MAX; i++) {
		if (i % 7u == 0)
			continue;
		uint32_t id = SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, 0x100u + i);

		assert_false(answer(id, 0, &r0));
		if (fastpath_may_hold(id))
			filtered++;   /* past the filter: its bucket looked at */
		misses++;
	}
	assert_true(filtered > misses / 2);   /* the case the buckets are for */
}

static void test_fastpath_refuses_bad_tables(void **state)
{
	uint8_t *mem = unit_low_mem();
#define E(id_, fl, a) { .id = (id_), .flags = (fl), .a1 = (a) }
	static const struct sys_fastpath_entry bad[][2] = {
		{ E(0x04000000u, 0, 0), E(PSCI_VERSION, 0, 0) },           /* yielding */
		{ E(0xc4000000u, 0, 0), E(PSCI_VERSION, 0, 0) },           /* SMC64 */
		{ E(0x84010000u, 0, 0), E(PSCI_VERSION, 0, 0) },           /* must-be-zero bits */
		{ E(PSCI_VERSION, 2, 0), E(SMCCC_VERSION, 0, 0) },         /* unknown flag */
		{ E(PSCI_VERSION, 0, 0), E(PSCI_VERSION, 0, 0) },          /* two answers */
		{ E(PSCI_FEATURES, SYS_FASTPATH_MATCH_A1, 1), E(PSCI_FEATURES, 0, 0) },
		{ E(PSCI_FEATURES, SYS_FASTPATH_MATCH_A1, 1),
		  E(PSCI_FEATURES, SYS_FASTPATH_MATCH_A1, 1) },
	};
#undef E
	uint32_t args[4];

	(void)state;
	UNIT_REQUIRE(mem);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct thread *t = fp_fixture(mem);

		assert_int_equal(set(t, mem, bad[i], 2), -SYS_EINVAL);
	}
	struct thread *t = fp_fixture(mem);

	args[0] = unit_u32(mem);   /* one entry too many */
	args[1] = SYS_FASTPATH_MAX + 1;
	assert_int_equal(syscall_invoke(t, SYS_FASTPATH, args), -SYS_EINVAL);
	args[0] = 0x10;   /* not the caller's memory */
	args[1] = 1;
	assert_int_equal(syscall_invoke(t, SYS_FASTPATH, args), -SYS_EFAULT);
	t->comp->rights = 0;
	assert_int_equal(set(t, mem, bad[0] + 1, 1), -SYS_EPERM);
	/* Nothing was taken: every id still goes to the VMM. */
	uint32_t r0;

	assert_false(answer(PSCI_VERSION, 0, &r0));
}

/* The VMM's table: its own handlers' answers, accepted by the kernel. */
static void test_vmm_fastpath_table(void **state)
{
	uint8_t *mem = unit_low_mem();
	struct sys_fastpath_entry e[SYS_FASTPATH_MAX];
	struct vmm_cpu cpu = { .id = 0, .state = &fake_vcpu_states[0] };

	(void)state;
	UNIT_REQUIRE(mem);
	vmm_config.ncpus = 2;
	unsigned n = vmm_fastpath_build(&cpu, e);

	assert_true(n > 20 && n < SYS_FASTPATH_MAX);   /* room to spare: nothing dropped */
	assert_int_equal(fake.sys_calls, 0);           /* built without the kernel */
	struct thread *t = fp_fixture(mem);

	assert_int_equal(set(t, mem, e, n), 0);
	uint32_t r0 = 1;

	assert_true(answer(PSCI_VERSION, 0, &r0));
	assert_int_equal(r0, 0x00010001u);
	assert_true(answer(PSCI_FEATURES, SMCCC_VERSION, &r0));   /* how Linux finds SMCCC */
	assert_int_equal(r0, 0);
	assert_true(answer(SMCCC_VERSION, 0, &r0));
	assert_int_equal(r0, 0x00010002u);
	assert_false(answer(PSCI_CPU_ON, 1, &r0));     /* not a query */
	assert_false(answer(TZVMM_SMC_ECHO, 1, &r0));
	/* The VMM's policy, not the kernel's: every answer is one of a call
	 * its own dispatch serves. */
	for (unsigned i = 0; i < n; i++)
		assert_non_null(smc_lookup(e[i].id));
}

int run_fastpath_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_fastpath_answers_and_misses),
		UNIT_TEST(test_fastpath_refuses_bad_tables),
		UNIT_TEST(test_fastpath_full_table_by_hash),
		UNIT_TEST(test_vmm_fastpath_table),
	};

	int failed = UNIT_RUN_GROUP("fastpath", tests, ncases);

	fastpath_reset();
	return failed;
}
