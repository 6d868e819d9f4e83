/* The page rotation of the integrity monitor (watch.h). */
#include <lib/string.h>
#include <ulib/guest_mem.h>
#include "watch.h"

void watch_start(struct watch *w, const struct kmap *map, struct sites *sites,
		 struct ftrace_sites *ftrace)
{
	w->map = *map;
	w->sites = sites && sites->n ? sites : NULL;
	w->ftrace = ftrace && ftrace->n ? ftrace : NULL;
	w->npages = map->n * WATCH_PAGES_PER_SECTION;
	w->cursor = 0;
	w->passes = 0;
}

/* The word at site va of the page being hashed, blanked in w->buf (the
 * page is copied there first). */
static uint32_t take_site(struct watch *w, const struct watch_change *c, const void *page,
			  bool *copied, uint32_t va)
{
	if (!*copied)
		memcpy(w->buf, page, WATCH_PAGE);
	*copied = true;
	uint32_t *at = &w->buf[(va - c->va) / 4u];
	uint32_t word = *at;

	*at = 0;
	return word;
}

/* A site found holding a foreign value, for the report; false when the
 * step has listed as many as it can (the next pass lists it). */
static bool note_site(struct watch_change *c, enum site_kind kind, uint32_t va, uint32_t word,
		      uint32_t target)
{
	if (c->nsites == WATCH_SITES_PER_STEP)
		return false;
	c->site[c->nsites].kind = kind;
	c->site[c->nsites].va = va;
	c->site[c->nsites].word = word;
	c->site[c->nsites].target = target;
	c->nsites++;
	return true;
}

static void jump_labels(struct watch *w, struct watch_change *c, const void *page, bool *copied)
{
	struct sites *st = w->sites;

	for (uint32_t k = sites_first(st, c->va); k < st->n && st->s[k].code < c->va + WATCH_PAGE;
	     k++) {
		uint32_t word = take_site(w, c, page, copied, st->s[k].code);

		if (sites_value_ok(st->s[k].code, st->s[k].target, word)) {
			st->bad[k] = 0;
			continue;
		}
		if (st->bad[k] && word == st->bad_word[k])
			continue;   /* reported already */
		if (note_site(c, SITE_JUMP_LABEL, st->s[k].code, word, st->s[k].target)) {
			st->bad[k] = 1;
			st->bad_word[k] = word;
		}
	}
}

static void ftrace_site(struct watch *w, struct watch_change *c, const void *page, bool *copied,
			enum site_kind kind, uint32_t va)
{
	struct ftrace_sites *f = w->ftrace;
	uint32_t word = take_site(w, c, page, copied, va);

	if (ftrace_value_ok(f, kind, va, word))
		ftrace_forget(f, va);
	else if (!ftrace_reported(f, va, word) && note_site(c, kind, va, word, 0))
		ftrace_remember(f, va, word);
}

static void ftrace_sites(struct watch *w, struct watch_change *c, const void *page, bool *copied)
{
	struct ftrace_sites *f = w->ftrace;
	uint32_t end = c->va + WATCH_PAGE;

	for (uint32_t k = ftrace_first(f, c->va); k < f->n && f->va[k] < end; k++)
		ftrace_site(w, c, page, copied, SITE_MCOUNT, f->va[k]);
	for (uint32_t i = 0; i < f->ncalls; i++) {
		if (f->call[i] >= c->va && f->call[i] < end)
			ftrace_site(w, c, page, copied, SITE_FTRACE_CALL, f->call[i]);
		if (f->call[i] + 4u >= c->va && f->call[i] + 4u < end)
			ftrace_site(w, c, page, copied, SITE_FTRACE_GRAPH, f->call[i] + 4u);
	}
}

/* The page to hash: the page itself if it holds no site, else a copy with
 * its sites blanked. Each site's value is checked on the way: a value
 * Linux does not write there, and not the one last reported there, goes
 * into *change. */
static const void *without_sites(struct watch *w, struct watch_change *change, const void *page)
{
	bool copied = false;

	if (!change->exec)
		return page;
	if (w->sites)
		jump_labels(w, change, page, &copied);
	if (w->ftrace)
		ftrace_sites(w, change, page, &copied);
	return copied ? w->buf : page;
}

/* The page's words weighted by odd factors (2j + 1): a reference that
 * differs from the page in one known word j gives that word back, since
 * odd factors are invertible modulo 2^32. */
static uint32_t weighted_sum(const uint32_t *p)
{
	uint32_t s = 0;

	for (uint32_t j = 0; j < WATCH_PAGE / 4u; j++)
		s += p[j] * (2u * j + 1u);
	return s;
}

/* x with x * c == 1 modulo 2^32, c odd: Newton's iteration doubles the
 * correct low bits, from the 3 that c itself has (c * c == 1 mod 8). */
