/*
 * SMC dispatch: one value type for arguments and one for results, and a
 * const table per SMCCC owning entity, keyed by function number.
 */
#ifndef VMM_SMC_H
#define VMM_SMC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tzvmm/smccc.h>
#include "vmm.h"

/* r0 (function id) .. r7 as the normal world passed them. */
struct smc_args {
	uint32_t a[8];
};

/* r0..r3 for the normal world; unused registers are zero. */
struct smc_result {
	uint32_t r[4];
	bool no_resume;   /* the call stopped this vCPU (CPU_OFF, power off) */
};

typedef struct smc_result (*smc_handler)(struct vmm_cpu *cpu, const struct smc_args *args);

/* A run of consecutive function numbers [base, base + count): handlers
 * are indexed directly by func - base, NULL for a number not answered. */
struct smc_range {
	uint16_t base;
	uint16_t count;
	const smc_handler *handlers;
};

struct smc_service {
	const char *name;
	const struct smc_range *ranges;   /* sorted by base, not overlapping */
	size_t nranges;
};

#define SMC_RANGE(b, handlers) \
	{ (b), sizeof(handlers) / sizeof((handlers)[0]), (handlers) }
#define SMC_SERVICE(name, ranges) \
	{ (name), (ranges), sizeof(ranges) / sizeof((ranges)[0]) }

static inline struct smc_result smc_ret(int32_t r0)
{
	return (struct smc_result){ .r = { (uint32_t)r0, 0, 0, 0 } };
}

static inline struct smc_result smc_ret4(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t r3)
{
	return (struct smc_result){ .r = { r0, r1, r2, r3 } };
}

/* Answers one call. Never fails: unknown or malformed ids give -1. */
struct smc_result smc_dispatch(struct vmm_cpu *cpu, const struct smc_args *args);
/* What the traced image's exit loop calls (main.c, -DTZVMM_TRACED):
 * smc_dispatch after reporting the handler (tracehooks/dispatch.c). */
struct smc_result smc_dispatch_entry(struct vmm_cpu *cpu, const struct smc_args *args);
/* The handler for an id, or NULL if the VMM does not answer it (also used
 * by SMCCC_ARCH_FEATURES and PSCI_FEATURES). */
smc_handler smc_lookup(uint32_t id);
/* Checks the tables (sorted, no duplicates, handlers present): 0 or -1. */
int smc_tables_validate(void);
/* How many function numbers of an owner this image answers. */
uint32_t smc_answered(uint32_t owner);

/* Service tables (components/vmm/smccc.c, components/vmm/psci.c, components/vmm/vendor.c). */
extern const struct smc_service smccc_arch_service;
extern const struct smc_service psci_service;
extern const struct smc_service vendor_service;

/* The lookup, inline: the exit loop (main.c) dispatches every call
 * through it, so that a round trip pays no call into smc.c. */

/* Each owner's service (smc.c), NULL for an owner without one. */
extern const struct smc_service *const smc_owner_services[SMCCC_OWNER_COUNT];
/* The image variant's handler for a fast SMC32 id its owner's service
 * does not answer (smc.c), or NULL. */
smc_handler smc_lookup_variant(uint32_t id);

/* A service has at least one range (smc_tables_validate): the first is
 * tried on its own, before any loop, and the common call is found there. */
static inline smc_handler smc_range_lookup(const struct smc_service *s, uint32_t func)
{
	const struct smc_range *r = s->ranges;
	uint32_t idx = func - r->base;   /* wraps for func < base */

	if (idx < r->count)
		return r->handlers[idx];
	for (size_t i = 1; i < s->nranges; i++) {
		idx = func - r[i].base;
		if (idx < r[i].count)
			return r[i].handlers[idx];
	}
	return NULL;
}

static inline smc_handler smc_lookup_inline(uint32_t id)
{
	if (!smccc_is_fast32(id))
		return NULL;
	const struct smc_service *s = smc_owner_services[SMCCC_OWNER(id)];
	smc_handler h = s ? smc_range_lookup(s, SMCCC_FUNC(id)) : NULL;

	return h ? h : smc_lookup_variant(id);
}

static inline struct smc_result smc_dispatch_inline(struct vmm_cpu *cpu,
						    const struct smc_args *args)
{
	smc_handler h = smc_lookup_inline(args->a[0]);

	if (!h)
		return smc_ret(SMCCC_NOT_SUPPORTED);
	return h(cpu, args);
}

#endif
