/*
 * vCPU objects (kernel/vcpu.c, vcpu_run in kernel.h): the run state
 * machine, and what an exit does. An SMC exit pauses the vCPU and must
 * end exactly as signal_send(handler) + sched_dispatch() would, whichever
 * path the kernel takes: when it enters the handler directly, only if the
 * handler waited for the exit on this CPU, nothing runnable here outranks
 * it and its address space is loaded, with the kernel lock released. An
 * FIQ exit is handled in the kernel and leaves the vCPU runnable.
 */
#include "kernel.h"
#include "sched.h"
#include "signal.h"
#include "unit.h"

#define EXIT_BITS 0x1u

static struct vcpu_state vstate;
static struct component comp;

/*
 * CPU 1 runs the vCPU; its handler thread h sits in slot 1 of CPU 1's
 * queue, blocked waiting for EXIT_BITS; slot 0 holds another thread `hi`
 * (blocked, higher priority), slot 2 a lower-priority one `lo` (blocked).
 */
static struct thread *h, *hi, *lo;

static struct vcpu *vcpu_fixture(enum vcpu_run_state run)
{
	struct vcpu *v = &kernel.vcpus[1];

	kernel.ncpus = 2;
	kernel.nthreads = 3;
	for (unsigned i = 0; i < 2; i++)
		kernel.cpus[i].id = i;
	comp.as.ttbr0 = 0x0e204000u;
	hi = &kernel.threads[0];
	h = &kernel.threads[1];
	lo = &kernel.threads[2];
	*hi = (struct thread){ .comp = &comp, .index = 0, .cpu = 1, .cpu_bit = 1, .prio = 3,
			       .state = THREAD_BLOCKED, .wait_mask = 0x2 };
	*h = (struct thread){ .comp = &comp, .index = 1, .cpu = 1, .cpu_bit = 2, .prio = 2,
			      .state = THREAD_BLOCKED, .wait_mask = EXIT_BITS | 0x4 };
	*lo = (struct thread){ .comp = &comp, .index = 2, .cpu = 1, .cpu_bit = 4, .prio = 1,
			       .state = THREAD_BLOCKED, .wait_mask = 0x2 };
	for (unsigned i = 0; i < 3; i++)
		kernel.cpus[1].threads[i] = &kernel.threads[i];
	kernel.cpus[1].nthreads = 3;
	kernel.cpus[1].ttbr0 = comp.as.ttbr0;
	*v = (struct vcpu){ .state = &vstate, .cpu = 1, .run = run, .handler = h,
			    .exit_bits = EXIT_BITS };
	kernel.cpus[1].vcpu = v;
	kernel.cpus[1].vcpu_running = run == VCPU_RUNNABLE;
	fake_this_cpu = &kernel.cpus[1];
	return v;
}

static void test_vcpu_run(void **state)
{
	(void)state;
	struct vcpu *v = vcpu_fixture(VCPU_OFF);

	fake_this_cpu = &kernel.cpus[0];   /* asked from another CPU: wake it */
	assert_int_equal(vcpu_run(v), 0);
	assert_int_equal(v->run, VCPU_RUNNABLE);
	assert_int_equal(fake.wakes, 1);
	assert_int_equal(fake.wake_cpu[0], 1);
	assert_int_equal(vcpu_run(v), -SYS_ESTATE);
	assert_int_equal(fake.wakes, 1);
	v->run = VCPU_PAUSED;
	assert_int_equal(vcpu_run(v), 0);
	assert_int_equal(v->run, VCPU_RUNNABLE);
	/* From its own CPU: runnable, and no CPU other than its own is woken. */
	fake_this_cpu = &kernel.cpus[1];
	v->run = VCPU_PAUSED;
	fake.wakes = 0;
	assert_int_equal(vcpu_run(v), 0);
	assert_int_equal(v->run, VCPU_RUNNABLE);
	for (unsigned i = 0; i < fake.wakes; i++)
		assert_int_equal(fake.wake_cpu[i], 1);
}

/* Takes an SMC exit on CPU 1; checks the bookkeeping every path shares
 * and, if the kernel entered a thread directly, that it was entitled to. */
static void smc_exit(void)
{
	bool escaped;

	ESCAPES(kernel_vcpu_exit(VCPU_EXIT_SMC), escaped);
	assert_true(escaped);
	assert_int_equal(fake.thread_enters + fake.dispatches, 1);
	assert_int_equal(vstate.exit_reason, VCPU_EXIT_SMC);
	assert_int_equal(kernel.cpus[1].exits, 1);
	assert_int_equal(kernel.cpus[1].fiq_exits, 0);
	assert_false(kernel.cpus[1].vcpu_running);
	assert_int_equal(kernel.vcpus[1].run, VCPU_PAUSED);
	assert_int_equal(fake.irqs, fake.fiq_at_poll != 0);   /* at its preemption point */
	if (fake.dispatches) {
		assert_ptr_equal(fake.dispatch_cpu, &kernel.cpus[1]);
		assert_true(fake.dispatch_locked);
	} else {
		/* Entered directly: the handler, released lock, right space,
		 * and nothing runnable of higher priority on this CPU. */
		assert_ptr_equal(fake.thread_ctx, &h->ctx);
		assert_false(fake.enter_locked);
		assert_ptr_equal(kernel.cpus[1].current, h);
		assert_int_equal(h->cpu, 1);
		assert_int_equal(kernel.cpus[1].ttbr0, h->comp->as.ttbr0);
		assert_int_equal(kernel.cpus[1].runnable & (h->cpu_bit - 1), 0);
	}
}

