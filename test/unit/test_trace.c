/*
 * The world-switch tracer of the traced image (kernel/tracehooks/, and the
 * VMM's report of its handler, components/vmm/tracehooks/): the per-CPU
 * ring (order, wrap-around, a full ring losing the newest record), the
 * records the trace points make of an SMC exit on the fast and the general
 * path and of an FIQ exit, and the lines that leave the secure world (a
 * batch at TRACE_DRAIN_AT, the idle loop, power off with an exit never
 * resumed, lost records).
 */
#include <string.h>
#include <tzvmm/smccc.h>
#include "../../kernel/tracehooks/trace.h"
#include "../../kernel/tracepoints.h"
#include "smc_call.h"

#define EXIT_BITS 0x1u
#define HANDLER 0x00100abcu

static struct vcpu_state vstate;
static struct component comp;
static struct thread *h;

/* CPU 1 runs vCPU 1; its handler h (the VMM thread) waits for the exit in
 * the address space already loaded: an SMC takes the fast path. */
static void trace_fixture(void)
{
	struct vcpu *v = &kernel.vcpus[1];

	memset(&vstate, 0, sizeof(vstate));
	kernel.ncpus = 2;
	kernel.nthreads = 1;
	for (unsigned i = 0; i < 2; i++) {
		kernel.cpus[i].id = i;
		kernel.cpus[i].vcpu = &kernel.vcpus[i];
		kernel.vcpus[i] = (struct vcpu){ .state = &vstate, .cpu = i };
	}
	comp.as.ttbr0 = 0x0e204000u;
	h = &kernel.threads[0];
	*h = (struct thread){ .comp = &comp, .cpu = 1, .cpu_bit = 1, .prio = 10,
			      .state = THREAD_BLOCKED, .wait_mask = EXIT_BITS };
	kernel.cpus[1].threads[0] = h;
	kernel.cpus[1].nthreads = 1;
	kernel.cpus[1].ttbr0 = comp.as.ttbr0;
	*v = (struct vcpu){ .state = &vstate, .cpu = 1, .run = VCPU_RUNNABLE, .handler = h,
			    .exit_bits = EXIT_BITS };
	kernel.cpus[1].vcpu_running = true;
	fake_this_cpu = &kernel.cpus[1];
}

/* An exit through monitor.S's entry into the kernel at time t. */
static void exit_at(uint32_t reason, uint32_t r0, uint64_t t)
{
	bool escaped;

	vstate.regs.r[0] = r0;
	vstate.trace_handler = 0xdeadu;   /* stale: cleared by the exit */
	fake.timer_now = t;
	ESCAPES(kernel_vcpu_exit_entry(reason), escaped);
	assert_true(escaped);
}

/* The VMM answered r0 (from handler) and waits again (SYS_WAIT); the
 * kernel resumes the vCPU at time t. */
static void resume_at(uint32_t r0, uint32_t handler, uint64_t t)
{
	bool escaped;

	h->state = THREAD_BLOCKED;
	h->wait_mask = EXIT_BITS;
	kernel.cpus[1].runnable = 0;

	vstate.regs.r[0] = r0;
	vstate.trace_handler = handler;
	fake.timer_now = t;
	ESCAPES(arch_vcpu_enter_entry(&vstate, 0x1d3), escaped);
	assert_true(escaped);
	assert_ptr_equal(fake.vcpu_enter_state, &vstate);
	assert_int_equal(fake.vcpu_enter_cpsr, 0x1d3);
}

static struct trace_rec take(unsigned cpu)
{
	struct trace_rec rec;

	assert_true(trace_ring_take(&tracer.rings[cpu], &rec));
	return rec;
}

/* Published in order, taken in order, across many wrap-arounds. */
static void test_trace_ring_order_and_wrap(void **state)
{
	struct trace_ring *r = &tracer.rings[0];
	struct trace_rec out;

	(void)state;
	assert_int_equal(trace_ring_count(r), 0);
	assert_false(trace_ring_take(r, &out));
	for (uint32_t i = 0; i < 3 * TRACE_RING_SLOTS + 5; i++) {
		assert_true(trace_ring_open(r, (struct trace_rec){ .fid = i, .seq = 77 }));
		assert_int_equal(trace_ring_current(r)->fid, i);
		trace_ring_publish(r);
		assert_null(trace_ring_current(r));
		if (i % 3 == 2) {
			for (uint32_t k = i - 2; k <= i; k++) {
				assert_true(trace_ring_take(r, &out));
				assert_int_equal(out.fid, k);
				assert_int_equal(out.seq, k);   /* numbered by the ring */
			}
			assert_int_equal(trace_ring_count(r), 0);
		}
	}
	assert_int_equal(r->lost, 0);
}

