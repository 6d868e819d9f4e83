/*
 * The journal: where each logical block of the capacity lives in the
 * pool. Every commit appends one 256-byte record holding the whole map,
 * a sequence number and a CRC-32; the newest record that checks out is
 * the state. A record is written only after the blocks it names were
 * programmed and read back, and a block the newest record names is never
 * erased, so a power cut at any moment leaves either the old record or
 * the new one newest: a torn record fails its CRC and is skipped. A commit
 * that fails may have left its record all the same (journal_commit): until
 * a later one succeeds, either may be the newest.
 *
 * The two journal blocks are used in turn: when the one being written is
 * full, the other (which holds only older records) is erased and the
 * next record goes to its start.
 */
#ifndef STORAGE_JOURNAL_H
#define STORAGE_JOURNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "layout.h"

#define JOURNAL_RECORD_SIZE 256u
#define JOURNAL_MAGIC       0x4a535a54u   /* "TZSJ" */
#define JOURNAL_MAP_MAX     236u
#define JOURNAL_SLOTS       (FLASH_BLOCK_SIZE / JOURNAL_RECORD_SIZE)
/* Slots a commit may try (each after a torn or unreadable one) before it
 * reports an error, besides one switch of blocks. */
#define JOURNAL_TRIES       8u

/* A record as it is on flash. */
struct journal_record {
	uint32_t magic;
	uint32_t seq;
	uint16_t nlogical;
	uint16_t npool;
	uint8_t map[JOURNAL_MAP_MAX];   /* logical block i is pool block map[i]; 0xff after */
	/* The rollback counter (journal_record_counter), inverted: bytes a record
	 * written before it existed left at 0xff read as 0. */
	uint32_t counter_inv;
	uint32_t crc;                   /* CRC-32 of everything before it */
};
_Static_assert(sizeof(struct journal_record) == JOURNAL_RECORD_SIZE, "a record's size");

struct journal {
	uint32_t seq;            /* of the newest record known valid; 0: none yet */
	bool have_newest;
	unsigned newest_block;   /* the journal block holding it */
	unsigned block;          /* where the next record goes */
	uint32_t next;           /* its slot */
	uint32_t torn;           /* slots written after the newest record (a cut's) */
	/* A commit failed after it had programmed a slot. A chip may report
	 * an error for a program it did: the record may be valid on flash,
	 * and newer than seq's, or torn. Which one a mount would take is
	 * unknown until a commit succeeds; unsure_seq is the highest number
	 * such a record may have. */
	bool unsure;
	uint32_t unsure_seq;
	/* The rollback counter the next record carries: the newest record's
	 * (journal_scan), raised by the store (store_counter_raise). */
	uint32_t counter;
};

/* Reads both journal blocks: map gets the newest valid record's map (the
 * identity if there is none: a region as formatted); j says where the
 * next record goes. */
int journal_scan(struct journal *j, const struct layout *l, uint8_t *map);
/* Appends a record of map. Returns MEDIUM_OK once it is durable and read
 * back: it is then the newest. On an error, the newest record is still
 * the one before, unless j->unsure: then it may as well be this one, or
 * one of an earlier failed commit, and until a commit succeeds the caller
 * must erase no block any of these maps names. */
int journal_commit(struct journal *j, const struct layout *l, const uint8_t *map);
/* The number the next record takes: past any a failed commit may have left
 * on flash, which a record numbered the same could lose to at a mount. */
static inline uint32_t journal_next_seq(const struct journal *j)
{
	return (j->unsure ? j->unsure_seq : j->seq) + 1u;
}

void journal_encode(const struct layout *l, uint32_t seq, const uint8_t *map, uint32_t counter,
		    struct journal_record *r);
/* 0 and the record's map in map if r is a valid record for l, else -1. */
int journal_decode(const struct layout *l, const struct journal_record *r, uint8_t *map);
/* The rollback counter a valid record carries. */
static inline uint32_t journal_record_counter(const struct journal_record *r)
{
	return ~r->counter_inv;
}

#endif
