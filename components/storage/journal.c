/* The journal of pool maps (journal.h). */
#include <stddef.h>
#include <lib/string.h>
#include "medium.h"
#include "crc32.h"
#include "journal.h"

/* Sequence numbers compare as serial numbers: the records on flash span
 * at most 2 * JOURNAL_SLOTS of them, so wrapping around 2^32 is fine. */
static bool newer(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

static uint32_t slot_offset(const struct layout *l, unsigned block, uint32_t slot)
{
	return l->journal[block] + slot * JOURNAL_RECORD_SIZE;
}

/* An erased slot (one test per slot, not per word). */
static bool blank(const struct journal_record *r)
{
	const uint32_t *w = (const uint32_t *)r;
	uint32_t all = 0xffffffffu;

	for (size_t i = 0; i < sizeof(*r) / 4u; i++)
		all &= w[i];
	return all == 0xffffffffu;
}

void journal_encode(const struct layout *l, uint32_t seq, const uint8_t *map, uint32_t counter,
		    struct journal_record *r)
{
	memset(r, 0xff, sizeof(*r));
	r->magic = JOURNAL_MAGIC;
	r->seq = seq;
	r->nlogical = (uint16_t)l->nlogical;
	r->npool = (uint16_t)l->npool;
	memcpy(r->map, map, l->nlogical);
	r->counter_inv = ~counter;
	r->crc = crc32(r, offsetof(struct journal_record, crc));
}

int journal_decode(const struct layout *l, const struct journal_record *r, uint8_t *map)
{
	uint8_t used[LAYOUT_POOL_MAX];

	if (r->magic != JOURNAL_MAGIC || r->crc != crc32(r, offsetof(struct journal_record, crc)) ||
	    r->nlogical != l->nlogical || r->npool != l->npool)
		return -1;
	/* A map that checks out by its CRC but names a block twice, or one
	 * outside the pool, is not ours to follow. */
	memset(used, 0, sizeof(used));
	for (uint32_t i = 0; i < JOURNAL_MAP_MAX; i++) {
		uint8_t p = r->map[i];

		if (i >= l->nlogical) {
			if (p != 0xffu)
				return -1;
		} else if (p >= l->npool || used[p]++) {
			return -1;
		}
	}
	memcpy(map, r->map, l->nlogical);
	return 0;
}

int journal_scan(struct journal *j, const struct layout *l, uint8_t *map)
{
	struct journal_record r;
	uint8_t m[JOURNAL_MAP_MAX];

	memset(j, 0, sizeof(*j));
	for (uint32_t i = 0; i < l->nlogical; i++)
		map[i] = (uint8_t)i;
	for (unsigned b = 0; b < LAYOUT_JOURNAL_BLOCKS; b++) {
		uint32_t written = 0;   /* the slot after the last one written */

		/* By its first word: a slot a cut tore after an erased first
		 * word counts as free here, and journal_commit, which checks
		 * a whole slot before it programs it, passes over it. */
		for (uint32_t s = 0; s < JOURNAL_SLOTS; s++) {
			uint32_t magic;
			int rc = medium_read(slot_offset(l, b, s), &magic, sizeof(magic));

			if (rc != MEDIUM_OK)
				return rc;
			if (magic != 0xffffffffu)
				written = s + 1u;
		}
		/* Records go into a block in order, none numbered below one
		 * before it (a commit's tries share a number and a map): the
		 * block's newest valid one is its last. Slots a cut tore after
		 * it fail their CRC. */
		for (uint32_t s = written; s-- > 0;) {
			int rc = medium_read(slot_offset(l, b, s), &r, sizeof(r));

			if (rc != MEDIUM_OK)
				return rc;
			if (journal_decode(l, &r, m) != 0)
				continue;
			if (!j->have_newest || newer(r.seq, j->seq)) {
				j->have_newest = true;
				j->seq = r.seq;
				j->newest_block = b;
				j->torn = written - s - 1u;
				j->counter = journal_record_counter(&r);
				memcpy(map, m, l->nlogical);
			}
			break;
		}
		if (b == 0 || (j->have_newest && j->newest_block == b))
			j->next = written;
	}
	j->block = j->have_newest ? j->newest_block : 0;
	return MEDIUM_OK;
}

/* Moves writing to the journal block that does not hold the newest
 * record, erased. */
static int switch_blocks(struct journal *j, const struct layout *l)
{
	unsigned to = j->have_newest ? 1u - j->newest_block : 1u - j->block;
	int rc = medium_erase(l->journal[to]);

	if (rc != MEDIUM_OK)
		return rc;
	j->block = to;
	j->next = 0;
	return MEDIUM_OK;
}

/* A commit's error. A slot it programmed may hold its record all the
 * same, whole (the chip reported an error for a program it did, or a
 * read-back went wrong) or torn: the journal is unsure from then on. */
static int failed(struct journal *j, const struct journal_record *r, bool programmed, int rc)
{
	if (programmed) {
		j->unsure = true;
		j->unsure_seq = r->seq;
	}
	return rc == MEDIUM_OK ? MEDIUM_EIO : rc;
}

int journal_commit(struct journal *j, const struct layout *l, const uint8_t *map)
{
	struct journal_record r, back;
	bool switched = false, programmed = false;
	int rc = MEDIUM_EIO;

	journal_encode(l, journal_next_seq(j), map, j->counter, &r);
	for (unsigned tries = 0; tries < JOURNAL_TRIES; tries++) {
		if (j->next >= JOURNAL_SLOTS) {
			if (switched)
				return failed(j, &r, programmed, MEDIUM_EIO);
			/* This erases the block without the newest record known
			 * valid: all it can lose is records failed commits left,
			 * and that record (or, with none, the map a format starts
			 * from), whose blocks the caller kept, is the state again. */
			rc = switch_blocks(j, l);
			if (rc != MEDIUM_OK)
				return failed(j, &r, programmed, rc);
			switched = true;
		}
		uint32_t off = slot_offset(l, j->block, j->next++);

		/* Only an erased slot can be programmed: one a cut left half
		 * written is passed over. */
		rc = medium_read(off, &back, sizeof(back));
		if (rc != MEDIUM_OK || !blank(&back))
			continue;
		programmed = true;
		rc = medium_program(off, (const uint32_t *)&r, sizeof(r));
		if (rc == MEDIUM_OK)
			rc = medium_read(off, &back, sizeof(back));
		if (rc == MEDIUM_OK && memcmp(&back, &r, sizeof(r)) == 0) {
			j->seq = r.seq;
			j->have_newest = true;
			j->newest_block = j->block;
			j->unsure = false;
			return MEDIUM_OK;
		}
	}
	return failed(j, &r, programmed, rc);
}
