/*
 * The storage component (components/storage: cfi.c, layout.c, journal.c,
 * store.c, request.c) on its CFI medium, against a model of QEMU's CFI
 * flash (fake_pflash.h): the driver's command sequences, the data region's
 * format and checks, every request field, and power cuts at every flash
 * operation of a sequence of writes and flushes. (The same store on an SD
 * card: drivers/test/test_sd_medium.c.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tzvmm/flash_layout.h>
#include <tzvmm/storage.h>
#include "../../components/storage/cfi.h"
#include "../../components/storage/cfi_port.h"
#include "../../components/storage/crc32.h"
#include "../../components/storage/journal.h"
#include "../../components/storage/layout.h"
#include "../../components/storage/medium.h"
#include "../../components/storage/request.h"
#include "../../components/storage/store.h"
#include <ulib/guest_mem.h>
#include "fake_pflash.h"
#include "unit.h"

#define PER_BLOCK   (FLASH_BLOCK_SIZE / STORAGE_SECTOR)   /* 512 sectors */
#define SECTOR_WORDS (STORAGE_SECTOR / 4u)
#define CAPACITY    ((uint64_t)LAYOUT_LOGICAL_MAX * PER_BLOCK)
#define SB          FLASH_DATA_OFFSET
#define J0          (FLASH_DATA_OFFSET + FLASH_BLOCK_SIZE)
#define J1          (FLASH_DATA_OFFSET + 2u * FLASH_BLOCK_SIZE)

static uint32_t *data;   /* a request's data: STORAGE_DATA_MAX bytes */
static uint32_t seq;

/* The flash is back in read-array mode and nothing broke a rule: after
 * every request, as after every release of the storage lock. */
static void chip_ok(void)
{
	assert_true(fake_pflash_in_array_mode());
	assert_int_equal(fake_pflash.array_reads_wrong_mode, 0);
	assert_int_equal(fake_pflash.bad_sequences, 0);
	assert_int_equal(fake_pflash.bits_set, 0);
	assert_int_equal(fake_pflash.buffer_misuse, 0);
	assert_int_equal(fake_pflash.single_lane, 0);
}

static uint32_t request(uint32_t op, uint32_t sector, uint32_t count)
{
	struct storage_req slot = { .op = op, .sector = sector, .count = count, .seq = ++seq,
				    .status = 0xdead, .capacity = 7 };
	struct request r;
	uint32_t st = request_handle(&slot, (uint8_t *)data, &r);

	assert_int_equal(slot.status, st);
	assert_int_equal(r.seq, seq);
	if (!fake_pflash.dead)
		chip_ok();
	return st;
}

static uint32_t pattern(uint32_t gen, uint32_t sector, uint32_t i)
{
	uint32_t x = gen * 0x9e3779b9u ^ (sector + 1u) * 0x85ebca6bu ^ (i + 1u) * 0xc2b2ae35u;

	return (x ^ (x >> 15)) | 1u;   /* never zero: a written sector is told from a blank */
}

static void fill(uint32_t gen, uint32_t sector, uint32_t count)
{
	for (uint32_t i = 0; i < count * SECTOR_WORDS; i++)
		data[i] = pattern(gen, sector + i / SECTOR_WORDS, i % SECTOR_WORDS);
}

static uint32_t write_gen(uint32_t gen, uint32_t sector, uint32_t count)
{
	fill(gen, sector, count);
	return request(STORAGE_OP_WRITE, sector, count);
}

/* A write and a flush, both acknowledged. */
static void write_flushed(uint32_t gen, uint32_t sector, uint32_t count)
{
	assert_int_equal(write_gen(gen, sector, count), STORAGE_OK);
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_OK);
}

/* The generation sector s holds in data[k..] (0: zeros), or -1. */
static int gen_of(uint32_t sector, const uint32_t *w)
{
	uint32_t zero = 0;

	for (uint32_t i = 0; i < SECTOR_WORDS; i++)
		zero |= w[i];
	if (!zero)
		return 0;
	for (uint32_t g = 1; g < 64; g++) {
		uint32_t i = 0;

		while (i < SECTOR_WORDS && w[i] == pattern(g, sector, i))
			i++;
		if (i == SECTOR_WORDS)
			return (int)g;
	}
	return -1;
}

static void read_expect(uint32_t gen, uint32_t sector, uint32_t count)
{
	assert_int_equal(request(STORAGE_OP_READ, sector, count), STORAGE_OK);
	for (uint32_t k = 0; k < count; k++)
		assert_int_equal(gen_of(sector + k, data + k * SECTOR_WORDS), (int)gen);
}

/* A reboot: the RAM state forgotten, the store mounted again; the log
 * holds that boot's lines. */
static void boot(enum store_state want)
{
	fake.log_lines = 0;
	store_forget();
	assert_int_equal(store_mount(), want);
	chip_ok();
}

static void fresh(void)
{
	medium_use(&cfi_medium);
	fake_pflash_qemu();
	if (!data)
		data = malloc(STORAGE_DATA_MAX);
	seq = 0;
}

static uint32_t flash_word(uint32_t off)
{
	uint32_t v;

	memcpy(&v, fake_pflash.mem + off, 4);
	return v;
}

static void test_crc32_known_answer(void **state)
{
	(void)state;
	assert_int_equal(crc32("123456789", 9), 0xcbf43926u);
	assert_int_equal(crc32("", 0), 0);
}

static void test_cfi_reads_qemu_virt_geometry(void **state)
{
	struct cfi_geometry g;
	char why[120] = "";

	(void)state;
	fresh();
	assert_int_equal(cfi_init(&g, why, sizeof(why)), CFI_OK);
	assert_int_equal(g.size, 64u << 20);
	assert_int_equal(g.block_size, 256u * 1024u);
	assert_int_equal(g.nblocks, 256);
	assert_int_equal(g.buffer_size, 4096);
	assert_int_equal(g.devices, 2);
	/* Twice QEMU's maxima: buffer 2^7 us x 2^4, erase 2^10 ms x 2^4. */
	assert_int_equal(g.program_timeout_us, 2u * 2048u);
	assert_int_equal(g.erase_timeout_ms, 2u * 16384u);
	chip_ok();
}

static void test_cfi_refuses_what_is_not_cfi(void **state)
{
	struct cfi_geometry g;
	char why[120] = "";

	(void)state;
	fresh();
	fake_pflash.query[0x11] = 'X';
	assert_int_equal(cfi_init(&g, why, sizeof(why)), CFI_ENOCFI);
	assert_non_null(strstr(why, "no CFI query answer"));
	chip_ok();
	fresh();
	fake_pflash.query[0x13] = 0x02;   /* AMD's command set */
	assert_int_equal(cfi_init(&g, why, sizeof(why)), CFI_EUNSUPPORTED);
	assert_string_equal(why, "command set 0x0002, not Intel's (0x0001 or 0x0003)");
	fresh();
	fake_pflash.query[0x2c] = 2;   /* two erase regions */
	assert_int_equal(cfi_init(&g, why, sizeof(why)), CFI_EUNSUPPORTED);
	chip_ok();
}