static uint32_t inverse(uint32_t c)
{
	uint32_t x = c;

	for (unsigned i = 0; i < 4; i++)
		x *= 2u - c * x;
	return x;
}

/* Whether word, at va, is what a kprobe writes; *to: an optimized one's
 * detour, which lies outside the watched image. */
static bool kprobe_word(const struct kmap *m, uint32_t va, uint32_t word, uint32_t *to)
{
	uint32_t lo = m->s[0].va, hi = m->s[m->n - 1].va + KMAP_SECTION_SIZE;

	*to = 0;
	if ((word & KPROBE_BREAKPOINT_MASK) == KPROBE_BREAKPOINT)
		return true;
	if ((word & 0xff000000u) != 0xea000000u)   /* B, always */
		return false;
	/* The offset, sign-extended, in words from the branch + 8. */
	*to = va + 8u + (uint32_t)(((int32_t)(word << 8)) >> 6);
	return *to < lo || *to >= hi;
}

/* Whether the page (hashed as `now`, its weighted sum `sum`) is page i's
 * reference but for one word that a kprobe writes: the reference's word
 * there comes back from the sums, and the page with it put back must hash
 * to the reference's digest. Works on a copy in w->buf, so a normal world
 * that changes the page meanwhile only makes it a change. */
static bool one_kprobe(struct watch *w, uint32_t i, const void *now, uint32_t sum,
		       struct watch_change *c)
{
	const uint32_t n = WATCH_PAGE / 4u;
	uint32_t at = n, to = 0, d[SHA256_DIGEST_SIZE / 4u];

	if (!c->exec)
		return false;
	if (now != w->buf)
		memcpy(w->buf, now, WATCH_PAGE);
	for (uint32_t j = 0; j < n; j++) {
		uint32_t t;

		if (!kprobe_word(&w->map, c->va + 4u * j, w->buf[j], &t))
			continue;
		if (at != n)
			return false;   /* two: one sum cannot tell */
		at = j;
		to = t;
	}
	if (at == n)
		return false;
	uint32_t word = w->buf[at];

	w->buf[at] = word + (w->wsum[i] - sum) * inverse(2u * at + 1u);
	sha256(w->buf, WATCH_PAGE, (uint8_t *)d);
	if (memcmp(d, w->digest[i], sizeof(d)) != 0)
		return false;
	c->kprobe.va = c->va + 4u * at;
	c->kprobe.word = word;
	c->kprobe.was = w->buf[at];
	c->kprobe.to = to;
	return true;
}

bool watch_change_is_finding(const struct watch_change *c, bool accept_kprobes)
{
	return c->page || c->nsites || (c->probe && !accept_kprobes);
}

enum watch_result watch_step(struct watch *w, uint32_t now_ms, struct watch_change *change,
			     bool *pass_done)
{
	uint32_t i = w->cursor;
	const struct kmap_section *s = &w->map.s[i / WATCH_PAGES_PER_SECTION];
	uint32_t off = (i % WATCH_PAGES_PER_SECTION) * WATCH_PAGE;
	uint32_t pa = kmap_section_pa(s) + off;
	uint8_t d[SHA256_DIGEST_SIZE];
	enum watch_result r = WATCH_SAME;
	bool baseline = watch_in_baseline(w);
	/* Hashed in place: the normal world may change the page meanwhile,
	 * and then either digest is a fair answer (the next pass sees the
	 * rest). */
	const void *page = guest_mem_view(gpa(pa), WATCH_PAGE);

	w->cursor = i + 1 == w->npages ? 0 : i + 1;
	*pass_done = w->cursor == 0;
	if (*pass_done)
		w->passes++;
	if (!page)
		return WATCH_UNREADABLE;
	*change = (struct watch_change){ .va = s->va + off, .pa = pa, .exec = kmap_section_exec(s),
					 .seen_ms = w->checked_ms[i], .found_ms = now_ms };
	page = without_sites(w, change, page);
	sha256(page, WATCH_PAGE, d);
	bool differs = !baseline && memcmp(w->digest[i], d, sizeof(d)) != 0;
	/* The sum of a page that is its reference is the reference's. */
	uint32_t sum = baseline || differs ? weighted_sum(page) : w->wsum[i];

	if (differs && one_kprobe(w, i, page, sum, change)) {
		/* The reference stays: the page matches it again when the
		 * kprobe goes. Reported once for each place it is found. */
		change->probe = change->kprobe.va != w->probe_va[i];
		w->probe_va[i] = change->kprobe.va;
	} else {
		change->page = differs;
		memcpy(w->digest[i], d, sizeof(d));
		w->wsum[i] = sum;
		w->probe_va[i] = 0;
	}
	if (change->page || change->nsites || change->probe)
		r = WATCH_CHANGED;
	w->checked_ms[i] = now_ms;
	return r;
}
