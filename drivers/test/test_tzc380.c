/*
 * The TZC-380 driver (drivers/tzc380.c) against a register file: the
 * register values of tzvmm's plan for an i.MX6UL (16 MiB secure carve-out
 * at the top of 512 MiB of DDR, the rest non-secure), the order of the
 * writes, every kind of bad plan refused with nothing written, and a
 * controller that does not keep what it is told reported, not trusted.
 */
#include <string.h>
#include <drivers/tzc380.h>
#include "fake_mmio.h"
#include "unit.h"

#define TZASC   0x021d0000u
#define NWORDS  128u                  /* through the region registers */
#define CONF_16_REGIONS_AW32 0x1f0fu  /* address_width 32 - 1, no_of_regions 16 - 1 */
#define ATTR(n) ((0x108u + 0x10u * (n)) / 4u)
#define LOW(n)  ((0x100u + 0x10u * (n)) / 4u)
#define HIGH(n) ((0x104u + 0x10u * (n)) / 4u)
#define ACTION  (0x004u / 4u)

static uint32_t regs[NWORDS];
static unsigned writes[NWORDS];
static struct fake_regfile rf = { .regs = regs, .writes = writes, .words = NWORDS };

static void attach_tzasc(uint32_t conf)
{
	memset(regs, 0, sizeof(regs));
	memset(writes, 0, sizeof(writes));
	regs[0] = conf;
	fake_regfile_attach(TZASC, &rf);
}

static unsigned total_writes(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < NWORDS; i++)
		n += writes[i];
	return n;
}

/* i.MX6UL: DDR at 0x80000000, 512 MiB; tzvmm keeps the top 16 MiB. */
static const struct tzc380_region imx6ul_regions[] = {
	{ 0, 0, TZC380_SECURE_ONLY },
	{ 0x80000000u, 0x20000000u, TZC380_NONSECURE_RW },
	{ 0x9f000000u, 0x01000000u, TZC380_SECURE_ONLY },
};
static const struct tzc380_plan imx6ul_plan = {
	.regions = imx6ul_regions, .nregions = 3, .action = TZC380_ACTION_IRQ_DECERR,
};

static void test_tzc380_typical_plan(void **state)
{
	const char *why = "unset";

	(void)state;
	attach_tzasc(CONF_16_REGIONS_AW32);
	assert_int_equal(tzc380_configure(TZASC, &imx6ul_plan, &why), TZC380_OK);
	assert_null(why);
	/* Background: secure read/write only (sp 0b1100). */
	assert_int_equal(regs[ATTR(0)], 0xc0000000u);
	/* 512 MiB = 2^29: size field 28; sp all four; enabled. */
	assert_int_equal(regs[LOW(1)], 0x80000000u);
	assert_int_equal(regs[HIGH(1)], 0);
	assert_int_equal(regs[ATTR(1)], 0xf0000000u | 28u << 1 | 1u);
	/* 16 MiB = 2^24: size field 23; secure only. */
	assert_int_equal(regs[LOW(2)], 0x9f000000u);
	assert_int_equal(regs[HIGH(2)], 0);
	assert_int_equal(regs[ATTR(2)], 0xc0000000u | 23u << 1 | 1u);
	for (unsigned n = 3; n < 16; n++) {
		assert_int_equal(regs[ATTR(n)], 0);
		assert_int_equal(writes[ATTR(n)], 1);
	}
	assert_int_equal(regs[ACTION], 3);
	/* The configuration register is read, never written. */
	assert_int_equal(writes[0], 0);
}

/* A region left enabled by earlier firmware (here one opening the
 * carve-out to the normal world, and outranking the plan's) is disabled. */
static void test_tzc380_disables_stale_regions(void **state)
{
	(void)state;
	attach_tzasc(CONF_16_REGIONS_AW32);
	regs[LOW(9)] = 0x9f000000u;
	regs[ATTR(9)] = 0xf0000000u | 23u << 1 | 1u;
	assert_int_equal(tzc380_configure(TZASC, &imx6ul_plan, NULL), TZC380_OK);
	assert_int_equal(regs[ATTR(9)] & 1u, 0);
}

/* The order of the writes, through a model that logs them. */
static struct { uint32_t off, value; } wlog[64];
static unsigned nwlog;

static uint32_t log_read(void *ctx, uintptr_t off, unsigned width)
{
	return regs[off / 4];
}

static void log_write(void *ctx, uintptr_t off, uint32_t value, unsigned width)
{
	assert_true(nwlog < 64);
	wlog[nwlog].off = (uint32_t)off;
	wlog[nwlog++].value = value;
	regs[off / 4] = value;
}