/* The handler was waiting for the exit: it runs next with the bits in r0. */
static void test_vcpu_exit_smc_wakes_handler(void **state)
{
	(void)state;
	vcpu_fixture(VCPU_RUNNABLE);
	h->pending = 0x8;   /* outside its mask: stays pending */
	smc_exit();
	assert_int_equal(h->state, THREAD_RUNNABLE);
	assert_int_equal(h->ctx.r[0], EXIT_BITS);
	assert_int_equal(h->pending, 0x8);
	assert_int_equal(kernel.cpus[1].runnable, h->cpu_bit);
	/* A lower-priority runnable thread does not change that. */
	fake_reset();
	vcpu_fixture(VCPU_RUNNABLE);
	lo->state = THREAD_RUNNABLE;
	kernel.cpus[1].runnable = lo->cpu_bit;
	smc_exit();
	assert_int_equal(h->state, THREAD_RUNNABLE);
	assert_int_equal(h->ctx.r[0], EXIT_BITS);
}

/* A runnable higher-priority thread goes first: no direct entry. */
static void test_vcpu_exit_smc_higher_priority(void **state)
{
	(void)state;
	vcpu_fixture(VCPU_RUNNABLE);
	hi->state = THREAD_RUNNABLE;
	kernel.cpus[1].runnable = hi->cpu_bit;
	smc_exit();
	assert_int_equal(fake.thread_enters, 0);
	assert_int_equal(h->state, THREAD_RUNNABLE);
	assert_int_equal(h->ctx.r[0], EXIT_BITS);
	assert_int_equal(kernel.cpus[1].runnable, hi->cpu_bit | h->cpu_bit);
}

/* A secure interrupt that came during the monitor's save is handled at
 * the exit's preemption point, before the handler is chosen: the thread it
 * wakes, of higher priority, goes first. Without the point the fast path
 * would enter the VMM and the interrupt wait for that round trip. */
static void test_vcpu_exit_smc_preempted_by_an_fiq(void **state)
{
	(void)state;
	vcpu_fixture(VCPU_RUNNABLE);
	fake.fiq_at_poll = 1;
	fake.irq_wakes = hi;
	smc_exit();
	assert_int_equal(fake.irqs, 1);
	assert_ptr_equal(fake.irq_cpu, &kernel.cpus[1]);
	assert_int_equal(fake.thread_enters, 0);
	assert_int_equal(h->state, THREAD_RUNNABLE);
	assert_int_equal(h->ctx.r[0], EXIT_BITS);
	assert_int_equal(kernel.cpus[1].runnable, hi->cpu_bit | h->cpu_bit);
	assert_true(fake.dispatch_locked);
}

/* Another component's address space loaded (it ran last here): the fast
 * path switches to the handler's and enters it all the same. */
static void test_vcpu_exit_smc_other_space(void **state)
{
	(void)state;
	vcpu_fixture(VCPU_RUNNABLE);
	kernel.cpus[1].ttbr0 = 0x0e300000u;
	smc_exit();
	assert_int_equal(fake.thread_enters, 1);
	assert_int_equal(kernel.cpus[1].ttbr0, h->comp->as.ttbr0);
	assert_int_equal(fake.aspace_switches, 1);
	assert_int_equal(h->state, THREAD_RUNNABLE);
	assert_int_equal(h->ctx.r[0], EXIT_BITS);
}

/* A handler whose budget is spent (kernel/budget.c) is not entered ahead of
 * a runnable lower-priority thread: the dispatcher picks that one. With
 * nobody else runnable it serves in the slack, entered directly. */
static void test_vcpu_exit_smc_throttled_handler(void **state)
{
	(void)state;
	vcpu_fixture(VCPU_RUNNABLE);
	h->budget = 1000;
	h->used = 1000;
	h->period_end = 5000;
	kernel.cpus[1].throttled = h->cpu_bit;
	lo->state = THREAD_RUNNABLE;
	kernel.cpus[1].runnable = lo->cpu_bit;
	smc_exit();
	assert_int_equal(fake.thread_enters, 0);
	assert_int_equal(fake.dispatches, 1);
	assert_int_equal(h->state, THREAD_RUNNABLE);
	/* Nobody else: entered directly, uncounted. */
	vcpu_fixture(VCPU_RUNNABLE);
	fake.thread_enters = fake.dispatches = 0;
	kernel.cpus[1].exits = 0;
	kernel.cpus[1].runnable = 0;
	h->budget = 1000;
	h->used = 1000;
	h->period_end = 5000;
	kernel.cpus[1].throttled = h->cpu_bit;
	smc_exit();
	assert_int_equal(fake.thread_enters, 1);
	assert_null(kernel.cpus[1].charged);
}

