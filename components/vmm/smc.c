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

/* What an image variant adds to the owners' services, consulted after
 * them: the test image's tzvmm test range (components/vmm/testhooks/).
 * Weak: the production image has none, and this is NULL there. */
extern const struct smc_service *const smc_variant_services[SMCCC_OWNER_COUNT]
	__attribute__((weak));

/* A service has at least one range (smc_tables_validate): the first is
 * tried before any loop test, and the common call is found there. */
static inline smc_handler range_lookup(const struct smc_service *s, uint32_t func)
{
	const struct smc_range *r = s->ranges, *const end = r + s->nranges;

	do {
		uint32_t idx = func - r->base;   /* wraps for func < base */

		if (idx < r->count)
			return r->handlers[idx];
	} while (++r < end);
	return NULL;
}

static inline smc_handler lookup(uint32_t id)
{
	if (!smccc_is_fast32(id))
		return NULL;
	const struct smc_service *s = services[SMCCC_OWNER(id)];
	uint32_t func = SMCCC_FUNC(id);

	/* The owner's ranges first: a variant's overlap none of them
	 * (validated at boot), so the common case costs what it did without
	 * variants, and a NULL slot of the owner's is NULL in both. */
	if (s) {
		smc_handler h = range_lookup(s, func);

		if (h)
			return h;
	}
	if (smc_variant_services && smc_variant_services[SMCCC_OWNER(id)])
		return range_lookup(smc_variant_services[SMCCC_OWNER(id)], func);
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
		const struct smc_service *s = services[o];
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
	return service_answers(services[owner]) +
	       (smc_variant_services ? service_answers(smc_variant_services[owner]) : 0);
}
