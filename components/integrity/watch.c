/* The page rotation of the integrity monitor (watch.h). */
#include <lib/string.h>
#include <ulib/guest_mem.h>
#include "watch.h"

void watch_start(struct watch *w, const struct kmap *map, struct sites *sites)
{
	w->map = *map;
	w->sites = sites && sites->n ? sites : NULL;
	w->npages = map->n * WATCH_PAGES_PER_SECTION;
	w->cursor = 0;
	w->passes = 0;
}

/* The page to hash: the page itself if it holds no site, else a copy with
 * its sites blanked. Each site's value is checked on the way: a value
 * Linux does not write there, and not the one last reported there, goes
 * into *change. */
static const void *without_sites(struct watch *w, struct watch_change *change, const void *page)
{
	struct sites *st = w->sites;

	if (!st || !change->exec)
		return page;
	uint32_t k = sites_first(st, change->va);

	if (k == st->n || st->s[k].code >= change->va + WATCH_PAGE)
		return page;
	memcpy(w->buf, page, WATCH_PAGE);
	for (; k < st->n && st->s[k].code < change->va + WATCH_PAGE; k++) {
		uint32_t *at = &w->buf[(st->s[k].code - change->va) / 4u];
		uint32_t word = *at;

		*at = 0;
		if (sites_value_ok(st->s[k].code, st->s[k].target, word)) {
			st->bad[k] = 0;
			continue;
		}
		if ((st->bad[k] && word == st->bad_word[k]) ||
		    change->nsites == WATCH_SITES_PER_STEP)
			continue;   /* reported already, or in the next pass */
		st->bad[k] = 1;
		st->bad_word[k] = word;
		change->site[change->nsites].va = st->s[k].code;
		change->site[change->nsites].word = word;
		change->site[change->nsites].target = st->s[k].target;
		change->nsites++;
	}
	return w->buf;
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
	if (baseline) {
		memcpy(w->digest[i], d, sizeof(d));
	} else if (memcmp(w->digest[i], d, sizeof(d)) != 0) {
		memcpy(w->digest[i], d, sizeof(d));
		change->page = true;
	}
	if (change->page || change->nsites)
		r = WATCH_CHANGED;
	w->checked_ms[i] = now_ms;
	return r;
}
