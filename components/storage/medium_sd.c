/*
 * The SD medium (medium.h): an SD card behind the i.MX uSDHC
 * (drivers/usdhc.c) as the store's flash. The card holds the image the
 * virt flash file holds (scripts/lib/flash.sh: the firmware in its first
 * 4 MiB, FLASH_FIRMWARE_SIZE, then the data region), and medium offsets
 * are the card's byte addresses, so that layout.c lays out the same
 * region, with the same superblock, on either medium. A card larger than
 * that is used for its first FLASH_SIZE bytes only; the rest is left alone.
 *
 * The emulated erase block is the layout's 256 KiB (FLASH_BLOCK_SIZE).
 * The store writes a whole block back for every block it flushes, so the
 * erase block is what a 4 KiB write costs, and a smaller one would make it
 * cheaper; but the journal maps every pool block with one byte of one
 * 256-byte record (at most 240 blocks, journal.h): over the 60 MiB data
 * region that is 256 KiB at the least, and any other size would be another
 * on-card format than the flash's. What keeps the cost of a block within
 * one write of it:
 *   - an erase is written out as 0xff sectors (never the card's own erase,
 *     CMD38, whose result is the card's choice and which QEMU 7.2 does not
 *     carry out) the moment anything could see it: a read of the block, a
 *     program of part of it, another erase, idle. But when the next call
 *     programs the whole block (a write back: erase, program all of it,
 *     read it back), that program overwrites every byte, and the 0xff pass
 *     is left out. The card goes from the old contents to the new ones as
 *     it would through the erase, and a power cut anywhere between leaves
 *     garbage in a block no journal record names, as a cut in the flash's
 *     erase or program does (docs/storage.md). A block written back costs
 *     512 sector writes, not 1024; a journal record one (its sector, read
 *     and merged).
 *   - a program writes sectors (PIO, one command for a run of them); part
 *     of a sector is read, merged and written whole. The store programs
 *     only erased bytes, and this medium checks it where it costs nothing:
 *     a sector of the block erased last that nothing programmed since is
 *     known erased; any other is read first (a partial sector is read
 *     anyway), and a program over bytes that are not 0xff is refused
 *     (MEDIUM_EUNERASED), where the flash would have ANDed them.
 * A program's sectors reach the card in order, each whole (QEMU writes its
 * file a sector at a time): a cut leaves a prefix of them written, the
 * sector it hit torn at worst, which the store's read-back and the
 * journal's CRC are there for.
 */
#include <lib/fmt.h>
#include <lib/string.h>
#include <drivers/usdhc.h>
#include <tzvmm/flash_layout.h>
#include "medium.h"

#define SECTOR        USDHC_SECTOR
#define SECTOR_WORDS  (SECTOR / 4u)
#define BLOCK         FLASH_BLOCK_SIZE
#define BLOCK_SECTORS (BLOCK / SECTOR)
#define NONE          0xffffffffu

_Static_assert(BLOCK % SECTOR == 0 && BLOCK_SECTORS <= USDHC_MAX_COUNT,
	       "an erase block is whole sectors, written in one command");

static struct {
	struct usdhc card;
	uintptr_t base;
	const struct usdhc_port *port;
	uint32_t size;
	uint32_t last_status;
	/* The block erased last, and those of its sectors that nothing
	 * programmed since: erased for certain. pending: its 0xff not
	 * written yet (see above). */
	uint32_t erased;
	bool pending;
	uint32_t fresh[BLOCK_SECTORS / 32u];
	/* A sector read lately (cached: its number, or NONE), for reads and
	 * programs of part of one: the journal's scan reads one word a slot. */
	uint32_t cached;
	uint32_t sector[SECTOR_WORDS];
} sd = { .erased = NONE, .cached = NONE };

/* An erased sector, what an erase writes (set by sd_init). */
static uint32_t ones[SECTOR_WORDS];

/* program_part's refusal, apart from the driver's results. */
#define UNERASED 1

void medium_sd_attach(uintptr_t base, const struct usdhc_port *port)
{
	sd.base = base;
	sd.port = port;
}

/* The driver's result as the medium's; a failure's status kept for the
 * log: the controller's INT_STATUS, or the card's status. */
