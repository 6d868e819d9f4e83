/*
 * The storage component on its CFI medium (cfi.c) against flash contents
 * and requests the fuzzer chooses: a superblock (valid, or raw bytes),
 * journal slots (raw bytes, or a record with a valid CRC over a chosen
 * map), injected flash errors, then a stream of requests. Whatever comes,
 * every status is one of enum storage_status, the flash is back in
 * read-array mode after each request and no rule of the chip is broken;
 * while no error was injected, what a read returns is what was written,
 * and after a flush and a reboot it still is.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <tzvmm/flash_layout.h>
#include <tzvmm/storage.h>
#include <ulib/ulog.h>
#include "../../components/storage/journal.h"
#include "../../components/storage/layout.h"
#include "../../components/storage/medium.h"
#include "../../components/storage/request.h"
#include "../../components/storage/store.h"
#include "../unit/fake_pflash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BLOCKS   8u                                    /* the sectors requests reach */
#define SECTORS  (BLOCKS * FLASH_BLOCK_SIZE / STORAGE_SECTOR)
#define REQUESTS 8u
#define SB       FLASH_DATA_OFFSET
#define J0       (FLASH_DATA_OFFSET + FLASH_BLOCK_SIZE)

static uint32_t buf[STORAGE_DATA_MAX / 4u];
static uint8_t shadow[SECTORS];   /* the byte each sector is filled with */

void ulog(const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
}

struct input {
	const uint8_t *p;
	size_t n;
};

static uint32_t take(struct input *in, unsigned bytes)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < bytes; i++, in->n -= in->n > 0)
		v = v << 8 | (in->n ? *in->p++ : 0);
	return v;
}

static void check_chip(void)
{
	if (!fake_pflash_in_array_mode() || fake_pflash_violations())
		__builtin_trap();
}

static uint32_t call(uint32_t op, uint32_t sector, uint32_t count)
{
	static uint32_t seq;
	struct storage_req slot = { .op = op, .sector = sector, .count = count, .seq = ++seq };
	struct request r;
	uint32_t st = request_handle(&slot, (uint8_t *)buf, &r);

	if (st > STORAGE_ENODEV || slot.status != st || r.seq != seq)
		__builtin_trap();
	check_chip();
	return st;
}

/* A valid map for the record: a permutation of the pool, from the input. */
static void record_from(struct input *in, const struct layout *l)
{
	uint8_t perm[LAYOUT_POOL_MAX];
	struct journal_record r;
	uint32_t slot = take(in, 1) % 16u, seq = take(in, 4);

	for (uint32_t i = 0; i < l->npool; i++)
		perm[i] = (uint8_t)i;
	for (uint32_t i = l->npool - 1u; i > 0; i--) {
		uint32_t j = take(in, 1) % (i + 1u);
		uint8_t t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	journal_encode(l, seq, perm, 0, &r);
	memcpy(fake_pflash.mem + J0 + slot * JOURNAL_RECORD_SIZE, &r, sizeof(r));
}

/* Returns the flags byte: 32 asks for a flush and a reboot at the end. */
static uint32_t setup_flash(struct input *in)
{
	static struct layout l;
	static int ready;
	uint32_t flags = take(in, 1);

	if (!ready) {
		struct medium_geometry g = { .size = FLASH_SIZE, .block_size = FLASH_BLOCK_SIZE };
		char why[120];

		medium_use(&cfi_medium);
		fake_pflash_qemu();
		fake_pflash_snapshot();
		if (layout_init(&l, &g, why, sizeof(why)) != 0)
			__builtin_trap();
		ready = 1;
	}
	fake_pflash_restore();
	fake_pflash.dirty[SB / FLASH_BLOCK_SIZE] = fake_pflash.dirty[J0 / FLASH_BLOCK_SIZE] = true;
	if (flags & 1u) {
		struct superblock sb;

		layout_superblock(&l, &sb);
		memcpy(fake_pflash.mem + SB, &sb, sizeof(sb));
	} else {
		/* Raw bytes, and never a blank region: a format reads all 60 MiB. */
		for (uint32_t i = 0; i < sizeof(struct superblock); i++)
			fake_pflash.mem[SB + i] = (uint8_t)take(in, 1);
		fake_pflash.mem[SB + 64] = 0;
	}
	if (flags & 2u) {
		uint32_t len = take(in, 1) * 8u;

		for (uint32_t i = 0; i < len; i++)
			fake_pflash.mem[J0 + i] = (uint8_t)take(in, 1);
	}
	if (flags & 4u)
		record_from(in, &l);
	fake_pflash.fail_erase = flags & 8u;
	fake_pflash.fail_program = flags & 16u;
	return flags;
}

static void fill(uint32_t sector, uint32_t count, uint8_t byte)
{
	memset(buf, byte, count * STORAGE_SECTOR);
	for (uint32_t k = 0; k < count && sector + k < SECTORS; k++)
		shadow[sector + k] = byte;
}

/* Sector s as read into b holds what was written to it. */
static int matches(uint32_t s, const uint8_t *b)
{
	for (uint32_t i = 0; i < STORAGE_SECTOR; i += 97u)
		if (b[i] != shadow[s])
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	int clean, reboot;

	reboot = setup_flash(&in) & 32u;
	clean = !fake_pflash.fail_erase && !fake_pflash.fail_program;
	store_forget();
	store_mount();
	check_chip();
	/* What the region held before is the input's: only sectors written
	 * here are checked. */
	uint8_t written[SECTORS];

	memset(written, 0, sizeof(written));
	for (unsigned i = 0; i < REQUESTS && in.n; i++) {
		uint32_t op = take(&in, 1) % 6u, count = take(&in, 1);
		uint32_t sector = take(&in, 1) & 0x80u ? take(&in, 4) : take(&in, 2) % SECTORS;
		uint8_t byte = (uint8_t)take(&in, 1);
		uint32_t st;

		/* Mostly short requests (a read of 512 sectors copies 256 KiB),
		 * sometimes any count up to past the limit. */
		count = count & 0x80u ? take(&in, 2) % 520u : count % 40u;

		if (op == STORAGE_OP_WRITE)
			memset(buf, byte, sizeof(buf));
		st = call(op, sector, count);
		if (st == STORAGE_EIO)
			clean = 0;
		if (st != STORAGE_OK || (op != STORAGE_OP_WRITE && op != STORAGE_OP_READ))
			continue;
		if (op == STORAGE_OP_WRITE) {
			fill(sector, count, byte);
			for (uint32_t k = 0; k < count && sector + k < SECTORS; k++)
				written[sector + k] = 1;
		} else if (clean && sector + count <= SECTORS) {
			for (uint32_t k = 0; k < count; k++)
				if (written[sector + k] &&
				    !matches(sector + k, (const uint8_t *)buf + k * STORAGE_SECTOR))
					__builtin_trap();
		}
	}
	if (!reboot || !clean || store_state() != STORE_READY ||
	    call(STORAGE_OP_FLUSH, 0, 0) != STORAGE_OK)
		return 0;
	store_forget();
	if (store_mount() != STORE_READY)
		__builtin_trap();
	for (uint32_t s = 0; s < SECTORS; s++) {
		if (!written[s])
			continue;
		if (call(STORAGE_OP_READ, s, 1) != STORAGE_OK || !matches(s, (const uint8_t *)buf))
			__builtin_trap();
	}
	return 0;
}
