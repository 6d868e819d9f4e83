/* The page rotation of the integrity monitor (watch.h). */
#include <lib/string.h>
#include <ulib/guest_mem.h>
#include "watch.h"

void watch_start(struct watch *w, const struct kmap *map)
{
	w->map = *map;
	w->npages = map->n * WATCH_PAGES_PER_SECTION;
	w->cursor = 0;
	w->passes = 0;
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
	sha256(page, WATCH_PAGE, d);
	if (baseline) {
		memcpy(w->digest[i], d, sizeof(d));
	} else if (memcmp(w->digest[i], d, sizeof(d)) != 0) {
		*change = (struct watch_change){ .va = s->va + off, .pa = pa,
						 .exec = kmap_section_exec(s),
						 .seen_ms = w->checked_ms[i], .found_ms = now_ms };
		memcpy(w->digest[i], d, sizeof(d));
		r = WATCH_CHANGED;
	}
	w->checked_ms[i] = now_ms;
	return r;
}
