/*
 * The block store (store.h). A write back never touches a block the
 * newest journal record names: it erases a free pool block, programs the
 * new contents there, reads them back, and only then commits a record
 * naming it, which frees the block that held the old contents. So each
 * written-back block costs one erase, and the spares take turns (the
 * allocation cursor goes round the pool). A commit that fails may have
 * left its record all the same, which names blocks the map in RAM calls
 * free: nothing is erased then until a record of that map is written
 * again (write_back).
 */
#include <lib/string.h>
#include <tzvmm/storage.h>
#include <ulib/ulog.h>
#include "medium.h"
#include "journal.h"
#include "store.h"

/* The piece a block is read back (or checked blank) in, through staging. */
#define CHUNK       4096u
#define CHUNK_WORDS (CHUNK / 4u)
#define BLOCK_WORDS (FLASH_BLOCK_SIZE / 4u)
#define NO_BLOCK    0xffffffffu

_Static_assert(LAYOUT_SPARES >= STORE_CACHE_BLOCKS, "a flush needs a free block per cached one");
_Static_assert(STORAGE_DATA_MAX <= FLASH_BLOCK_SIZE, "a request spans at most two blocks");
_Static_assert(FLASH_BLOCK_SIZE % CHUNK == 0, "whole chunks per block");

struct cache_slot {
	uint32_t logical;   /* NO_BLOCK: empty */
	bool dirty;         /* differs from the flash */
	uint32_t used_at;   /* for least-recently-used eviction */
	uint32_t data[BLOCK_WORDS];   /* as on flash (inverted): programmed in one call */
};

static struct {
	enum store_state state;
	struct medium_geometry geo;
	struct layout l;
	struct journal j;
	uint8_t map[LAYOUT_LOGICAL_MAX];   /* logical block -> pool block */
	bool used[LAYOUT_POOL_MAX];        /* pool block named by the map */
	uint32_t cursor;                   /* where allocation looks first */
	uint32_t clock;
} st;

static struct cache_slot cache[STORE_CACHE_BLOCKS];
/* One chunk read back from flash. */
static uint32_t staging[CHUNK_WORDS];

void store_forget(void)
{
	memset(&st, 0, sizeof(st));
	for (unsigned i = 0; i < STORE_CACHE_BLOCKS; i++) {
		cache[i].logical = NO_BLOCK;
		cache[i].dirty = false;
	}
}

enum store_state store_state(void)
{
	return st.state;
}

uint64_t store_capacity(void)
{
	return st.state == STORE_READY ? layout_capacity(&st.l) : 0;
}

const struct layout *store_layout(void)
{
	return &st.l;
}

uint32_t store_scratch_block(unsigned i)
{
	for (uint32_t p = 0; p < st.l.npool; p++)
		if (!st.used[p] && i-- == 0)
			return layout_pool_block(&st.l, p);
	return NO_BLOCK;
}

uint32_t *store_scratch_buffer(void)
{
	for (unsigned i = 0; i < STORE_CACHE_BLOCKS; i++)
		if (cache[i].dirty)
			return NULL;
	for (unsigned i = 0; i < STORE_CACHE_BLOCKS; i++)
		cache[i].logical = NO_BLOCK;
	return cache[0].data;
}

/* The first offset in [off, off + len) that is not erased, or NO_BLOCK;
 * *word what it holds. */
static uint32_t first_written(uint32_t off, uint32_t len, uint32_t *word)
{
	while (len) {
		uint32_t n = len < CHUNK ? len : CHUNK;

		medium_read(off, staging, n);
		for (uint32_t i = 0; i < n / 4u; i++) {
			if (staging[i] != 0xffffffffu) {
				*word = staging[i];
				return off + 4u * i;
			}
		}
		off += n;
		len -= n;
	}
	return NO_BLOCK;
}

