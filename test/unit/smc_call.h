/* Helpers for tests that place SMCs through components/vmm/smc.c's dispatcher. */
#ifndef TEST_UNIT_SMC_CALL_H
#define TEST_UNIT_SMC_CALL_H

#include "../../components/vmm/smc.h"
#include "unit.h"

/* Dispatches id(a1, a2, a3) as VMM thread `cpu` would; r4-r7 hold junk. */
static inline struct smc_result smc_call_on(struct vmm_cpu *cpu, uint32_t id, uint32_t a1,
					    uint32_t a2, uint32_t a3)
{
	const struct smc_args a = { { id, a1, a2, a3, 0x44, 0x55, 0x66, 0x77 } };

	return smc_dispatch(cpu, &a);
}

static inline struct smc_result smc_call(uint32_t id, uint32_t a1, uint32_t a2, uint32_t a3)
{
	struct vmm_cpu cpu = { .id = 0, .state = &fake_vcpu_states[0] };

	return smc_call_on(&cpu, id, a1, a2, a3);
}

static inline void smc_expect(struct smc_result r, uint32_t r0, uint32_t r1, uint32_t r2,
			      uint32_t r3)
{
	assert_int_equal(r.r[0], r0);
	assert_int_equal(r.r[1], r1);
	assert_int_equal(r.r[2], r2);
	assert_int_equal(r.r[3], r3);
}

#endif