/* A chip of another shape: one line, and every request ENODEV. */
static void test_a_chip_the_layout_does_not_fit_is_refused(void **state)
{
	(void)state;
	fresh();
	fake_pflash_shape(24, 64u * 1024u, 11);   /* 32 MiB of 128 KiB blocks */
	boot(STORE_NODEV);
	assert_true(fake_log_has("error: flash data region: the chip has 32768 KiB in blocks of "
				 "128 KiB; the layout needs 65536 KiB in blocks of 256 KiB"));
	assert_int_equal(fake_pflash.erases + fake_pflash.buffer_programs, 0);
	assert_int_equal(request(STORAGE_OP_INFO, 0, 0), STORAGE_ENODEV);
	assert_int_equal(request(STORAGE_OP_READ, 0, 1), STORAGE_ENODEV);
	assert_int_equal(request(STORAGE_OP_WRITE, 0, 1), STORAGE_ENODEV);
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_ENODEV);
	assert_int_equal(request(77, 0, 0), STORAGE_ENODEV);
}

static void test_cfi_erase_and_buffered_program(void **state)
{
	struct cfi_geometry g;
	char why[120];
	static uint32_t back[FLASH_BLOCK_SIZE / 4u];
	const uint32_t off = 20u * FLASH_BLOCK_SIZE;

	(void)state;
	fresh();
	assert_int_equal(cfi_init(&g, why, sizeof(why)), CFI_OK);
	memset(fake_pflash.mem + off, 0x5a, 2u * FLASH_BLOCK_SIZE);
	assert_int_equal(cfi_erase(off + 1234u * 4u), CFI_OK);   /* any address in the block */
	chip_ok();
	assert_int_equal(fake_pflash.erases, 1);
	assert_int_equal(flash_word(off), 0xffffffffu);
	assert_int_equal(flash_word(off + FLASH_BLOCK_SIZE - 4u), 0xffffffffu);
	assert_int_equal(flash_word(off + FLASH_BLOCK_SIZE), 0x5a5a5a5au);   /* the next: kept */
	for (uint32_t i = 0; i < FLASH_BLOCK_SIZE / 4u; i++)
		data[i % (STORAGE_DATA_MAX / 4u)] = i & 7u ? i * 2654435761u : 0xffffffffu;
	/* Unaligned start: the first and last loads are partial windows. */
	assert_int_equal(cfi_program(off + 1000u, data, 10000u), CFI_OK);
	chip_ok();
	assert_int_equal(fake_pflash.buffer_programs, 3);   /* 1000-4095, 4096-8191, 8192-10999 */
	assert_int_equal(fake_pflash.word_programs, 0);
	assert_int_equal(cfi_read(off + 1000u, back, 10000u), CFI_OK);
	assert_memory_equal(back, data, 10000u);
	/* A load of one word is a word program (QEMU's fixed update buffer
	 * refuses it), here at the end of one window and the start of the
	 * next. */
	assert_int_equal(cfi_program(off + 3u * 4096u - 4u, data + 1, 8), CFI_OK);
	chip_ok();
	assert_int_equal(fake_pflash.buffer_programs, 3);
	assert_int_equal(fake_pflash.word_programs, 2);
	assert_int_equal(flash_word(off + 3u * 4096u - 4u), data[1]);
	assert_int_equal(flash_word(off + 3u * 4096u), data[2]);
	/* A window of all ones is not sent at all. */
	memset(back, 0xff, 8192);
	assert_int_equal(cfi_program(off + 64u * 1024u, back, 8192), CFI_OK);
	assert_int_equal(fake_pflash.buffer_programs, 3);
}

static void test_cfi_small_buffer_falls_back_to_word_program(void **state)
{
	struct cfi_geometry g;
	char why[120];
	const uint32_t off = 30u * FLASH_BLOCK_SIZE;
	uint32_t w[6] = { 1, 2, 0xffffffffu, 4, 5, 6 }, back[6];

	(void)state;
	fresh();
	fake_pflash_shape(25, 128u * 1024u, 4);   /* 16 bytes per device: 32-byte buffer */
	assert_int_equal(cfi_init(&g, why, sizeof(why)), CFI_OK);
	assert_int_equal(g.buffer_size, 32);
	assert_int_equal(cfi_program(off, w, sizeof(w)), CFI_OK);
	chip_ok();
	assert_int_equal(fake_pflash.buffer_programs, 0);
	assert_int_equal(fake_pflash.word_programs, 5);   /* all ones is left out */
	assert_int_equal(cfi_read(off, back, sizeof(back)), CFI_OK);
	assert_memory_equal(back, w, sizeof(w));
	assert_int_equal(cfi_erase(off), CFI_OK);
	/* And a store on it works the same way. */
	boot(STORE_READY);
	write_flushed(1, 7, 1);
	boot(STORE_READY);
	read_expect(1, 7, 1);
	assert_int_equal(fake_pflash.buffer_programs, 0);
}

/* An error bit is STORAGE_EIO with the status cleared and the chip in
 * read-array mode; the cached write survives for a later flush. */
static void test_flash_errors_are_eio_never_a_hang(void **state)
{
	static const uint32_t words[2] = { 0x12345678u, 0 };
	struct cfi_geometry g;
	char why[120];

	(void)state;
	fresh();
	assert_int_equal(cfi_init(&g, why, sizeof(why)), CFI_OK);
	fake_pflash.fail_erase = true;
	assert_int_equal(cfi_erase(40u * FLASH_BLOCK_SIZE), CFI_EIO);
	chip_ok();
	assert_int_equal(fake_pflash.status & 0x30, 0);   /* cleared (QEMU: to 0) */
	assert_int_equal(cfi_last_status() & 0x00200020u, 0x00200020u);
	fake_pflash.fail_erase = false;
	/* QEMU discards a failed load and returns to read-array mode, where
	 * erased flash reads 0xffffffff: the status must be asked for. */
	fake_pflash.fail_program = true;
	assert_int_equal(cfi_program(40u * FLASH_BLOCK_SIZE, words, sizeof(words)), CFI_EIO);
	assert_int_equal(cfi_last_status(), 0x00900090u);
	chip_ok();
	fake_pflash.fail_program = false;
	/* Stuck busy: bounded by the query's erase timeout, the CPU given
	 * away between polls after the first millisecond. */
	fake_pflash.stuck_busy = true;
	assert_int_equal(cfi_erase(40u * FLASH_BLOCK_SIZE), CFI_ETIMEOUT);
	assert_true(fake_pflash.pauses > 1000 && fake_pflash.pauses <= 2u * 16384u + 1u);
	assert_true(fake_pflash.ticks >= 2u * 16384u * 1000u);
	fake_pflash.stuck_busy = false;
	chip_ok();

	/* Through the store. */
	boot(STORE_READY);
	assert_int_equal(write_gen(3, 100, 2), STORAGE_OK);
	fake_pflash.fail_program = true;
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_EIO);
	assert_true(fake_log_has("error: flash: writing pool block"));
	fake_pflash.fail_program = false;
	fake_pflash.stuck_busy = true;
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_EIO);
	fake_pflash.stuck_busy = false;
	/* A chip that says it programmed a load and did not: the read-back
	 * tells. */
	fake_pflash.lose_loads = 1;
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_EIO);
	assert_int_equal(fake_pflash.lose_loads, 0);
	read_expect(3, 100, 2);   /* still in the cache */
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_OK);
	boot(STORE_READY);
	read_expect(3, 100, 2);
}

/* Nothing reads the flash as memory while it is out of read-array mode:
 * the fake counts every copy made then, across a whole workload with
 * errors injected. The first part shows the count works. */
