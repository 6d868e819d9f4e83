/*
 * Where the normal-world kernel's read-only text and data are (kmap.c),
 * found in its own translation table, never in a symbol file.
 *
 * Linux on ARMv7 (short-descriptor format, as Debian's armmp kernel runs)
 * maps its image in 1 MiB sections, and mark_rodata_ro() makes those from
 * _stext to __init_begin -- text, then rodata -- read-only for privileged
 * code and user-inaccessible (APX = 1, AP = 01); rodata is also
 * never-execute. That happens just before /init runs, after boot-time
 * self-patching (ftrace's nops, jump labels, SMP fix-ups), so the first
 * table that has such sections is the one to take a baseline of.
 */
#ifndef INTEGRITY_KMAP_H
#define INTEGRITY_KMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <ulib/guest_mem.h>

#define KMAP_SECTION_SIZE 0x100000u
#define SCTLR_M           (1u << 0)
#define TTBCR_EAE         (1u << 31)     /* long descriptors: not watched */
#define TTBCR_N_MASK      7u             /* TTBR0 translates below 2^(32-N) only */
#define TTBR_BASE_MASK    0xffffc000u    /* a first-level table of 16 KiB (N = 0) */
#define KMAP_MAX_SECTIONS 32u   /* 32 MiB of text and read-only data */

struct kmap_section {
	uint32_t va;     /* 1 MiB aligned */
	uint32_t desc;   /* its first-level descriptor, as found */
};

/* vCPU 0's translation registers. */
struct kmap_regs {
	uint32_t sctlr, ttbcr, ttbr0, ttbr1, dacr;
};

struct kmap {
	gpa_t table;      /* the first-level table */
	unsigned n;
	struct kmap_section s[KMAP_MAX_SECTIONS];
	struct kmap_regs regs;   /* as the table was found (kmap_live) */
};

/* The section's physical base (supersections: the 1 MiB part of it). */
uint32_t kmap_section_pa(const struct kmap_section *s);
/* Executable (text) rather than never-execute (read-only data). */
bool kmap_section_exec(const struct kmap_section *s);

/* Reads the 16 KiB first-level table at table_pa (through guest_mem) and
 * collects the kernel image's read-only sections: the run of privileged
 * read-only sections, adjacent in virtual and physical space, that holds
 * the first executable one. Returns their number (0: no such run yet), or
 * -1 if the table is not in normal RAM or the run is longer than
 * KMAP_MAX_SECTIONS. Read-only sections whose memory lies outside normal
 * RAM are never taken (counted in *outside, which may be NULL). */
int kmap_scan(uint32_t table_pa, struct kmap *m, unsigned *outside);

/* Whether a and b found the same sections in the same table (n > 0). */
bool kmap_same(const struct kmap *a, const struct kmap *b);

/* The physical address of va in m's sections; false if va is not in them. */
bool kmap_pa(const struct kmap *m, uint32_t va, uint32_t *pa);
/* The word at va in m's sections; false if va is not in them. */
bool kmap_read32(const struct kmap *m, uint32_t va, uint32_t *w);

/* The first of m's sections whose descriptor differs now, or -1 if none
 * does (or -2 if the table can no longer be read). */
int kmap_changed(const struct kmap *m);

/*
 * How vCPU 0 translates the image now (registers `now`, read each period)
 * against how it did when m was found (m->regs). The baseline's table is
 * swapper_pg_dir (TTBR1), but with TTBCR.N = 0 the walk uses TTBR0: the
 * running process's own first-level table, whose kernel half Linux copies
 * from swapper's when it creates the process. A rootkit that remaps or
 * unprotects the text there, loads another table, switches the MMU off or
 * lifts permission checks for the image's domain (DACR "manager") changes
 * what the CPU executes without touching the pages or the baseline table.
 */
enum kmap_live {
	KMAP_LIVE_SAME,         /* the live walk maps the image as the baseline did */
	KMAP_LIVE_MMU_OFF,      /* SCTLR.M clear */
	KMAP_LIVE_TTBCR,        /* another table format or split */
	KMAP_LIVE_TTBR1,        /* another kernel table */
	KMAP_LIVE_DACR,         /* a section's domain is "manager": no permission checks */
	KMAP_LIVE_REMAPPED,     /* TTBR0's table maps a section otherwise */
	KMAP_LIVE_UNREADABLE,   /* TTBR0's table is not in normal RAM */
};

/* *section: for DACR and REMAPPED, the first section concerned; *desc: for
 * REMAPPED, its live descriptor. */
enum kmap_live kmap_live(const struct kmap *m, const struct kmap_regs *now, unsigned *section,
			 uint32_t *desc);

#endif
