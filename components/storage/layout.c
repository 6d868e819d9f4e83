/* The data region's layout and its superblock (layout.h). */
#include <lib/fmt.h>
#include <lib/string.h>
#include <tzvmm/storage.h>
#include "crc32.h"
#include "journal.h"
#include "layout.h"

_Static_assert(FLASH_DATA_OFFSET % FLASH_BLOCK_SIZE == 0 && FLASH_SIZE % FLASH_BLOCK_SIZE == 0,
	       "the regions are whole blocks");
_Static_assert(FLASH_BLOCK_SIZE % STORAGE_SECTOR == 0, "a block holds whole sectors");
_Static_assert(LAYOUT_LOGICAL_MAX <= JOURNAL_MAP_MAX, "a journal record maps every logical block");

int layout_init(struct layout *l, const struct medium_geometry *g, char *why, size_t len)
{
	if (g->size != FLASH_SIZE || g->block_size != FLASH_BLOCK_SIZE) {
		fmt_snprintf(why, len, "the chip has %u KiB in blocks of %u KiB; the layout needs "
			     "%u KiB in blocks of %u KiB", (unsigned)(g->size / 1024u),
			     (unsigned)(g->block_size / 1024u), FLASH_SIZE / 1024u,
			     FLASH_BLOCK_SIZE / 1024u);
		return -1;
	}
	l->block_size = FLASH_BLOCK_SIZE;
	l->superblock = FLASH_DATA_OFFSET;
	for (uint32_t i = 0; i < LAYOUT_JOURNAL_BLOCKS; i++)
		l->journal[i] = FLASH_DATA_OFFSET + (1u + i) * FLASH_BLOCK_SIZE;
	l->pool = FLASH_DATA_OFFSET + (1u + LAYOUT_JOURNAL_BLOCKS) * FLASH_BLOCK_SIZE;
	l->npool = LAYOUT_POOL_MAX;
	l->nlogical = LAYOUT_LOGICAL_MAX;
	return 0;
}

uint64_t layout_capacity(const struct layout *l)
{
	return (uint64_t)l->nlogical * (l->block_size / STORAGE_SECTOR);
}

void layout_superblock(const struct layout *l, struct superblock *sb)
{
	memset(sb, 0, sizeof(*sb));
	sb->magic = LAYOUT_MAGIC;
	sb->version = LAYOUT_VERSION;
	sb->flash_size = FLASH_SIZE;
	sb->block_size = l->block_size;
	sb->region = l->superblock;
	sb->journal_blocks = LAYOUT_JOURNAL_BLOCKS;
	sb->npool = l->npool;
	sb->nlogical = l->nlogical;
	sb->record_size = JOURNAL_RECORD_SIZE;
	sb->flags = LAYOUT_FLAG_INVERTED;
	sb->crc = crc32(sb, offsetof(struct superblock, crc));
}

static int all_ones(const void *p, size_t len)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i] != 0xffu)
			return 0;
	return 1;
}

enum layout_sb layout_check(const struct layout *l, const struct superblock *sb, char *why,
			    size_t len)
{
	struct superblock want;

	if (all_ones(sb, sizeof(*sb)))
		return LAYOUT_SB_BLANK;
	if (sb->magic != LAYOUT_MAGIC || sb->crc != crc32(sb, offsetof(struct superblock, crc)))
		return LAYOUT_SB_NONE;
	if (sb->version != LAYOUT_VERSION) {
		fmt_snprintf(why, len, "superblock version %u, this build reads version %u",
			     (unsigned)sb->version, LAYOUT_VERSION);
		return LAYOUT_SB_MISMATCH;
	}
	layout_superblock(l, &want);
	if (memcmp(sb, &want, sizeof(want)) != 0) {
		fmt_snprintf(why, len, "formatted for %u KiB flash, data at 0x%x, %u blocks of %u "
			     "KiB (%u usable, %u journal, %u-byte records, flags 0x%x); this build "
			     "lays out %u blocks (%u usable) at 0x%x",
			     (unsigned)(sb->flash_size / 1024u), (unsigned)sb->region,
			     (unsigned)sb->npool, (unsigned)(sb->block_size / 1024u),
			     (unsigned)sb->nlogical, (unsigned)sb->journal_blocks,
			     (unsigned)sb->record_size, (unsigned)sb->flags, (unsigned)want.npool,
			     (unsigned)want.nlogical, (unsigned)want.region);
		return LAYOUT_SB_MISMATCH;
	}
	return LAYOUT_SB_OK;
}
