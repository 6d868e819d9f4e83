/* Address spaces of secure components (kernel/aspace.c). */
#ifndef KERNEL_ASPACE_H
#define KERNEL_ASPACE_H

#include <stdint.h>
#include <stdbool.h>
#include "kernel.h"

/* A new address space holding the kernel's own (privileged) mappings. */
void aspace_init(struct aspace *as, const uint32_t *kernel_l1);
/* Adds a user region; returns 0 or -1 (overlap, bad alignment, table full). */
int aspace_map(struct aspace *as, uint32_t va, uint32_t pa, uint32_t size,
	       enum region_perm perm);
/* True if [va, va + len) lies inside one user region that allows the access:
 * the component's own memory only (no devices, no normal-world RAM). */
bool aspace_user_buffer_ok(const struct aspace *as, uint32_t va, uint32_t len, bool write);
/* The kernel's own table, built once at boot. */
uint32_t *aspace_kernel_l1(void);

#endif