static void test_no_array_read_outside_read_array_mode(void **state)
{
	uint32_t w;

	(void)state;
	fresh();
	cfi_port_write(0, 0x00700070u);   /* read status */
	cfi_port_copy(&w, 0, 4);
	assert_int_equal(fake_pflash.array_reads_wrong_mode, 1);
	assert_int_equal(w, 0x00800080u);   /* a status word, not data */
	cfi_port_write(0, 0x00ff00ffu);
	fake_pflash.array_reads_wrong_mode = 0;

	boot(STORE_READY);   /* formats: a 60 MiB read */
	for (uint32_t i = 0; i < 12; i++) {
		assert_int_equal(write_gen(i + 1u, i * 300u, 40), STORAGE_OK);
		read_expect(i + 1u, i * 300u, 40);
		if (i % 4 == 3)
			assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_OK);
	}
	fake_pflash.fail_erase = true;
	assert_int_equal(write_gen(20, 20u * PER_BLOCK, 1), STORAGE_OK);
	assert_int_equal(write_gen(21, 21u * PER_BLOCK, 1), STORAGE_OK);
	assert_int_equal(write_gen(22, 22u * PER_BLOCK, 1), STORAGE_OK);
	assert_int_equal(write_gen(23, 23u * PER_BLOCK, 1), STORAGE_EIO);   /* an eviction */
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_EIO);
	fake_pflash.fail_erase = false;
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_OK);
	boot(STORE_READY);
	read_expect(12, 3300, 40);
	read_expect(22, 22u * PER_BLOCK, 1);
	assert_int_equal(fake_pflash.array_reads_wrong_mode, 0);
}

static void test_a_new_flash_is_formatted_then_found(void **state)
{
	struct superblock sb;

	(void)state;
	fresh();
	boot(STORE_READY);
	assert_true(fake_log_has("data region: blank, formatted: 233 blocks of 256 KiB "
				 "(119296 sectors) at 0x00400000"));
	memcpy(&sb, fake_pflash.mem + SB, sizeof(sb));
	assert_int_equal(sb.magic, LAYOUT_MAGIC);
	assert_int_equal(sb.version, 1);
	assert_int_equal(sb.crc, crc32(&sb, 60));
	assert_int_equal(fake_pflash.erases, 0);   /* a new file is erased already */
	assert_int_equal(request(STORAGE_OP_INFO, 0, 0), STORAGE_OK);
	/* A new disk reads as zeros (the region holds data inverted). */
	read_expect(0, 0, 512);
	read_expect(0, (uint32_t)CAPACITY - 512u, 512);
	write_flushed(5, 3, 1);
	boot(STORE_READY);
	assert_true(fake_log_has("data region: superblock found at 0x00400000: 233 blocks of "
				 "256 KiB (119296 sectors); journal at record 1"));
	read_expect(5, 3, 1);
	read_expect(0, 2, 1);
	read_expect(0, 4, 1);
}

static void test_capacity_answer(void **state)
{
	struct storage_req slot = { .op = STORAGE_OP_INFO, .seq = 9 };
	struct request r;

	(void)state;
	fresh();
	boot(STORE_READY);
	assert_int_equal(request_handle(&slot, (uint8_t *)data, &r), STORAGE_OK);
	assert_true(slot.capacity == CAPACITY);
	assert_int_equal(CAPACITY % PER_BLOCK, 0);
	assert_int_equal(r.seq, 9);
}

/* Data that is not ours is never formatted over: ENODEV, one line, and
 * the region is as it was. */
static void test_foreign_data_is_left_alone(void **state)
{
	(void)state;
	fresh();
	memcpy(fake_pflash.mem + SB + 5u * FLASH_BLOCK_SIZE + 64u, "someone else's data", 19);
	fake_pflash_snapshot();
	boot(STORE_NODEV);
	assert_true(fake_log_has("error: flash data region: no tzvmm superblock at 0x00400000 "
				 "(first word 0xffffffff) and not blank: 0x656d6f73 at 0x00540040; "
				 "not formatting over it"));
	assert_int_equal(fake_pflash.erases + fake_pflash.buffer_programs +
			 fake_pflash.word_programs, 0);
	assert_int_equal(request(STORAGE_OP_READ, 0, 1), STORAGE_ENODEV);
	/* And a region with -bios's zeros (QEMU without a flash file). */
	fresh();
	memset(fake_pflash.mem + SB, 0, FLASH_DATA_SIZE);
	boot(STORE_NODEV);
	assert_true(fake_log_has("error: flash data region: no tzvmm superblock at 0x00400000 "
				 "(first word 0x00000000) and not blank: 0x00000000 at "
				 "0x00400040"));
}

/* A superblock written over the one on flash, with its CRC made good. */
static void put_superblock(struct superblock *sb)
{
	sb->crc = crc32(sb, offsetof(struct superblock, crc));
	memcpy(fake_pflash.mem + SB, sb, sizeof(*sb));
}

static void test_another_version_or_geometry_is_refused(void **state)
{
	struct superblock sb;
	uint32_t writes;

	(void)state;
	fresh();
	boot(STORE_READY);
	write_flushed(1, 0, 1);
	writes = fake_pflash.erases + fake_pflash.buffer_programs;
	memcpy(&sb, fake_pflash.mem + SB, sizeof(sb));
	sb.version = 2;
	put_superblock(&sb);
	boot(STORE_NODEV);
	assert_true(fake_log_has("error: flash data region: superblock version 2, this build "
				 "reads version 1; not using it"));
	assert_int_equal(request(STORAGE_OP_INFO, 0, 0), STORAGE_ENODEV);
	sb.version = 1;
	sb.nlogical = 200;
	put_superblock(&sb);
	boot(STORE_NODEV);
	assert_true(fake_log_has("error: flash data region: formatted for 65536 KiB flash, data "
				 "at 0x400000, 237 blocks of 256 KiB (200 usable"));
	assert_int_equal(fake_pflash.erases + fake_pflash.buffer_programs, writes);
	/* A superblock with a bad CRC over data: not ours to format over. */
	sb.crc ^= 1;
	memcpy(fake_pflash.mem + SB, &sb, sizeof(sb));
	boot(STORE_NODEV);
	assert_true(fake_log_has("error: flash data region: no tzvmm superblock"));
	assert_int_equal(fake_pflash.erases + fake_pflash.buffer_programs, writes);
}

/* A power cut in the one program a format makes leaves a torn superblock
 * and nothing else: formatted again. */
static void test_a_torn_format_is_done_again(void **state)
{
	uint32_t seed = 0;
	uint8_t blank[64];

	(void)state;
	memset(blank, 0xff, sizeof(blank));
	/* A seed whose tear leaves some of the superblock written. */
	do {
		fresh();
		fake_pflash.cut_at = 1;
		fake_pflash.cut_torn = true;
		fake_pflash.seed = ++seed;
		store_forget();
		assert_int_equal(store_mount(), STORE_NODEV);
	} while (memcmp(fake_pflash.mem + SB, blank, 64) == 0);
	assert_true(fake_log_has("error: flash data region: writing the superblock"));
	fake_pflash_power_on();
	fake_pflash.erases = 0;
	boot(STORE_READY);
	assert_true(fake_log_has("data region: a format was cut short"));
	assert_int_equal(fake_pflash.erases, 1);
	boot(STORE_READY);
	assert_true(fake_log_has("superblock found"));
}

#define RAM_BASE 0x40000000u
#define RAM_SIZE 0x100000u

/* A READ or WRITE whose data are in normal RAM: the slot's first page with
 * its segments (pa, len pairs), as the VMM fills it. */