static int wlog_find(uint32_t off, bool enabling)
{
	for (unsigned i = 0; i < nwlog; i++)
		if (wlog[i].off == off && (!enabling || (wlog[i].value & 1u)))
			return (int)i;
	return -1;
}

static void test_tzc380_write_order(void **state)
{
	struct fake_mmio_model m = { .base = TZASC, .size = NWORDS * 4u,
				     .read = log_read, .write = log_write };
	int first_enable = INT32_MAX;

	(void)state;
	memset(regs, 0, sizeof(regs));
	regs[0] = CONF_16_REGIONS_AW32;
	nwlog = 0;
	fake_mmio_attach(&m);
	assert_int_equal(tzc380_configure(TZASC, &imx6ul_plan, NULL), TZC380_OK);
	for (unsigned n = 1; n < 3; n++) {
		int e = wlog_find(ATTR(n) * 4u, true);

		assert_true(e >= 0);
		if (e < first_enable)
			first_enable = e;
	}
	/* Every region is disabled before any is enabled... */
	for (unsigned n = 1; n < 16; n++) {
		int d = wlog_find(ATTR(n) * 4u, false);

		assert_true(d >= 0 && d < first_enable);
	}
	/* ...and the carve-out is in force before the region it lies in. */
	assert_true(wlog_find(ATTR(2) * 4u, true) < wlog_find(ATTR(1) * 4u, true));
	/* A region's base is written while it is disabled. */
	assert_true(wlog_find(LOW(1) * 4u, false) < wlog_find(ATTR(1) * 4u, true));
}

struct bad_plan {
	struct tzc380_region r[3];
	unsigned n;
	enum tzc380_action action;
	const char *why;   /* a word of the reason */
};

static const struct bad_plan bad_plans[] = {
	{ { { 0, 0, 0 }, { 0x80000000u, 0x4000u, 1 } }, 2, 0, "32 KiB" },
	{ { { 0, 0, 0 }, { 0x80000000u, 0xc000u, 1 } }, 2, 0, "power of two" },
	{ { { 0, 0, 0 }, { 0x80100000u, 0x00200000u, 1 } }, 2, 0, "aligned" },
	{ { { 0, 0, 0 }, { 0x80000000u, 0x20000000u, 1 }, { 0x10000, 0x8000, 2 } }, 3, 0,
	  "security" },
	{ { { 0, 0, 5 } }, 1, 0, "security" },
	{ { { 0x80000000u, 0, 0 } }, 1, 0, "background" },
	{ { { 0, 0x1000000u, 0 } }, 1, 0, "background" },
	{ { { 0, 0, 0 } }, 1, 4, "action" },
	{ { { 0, 0, 0 }, { 0x100000000ull, 0x8000u, 0 } }, 2, 0, "address width" },
	{ { { 0, 0, 0 }, { 0, 0x200000000ull, 0 } }, 2, 0, "address width" },
	{ { { 0, 0, 0 } }, 0, 0, "background" },
};

static void test_tzc380_refuses_bad_plans(void **state)
{
	(void)state;
	for (unsigned i = 0; i < sizeof(bad_plans) / sizeof(bad_plans[0]); i++) {
		const struct bad_plan *b = &bad_plans[i];
		struct tzc380_plan plan = { .regions = b->r, .nregions = b->n,
					    .action = b->action };
		const char *why = NULL;

		fake_mmio_detach_all();
		attach_tzasc(CONF_16_REGIONS_AW32);
		assert_int_equal(tzc380_configure(TZASC, &plan, &why), TZC380_ERR_PLAN);
		assert_non_null(why);
		if (!strstr(why, b->why))
			fail_msg("bad plan %u: \"%s\" does not say \"%s\"", i, why, b->why);
		assert_int_equal(total_writes(), 0);
	}
}

/* More regions than the configuration register reports: 3 asked of a
 * controller with 2 (3 of one with 3 are fine), and of QEMU's absent
 * TZASC, which reads as zero (one region, the background). */
static void test_tzc380_refuses_too_many_regions(void **state)
{
	const char *why = NULL;
	struct tzc380_plan null_regions = { .regions = NULL, .nregions = 1 };

	(void)state;
	attach_tzasc(0x1f01u);
	assert_int_equal(tzc380_configure(TZASC, &imx6ul_plan, &why), TZC380_ERR_PLAN);
	assert_non_null(strstr(why, "more regions"));
	/* Exactly as many as it has is fine. */
	fake_mmio_detach_all();
	attach_tzasc(0x1f02u);
	assert_int_equal(tzc380_configure(TZASC, &imx6ul_plan, &why), TZC380_OK);
	fake_mmio_detach_all();
	attach_tzasc(0);
	assert_int_equal(tzc380_configure(TZASC, &imx6ul_plan, &why), TZC380_ERR_PLAN);
	assert_int_equal(tzc380_configure(TZASC, NULL, &why), TZC380_ERR_PLAN);
	assert_int_equal(tzc380_configure(TZASC, &null_regions, &why), TZC380_ERR_PLAN);
	assert_int_equal(total_writes(), 0);
}