static int result(int rc)
{
	if (rc == USDHC_OK)
		return MEDIUM_OK;
	sd.last_status = sd.card.last_int ? sd.card.last_int : sd.card.last_card;
	switch (rc) {
	case USDHC_ENOCARD:
		return MEDIUM_ENODEV;
	case USDHC_EUNSUPPORTED:
		return MEDIUM_EUNSUPPORTED;
	case USDHC_ETIMEOUT:
		return MEDIUM_ETIMEOUT;
	default:
		return MEDIUM_EIO;
	}
}

static bool fresh(uint32_t lba)
{
	uint32_t i = lba - sd.erased / SECTOR;

	return sd.erased != NONE && i < BLOCK_SECTORS && (sd.fresh[i / 32u] >> (i % 32u) & 1u);
}

static void programmed(uint32_t lba, uint32_t count)
{
	for (uint32_t k = lba; k < lba + count; k++) {
		uint32_t i = k - sd.erased / SECTOR;

		if (sd.erased != NONE && i < BLOCK_SECTORS)
			sd.fresh[i / 32u] &= ~(1u << (i % 32u));
		if (k == sd.cached)
			sd.cached = NONE;
	}
}

/* A pending erase written out, if [off, off + len) could see it. */
static int settle(uint32_t off, uint32_t len)
{
	int rc;

	if (!sd.pending || off >= sd.erased + BLOCK || off + len <= sd.erased)
		return USDHC_OK;
	rc = usdhc_write_same(&sd.card, sd.erased / SECTOR, BLOCK_SECTORS, ones);
	if (rc == USDHC_OK)
		sd.pending = false;   /* else tried again by the next call */
	if (sd.cached != NONE && sd.cached - sd.erased / SECTOR < BLOCK_SECTORS)
		sd.cached = NONE;
	return rc;
}

/* Sector lba into sd.sector. */
static int load(uint32_t lba)
{
	int rc = USDHC_OK;

	if (sd.cached != lba) {
		sd.cached = NONE;
		rc = usdhc_read(&sd.card, lba, 1, sd.sector);
		if (rc == USDHC_OK)
			sd.cached = lba;
	}
	return rc;
}

static int sd_read(uint32_t off, void *dst, uint32_t len)
{
	uint8_t *out = dst;
	int rc = settle(off, len);

	while (rc == USDHC_OK && len) {
		uint32_t lba = off / SECTOR, skip = off % SECTOR, n;

		if (skip || len < SECTOR) {
			n = SECTOR - skip < len ? SECTOR - skip : len;
			rc = load(lba);
			if (rc == USDHC_OK)
				memcpy(out, (const uint8_t *)sd.sector + skip, n);
		} else {
			n = len / SECTOR < USDHC_MAX_COUNT ? len / SECTOR : USDHC_MAX_COUNT;
			rc = usdhc_read(&sd.card, lba, n, (uint32_t *)(void *)out);
			n *= SECTOR;
		}
		out += n;
		off += n;
		len -= n;
	}
	return result(rc);
}

static int sd_erase(uint32_t off)
{
	uint32_t block = off - off % BLOCK;
	int rc = USDHC_OK;

	if (sd.pending && sd.erased != block)
		rc = settle(sd.erased, BLOCK);
	if (rc != USDHC_OK)
		return result(rc);
	sd.erased = block;
	sd.pending = true;
	memset(sd.fresh, 0xff, sizeof(sd.fresh));
	if (sd.cached != NONE && sd.cached - block / SECTOR < BLOCK_SECTORS)
		sd.cached = NONE;
	return MEDIUM_OK;
}

/* Part of sector lba (n bytes at skip) from src: read (unless it is known
 * erased), checked erased there, merged, written whole. UNERASED if it was
 * not erased: nothing written. */
static int program_part(uint32_t lba, uint32_t skip, const uint8_t *src, uint32_t n)
{
	const uint8_t *old = (const uint8_t *)sd.sector + skip;
	int rc = USDHC_OK;

	if (fresh(lba)) {
		memset(sd.sector, 0xff, SECTOR);
		sd.cached = lba;
	} else {
		rc = load(lba);
	}
	for (uint32_t i = 0; i < n && rc == USDHC_OK; i++) {
		if (old[i] != 0xffu) {
			sd.last_status = lba * SECTOR + skip + i;   /* where */
			return UNERASED;
		}
	}
	memcpy((uint8_t *)sd.sector + skip, src, n);
	if (rc == USDHC_OK)
		rc = usdhc_write(&sd.card, lba, 1, sd.sector);
	programmed(lba, 1);
	if (rc == USDHC_OK)
		sd.cached = lba;   /* it holds what the card now does */
	return rc;
}