static uint32_t request_segs(uint32_t op, uint32_t sector, uint32_t count,
			     const uint32_t (*seg)[2], uint32_t nseg)
{
	static _Alignas(8) uint8_t page[STORAGE_DATA_OFFSET];
	struct storage_req *slot = (struct storage_req *)page;
	struct storage_seg *s = (struct storage_seg *)(page + STORAGE_SEGS_OFFSET);
	const uint32_t room = (sizeof(page) - STORAGE_SEGS_OFFSET) / sizeof(*s);
	struct request r;
	uint32_t st;

	memset(page, 0, sizeof(page));
	*slot = (struct storage_req){ .op = op, .sector = sector, .count = count,
				      .seq = ++seq, .nseg = nseg };
	/* As many as the page holds: one past the limit is a real segment. */
	for (uint32_t i = 0; i < nseg && i < room; i++)
		s[i] = (struct storage_seg){ seg[i][0], seg[i][1] };
	st = request_handle(slot, (uint8_t *)data, &r);
	assert_int_equal(slot->status, st);
	chip_ok();
	return st;
}

/* Segments of odd sizes across a block's end, each byte copied once
 * between the flash (or the cache) and normal RAM; and every segment list
 * the interface does not allow refused with nothing copied, either way. */
static void test_requests_with_segments_in_normal_ram(void **state)
{
	/* 3 sectors at the end of block 0 and 2 in block 1: 2560 bytes. */
	static const uint32_t seg[][2] = {
		{ RAM_BASE + 0x1000u, 4 },
		{ RAM_BASE + 0x2004u, 2044 },
		{ RAM_BASE + 0x8000u, 512 },
	};
	const uint32_t sector = PER_BLOCK - 3u;
	static const uint32_t bad[][3][2] = {
		{ { RAM_BASE + 0x1002u, 4 }, { RAM_BASE, 2556 } },       /* unaligned */
		{ { RAM_BASE, 6 }, { RAM_BASE + 0x1000u, 2554 } },       /* not whole words */
		{ { RAM_BASE, 0 }, { RAM_BASE + 0x1000u, 2560 } },       /* empty */
		{ { RAM_BASE, 2556 } },                                  /* too few bytes */
		{ { RAM_BASE, 2560 }, { RAM_BASE + 0x4000u, 4 } },       /* too many */
		{ { RAM_BASE - 4u, 2560 } },                             /* below RAM */
		{ { RAM_BASE + RAM_SIZE - 2556u, 2560 } },               /* past its end */
		{ { 0xfffffffcu, 8 }, { RAM_BASE, 2552 } },              /* wraps */
	};
	static const uint32_t nbad[] = { 2, 2, 2, 1, 2, 1, 1, 2 };
	static uint32_t many[STORAGE_SEG_MAX + 1u][2];
	uint8_t *ram = calloc(1, RAM_SIZE), *copy = malloc(RAM_SIZE);
	uint32_t ops;

	(void)state;
	assert_true(ram && copy);
	fresh();
	boot(STORE_READY);
	guest_mem_init((uintptr_t)ram, RAM_BASE, RAM_SIZE);
	fill(1, sector, 5);
	for (uint32_t i = 0, off = 0; i < 3; off += seg[i++][1])
		memcpy(ram + seg[i][0] - RAM_BASE, (uint8_t *)data + off, seg[i][1]);
	assert_int_equal(request_segs(STORAGE_OP_WRITE, sector, 5, seg, 3), STORAGE_OK);
	read_expect(1, sector, 5);   /* from the cache */
	memset(ram, 0, RAM_SIZE);
	assert_int_equal(request_segs(STORAGE_OP_READ, sector, 5, seg, 3), STORAGE_OK);
	for (uint32_t i = 0, off = 0; i < 3; off += seg[i++][1])
		assert_memory_equal(ram + seg[i][0] - RAM_BASE, (uint8_t *)data + off, seg[i][1]);
	/* And from the flash, once flushed and dropped from the cache. */
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_OK);
	boot(STORE_READY);
	memset(ram, 0, RAM_SIZE);
	assert_int_equal(request_segs(STORAGE_OP_READ, sector, 5, seg, 3), STORAGE_OK);
	for (uint32_t i = 0, off = 0; i < 3; off += seg[i++][1])
		assert_memory_equal(ram + seg[i][0] - RAM_BASE, (uint8_t *)data + off, seg[i][1]);

	memset(ram, 0x77, RAM_SIZE);
	memcpy(copy, ram, RAM_SIZE);
	ops = fake_pflash.ops;
	for (unsigned b = 0; b < sizeof(nbad) / sizeof(nbad[0]); b++) {
		assert_int_equal(request_segs(STORAGE_OP_READ, sector, 5, bad[b], nbad[b]),
				 STORAGE_EINVAL);
		assert_int_equal(request_segs(STORAGE_OP_WRITE, sector, 5, bad[b], nbad[b]),
				 STORAGE_EINVAL);
	}
	/* One segment too many, each else fine: 256 of 8 bytes and one of 512. */
	for (uint32_t i = 0; i <= STORAGE_SEG_MAX; i++) {
		many[i][0] = RAM_BASE + 8u * i;
		many[i][1] = i < STORAGE_SEG_MAX ? 8u : 512u;
	}
	assert_int_equal(request_segs(STORAGE_OP_READ, sector, 5, many, STORAGE_SEG_MAX + 1u),
			 STORAGE_EINVAL);
	assert_memory_equal(ram, copy, RAM_SIZE);
	assert_int_equal(fake_pflash.ops, ops);
	read_expect(1, sector, 5);   /* nothing written either */
	/* No normal RAM known: every segment is refused. */
	guest_mem_init(0, 0, 0);
	assert_int_equal(request_segs(STORAGE_OP_READ, sector, 5, seg, 3), STORAGE_EINVAL);
	free(ram);
	free(copy);
}

/* Every field of a request, and that a refused one touches nothing. */
static void test_every_request_field_is_checked(void **state)
{
	uint32_t ops;

	(void)state;
	fresh();
	boot(STORE_READY);
	assert_int_equal(write_gen(1, 0, 1), STORAGE_OK);
	ops = fake_pflash.ops;
	memset(data, 0x77, STORAGE_DATA_MAX);
	assert_int_equal(request(6, 0, 1), STORAGE_EINVAL);              /* op */
	assert_int_equal(request(0xffffffffu, 0, 1), STORAGE_EINVAL);
	assert_int_equal(request(STORAGE_OP_READ, 0, 0), STORAGE_EINVAL);   /* count 0 */
	assert_int_equal(request(STORAGE_OP_WRITE, 0, 0), STORAGE_EINVAL);
	assert_int_equal(request(STORAGE_OP_READ, 0, 513), STORAGE_EINVAL);   /* too big */
	assert_int_equal(request(STORAGE_OP_WRITE, 0, 0x80000000u), STORAGE_EINVAL);
	assert_int_equal(request(STORAGE_OP_READ, (uint32_t)CAPACITY, 1), STORAGE_ERANGE);
	assert_int_equal(request(STORAGE_OP_WRITE, (uint32_t)CAPACITY - 1u, 2), STORAGE_ERANGE);
	assert_int_equal(request(STORAGE_OP_READ, 0xffffffffu, 2), STORAGE_ERANGE);   /* wraps */
	assert_int_equal(request(STORAGE_OP_WRITE, 0xfffffe01u, 512), STORAGE_ERANGE);
	for (uint32_t i = 0; i < STORAGE_DATA_MAX / 4u; i++)
		assert_int_equal(data[i], 0x77777777u);
	assert_int_equal(fake_pflash.ops, ops);
	read_expect(1, 0, 1);
	/* The edges that are allowed. */
	assert_int_equal(write_gen(2, (uint32_t)CAPACITY - 1u, 1), STORAGE_OK);
	assert_int_equal(write_gen(3, (uint32_t)CAPACITY - 512u, 511), STORAGE_OK);
	assert_int_equal(write_gen(4, 1000, 512), STORAGE_OK);
	read_expect(3, (uint32_t)CAPACITY - 512u, 511);
	read_expect(2, (uint32_t)CAPACITY - 1u, 1);
	read_expect(4, 1000, 512);
	/* INFO and FLUSH take no sector or count. */
	assert_int_equal(request(STORAGE_OP_INFO, 0xffffffffu, 0xffffffffu), STORAGE_OK);
	assert_int_equal(request(STORAGE_OP_FLUSH, 0xffffffffu, 0xffffffffu), STORAGE_OK);
}

