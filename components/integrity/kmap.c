/* The normal-world kernel's read-only sections (kmap.h). */
#include <ulib/guest_mem.h>
#include "kmap.h"

#define L1_ENTRIES      4096u
#define L1_TYPE_MASK    3u
#define L1_TYPE_SECTION 2u           /* 0b1x: section (bit 0 is PXN where implemented) */
#define L1_XN           (1u << 4)
#define L1_AP_MASK      ((1u << 15) | (3u << 10))   /* APX, AP[1:0] */
#define L1_AP_PRIV_RO   ((1u << 15) | (1u << 10))   /* APX = 1, AP = 01 */
#define L1_SUPERSECTION (1u << 18)
#define L1_DOMAIN_SHIFT 5u           /* bits [8:5] (a supersection is domain 0) */
#define DACR_MANAGER    3u

uint32_t kmap_section_pa(const struct kmap_section *s)
{
	if (s->desc & L1_SUPERSECTION)   /* 16 MiB, repeated in 16 entries */
		return (s->desc & 0xff000000u) | (s->va & 0x00f00000u);
	return s->desc & 0xfff00000u;
}

bool kmap_section_exec(const struct kmap_section *s)
{
	return !(s->desc & L1_XN);
}

static bool priv_read_only_section(uint32_t desc)
{
	return (desc & L1_TYPE_SECTION) && (desc & L1_AP_MASK) == L1_AP_PRIV_RO;
}

/* Whether b continues a: the next megabyte of virtual and physical space. */
static bool adjacent(const struct kmap_section *a, const struct kmap_section *b)
{
	return b->va == a->va + KMAP_SECTION_SIZE &&
	       kmap_section_pa(b) == kmap_section_pa(a) + KMAP_SECTION_SIZE;
}

int kmap_scan(uint32_t table_pa, struct kmap *m, unsigned *outside)
{
	unsigned out = 0;
	bool text = false;

	m->table = gpa(table_pa);
	m->n = 0;
	if (outside)
		*outside = 0;
	if (guest_mem_check(gpa(table_pa), L1_ENTRIES * 4u) != 0)
		return -1;
	/* The image is the run of adjacent read-only sections that holds the
	 * first executable one; other read-only mappings (the kernel makes a
	 * few) are not its text or data. */
	for (uint32_t i = 0; i < L1_ENTRIES; i++) {
		struct kmap_section s = { .va = i * KMAP_SECTION_SIZE };

		if (guest_mem_read32(gpa_add(gpa(table_pa), 4u * i), &s.desc) != 0)
			return -1;
		if (!priv_read_only_section(s.desc)) {
			if (text)
				break;
			m->n = 0;
			continue;
		}
		if (guest_mem_check(gpa(kmap_section_pa(&s)), KMAP_SECTION_SIZE) != 0) {
			out++;
			if (text)
				break;
			m->n = 0;
			continue;
		}
		if (m->n && !adjacent(&m->s[m->n - 1], &s)) {
			if (text)
				break;
			m->n = 0;
		}
		if (m->n == KMAP_MAX_SECTIONS)
			return -1;
		m->s[m->n++] = s;
		text = text || kmap_section_exec(&s);
	}
	if (!text)
		m->n = 0;
	if (outside)
		*outside = out;
	return (int)m->n;
}

bool kmap_same(const struct kmap *a, const struct kmap *b)
{
	if (!a->n || a->n != b->n || gpa_raw(a->table) != gpa_raw(b->table))
		return false;
	for (unsigned i = 0; i < a->n; i++)
		if (a->s[i].va != b->s[i].va || a->s[i].desc != b->s[i].desc)
			return false;
	return true;
}

bool kmap_pa(const struct kmap *m, uint32_t va, uint32_t *pa)
{
	if (!m->n || va < m->s[0].va)
		return false;
	uint32_t i = (va - m->s[0].va) / KMAP_SECTION_SIZE;   /* the sections are adjacent */

	if (i >= m->n)
		return false;
	*pa = kmap_section_pa(&m->s[i]) + (va & (KMAP_SECTION_SIZE - 1u));
	return true;
}

bool kmap_read32(const struct kmap *m, uint32_t va, uint32_t *w)
{
	uint32_t pa;

	return kmap_pa(m, va, &pa) && guest_mem_read32(gpa(pa), w) == 0;
}

/* Where TTBR0's part of the address space ends (0: it has all of it). */
static uint32_t ttbr0_limit(uint32_t ttbcr)
{
	unsigned n = ttbcr & TTBCR_N_MASK;

	return n ? 1u << (32u - n) : 0xffffffffu;
}

/* The first of m's sections below `limit` that `table` maps otherwise (its
 * descriptor in *desc), -1 if none, -2 if the table cannot be read. */
static int differs_in(const struct kmap *m, gpa_t table, uint32_t limit, uint32_t *desc)
{
	for (unsigned i = 0; i < m->n && m->s[i].va < limit; i++) {
		if (guest_mem_read32(gpa_add(table, 4u * (m->s[i].va / KMAP_SECTION_SIZE)),
				     desc) != 0)
			return -2;
		if (*desc != m->s[i].desc)
			return (int)i;
	}
	return -1;
}

int kmap_changed(const struct kmap *m)
{
	uint32_t desc;

	return differs_in(m, m->table, 0xffffffffu, &desc);
}

enum kmap_live kmap_live(const struct kmap *m, const struct kmap_regs *now, unsigned *section,
			 uint32_t *desc)
{
	*section = 0;
	*desc = 0;
	if (!(now->sctlr & SCTLR_M))
		return KMAP_LIVE_MMU_OFF;
	if (now->ttbcr != m->regs.ttbcr)
		return KMAP_LIVE_TTBCR;
	if ((now->ttbr1 & TTBR_BASE_MASK) != (m->regs.ttbr1 & TTBR_BASE_MASK))
		return KMAP_LIVE_TTBR1;
	for (unsigned i = 0; i < m->n; i++) {
		unsigned domain = (m->s[i].desc & L1_SUPERSECTION) ? 0u :
				  (m->s[i].desc >> L1_DOMAIN_SHIFT) & 15u;

		if (((now->dacr >> (2u * domain)) & 3u) == DACR_MANAGER) {
			*section = i;
			return KMAP_LIVE_DACR;
		}
	}
	/* With N > 0, TTBR0's table is 16 KiB >> N, aligned to its size, and
	 * translates the addresses below its limit only (the rest, TTBR1's,
	 * is the baseline table, kmap_changed's). */
	unsigned n = now->ttbcr & TTBCR_N_MASK;
	int i = differs_in(m, gpa(now->ttbr0 & (0xffffffffu << (14u - n))),
			   ttbr0_limit(now->ttbcr), desc);

	if (i == -2)
		return KMAP_LIVE_UNREADABLE;
	if (i >= 0) {
		*section = (unsigned)i;
		return KMAP_LIVE_REMAPPED;
	}
	return KMAP_LIVE_SAME;
}
