/* PSCI state shared by the VMM threads (components/vmm/psci.c). */
#ifndef VMM_PSCI_H
#define VMM_PSCI_H

#include <stdint.h>
#include "smc.h"

/* AFFINITY_INFO values (DEN0022D 5.1.5). */
enum psci_cpu_state {
	PSCI_STATE_ON = 0,
	PSCI_STATE_OFF = 1,
	PSCI_STATE_ON_PENDING = 2,
};

int psci_mpidr_to_cpu(uint32_t mpidr, unsigned ncpus);
enum psci_cpu_state psci_cpu_state(unsigned cpu);
/* Boot state: CPU 0 on, every other CPU off. */
void psci_reset_state(void);
struct smc_result psci_test_hold(struct vmm_cpu *cpu, const struct smc_args *a);

#endif
