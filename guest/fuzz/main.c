/*
 * SMC fuzzing at scale from the normal world (make fuzz-smc): every CPU
 * places `count` random SMCs at once (guest/common/smcgen.c: every owning
 * entity, fast and yielding, SMC32 and SMC64, the implemented ids with
 * random and boundary arguments), each CPU from its own seed derived from
 * the run's seed, which is printed first so that any run can be repeated.
 * After every call it checks (fuzz_call, call.S, and check() below):
 *   - an answer came back (the call returned to the next instruction);
 *   - an id no part of tzvmm serves gave -1 with r1-r3 zero, and any -1
 *     came with r1-r3 zero;
 *   - r4-r12, sp and lr are what they were;
 *   - no result register holds the kernel's canary word (test image), a
 *     secret of secure memory the normal world must never see.
 * The parameters sit in fuzz_params, which scripts/fuzz-smc patches into a
 * copy of the image. Ends with the test-exit hook: status = failures.
 */
#include <stddef.h>
#include <tzvmm/limits.h>
#include <tzvmm/syscall.h>
#include <tzvmm/test/hooks.h>
#include <tzvmm/test/kinfo.h>
#include "../common/guest.h"
#include "../common/smcgen.h"

#define FUZZ_MAGIC 0x5a5a4650u   /* "PFZZ" */
#define MAX_REPORTS 8u

/* Patched by scripts/fuzz-smc; volatile so that the values are read. */
const volatile struct {
	uint32_t magic, seed, count;
} fuzz_params = { FUZZ_MAGIC, 1u, 10000u };

uint32_t fuzz_call(const uint32_t in[8], uint32_t out[4]);
void fuzz_secondary_entry(void);
void fuzz_worker(uint32_t cpu);

struct fuzz_cpu {
	volatile uint32_t done, calls, unknown, failures;
};
static struct fuzz_cpu cpus[TZVMM_MAX_CPUS];
static uint32_t canary;
static volatile uint32_t reports;

static void report(uint32_t cpu, uint32_t n, const uint32_t call[8], const uint32_t out[4],
		   uint32_t changed, const char *what)
{
	if (__atomic_fetch_add(&reports, 1u, __ATOMIC_RELAXED) >= MAX_REPORTS)
		return;
	guest_printf("smc-fuzz: cpu %u call %u: %s: id 0x%08x a1-a7 %08x %08x %08x %08x %08x %08x "
		     "%08x -> %08x %08x %08x %08x changed 0x%x\n", (unsigned)cpu, (unsigned)n, what,
		     (unsigned)call[0], (unsigned)call[1], (unsigned)call[2], (unsigned)call[3],
		     (unsigned)call[4], (unsigned)call[5], (unsigned)call[6], (unsigned)call[7],
		     (unsigned)out[0], (unsigned)out[1], (unsigned)out[2], (unsigned)out[3],
		     (unsigned)changed);
}

/* The failed check's name, or NULL. */
static const char *check(const uint32_t call[8], const uint32_t out[4], uint32_t changed)
{
	bool minus_one = out[0] == (uint32_t)SMCCC_NOT_SUPPORTED;

	if (changed)
		return "a register outside the results changed";
	if (smcgen_never_served(call[0]) && !minus_one)
		return "an id nobody serves did not give -1";
	if (minus_one && (out[1] | out[2] | out[3]))
		return "-1 with r1-r3 not zero";
	if (canary && call[0] != TZVMM_SMC_TEST_KINFO &&
	    (out[0] == canary || out[1] == canary || out[2] == canary || out[3] == canary))
		return "the kernel's canary word in a result";
	return NULL;
}

void fuzz_worker(uint32_t cpu)
{
	struct fuzz_cpu *c = &cpus[cpu];
	struct smcgen g;

	smcgen_seed(&g, fuzz_params.seed * 0x9e3779b9u + cpu + 1u);
	for (uint32_t n = 0; n < fuzz_params.count; n++) {
		uint32_t call[8], out[4];

		smcgen_call(&g, call);
		uint32_t changed = fuzz_call(call, out);
		const char *failed = check(call, out, changed);

		c->calls++;
		c->unknown += out[0] == (uint32_t)SMCCC_NOT_SUPPORTED;
		if (failed) {
			c->failures++;
			report(cpu, n, call, out, changed, failed);
		}
	}
	__atomic_store_n(&c->done, 1u, __ATOMIC_RELEASE);
}

int main(void)
{
	uint32_t ncpus = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_NCPUS, 0, 0).r1;

	if (ncpus == 0 || ncpus > TZVMM_MAX_CPUS)
		ncpus = 1;
	if (fuzz_params.magic != FUZZ_MAGIC) {
		guest_printf("smc-fuzz: bad parameter block\n");
		guest_exit(1);
	}
	canary = guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_CANARY_VALUE, 0, 0).r1;
	guest_printf("smc-fuzz: seed %u, %u calls on each of %u CPUs\n", (unsigned)fuzz_params.seed,
		     (unsigned)fuzz_params.count, (unsigned)ncpus);
	uint64_t t0 = guest_count();

	for (uint32_t cpu = 1; cpu < ncpus; cpu++)
		if (guest_smc(PSCI_CPU_ON, cpu, (uint32_t)fuzz_secondary_entry, cpu).r0 != 0)
			cpus[cpu].failures++, cpus[cpu].done = 1;   /* counted, reported below */
	fuzz_worker(0);
	for (uint32_t cpu = 1; cpu < ncpus; cpu++)
		while (!__atomic_load_n(&cpus[cpu].done, __ATOMIC_ACQUIRE))
			__asm__ volatile("yield");
	uint64_t ticks = guest_count() - t0;
	uint32_t calls = 0, unknown = 0, failures = 0;

	for (uint32_t cpu = 0; cpu < ncpus; cpu++) {
		calls += cpus[cpu].calls;
		unknown += cpus[cpu].unknown;
		failures += cpus[cpu].failures;
	}
	/* Still alive and correct after it all. */
	if (guest_smc(TZVMM_SMC_ECHO, 5, 6, 7).r1 != ~5u)
		failures++;
	uint32_t ms = (uint32_t)(ticks / (GUEST_COUNT_HZ / 1000u));

	uint32_t per_s = ms ? (uint32_t)((uint64_t)calls * 1000u / ms) : 0;

	guest_printf("smc-fuzz: %u calls in %u ms (%u calls/s), %u answered -1, %u failed\n",
		     (unsigned)calls, (unsigned)ms, (unsigned)per_s, (unsigned)unknown,
		     (unsigned)failures);
	guest_exit(failures ? 1 : 0);
}
