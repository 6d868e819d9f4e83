/*
 * The i.MX6 SRC driver (drivers/imx_src.c) against a model of the SRC as
 * QEMU 7.2 acts (hw/misc/imx6_src.c): a 0-to-1 change of a core's enable
 * bit starts it at SRC_GPR(2n+1) with r0 = SRC_GPR(2n+2) as they are at
 * that write, a 1-to-0 change stops it; reset bits stay set until the
 * reset is over (settle()). The model counts a reset bit written 1 while
 * its reset is still under way, and a reset pulsed into a running core.
 */
#include <string.h>
#include <drivers/imx_src.h>
#include "fake_mmio.h"
#include "unit.h"

#define SRC 0x020d8000u
#define SCR_RESET_VALUE 0x521u     /* QEMU's, as the RM gives it */
#define SCR_SELF_CLEARING (0x1eu | 0x3ff000u)
#define EN(n)  (1u << (21 + (n)))
#define RST(n) (1u << (13 + (n)))

static struct {
	uint32_t regs[18];          /* SCR .. GPR10 */
	unsigned writes[18];
	unsigned starts[4], stops[4];
	uint32_t entry[4], arg[4];
	unsigned rewritten_resets;  /* a pending reset bit written 1 again */
	unsigned running_resets;    /* a reset pulsed into an enabled core */
} src;

static uint32_t src_read(void *ctx, uintptr_t off, unsigned width)
{
	assert_int_equal(width, 4);
	return src.regs[off / 4];
}

static void src_write_scr(uint32_t v)
{
	uint32_t old = src.regs[0], change = old ^ v;

	src.rewritten_resets += __builtin_popcount(v & old & SCR_SELF_CLEARING);
	for (unsigned n = 1; n <= 3; n++) {
		if (change & EN(n)) {
			if (v & EN(n)) {
				src.starts[n]++;
				src.entry[n] = src.regs[8 + 2 * (n - 1) + 2];   /* GPR(2n+1) */
				src.arg[n] = src.regs[8 + 2 * (n - 1) + 3];     /* GPR(2n+2) */
			} else {
				src.stops[n]++;
			}
		} else if ((v & RST(n)) && !(old & RST(n)) && (v & EN(n))) {
			src.running_resets++;
		}
	}
	src.regs[0] = v;
}

static void src_write(void *ctx, uintptr_t off, uint32_t v, unsigned width)
{
	assert_int_equal(width, 4);
	src.writes[off / 4]++;
	if (off == 0)
		src_write_scr(v);
	else
		src.regs[off / 4] = v;
}

/* The resets under way finish. */
static void settle(void)
{
	src.regs[0] &= ~SCR_SELF_CLEARING;
}

static void attach_src(void)
{
	struct fake_mmio_model m = { .base = SRC, .size = sizeof(src.regs),
				     .read = src_read, .write = src_write };

	memset(&src, 0, sizeof(src));
	src.regs[0] = SCR_RESET_VALUE;
	fake_mmio_attach(&m);
}

static unsigned total_writes(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < 18; i++)
		n += src.writes[i];
	return n;
}

static void test_imx_src_cpu_on_starts_core(void **state)
{
	(void)state;
	attach_src();
	assert_false(imx_src_cpu_enabled(SRC, 2));
	assert_int_equal(imx_src_cpu_on(SRC, 2, 0x10001000u, 0xabcu), IMX_SRC_OK);
	/* Started once, with the entry and argument written before. */
	assert_int_equal(src.starts[2], 1);
	assert_int_equal(src.entry[2], 0x10001000u);
	assert_int_equal(src.arg[2], 0xabcu);
	assert_int_equal(src.regs[(0x20 + 4 * 4) / 4], 0x10001000u);   /* GPR5 */
	assert_int_equal(src.regs[(0x20 + 5 * 4) / 4], 0xabcu);        /* GPR6 */
	assert_int_equal(src.starts[1] + src.starts[3], 0);
	/* Enable and reset pulse of core 2; the other bits as they were. */
	assert_int_equal(src.regs[0], SCR_RESET_VALUE | EN(2) | RST(2));
	assert_true(imx_src_cpu_enabled(SRC, 2));
	assert_true(imx_src_cpu_enabled(SRC, 0));
	assert_false(imx_src_cpu_enabled(SRC, 1));
	assert_false(imx_src_cpu_enabled(SRC, 4));
	assert_int_equal(src.running_resets, 0);
}

