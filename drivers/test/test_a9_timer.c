/*
 * The Cortex-A9 global timer driver (drivers/a9_timer.c) against a model
 * of the timer as the TRM describes it: a shared counter that moves on
 * every read of it, shared enable and prescaler, a comparator, enables and
 * event flag banked per CPU, the flag set while the count is at or past
 * the comparator (r2p0+), and the interrupt of a CPU = flag AND IRQ
 * enable. The model counts what the TRM forbids: the comparator written
 * while its compare is on, and any write to the shared counter.
 */
#include <string.h>
#include <drivers/a9_timer.h>
#include "fake_mmio.h"
#include "unit.h"

#define GTIMER 0x00a00200u   /* i.MX6Q: PERIPHBASE 0x00a00000 + 0x200 */

#define CTL_EN      0x1u
#define CTL_COMP    0x2u
#define CTL_IRQ     0x4u
#define CTL_AUTO    0x8u
#define CTL_PRESCALE 0xff00u
#define CTL_BANKED  (CTL_COMP | CTL_IRQ | CTL_AUTO)

static struct {
	uint64_t counter;
	uint64_t tick;          /* added on every read of either counter half */
	uint32_t shared;        /* enable, prescaler */
	unsigned cpu;           /* the CPU making the accesses */
	struct {
		uint32_t ctl;
		uint64_t comp;
		uint32_t status, inc;
		bool raised;    /* the line went up (a GIC latches it pending) */
	} bank[2];
	unsigned comp_written_on;
	unsigned counter_writes;
	unsigned control_writes;
} gt;

static void gt_update(void)
{
	for (unsigned c = 0; c < 2; c++) {
		if ((gt.shared & CTL_EN) && (gt.bank[c].ctl & CTL_COMP) &&
		    gt.counter >= gt.bank[c].comp)
			gt.bank[c].status = 1;
		if (gt.bank[c].status && (gt.bank[c].ctl & CTL_IRQ))
			gt.bank[c].raised = true;
	}
}

static bool gt_irq(unsigned cpu)
{
	gt_update();
	return gt.bank[cpu].status && (gt.bank[cpu].ctl & CTL_IRQ);
}

static uint32_t gt_read(void *ctx, uintptr_t off, unsigned width)
{
	uint32_t v = 0;

	assert_int_equal(width, 4);
	switch (off) {
	case 0x00:
	case 0x04:
		v = (uint32_t)(gt.counter >> (off == 0x04 ? 32 : 0));
		if (gt.shared & CTL_EN)
			gt.counter += gt.tick;
		break;
	case 0x08: v = gt.shared | gt.bank[gt.cpu].ctl; break;
	case 0x0c: v = gt.bank[gt.cpu].status; break;
	case 0x10: v = (uint32_t)gt.bank[gt.cpu].comp; break;
	case 0x14: v = (uint32_t)(gt.bank[gt.cpu].comp >> 32); break;
	case 0x18: v = gt.bank[gt.cpu].inc; break;
	default: fail_msg("read of global timer offset 0x%lx", (unsigned long)off);
	}
	gt_update();
	return v;
}

static void gt_write_comp(unsigned shift, uint32_t v)
{
	uint64_t *comp = &gt.bank[gt.cpu].comp;

	if (gt.bank[gt.cpu].ctl & CTL_COMP)
		gt.comp_written_on++;
	*comp = (*comp & ~(0xffffffffull << shift)) | (uint64_t)v << shift;
}

static void gt_write(void *ctx, uintptr_t off, uint32_t v, unsigned width)
{
	assert_int_equal(width, 4);
	switch (off) {
	case 0x00:
	case 0x04: gt.counter_writes++; break;
	case 0x08:
		gt.control_writes++;
		gt.shared = v & (CTL_EN | CTL_PRESCALE);
		gt.bank[gt.cpu].ctl = v & CTL_BANKED;
		break;
	case 0x0c: gt.bank[gt.cpu].status &= ~v; break;
	case 0x10: gt_write_comp(0, v); break;
	case 0x14: gt_write_comp(32, v); break;
	case 0x18: gt.bank[gt.cpu].inc = v; break;
	default: fail_msg("write of global timer offset 0x%lx", (unsigned long)off);
	}
	gt_update();
}

static void attach_gt(void)
{
	struct fake_mmio_model m = { .base = GTIMER, .size = 0x20,
				     .read = gt_read, .write = gt_write };

	memset(&gt, 0, sizeof(gt));
	fake_mmio_attach(&m);
}

