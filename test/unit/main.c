/*
 * The host unit-test runner: every group, then one summary line
 * "unit: N passed, N failed" (scripts/check.sh reads it). Exits non-zero
 * if any test failed.
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
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
/* The slow groups (UNIT_SLOW); the section is never empty. */
UNIT_SLOW(run_no_tests);
extern const unit_group_fn __start_unit_slow[], __stop_unit_slow[];

/* One group's outcome. In parallel runs the workers write it into memory
 * they share with the runner, which reads it once they have exited. */
struct group_result {
	unsigned ran; /* 1 once the group returned */
	unsigned total, failed, skipped;
};

static void run(unit_group_fn group, struct group_result *r)
{
	unsigned n = 0, skipped = unit_skipped;
	int f = group(&n);

	r->total = n;
	r->failed = f < 0 ? n : (unsigned)f > n ? n : (unsigned)f;
	r->skipped = unit_skipped - skipped;
	r->ran = 1;
}

/* Group i of all of them: the list above, then the components' (link order,
 * the same in every build of one tree). */
static unit_group_fn group_at(size_t i)
{
	size_t fixed = sizeof(groups) / sizeof(groups[0]);

	return i < fixed ? groups[i] : __start_unit_groups[i - fixed];
}

/* The order in which parallel workers take the groups: the slow ones
 * (UNIT_SLOW) first, then the others in their own order. */
static void claim_order(size_t ngroups, size_t *order)
{
	size_t k = 0;

	for (const unit_group_fn *s = __start_unit_slow; s < __stop_unit_slow; s++)
		for (size_t g = 0; g < ngroups; g++)
			if (group_at(g) == *s && *s != run_no_tests)
				order[k++] = g;
	for (size_t g = 0; g < ngroups; g++) {
		bool slow = false;

		for (size_t i = 0; i < k; i++)
			slow = slow || order[i] == g;
		if (!slow)
			order[k++] = g;
	}
}

/* What the runner shares with its parallel workers: the next group to take
 * (an index into the claim order) and each group's outcome. */
struct shared {
	atomic_size_t next;
	struct group_result res[];
};

/* A worker: takes groups until none is left, each one's output into its
 * file, then exits (a sanitizer's report at exit goes to the real stderr). */
static _Noreturn void worker(size_t ngroups, struct shared *sh, const size_t *order, FILE **out)
{
	int keep_out = dup(1), keep_err = dup(2);
	size_t i;

	while ((i = atomic_fetch_add(&sh->next, 1)) < ngroups) {
		size_t g = order[i];

		dup2(fileno(out[g]), 1);
		dup2(fileno(out[g]), 2);
		run(group_at(g), &sh->res[g]);
		fflush(stdout);
		fflush(stderr);
	}
	dup2(keep_out, 1);
	dup2(keep_err, 2);
	exit(0);
}

/* Once the workers have ended: each group's output in group order, and its
 * outcome into res. A group whose worker died in it counts as one failure.
 * Returns 1 if a worker ended badly with all its groups done (a report
 * at exit, LeakSanitizer's), else 0. */
static int collect(size_t ngroups, const struct shared *sh, FILE **out,
		   struct group_result *res, bool worker_failed)
{
	bool unfinished = false;

	for (size_t g = 0; g < ngroups; g++) {
		char buf[4096];
		size_t n;

		rewind(out[g]);
		while ((n = fread(buf, 1, sizeof(buf), out[g])) > 0)
			fwrite(buf, 1, n, stdout);
		res[g] = sh->res[g];
		if (!res[g].ran) {
			printf("unit: group %zu did not finish: its worker died in it\n", g);
			res[g].total = res[g].failed = 1;
			unfinished = true;
		}
	}
	if (!worker_failed || unfinished)
		return 0;
	printf("unit: a worker exited with an error after its groups "
	       "(a sanitizer's report above)\n");
	return 1;
}

/* The groups on `jobs` forked workers, each taking the next group not yet
 * taken, the slow ones first (four groups take nearly all of the time, so a
 * fixed split, or one of them taken last, would leave a worker idle). A
 * group's output goes to a file of its own, printed in group order once
 * every worker has exited, so the output reads as a run in one process
 * does. Returns -1 if no worker could be started (the caller then runs the
 * groups itself), else collect's result. */