static void test_imx_src_refuses_bad_requests(void **state)
{
	(void)state;
	attach_src();
	assert_int_equal(imx_src_cpu_on(SRC, 0, 0x10001000u, 0), IMX_SRC_ERR_CPU);
	assert_int_equal(imx_src_cpu_on(SRC, 4, 0x10001000u, 0), IMX_SRC_ERR_CPU);
	assert_int_equal(imx_src_cpu_on(SRC, 1, 0x10001002u, 0), IMX_SRC_ERR_ENTRY);
	assert_int_equal(imx_src_cpu_off(SRC, 0), IMX_SRC_ERR_CPU);
	assert_int_equal(imx_src_cpu_off(SRC, 4), IMX_SRC_ERR_CPU);
	assert_int_equal(imx_src_cpu_off(SRC, 3), IMX_SRC_ERR_OFF);
	assert_int_equal(total_writes(), 0);
}

/* A running core keeps its entry and is not reset; the lock is given back
 * on that path too (the next call would find it held). */
static void test_imx_src_running_core_untouched(void **state)
{
	(void)state;
	attach_src();
	assert_int_equal(imx_src_cpu_on(SRC, 1, 0x10001000u, 1), IMX_SRC_OK);
	settle();
	memset(src.writes, 0, sizeof(src.writes));
	assert_int_equal(imx_src_cpu_on(SRC, 1, 0x10002000u, 2), IMX_SRC_ERR_ON);
	assert_int_equal(total_writes(), 0);
	assert_int_equal(src.starts[1], 1);
	assert_int_equal(imx_src_cpu_on(SRC, 3, 0x10003000u, 3), IMX_SRC_OK);
	assert_int_equal(src.starts[3], 1);
	assert_int_equal(src.running_resets, 0);
}

/* Resets still under way (the GPU's, core 1's just started) are not
 * asserted again by starting core 2. */
static void test_imx_src_pending_resets_not_rewritten(void **state)
{
	(void)state;
	attach_src();
	src.regs[0] |= 1u << 1;   /* sw_gpu_rst in progress */
	assert_int_equal(imx_src_cpu_on(SRC, 1, 0x10001000u, 0), IMX_SRC_OK);
	assert_int_equal(imx_src_cpu_on(SRC, 2, 0x10001000u, 0), IMX_SRC_OK);
	assert_int_equal(src.rewritten_resets, 0);
	assert_int_equal(src.starts[1], 1);
	assert_int_equal(src.starts[2], 1);
	/* Core 1 stays enabled through core 2's start. */
	assert_true(src.regs[0] & EN(1));
}

static void test_imx_src_cpu_off_and_on_again(void **state)
{
	(void)state;
	attach_src();
	assert_int_equal(imx_src_cpu_on(SRC, 3, 0x10001000u, 0), IMX_SRC_OK);
	settle();
	src.regs[0] |= 1u << 2;   /* sw_vpu_rst in progress: not asserted again */
	assert_int_equal(imx_src_cpu_off(SRC, 3), IMX_SRC_OK);
	assert_int_equal(src.stops[3], 1);
	assert_false(imx_src_cpu_enabled(SRC, 3));
	assert_int_equal(src.regs[0] & ~SCR_SELF_CLEARING, SCR_RESET_VALUE);
	assert_true(src.regs[0] & RST(3));   /* a reset pulse with it, as Linux does */
	settle();
	assert_int_equal(imx_src_cpu_on(SRC, 3, 0x10004000u, 9), IMX_SRC_OK);
	assert_int_equal(src.starts[3], 2);
	assert_int_equal(src.entry[3], 0x10004000u);
	assert_int_equal(src.arg[3], 9);
	assert_int_equal(src.rewritten_resets, 0);
}

int run_imx_src_tests(unsigned *ncases);
int run_imx_src_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_imx_src_cpu_on_starts_core),
		UNIT_TEST(test_imx_src_refuses_bad_requests),
		UNIT_TEST(test_imx_src_running_core_untouched),
		UNIT_TEST(test_imx_src_pending_resets_not_rewritten),
		UNIT_TEST(test_imx_src_cpu_off_and_on_again),
	};

	return UNIT_RUN_GROUP("imx_src", tests, ncases);
}
UNIT_GROUP(run_imx_src_tests);
