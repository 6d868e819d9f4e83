/*
 * Linux's other patch sites in the watched text (ftrace.c): ftrace's.
 *
 * With CONFIG_DYNAMIC_FTRACE each traceable function starts with a call
 * the compiler emitted, "push {lr}; bl __gnu_mcount_nc", whose second
 * word Linux rewrites at boot to its NOP ("add sp, sp, #4", which drops
 * the pushed lr) and, while a function tracer runs, to "bl ftrace_caller"
 * (or "bl ftrace_regs_caller"). The trampolines hold sites of their own:
 * ftrace_call and ftrace_regs_call call the tracer's function ("bl
 * ftrace_stub" while none runs), and right after each, ftrace_graph_call
 * and ftrace_graph_regs_call hold "mov r0, r0" or, under the
 * function_graph tracer, the branch to the graph caller a few words on.
 *
 * The records of those sites (__mcount_loc) are freed after init, and no
 * symbol file ships, so the sites are found by what Linux left there
 * (ftrace_scan_*), one text page at a time:
 *  - an mcount site is "push {lr}" followed by ftrace's NOP, a pair no
 *    compiler emits (Debian's 6.1 armmp: 37353 of them);
 *  - a trampoline's call site is a "bl" to a function that only returns
 *    (bx lr: ftrace_stub) followed by "mov r0, r0" (Debian's 6.1: the
 *    two, and nothing else in its text);
 *  - a trampoline starts right after the last instruction before its
 *    call site that leaves unconditionally (the previous function's
 *    return).
 * Found at the baseline with no tracer running; a tracer on then is not
 * recognised (ftrace_scan_end fails, and its calls are part of their
 * pages: turning it off is a change).
 */
#ifndef INTEGRITY_FTRACE_H
#define INTEGRITY_FTRACE_H

#include <stdbool.h>
#include <stdint.h>
#include "kmap.h"
#include "sites.h"

#define FTRACE_SITES_MAX   45056u   /* Debian's 6.1 armmp: 37353 */
#define FTRACE_SITES_MIN   64u      /* fewer pairs than that are not ftrace's */
#define FTRACE_CALLS_MAX   2u       /* ftrace_call, ftrace_regs_call */
#define FTRACE_ENTRY_WORDS 32u      /* how far back a trampoline's start may lie */
#define FTRACE_GRAPH_REACH 256u     /* bytes a graph call's branch may go forward */
#define FTRACE_REPORTED_MAX 64u     /* foreign values remembered as reported */
#define ARM_PUSH_LR        0xe52de004u   /* push {lr}: an mcount site's first word */
#define FTRACE_NOP         0xe28dd004u   /* add sp, sp, #4: ftrace's NOP (Debian's 6.1) */
#define FTRACE_NOP_POP_LR  0xe8bd4000u   /* pop {lr}: older kernels' */
#define ARM_BX_LR          0xe12fff1eu

struct ftrace_sites {
	const struct kmap *map;
	uint32_t text_lo, text_hi;
	/* The scan's counts of candidate pairs for each NOP form. */
	uint32_t pairs, pairs_pop;
	uint32_t nop;                       /* the form this kernel writes */
	uint32_t ncalls;
	uint32_t call[FTRACE_CALLS_MAX];    /* the trampolines' call sites */
	uint32_t entry[FTRACE_CALLS_MAX];   /* the trampolines' first words */
	/* The result: each mcount site's patched (second) word, ascending. */
	uint32_t n;
	uint32_t va[FTRACE_SITES_MAX];
	/* Foreign values reported and not undone (a ring: a value pushed out
	 * is reported again, never lost). */
	struct {
		uint32_t va, word;
	} reported[FTRACE_REPORTED_MAX];
	uint32_t nreported, next;
};

/* Whether word, at va, is what Linux writes at a site of that kind
 * (SITE_MCOUNT: ftrace's NOP or a call of a trampoline's first word;
 * SITE_FTRACE_CALL: a call into the watched text, since no symbols say
 * which functions are tracers; SITE_FTRACE_GRAPH: mov r0, r0 or a branch
 * at most FTRACE_GRAPH_REACH bytes forward). */
bool ftrace_value_ok(const struct ftrace_sites *f, enum site_kind kind, uint32_t va,
		     uint32_t word);

/* Starts a scan of m's text for the sites. */
void ftrace_scan_begin(struct ftrace_sites *f, const struct kmap *m);
/* Scans the 4 KiB of text at va (pages in ascending order). */
void ftrace_scan_page(struct ftrace_sites *f, uint32_t va);
/* Ends the scan: the number of mcount sites, 0 if ftrace's were not found
 * (too few pairs, no trampoline, or one whose start cannot be told), -1
 * if more than FTRACE_SITES_MAX. */
int ftrace_scan_end(struct ftrace_sites *f);

/* The index of the first mcount site at or above va (f->n if none). */
uint32_t ftrace_first(const struct ftrace_sites *f, uint32_t va);

/* Whether the foreign word at va was reported and has stayed; forget(),
 * when a site holds a value of Linux's again. */
bool ftrace_reported(struct ftrace_sites *f, uint32_t va, uint32_t word);
void ftrace_remember(struct ftrace_sites *f, uint32_t va, uint32_t word);
void ftrace_forget(struct ftrace_sites *f, uint32_t va);

/* The target of the ARM branch word (B or BL, any condition) at va. */
static inline uint32_t arm_branch_target(uint32_t va, uint32_t word)
{
	return va + 8u + (uint32_t)(((int32_t)(word << 8)) >> 6);
}

#endif