/* Writes the superblock; the rest of the region is erased already. */
static int format(bool torn)
{
	struct superblock sb, back;
	int rc = torn ? medium_erase(st.l.superblock) : MEDIUM_OK;

	layout_superblock(&st.l, &sb);
	if (rc == MEDIUM_OK)
		rc = medium_program(st.l.superblock, (const uint32_t *)&sb, sizeof(sb));
	if (rc == MEDIUM_OK)
		rc = medium_read(st.l.superblock, &back, sizeof(back));
	if (rc == MEDIUM_OK && memcmp(&sb, &back, sizeof(sb)) != 0)
		rc = MEDIUM_EIO;
	if (rc != MEDIUM_OK)
		ulog("error: %s data region: writing the superblock at 0x%08x failed (%d, "
		     "status 0x%08x)", medium_name(), (unsigned)st.l.superblock, rc,
		     (unsigned)medium_last_status());
	return rc;
}

/* Checks the superblock, formats a blank region; 0 if the region is ours. */
static int open_region(void)
{
	char why[200];
	struct superblock sb;
	uint32_t region = st.l.superblock, end = FLASH_SIZE, written, word = 0;
	enum layout_sb s;

	medium_read(region, &sb, sizeof(sb));
	s = layout_check(&st.l, &sb, why, sizeof(why));
	if (s == LAYOUT_SB_OK)
		return 0;
	if (s == LAYOUT_SB_MISMATCH) {
		ulog("error: %s data region: %s; not using it", medium_name(), why);
		return -1;
	}
	/* Never format over data that is not ours: only a region that is
	 * blank after where the superblock goes (a new file, or a format a
	 * power cut stopped half-way through its one program). */
	written = first_written(region + sizeof(sb), end - region - (uint32_t)sizeof(sb), &word);
	if (written != NO_BLOCK) {
		ulog("error: %s data region: no tzvmm superblock at 0x%08x (first word 0x%08x) "
		     "and not blank: 0x%08x at 0x%08x; not formatting over it", medium_name(),
		     (unsigned)region, (unsigned)sb.magic, (unsigned)word, (unsigned)written);
		return -1;
	}
	if (s == LAYOUT_SB_NONE)
		ulog("data region: a format was cut short (the superblock is torn, nothing else "
		     "written): formatting again");
	if (format(s == LAYOUT_SB_NONE) != MEDIUM_OK)
		return -1;
	ulog("data region: blank, formatted: %u blocks of %u KiB (%u sectors) at 0x%08x",
	     (unsigned)st.l.nlogical, (unsigned)(st.l.block_size / 1024u),
	     (unsigned)layout_capacity(&st.l), (unsigned)region);
	return 1;
}

enum store_state store_mount(void)
{
	char why[200];
	int opened;

	store_forget();
	st.state = STORE_NODEV;
	if (medium_init(&st.geo, why, sizeof(why)) != MEDIUM_OK) {
		ulog("error: %s: %s", medium_name(), why);
		return st.state;
	}
	medium_describe(why, sizeof(why));
	ulog("%s: %s", medium_name(), why);
	if (layout_init(&st.l, &st.geo, why, sizeof(why)) != 0) {
		ulog("error: %s data region: %s", medium_name(), why);
		return st.state;
	}
	opened = open_region();
	if (opened < 0 || journal_scan(&st.j, &st.l, st.map) != MEDIUM_OK)
		return st.state;
	for (uint32_t i = 0; i < st.l.nlogical; i++)
		st.used[st.map[i]] = true;
	if (!opened)
		ulog("data region: superblock found at 0x%08x: %u blocks of %u KiB (%u sectors); "
		     "journal at record %u%s", (unsigned)st.l.superblock, (unsigned)st.l.nlogical,
		     (unsigned)(st.l.block_size / 1024u), (unsigned)layout_capacity(&st.l),
		     (unsigned)st.j.seq, st.j.torn ? ", a torn one after it passed over" : "");
	st.state = STORE_READY;
	return st.state;
}

/* A free pool block not in taken, round the pool from the cursor. */
static uint32_t allocate(const bool *taken)
{
	for (uint32_t k = 0; k < st.l.npool; k++) {
		uint32_t p = (st.cursor + k) % st.l.npool;

		if (!st.used[p] && !taken[p]) {
			st.cursor = p + 1u;
			return p;
		}
	}
	return NO_BLOCK;   /* cannot happen: LAYOUT_SPARES >= STORE_CACHE_BLOCKS */
}

/* Erases pool block p, programs data into it (the flash driver leaves
 * out what the erase already wrote: zeros, which are ones on flash; the SD
 * medium writes the whole block once, medium_sd.c), reads it back. */
