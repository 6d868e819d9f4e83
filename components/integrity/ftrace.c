/* ftrace's patch sites in the watched text (ftrace.h). */
#include <ulib/guest_mem.h>
#include "ftrace.h"

#define ARM_BL_AL_MASK 0xff000000u
#define ARM_BL_AL      0xeb000000u   /* BL, always */
#define ARM_B_AL       0xea000000u   /* B, always */

static bool in_text(const struct ftrace_sites *f, uint32_t va)
{
	return va >= f->text_lo && va < f->text_hi;
}

/* A call (BL, always) from va into the watched text; its target in *to. */
static bool call_into_text(const struct ftrace_sites *f, uint32_t va, uint32_t word, uint32_t *to)
{
	if ((word & ARM_BL_AL_MASK) != ARM_BL_AL)
		return false;
	*to = arm_branch_target(va, word);
	return in_text(f, *to);
}

bool ftrace_value_ok(const struct ftrace_sites *f, enum site_kind kind, uint32_t va,
		     uint32_t word)
{
	uint32_t to;

	switch (kind) {
	case SITE_MCOUNT:
		if (word == f->nop)
			return true;
		if (!call_into_text(f, va, word, &to))
			return false;
		for (uint32_t i = 0; i < f->ncalls; i++)
			if (to == f->entry[i])
				return true;
		return false;
	case SITE_FTRACE_CALL:
		return call_into_text(f, va, word, &to);
	case SITE_FTRACE_GRAPH:
		if (word == ARM_MOV_R0_R0)
			return true;
		to = arm_branch_target(va, word);
		return (word & ARM_BL_AL_MASK) == ARM_B_AL && to > va &&
		       to - va <= FTRACE_GRAPH_REACH;
	case SITE_JUMP_LABEL:
		break;
	}
	return false;
}

void ftrace_scan_begin(struct ftrace_sites *f, const struct kmap *m)
{
	f->map = m;
	f->text_lo = f->text_hi = 0;
	for (unsigned i = 0; i < m->n; i++)
		if (kmap_section_exec(&m->s[i])) {
			f->text_lo = f->text_lo ? f->text_lo : m->s[i].va;
			f->text_hi = m->s[i].va + KMAP_SECTION_SIZE;
		}
	f->pairs = f->pairs_pop = 0;
	f->nop = 0;
	f->ncalls = 0;
	f->n = 0;
	f->nreported = f->next = 0;
}

/* A trampoline's call site at va: "bl" to a function that only returns,
 * then Linux's NOP where the graph call goes. */
static void look_for_call(struct ftrace_sites *f, uint32_t va, uint32_t word, uint32_t next)
{
	uint32_t to, first;

	if (next != ARM_MOV_R0_R0 || !call_into_text(f, va, word, &to) ||
	    !kmap_read32(f->map, to, &first) || first != ARM_BX_LR)
		return;
	if (f->ncalls < FTRACE_CALLS_MAX)
		f->call[f->ncalls] = va;
	f->ncalls++;   /* more than FTRACE_CALLS_MAX: not what ftrace_scan_end knows */
}

void ftrace_scan_page(struct ftrace_sites *f, uint32_t va)
{
	uint32_t pa;
	const uint32_t *page;

	if (!in_text(f, va) || (va & 4095u) || !kmap_pa(f->map, va, &pa) ||
	    !(page = guest_mem_view(gpa(pa), 4096u)))
		return;
	for (uint32_t j = 0; j < 1024u; j++) {
		uint32_t next;

		if (page[j] != ARM_PUSH_LR && (page[j] & ARM_BL_AL_MASK) != ARM_BL_AL)
			continue;
		/* The next word: the page's, or the next page's first. */
		if (j + 1u < 1024u)
			next = page[j + 1u];
		else if (!kmap_read32(f->map, va + 4096u, &next))
			continue;
		if (page[j] != ARM_PUSH_LR) {
			look_for_call(f, va + 4u * j, page[j], next);
			continue;
		}
		if (next == FTRACE_NOP_POP_LR)
			f->pairs_pop++;
		else if (next == FTRACE_NOP)
			f->pairs++;
		else
			continue;
		/* The kernel's form is the first one found; pairs of the other
		 * are counted only (one kernel writes one form). */
		if (!f->nop)
			f->nop = next;
		if (next != f->nop)
			continue;
		if (f->n < FTRACE_SITES_MAX)
			f->va[f->n] = va + 4u * (j + 1u);
		f->n++;
	}
}

/* Whether the word leaves unconditionally: B, BX, an LDR or LDM of pc,
 * MOV pc (the end of the function before a trampoline). */
static bool leaves(uint32_t w)
{
	if ((w >> 28) != 0xeu)
		return false;
	return (w & 0x0f000000u) == 0x0a000000u ||     /* B */
	       (w & 0x0ffffff0u) == 0x012fff10u ||     /* BX Rm */
	       (w & 0x0c10f000u) == 0x0410f000u ||     /* LDR pc, ... */
	       (w & 0x0e108000u) == 0x08108000u ||     /* LDM ..., {..., pc} */
	       (w & 0x0ffff000u) == 0x01a0f000u;       /* MOV pc, ... */
}

int ftrace_scan_end(struct ftrace_sites *f)
{
	if (f->n > FTRACE_SITES_MAX) {
		f->n = 0;
		return -1;
	}
	if (f->n < FTRACE_SITES_MIN || !f->ncalls || f->ncalls > FTRACE_CALLS_MAX) {
		f->n = 0;
		return 0;
	}
	for (uint32_t i = 0; i < f->ncalls; i++) {
		uint32_t va = f->call[i], w = 0;
		unsigned k;

		for (k = 0; k < FTRACE_ENTRY_WORDS; k++) {
			va -= 4u;
			if (!kmap_read32(f->map, va, &w) || leaves(w))
				break;
		}
		if (k == FTRACE_ENTRY_WORDS || !leaves(w)) {
			f->n = 0;
			return 0;
		}
		f->entry[i] = va + 4u;
	}
	return (int)f->n;
}

uint32_t ftrace_first(const struct ftrace_sites *f, uint32_t va)
{
	return sites_lower_bound(f->va, f->n, sizeof(f->va[0]), va);
}

bool ftrace_reported(struct ftrace_sites *f, uint32_t va, uint32_t word)
{
	for (uint32_t i = 0; i < f->nreported; i++)
		if (f->reported[i].va == va)
			return f->reported[i].word == word;
	return false;
}

void ftrace_remember(struct ftrace_sites *f, uint32_t va, uint32_t word)
{
	for (uint32_t i = 0; i < f->nreported; i++)
		if (f->reported[i].va == va) {
			f->reported[i].word = word;
			return;
		}
	if (f->nreported < FTRACE_REPORTED_MAX) {
		f->reported[f->nreported].va = va;
		f->reported[f->nreported++].word = word;
		return;
	}
	f->reported[f->next].va = va;
	f->reported[f->next].word = word;
	f->next = f->next + 1u == FTRACE_REPORTED_MAX ? 0 : f->next + 1u;
}

void ftrace_forget(struct ftrace_sites *f, uint32_t va)
{
	for (uint32_t i = 0; i < f->nreported; i++)
		if (f->reported[i].va == va) {
			f->reported[i] = f->reported[--f->nreported];
			f->next = 0;
			return;
		}
}
