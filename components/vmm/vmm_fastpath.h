/* The VMM's answers to pure queries, handed to the kernel's fast path. */
#ifndef VMM_FASTPATH_H
#define VMM_FASTPATH_H

#include <tzvmm/syscall.h>
#include "vmm.h"

/* Fills e[] (SYS_FASTPATH_MAX at most) with this VMM's own answers to the
 * pure queries; returns how many. */
unsigned vmm_fastpath_build(struct vmm_cpu *cpu, struct sys_fastpath_entry *e);
/* Builds the table and gives it to the kernel, once, at boot. */
void vmm_fastpath_install(struct vmm_cpu *cpu);

#endif
