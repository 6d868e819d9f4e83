/*
 * The handlers of the test image's range of tzvmm's vendor calls
 * (0x86001000.., include/tzvmm/test/hooks.h), which vendor_range.c puts in
 * the table the test image adds to the vendor service.
 */
#ifndef VMM_TESTHOOKS_VENDOR_TEST_H
#define VMM_TESTHOOKS_VENDOR_TEST_H

#include "../smc.h"

/* vendor_test.c */
struct smc_result testhook_exit(struct vmm_cpu *cpu, const struct smc_args *a);
struct smc_result testhook_kinfo(struct vmm_cpu *cpu, const struct smc_args *a);
struct smc_result testhook_timer(struct vmm_cpu *cpu, const struct smc_args *a);
struct smc_result testhook_timer_count(struct vmm_cpu *cpu, const struct smc_args *a);
struct smc_result testhook_probe(struct vmm_cpu *cpu, const struct smc_args *a);
struct smc_result testhook_diag(struct vmm_cpu *cpu, const struct smc_args *a);
struct smc_result testhook_inject(struct vmm_cpu *cpu, const struct smc_args *a);
struct smc_result testhook_vmm_fault(struct vmm_cpu *cpu, const struct smc_args *a);
struct smc_result testhook_copy(struct vmm_cpu *cpu, const struct smc_args *a);
/* psci_hold.c */
struct smc_result testhook_hold_cpu(struct vmm_cpu *cpu, const struct smc_args *a);

#endif
