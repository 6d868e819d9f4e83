/*
 * What the VMM can tell about a stopped guest from the normal world's own
 * registers (SYS_VCPU_REG): its mode, its fault registers, and where a
 * virtual address of its leads through its page tables.
 */
#ifndef VMM_DIAG_H
#define VMM_DIAG_H

#include <stdint.h>
#include "ratelimit.h"
#include "vmm.h"

/* diag_translate results. */
#define DIAG_MAPPED     0    /* *pa is where va leads */
#define DIAG_MMU_OFF    1    /* no translation: *pa = va */
#define DIAG_UNMAPPED   -1   /* a translation fault for va */
#define DIAG_UNREADABLE -2   /* a table outside normal RAM, LPAE, or a register refused */

/* Walks the guest's short-descriptor tables (ARM DDI 0406C B3.5) for va,
 * reading them through guest_mem only. */
int diag_translate(struct vmm_cpu *cpu, uint32_t va, uint32_t *pa);
/* Logs the guest's mode, SCTLR, TTBR0/1, TTBCR and fault registers with
 * why, and the walk of addr (e.g. a rejected address): two lines, if
 * diag_allowed lets them. */
void diag_log(struct vmm_cpu *cpu, const char *why, uint32_t addr);

/* The one bound (ratelimit.h) on every diagnostic the normal world can
 * trigger at will: true if one of `lines` lines may be logged now. */
bool diag_allowed(uint32_t lines);
/* Logs what the bound suppressed and has not yet reported (power off). */
void diag_report_suppressed(void);
extern struct ratelimit diag_limit;

#endif
