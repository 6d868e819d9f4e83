/*
 * The user-level VMM: one thread per CPU, each serving that CPU's vCPU.
 * It runs unprivileged in secure USR mode; what it may not do itself it
 * asks the kernel for (ulib/sys.h).
 */
#ifndef VMM_VMM_H
#define VMM_VMM_H

#include <stdbool.h>
#include <stdint.h>
#include <tzvmm/vcpu_state.h>

struct fwcfg_mem;

/* One VMM thread and the vCPU it serves. */
struct vmm_cpu {
	unsigned id;
	struct vcpu_state *state;   /* mapped state page of vCPU id */
};

/* Facts the VMM learns at boot; read-only once the guest runs. */
struct vmm_config {
	unsigned ncpus;
	uint32_t ns_ram_base, ns_ram_size;
	uint32_t timer_hz;          /* SYS_TIMER ticks per second */
	uintptr_t fwcfg_base;       /* where fw_cfg's registers are mapped, 0 if none */
	const struct fwcfg_mem *boot_files;   /* or the board's blob */
};

/* Shared by all VMM files; defined in vmm.c. */
extern struct vmm_config vmm_config;

/* The state block of vCPU i, mapped into the VMM. */
struct vcpu_state *vmm_vcpu_state(unsigned i);

/* Ends the run: logs the reason and powers the machine off with status. */
void vmm_fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

#endif
