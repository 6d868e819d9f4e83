/*
 * The benchmark guest: times null SMC round trips from the normal world
 * with the board's counter (guest_count: CNTVCT at 62.5 MHz on QEMU virt).
 * It prints raw samples, "sample <name> <calls> <ticks>", five batches per
 * figure, and scripts/bench.sh turns them into figures: with -icount
 * shift=0 one tick is 16 instructions; without it, ticks are wall time.
 */
#include <tzvmm/syscall.h>
#include <tzvmm/test/hooks.h>
#include <tzvmm/test/kinfo.h>
#include "../common/guest.h"

/* FIQ latency: the VMM's secure timer, armed for 100 us ahead, expires
 * while the normal world spins with IRQ and FIQ "masked"; the kernel of
 * the test image records how late it handles each expiry (KINFO_TIMER_LAT_*,
 * ticks). On the production image the hooks answer -1 and nothing prints. */
static void fiq_latency(void)
{
	const uint32_t rounds = 200, ticks = 6250u;

	for (uint32_t i = 0; i < rounds; i++) {
		if (guest_smc(TZVMM_SMC_TEST_TIMER, ticks, 0, 0).r0 != 0)
			return;
		__asm__ volatile("cpsid if");
		uint64_t end = guest_count() + 2ull * ticks;   /* no SMC meanwhile */

		while (guest_count() < end)
			;
	}
	guest_printf("fiq-latency %u %u %u\n",
		     (unsigned)guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_TIMER_LAT_COUNT, 0, 0).r1,
		     (unsigned)guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_TIMER_LAT_MEDIAN, 0, 0).r1,
		     (unsigned)guest_smc(TZVMM_SMC_TEST_KINFO, KINFO_TIMER_LAT_MAX, 0, 0).r1);
	/* The secure task's side: the VMM thread the timer wakes, its latest
	 * start after a deadline. */
	guest_printf("task-latency %u\n",
		     (unsigned)guest_smc(TZVMM_SMC_TEST_TIMER_COUNT, 0, 0, 0).r2);
}

/* secure_copy_MBps: the VMM copying 32 MiB of normal RAM into its storage
 * slot as virtio-blk moves data (test image; the production image answers
 * -1 and nothing prints). Three samples. */
static void secure_copy(void)
{
	const uint32_t bytes = 32u << 20;

	for (unsigned i = 0; i < 3; i++) {
		struct smc_ret r = guest_smc(TZVMM_SMC_TEST_COPY, bytes, 0x40000000u, 0);

		if (r.r0 != 0)
			return;
		guest_printf("secure-copy %u %u\n", (unsigned)bytes, (unsigned)r.r1);
	}
}

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
	uint64_t t0 = guest_count();

	if (smc)
		bench_loop_smc(CALLS, id);
	else
		bench_loop_empty(CALLS, id);
	uint64_t t1 = guest_count();

	guest_printf("sample %s %u %u\n", name, (unsigned)CALLS, (unsigned)(t1 - t0));
}

int main(void)
{
	guest_printf("counter-hz %u\n", (unsigned)GUEST_COUNT_HZ);   /* bench/smc.py */
	/* Warm the translation caches of QEMU once. */
	bench_loop_smc(100, TZVMM_SMC_NULL);
	bench_loop_smc(100, TZVMM_SMC_BENCH_FLOOR);
	for (uint32_t b = 0; b < BATCHES; b++) {
		sample("empty", TZVMM_SMC_NULL, false);
		sample("vmm_null", TZVMM_SMC_NULL, true);
		sample("floor", TZVMM_SMC_BENCH_FLOOR, true);
		sample("psci_version", PSCI_VERSION, true);
	}
	fiq_latency();
	secure_copy();
	guest_printf("bench: done\n");
	guest_exit(0);
}
