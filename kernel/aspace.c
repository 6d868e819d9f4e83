/*
 * Component address spaces. Each has its own first-level table: the
 * kernel's sections (privileged-only, global) are copied in, and the
 * component's regions are added as non-global user mappings. The region
 * list doubles as the check for buffers passed to system calls, so a
 * pointer is accepted only if the component really owns that memory.
 */
#include <arch/mmu.h>
#include <lib/string.h>
#include <tzvmm/component_layout.h>
#include <tzvmm/syscall.h>
#include "aspace.h"
#include "kernel.h"
#include <plat/board.h>
#include "pool.h"

static uint32_t alloc_l2(void *ctx)
{
	(void)ctx;
	return (uint32_t)(uintptr_t)pool_alloc(MMU_L2_SIZE, MMU_L2_SIZE);
}

static uint32_t *table(void *ctx, uint32_t pa)
{
	(void)ctx;
	return (uint32_t *)(uintptr_t)pa;
}

static struct mmu_tables tables_of(uint32_t *l1)
{
	return (struct mmu_tables){ (uint32_t)(uintptr_t)l1, alloc_l2, table, NULL };
}

static uint32_t *kernel_l1;

uint32_t *aspace_kernel_l1(void)
{
	if (!kernel_l1) {
		kernel_l1 = pool_alloc(MMU_L1_SIZE, MMU_L1_SIZE);
		struct mmu_tables t = tables_of(kernel_l1);

		for (size_t i = 0; i < plat_kernel_map_len; i++) {
			const struct plat_mapping *m = &plat_kernel_map[i];

			/* The components' own addresses must stay free. */
			CHECK(m->size && m->base + (m->size - 1) < COMPONENT_VA_WINDOW);
			CHECK(mmu_map(&t, m->base, m->base, m->size, (enum mmu_attr)m->attr) == 0);
		}
	}
	return kernel_l1;
}

void aspace_init(struct aspace *as, const uint32_t *kl1)
{
	as->l1 = pool_alloc(MMU_L1_SIZE, MMU_L1_SIZE);
	memcpy(as->l1, kl1, MMU_L1_SIZE);
	as->ttbr0 = mmu_ttbr0((uint32_t)(uintptr_t)as->l1);
	as->nregions = 0;
}

static enum mmu_attr attr_of(enum region_perm p)
{
	switch (p) {
	case REGION_RX: return MMU_USER_RX;
	case REGION_RO: return MMU_USER_RO;
	case REGION_RW: return MMU_USER_RW;
	case REGION_DEVICE: return MMU_USER_DEVICE;
	case REGION_NS_RW: return MMU_USER_NS_RW;
	}
	return MMU_USER_RO;
}

int aspace_map(struct aspace *as, uint32_t va, uint32_t pa, uint32_t size,
	       enum region_perm perm)
{
	struct mmu_tables t = tables_of(as->l1);

	if (as->nregions >= ASPACE_MAX_REGIONS)
		return -1;
	for (unsigned i = 0; i < as->nregions; i++) {
		const struct region *r = &as->regions[i];

		if (va < r->va + r->size && r->va < va + size)
			return -1;
	}
	if (mmu_map(&t, va, pa, size, attr_of(perm)) != 0)
		return -1;
	as->regions[as->nregions++] = (struct region){ va, pa, size, perm };
	return 0;
}

static bool user_range_ok(const struct aspace *as, uint32_t va, uint32_t len, bool write)
{
	if (len == 0 || va + len < va)
		return false;
	for (unsigned i = 0; i < as->nregions; i++) {
		const struct region *r = &as->regions[i];

		if (va < r->va || va - r->va >= r->size || len > r->size - (va - r->va))
			continue;
		switch (r->perm) {
		case REGION_RW:
			return true;
		case REGION_RX:
		case REGION_RO:
			return !write;
		case REGION_DEVICE:
		case REGION_NS_RW:
			return false;
		}
	}
	return false;
}

int32_t aspace_user_check(const struct aspace *as, uva_t a, uint32_t len, bool write)
{
	return user_range_ok(as, a.va, len, write) ? 0 : -SYS_EFAULT;
}

int32_t copy_from_user(const struct aspace *as, void *dst, uva_t src, uint32_t len)
{
	if (!user_range_ok(as, src.va, len, false))
		return -SYS_EFAULT;
	memcpy(dst, (const void *)(uintptr_t)src.va, len);
	return 0;
}

int32_t copy_to_user(const struct aspace *as, uva_t dst, const void *src, uint32_t len)
{
	if (!user_range_ok(as, dst.va, len, true))
		return -SYS_EFAULT;
	memcpy((void *)(uintptr_t)dst.va, src, len);
	return 0;
}

const void *aspace_user_view(const struct aspace *as, uva_t src, uint32_t len)
{
	return user_range_ok(as, src.va, len, false) ? (const void *)(uintptr_t)src.va : NULL;
}
