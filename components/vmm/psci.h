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
/* Boot state: CPU 0 on, every other CPU off. */
void psci_reset_state(void);
/* Starts a CPU that CPU_ON left ON_PENDING (the test hooks' hold). */
int32_t psci_start_pending(unsigned target);

#endif