/* Whole sectors from lba on, as many of count as are known erased, in one
 * command; *done says how many. 0 of them: not known erased. */
static int program_run(uint32_t lba, uint32_t count, const uint32_t *src, uint32_t *done)
{
	uint32_t n = 0;
	int rc;

	while (n < count && n < USDHC_MAX_COUNT && fresh(lba + n))
		n++;
	*done = n;
	if (!n)
		return USDHC_OK;
	rc = usdhc_write(&sd.card, lba, n, src);
	programmed(lba, n);
	return rc;
}

static int sd_program(uint32_t off, const uint32_t *src, uint32_t len)
{
	const uint8_t *in = (const uint8_t *)src;
	int rc;

	if (sd.pending && off == sd.erased && len == BLOCK) {
		/* A write back: the block whole, in place of its 0xff. */
		sd.pending = false;
		rc = usdhc_write(&sd.card, off / SECTOR, BLOCK_SECTORS, src);
		programmed(off / SECTOR, BLOCK_SECTORS);
		return result(rc);
	}
	rc = settle(off, len);
	while (rc == USDHC_OK && len) {
		uint32_t lba = off / SECTOR, skip = off % SECTOR, n = 0;

		if (!skip && len >= SECTOR) {
			rc = program_run(lba, len / SECTOR, (const uint32_t *)(const void *)in, &n);
			n *= SECTOR;
		}
		if (rc == USDHC_OK && !n) {   /* part of a sector, or one not known erased */
			n = SECTOR - skip < len ? SECTOR - skip : len;
			rc = program_part(lba, skip, in, n);
		}
		in += n;
		off += n;
		len -= n;
	}
	return rc == UNERASED ? MEDIUM_EUNERASED : result(rc);
}

static void forget(void)
{
	sd.erased = NONE;
	sd.pending = false;
	sd.cached = NONE;
}

static int sd_init(struct medium_geometry *g, char *why, size_t len)
{
	uint64_t bytes;
	int rc;

	forget();
	memset(ones, 0xff, sizeof(ones));
	rc = usdhc_init(&sd.card, sd.base, sd.port);
	if (rc != USDHC_OK) {
		fmt_snprintf(why, len, "no usable SD card: %s", sd.card.why);
		return result(rc);
	}
	bytes = sd.card.sectors * SECTOR;
	sd.size = bytes > FLASH_SIZE ? FLASH_SIZE : (uint32_t)bytes;
	sd.size -= sd.size % BLOCK;
	*g = (struct medium_geometry){ sd.size, BLOCK, sd.size / BLOCK };
	return MEDIUM_OK;
}

static void sd_describe(char *line, size_t len)
{
	fmt_snprintf(line, len, "%s card of %u MiB (addressed in %s), 1-bit PIO; its first %u KiB "
		     "as %u erase blocks of %u KiB", sd.card.block_addressed ? "SDHC" : "SDSC",
		     (unsigned)(sd.card.sectors / 2048u), sd.card.block_addressed ? "blocks" :
		     "bytes", (unsigned)(sd.size / 1024u), (unsigned)(sd.size / BLOCK),
		     BLOCK / 1024u);
}

static void sd_idle(void)
{
	if (sd.card.base)   /* (a controller usdhc_init has reached) */
		usdhc_idle(&sd.card);
	forget();   /* an erase pending is undone: the caller forgets it too */
}

static uint32_t sd_last_status(void)
{
	return sd.last_status;
}

static void sd_slow_writes(int on)
{
	sd.card.single_block_writes = on;
}

const struct medium medium_sd = {
	.name = "sd",
	.init = sd_init,
	.describe = sd_describe,
	.read = sd_read,
	.erase = sd_erase,
	.program = sd_program,
	.idle = sd_idle,
	.last_status = sd_last_status,
	.slow_writes = sd_slow_writes,
};
