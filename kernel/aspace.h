/* Address spaces of secure components (kernel/aspace.c). */
#ifndef KERNEL_ASPACE_H
#define KERNEL_ASPACE_H

#include <stdint.h>
#include <stdbool.h>

/* The VMM on 8 CPUs: image (2), arguments, 8 stacks, 8 vCPU pages,
 * fw_cfg, normal RAM, shared memory. */
#define ASPACE_MAX_REGIONS     24u

/* A window of user-accessible memory in an address space. */
enum region_perm {
	REGION_RX = 1,       /* text: user read + execute */
	REGION_RO = 2,
	REGION_RW = 3,       /* data: user read/write, never execute */
	REGION_DEVICE = 4,   /* device registers, user read/write */
	REGION_NS_RW = 5,    /* normal-world RAM, user read/write, never execute */
};

struct region {
	uint32_t va, pa, size;
	enum region_perm perm;
};

struct aspace {
	uint32_t *l1;              /* 16 KiB first-level table */
	uint32_t ttbr0;            /* value for TTBR0 */
	struct region regions[ASPACE_MAX_REGIONS];
	unsigned nregions;
};

/* A new address space holding the kernel's own (privileged) mappings. */
void aspace_init(struct aspace *as, const uint32_t *kernel_l1);
/* Adds a user region; returns 0 or -1 (overlap, bad alignment, table full). */
int aspace_map(struct aspace *as, uint32_t va, uint32_t pa, uint32_t size,
	       enum region_perm perm);
/* An address in a component's address space, as a system call's argument
 * brings it: a number, never a pointer, until one of the functions below
 * has checked the range it names against the component's own regions. */
typedef struct {
	uint32_t va;
} uva_t;

static inline uva_t uva(uint32_t va)
{
	return (uva_t){ va };
}

/* The gate between the kernel and a component's memory: [src, src + len)
 * must lie inside one region of the component's own memory (no devices,
 * no normal-world RAM) that allows the access, len > 0, no wrap. Each
 * returns 0, or -SYS_EFAULT and touches nothing. */
int32_t aspace_user_check(const struct aspace *as, uva_t a, uint32_t len, bool write);
int32_t copy_from_user(const struct aspace *as, void *dst, uva_t src, uint32_t len);
int32_t copy_to_user(const struct aspace *as, uva_t dst, const void *src, uint32_t len);
/* The checked range in place, read-only, NULL if refused: for the one copy
 * made in pieces with FIQs open (the secure log's, kernel/syscall.c), which
 * reads each byte once. */
const void *aspace_user_view(const struct aspace *as, uva_t src, uint32_t len);
/* The kernel's own table, built once at boot. */
uint32_t *aspace_kernel_l1(void);

#endif