static int write_block(uint32_t p, const uint32_t *data)
{
	uint32_t base = layout_pool_block(&st.l, p);
	int rc = medium_erase(base);

	if (rc == MEDIUM_OK)
		rc = medium_program(base, data, st.l.block_size);
	if (rc == MEDIUM_OK)
		rc = medium_compare(base, data, st.l.block_size, staging, CHUNK);
	if (rc != MEDIUM_OK)
		ulog("error: %s: writing pool block %u at 0x%08x failed (%d, status 0x%08x)",
		     medium_name(), (unsigned)p, (unsigned)base, rc,
		     (unsigned)medium_last_status());
	return rc;
}

/* Appends a journal record of map; logs a failure. */
static int commit(const uint8_t *map)
{
	uint32_t seq = journal_next_seq(&st.j);
	int rc = journal_commit(&st.j, &st.l, map);

	if (rc != MEDIUM_OK)
		ulog("error: %s: journal record %u not written (%d, status 0x%08x)%s",
		     medium_name(), (unsigned)seq, rc, (unsigned)medium_last_status(),
		     st.j.unsure ? "; it may be on flash all the same: nothing is erased until "
				   "a record is" : "");
	return rc;
}

/* Writes the n dirty slots to free blocks and commits them in one record. */
static uint32_t write_back(struct cache_slot *const *slots, unsigned n)
{
	uint8_t map[LAYOUT_LOGICAL_MAX];
	bool taken[LAYOUT_POOL_MAX] = { false };

	/* After a failed commit, the record on flash that a mount would take
	 * may be the one st.map comes from, or the failed one, which names
	 * blocks st.map calls free (journal.h): neither's blocks may be
	 * erased. A record of st.map again, numbered past the failed one,
	 * makes it the newest for certain before any block is. */
	if (st.j.unsure && commit(st.map) != MEDIUM_OK)
		return STORAGE_EIO;
	memcpy(map, st.map, st.l.nlogical);
	for (unsigned i = 0; i < n; i++) {
		uint32_t p = allocate(taken);

		if (p == NO_BLOCK || write_block(p, slots[i]->data) != MEDIUM_OK)
			return STORAGE_EIO;
		taken[p] = true;
		map[slots[i]->logical] = (uint8_t)p;
	}
	if (commit(map) != MEDIUM_OK)
		return STORAGE_EIO;
	for (unsigned i = 0; i < n; i++) {
		uint32_t l = slots[i]->logical;

		st.used[st.map[l]] = false;
		st.used[map[l]] = true;
		slots[i]->dirty = false;
	}
	memcpy(st.map, map, st.l.nlogical);
	return STORAGE_OK;
}

static struct cache_slot *cached(uint32_t logical)
{
	for (unsigned i = 0; i < STORE_CACHE_BLOCKS; i++)
		if (cache[i].logical == logical)
			return &cache[i];
	return NULL;
}

/* A slot for a block not cached: an empty one, else the least recently
 * used clean one, else the least recently used, written back first. */
static struct cache_slot *take_slot(void)
{
	struct cache_slot *victim = NULL;

	for (unsigned i = 0; i < STORE_CACHE_BLOCKS; i++) {
		struct cache_slot *s = &cache[i];

		if (s->logical == NO_BLOCK)
			return s;
		if (!victim || (victim->dirty && !s->dirty) ||
		    (victim->dirty == s->dirty && (int32_t)(s->used_at - victim->used_at) < 0))
			victim = s;
	}
	if (victim->dirty && write_back(&victim, 1) != STORAGE_OK)
		return NULL;
	victim->logical = NO_BLOCK;
	return victim;
}

/* The pieces of [sector, sector + count) in each logical block. */
struct piece {
	uint32_t block, offset, len;
};

static struct piece piece_at(uint32_t sector, uint32_t count)
{
	uint32_t per_block = st.l.block_size / STORAGE_SECTOR;
	uint32_t first = sector % per_block, n = per_block - first;

	n = n < count ? n : count;
	return (struct piece){ sector / per_block, first * STORAGE_SECTOR, n * STORAGE_SECTOR };
}