/* A region that fills the whole 32-bit space but for the background is
 * accepted: the address-width check is not off by one. */
static void test_tzc380_accepts_full_width_region(void **state)
{
	static const struct tzc380_region r[] = {
		{ 0, 0, TZC380_SECURE_ONLY },
		{ 0, 0x100000000ull, TZC380_NONSECURE_RW },
		{ 0xffff8000u, 0x8000u, TZC380_SECURE_ONLY },
	};
	struct tzc380_plan plan = { .regions = r, .nregions = 3 };

	(void)state;
	attach_tzasc(CONF_16_REGIONS_AW32);
	assert_int_equal(tzc380_configure(TZASC, &plan, NULL), TZC380_OK);
	assert_int_equal(regs[ATTR(1)], 0xf0000000u | 31u << 1 | 1u);
	assert_int_equal(regs[LOW(2)], 0xffff8000u);
	assert_int_equal(regs[ATTR(2)], 0xc0000000u | 14u << 1 | 1u);
}

/* A controller that drops writes: locked regions (2 and up here), or none
 * at all (QEMU: reads zero, ignores writes). */
static unsigned lock_from;

static uint32_t locked_read(void *ctx, uintptr_t off, unsigned width)
{
	return lock_from == 0 && off != 0 ? 0 : regs[off / 4];
}

static void locked_write(void *ctx, uintptr_t off, uint32_t value, unsigned width)
{
	if (lock_from && (off < 0x100u || (off - 0x100u) / 0x10u < lock_from))
		regs[off / 4] = value;
}

static void test_tzc380_reports_readback(void **state)
{
	struct fake_mmio_model m = { .base = TZASC, .size = NWORDS * 4u,
				     .read = locked_read, .write = locked_write };
	static const struct tzc380_region bg_only[] = { { 0, 0, TZC380_SECURE_ONLY } };
	struct tzc380_plan plan = { .regions = bg_only, .nregions = 1,
				    .action = TZC380_ACTION_DECERR };
	const char *why = NULL;

	(void)state;
	memset(regs, 0, sizeof(regs));
	regs[0] = CONF_16_REGIONS_AW32;
	lock_from = 2;
	fake_mmio_attach(&m);
	assert_int_equal(tzc380_configure(TZASC, &imx6ul_plan, &why), TZC380_ERR_READBACK);
	assert_non_null(why);
	/* Absent: the one plan the zero configuration allows is not kept. */
	memset(regs, 0, sizeof(regs));
	lock_from = 0;
	assert_int_equal(tzc380_configure(TZASC, &plan, &why), TZC380_ERR_READBACK);
}

static void test_tzc380_take_fault(void **state)
{
	struct tzc380_fault f;

	(void)state;
	attach_tzasc(CONF_16_REGIONS_AW32);
	assert_int_equal(tzc380_take_fault(TZASC, &f), 0);
	assert_int_equal(total_writes(), 0);
	regs[0x010 / 4] = 0x3;                   /* status, overrun */
	regs[0x020 / 4] = 0x9f001000u;
	regs[0x024 / 4] = 0x1;
	regs[0x028 / 4] = 1u << 24 | 1u << 21;   /* a non-secure, unprivileged write */
	regs[0x02c / 4] = 0x42;
	assert_int_equal(tzc380_take_fault(TZASC, &f), 1);
	assert_true(f.address == 0x19f001000ull);
	assert_int_equal(f.id, 0x42);
	assert_true(f.write && f.nonsecure && !f.privileged && f.overrun);
	assert_int_equal(writes[0x014 / 4], 1);
}

int run_tzc380_tests(unsigned *ncases);
int run_tzc380_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_tzc380_typical_plan),
		UNIT_TEST(test_tzc380_disables_stale_regions),
		UNIT_TEST(test_tzc380_write_order),
		UNIT_TEST(test_tzc380_refuses_bad_plans),
		UNIT_TEST(test_tzc380_refuses_too_many_regions),
		UNIT_TEST(test_tzc380_accepts_full_width_region),
		UNIT_TEST(test_tzc380_reports_readback),
		UNIT_TEST(test_tzc380_take_fault),
	};

	return UNIT_RUN_GROUP("tzc380", tests, ncases);
}
UNIT_GROUP(run_tzc380_tests);