/* Read-modify-write inside blocks, pieces across block boundaries, the
 * cache's evictions, and the data inverted on flash. */
static void test_writes_read_back_across_blocks(void **state)
{
	(void)state;
	fresh();
	boot(STORE_READY);
	assert_int_equal(write_gen(1, 500, 100), STORAGE_OK);   /* blocks 0 and 1 */
	assert_int_equal(write_gen(2, 520, 3), STORAGE_OK);
	assert_int_equal(write_gen(3, 5u * PER_BLOCK, 512), STORAGE_OK);   /* a whole block */
	assert_int_equal(write_gen(4, 9u * PER_BLOCK + 511u, 2), STORAGE_OK);   /* evicts */
	read_expect(1, 500, 20);
	read_expect(2, 520, 3);
	read_expect(1, 523, 77);
	read_expect(3, 5u * PER_BLOCK, 512);
	read_expect(4, 9u * PER_BLOCK + 511u, 2);
	read_expect(0, 499, 1);
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_OK);
	boot(STORE_READY);
	read_expect(1, 500, 20);
	read_expect(2, 520, 3);
	read_expect(1, 523, 77);
	read_expect(3, 5u * PER_BLOCK, 512);
	read_expect(4, 9u * PER_BLOCK + 511u, 2);
	read_expect(0, 9u * PER_BLOCK + 510u, 1);
	/* On flash, sector 5 * PER_BLOCK's words are the pattern inverted,
	 * in whichever pool block the journal now names. */
	uint32_t hits = 0;

	for (uint32_t p = 0; p < LAYOUT_POOL_MAX; p++)
		hits += flash_word(layout_pool_block(store_layout(), p)) ==
			~pattern(3, 5u * PER_BLOCK, 0);
	assert_int_equal(hits, 1);
}

/* The erases a request costs are bounded: one per block written back, one
 * of a journal block now and then. */
static void test_erases_per_request_are_bounded(void **state)
{
	uint32_t worst = 0;

	(void)state;
	fresh();
	boot(STORE_READY);
	for (uint32_t i = 0; i < 600; i++) {
		uint32_t before = fake_pflash.erases, op = i % 5 == 4 ? STORAGE_OP_FLUSH :
			STORAGE_OP_WRITE, sector = (i * 7919u) % ((uint32_t)CAPACITY - 512u);

		if (op == STORAGE_OP_WRITE)
			assert_int_equal(write_gen(1u + i % 60u, sector, 1u + i % 512u),
					 STORAGE_OK);
		else
			assert_int_equal(request(op, 0, 0), STORAGE_OK);
		if (fake_pflash.erases - before > worst)
			worst = fake_pflash.erases - before;
	}
	assert_true(worst >= STORE_CACHE_BLOCKS);
	assert_true(worst <= STORE_CACHE_BLOCKS + 1u);
}

/* Writes not flushed may be lost: a reboot before the flush finds the
 * data as it was. */
static void test_writes_not_flushed_are_lost_whole(void **state)
{
	(void)state;
	fresh();
	boot(STORE_READY);
	write_flushed(1, 50, 10);
	assert_int_equal(write_gen(2, 55, 10), STORAGE_OK);
	boot(STORE_READY);
	read_expect(1, 50, 10);
	read_expect(0, 60, 5);
}

/* 2100 commits: the journal fills its first block and goes on in the
 * second, erased, and the newest record is found on every boot. */
static void test_the_journal_uses_its_blocks_in_turn(void **state)
{
	uint32_t journal_erases = 0;

	(void)state;
	fresh();
	boot(STORE_READY);
	for (uint32_t i = 1; i <= 2100; i++) {
		uint32_t before = fake_pflash.erases;

		write_flushed(1u + i % 50u, 3000u + i % 7u, 1);
		journal_erases += fake_pflash.erases - before - 1u;
		if (i == JOURNAL_SLOTS || i == JOURNAL_SLOTS + 1u || i == 2100) {
			boot(STORE_READY);
			read_expect(1u + i % 50u, 3000u + i % 7u, 1);
		}
	}
	assert_int_equal(journal_erases, 2);   /* J1 at record 1025, J0 at 2049 */
	assert_true(fake_log_has("journal at record 2100"));
	assert_int_equal(flash_word(J1 + 4u), 1025u);
	assert_int_equal(flash_word(J0 + 4u), 2049u);
}

/* A torn record is told by its CRC and passed over, the previous one
 * holds, and the next commit goes after it. */
static void test_a_torn_record_is_ignored(void **state)
{
	(void)state;
	fresh();
	boot(STORE_READY);
	write_flushed(1, 10, 1);
	write_flushed(2, 10, 1);
	/* Record 2 torn so that its map still reads as one (two pool blocks
	 * swapped): only its CRC tells. */
	uint8_t *map2 = fake_pflash.mem + J0 + JOURNAL_RECORD_SIZE +
			offsetof(struct journal_record, map);
	uint8_t p0 = map2[0];

	map2[0] = map2[1];
	map2[1] = p0;
	boot(STORE_READY);
	assert_true(fake_log_has("journal at record 1, a torn one after it passed over"));
	read_expect(1, 10, 1);
	write_flushed(3, 10, 1);
	assert_int_equal(flash_word(J0 + 2u * JOURNAL_RECORD_SIZE + 4u), 2u);
	boot(STORE_READY);
	read_expect(3, 10, 1);
	/* A record whose CRC holds but names a pool block twice is not
	 * followed either. */
	struct journal_record r;
	uint8_t map[JOURNAL_MAP_MAX];

	memcpy(&r, fake_pflash.mem + J0 + 2u * JOURNAL_RECORD_SIZE, sizeof(r));
	assert_int_equal(journal_decode(store_layout(), &r, map), 0);
	r.map[1] = r.map[0];
	r.crc = crc32(&r, JOURNAL_RECORD_SIZE - 4u);
	assert_int_equal(journal_decode(store_layout(), &r, map), -1);
}

/* Sequence numbers wrap at 2^32 and compare as serial numbers: a record
 * numbered 1 written after one numbered 0xfffffffe is the newer, in either
 * journal block. */
static void test_the_newest_record_is_found_across_the_wrap(void **state)
{
	const struct layout *l;
	uint8_t ident[JOURNAL_MAP_MAX], swapped[JOURNAL_MAP_MAX], map[JOURNAL_MAP_MAX];
	static const uint32_t seqs[][2] = {   /* J0's, J1's */
		{ 0xfffffffeu, 1u }, { 2u, 0xffffffffu }, { 0x7fffffffu, 0x80000001u },
	};

	(void)state;
	fresh();
	boot(STORE_READY);
	l = store_layout();
	for (uint32_t i = 0; i < l->nlogical; i++)
		ident[i] = swapped[i] = (uint8_t)i;
	swapped[0] = 1;
	swapped[1] = 0;
	for (unsigned c = 0; c < 3; c++) {
		/* The case's newer record holds the swapped map, in J1 for the
		 * first and third cases, J0 for the second. */
		bool j1_newer = c != 1;
		struct journal_record r;
		struct journal j;

		memset(fake_pflash.mem + J0, 0xff, FLASH_BLOCK_SIZE);
		memset(fake_pflash.mem + J1, 0xff, FLASH_BLOCK_SIZE);
		journal_encode(l, seqs[c][0], j1_newer ? ident : swapped, 0, &r);
		memcpy(fake_pflash.mem + J0, &r, sizeof(r));
		journal_encode(l, seqs[c][1], j1_newer ? swapped : ident, 0, &r);
		memcpy(fake_pflash.mem + J1, &r, sizeof(r));
		assert_int_equal(journal_scan(&j, l, map), MEDIUM_OK);
		assert_true(j.have_newest);
		assert_int_equal(j.newest_block, j1_newer ? 1u : 0u);
		assert_int_equal(j.seq, j1_newer ? seqs[c][1] : seqs[c][0]);
		assert_int_equal(map[0], 1);
		assert_int_equal(map[1], 0);
	}
}

