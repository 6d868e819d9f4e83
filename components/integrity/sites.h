/*
 * Linux's own patch sites in the watched text (sites.c): its jump labels.
 *
 * A static key flips by rewriting one instruction at each of the key's
 * sites, at run time, for as long as the system runs (a tracepoint
 * enabled, a sysctl, cgroups, networking). Linux records every site at
 * build time in __jump_table: entries of three words, the site (code), the
 * branch's target and the key (its low bits are flags), absolute addresses
 * on 32-bit ARM. The table lies in the image's read-only data
 * (ro_after_init, sorted at boot before mark_rodata_ro), so it is watched
 * like the rest, and no symbol file is needed to find it: it is the
 * longest run of such entries whose sites hold what Linux writes there,
 * a NOP or the branch to the entry's own target (sites_scan_*).
 *
 * A page's reference digest then covers everything but its sites, and each
 * site must hold one of those values (sites_check): a changed word
 * elsewhere, or a branch to anywhere else, is still a change.
 */
#ifndef INTEGRITY_SITES_H
#define INTEGRITY_SITES_H

#include <stdbool.h>
#include <stdint.h>
#include "kmap.h"

#define SITES_MAX        8192u   /* Debian's 6.1 armmp: 4862 in its text */
#define SITES_MIN_RUN    64u     /* fewer entries than that are not the table */
#define SITES_MAX_RUN    (4u * SITES_MAX)   /* nor more than that */
#define SITES_MIN_VALID  90u     /* percent of a run's sites holding a site value */
#define ARM_NOP          0xe320f000u   /* NOP, as the compiler emits it */
#define ARM_MOV_R0_R0    0xe1a00000u   /* arm_gen_nop(): Linux's own NOP */

struct site {
	uint32_t code, target;
};

/* The patch sites the monitor knows, by who writes them and how. */
enum site_kind {
	SITE_JUMP_LABEL,     /* a NOP, or the branch to its entry's target (here) */
	SITE_MCOUNT,         /* ftrace's NOP, or a call of its trampolines (ftrace.h) */
	SITE_FTRACE_CALL,    /* a trampoline's call of the tracer's function */
	SITE_FTRACE_GRAPH,   /* a trampoline's NOP, or its branch to the graph caller */
};

/* A run of candidate entries while the read-only data is scanned. */
struct sites_run {
	uint32_t start_va, n;
};

struct sites {
	const struct kmap *map;        /* where the image is */
	/* The scan (sites_scan_*): per phase of the three-word entries. */
	struct sites_run cur[3];
	struct sites_run best;
	uint32_t best_valid;
	uint32_t text_lo, text_hi;     /* the watched text, where sites count */
	uint32_t ro_lo, ro_hi;         /* the watched read-only data */
	/* The result: sites in the watched text, by address. */
	uint32_t n;
	uint32_t outside;              /* entries whose site is not in the watched text */
	uint32_t rejected;             /* entries whose site held no site value */
	struct site s[SITES_MAX];
	uint32_t bad_word[SITES_MAX];  /* the foreign value last reported at each site */
	uint8_t bad[SITES_MAX];        /* whether bad_word holds one: reported, not yet undone */
};

/* Whether word is what Linux writes at a jump-label site at va whose
 * target is target: a NOP, or the branch there. */
bool sites_value_ok(uint32_t va, uint32_t target, uint32_t word);

/* Starts a scan of m's read-only data for the table. */
void sites_scan_begin(struct sites *st, const struct kmap *m);
/* Scans the 4 KiB of read-only data at va (in order, from ro_lo up):
 * each word there as the start of an entry. */
void sites_scan_page(struct sites *st, uint32_t va);
/* Ends the scan: takes the best run's sites in the watched text, sorted.
 * Returns their number, 0 if no table was found, -1 if it has more than
 * SITES_MAX. */
int sites_scan_end(struct sites *st);

/* The index of the first of n addresses in ascending order at or above va
 * (n if none); the addresses are uint32_t, stride bytes apart from first. */
uint32_t sites_lower_bound(const void *first, uint32_t n, uint32_t stride, uint32_t va);

/* The index of the first site at or above va (st->n if none). */
uint32_t sites_first(const struct sites *st, uint32_t va);

#endif
