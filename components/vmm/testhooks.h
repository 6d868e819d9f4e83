/*
 * The VMM's test hooks: SMC handlers and one PSCI seam that exist only in
 * the test image (make check, make bench), which links components/vmm/
 * testhooks/. They are declared weak, so the production image links without
 * them: its handler slots are NULL (the ids are unknown calls, -1) and the
 * seam is absent. Nothing here may be called without checking that it is
 * linked.
 */
#ifndef VMM_TESTHOOKS_H
#define VMM_TESTHOOKS_H

#include <stdbool.h>
#include "smc.h"

#define TESTHOOK __attribute__((weak))

/* TZVMM_SMC_TEST_* (include/tzvmm/smccc.h), testhooks/vendor_test.c. */
TESTHOOK struct smc_result testhook_exit(struct vmm_cpu *cpu, const struct smc_args *a);
TESTHOOK struct smc_result testhook_kinfo(struct vmm_cpu *cpu, const struct smc_args *a);
TESTHOOK struct smc_result testhook_timer(struct vmm_cpu *cpu, const struct smc_args *a);
TESTHOOK struct smc_result testhook_timer_count(struct vmm_cpu *cpu, const struct smc_args *a);
TESTHOOK struct smc_result testhook_probe(struct vmm_cpu *cpu, const struct smc_args *a);
TESTHOOK struct smc_result testhook_diag(struct vmm_cpu *cpu, const struct smc_args *a);
TESTHOOK struct smc_result testhook_inject(struct vmm_cpu *cpu, const struct smc_args *a);
TESTHOOK struct smc_result testhook_vmm_fault(struct vmm_cpu *cpu, const struct smc_args *a);
TESTHOOK struct smc_result testhook_copy(struct vmm_cpu *cpu, const struct smc_args *a);
/* Called by VMM thread 0 as it starts: with the run argument
 * `fault_storm=N`, a VMM restarted fewer than N times faults again at once
 * (testhooks/vendor_test.c), so one TEST_VMM_FAULT becomes N in a row. */
TESTHOOK void testhook_vmm_start(void);
/* testhooks/psci_hold.c */
TESTHOOK struct smc_result testhook_hold_cpu(struct vmm_cpu *cpu, const struct smc_args *a);
/* Whether PSCI CPU_ON must leave CPU `cpu` ON_PENDING instead of starting
 * it (called by psci.c with psci_lock held). */
TESTHOOK bool testhook_cpu_held(unsigned cpu);

#endif