/* ---- commits the chip says failed ------------------------------------------ */

/* The slots of both journal blocks that hold a valid record numbered seq. */
static unsigned records_numbered(uint32_t seq)
{
	uint8_t map[JOURNAL_MAP_MAX];
	unsigned n = 0;

	for (unsigned b = 0; b < LAYOUT_JOURNAL_BLOCKS; b++) {
		for (uint32_t s = 0; s < JOURNAL_SLOTS; s++) {
			struct journal_record r;

			memcpy(&r, fake_pflash.mem + store_layout()->journal[b] +
				   s * JOURNAL_RECORD_SIZE, sizeof(r));
			n += journal_decode(store_layout(), &r, map) == 0 && r.seq == seq;
		}
	}
	return n;
}

/* Records 1 to n in the first journal block's first n slots, each of the
 * map a format starts from: the journal as n commits that moved nothing
 * would leave it, without the time they take. */
static void records_moving_nothing(uint32_t n)
{
	const struct layout *l = store_layout();
	uint8_t ident[JOURNAL_MAP_MAX];
	struct journal_record r;

	for (uint32_t i = 0; i < l->nlogical; i++)
		ident[i] = (uint8_t)i;
	for (uint32_t s = 0; s < n; s++) {
		journal_encode(l, s + 1u, ident, 0, &r);
		memcpy(fake_pflash.mem + J0 + s * JOURNAL_RECORD_SIZE, &r, sizeof(r));
	}
}

/* The chip lies about the journal: what it programs or erases there
 * reaches the array, and it reports an error all the same. */
static void journal_lies(bool torn)
{
	fake_pflash.late_error_lo = J0;
	fake_pflash.late_error_hi = J1 + FLASH_BLOCK_SIZE;
	fake_pflash.late_torn = torn;
}

/* A flush whose commit the chip lies about: early in the journal, at
 * every try; or in the first block's last slot, and then at the erase of
 * the second. Sector 0 is flushed; sector 1, in the same block, is what
 * the failed flush carried. */
static void a_failed_flush(bool at_block_end, bool torn)
{
	fresh();
	boot(STORE_READY);
	if (at_block_end) {
		records_moving_nothing(JOURNAL_SLOTS - 2u);
		boot(STORE_READY);
	}
	write_flushed(1, 0, 1);
	assert_int_equal(write_gen(2, 1, 1), STORAGE_OK);
	journal_lies(torn);
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_EIO);
	fake_pflash.late_error_hi = 0;
}

/* A commit the chip says failed may have left its record on flash, whole
 * or torn: the mount may take it or the one before, so the blocks both
 * name must outlive every flush until one succeeds. Here every try of the
 * commit is such a lie, then the chip fails each program outright for a
 * flush per free block: the allocation goes round the free blocks, so a
 * store that took the failed record's new block for free erases it on the
 * last, and sector 0, flushed before and moved along with sector 1, is
 * lost at the next power cut. */
static void test_a_failed_commit_erases_nothing_it_may_have_named(void **state)
{
	(void)state;
	for (int torn = 0; torn < 2; torn++) {
		a_failed_flush(false, torn);
		assert_true(fake_log_has("error: flash: journal record 2 not written (-3, status "
					 "0x00900090); it may be on flash all the same"));
		assert_int_equal(fake_pflash.late_errors, JOURNAL_TRIES);
		assert_int_equal(records_numbered(2), torn ? 0u : JOURNAL_TRIES);
		fake_pflash.fail_program = true;
		for (unsigned i = 0; i < LAYOUT_SPARES; i++)
			assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_EIO);
		fake_pflash.fail_program = false;
		boot(STORE_READY);   /* the power cut */
		read_expect(1, 0, 1);
		read_expect(torn ? 0 : 2, 1, 1);   /* the failed flush: lost, or kept whole */
		write_flushed(3, 2, 1);
		boot(STORE_READY);
		read_expect(1, 0, 1);
		read_expect(3, 2, 1);
	}
}

/* A flush after a failed commit must be what the mount finds. The failed
 * record lands in the first journal block's last slot, and the erase of
 * the second (a lie as well) ends the commit; the next record starts the
 * second block, and one numbered like the failed record would lose to it
 * (the first block is read first): the flush it acknowledged, gone. */
static void test_a_flush_after_a_failed_commit_is_the_one_mounted(void **state)
{
	(void)state;
	a_failed_flush(true, false);
	assert_int_equal(fake_pflash.late_errors, 2);   /* the last slot, then the erase */
	assert_int_equal(records_numbered(JOURNAL_SLOTS), 1);
	write_flushed(3, 1, 1);
	boot(STORE_READY);
	read_expect(1, 0, 1);
	read_expect(3, 1, 1);
}

/* The same at the journal's level: a commit after a failed one is the
 * newest a scan finds, whichever block each went to. */
static void test_a_record_after_a_failed_commit_outnumbers_it(void **state)
{
	const struct layout *l;
	uint8_t ident[JOURNAL_MAP_MAX], moved[JOURNAL_MAP_MAX], map[JOURNAL_MAP_MAX];
	struct journal j;

	(void)state;
	fresh();
	boot(STORE_READY);
	l = store_layout();
	for (uint32_t i = 0; i < l->nlogical; i++)
		ident[i] = moved[i] = (uint8_t)i;
	moved[0] = (uint8_t)l->nlogical;   /* a free block */
	records_moving_nothing(JOURNAL_SLOTS - 1u);
	assert_int_equal(journal_scan(&j, l, map), MEDIUM_OK);
	journal_lies(false);
	assert_int_equal(journal_commit(&j, l, moved), MEDIUM_EIO);
	assert_int_equal(records_numbered(JOURNAL_SLOTS), 1);
	fake_pflash.late_error_hi = 0;
	assert_int_equal(journal_commit(&j, l, ident), MEDIUM_OK);
	assert_int_equal(journal_scan(&j, l, map), MEDIUM_OK);
	assert_memory_equal(map, ident, l->nlogical);
	assert_int_equal(j.newest_block, 1);
}

/* ---- power cuts ---------------------------------------------------------- */

#define TRACKED (8u * PER_BLOCK)   /* the sectors the sequences write, and some */

struct step {
	uint32_t op, sector, count, gen;
};

/* Partial blocks, a pieces across a boundary, a whole block, more dirty
 * blocks than the cache holds (one is written back alone), flushes of
 * several blocks at once. */
