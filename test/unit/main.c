/*
 * The host unit-test runner: every group, then one summary line
 * "unit: N passed, N failed" (scripts/check.sh reads it). Exits non-zero
 * if any test failed.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "unit.h"

unsigned unit_skipped;

int unit_setup(void **state)
{
	(void)state;
	fake_reset();
	return 0;
}

int unit_teardown(void **state)
{
	(void)state;
	assert_int_equal(fake_lock_errors, 0);
	return 0;
}

uint8_t *unit_low_mem(void)
{
	static uint8_t *mem;
	static bool tried;

	if (!tried) {
		void *p = MAP_FAILED;

		tried = true;
#ifdef MAP_FIXED_NOREPLACE
		p = mmap((void *)(uintptr_t)UNIT_LOW_MEM_WANT, UNIT_LOW_MEM_SIZE,
			 PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
#endif
#ifdef MAP_32BIT
		if (p == MAP_FAILED)
			p = mmap(NULL, UNIT_LOW_MEM_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_32BIT, -1, 0);
#endif
		if (p != MAP_FAILED && (uintptr_t)p + UNIT_LOW_MEM_SIZE - 1 <= 0xffffffffu)
			mem = p;
	}
	return mem;
}

static int (*const groups[])(unsigned *ncases) = {
	run_smc_tests,
	run_psci_tests,
	run_syscall_tests,
	run_signal_tests,
	run_thread_tests,
	run_irq_route_tests,
	run_diag_tests,
	run_fastpath_tests,
	run_timer_tests,
	run_vcpu_tests,
	run_layout_tests,
	run_cpsr_tests,
	run_mmu_tests,
	run_loader_tests,
	run_guest_mem_tests,
	run_fwcfg_tests,
	run_fmt_tests,
	run_fault_tests,
	run_trace_tests,
	run_log_tests,
	run_sha256_tests,
	run_integrity_tests,
	run_virtio_tests,
	run_restart_tests,
	run_budget_tests,
	/* Last of these: half of the whole run's time (its power cuts). */
	run_storage_tests,
};

/* The components' own groups (UNIT_GROUP), bounds from the linker. An
 * empty section would leave the symbols undefined: one entry of ours. */
static int run_no_tests(unsigned *ncases)
{
	*ncases = 0;
	return 0;
}
UNIT_GROUP(run_no_tests);
extern const unit_group_fn __start_unit_groups[], __stop_unit_groups[];

static void run(unit_group_fn group, unsigned *total, unsigned *failed)
{
	unsigned n = 0;
	int f = group(&n);

	*total += n;
	*failed += f < 0 ? n : (unsigned)f > n ? n : (unsigned)f;
}

/* Group i of all of them: the list above, then the components' (link order,
 * the same in every build of one tree). */
static unit_group_fn group_at(size_t i)
{
	size_t fixed = sizeof(groups) / sizeof(groups[0]);

	return i < fixed ? groups[i] : __start_unit_groups[i - fixed];
}

int main(void)
{
	size_t ngroups = sizeof(groups) / sizeof(groups[0]) +
			 (size_t)(__stop_unit_groups - __start_unit_groups);
	unsigned total = 0, failed = 0;
	/* make mutants: a mutant is caught at the first failing group, so the
	 * run may stop there (the groups after it are not counted) and say
	 * which it was; TZVMM_UNIT_FIRST=N runs group N first, the one that
	 * caught the last mutant of the same file (four of the groups take
	 * nearly all of the run's time). */
	bool first_fail = getenv("TZVMM_UNIT_FIRST_FAIL") != NULL;
	const char *want = getenv("TZVMM_UNIT_FIRST");
	size_t first = want ? (size_t)strtoul(want, NULL, 10) : ngroups;

	if (first < ngroups)
		run(group_at(first), &total, &failed);
	for (size_t g = 0; g < ngroups && !(first_fail && failed); g++) {
		if (g == first)
			continue;
		run(group_at(g), &total, &failed);
		if (first_fail && failed)
			first = g;
	}
	if (first_fail && failed)
		printf("unit: the first failing group is %zu\n", first);
	if (unit_skipped)
		printf("unit: %u skipped (no host memory below 4 GiB)\n", unit_skipped);
	printf("unit: %u passed, %u failed\n", total - failed - unit_skipped, failed);
	fflush(stdout);   /* before any sanitizer report at exit */
	return failed ? 1 : 0;
}
