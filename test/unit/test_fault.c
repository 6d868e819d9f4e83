/*
 * Exceptions from secure user mode (kernel/fault.c): the fault-status
 * names of the short-descriptor FSR, and what a fault does: the thread
 * stops (or restarts), one log line names component, pc, address and
 * status, the supervisor is signalled, an essential component powers the
 * machine off; an exception from a privileged mode panics.
 */
#include <string.h>
#include <arch/cpu.h>
#include <tzvmm/signals.h>
#include "component.h"
#include "fault.h"
#include "kernel.h"
#include "restart.h"
#include "unit.h"

static void test_fault_status_names(void **state)
{
	static const struct {
		uint32_t fsr;
		const char *name;
	} names[] = {
		{ 0x001, "alignment" },
		{ 0x002, "debug event" },
		{ 0x003, "access flag" },        /* section */
		{ 0x006, "access flag" },        /* page */
		{ 0x004, "cache maintenance" },
		{ 0x005, "translation" },        /* section */
		{ 0x007, "translation" },        /* page */
		{ 0x008, "synchronous external abort" },
		{ 0x009, "domain" },
		{ 0x00b, "domain" },
		{ 0x00d, "permission" },
		{ 0x00f, "permission" },
		{ 0x406, "asynchronous external abort" },   /* FS[4] is bit 10 */
		{ 0x000, "other" },
		{ 0x400, "other" },
		{ 0x40d, "other" },
		{ 0x00c, "other" },              /* external abort on a table walk */
		/* WnR (bit 11), ExT (bit 12) and domain (7:4) do not change the kind. */
		{ 0x80d, "permission" },
		{ 0x1807, "translation" },
		{ 0x0f5, "translation" },
		{ 0xfffff80f, "permission" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_string_equal(fault_status_name(names[i].fsr), names[i].name);
}

static struct component_desc probe_desc, vmm_desc;
static struct thread *victim, *supervisor;

/* Component 0 "probe" (thread 0 runs on CPU 0 and faults); component 1
 * "vmm" (thread 0 blocked on VMM_SIG_FAULT) is told of its faults. */
static void fault_fixture(uint32_t flags)
{
	probe_desc = (struct component_desc){ .name = "probe", .flags = flags,
					      .has_fault_notify = true,
					      .fault_notify = { 1, 0, VMM_SIG_FAULT } };
	vmm_desc = (struct component_desc){ .name = "vmm" };
	kernel.ncpus = 1;
	kernel.ncomponents = 2;
	kernel.components[0].desc = &probe_desc;
	kernel.components[1].desc = &vmm_desc;
	kernel.nthreads = 2;
	victim = &kernel.threads[1];
	supervisor = &kernel.threads[0];
	*supervisor = (struct thread){ .comp = &kernel.components[1], .index = 0, .cpu = 0,
				       .cpu_bit = 1, .state = THREAD_BLOCKED,
				       .wait_mask = VMM_SIG_FAULT | VMM_SIG_DEADLINE };
	*victim = (struct thread){ .comp = &kernel.components[0], .index = 0, .cpu = 0,
				   .cpu_bit = 2, .state = THREAD_RUNNABLE, .timer_bits = 0x4 };
	kernel.cpus[0].threads[0] = supervisor;
	kernel.cpus[0].threads[1] = victim;
	kernel.cpus[0].nthreads = 2;
	kernel.cpus[0].runnable = 2;
	kernel.cpus[0].current = victim;
	fake.fault_address = 0x0e000000u;
	fake.fault_status = 0x80du;
}

static bool take(uint32_t cpsr, uint32_t kind, uint32_t pc)
{
	struct arch_context ctx = { .pc = pc, .cpsr = cpsr };
	bool escaped;

	ESCAPES(kernel_exception(&ctx, kind), escaped);
	return escaped;
}

static void test_fault_data_abort(void **state)
{
	(void)state;
	fault_fixture(0);
	assert_true(take(MODE_USR | PSR_I, ARCH_EXC_DABT, 0x00100234u));
	assert_int_equal(victim->state, THREAD_DEAD);
	assert_int_equal(victim->timer_bits, 0);
	assert_int_equal(kernel.components[0].faults, 1);
	assert_int_equal(kernel.faults, 1);
	assert_true(fake_log_has("[kernel] fault: component 'probe' thread 0: data abort at pc "
				 "0x00100234, address 0x0e000000, status 0x80d (permission)"));
	assert_true(fake_log_has("component 'probe' thread 0 stopped"));
	/* The supervisor wakes with the fault bit; the victim is off the queue. */
	assert_int_equal(supervisor->state, THREAD_RUNNABLE);
	assert_int_equal(supervisor->ctx.r[0], VMM_SIG_FAULT);
	assert_int_equal(kernel.cpus[0].runnable, 1);
	assert_int_equal(fake.powers, 0);
	assert_int_equal(fake.dispatches, 1);
	assert_true(fake.dispatch_locked);
}

static void test_fault_undefined(void **state)
{
	(void)state;
	fault_fixture(0);
	assert_true(take(MODE_USR, ARCH_EXC_UNDEF, 0x00100010u));
	assert_true(fake_log_has("undefined instruction at pc 0x00100010"));
	assert_false(fake_log_has("address"));
	assert_int_equal(victim->state, THREAD_DEAD);
}

static void test_fault_restart(void **state)
{
	(void)state;
	fault_fixture(COMP_RESTART);
	assert_true(take(MODE_USR, ARCH_EXC_PABT, 0x00300000u));
	assert_true(fake_log_has("prefetch abort at pc 0x00300000"));
	assert_int_equal(fake.restarts, 1);
	assert_ptr_equal(fake.restart_thread, victim);
	assert_int_not_equal(victim->state, THREAD_DEAD);
	assert_true(fake_log_has("component 'probe' thread 0 restarted"));
	assert_int_equal(supervisor->ctx.r[0], VMM_SIG_FAULT);
}

static void test_fault_essential(void **state)
{
	(void)state;
	fault_fixture(COMP_ESSENTIAL);
	assert_true(take(MODE_USR, ARCH_EXC_DABT, 0x00100000u));
	assert_int_equal(fake.powers, 1);
	assert_int_equal(fake.power_how, SYS_POWER_OFF);
	assert_int_equal(fake.power_status, KERNEL_STATUS_COMPONENT_DIED);
	assert_int_equal(victim->state, THREAD_DEAD);
}

/* The supervisor is named by component and thread index (thread_find): a
 * grant naming a thread that does not exist signals nobody. */
static void test_fault_notify_names_one_thread(void **state)
{
	(void)state;
	fault_fixture(0);
	probe_desc.fault_notify.thread = 1;   /* vmm has no thread 1 */
	assert_true(take(MODE_USR, ARCH_EXC_DABT, 0x00100000u));
	assert_int_equal(supervisor->state, THREAD_BLOCKED);
	assert_int_equal(supervisor->pending, 0);
	assert_true(fake_log_has("component 'probe' thread 0 stopped"));
}

/* Interrupts taken in a user thread are not faults. */
static void test_fault_interrupts(void **state)
{
	(void)state;
	fault_fixture(0);
	assert_true(take(MODE_USR, ARCH_EXC_FIQ, 0x00100000u));
	assert_true(take(MODE_USR, ARCH_EXC_IRQ, 0x00100000u));
	assert_int_equal(fake.irqs, 2);
	assert_int_equal(kernel.faults, 0);
	assert_int_equal(victim->state, THREAD_RUNNABLE);
	assert_int_equal(fake.log_lines, 0);
}

/* Any mode but USR (or no context at all) means the kernel faulted. */
static void test_fault_kernel_mode_panics(void **state)
{
	static const uint32_t modes[] = { MODE_SVC, MODE_SYS, MODE_ABT, MODE_UND, MODE_IRQ,
					  MODE_FIQ, MODE_MON };
	bool escaped;

	(void)state;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		fault_fixture(0);
		assert_true(take(modes[i], ARCH_EXC_DABT, 0x0e001000u));
		assert_int_equal(fake.panics, i + 1);
		assert_string_equal(fake.panic_what, "exception in kernel mode");
	}
	ESCAPES(kernel_exception(NULL, ARCH_EXC_UNDEF), escaped);
	assert_true(escaped);
	assert_true(fake_log_has("exception 1 in kernel mode"));
	assert_int_equal(kernel.faults, 0);
	assert_int_equal(fake.dispatches, 0);
}

int run_fault_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_fault_status_names),
		UNIT_TEST(test_fault_data_abort),
		UNIT_TEST(test_fault_undefined),
		UNIT_TEST(test_fault_restart),
		UNIT_TEST(test_fault_essential),
		UNIT_TEST(test_fault_notify_names_one_thread),
		UNIT_TEST(test_fault_interrupts),
		UNIT_TEST(test_fault_kernel_mode_panics),
	};

	return UNIT_RUN_GROUP("fault", tests, ncases);
}
