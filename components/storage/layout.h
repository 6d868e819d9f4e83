/*
 * Where the storage component keeps what in the flash's data region
 * (docs/storage.md), and its superblock: the record that says the region
 * is formatted by this layout and with which geometry.
 *
 *   block 16        superblock (FLASH_DATA_OFFSET: the first 4 MiB are firmware)
 *   blocks 17-18    journal: two blocks of 256-byte records, used in turn
 *   blocks 19-255   the pool: 237 physical data blocks, of which 233 hold
 *                   the capacity (the journal's map says which) and 4 are
 *                   free at any time, to write new contents into
 */
#ifndef STORAGE_LAYOUT_H
#define STORAGE_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include <tzvmm/flash_layout.h>
#include "medium.h"

#define LAYOUT_VERSION        1u
#define LAYOUT_MAGIC          0x54535a54u   /* "TZST" */
#define LAYOUT_JOURNAL_BLOCKS 2u
/* Free pool blocks: a flush writes every cached block to a free one
 * before its one journal record (store.c asserts there are enough). */
#define LAYOUT_SPARES         4u
#define LAYOUT_POOL_MAX       ((FLASH_DATA_SIZE / FLASH_BLOCK_SIZE) - 1u - LAYOUT_JOURNAL_BLOCKS)
#define LAYOUT_LOGICAL_MAX    (LAYOUT_POOL_MAX - LAYOUT_SPARES)
/* The data region holds data inverted, so that an erased (all-ones)
 * block reads as zeros, as a new disk does. */
#define LAYOUT_FLAG_INVERTED  0x1u

struct layout {
	uint32_t block_size;            /* erase block, bytes */
	uint32_t superblock;            /* flash offsets */
	uint32_t journal[LAYOUT_JOURNAL_BLOCKS];
	uint32_t pool;                  /* physical pool block 0 */
	uint32_t npool;                 /* physical pool blocks */
	uint32_t nlogical;              /* blocks of capacity */
};

/* The superblock as it is on flash: the first 64 bytes of its block. */
struct superblock {
	uint32_t magic;
	uint32_t version;
	uint32_t flash_size;
	uint32_t block_size;
	uint32_t region;                /* the data region's offset in the flash */
	uint32_t journal_blocks;
	uint32_t npool;
	uint32_t nlogical;
	uint32_t record_size;
	uint32_t flags;
	uint32_t reserved[5];           /* 0 */
	uint32_t crc;                   /* CRC-32 of everything before it */
};
_Static_assert(sizeof(struct superblock) == 64, "the superblock's size on flash");

/* What a region's superblock says. */
enum layout_sb {
	LAYOUT_SB_OK,
	LAYOUT_SB_BLANK,      /* all ones: never written */
	LAYOUT_SB_NONE,       /* neither ours nor blank: a torn format, or foreign data */
	LAYOUT_SB_MISMATCH,   /* ours, but another version or geometry: *why says which */
};

/* The layout on a chip of geometry g, or -1 with a line in why if this
 * layout cannot live there (only QEMU virt's 64 MiB of 256 KiB blocks). */
int layout_init(struct layout *l, const struct medium_geometry *g, char *why, size_t len);
/* The flash offset of pool block p. */
static inline uint32_t layout_pool_block(const struct layout *l, uint32_t p)
{
	return l->pool + p * l->block_size;
}
/* The capacity, in STORAGE_SECTOR sectors. */
uint64_t layout_capacity(const struct layout *l);
/* The superblock this layout writes. */
void layout_superblock(const struct layout *l, struct superblock *sb);
enum layout_sb layout_check(const struct layout *l, const struct superblock *sb, char *why,
			    size_t len);

#endif
