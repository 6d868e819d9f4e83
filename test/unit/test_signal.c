/*
 * Signals (kernel/signal.c): pending bits accumulate, a blocked thread
 * wakes only for a bit in its wait mask and gets exactly those bits in
 * r0, other bits stay pending, dead threads ignore signals, and the
 * target's CPU is told (an SGI when it is another CPU).
 */
#include "kernel.h"
#include "signal.h"
#include "unit.h"

static struct component comp;

/* Thread i of a component, pinned to CPU `cpu` in slot 0 of its queue. */
static struct thread *thread_on(unsigned i, unsigned cpu, enum thread_state s)
{
	struct thread *t = &kernel.threads[i];

	*t = (struct thread){ .comp = &comp, .index = i, .cpu = cpu, .cpu_bit = 1u << i,
			      .state = s };
	kernel.cpus[cpu].threads[i] = t;
	kernel.cpus[cpu].nthreads = i + 1;
	if (s == THREAD_RUNNABLE)
		kernel.cpus[cpu].runnable |= t->cpu_bit;
	kernel.nthreads = i + 1;
	return t;
}

static void test_signal_take(void **state)
{
	(void)state;
	struct thread *t = thread_on(0, 0, THREAD_RUNNABLE);

	t->pending = 0x0000f00fu;
	assert_int_equal(signal_take(t, 0x000000ffu), 0x0000000fu);
	assert_int_equal(t->pending, 0x0000f000u);
	assert_int_equal(signal_take(t, 0x000000ffu), 0);
	assert_int_equal(signal_take(t, 0xffffffffu), 0x0000f000u);
	assert_int_equal(t->pending, 0);
}

static void test_signal_to_runnable(void **state)
{
	(void)state;
	struct thread *t = thread_on(0, 0, THREAD_RUNNABLE);

	t->ctx.r[0] = 0x1234;
	signal_send(t, 0x1);
	signal_send(t, 0x4);
	assert_int_equal(t->pending, 0x5);
	assert_int_equal(t->ctx.r[0], 0x1234);
	assert_int_equal(fake.wakes, 0);
}

static void test_signal_wakes_blocked(void **state)
{
	(void)state;
	struct thread *t = thread_on(0, 0, THREAD_BLOCKED);

	t->wait_mask = 0x3;
	t->pending = 0x8;                 /* outside the mask, earlier */
	signal_send(t, 0x2 | 0x10);
	assert_int_equal(t->state, THREAD_RUNNABLE);
	assert_int_equal(t->ctx.r[0], 0x2);
	assert_int_equal(t->pending, 0x8 | 0x10);
	assert_int_equal(kernel.cpus[0].runnable, t->cpu_bit);
	assert_int_equal(fake.wakes, 1);
	assert_int_equal(fake.wake_cpu[0], 0);
}

static void test_signal_outside_mask(void **state)
{
	(void)state;
	struct thread *t = thread_on(0, 0, THREAD_BLOCKED);

	t->wait_mask = 0x1;
	t->ctx.r[0] = 0x77;
	signal_send(t, 0x6);
	assert_int_equal(t->state, THREAD_BLOCKED);
	assert_int_equal(t->pending, 0x6);
	assert_int_equal(t->ctx.r[0], 0x77);
	assert_int_equal(kernel.cpus[0].runnable, 0);
	assert_int_equal(fake.wakes, 0);
	/* The bit it waits for then wakes it with only that bit. */
	signal_send(t, 0x1);
	assert_int_equal(t->state, THREAD_RUNNABLE);
	assert_int_equal(t->ctx.r[0], 0x1);
	assert_int_equal(t->pending, 0x6);
}

static void test_signal_dead_ignored(void **state)
{
	(void)state;
	struct thread *t = thread_on(0, 0, THREAD_DEAD);

	t->wait_mask = 0xffffffffu;
	signal_send(t, 0x1);
	assert_int_equal(t->state, THREAD_DEAD);
	assert_int_equal(t->pending, 0);
	assert_int_equal(kernel.cpus[0].runnable, 0);
	assert_int_equal(fake.wakes, 0);
}

/* Sent from CPU 0 to a thread on CPU 1: CPU 1's run queue and CPU 1 woken. */
static void test_signal_cross_cpu(void **state)
{
	(void)state;
	thread_on(0, 0, THREAD_RUNNABLE);
	struct thread *t = thread_on(1, 1, THREAD_BLOCKED);

	fake_this_cpu = &kernel.cpus[0];
	t->wait_mask = 0x4;
	signal_send(t, 0x4);
	assert_int_equal(t->state, THREAD_RUNNABLE);
	assert_int_equal(kernel.cpus[1].runnable, t->cpu_bit);
	assert_int_equal(kernel.cpus[0].runnable, 0x1);
	assert_int_equal(fake.wakes, 1);
	assert_int_equal(fake.wake_cpu[0], 1);
}

int run_signal_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_signal_take),
		UNIT_TEST(test_signal_to_runnable),
		UNIT_TEST(test_signal_wakes_blocked),
		UNIT_TEST(test_signal_outside_mask),
		UNIT_TEST(test_signal_dead_ignored),
		UNIT_TEST(test_signal_cross_cpu),
	};

	return UNIT_RUN_GROUP("signal", tests, ncases);
}
