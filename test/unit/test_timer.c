/*
 * One-shot timers of threads (kernel/timer.c): a CPU's hardware timer is
 * programmed for the earliest deadline of the threads pinned to it (those
 * of other CPUs never count) and stopped when none is armed; an expiry
 * signals exactly the threads whose deadline has passed, once, and
 * programs the next deadline.
 */
#include "kernel.h"
#include "timer.h"
#include <tzvmm/syscall.h>
#include <tzvmm/test/kinfo.h>
#include "syscall_decode.h"
#include "unit.h"

static struct component comp;

/* Threads 0 and 1 on CPU 0, thread 2 on CPU 1; all blocked, waiting for
 * any bit. The clock reads 1000. */
static struct thread *t0, *t1, *other;

static void timer_fixture(void)
{
	kernel.ncpus = 2;
	kernel.nthreads = 3;
	for (unsigned i = 0; i < 2; i++)
		kernel.cpus[i].id = i;
	for (unsigned i = 0; i < 3; i++)
		kernel.threads[i] = (struct thread){ .comp = &comp, .index = i,
						     .cpu = i == 2 ? 1 : 0,
						     .cpu_bit = 1u << (i % 2),
						     .state = THREAD_BLOCKED,
						     .wait_mask = ~0u };
	t0 = &kernel.threads[0];
	t1 = &kernel.threads[1];
	other = &kernel.threads[2];
	/* Each CPU's list of its threads, as sched_add_thread makes it. */
	kernel.cpus[0].nthreads = 2;
	kernel.cpus[0].threads[0] = t0;
	kernel.cpus[0].threads[1] = t1;
	kernel.cpus[1].nthreads = 1;
	kernel.cpus[1].threads[0] = other;
	fake.timer_now = 1000;
}

static void test_timer_arm_programs_earliest(void **state)
{
	(void)state;
	timer_fixture();
	/* Another CPU's earlier deadline is not this CPU's business. */
	other->timer_bits = 0x1;
	other->timer_deadline = 1001;
	timer_arm(t0, 50, 0x2);
	assert_int_equal(t0->timer_bits, 0x2);
	assert_true(t0->timer_deadline == 1050);
	assert_int_equal(fake.timer_programs, 1);
	assert_true(fake.timer_deadline == 1050);
	timer_arm(t1, 20, 0x4);
	assert_true(fake.timer_deadline == 1020);
	/* A later deadline leaves the earliest programmed. */
	timer_arm(t1, 80, 0x4);
	assert_true(fake.timer_deadline == 1050);
	/* Re-arming replaces the old timer: t0's old deadline no longer counts. */
	timer_arm(t0, 100, 0x8);
	assert_int_equal(t0->timer_bits, 0x8);
	assert_true(fake.timer_deadline == 1080);
	assert_true(fake.timer_running);
}

static void test_timer_cancel(void **state)
{
	(void)state;
	timer_fixture();
	timer_arm(t0, 10, 0x2);
	timer_arm(t1, 30, 0x4);
	timer_arm(t0, 0, 0x2);   /* ticks = 0 cancels, whatever the bits */
	assert_int_equal(t0->timer_bits, 0);
	assert_true(fake.timer_deadline == 1030);
	assert_true(fake.timer_running);
	timer_arm(t1, 0, 0);
	assert_int_equal(t1->timer_bits, 0);
	assert_int_equal(fake.timer_stops, 1);
	assert_false(fake.timer_running);
}

/* Cancelling a thread of another CPU (a thread killed, or parked by a
 * restart, from here) must leave this CPU's hardware timer alone: the
 * kernel once reprogrammed it with the other CPU's deadlines and lost this
 * CPU's own (the integrity monitor slept for a minute). */
static void test_timer_cancel_from_another_cpu(void **state)
{
	(void)state;
	timer_fixture();
	fake_this_cpu = &kernel.cpus[0];
	timer_arm(t0, 10, 0x2);   /* this CPU's own timer: 1010 */
	other->timer_bits = 0x1;
	other->timer_deadline = 1500;
	timer_arm(other, 0, 0);   /* CPU 1's thread, cancelled from CPU 0 */
	assert_int_equal(other->timer_bits, 0);
	assert_int_equal(fake.timer_programs, 1);
	assert_int_equal(fake.timer_stops, 0);
	assert_true(fake.timer_deadline == 1010);
	assert_true(fake.timer_running);
}

