/*
 * Restart of a component from its image (kernel/restart.c): its threads
 * stopped wherever they are, its initial data back, its vCPUs off with
 * zeroed state, every thread started afresh; a thread running on another
 * CPU is parked at that CPU's next dispatch, a vCPU in the normal world
 * is waited for until its exit, and the restart completes only then; the
 * next entry of each vCPU resets the NS system registers. Another
 * component is never touched.
 */
#include <string.h>
#include <tzvmm/component_layout.h>
#include <tzvmm/cpu_state.h>
#include "component.h"
#include "kernel.h"
#include "restart.h"
#include "signal.h"
#include "unit.h"

#define ENTRY 0x00100040u

/* An image: header, 16 bytes of initial data after 4 KiB of text, 4 KiB
 * of bss after that. */
static uint8_t image[0x1010] __attribute__((aligned(8)));
static uint8_t mem[0x2000];
static struct component_desc vmm_desc, other_desc;
/* The state pages the kernel gives each vCPU (a page: the restart zeroes
 * all of it). */
static union {
	struct vcpu_state s;
	uint8_t page[VCPU_STATE_PAGE_SIZE];
} vpages[2];
#define vstates(i) (vpages[i].s)

static struct thread *t0, *t1, *other;

static void fixture(void)
{
	struct component_header h = { COMPONENT_MAGIC, ENTRY, COMPONENT_VA_IMAGE + 0x1000u,
				      COMPONENT_VA_IMAGE + 0x1010u, COMPONENT_VA_IMAGE + 0x2000u };
	struct component *c = &kernel.components[0];

	memset(image, 0, sizeof(image));
	memcpy(image, &h, sizeof(h));
	memcpy(image + 0x1000, "initial data 16b", 16);
	memcpy(mem, image, sizeof(image));
	vmm_desc = (struct component_desc){
		.name = "vmm", .image = image, .image_end = image + sizeof(image),
		.flags = COMP_VCPUS | COMP_PER_CPU | COMP_RESTART_IMAGE };
	other_desc = (struct component_desc){ .name = "storage" };
	kernel.ncpus = 2;
	kernel.ncomponents = 2;
	kernel.nthreads = 3;
	c->desc = &vmm_desc;
	c->mem = mem;
	kernel.components[1].desc = &other_desc;
	t0 = &kernel.threads[0];
	t1 = &kernel.threads[1];
	other = &kernel.threads[2];
	*t0 = (struct thread){ .comp = c, .index = 0, .cpu = 0, .cpu_bit = 1,
			       .state = THREAD_RUNNABLE, .stack_top = 0x00204000u };
	*t1 = (struct thread){ .comp = c, .index = 1, .cpu = 1, .cpu_bit = 1,
			       .state = THREAD_BLOCKED, .wait_mask = 1, .pending = 8,
			       .stack_top = 0x00214000u };
	*other = (struct thread){ .comp = &kernel.components[1], .cpu = 0, .cpu_bit = 2,
				  .state = THREAD_BLOCKED, .wait_mask = 1 };
	for (unsigned i = 0; i < 2; i++) {
		kernel.cpus[i].id = i;
		kernel.cpus[i].threads[0] = &kernel.threads[i];
		kernel.cpus[i].nthreads = 1;
		kernel.cpus[i].runnable = i == 0;
		kernel.vcpus[i] = (struct vcpu){ .state = &vstates(i), .cpu = i,
						 .run = VCPU_RUNNABLE,
						 .handler = &kernel.threads[i], .exit_bits = 1 };
		vstates(i).regs.pc = 0x40008000u;
	}
	kernel.cpus[0].threads[1] = other;
	kernel.cpus[0].nthreads = 2;
	kernel.cpus[0].current = t0;   /* t0 faulted on this CPU */
	fake_this_cpu = &kernel.cpus[0];
	/* What the VMM changed before it faulted. */
	memcpy(mem + 0x1000, "changed by vmm!!", 16);
	memset(mem + 0x1010, 0xab, 0x2000 - 0x1010);
}