/* A full ring keeps its oldest records and counts the new one as lost;
 * an exit opened over one still open replaces it and counts it too. */
static void test_trace_ring_full_and_replaced(void **state)
{
	struct trace_ring *r = &tracer.rings[0];
	struct trace_rec out;

	(void)state;
	for (uint32_t i = 0; i < TRACE_RING_SLOTS; i++) {
		assert_true(trace_ring_open(r, (struct trace_rec){ .fid = i }));
		trace_ring_publish(r);
	}
	assert_false(trace_ring_open(r, (struct trace_rec){ .fid = 999 }));
	assert_null(trace_ring_current(r));
	assert_int_equal(r->lost, 1);
	assert_int_equal(trace_ring_count(r), TRACE_RING_SLOTS);
	assert_true(trace_ring_take(r, &out));
	assert_int_equal(out.fid, 0);
	assert_true(trace_ring_open(r, (struct trace_rec){ .fid = 1000 }));
	assert_true(trace_ring_open(r, (struct trace_rec){ .fid = 1001 }));
	assert_int_equal(r->lost, 2);
	assert_int_equal(trace_ring_current(r)->fid, 1001);
	assert_int_equal(trace_ring_current(r)->seq, TRACE_RING_SLOTS + 2);
}

/* An SMC on the fast path: exit time, CPU, id, path; at the resume the
 * ticks in between, the result and the VMM's handler. No line yet. */
static void test_trace_smc_fast_path(void **state)
{
	(void)state;
	trace_fixture();
	exit_at(VCPU_EXIT_SMC, PSCI_VERSION, 1000);
	assert_int_equal(fake.thread_enters, 1);   /* the fast path */
	assert_int_equal(vstate.trace_handler, 0);
	struct trace_rec *rec = trace_ring_current(&tracer.rings[1]);

	assert_non_null(rec);
	assert_int_equal(rec->t_exit, 1000);
	assert_int_equal(rec->cpu, 1);
	assert_int_equal(rec->reason, VCPU_EXIT_SMC);
	assert_int_equal(rec->path, TRACE_PATH_FAST);
	assert_int_equal(rec->fid, PSCI_VERSION);
	resume_at(0x10001, HANDLER, 1300);
	assert_int_equal(trace_ring_count(&tracer.rings[1]), 1);
	assert_int_equal(trace_ring_count(&tracer.rings[0]), 0);
	struct trace_rec out = take(1);

	assert_int_equal(out.ticks, 300);
	assert_int_equal(out.result, 0x10001);
	assert_int_equal(out.handler, HANDLER);
	assert_int_equal(out.flags, 0);
	assert_int_equal(fake.log_lines, 0);
}

/* The handler was not waiting: signal_send + sched_dispatch, marked. */
static void test_trace_smc_general_path(void **state)
{
	(void)state;
	trace_fixture();
	h->wait_mask = 0x4;   /* busy with something else */
	exit_at(VCPU_EXIT_SMC, TZVMM_SMC_NULL, 50);
	assert_int_equal(fake.thread_enters, 0);
	assert_int_equal(fake.dispatches, 1);
	assert_int_equal(trace_ring_current(&tracer.rings[1])->path, TRACE_PATH_GENERAL);
	resume_at(0, HANDLER, 80);
	assert_int_equal(take(1).path, TRACE_PATH_GENERAL);
}

/* An FIQ is handled in the kernel: no id, no handler, path kernel. */
static void test_trace_fiq(void **state)
{
	(void)state;
	trace_fixture();
	exit_at(VCPU_EXIT_FIQ, 0x12345678, 10);
	assert_int_equal(fake.irqs, 1);
	resume_at(0x12345678, 0, 25);
	struct trace_rec out = take(1);

	assert_int_equal(out.reason, VCPU_EXIT_FIQ);
	assert_int_equal(out.path, TRACE_PATH_KERNEL);
	assert_int_equal(out.fid, 0);
	assert_int_equal(out.handler, 0);
	assert_int_equal(out.ticks, 15);
}

/* A vCPU resumed at a fresh entry (PSCI CPU_ON after CPU_OFF) is marked;
 * the first entry of a vCPU closes nothing. */