static void test_timer_expire_signals_due(void **state)
{
	(void)state;
	timer_fixture();
	timer_arm(t0, 10, 0x2);
	timer_arm(t1, 30, 0x4);
	other->timer_bits = 0x1;
	other->timer_deadline = 900;
	fake.timer_now = 1010;   /* exactly t0's deadline */
	timer_expire(&kernel.cpus[0]);
	assert_int_equal(t0->timer_bits, 0);
	assert_int_equal(t0->state, THREAD_RUNNABLE);
	assert_int_equal(t0->ctx.r[0], 0x2);
	assert_int_equal(t1->timer_bits, 0x4);
	assert_int_equal(t1->state, THREAD_BLOCKED);
	assert_true(fake.timer_deadline == 1030);
	/* CPU 1's expired timer waits for CPU 1's interrupt. */
	assert_int_equal(other->timer_bits, 0x1);
	assert_int_equal(other->state, THREAD_BLOCKED);
	/* A late interrupt signals what is due, once, and stops the timer. */
	fake.timer_now = 5000;
	timer_expire(&kernel.cpus[0]);
	assert_int_equal(t1->ctx.r[0], 0x4);
	assert_int_equal(t1->timer_bits, 0);
	assert_false(fake.timer_running);
	t0->pending = t1->pending = 0;
	timer_expire(&kernel.cpus[0]);
	assert_int_equal(t0->pending | t1->pending, 0);
}

/* An interrupt before any deadline (spurious, or a timer re-armed later
 * meanwhile) signals nobody and keeps the deadline. */
static void test_timer_expire_early(void **state)
{
	(void)state;
	timer_fixture();
	timer_arm(t0, 10, 0x2);
	fake.timer_now = 1009;
	timer_expire(&kernel.cpus[0]);
	assert_int_equal(t0->timer_bits, 0x2);
	assert_int_equal(t0->state, THREAD_BLOCKED);
	assert_int_equal(t0->pending, 0);
	assert_true(fake.timer_deadline == 1010);
	assert_true(fake.timer_running);
}

/* The test image's lateness record (kernel/testhooks/latency.c), which
 * timer_expire feeds and make bench reads: count, median and maximum. The
 * unit binary links it, so the first expiries of the cases above are in it
 * too: the test looks at what it adds. */
static void test_timer_lateness_record(void **state)
{
	(void)state;
	uint32_t n = kernel_testhook_kinfo(KINFO_TIMER_LAT_COUNT);
	uint32_t max = kernel_testhook_kinfo(KINFO_TIMER_LAT_MAX);

	for (unsigned i = 0; i < 400; i++)   /* enough to own the median */
		kernel_testhook_timer_late(i < 399 ? 5 : 1000);
	assert_int_equal(kernel_testhook_kinfo(KINFO_TIMER_LAT_COUNT), n + 400);
	assert_int_equal(kernel_testhook_kinfo(KINFO_TIMER_LAT_MEDIAN), 5);
	assert_int_equal(kernel_testhook_kinfo(KINFO_TIMER_LAT_MAX), max > 1000 ? max : 1000);
	kernel_testhook_timer_late(0x123456789ull);   /* saturates, never wraps */
	assert_int_equal(kernel_testhook_kinfo(KINFO_TIMER_LAT_MAX), 0xffffffffu);
}

int run_timer_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_timer_arm_programs_earliest),
		UNIT_TEST(test_timer_cancel),
		UNIT_TEST(test_timer_cancel_from_another_cpu),
		UNIT_TEST(test_timer_expire_signals_due),
		UNIT_TEST(test_timer_expire_early),
		UNIT_TEST(test_timer_lateness_record),
	};

	return UNIT_RUN_GROUP("timer", tests, ncases);
}