static int run_parallel(size_t ngroups, unsigned jobs, struct group_result *res)
{
	struct shared *sh;
	size_t bytes = sizeof(*sh) + ngroups * sizeof(sh->res[0]);
	FILE **out = calloc(ngroups, sizeof(*out));
	size_t *order = calloc(ngroups, sizeof(*order));
	bool worker_failed = false;
	unsigned started = 0;
	int ret = -1;

	sh = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		sh = NULL;
	for (size_t g = 0; sh && out && order && g < ngroups; g++)
		if (!(out[g] = tmpfile()))
			goto done;
	if (!sh || !out || !order)
		goto done;
	claim_order(ngroups, order);
	atomic_init(&sh->next, 0);
	fflush(stdout);
	fflush(stderr);
	/* If a fork fails, the workers already started take every group. */
	for (; started < jobs; started++) {
		pid_t pid = fork();

		if (pid < 0)
			break;
		if (pid == 0)
			worker(ngroups, sh, order, out);
	}
	if (started == 0)
		goto done;
	for (int status; wait(&status) > 0;)
		worker_failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	ret = collect(ngroups, sh, out, res, worker_failed);
done:
	for (size_t g = 0; out && g < ngroups; g++)
		if (out[g])
			fclose(out[g]);
	if (sh)
		munmap(sh, bytes);
	free(out);
	free(order);
	return ret;
}

/* Workers for a run of every group: TZVMM_UNIT_JOBS, else one per CPU. */
static unsigned unit_jobs(size_t ngroups)
{
	const char *env = getenv("TZVMM_UNIT_JOBS");
	long n = env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	if ((size_t)n > ngroups)
		n = (long)ngroups;
	return n > 16 ? 16u : (unsigned)n;
}

int main(void)
{
	size_t ngroups = sizeof(groups) / sizeof(groups[0]) +
			 (size_t)(__stop_unit_groups - __start_unit_groups);
	/* Static: a worker exits from inside run_parallel, where LeakSanitizer
	 * would otherwise see this block as leaked. */
	static struct group_result *res;
	unsigned total = 0, failed = 0, skipped = 0;
	int extra_failures = 0;
	/* make mutants: a mutant is caught at the first failing group, so the
	 * run may stop there (the groups after it are not counted) and say
	 * which it was; TZVMM_UNIT_FIRST=N runs group N first, the one that
	 * caught the last mutant of the same file (four of the groups take
	 * nearly all of the run's time). Such runs stay in one process: the
	 * mutants already run one per CPU. */
	bool first_fail = getenv("TZVMM_UNIT_FIRST_FAIL") != NULL;
	const char *want = getenv("TZVMM_UNIT_FIRST");
	size_t first = want ? (size_t)strtoul(want, NULL, 10) : ngroups;
	unsigned jobs = first_fail ? 1 : unit_jobs(ngroups);

	res = calloc(ngroups, sizeof(*res));
	if (!res)
		return 1;
	if (jobs > 1)
		extra_failures = run_parallel(ngroups, jobs, res);
	if (jobs == 1 || extra_failures < 0) {
		unsigned failing = 0;

		extra_failures = 0;
		if (first < ngroups) {
			run(group_at(first), &res[first]);
			failing = res[first].failed;
		}
		for (size_t g = 0; g < ngroups && !(first_fail && failing); g++) {
			if (g == first)
				continue;
			run(group_at(g), &res[g]);
			failing += res[g].failed;
			if (first_fail && failing)
				first = g;
		}
	}
	for (size_t g = 0; g < ngroups; g++) {
		total += res[g].total;
		failed += res[g].failed;
		skipped += res[g].skipped;
	}
	if (first_fail && failed)
		printf("unit: the first failing group is %zu\n", first);
	if (skipped)
		printf("unit: %u skipped (no host memory below 4 GiB)\n", skipped);
	/* A worker's error after its groups fails the run without being a test. */
	printf("unit: %u passed, %u failed\n", total - failed - skipped,
	       failed + (unsigned)extra_failures);
	fflush(stdout);   /* before any sanitizer report at exit */
	free(res);
	return failed || extra_failures ? 1 : 0;
}