static void test_trace_restart_and_first_entry(void **state)
{
	(void)state;
	trace_fixture();
	resume_at(0, 0, 5);
	assert_int_equal(trace_ring_count(&tracer.rings[1]), 0);
	exit_at(VCPU_EXIT_SMC, PSCI_CPU_OFF, 100);
	vstate.entry_flags = VCPU_ENTRY_SET_SCTLR;
	resume_at(0, HANDLER, 900);
	struct trace_rec out = take(1);

	assert_int_equal(out.flags, TRACE_FLAG_RESTART);
	assert_int_equal(out.ticks, 800);
}

/* The line of a record: hex without leading zeros, S/F and the path,
 * "- -" and n for an exit never resumed, r for a fresh entry; the longest
 * possible record fits TRACE_LINE_MAX. */
static void test_trace_format(void **state)
{
	char buf[TRACE_LINE_MAX + 1];
	struct trace_rec rec = { .t_exit = 0x3e8, .ticks = 0x12c, .fid = PSCI_VERSION,
				 .result = 0x10001, .handler = HANDLER, .cpu = 1,
				 .reason = VCPU_EXIT_SMC, .path = TRACE_PATH_FAST };
	size_t n;

	(void)state;
	n = trace_format(buf, &rec);
	assert_int_equal(n, strlen("1 3e8 Sf 84000000 12c 10001 100abc"));
	assert_memory_equal(buf, "1 3e8 Sf 84000000 12c 10001 100abc", n);
	rec = (struct trace_rec){ .reason = VCPU_EXIT_FIQ, .path = TRACE_PATH_KERNEL };
	n = trace_format(buf, &rec);
	assert_memory_equal(buf, "0 0 Fk 0 0 0 0", n);
	rec = (struct trace_rec){ .t_exit = 7, .fid = TZVMM_SMC_NULL, .reason = VCPU_EXIT_SMC,
				  .path = TRACE_PATH_GENERAL, .flags = TRACE_FLAG_RESTART };
	n = trace_format(buf, &rec);
	assert_memory_equal(buf, "0 7 Sg 86000000 0 0 0 r", n);
	rec.flags = TRACE_FLAG_NORESUME;
	rec.handler = 0x42;
	n = trace_format(buf, &rec);
	assert_memory_equal(buf, "0 7 Sg 86000000 - - 42 n", n);
	rec = (struct trace_rec){ .t_exit = UINT64_MAX, .ticks = UINT32_MAX, .fid = UINT32_MAX,
				  .result = UINT32_MAX, .handler = UINT32_MAX, .cpu = 0xff,
				  .reason = 0xff, .path = 'x', .flags = TRACE_FLAG_RESTART };
	n = trace_format(buf, &rec);
	assert_true(n <= TRACE_LINE_MAX);
	assert_memory_equal(buf, "ff ffffffffffffffff ?x ffffffff ffffffff ffffffff ffffffff r", n);
}

/* The resume that leaves TRACE_DRAIN_AT records writes them all out, after
 * the header, and then its cost. */
static void test_trace_batch_at_threshold(void **state)
{
	(void)state;
	trace_fixture();
	for (unsigned i = 0; i < TRACE_DRAIN_AT - 1; i++) {
		exit_at(VCPU_EXIT_SMC, TZVMM_SMC_NULL, 100 * i);
		resume_at(0, HANDLER, 100 * i + 20);
	}
	assert_int_equal(fake.log_lines, 0);
	exit_at(VCPU_EXIT_SMC, PSCI_VERSION, 0x3e8 + 100 * TRACE_DRAIN_AT);
	resume_at(0x10001, HANDLER, 0x3e8 + 100 * TRACE_DRAIN_AT + 0x12c);
	assert_int_equal(trace_ring_count(&tracer.rings[1]), 0);
	assert_int_equal(fake.log_lines, TRACE_DRAIN_AT + 2);
	assert_string_equal(fake.log[0], "[trace] H 1 3b9aca0");
	assert_string_equal(fake.log[1], "[trace] 1 0 Sf 86000000 14 0 100abc");
	assert_string_equal(fake.log[TRACE_DRAIN_AT],
			    "[trace] 1 1068 Sf 84000000 12c 10001 100abc");
	assert_string_equal(fake.log[TRACE_DRAIN_AT + 1], "[trace] D 1 1194 0 20");
}

/* A CPU about to idle writes out what it holds, then waits; the header
 * comes once. */
