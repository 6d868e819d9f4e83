/*
 * SMC dispatch by SMCCC owning entity (DEN0028 section 6) through const
 * tables. Only fast SMC32 calls exist for an AArch32 normal world: yielding
 * calls, SMC64 ids and ids with the must-be-zero bits set are unknown (-1)
 * before any table is consulted, as are owners without a service.
 */
#include <tzvmm/smccc.h>
#include "smc.h"

static const struct smc_service *const services[SMCCC_OWNER_COUNT] = {
	[SMCCC_OWNER_ARCH] = &smccc_arch_service,
	[SMCCC_OWNER_STD] = &psci_service,
	[SMCCC_OWNER_VENDOR_HYP] = &vendor_service,
};

const struct smc_call *smc_lookup(uint32_t id)
{
	if (!(id & SMCCC_FAST_CALL) || (id & SMCCC_SMC64) || (id & SMCCC_MBZ_MASK))
		return NULL;
	const struct smc_service *s = services[SMCCC_OWNER(id)];

	if (!s)
		return NULL;
	uint32_t func = SMCCC_FUNC(id);
	size_t lo = 0, hi = s->ncalls;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct smc_call *c = &s->calls[mid];

		if (c->func == func)
			return ((c->flags & SMC_TEST_HOOK) && !vmm_config.test_hooks) ? NULL : c;
		if (c->func < func)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct smc_result smc_dispatch(struct vmm_cpu *cpu, const struct smc_args *args)
{
	const struct smc_call *c = smc_lookup(args->a[0]);

	if (!c)
		return smc_ret(SMCCC_NOT_SUPPORTED);
	return c->handler(cpu, args);
}

int smc_tables_validate(void)
{
	for (size_t o = 0; o < SMCCC_OWNER_COUNT; o++) {
		const struct smc_service *s = services[o];

		if (!s)
			continue;
		for (size_t i = 0; i < s->ncalls; i++) {
			if (!s->calls[i].handler)
				return -1;
			if (i > 0 && s->calls[i - 1].func >= s->calls[i].func)
				return -1;
		}
	}
	return 0;
}
