/*
 * The storage medium: the device that holds the data region, as the store,
 * the journal and the layout see it (docs/storage.md). Whatever the device,
 * the calls mean what they mean on NOR flash, because the power-cut rules
 * of store.c and journal.c are written in those terms:
 *   - an erase makes every byte of one erase block 0xff, and once it has
 *     returned MEDIUM_OK the block reads so after a power cut too (or it
 *     is overwritten whole by a program before anything can read it);
 *   - a program writes bytes that are erased (0xff) and nothing else: the
 *     store never programs over data (the journal checks a slot is blank
 *     before it programs it; a write back erases its block first);
 *   - a read returns what is on the medium, never a status word;
 *   - a cut in an erase or a program may leave any part of that block or
 *     that range garbage, and nothing else.
 * Offsets are bytes from the medium's start, lengths and offsets multiples
 * of 4, buffers 4-byte aligned.
 *
 * Two media (each its own file, chosen at link time by the board,
 * Makefile BOARD_STORAGE): cfi.c, QEMU virt's CFI NOR flash, and
 * medium_sd.c, an SD card behind the i.MX uSDHC (drivers/usdhc.c). The
 * store reaches the one in use through medium.c; the component's main.c
 * picks the board's with port_medium(), the host tests either one.
 */
#ifndef STORAGE_MEDIUM_H
#define STORAGE_MEDIUM_H

#include <stddef.h>
#include <stdint.h>

/* The values are CFI's of old (cfi.h), which log lines show. */
enum medium_result {
	MEDIUM_OK = 0,
	MEDIUM_ENODEV = -1,        /* no device of this kind answered */
	MEDIUM_EUNSUPPORTED = -2,  /* one answered, of a shape not supported */
	MEDIUM_EIO = -3,           /* the device reported an error */
	MEDIUM_ETIMEOUT = -4,      /* the device stayed busy past the bound */
	MEDIUM_EUNERASED = -5,     /* a program over bytes not erased, refused */
};

struct medium_geometry {
	uint32_t size;          /* bytes the store may use */
	uint32_t block_size;    /* erase block, bytes */
	uint32_t nblocks;
};

struct medium {
	const char *name;       /* in log lines: "flash", "sd" */
	/* Finds the device, keeps its geometry; on failure why says what was
	 * found. Forgets whatever it held in RAM (a reboot's state). */
	int (*init)(struct medium_geometry *g, char *why, size_t len);
	/* One line for the log about what init found. */
	void (*describe)(char *line, size_t len);
	int (*read)(uint32_t off, void *dst, uint32_t len);
	/* The same with every 32-bit word inverted, in one pass (the store
	 * keeps its data so); NULL: medium.c reads, then inverts. */
	int (*read_inverted)(uint32_t off, void *dst, uint32_t len);
	/* MEDIUM_OK if [off, off + len) holds src's words, MEDIUM_EIO if one
	 * differs, read in place (a program's read-back); NULL: medium.c reads
	 * it into the caller's scratch buffer and compares. */
	int (*compare)(uint32_t off, const uint32_t *src, uint32_t len);
	/* Erases the block holding off. */
	int (*erase)(uint32_t off);
	int (*program)(uint32_t off, const uint32_t *src, uint32_t len);
	/* Back to idle (read-array mode) after a thread restarted mid-call. */
	void (*idle)(void);
	/* A status word of the last failure, for a log line. */
	uint32_t (*last_status)(void);
	/* The bench: the slow way of programming on (word programs, one
	 * block per command) or off. */
	void (*slow_writes)(int on);
};

/* The two media. */
extern const struct medium cfi_medium;   /* cfi.c */
extern const struct medium medium_sd;    /* medium_sd.c */
/* The SD medium's controller: its registers at base (mapped), the caller's
 * clock for the bounds of its waits. Before medium_sd's init. */
struct usdhc_port;
void medium_sd_attach(uintptr_t base, const struct usdhc_port *port);

/* The board's medium: port.c (CFI flash) or sd_port.c (uSDHC), whichever
 * the build links (Makefile BOARD_STORAGE). */
const struct medium *port_medium(void);

/* The medium the store uses (medium.c); the calls below go to it. */
void medium_use(const struct medium *m);
const struct medium *medium_current(void);
const char *medium_name(void);
int medium_init(struct medium_geometry *g, char *why, size_t len);
void medium_describe(char *line, size_t len);
int medium_read(uint32_t off, void *dst, uint32_t len);
int medium_read_inverted(uint32_t off, void *dst, uint32_t len);
/* The medium's compare, or a read of room bytes at a time into scratch
 * and a memcmp. */
int medium_compare(uint32_t off, const uint32_t *src, uint32_t len, uint32_t *scratch,
		   uint32_t room);
int medium_erase(uint32_t off);
int medium_program(uint32_t off, const uint32_t *src, uint32_t len);
void medium_idle(void);
uint32_t medium_last_status(void);
void medium_slow_writes(int on);
/* dst's len / 4 words = the inverse of src's (dst may be src): the store's
 * data as it goes between the medium's form and a reader's. */
void medium_invert(void *dst, const void *src, uint32_t len);

#endif
