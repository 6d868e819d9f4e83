/*
 * SMC dispatch by SMCCC owning entity (DEN0028 section 6) through const
 * tables. Only fast SMC32 calls exist for an AArch32 normal world: yielding
 * calls, SMC64 ids and ids with the must-be-zero bits set are unknown (-1)
 * before any table is consulted, as are owners without a service.
 */
#include <tzvmm/smccc.h>
#include "smc.h"

const struct smc_service *const smc_owner_services[SMCCC_OWNER_COUNT] = {
	[SMCCC_OWNER_ARCH] = &smccc_arch_service,
	[SMCCC_OWNER_STD] = &psci_service,
	[SMCCC_OWNER_VENDOR_HYP] = &vendor_service,
};

/* What an image variant adds to the owners' services, consulted after
 * them: the test image's tzvmm test range (components/vmm/testhooks/).
 * Weak: the production image has none, and this is NULL there. */
extern const struct smc_service *const smc_variant_services[SMCCC_OWNER_COUNT]
	__attribute__((weak));

smc_handler smc_lookup_variant(uint32_t id)
{
	/* (Only ids smc_lookup_inline found no handler for: fast SMC32.) The
	 * owner's ranges came first: a variant's overlap none of them
	 * (validated at boot), so the common case costs what it did without
	 * variants, and a NULL slot of the owner's is NULL in both. */
	if (smc_variant_services && smc_variant_services[SMCCC_OWNER(id)])
		return smc_range_lookup(smc_variant_services[SMCCC_OWNER(id)], SMCCC_FUNC(id));
	return NULL;
}

smc_handler smc_lookup(uint32_t id)
{
	return smc_lookup_inline(id);
}

struct smc_result smc_dispatch(struct vmm_cpu *cpu, const struct smc_args *args)
{
	return smc_dispatch_inline(cpu, args);
}

/* The traced image's VMM dispatches through smc_dispatch_entry, which its
 * tracehooks/dispatch.c defines: it reports the handler to the kernel's
 * tracer (kernel/tracepoints.h) first. Elsewhere it is smc_dispatch. */
struct smc_result smc_dispatch_entry(struct vmm_cpu *cpu, const struct smc_args *args)
	__attribute__((weak, alias("smc_dispatch")));

/* At least one range; sorted, not overlapping, inside the 16-bit
 * function numbers. */
static int service_valid(const struct smc_service *s)
{
	if (s->nranges == 0)
		return -1;
	for (size_t i = 0; i < s->nranges; i++) {
		const struct smc_range *r = &s->ranges[i];

		if (r->count == 0 || (uint32_t)r->base + r->count > 0x10000u)
			return -1;
		if (i > 0 && (uint32_t)s->ranges[i - 1].base + s->ranges[i - 1].count > r->base)
			return -1;
	}
	return 0;
}

/* Whether two services' ranges share a function number. */
static bool services_overlap(const struct smc_service *a, const struct smc_service *b)
{
	for (size_t i = 0; i < a->nranges; i++)
		for (size_t j = 0; j < b->nranges; j++) {
			uint32_t a0 = a->ranges[i].base, a1 = a0 + a->ranges[i].count;
			uint32_t b0 = b->ranges[j].base, b1 = b0 + b->ranges[j].count;

			if (a0 < b1 && b0 < a1)
				return true;
		}
	return false;
}

int smc_tables_validate(void)
{
	for (size_t o = 0; o < SMCCC_OWNER_COUNT; o++) {
		const struct smc_service *s = smc_owner_services[o];
		const struct smc_service *v = smc_variant_services ? smc_variant_services[o] : NULL;

		if ((s && service_valid(s)) || (v && service_valid(v)))
			return -1;
		/* A variant adds numbers; it never hides one of the owner's. */
		if (s && v && services_overlap(s, v))
			return -1;
	}
	return 0;
}

static uint32_t service_answers(const struct smc_service *s)
{
	uint32_t n = 0;

	for (size_t i = 0; s && i < s->nranges; i++)
		for (uint32_t f = 0; f < s->ranges[i].count; f++)
			n += s->ranges[i].handlers[f] != NULL;
	return n;
}

/* (The tables are validated at boot: a variant overlaps no range of its
 * owner, so the two counts add up.) */
uint32_t smc_answered(uint32_t owner)
{
	if (owner >= SMCCC_OWNER_COUNT)
		return 0;
	return service_answers(smc_owner_services[owner]) +
	       (smc_variant_services ? service_answers(smc_variant_services[owner]) : 0);
}