/* A handler with budget left is entered ahead of a waiting lower-priority
 * thread, and its time counts from then, the timer set for its budget's
 * end; without anyone waiting its time is not counted at all. */
static void test_vcpu_exit_smc_budgeted_handler(void **state)
{
	(void)state;
	vcpu_fixture(VCPU_RUNNABLE);
	fake.timer_now = 10000;
	h->budget = 1000;
	h->used = 200;
	h->period = 8000;
	h->period_end = 12000;
	kernel.cpus[1].timer_deadline = UINT64_MAX;
	lo->state = THREAD_RUNNABLE;
	kernel.cpus[1].runnable = lo->cpu_bit;
	smc_exit();
	assert_int_equal(fake.thread_enters, 1);
	assert_ptr_equal(kernel.cpus[1].charged, h);
	assert_int_equal(kernel.cpus[1].run_since, 10000);
	assert_int_equal(fake.timer_deadline, 10800);
	vcpu_fixture(VCPU_RUNNABLE);
	kernel.cpus[1].charged = NULL;
	kernel.cpus[1].exits = 0;
	kernel.cpus[1].runnable = 0;
	fake.thread_enters = fake.timer_programs = 0;
	h->budget = 1000;
	smc_exit();
	assert_int_equal(fake.thread_enters, 1);
	assert_null(kernel.cpus[1].charged);
	assert_int_equal(fake.timer_programs, 0);
}

/* A handler not waiting for the exit bits only gets them pending; a busy
 * (runnable) handler keeps its r0; a dead one gets nothing. */
static void test_vcpu_exit_smc_handler_not_waiting(void **state)
{
	(void)state;
	vcpu_fixture(VCPU_RUNNABLE);
	h->wait_mask = 0x4;
	h->ctx.r[0] = 0x77;
	smc_exit();
	assert_int_equal(fake.thread_enters, 0);
	assert_int_equal(h->state, THREAD_BLOCKED);
	assert_int_equal(h->pending, EXIT_BITS);
	assert_int_equal(h->ctx.r[0], 0x77);

	fake_reset();
	vcpu_fixture(VCPU_RUNNABLE);
	h->state = THREAD_RUNNABLE;
	kernel.cpus[1].runnable = h->cpu_bit;
	h->ctx.r[0] = 0x77;
	smc_exit();
	assert_int_equal(h->ctx.r[0], 0x77);
	assert_int_equal(h->pending, EXIT_BITS);

	fake_reset();
	vcpu_fixture(VCPU_RUNNABLE);
	h->state = THREAD_DEAD;
	smc_exit();
	assert_int_equal(fake.thread_enters, 0);
	assert_int_equal(h->state, THREAD_DEAD);
	assert_int_equal(h->pending, 0);
}

static void test_vcpu_exit_fiq(void **state)
{
	bool escaped;

	(void)state;
	struct vcpu *v = vcpu_fixture(VCPU_RUNNABLE);

	ESCAPES(kernel_vcpu_exit(VCPU_EXIT_FIQ), escaped);
	assert_true(escaped);
	assert_int_equal(vstate.exit_reason, VCPU_EXIT_FIQ);
	assert_int_equal(kernel.cpus[1].exits, 1);
	assert_int_equal(kernel.cpus[1].fiq_exits, 1);
	assert_false(kernel.cpus[1].vcpu_running);
	assert_int_equal(v->run, VCPU_RUNNABLE);
	assert_int_equal(h->state, THREAD_BLOCKED);
	assert_int_equal(h->pending, 0);
	assert_int_equal(fake.irqs, 1);
	assert_ptr_equal(fake.irq_cpu, &kernel.cpus[1]);
	assert_int_equal(fake.thread_enters, 0);
	assert_true(fake.dispatch_locked);
}

int run_vcpu_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_vcpu_run),
		UNIT_TEST(test_vcpu_exit_smc_wakes_handler),
		UNIT_TEST(test_vcpu_exit_smc_higher_priority),
		UNIT_TEST(test_vcpu_exit_smc_preempted_by_an_fiq),
		UNIT_TEST(test_vcpu_exit_smc_other_space),
		UNIT_TEST(test_vcpu_exit_smc_throttled_handler),
		UNIT_TEST(test_vcpu_exit_smc_budgeted_handler),
		UNIT_TEST(test_vcpu_exit_smc_handler_not_waiting),
		UNIT_TEST(test_vcpu_exit_fiq),
	};

	return UNIT_RUN_GROUP("vcpu", tests, ncases);
}
