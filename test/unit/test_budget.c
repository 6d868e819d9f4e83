/*
 * Budgets of threads that serve the normal world (kernel/budget.c, and the
 * inline budget_enter/budget_leave/sched_pick of kernel.h): time counted
 * only while a lower-priority thread waits, throttling when the budget is
 * spent, a throttled thread running only in the CPU's slack, replenishment
 * when its period ends, the timer set for the budget's end.
 */
#include "kernel.h"
#include "sched.h"
#include "budget.h"
#include "unit.h"

static struct component comp;
static struct thread *vmm, *mon;
static struct cpu *cpu;

/* CPU 0: slot 0 a budgeted thread `vmm` (2 ms per 10 ms), slot 1 an
 * unbudgeted one of lower priority, `mon` (the integrity monitor). */
static void fixture(void)
{
	cpu = &kernel.cpus[0];
	kernel.ncpus = 1;
	kernel.nthreads = 2;
	vmm = &kernel.threads[0];
	mon = &kernel.threads[1];
	*vmm = (struct thread){ .comp = &comp, .cpu = 0, .cpu_bit = 1, .prio = 10,
				.state = THREAD_BLOCKED };
	*mon = (struct thread){ .comp = &comp, .cpu = 0, .cpu_bit = 2, .prio = 5,
				.state = THREAD_BLOCKED };
	cpu->threads[0] = vmm;
	cpu->threads[1] = mon;
	cpu->nthreads = 2;
	cpu->timer_deadline = UINT64_MAX;
	budget_init_thread(vmm, 2000, 10000);
	fake.timer_now = 1000000;
}

static void runnable(struct thread *t)
{
	sched_set_state(t, THREAD_RUNNABLE);
}

static void test_budget_in_ticks(void **state)
{
	(void)state;
	fixture();
	assert_int_equal(vmm->budget, 125000);   /* 2 ms at 62.5 MHz */
	assert_int_equal(vmm->period, 625000);
	assert_int_equal(mon->budget, 0);
	budget_init_thread(mon, 1, 1000);        /* rounds to a tick, never to none */
	assert_int_equal(mon->budget, 62);
	budget_init_thread(mon, 0, 0);
	assert_int_equal(mon->budget, 0);
}

/* Nobody waits: no accounting, no timer, whatever it runs. */
static void test_uncontended_time_is_not_counted(void **state)
{
	(void)state;
	fixture();
	runnable(vmm);
	budget_enter(cpu, vmm);
	assert_null(cpu->charged);
	fake.timer_now += 10000000;   /* 160 ms */
	budget_leave(cpu);
	assert_int_equal(vmm->used, 0);
	assert_int_equal(cpu->throttled, 0);
	assert_int_equal(fake.timer_programs, 0);
}

/* The monitor waits: the VMM goes first with its budget, its time counts
 * from entry to the next kernel entry, the timer is set for the budget's
 * end, and once the budget is spent the monitor goes first. */
static void test_spent_budget_lets_the_waiting_thread_run(void **state)
{
	(void)state;
	fixture();
	runnable(vmm);
	runnable(mon);
	assert_ptr_equal(sched_pick(cpu), vmm);
	budget_enter(cpu, vmm);
	assert_ptr_equal(cpu->charged, vmm);
	assert_int_equal(fake.timer_deadline, 1000000 + 125000);
	assert_int_equal(cpu->timer_deadline, 1000000 + 125000);
	assert_int_equal(vmm->period_end, 1000000 + 625000);
	fake.timer_now += 100000;
	budget_leave(cpu);
	assert_int_equal(vmm->used, 100000);
	assert_int_equal(cpu->throttled, 0);
	assert_ptr_equal(sched_pick(cpu), vmm);
	/* Again: the timer is not moved later (its deadline is earlier than
	 * the new end), and the rest of the budget goes. */
	fake.timer_programs = 0;
	budget_enter(cpu, vmm);
	assert_int_equal(fake.timer_programs, 0);
	fake.timer_now += 30000;
	budget_leave(cpu);
	assert_int_equal(vmm->used, 125000);   /* saturated at the budget */
	assert_int_equal(cpu->throttled, vmm->cpu_bit);
	assert_ptr_equal(sched_pick(cpu), mon);
	/* The monitor blocks: the VMM serves in the slack, uncounted. */
	sched_set_state(mon, THREAD_BLOCKED);
	assert_ptr_equal(sched_pick(cpu), vmm);
	budget_enter(cpu, vmm);
	assert_null(cpu->charged);
	/* The period ends: its budget back, ahead of the monitor again. */
	runnable(mon);
	fake.timer_now = 1000000 + 625000;
	assert_ptr_equal(sched_pick(cpu), vmm);
	assert_int_equal(cpu->throttled, 0);
	assert_int_equal(vmm->used, 0);
	assert_int_equal(vmm->period_end, 1000000 + 2u * 625000);
}

/* Blocked while throttled, then woken after its period ended: budget_start
 * replenishes it on entry. */
static void test_a_new_period_on_entry(void **state)
{
	(void)state;
	fixture();
	vmm->used = vmm->budget;
	vmm->period_end = fake.timer_now + 10;
	cpu->throttled = vmm->cpu_bit;
	runnable(mon);
	runnable(vmm);
	assert_ptr_equal(sched_pick(cpu), mon);   /* still throttled */
	fake.timer_now += 10;
	assert_ptr_equal(sched_pick(cpu), vmm);
	budget_enter(cpu, vmm);
	assert_ptr_equal(cpu->charged, vmm);
	assert_int_equal(vmm->used, 0);
}

/* A restart (or a fresh thread) starts with its whole budget, uncounted. */
static void test_reset_clears_the_budget_state(void **state)
{
	(void)state;
	fixture();
	runnable(mon);
	runnable(vmm);
	budget_enter(cpu, vmm);
	vmm->used = vmm->budget;
	cpu->throttled = vmm->cpu_bit;
	budget_reset(vmm);
	assert_null(cpu->charged);
	assert_int_equal(cpu->throttled, 0);
	assert_int_equal(vmm->used, 0);
	assert_int_equal(vmm->period_end, 0);
}

int run_budget_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_budget_in_ticks),
		UNIT_TEST(test_uncontended_time_is_not_counted),
		UNIT_TEST(test_spent_budget_lets_the_waiting_thread_run),
		UNIT_TEST(test_a_new_period_on_entry),
		UNIT_TEST(test_reset_clears_the_budget_state),
	};
	return UNIT_RUN_GROUP("budget", tests, ncases);
}