static void expect_restarted(void)
{
	assert_memory_equal(mem + 0x1000, "initial data 16b", 16);
	for (unsigned i = 0x1010; i < 0x2000; i++)
		assert_int_equal(mem[i], 0);
	/* Each thread started afresh (component_restart_thread, faked here:
	 * kernel/component.c resets its registers to the entry). */
	assert_int_equal(fake.restarts, 2);
	for (unsigned i = 0; i < 2; i++) {
		struct thread *t = &kernel.threads[i];

		assert_int_equal(t->state, THREAD_PARKED);   /* until the reset above */
		assert_int_equal(t->pending, 0);
		assert_int_equal(t->timer_bits, 0);
		assert_int_equal(kernel.vcpus[i].run, VCPU_OFF);
		assert_false(kernel.vcpus[i].resetting);
		assert_true(kernel.vcpus[i].reset_sysregs);
		assert_int_equal(vstates(i).regs.pc, 0);
	}
	assert_false(kernel.components[0].restarting);
	assert_int_equal(kernel.components[0].restarts, 1);
	assert_int_equal(kernel.restarts, 1);
	assert_true(fake_log_has("component 'vmm' restarted from its image (restart 1)"));
	/* The other component is untouched. */
	assert_int_equal(other->state, THREAD_BLOCKED);
}

static void test_restart_with_every_thread_stopped(void **state)
{
	(void)state;
	fixture();
	restart_component(&kernel.components[0]);
	expect_restarted();
}

/* t1 runs on CPU 1 right now: it gets the SGI, and the restart waits for
 * CPU 1's dispatcher to park it. Meanwhile signals to t0 are dropped. */
static void test_restart_waits_for_a_thread_running_elsewhere(void **state)
{
	(void)state;
	fixture();
	t1->state = THREAD_RUNNABLE;
	kernel.cpus[1].current = t1;
	kernel.cpus[1].runnable = 1;
	restart_component(&kernel.components[0]);
	assert_int_equal(t0->state, THREAD_PARKED);
	assert_int_equal(t1->state, THREAD_RUNNABLE);
	assert_true(kernel.components[0].restarting);
	assert_int_equal(kernel.restarts, 0);
	assert_int_equal(fake.wakes, 1);   /* CPU 1, for t1 */
	signal_send(t0, 1);
	assert_int_equal(t0->pending, 0);
	/* A second fault while stopping is the same restart. */
	restart_component(&kernel.components[0]);
	assert_int_equal(t0->state, THREAD_PARKED);
	/* CPU 1 dispatches: t1 is parked instead of entered, and the restart
	 * completes. */
	fake_this_cpu = &kernel.cpus[1];
	kernel.cpus[1].current = NULL;
	assert_true(restart_park_if_stopping(t1));
	expect_restarted();
	kernel.components[0].restarting = false;
	t1->state = THREAD_RUNNABLE;
	assert_false(restart_park_if_stopping(t1));   /* fresh: runs */
}

/* A vCPU that exits while its VMM restarts is switched off, its handler
 * not signalled. */
static void test_vcpu_exit_during_restart_switches_it_off(void **state)
{
	bool escaped;

	(void)state;
	fixture();
	t1->state = THREAD_RUNNABLE;
	kernel.cpus[1].current = t1;
	restart_component(&kernel.components[0]);
	assert_true(kernel.vcpus[1].resetting);
	fake_this_cpu = &kernel.cpus[1];
	kernel.cpus[1].current = NULL;
	kernel.cpus[1].vcpu = &kernel.vcpus[1];
	/* Off from the restart's start (the VMM makes no call meanwhile that
	 * could run it again): that is what drops the exit. */
	assert_int_equal(kernel.vcpus[1].run, VCPU_OFF);
	kernel.cpus[1].vcpu_running = true;   /* it was running when the SMC came */
	ESCAPES(kernel_vcpu_exit(VCPU_EXIT_SMC), escaped);
	assert_true(escaped);
	assert_int_equal(kernel.vcpus[1].run, VCPU_OFF);
	assert_int_equal(t1->pending & 1u, 0);   /* no exit signal */
	assert_int_equal(fake.thread_enters, 0);
}

