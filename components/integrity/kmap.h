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
#define KMAP_MAX_SECTIONS 32u   /* 32 MiB of text and read-only data */

struct kmap_section {
	uint32_t va;     /* 1 MiB aligned */
	uint32_t desc;   /* its first-level descriptor, as found */
};

struct kmap {
	gpa_t table;      /* the first-level table */
	unsigned n;
	struct kmap_section s[KMAP_MAX_SECTIONS];
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

/* The first of m's sections whose descriptor differs now, or -1 if none
 * does (or -2 if the table can no longer be read). */
int kmap_changed(const struct kmap *m);

#endif
