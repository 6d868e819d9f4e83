/*
 * Threads by name and their end (kernel/thread.c), shared by the boot
 * list's grants (component.c), fault reports (fault.c) and SYS_EXIT
 * (syscall.c): thread_find names a thread by component and index, and
 * nothing else; thread_kill takes a thread off its run queue for good,
 * cancels its timer, and powers off for an essential component.
 */
#include "component.h"
#include "kernel.h"
#include "signal.h"
#include "timer.h"
#include "unit.h"

static struct component_desc descs[3];

/* Components 0 and 1 with threads interleaved as create_threads would
 * not (the lookup must not depend on order): kernel.threads[] holds
 * (1,0) (0,0) (1,1) (0,1), all on CPU 0 and runnable. Component 2 has
 * no thread. */
static void thread_fixture(uint32_t flags1)
{
	static const unsigned comp_of[4] = { 1, 0, 1, 0 }, index_of[4] = { 0, 0, 1, 1 };

	descs[0] = (struct component_desc){ .name = "zero" };
	descs[1] = (struct component_desc){ .name = "one", .flags = flags1 };
	descs[2] = (struct component_desc){ .name = "two" };
	kernel.ncpus = 1;
	kernel.ncomponents = 3;
	for (unsigned c = 0; c < 3; c++)
		kernel.components[c].desc = &descs[c];
	kernel.nthreads = 4;
	for (unsigned i = 0; i < 4; i++) {
		struct thread *t = &kernel.threads[i];

		*t = (struct thread){ .comp = &kernel.components[comp_of[i]],
				      .index = index_of[i], .cpu = 0, .cpu_bit = 1u << i,
				      .state = THREAD_RUNNABLE };
		kernel.cpus[0].threads[i] = t;
	}
	kernel.cpus[0].nthreads = 4;
	kernel.cpus[0].runnable = 0xf;
}

static void test_thread_find(void **state)
{
	(void)state;
	thread_fixture(0);
	assert_ptr_equal(thread_find(1, 0), &kernel.threads[0]);
	assert_ptr_equal(thread_find(0, 0), &kernel.threads[1]);
	assert_ptr_equal(thread_find(1, 1), &kernel.threads[2]);
	assert_ptr_equal(thread_find(0, 1), &kernel.threads[3]);
	assert_null(thread_find(0, 2));   /* no such index */
	assert_null(thread_find(2, 0));   /* a component without threads */
	/* Only created threads count, not stale slots beyond nthreads. */
	kernel.nthreads = 2;
	assert_null(thread_find(1, 1));
}

static void test_thread_kill(void **state)
{
	bool escaped;
	struct thread *t = &kernel.threads[3];

	(void)state;
	thread_fixture(0);
	timer_arm(t, 100, 0x2);
	t->wait_mask = ~0u;
	ESCAPES(thread_kill(t), escaped);
	assert_false(escaped);
	assert_int_equal(t->state, THREAD_DEAD);
	assert_int_equal(kernel.cpus[0].runnable, 0x7);
	assert_int_equal(t->timer_bits, 0);
	assert_false(fake.timer_running);
	assert_int_equal(fake.powers, 0);
	/* Dead for good: a signal neither wakes nor queues. */
	signal_send(t, 0x1);
	assert_int_equal(t->state, THREAD_DEAD);
	assert_int_equal(t->pending, 0);
}

/* A thread of an essential component takes the machine with it. */
static void test_thread_kill_essential(void **state)
{
	bool escaped;
	struct thread *t = &kernel.threads[2];

	(void)state;
	thread_fixture(COMP_ESSENTIAL);
	ESCAPES(thread_kill(t), escaped);
	assert_true(escaped);
	assert_int_equal(t->state, THREAD_DEAD);
	assert_int_equal(fake.powers, 1);
	assert_int_equal(fake.power_how, SYS_POWER_OFF);
	assert_int_equal(fake.power_status, KERNEL_STATUS_COMPONENT_DIED);
	/* A thread of a component that is not essential does not. */
	ESCAPES(thread_kill(&kernel.threads[1]), escaped);
	assert_false(escaped);
	assert_int_equal(fake.powers, 1);
}

int run_thread_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_thread_find),
		UNIT_TEST(test_thread_kill),
		UNIT_TEST(test_thread_kill_essential),
	};

	return UNIT_RUN_GROUP("thread", tests, ncases);
}