/* The state the scheduler really has while a guest runs: t1 BLOCKED in
 * SYS_WAIT, vCPU 1 in the normal world on CPU 1. t1 is parked at once, but
 * the restart must wait for vCPU 1's exit: finishing first would let that
 * exit (a stale SMC of the old guest) reach the new VMM, which would answer
 * it and resume the old guest on CPU 1. */
static void test_restart_waits_for_a_vcpu_in_the_normal_world(void **state)
{
	bool escaped;

	(void)state;
	fixture();
	kernel.cpus[1].vcpu_running = true;
	kernel.cpus[1].vcpu = &kernel.vcpus[1];
	restart_component(&kernel.components[0]);
	assert_int_equal(t1->state, THREAD_PARKED);
	assert_true(kernel.components[0].restarting);
	assert_int_equal(kernel.restarts, 0);
	assert_int_equal(fake.restarts, 0);   /* no thread started yet */
	assert_int_equal(fake.wakes, 1);      /* CPU 1, for its vCPU to exit */
	assert_int_equal(fake.wake_cpu[0], 1);
	/* CPU 1's exit: an SMC the old guest made just before the SGI. */
	fake_this_cpu = &kernel.cpus[1];
	vstates(1).regs.r[0] = 0x84000003u;   /* PSCI CPU_ON */
	ESCAPES(kernel_vcpu_exit(VCPU_EXIT_SMC), escaped);
	assert_true(escaped);
	assert_false(kernel.cpus[1].vcpu_running);
	expect_restarted();
	assert_int_equal(fake.thread_enters, 0);   /* nobody was given the exit */
}

/* An exit of a vCPU that is off, outside any restart, reaches nobody. */
static void test_exit_of_a_vcpu_that_is_off_is_dropped(void **state)
{
	bool escaped;

	(void)state;
	fixture();
	t1->pending = 0;
	kernel.cpus[1].vcpu_running = true;
	kernel.cpus[1].vcpu = &kernel.vcpus[1];
	kernel.vcpus[1].run = VCPU_OFF;
	fake_this_cpu = &kernel.cpus[1];
	ESCAPES(kernel_vcpu_exit(VCPU_EXIT_SMC), escaped);
	assert_true(escaped);
	assert_int_equal(kernel.vcpus[1].run, VCPU_OFF);
	assert_int_equal(t1->pending, 0);
	assert_int_equal(t1->state, THREAD_BLOCKED);
	assert_int_equal(fake.thread_enters, 0);
	assert_int_equal(kernel.restarts, 0);
}

/* After a restart, the first entry of a vCPU puts every NS system register
 * the old guest could have programmed back to its reset value; later
 * entries leave the guest's values alone (the flag is cleared). */
static void test_first_entry_after_a_restart_resets_the_ns_registers(void **state)
{
	(void)state;
	fixture();
	for (unsigned r = 0; r < SYS_NS_REG_COUNT; r++)
		fake_ns_cp15[r] = 0xc0de0000u + r;
	restart_component(&kernel.components[0]);
	restart_reset_ns_sysregs(&kernel.vcpus[0]);
	assert_int_equal(fake_ns_cp15[SYS_NS_REG_SCTLR], SCTLR_NS_RESET);
	for (unsigned r = 1; r < SYS_NS_REG_COUNT; r++)
		assert_int_equal(fake_ns_cp15[r], 0);
	/* Once: the dispatcher calls it only while the flag is set. */
	assert_false(kernel.vcpus[0].reset_sysregs);
	assert_true(kernel.vcpus[1].reset_sysregs);
}

int run_restart_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_restart_with_every_thread_stopped),
		UNIT_TEST(test_restart_waits_for_a_thread_running_elsewhere),
		UNIT_TEST(test_vcpu_exit_during_restart_switches_it_off),
		UNIT_TEST(test_restart_waits_for_a_vcpu_in_the_normal_world),
		UNIT_TEST(test_exit_of_a_vcpu_that_is_off_is_dropped),
		UNIT_TEST(test_first_entry_after_a_restart_resets_the_ns_registers),
	};
	return UNIT_RUN_GROUP("restart", tests, ncases);
}
