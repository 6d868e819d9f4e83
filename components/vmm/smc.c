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

static inline smc_handler lookup(uint32_t id)
{
	if (!(id & SMCCC_FAST_CALL) || (id & (SMCCC_SMC64 | SMCCC_MBZ_MASK)))
		return NULL;
	const struct smc_service *s = services[SMCCC_OWNER(id)];

	if (!s)
		return NULL;
	uint32_t func = SMCCC_FUNC(id);

	for (size_t i = 0; i < s->nranges; i++) {
		const struct smc_range *r = &s->ranges[i];
		uint32_t idx = func - r->base;   /* wraps for func < base */

		if (idx < r->count)
			return r->handlers[idx];
	}
	return NULL;
}

smc_handler smc_lookup(uint32_t id)
{
	return lookup(id);
}

struct smc_result smc_dispatch(struct vmm_cpu *cpu, const struct smc_args *args)
{
	smc_handler h = lookup(args->a[0]);

	if (!h)
		return smc_ret(SMCCC_NOT_SUPPORTED);
	return h(cpu, args);
}

/* The VMM dispatches through smc_dispatch_entry: smc_dispatch itself,
 * unless the traced image first reports the handler to the kernel's
 * tracer (components/vmm/tracehooks/, kernel/tracepoints.h). */
struct smc_result smc_dispatch_entry(struct vmm_cpu *cpu, const struct smc_args *args)
	__attribute__((weak, alias("smc_dispatch")));

int smc_tables_validate(void)
{
	for (size_t o = 0; o < SMCCC_OWNER_COUNT; o++) {
		const struct smc_service *s = services[o];

		if (!s)
			continue;
		for (size_t i = 0; i < s->nranges; i++) {
			const struct smc_range *r = &s->ranges[i];

			if (r->count == 0 || (uint32_t)r->base + r->count > 0x10000u)
				return -1;
			if (i > 0 && (uint32_t)s->ranges[i - 1].base + s->ranges[i - 1].count >
					     r->base)
				return -1;
		}
	}
	return 0;
}