static const struct step sequence[] = {
	{ STORAGE_OP_WRITE, 10, 4, 1 },
	{ STORAGE_OP_WRITE, 500, 30, 2 },
	{ STORAGE_OP_FLUSH, 0, 0, 0 },
	{ STORAGE_OP_WRITE, 2u * PER_BLOCK, PER_BLOCK, 3 },
	{ STORAGE_OP_WRITE, 100, 8, 4 },
	{ STORAGE_OP_WRITE, 3u * PER_BLOCK + 7u, 3, 5 },
	{ STORAGE_OP_WRITE, 5u * PER_BLOCK, 1, 6 },
	{ STORAGE_OP_FLUSH, 0, 0, 0 },
	{ STORAGE_OP_WRITE, 10, 2, 7 },
	{ STORAGE_OP_WRITE, 2u * PER_BLOCK + 100u, 40, 8 },
	{ STORAGE_OP_FLUSH, 0, 0, 0 },
	{ STORAGE_OP_WRITE, 6u * PER_BLOCK - 3u, 6, 9 },
	{ STORAGE_OP_FLUSH, 0, 0, 0 },
};

static const struct step sequence2[] = {
	{ STORAGE_OP_WRITE, 8, 5, 20 },
	{ STORAGE_OP_WRITE, 7u * PER_BLOCK, 2, 21 },
	{ STORAGE_OP_FLUSH, 0, 0, 0 },
	{ STORAGE_OP_WRITE, 4u * PER_BLOCK + 50u, 40, 22 },
	{ STORAGE_OP_FLUSH, 0, 0, 0 },
};

/* What each tracked sector may hold: the generation the last acknowledged
 * flush made durable, or one written since (acknowledged or not). */
static struct {
	uint8_t durable[TRACKED], last[TRACKED];
	uint64_t since[TRACKED];
} model;

static void model_from_flash(void)
{
	for (uint32_t s = 0; s < TRACKED; s += 512) {
		assert_int_equal(request(STORAGE_OP_READ, s, 512), STORAGE_OK);
		for (uint32_t k = 0; k < 512; k++) {
			int g = gen_of(s + k, data + k * SECTOR_WORDS);

			assert_true(g >= 0);
			model.durable[s + k] = model.last[s + k] = (uint8_t)g;
			model.since[s + k] = 0;
		}
	}
}

/* Runs steps until the end or the power cut; returns the steps done. */
static unsigned run(const struct step *steps, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		const struct step *st = &steps[i];
		uint32_t r;

		if (st->op == STORAGE_OP_WRITE) {
			for (uint32_t k = 0; k < st->count; k++)
				model.since[st->sector + k] |= 1ull << st->gen;
			r = write_gen(st->gen, st->sector, st->count);
		} else {
			r = request(st->op, 0, 0);
		}
		if (fake_pflash.dead)
			return i;
		assert_int_equal(r, STORAGE_OK);
		if (st->op == STORAGE_OP_WRITE) {
			for (uint32_t k = 0; k < st->count; k++)
				model.last[st->sector + k] = (uint8_t)st->gen;
		} else {
			memcpy(model.durable, model.last, sizeof(model.durable));
			memset(model.since, 0, sizeof(model.since));
		}
	}
	return n;
}

/* After the reboot: every flushed sector reads back as flushed; one
 * written since holds its old or one of its new contents. */
static void model_check(void)
{
	for (uint32_t s = 0; s < TRACKED; s += 512) {
		assert_int_equal(request(STORAGE_OP_READ, s, 512), STORAGE_OK);
		for (uint32_t k = 0; k < 512; k++) {
			int g = gen_of(s + k, data + k * SECTOR_WORDS);

			if (g == model.durable[s + k] || (g > 0 && (model.since[s + k] >> g & 1u)))
				continue;
			fail_msg("sector %u holds generation %d; flushed %u, since 0x%llx",
				 (unsigned)(s + k), g, model.durable[s + k],
				 (unsigned long long)model.since[s + k]);
		}
	}
}

static void power_back(void)
{
	fake_pflash_power_on();
	boot(STORE_READY);
}

/* A region formatted, written and flushed until its journal is two
 * records from the end of its first block: the sequences' commits cross
 * to the second, erasing it. */
static void prepare(void)
{
	fresh();
	boot(STORE_READY);
	for (uint32_t i = 0; i < JOURNAL_SLOTS - 2u; i++) {
		write_flushed(1, 100u * PER_BLOCK, 1);
	}
	fake_pflash_snapshot();
	boot(STORE_READY);
	memset(&model, 0, sizeof(model));
}

static uint32_t ops_of(const struct step *steps, unsigned n)
{
	fake_pflash_restore();
	boot(STORE_READY);
	assert_int_equal(run(steps, n), n);
	return fake_pflash.ops;
}

static void test_power_cut_at_every_operation(void **state)
{
	const unsigned n = sizeof(sequence) / sizeof(sequence[0]);
	uint32_t total, cuts = 0;

	(void)state;
	prepare();
	total = ops_of(sequence, n);
	/* The sequence must reach every path it was written for. */
	assert_true(total >= 80);
	for (uint32_t cut = 1; cut <= total; cut++) {
		for (int torn = 0; torn < 2; torn++) {
			fake_pflash_restore();
			boot(STORE_READY);
			memset(&model, 0, sizeof(model));
			fake_pflash.cut_at = cut;
			fake_pflash.cut_torn = torn;
			fake_pflash.seed = cut * 2u + (uint32_t)torn;
			assert_true(run(sequence, n) < n);
			power_back();
			model_check();
			/* And it goes on working. */
			write_flushed(30, 11u * PER_BLOCK, 3);
			boot(STORE_READY);
			read_expect(30, 11u * PER_BLOCK, 3);
			cuts++;
		}
	}
	assert_int_equal(cuts, 2u * total);
	print_message("storage: a power cut at each of %u flash operations, before and torn: "
		      "%u reboots checked\n", (unsigned)total, (unsigned)cuts);
}

/* The first cut of test_power_cut_after_a_power_cut, replayed: the same
 * seed tears the same bits. */
static void first_cut(uint32_t cut)
{
	const unsigned n = sizeof(sequence) / sizeof(sequence[0]);

	fake_pflash_restore();
	boot(STORE_READY);
	fake_pflash.cut_at = cut;
	fake_pflash.cut_torn = true;
	fake_pflash.seed = cut;
	run(sequence, n);
	power_back();
	fake_pflash.ops = 0;
}

/* A second cut after the first reboot, at every operation of a second
 * sequence (for every sixteenth of the first's cut points): recovery leaves
 * a region that survives the next cut as well. */
static void test_power_cut_after_a_power_cut(void **state)
{
	const unsigned n = sizeof(sequence) / sizeof(sequence[0]);
	const unsigned n2 = sizeof(sequence2) / sizeof(sequence2[0]);
	uint32_t total, cuts = 0;

	(void)state;
	prepare();
	total = ops_of(sequence, n);
	for (uint32_t cut = 3; cut <= total; cut += 16) {
		static __typeof__(model) survived;
		uint32_t total2;

		first_cut(cut);
		model_from_flash();   /* whatever survived the first cut */
		memcpy(&survived, &model, sizeof(model));
		assert_int_equal(run(sequence2, n2), n2);
		total2 = fake_pflash.ops;
		for (uint32_t cut2 = 1; cut2 <= total2; cut2++) {
			first_cut(cut);
			memcpy(&model, &survived, sizeof(model));
			fake_pflash.cut_at = cut2;
			fake_pflash.cut_torn = true;
			fake_pflash.seed = cut2 * 31u;
			assert_true(run(sequence2, n2) < n2);
			power_back();
			model_check();
			cuts++;
		}
	}
	assert_true(cuts >= 150);
	print_message("storage: a second power cut at each operation after %u first cuts: "
		      "%u reboots checked\n", (unsigned)((total - 3u) / 16u + 1u), (unsigned)cuts);
}

