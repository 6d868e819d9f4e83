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

int kmap_changed(const struct kmap *m)
{
	for (unsigned i = 0; i < m->n; i++) {
		uint32_t desc;

		if (guest_mem_read32(gpa_add(m->table, 4u * (m->s[i].va / KMAP_SECTION_SIZE)),
				     &desc) != 0)
			return -2;
		if (desc != m->s[i].desc)
			return (int)i;
	}
	return -1;
}
