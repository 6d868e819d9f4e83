/*
 * SMC fuzzing from the normal world: thousands of calls with random
 * function ids (biased towards the owners and numbers tzvmm serves) and
 * random arguments. The secure world must answer every one, never leak a
 * value into an unused result register of an unknown call, and still work
 * afterwards. Calls that end the run or stop this CPU (SYSTEM_OFF/RESET,
 * CPU_OFF, the test exit hook) or leave state behind for other cases
 * (holding a CPU, a secure timer) are not sent; CPU_ON is sent only with an
 * MPIDR that names no CPU.
 */
#include <tzvmm/syscall.h>
#include "../common/guest.h"

#define FUZZ_CALLS 4000u

static uint32_t rng = 0x2545f491u;

static uint32_t rnd(void)
{
	/* xorshift32: deterministic, so a failure is reproducible. */
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static bool dangerous(uint32_t id)
{
	switch (id) {
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_CPU_OFF:
	case TZVMM_SMC_TEST_EXIT:
	case TZVMM_SMC_TEST_HOLD_CPU:
	case TZVMM_SMC_TEST_TIMER:   /* a random timer would disturb other cases */
		return true;
	default:
		return false;
	}
}

static uint32_t random_id(void)
{
	uint32_t r = rnd();

	switch (r & 3u) {
	case 0:   /* anything at all */
		return rnd();
	case 1:   /* a fast call of a served owner, small function number */
		return SMCCC_FAST_CALL | (((r >> 8) % 7u) << SMCCC_OWNER_SHIFT) | ((r >> 16) & 0x3fu);
	case 2:   /* tzvmm's ranges, including just outside them */
		return SMCCC_ID(SMCCC_OWNER_VENDOR_HYP, (0xff00u & (r >> 8)) | ((r >> 24) & 0x0fu));
	default:  /* the same, with SMC64 or must-be-zero bits set */
		return (SMCCC_FAST_CALL | SMCCC_SMC64 | (r & 0x3f00ffffu)) ^
		       ((r & 0x10u) ? SMCCC_SMC64 | 0x00010000u : 0);
	}
}

TEST(smc_fuzz_is_answered_and_harmless)
{
	uint32_t unknown = 0, leaks = 0;

	for (uint32_t i = 0; i < FUZZ_CALLS; i++) {
		uint32_t id = random_id();
		uint32_t a[7] = { rnd(), rnd(), rnd(), rnd(), rnd(), rnd(), rnd() };

		if (dangerous(id))
			continue;
		if (id == PSCI_CPU_ON || id == PSCI_CPU_SUSPEND)
			a[0] = 0x00ffff00u;   /* no such CPU / not a standby state */
		struct smc_ret r = guest_smc7(id, a);

		if (r.r0 == (uint32_t)SMCCC_NOT_SUPPORTED) {
			unknown++;
			if (r.r1 | r.r2 | r.r3)
				leaks++;
		}
	}
	EXPECT_EQ(leaks, 0);
	EXPECT_TRUE(unknown > FUZZ_CALLS / 4);   /* the generator reaches unknown ids */
	/* Still alive and correct. */
	struct smc_ret e = guest_smc(TZVMM_SMC_ECHO, 5, 6, 7);

	EXPECT_EQ(e.r1, ~5u);
	EXPECT_EQ(e.r2, 7);
	EXPECT_EQ(guest_smc(PSCI_AFFINITY_INFO, 0, 0, 0).r0, 0);
}