/* After a_failed_flush(at_block_end, torn), a power cut at the flush's
 * cut-th operation (torn or not), the reboot and the checks: sector 0
 * holds what was flushed, sector 1 its old or new contents, the new if
 * the flush returned. True if the flush returned before the cut. */
static bool cut_in_the_next_flush(bool at_block_end, bool torn, uint32_t cut, bool cut_torn)
{
	uint32_t r;
	bool finished;
	int g;

	a_failed_flush(at_block_end, torn);
	fake_pflash.cut_at = fake_pflash.ops + cut;
	fake_pflash.cut_torn = cut_torn;
	fake_pflash.seed = cut * 2u + (uint32_t)cut_torn;
	r = request(STORAGE_OP_FLUSH, 0, 0);
	finished = !fake_pflash.dead;
	if (finished)
		assert_int_equal(r, STORAGE_OK);
	power_back();
	read_expect(1, 0, 1);
	assert_int_equal(request(STORAGE_OP_READ, 1, 1), STORAGE_OK);
	g = gen_of(1, data);
	assert_true(g == 2 || (g == 0 && !finished));
	/* And it goes on working. */
	write_flushed(3, 2, 1);
	boot(STORE_READY);
	read_expect(1, 0, 1);
	read_expect(3, 2, 1);
	return finished;
}

/* A power cut at each operation of the flush that follows a failed commit
 * (its record of the map before, then its own write back), before and
 * torn, after each of a_failed_flush's four cases. */
/* The rollback counter of verified boot (store_counter_raise): 0 on a new
 * region, raised never lowered, kept across reboots and by every later
 * record (a flush), and a power cut at any operation of a raise leaves the
 * old value or the new one, the data intact; a raise that returned OK is
 * the new one. */
static uint32_t counter_now(void)
{
	struct storage_req slot = { .op = STORAGE_OP_COUNTER_GET, .seq = ++seq, .counter = 77 };
	struct request r;

	assert_int_equal(request_handle(&slot, (uint8_t *)data, &r), STORAGE_OK);
	return slot.counter;
}

static uint32_t raise_to(uint32_t v)
{
	struct storage_req slot = { .op = STORAGE_OP_COUNTER_RAISE, .seq = ++seq, .counter = v };
	struct request r;

	return request_handle(&slot, (uint8_t *)data, &r);
}

static void test_the_rollback_counter(void **state)
{
	uint32_t ops;

	(void)state;
	fresh();
	boot(STORE_READY);
	assert_int_equal(counter_now(), 0);
	assert_int_equal(write_gen(3, 0, 1), STORAGE_OK);   /* cached: not part of a raise */
	assert_int_equal(raise_to(5), STORAGE_OK);
	assert_int_equal(counter_now(), 5);
	ops = fake_pflash.ops;
	assert_int_equal(raise_to(3), STORAGE_OK);
	assert_int_equal(raise_to(5), STORAGE_OK);
	assert_int_equal(fake_pflash.ops, ops);   /* nothing written */
	assert_int_equal(counter_now(), 5);
	boot(STORE_READY);
	assert_int_equal(counter_now(), 5);
	read_expect(0, 0, 1);   /* the cached write was not flushed by the raise */
	write_flushed(4, 0, 1);
	boot(STORE_READY);
	assert_int_equal(counter_now(), 5);
	read_expect(4, 0, 1);
	/* Only the VMM's boot asks; no request of the guest reaches it. */
	store_forget();
	assert_int_equal(raise_to(9), STORAGE_ENODEV);
	boot(STORE_READY);
	assert_int_equal(counter_now(), 5);
	/* A power cut at each operation of a raise (its record's program),
	 * before and torn. */
	uint32_t cut = 2;

	for (;; cut++) {
		uint32_t st, after;

		fresh();
		boot(STORE_READY);
		write_flushed(6, 0, 1);
		assert_int_equal(raise_to(4), STORAGE_OK);
		fake_pflash.cut_at = fake_pflash.ops + cut / 2u;
		fake_pflash.cut_torn = cut & 1u;
		fake_pflash.seed = cut;
		st = raise_to(9);
		bool cut_happened = fake_pflash.dead;

		power_back();
		after = counter_now();
		assert_true(after == 4 || after == 9);
		if (st == STORAGE_OK)
			assert_int_equal(after, 9);
		read_expect(6, 0, 1);
		if (!cut_happened && (cut & 1u))
			break;
	}
	assert_true(cut >= 5);   /* one program at least, cut before and torn */
	print_message("storage: a power cut at each of %u operations of a counter raise, "
		      "before and torn\n", (unsigned)(cut / 2u - 1u));
}

static void test_power_cut_in_the_flush_after_a_failed_commit(void **state)
{
	uint32_t cuts = 0;

	(void)state;
	for (unsigned c = 0; c < 4; c++) {
		bool finished = false;

		for (uint32_t cut = 1; !finished; cut++) {
			finished = cut_in_the_next_flush(c & 1u, c & 2u, cut, false);
			finished &= cut_in_the_next_flush(c & 1u, c & 2u, cut, true);
			cuts += 2;
		}
	}
	/* At least the record of the map before, a block's erase and load,
	 * and the commit, in each case. */
	assert_true(cuts >= 4u * 2u * 4u);
	print_message("storage: a power cut at each operation of the flush after a failed "
		      "commit, in 4 cases: %u reboots checked\n", (unsigned)cuts);
}

int run_storage_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_crc32_known_answer),
		UNIT_TEST(test_cfi_reads_qemu_virt_geometry),
		UNIT_TEST(test_cfi_refuses_what_is_not_cfi),
		UNIT_TEST(test_a_chip_the_layout_does_not_fit_is_refused),
		UNIT_TEST(test_cfi_erase_and_buffered_program),
		UNIT_TEST(test_cfi_small_buffer_falls_back_to_word_program),
		UNIT_TEST(test_flash_errors_are_eio_never_a_hang),
		UNIT_TEST(test_no_array_read_outside_read_array_mode),
		UNIT_TEST(test_a_new_flash_is_formatted_then_found),
		UNIT_TEST(test_capacity_answer),
		UNIT_TEST(test_foreign_data_is_left_alone),
		UNIT_TEST(test_another_version_or_geometry_is_refused),
		UNIT_TEST(test_a_torn_format_is_done_again),
		UNIT_TEST(test_every_request_field_is_checked),
		UNIT_TEST(test_requests_with_segments_in_normal_ram),
		UNIT_TEST(test_writes_read_back_across_blocks),
		UNIT_TEST(test_erases_per_request_are_bounded),
		UNIT_TEST(test_writes_not_flushed_are_lost_whole),
		UNIT_TEST(test_the_journal_uses_its_blocks_in_turn),
		UNIT_TEST(test_the_newest_record_is_found_across_the_wrap),
		UNIT_TEST(test_a_torn_record_is_ignored),
		UNIT_TEST(test_a_failed_commit_erases_nothing_it_may_have_named),
		UNIT_TEST(test_a_flush_after_a_failed_commit_is_the_one_mounted),
		UNIT_TEST(test_a_record_after_a_failed_commit_outnumbers_it),
		UNIT_TEST(test_power_cut_at_every_operation),
		UNIT_TEST(test_the_rollback_counter),
		UNIT_TEST(test_power_cut_after_a_power_cut),
		UNIT_TEST(test_power_cut_in_the_flush_after_a_failed_commit),
	};

	return UNIT_RUN_GROUP("storage", tests, ncases);
}

UNIT_SLOW(run_storage_tests);   /* about 6.5 s */
