/*
 * A driver for CFI NOR flash with the Intel command set (JEDEC JESD68.01,
 * Intel's "Common Flash Interface" and "Basic Command Set"), as QEMU's
 * pflash_cfi01 implements it on virt: a 32-bit bank of one, two or four
 * devices side by side (two x16 on QEMU), uniform erase blocks.
 *
 * Every call returns with the chip in read-array mode, so that anything
 * else reading the flash as memory reads data, not a status register; a
 * failed or timed-out operation clears the status register first. The
 * caller serialises calls (one chip, one state machine). Polling is
 * bounded by the timeouts the chip's own query reports.
 *
 * It is one of the store's media (medium.h): cfi_medium, at the end of
 * cfi.c. NOR flash is what the medium's meaning comes from: an erase sets
 * a block's bits to ones, a program can only clear bits.
 */
#ifndef STORAGE_CFI_H
#define STORAGE_CFI_H

#include <stddef.h>
#include <stdint.h>
#include "medium.h"

struct cfi_geometry {
	uint32_t size;                 /* bytes in the bank */
	uint32_t block_size;           /* erase block, bytes across the bank */
	uint32_t nblocks;
	uint32_t buffer_size;          /* write buffer across the bank, 0 if none */
	unsigned devices;              /* devices side by side in the 32-bit bank */
	uint32_t program_timeout_us;   /* a buffer (or a word) at most */
	uint32_t erase_timeout_ms;     /* a block at most */
};

/* The medium's results (medium.h), by their CFI meaning. */
enum cfi_result {
	CFI_OK = MEDIUM_OK,
	CFI_ENOCFI = MEDIUM_ENODEV,             /* no "QRY" answer: not CFI flash */
	CFI_EUNSUPPORTED = MEDIUM_EUNSUPPORTED, /* not Intel's command set, or blocks not uniform */
	CFI_EIO = MEDIUM_EIO,                   /* the status register reported an error */
	CFI_ETIMEOUT = MEDIUM_ETIMEOUT,         /* the chip stayed busy past the bound */
};

/* Buffers smaller than this are not worth their command cycles: such a
 * chip is programmed a word at a time. */
#define CFI_MIN_BUFFER 64u

/* Queries the chip (command 0x98) and keeps its geometry for the other
 * calls. On failure, why says what was found, for a log line. */
int cfi_init(struct cfi_geometry *g, char *why, size_t len);
/* len bytes at off (multiples of 4) into dst, in read-array mode. */
int cfi_read(uint32_t off, void *dst, uint32_t len);
/* Erases the block holding off. */
int cfi_erase(uint32_t off);
/* Programs len bytes at off (multiples of 4) from src: buffered, in
 * pieces that never cross a buffer boundary, or word by word. Programming
 * can only clear bits: the range must be erased (or hold a superset of
 * the bits). Words of all ones are left out of word programming. */
int cfi_program(uint32_t off, const uint32_t *src, uint32_t len);
/* Puts the chip back in read-array mode (after a restart mid-operation). */
void cfi_read_array(void);
/* The status the last failed operation read, for a log line. */
uint32_t cfi_last_status(void);
/* Test hook: program word by word even if the chip has a buffer. */
void cfi_force_word_program(int on);

#endif
