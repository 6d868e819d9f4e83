/*
 * Translation-table construction for the secure world. Memory types use
 * TEX remap off: normal memory is write-back write-allocate, shareable;
 * device memory is shareable device. User mappings are not global (nG) so
 * they never outlive an address-space switch in the TLB.
 */
#include <arch/mmu.h>

/* Section descriptor fields (B3.5.1). */
#define SEC_TYPE        0x2u
#define SEC_B           (1u << 2)
#define SEC_C           (1u << 3)
#define SEC_XN          (1u << 4)
#define SEC_AP(ap)      ((((ap) & 3u) << 10) | ((((ap) >> 2) & 1u) << 15))
#define SEC_TEX(t)      ((t) << 12)
#define SEC_S           (1u << 16)
#define SEC_NG          (1u << 17)
#define SEC_NS          (1u << 19)
#define L1_PAGE_TABLE   0x1u
#define L1_PAGE_TABLE_NS (1u << 3)

/* Small page descriptor fields. */
#define PG_XN           (1u << 0)
#define PG_TYPE         0x2u
#define PG_B            (1u << 2)
#define PG_C            (1u << 3)
#define PG_AP(ap)       ((((ap) & 3u) << 4) | ((((ap) >> 2) & 1u) << 9))
#define PG_TEX(t)       ((t) << 6)
#define PG_S            (1u << 10)
#define PG_NG           (1u << 11)

/* AP[2:0] encodings (B3.7.1). */
#define AP_PRIV_RW      0x1u
#define AP_ALL_RW       0x3u
#define AP_PRIV_RO      0x5u
#define AP_ALL_RO       0x7u

struct attr_bits {
	uint32_t ap;
	bool xn, device, user;
};

static struct attr_bits attr_bits(enum mmu_attr a)
{
	switch (a) {
	case MMU_KERNEL_RX:     return (struct attr_bits){ AP_PRIV_RO, false, false, false };
	case MMU_KERNEL_RW:     return (struct attr_bits){ AP_PRIV_RW, true, false, false };
	case MMU_KERNEL_DEVICE: return (struct attr_bits){ AP_PRIV_RW, true, true, false };
	case MMU_USER_RX:       return (struct attr_bits){ AP_ALL_RO, false, false, true };
	case MMU_USER_RO:       return (struct attr_bits){ AP_ALL_RO, true, false, true };
	case MMU_USER_RW:       return (struct attr_bits){ AP_ALL_RW, true, false, true };
	case MMU_USER_DEVICE:   return (struct attr_bits){ AP_ALL_RW, true, true, true };
	case MMU_USER_NS_RW:    return (struct attr_bits){ AP_ALL_RW, true, false, true };
	}
	return (struct attr_bits){ AP_PRIV_RW, true, true, false };
}

uint32_t mmu_section_desc(uint32_t pa, enum mmu_attr attr)
{
	struct attr_bits b = attr_bits(attr);
	uint32_t d = (pa & 0xfff00000u) | SEC_TYPE | SEC_AP(b.ap);

	d |= b.device ? SEC_B : (SEC_TEX(1u) | SEC_C | SEC_B | SEC_S);
	if (b.xn)
		d |= SEC_XN;
	if (b.user)
		d |= SEC_NG;
	if (attr == MMU_USER_NS_RW)
		d |= SEC_NS;
	return d;
}

uint32_t mmu_page_desc(uint32_t pa, enum mmu_attr attr)
{
	struct attr_bits b = attr_bits(attr);
	uint32_t d = (pa & 0xfffff000u) | PG_TYPE | PG_AP(b.ap);

	d |= b.device ? PG_B : (PG_TEX(1u) | PG_C | PG_B | PG_S);
	if (b.xn)
		d |= PG_XN;
	if (b.user)
		d |= PG_NG;
	return d;
}

uint32_t mmu_ttbr0(uint32_t l1_pa)
{
	/* Table walks: inner IRGN = 01 (bit 6 set, bit 0 clear) and outer
	 * RGN = 01 (bit 3), both write-back write-allocate; shareable (bit 1). */
	return l1_pa | (1u << 6) | (1u << 3) | (1u << 1);
}

static int map_page(const struct mmu_tables *t, uint32_t *l1, uint32_t va, uint32_t pa,
		    enum mmu_attr attr)
{
	uint32_t *e = &l1[va >> 20];
	uint32_t ns = attr == MMU_USER_NS_RW ? L1_PAGE_TABLE_NS : 0;
	uint32_t l2_pa;

	if ((*e & 3u) == 0) {
		/* For pages, the NS attribute is a bit of the L1 entry: every page
		 * of that MiB shares it. */
		l2_pa = t->alloc_l2(t->ctx);
		*e = l2_pa | L1_PAGE_TABLE | ns;
	} else if ((*e & 3u) != L1_PAGE_TABLE || (*e & L1_PAGE_TABLE_NS) != ns) {
		return -1;   /* already a section, or pages of the other world */
	}
	l2_pa = *e & 0xfffffc00u;
	uint32_t *l2 = t->table(t->ctx, l2_pa);
	uint32_t *pe = &l2[(va >> 12) & 0xffu];

	if (*pe != 0)
		return -1;
	*pe = mmu_page_desc(pa, attr);
	return 0;
}

int mmu_map(const struct mmu_tables *t, uint32_t va, uint32_t pa, uint32_t size,
	    enum mmu_attr attr)
{
	uint32_t *l1 = t->table(t->ctx, t->l1_pa);

	/* A range may end at 4 GiB exactly (the i.MX boards keep tzvmm's
	 * memory at the top of DDR): only a range that wraps past it is bad. */
	if (((va | pa | size) & (MMU_PAGE - 1)) != 0 || size == 0 ||
	    va + (size - 1) < va || pa + (size - 1) < pa)
		return -1;
	while (size) {
		if (((va | pa) & (MMU_SECTION - 1)) == 0 && size >= MMU_SECTION) {
			uint32_t *e = &l1[va >> 20];

			if (*e != 0)
				return -1;
			*e = mmu_section_desc(pa, attr);
			va += MMU_SECTION;
			pa += MMU_SECTION;
			size -= MMU_SECTION;
			continue;
		}
		if (map_page(t, l1, va, pa, attr) != 0)
			return -1;
		va += MMU_PAGE;
		pa += MMU_PAGE;
		size -= MMU_PAGE;
	}
	return 0;
}