static void test_trace_idle_writes_out(void **state)
{
	(void)state;
	trace_fixture();
	arch_wait_for_interrupt_entry();
	assert_int_equal(fake.idle_waits, 1);
	assert_int_equal(fake.log_lines, 0);
	exit_at(VCPU_EXIT_SMC, TZVMM_SMC_NULL, 0x10);
	resume_at(0, HANDLER, 0x18);
	arch_wait_for_interrupt_entry();
	assert_int_equal(fake.idle_waits, 2);
	assert_int_equal(fake.log_lines, 3);
	assert_string_equal(fake.log[0], "[trace] H 1 3b9aca0");
	assert_string_equal(fake.log[1], "[trace] 1 10 Sf 86000000 8 0 100abc");
	assert_string_equal(fake.log[2], "[trace] D 1 18 0 1");
	exit_at(VCPU_EXIT_FIQ, 0, 0x30);
	resume_at(0, 0, 0x31);
	arch_wait_for_interrupt_entry();
	assert_int_equal(fake.log_lines, 5);
	assert_string_equal(fake.log[3], "[trace] 1 30 Fk 0 1 0 0");
	assert_string_equal(fake.log[4], "[trace] D 1 31 0 1");
}

/* Power off writes out every CPU's records, and the exit that asked for
 * it (never resumed) with the handler the VMM reported. */
static void test_trace_power_off(void **state)
{
	(void)state;
	trace_fixture();
	exit_at(VCPU_EXIT_SMC, TZVMM_SMC_NULL, 0x10);
	resume_at(0, HANDLER, 0x18);
	exit_at(VCPU_EXIT_SMC, PSCI_SYSTEM_OFF, 0x20);
	vstate.trace_handler = 0x100c64;
	kernel_tracehook_power();
	assert_int_equal(fake.log_lines, 4);
	assert_string_equal(fake.log[0], "[trace] H 1 3b9aca0");
	assert_string_equal(fake.log[1], "[trace] 1 10 Sf 86000000 8 0 100abc");
	assert_string_equal(fake.log[2], "[trace] 1 20 Sf 84000008 - - 100c64 n");
	assert_true(fake_log_has("[trace] D 1 20 0 2"));
}

/* Records lost to a full ring are reported with the batch. */
static void test_trace_lost_reported(void **state)
{
	struct trace_ring *r = &tracer.rings[0];

	(void)state;
	trace_fixture();
	for (uint32_t i = 0; i < TRACE_RING_SLOTS + 3; i++)
		if (trace_ring_open(r, (struct trace_rec){ .reason = VCPU_EXIT_SMC, .path = 'f' }))
			trace_ring_publish(r);
	while (trace_ring_count(r) > 2)
		take(0);
	trace_drain(0, false);
	assert_int_equal(fake.log_lines, 5);
	assert_string_equal(fake.log[3], "[trace] L 0 3");
	trace_drain(0, false);
	assert_int_equal(fake.log_lines, 5);   /* told once */
}

/* The traced VMM names the handler it dispatches to, 0 for none, and
 * answers exactly as smc_dispatch does. */
static void test_trace_vmm_reports_handler(void **state)
{
	struct vmm_cpu cpu = { .id = 0, .state = &fake_vcpu_states[0] };
	const struct smc_args version = { { PSCI_VERSION } }, unknown = { { 0x86000abcu } };

	(void)state;
	struct smc_result r = smc_dispatch_entry(&cpu, &version);

	smc_expect(r, 0x10001, 0, 0, 0);
	assert_int_equal(cpu.state->trace_handler, (uint32_t)(uintptr_t)smc_lookup(PSCI_VERSION));
	assert_int_not_equal(cpu.state->trace_handler, 0);
	r = smc_dispatch_entry(&cpu, &unknown);
	smc_expect(r, (uint32_t)SMCCC_NOT_SUPPORTED, 0, 0, 0);
	assert_int_equal(cpu.state->trace_handler, 0);
}

int run_trace_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_trace_ring_order_and_wrap),
		UNIT_TEST(test_trace_ring_full_and_replaced),
		UNIT_TEST(test_trace_smc_fast_path),
		UNIT_TEST(test_trace_smc_general_path),
		UNIT_TEST(test_trace_fiq),
		UNIT_TEST(test_trace_restart_and_first_entry),
		UNIT_TEST(test_trace_format),
		UNIT_TEST(test_trace_batch_at_threshold),
		UNIT_TEST(test_trace_idle_writes_out),
		UNIT_TEST(test_trace_power_off),
		UNIT_TEST(test_trace_lost_reported),
		UNIT_TEST(test_trace_vmm_reports_handler),
	};

	return UNIT_RUN_GROUP("trace", tests, ncases);
}