static void test_a9_timer_init_starts_counter(void **state)
{
	(void)state;
	attach_gt();
	gt.shared = 3u << 8;   /* stopped, a prescaler left by earlier firmware */
	gt.counter = 77;
	a9_timer_init(GTIMER, 100000000u);
	assert_int_equal(a9_timer_hz(GTIMER), 100000000u);
	assert_int_equal(gt.shared, CTL_EN);
	assert_true(gt.counter == 77);
	assert_int_equal(gt.counter_writes, 0);
	assert_int_equal(A9_TIMER_IRQ, 27);
	/* Running already (another CPU, or firmware): left as it is. */
	gt.control_writes = 0;
	a9_timer_init(GTIMER, 396000000u);
	assert_int_equal(gt.control_writes, 0);
	assert_int_equal(a9_timer_hz(GTIMER), 396000000u);
	/* Running with a prescaler of 3: a tick every 4 PERIPHCLK cycles. */
	gt.shared = CTL_EN | 3u << 8;
	a9_timer_init(GTIMER, 396000000u);
	assert_int_equal(gt.control_writes, 0);
	assert_int_equal(gt.shared, CTL_EN | 3u << 8);
	assert_int_equal(a9_timer_hz(GTIMER), 99000000u);
}

/* The upper word moves between the reads: every access advances the
 * counter by 8, from 8 below a carry. Reading upper then lower once would
 * give 0x1_00000000, 2^32 ticks in the past. */
static void test_a9_timer_now_across_carry(void **state)
{
	uint64_t before, now;

	(void)state;
	attach_gt();
	a9_timer_init(GTIMER, 100000000u);
	gt.counter = 0x1fffffff8ull;
	gt.tick = 8;
	before = gt.counter;
	now = a9_timer_now(GTIMER);
	assert_true(now >= before && now <= gt.counter);
	assert_true(now >> 32 == 2);
	/* Without a carry the first pair is the answer. */
	gt.counter = 0x300000000ull;
	gt.tick = 1;
	now = a9_timer_now(GTIMER);
	assert_true(now == 0x300000001ull);
}

static void test_a9_timer_program_one_shot(void **state)
{
	(void)state;
	attach_gt();
	a9_timer_init(GTIMER, 100000000u);
	gt.counter = 1000;
	gt.bank[0].inc = 7;
	a9_timer_program(GTIMER, 0x100000000ull + 1500);
	assert_true(gt.bank[0].comp == 0x100000000ull + 1500);
	assert_int_equal(gt.bank[0].ctl, CTL_COMP | CTL_IRQ);
	assert_int_equal(gt.bank[0].inc, 0);
	assert_int_equal(gt.shared & CTL_EN, CTL_EN);
	assert_int_equal(gt.comp_written_on, 0);
	assert_false(gt_irq(0));
	gt.counter = 0x100000000ull + 1500;
	assert_true(gt_irq(0));
	/* The next deadline replaces it and the pending interrupt drops. */
	a9_timer_program(GTIMER, 0x100000000ull + 3000);
	assert_false(gt_irq(0));
	assert_int_equal(gt.comp_written_on, 0);
	assert_int_equal(gt.counter_writes, 0);
}

/* A deadline already past fires at once; a stale event from an earlier
 * deadline does not fire a future one. */
static void test_a9_timer_past_and_stale(void **state)
{
	(void)state;
	attach_gt();
	a9_timer_init(GTIMER, 100000000u);
	gt.counter = 5000;
	a9_timer_program(GTIMER, 4000);
	assert_true(gt_irq(0));
	a9_timer_program(GTIMER, 9000);
	assert_false(gt_irq(0));
	/* An event flag left set while the comparator was off: not even a
	 * glitch of the line, which the GIC would latch. */
	a9_timer_stop(GTIMER);
	gt.bank[0].status = 1;
	gt.bank[0].raised = false;
	a9_timer_program(GTIMER, 9000);
	assert_false(gt_irq(0));
	assert_false(gt.bank[0].raised);
}

/* CPU 1 stopping its timer leaves the counter running and CPU 0's
 * comparator armed. */
static void test_a9_timer_stop_is_per_cpu(void **state)
{
	(void)state;
	attach_gt();
	a9_timer_init(GTIMER, 100000000u);
	gt.counter = 1000;
	a9_timer_program(GTIMER, 2000);
	gt.cpu = 1;
	a9_timer_program(GTIMER, 1500);
	gt.counter = 1600;
	assert_true(gt_irq(1));
	a9_timer_stop(GTIMER);
	assert_false(gt_irq(1));
	assert_int_equal(gt.bank[1].ctl, 0);
	assert_int_equal(gt.bank[1].status, 0);   /* no event left pending either */
	assert_int_equal(gt.shared & CTL_EN, CTL_EN);
	assert_int_equal(gt.bank[0].ctl, CTL_COMP | CTL_IRQ);
	assert_false(gt_irq(0));
	gt.counter = 2000;
	assert_true(gt_irq(0));
	assert_false(gt_irq(1));
}

int run_a9_timer_tests(unsigned *ncases);
int run_a9_timer_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_a9_timer_init_starts_counter),
		UNIT_TEST(test_a9_timer_now_across_carry),
		UNIT_TEST(test_a9_timer_program_one_shot),
		UNIT_TEST(test_a9_timer_past_and_stale),
		UNIT_TEST(test_a9_timer_stop_is_per_cpu),
	};

	return UNIT_RUN_GROUP("a9_timer", tests, ncases);
}
UNIT_GROUP(run_a9_timer_tests);
