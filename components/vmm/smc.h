/*
 * SMC dispatch: one value type for arguments and one for results, and a
 * const table per SMCCC owning entity, keyed by function number.
 */
#ifndef VMM_SMC_H
#define VMM_SMC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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
/* What the VMM's exit loop calls: smc_dispatch, or in the traced image
 * the same after reporting the handler (a link-time choice, smc.c). */
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

#endif
