/* Linux's jump-label sites in the watched text (sites.h). */
#include <ulib/guest_mem.h>
#include "sites.h"

#define ENTRY_SIZE 12u   /* code, target, key */

/* A word of the watched image, by virtual address. */
static bool read_va(const struct sites *st, uint32_t va, uint32_t *w)
{
	return kmap_read32(st->map, va, w);
}

bool sites_value_ok(uint32_t va, uint32_t target, uint32_t word)
{
	/* B<always> to target: the offset from the site + 8, in words. */
	uint32_t branch = 0xea000000u | (((target - va - 8u) >> 2) & 0x00ffffffu);

	return word == ARM_NOP || word == ARM_MOV_R0_R0 || word == branch;
}

/* Whether the three words at va look like an entry: two code addresses
 * in the kernel's space, word aligned, and a key there too (its low two
 * bits are flags). Loose on purpose: the run's sites decide. */
static bool plausible(const uint32_t e[3])
{
	return e[0] >= 0xc0000000u && e[1] >= 0xc0000000u && e[2] >= 0xc0000000u &&
	       !(e[0] & 3u) && !(e[1] & 3u) && e[0] != e[1];
}

/* The three words at va, the page's own from its view (the common case,
 * read in place), else one by one; false past the read-only data. */
static bool entry_at(const struct sites *st, const uint32_t *page, uint32_t page_va, uint32_t va,
		     uint32_t e[3])
{
	uint32_t i = (va - page_va) / 4u;

	if (va + ENTRY_SIZE > st->ro_hi)
		return false;
	if (i + 3u <= 1024u) {
		e[0] = page[i];
		e[1] = page[i + 1u];
		e[2] = page[i + 2u];
		return true;
	}
	return read_va(st, va, &e[0]) && read_va(st, va + 4u, &e[1]) &&
	       read_va(st, va + 8u, &e[2]);
}

/* A run that ended: the best so far if more of its sites in the watched
 * text hold a site value than any earlier run's, and nearly all do. */
static void run_ended(struct sites *st, const struct sites_run *r)
{
	uint32_t in_text = 0, valid = 0;

	/* A run far longer than any table the monitor could hold is not
	 * evaluated: that bounds the step's time whatever the normal world
	 * puts in the 32 MiB it may make read-only. */
	if (r->n < SITES_MIN_RUN || r->n > SITES_MAX_RUN)
		return;
	for (uint32_t i = 0; i < r->n; i++) {
		uint32_t e = r->start_va + i * ENTRY_SIZE, code, target, word;

		if (!read_va(st, e, &code) || !read_va(st, e + 4u, &target) ||
		    code < st->text_lo || code >= st->text_hi)
			continue;
		in_text++;
		if (read_va(st, code, &word) && sites_value_ok(code, target, word))
			valid++;
	}
	bool mostly_valid = (uint64_t)valid * 100u >= (uint64_t)in_text * SITES_MIN_VALID;

	if (in_text >= SITES_MIN_RUN && mostly_valid && valid > st->best_valid) {
		st->best = *r;
		st->best_valid = valid;
	}
}

void sites_scan_begin(struct sites *st, const struct kmap *m)
{
	st->map = m;
	st->best = (struct sites_run){ 0, 0 };
	st->best_valid = 0;
	st->n = 0;
	st->outside = 0;
	st->rejected = 0;
	st->text_lo = st->text_hi = st->ro_lo = st->ro_hi = 0;
	for (unsigned p = 0; p < 3; p++)
		st->cur[p] = (struct sites_run){ 0, 0 };
	/* kmap: the text sections, then the read-only data (never-execute). */
	for (unsigned i = 0; i < m->n; i++) {
		uint32_t lo = m->s[i].va, hi = lo + KMAP_SECTION_SIZE;

		if (kmap_section_exec(&m->s[i])) {
			st->text_lo = st->text_lo ? st->text_lo : lo;
			st->text_hi = hi;
		} else {
			st->ro_lo = st->ro_lo ? st->ro_lo : lo;
			st->ro_hi = hi;
		}
	}
}

void sites_scan_page(struct sites *st, uint32_t va)
{
	uint32_t pa;
	const uint32_t *page;

	if (va < st->ro_lo || va >= st->ro_hi || (va & 4095u) || !kmap_pa(st->map, va, &pa) ||
	    !(page = guest_mem_view(gpa(pa), 4096u)))
		return;
	/* The entry phase of each word, counted rather than divided (no
	 * divide instruction on every ARMv7: a library call a word). */
	unsigned phase = ((va - st->ro_lo) / 4u) % 3u;

	for (uint32_t w = va; w < va + 4096u; w += 4u, phase = phase == 2u ? 0u : phase + 1u) {
		struct sites_run *r = &st->cur[phase];
		uint32_t e[3];

		if (entry_at(st, page, va, w, e) && plausible(e)) {
			if (r->n && r->start_va + r->n * ENTRY_SIZE == w) {
				r->n++;
				continue;
			}
			run_ended(st, r);   /* a scan that did not go in order */
			*r = (struct sites_run){ w, 1 };
		} else if (r->n) {
			run_ended(st, r);
			r->n = 0;
		}
	}
}

/* Heap sort by address: in place, bounded time whatever the order. */
static void sift(struct site *s, uint32_t root, uint32_t n)
{
	for (;;) {
		uint32_t child = 2u * root + 1u;

		if (child >= n)
			return;
		if (child + 1u < n && s[child + 1u].code > s[child].code)
			child++;
		if (s[root].code >= s[child].code)
			return;
		struct site t = s[root];

		s[root] = s[child];
		s[child] = t;
		root = child;
	}
}

static void sort_sites(struct site *s, uint32_t n)
{
	for (uint32_t i = n / 2u; i-- > 0;)
		sift(s, i, n);
	for (uint32_t end = n; end-- > 1;) {
		struct site t = s[0];

		s[0] = s[end];
		s[end] = t;
		sift(s, 0, end);
	}
}

int sites_scan_end(struct sites *st)
{
	for (unsigned p = 0; p < 3; p++) {
		run_ended(st, &st->cur[p]);
		st->cur[p].n = 0;
	}
	if (!st->best_valid)
		return 0;
	for (uint32_t i = 0; i < st->best.n; i++) {
		uint32_t e = st->best.start_va + i * ENTRY_SIZE;
		struct site s;

		uint32_t word;

		if (!read_va(st, e, &s.code) || !read_va(st, e + 4u, &s.target))
			return 0;   /* cannot happen: read in the scan */
		if (s.code < st->text_lo || s.code >= st->text_hi) {
			st->outside++;
			continue;
		}
		/* An entry whose site holds no site value now is not taken:
		 * the run's edges may hold words that only look like entries
		 * (a real site holds one from boot on). */
		if (!read_va(st, s.code, &word) || !sites_value_ok(s.code, s.target, word)) {
			st->rejected++;
			continue;
		}
		if (st->n == SITES_MAX) {
			st->n = 0;
			return -1;
		}
		st->bad[st->n] = 0;
		st->s[st->n++] = s;
	}
	sort_sites(st->s, st->n);
	return (int)st->n;
}

uint32_t sites_lower_bound(const void *first, uint32_t n, uint32_t stride, uint32_t va)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2u;

		if (*(const uint32_t *)((const char *)first + mid * stride) < va)
			lo = mid + 1u;
		else
			hi = mid;
	}
	return lo;
}

uint32_t sites_first(const struct sites *st, uint32_t va)
{
	return sites_lower_bound(&st->s[0].code, st->n, sizeof(st->s[0]), va);
}
