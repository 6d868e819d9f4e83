/*
 * The rotation (watch.c): a SHA-256 digest of every 4 KiB page of the
 * kernel's read-only sections, checked one page at a time in a fixed
 * order. The first pass takes the reference digests (the baseline); each
 * later pass compares. A changed page is reported once: its new digest
 * becomes the reference.
 */
#ifndef INTEGRITY_WATCH_H
#define INTEGRITY_WATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <lib/sha256.h>
#include "kmap.h"
#include "ftrace.h"
#include "sites.h"

#define WATCH_PAGE       4096u
#define WATCH_PAGES_PER_SECTION (KMAP_SECTION_SIZE / WATCH_PAGE)
#define WATCH_MAX_PAGES  (KMAP_MAX_SECTIONS * WATCH_PAGES_PER_SECTION)

struct watch {
	struct kmap map;
	struct sites *sites;             /* Linux's jump labels, or NULL: none known */
	struct ftrace_sites *ftrace;     /* ftrace's sites, or NULL: none known */
	uint32_t npages;
	uint32_t cursor;                 /* the next page to check */
	uint32_t passes;                 /* complete passes, the baseline included */
	uint8_t digest[WATCH_MAX_PAGES][SHA256_DIGEST_SIZE];
	uint32_t checked_ms[WATCH_MAX_PAGES];   /* when each was last found as recorded */
	uint32_t wsum[WATCH_MAX_PAGES];   /* each reference's weighted sum (watch.c) */
	uint32_t probe_va[WATCH_MAX_PAGES];   /* the kprobe last reported on each, or 0 */
	uint32_t buf[WATCH_PAGE / 4u];   /* a page with its sites blanked, for its digest */
};

/* What a step found. */
enum watch_result {
	WATCH_SAME,       /* as recorded (or recorded now, in the baseline pass) */
	WATCH_CHANGED,    /* differs from the reference: *change says where */
	WATCH_UNREADABLE, /* no longer in normal RAM (cannot happen after kmap_scan) */
};

#define WATCH_SITES_PER_STEP 4u   /* foreign values at sites listed per page */

/* What Linux's ARM kprobes write at a probed instruction: this undefined
 * instruction with the probed one's condition, or, once the optimizer has
 * run (CONFIG_OPTPROBES), a branch to a detour outside the image. */
#define KPROBE_BREAKPOINT      0x07f001f8u
#define KPROBE_BREAKPOINT_MASK 0x0fffffffu

struct watch_change {
	uint32_t va, pa;          /* the page */
	bool exec;                /* in text (else read-only data) */
	uint32_t seen_ms;         /* last found unchanged then */
	uint32_t found_ms;        /* found changed now */
	bool page;                /* its digest (sites left out) differs */
	uint32_t nsites;          /* sites newly found holding a foreign value */
	bool probe;               /* the page differs by one kprobe, newly found */
	struct {
		uint32_t va, word;    /* where, and its breakpoint or branch */
		uint32_t was;         /* the reference's word there */
		uint32_t to;          /* an optimized kprobe's detour (else 0) */
	} kprobe;
	struct {
		enum site_kind kind;
		uint32_t va, word;
		uint32_t target;      /* a jump label's own target */
	} site[WATCH_SITES_PER_STEP];
};

/* Starts a baseline of map's sections; the patch sites of sites and
 * ftrace (either may be NULL) are left out of the digests and checked on
 * their own. */
void watch_start(struct watch *w, const struct kmap *map, struct sites *sites,
		 struct ftrace_sites *ftrace);
/* Checks the page at the cursor at time now_ms and moves on; *pass_done is
 * set when that was the last page of a pass. */
enum watch_result watch_step(struct watch *w, uint32_t now_ms, struct watch_change *change,
			     bool *pass_done);
/* Whether the policy acts on c: a changed page, a site holding a foreign
 * value, or a kprobe newly found, unless kprobes are accepted. */
bool watch_change_is_finding(const struct watch_change *c, bool accept_kprobes);

/* True while the first pass (the baseline) runs. */
static inline bool watch_in_baseline(const struct watch *w)
{
	return w->passes == 0;
}

#endif
