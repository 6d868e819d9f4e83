/*
 * The i.MX6 CSU driver (drivers/imx_csu.c) against a register file of the
 * 40 CSL registers that also records the width of every write: the
 * half-word of each slot named is written, its neighbour never; every bad
 * description (slot out of range, unknown policy, a slot named twice, a
 * slot locked to something else) is refused with nothing written; a CSU
 * that does not keep a value (QEMU has none) is reported.
 */
#include <string.h>
#include <drivers/imx_csu.h>
#include "fake_mmio.h"
#include "unit.h"

#define CSU 0x021c0000u

static uint32_t csl[40];
static unsigned writes[40];
static unsigned wide_writes;     /* 32-bit writes: each rewrites a neighbour */
static bool absent;              /* reads zero, ignores writes (QEMU) */

static uint32_t csl_read(void *ctx, uintptr_t off, unsigned width)
{
	if (absent)
		return 0;
	return width == 4 ? csl[off / 4] : (csl[off / 4] >> (8 * (off % 4))) & 0xffffu;
}

static void csl_write(void *ctx, uintptr_t off, uint32_t v, unsigned width)
{
	uint32_t *w = &csl[off / 4];
	unsigned shift = 8 * (off % 4);

	writes[off / 4]++;
	if (width == 4)
		wide_writes++;
	if (absent)
		return;
	/* A locked half keeps its value (the lock is write-once). */
	if (width == 2 && !(*w >> shift & 0x100u))
		*w = (*w & ~(0xffffu << shift)) | (v & 0xffffu) << shift;
}

static void attach_csu(void)
{
	struct fake_mmio_model m = { .base = CSU, .size = sizeof(csl),
				     .read = csl_read, .write = csl_write };

	/* Distinct halves, so that a rewritten neighbour shows. */
	for (unsigned i = 0; i < 40; i++)
		csl[i] = 0x00220000u | (0x11u + i);
	memset(writes, 0, sizeof(writes));
	wide_writes = 0;
	absent = false;
	fake_mmio_attach(&m);
}

static unsigned total_writes(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < 40; i++)
		n += writes[i];
	return n;
}

/* i.MX6Q slots (the RM's CSL mapping): TZASC1 CSL16 [15:0], CCM/SRC/GPC
 * CSL5 [31:16], UART1 CSL21 [15:0], eCSPI1 CSL18 [31:16]. */
static const struct imx_csu_slot plan[] = {
	{ IMX_CSU_SLOT(16, 0), IMX_CSU_SECURE_ONLY, true },
	{ IMX_CSU_SLOT(5, 1), IMX_CSU_SECURE_ONLY, false },
	{ IMX_CSU_SLOT(21, 0), IMX_CSU_OPEN, false },
	{ IMX_CSU_SLOT(18, 1), IMX_CSU_OPEN, true },
};

static void test_imx_csu_writes_named_halves(void **state)
{
	const char *why = "unset";

	(void)state;
	attach_csu();
	assert_int_equal(imx_csu_configure(CSU, plan, 4, &why), IMX_CSU_OK);
	assert_null(why);
	assert_int_equal(csl[16], 0x00220000u | 0x0133u);   /* secure rw, locked */
	assert_int_equal(csl[5], 0x00330000u | (0x11u + 5));
	assert_int_equal(csl[21], 0x00220000u | 0x00ffu);
	assert_int_equal(csl[18], 0x01ff0000u | (0x11u + 18));
	assert_int_equal(wide_writes, 0);
	for (unsigned i = 0; i < 40; i++) {
		bool named = i == 16 || i == 5 || i == 21 || i == 18;

		assert_int_equal(writes[i], named ? 1 : 0);
	}
}

/* A slot that holds the asked setting already is left alone, locked or
 * not. */
static void test_imx_csu_skips_what_holds(void **state)
{
	(void)state;
	attach_csu();
	csl[16] = 0x00220133u;
	csl[21] = 0x00ff00ffu;
	assert_int_equal(imx_csu_configure(CSU, plan, 4, NULL), IMX_CSU_OK);
	assert_int_equal(writes[16], 0);
	assert_int_equal(writes[21], 0);
	assert_int_equal(csl[21], 0x00ff00ffu);
	assert_int_equal(imx_csu_configure(CSU, NULL, 0, NULL), IMX_CSU_OK);
}

struct bad_desc {
	struct imx_csu_slot s[2];
	unsigned n;
	const char *why;
};

static const struct bad_desc bad[] = {
	{ { { 80, IMX_CSU_OPEN, false } }, 1, "CSL39" },
	{ { { 3, (enum imx_csu_policy)2, false } }, 1, "policy" },
	{ { { 7, IMX_CSU_OPEN, false }, { 7, IMX_CSU_SECURE_ONLY, false } }, 2, "twice" },
	/* CSL0's lower slot is locked open below. */
	{ { { 2, IMX_CSU_OPEN, false }, { 0, IMX_CSU_SECURE_ONLY, true } }, 2, "locked" },
	{ { { 2, IMX_CSU_OPEN, false }, { 0, IMX_CSU_OPEN, false } }, 2, "locked" },
};

static void test_imx_csu_refuses_bad_descriptions(void **state)
{
	(void)state;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = NULL;

		fake_mmio_detach_all();
		attach_csu();
		csl[0] = 0x002201ffu;
		assert_int_equal(imx_csu_configure(CSU, bad[i].s, bad[i].n, &why),
				 IMX_CSU_ERR_DESC);
		assert_non_null(why);
		if (!strstr(why, bad[i].why))
			fail_msg("description %u: \"%s\" does not say \"%s\"", i, why, bad[i].why);
		assert_int_equal(total_writes(), 0);
	}
	assert_int_equal(imx_csu_configure(CSU, NULL, 1, NULL), IMX_CSU_ERR_DESC);
	assert_int_equal(total_writes(), 0);
}

static void test_imx_csu_reports_absent(void **state)
{
	const char *why = NULL;

	(void)state;
	attach_csu();
	absent = true;
	assert_int_equal(imx_csu_configure(CSU, plan, 4, &why), IMX_CSU_ERR_READBACK);
	assert_non_null(why);
}

int run_imx_csu_tests(unsigned *ncases);
int run_imx_csu_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_imx_csu_writes_named_halves),
		UNIT_TEST(test_imx_csu_skips_what_holds),
		UNIT_TEST(test_imx_csu_refuses_bad_descriptions),
		UNIT_TEST(test_imx_csu_reports_absent),
	};

	return UNIT_RUN_GROUP("imx_csu", tests, ncases);
}
UNIT_GROUP(run_imx_csu_tests);
