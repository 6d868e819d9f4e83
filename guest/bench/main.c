/*
 * The benchmark guest: times null SMC round trips from the normal world
 * with the generic counter (CNTVCT, 62.5 MHz). It prints raw samples,
 * "sample <name> <calls> <ticks>", five batches per figure, and
 * scripts/bench.sh turns them into figures: with -icount shift=0 one tick
 * is 16 instructions; without it, ticks are wall time.
 */
#include "../common/guest.h"

int main(void);
void bench_loop_smc(uint32_t n, uint32_t id);
void bench_loop_empty(uint32_t n, uint32_t id);

/* Calls per batch; the build makes a short variant for the traced image. */
#ifndef BENCH_CALLS
#define BENCH_CALLS 10000u
#endif
#define CALLS   BENCH_CALLS
#define BATCHES 5u

static void sample(const char *name, uint32_t id, bool smc)
{
	uint64_t t0 = guest_cntvct();

	if (smc)
		bench_loop_smc(CALLS, id);
	else
		bench_loop_empty(CALLS, id);
	uint64_t t1 = guest_cntvct();

	guest_printf("sample %s %u %u\n", name, (unsigned)CALLS, (unsigned)(t1 - t0));
}

int main(void)
{
	/* Warm the translation caches of QEMU once. */
	bench_loop_smc(100, TZVMM_SMC_NULL);
	bench_loop_smc(100, TZVMM_SMC_BENCH_FLOOR);
	for (uint32_t b = 0; b < BATCHES; b++) {
		sample("empty", TZVMM_SMC_NULL, false);
		sample("vmm_null", TZVMM_SMC_NULL, true);
		sample("floor", TZVMM_SMC_BENCH_FLOOR, true);
		sample("psci_version", PSCI_VERSION, true);
	}
	guest_printf("bench: done\n");
	guest_exit(0);
}
