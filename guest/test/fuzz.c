/*
 * SMC fuzzing from the normal world, the quick case of the conformance
 * suite: a few thousand calls from guest/common/smcgen.c's generator. The
 * secure world must answer every one, never leak a value into an unused
 * result register of an unknown call, and still work afterwards. The large
 * run on every CPU is guest/fuzz (make fuzz-smc).
 */
#include <tzvmm/syscall.h>
#include "../common/guest.h"
#include "../common/smcgen.h"

#define FUZZ_CALLS 4000u

TEST(smc_fuzz_is_answered_and_harmless)
{
	struct smcgen g;
	uint32_t unknown = 0, leaks = 0, wrong = 0;

	smcgen_seed(&g, 0x2545f491u);
	for (uint32_t i = 0; i < FUZZ_CALLS; i++) {
		uint32_t call[8];

		smcgen_call(&g, call);
		struct smc_ret r = guest_smc7(call[0], &call[1]);

		if (r.r0 == (uint32_t)SMCCC_NOT_SUPPORTED) {
			unknown++;
			if (r.r1 | r.r2 | r.r3)
				leaks++;
		} else if (smcgen_never_served(call[0])) {
			wrong++;
		}
	}
	EXPECT_EQ(leaks, 0);
	EXPECT_EQ(wrong, 0);
	EXPECT_TRUE(unknown > FUZZ_CALLS / 4);   /* the generator reaches unknown ids */
	/* Still alive and correct. */
	struct smc_ret e = guest_smc(TZVMM_SMC_ECHO, 5, 6, 7);

	EXPECT_EQ(e.r1, ~5u);
	EXPECT_EQ(e.r2, 7);
	EXPECT_EQ(guest_smc(PSCI_AFFINITY_INFO, 0, 0, 0).r0, 0);
}
