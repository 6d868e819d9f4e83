/* The journal of pool maps (journal.h). */
#include <stddef.h>
#include <lib/string.h>
#include "cfi.h"
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

void journal_encode(const struct layout *l, uint32_t seq, const uint8_t *map,
		    struct journal_record *r)
{
	memset(r, 0xff, sizeof(*r));
	r->magic = JOURNAL_MAGIC;
	r->seq = seq;
	r->nlogical = (uint16_t)l->nlogical;
	r->npool = (uint16_t)l->npool;
	memcpy(r->map, map, l->nlogical);
	r->crc = crc32(r, offsetof(struct journal_record, crc));
}

int journal_decode(const struct layout *l, const struct journal_record *r, uint8_t *map)
{
	uint8_t used[JOURNAL_MAP_MAX];

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
			int rc = cfi_read(slot_offset(l, b, s), &magic, sizeof(magic));

			if (rc != CFI_OK)
				return rc;
			if (magic != 0xffffffffu)
				written = s + 1u;
		}
		/* Records go into a block in order, each numbered one more than
		 * the newest before it: the block's newest valid one is its
		 * last. Slots a cut tore after it fail their CRC. */
		for (uint32_t s = written; s-- > 0;) {
			int rc = cfi_read(slot_offset(l, b, s), &r, sizeof(r));

			if (rc != CFI_OK)
				return rc;
			if (journal_decode(l, &r, m) != 0)
				continue;
			if (!j->have_newest || newer(r.seq, j->seq)) {
				j->have_newest = true;
				j->seq = r.seq;
				j->newest_block = b;
				j->torn = written - s - 1u;
				memcpy(map, m, l->nlogical);
			}
			break;
		}
		if (b == 0 || (j->have_newest && j->newest_block == b))
			j->next = written;
	}
	j->block = j->have_newest ? j->newest_block : 0;
	return CFI_OK;
}

/* Moves writing to the journal block that does not hold the newest
 * record, erased. */
static int switch_blocks(struct journal *j, const struct layout *l)
{
	unsigned to = j->have_newest ? 1u - j->newest_block : 1u - j->block;
	int rc = cfi_erase(l->journal[to]);

	if (rc != CFI_OK)
		return rc;
	j->block = to;
	j->next = 0;
	return CFI_OK;
}

int journal_commit(struct journal *j, const struct layout *l, const uint8_t *map)
{
	struct journal_record r, back;
	bool switched = false;
	int rc = CFI_EIO;

	journal_encode(l, j->seq + 1u, map, &r);
	for (unsigned tries = 0; tries < JOURNAL_TRIES; tries++) {
		if (j->next >= JOURNAL_SLOTS) {
			if (switched)
				return CFI_EIO;
			rc = switch_blocks(j, l);
			if (rc != CFI_OK)
				return rc;
			switched = true;
		}
		uint32_t off = slot_offset(l, j->block, j->next++);

		/* Only an erased slot can be programmed: one a cut left half
		 * written is passed over. */
		rc = cfi_read(off, &back, sizeof(back));
		if (rc != CFI_OK || !blank(&back))
			continue;
		rc = cfi_program(off, (const uint32_t *)&r, sizeof(r));
		if (rc == CFI_OK)
			rc = cfi_read(off, &back, sizeof(back));
		if (rc == CFI_OK && memcmp(&back, &r, sizeof(r)) == 0) {
			j->seq = r.seq;
			j->have_newest = true;
			j->newest_block = j->block;
			return CFI_OK;
		}
	}
	return rc == CFI_OK ? CFI_EIO : rc;
}