/* Where the next bytes of a request's buffers go or come from. */
struct seg_cursor {
	const struct store_seg *seg;
	uint32_t off;   /* into *seg */
};

/* Up to want bytes of the buffers at the cursor, *n of them (the rest of
 * the current buffer at most); moves the cursor past them. The caller asks
 * for no more than the buffers hold (store.h). */
static uint8_t *seg_take(struct seg_cursor *c, uint32_t want, uint32_t *n)
{
	uint8_t *p = c->seg->p + c->off;
	uint32_t room = c->seg->len - c->off;

	*n = want < room ? want : room;
	c->off += *n;
	if (c->off == c->seg->len) {
		c->seg++;
		c->off = 0;
	}
	return p;
}

/* The data region holds every word inverted (LAYOUT_FLAG_INVERTED): a read
 * inverts on its one copy, from the cache or straight from the medium. */
uint32_t store_read(uint32_t sector, uint32_t count, const struct store_seg *seg)
{
	struct seg_cursor c = { seg, 0 };

	if (st.state != STORE_READY)
		return STORAGE_ENODEV;
	while (count) {
		struct piece p = piece_at(sector, count);
		const struct cache_slot *s = cached(p.block);
		uint32_t at = layout_pool_block(&st.l, st.map[p.block]) + p.offset, done = 0, n;

		do {   /* a piece is at least a sector */
			uint8_t *out = seg_take(&c, p.len - done, &n);

			if (s)
				medium_invert(out, (const uint8_t *)s->data + p.offset + done, n);
			else if (medium_read_inverted(at + done, out, n) != MEDIUM_OK)
				return STORAGE_EIO;
			done += n;
		} while (done < p.len);
		sector += p.len / STORAGE_SECTOR;
		count -= p.len / STORAGE_SECTOR;
	}
	return STORAGE_OK;
}

uint32_t store_write(uint32_t sector, uint32_t count, const struct store_seg *seg)
{
	struct seg_cursor c = { seg, 0 };

	if (st.state != STORE_READY)
		return STORAGE_ENODEV;
	while (count) {
		struct piece p = piece_at(sector, count);
		struct cache_slot *s = cached(p.block);
		uint32_t done = 0, n;

		if (!s) {
			s = take_slot();
			if (!s)
				return STORAGE_EIO;
			/* A piece that covers the whole block needs nothing
			 * of the old contents. */
			if (p.len != st.l.block_size &&
			    medium_read(layout_pool_block(&st.l, st.map[p.block]), s->data,
				     st.l.block_size) != MEDIUM_OK)
				return STORAGE_EIO;
			s->logical = p.block;
		}
		do {
			const uint8_t *in = seg_take(&c, p.len - done, &n);

			medium_invert((uint8_t *)s->data + p.offset + done, in, n);
			done += n;
		} while (done < p.len);
		s->dirty = true;
		s->used_at = ++st.clock;
		sector += p.len / STORAGE_SECTOR;
		count -= p.len / STORAGE_SECTOR;
	}
	return STORAGE_OK;
}

uint32_t store_counter(uint32_t *value)
{
	if (st.state != STORE_READY)
		return STORAGE_ENODEV;
	*value = st.j.counter;
	return STORAGE_OK;
}

uint32_t store_counter_raise(uint32_t value)
{
	if (st.state != STORE_READY)
		return STORAGE_ENODEV;
	if (value <= st.j.counter)
		return STORAGE_OK;
	/* A record of the map on the medium now: cached writes stay cached.
	 * If it fails the counter stays raised in RAM (the next record
	 * carries it): a failed commit's record may be on the medium, and
	 * the counter only ever goes up. */
	st.j.counter = value;
	return commit(st.map) == MEDIUM_OK ? STORAGE_OK : STORAGE_EIO;
}

uint32_t store_flush(void)
{
	struct cache_slot *dirty[STORE_CACHE_BLOCKS];
	unsigned n = 0;

	if (st.state != STORE_READY)
		return STORAGE_ENODEV;
	for (unsigned i = 0; i < STORE_CACHE_BLOCKS; i++)
		if (cache[i].dirty)
			dirty[n++] = &cache[i];
	return n ? write_back(dirty, n) : STORAGE_OK;
}
