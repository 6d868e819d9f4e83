/*
 * The storage component's SD medium (components/storage/medium_sd.c) on
 * the uSDHC driver and the model of QEMU's uSDHC and SD card
 * (test/unit/fake_usdhc.h): the flash's meaning kept (an erase reads as
 * 0xff, a program over anything else refused), what a write back costs,
 * and the store on it: formatted, written, flushed, found again after a
 * reboot, through errors, and after a power cut at points all along a
 * sequence of writes and flushes whose commits cross to the second journal
 * block. (The store on the CFI flash: test/unit/test_storage.c.)
 */
#include <stdlib.h>
#include <string.h>
#include <drivers/usdhc.h>
#include <tzvmm/flash_layout.h>
#include <tzvmm/storage.h>
#include "../../components/storage/journal.h"
#include "../../components/storage/layout.h"
#include "../../components/storage/medium.h"
#include "../../components/storage/request.h"
#include "../../components/storage/store.h"
#include "fake_usdhc.h"
#include "unit.h"

#define CARD        (64ull << 20)
#define PER_BLOCK   (FLASH_BLOCK_SIZE / STORAGE_SECTOR)
#define WORDS       (STORAGE_SECTOR / 4u)
#define J0          (FLASH_DATA_OFFSET + FLASH_BLOCK_SIZE)
#define J1          (FLASH_DATA_OFFSET + 2u * FLASH_BLOCK_SIZE)
#define TRACKED     (6u * PER_BLOCK)

static uint32_t *data;   /* a request's data: STORAGE_DATA_MAX bytes */
static uint32_t seq;

static void card_new(uint64_t capacity)
{
	fake_usdhc_new(capacity);
	medium_sd_attach(FAKE_USDHC_BASE, &fake_usdhc_port);
	medium_use(&medium_sd);
	if (!data)
		data = malloc(STORAGE_DATA_MAX);
	seq = 0;
}

static uint32_t request(uint32_t op, uint32_t sector, uint32_t count)
{
	struct storage_req slot = { .op = op, .sector = sector, .count = count, .seq = ++seq };
	struct request r;
	uint32_t st = request_handle(&slot, (uint8_t *)data, &r);

	assert_int_equal(slot.status, st);
	assert_int_equal(fake_usdhc.violations, 0);
	return st;
}

static uint32_t pattern(uint32_t gen, uint32_t sector, uint32_t i)
{
	uint32_t x = gen * 0x9e3779b9u ^ (sector + 1u) * 0x85ebca6bu ^ (i + 1u) * 0xc2b2ae35u;

	return (x ^ (x >> 15)) | 1u;
}

static uint32_t write_gen(uint32_t gen, uint32_t sector, uint32_t count)
{
	for (uint32_t i = 0; i < count * WORDS; i++)
		data[i] = pattern(gen, sector + i / WORDS, i % WORDS);
	return request(STORAGE_OP_WRITE, sector, count);
}

/* The generation sector holds (0: zeros), or -1. */
static int gen_of(uint32_t sector, const uint32_t *w)
{
	uint32_t any = 0;

	for (uint32_t i = 0; i < WORDS; i++)
		any |= w[i];
	if (!any)
		return 0;
	for (uint32_t g = 1; g < 64; g++) {
		uint32_t i = 0;

		while (i < WORDS && w[i] == pattern(g, sector, i))
			i++;
		if (i == WORDS)
			return (int)g;
	}
	return -1;
}

static void read_expect(uint32_t gen, uint32_t sector, uint32_t count)
{
	assert_int_equal(request(STORAGE_OP_READ, sector, count), STORAGE_OK);
	for (uint32_t k = 0; k < count; k++)
		assert_int_equal(gen_of(sector + k, data + k * WORDS), (int)gen);
}

static void boot(enum store_state want)
{
	fake.log_lines = 0;
	store_forget();
	assert_int_equal(store_mount(), want);
	assert_int_equal(fake_usdhc.violations, 0);
}

static uint32_t card_word(uint32_t off)
{
	uint32_t v;

	memcpy(&v, fake_usdhc.mem + off, 4);
	return v;
}

static void test_sd_medium_geometry(void **state)
{
	struct medium_geometry g;
	char why[160];

	(void)state;
	card_new(CARD);
	assert_int_equal(medium_init(&g, why, sizeof(why)), MEDIUM_OK);
	assert_int_equal(g.size, FLASH_SIZE);
	assert_int_equal(g.block_size, FLASH_BLOCK_SIZE);
	assert_int_equal(g.nblocks, 256);
	medium_describe(why, sizeof(why));
	assert_string_equal(why, "SDSC card of 64 MiB (addressed in bytes), 1-bit PIO; its first "
			    "65536 KiB as 256 erase blocks of 256 KiB");
	/* A larger card: its first 64 MiB. */
	card_new(4ull << 30);
	assert_int_equal(medium_init(&g, why, sizeof(why)), MEDIUM_OK);
	assert_int_equal(g.size, FLASH_SIZE);
	/* A smaller one: the layout refuses it, in one line. */
	card_new(32ull << 20);
	boot(STORE_NODEV);
	assert_true(fake_log_has("error: sd data region: the chip has 32768 KiB in blocks of 256 "
				 "KiB; the layout needs 65536 KiB in blocks of 256 KiB"));
	/* None at all. */
	card_new(CARD);
	fake_usdhc.inserted = false;
	fake_usdhc_power_on();
	boot(STORE_NODEV);
	assert_true(fake_log_has("error: sd: no usable SD card: no card in the slot"));
}

/* Erase, program and read keep the flash's meaning, and what each costs
 * in sectors written (fake_usdhc.ops). */
static void test_sd_medium_keeps_the_flash_meaning(void **state)
{
	struct medium_geometry g;
	uint32_t w[16], back[16], b0 = 30u * FLASH_BLOCK_SIZE, b1 = 31u * FLASH_BLOCK_SIZE, ops;
	char why[160];
	static uint32_t block[FLASH_BLOCK_SIZE / 4u];

	(void)state;
	card_new(CARD);
	memset(fake_usdhc.mem + b0, 0x5a, 2u * FLASH_BLOCK_SIZE);
	assert_int_equal(medium_init(&g, why, sizeof(why)), MEDIUM_OK);
	for (uint32_t i = 0; i < 16; i++)
		w[i] = 0x01020304u * (i + 1u);
	/* Over data not erased: refused, nothing written. */
	assert_int_equal(medium_program(b0 + 64u, w, 64), MEDIUM_EUNERASED);
	assert_int_equal(medium_last_status(), b0 + 64u);
	assert_int_equal(medium_program(b0 + 512u, block, 1024), MEDIUM_EUNERASED);
	assert_int_equal(fake_usdhc.ops, 0);
	/* An erase is written out when it can be seen: here by a read. */
	assert_int_equal(medium_erase(b0 + 4096u), MEDIUM_OK);
	assert_int_equal(fake_usdhc.ops, 0);
	assert_int_equal(medium_read(b0 + 8u, back, 4), MEDIUM_OK);
	assert_int_equal(back[0], 0xffffffffu);
	assert_int_equal(fake_usdhc.ops, FLASH_BLOCK_SIZE / 512u);
	assert_int_equal(card_word(b0 + FLASH_BLOCK_SIZE - 4u), 0xffffffffu);
	assert_int_equal(card_word(b1), 0x5a5a5a5au);   /* the next block: kept */
	/* Part of a sector: one sector written; the same bytes again: refused. */
	ops = fake_usdhc.ops;
	assert_int_equal(medium_program(b0 + 256u, w, 64), MEDIUM_OK);
	assert_int_equal(fake_usdhc.ops, ops + 1u);
	assert_int_equal(medium_program(b0 + 256u + 60u, w, 8), MEDIUM_EUNERASED);
	assert_int_equal(medium_read(b0 + 256u, back, 64), MEDIUM_OK);
	assert_memory_equal(back, w, 64);
	assert_int_equal(card_word(b0 + 252u), 0xffffffffu);
	/* A write back: erase, then the whole block: 512 sectors, not 1024. */
	for (uint32_t i = 0; i < FLASH_BLOCK_SIZE / 4u; i++)
		block[i] = i * 2654435761u;
	ops = fake_usdhc.ops;
	assert_int_equal(medium_erase(b1), MEDIUM_OK);
	assert_int_equal(medium_program(b1, block, FLASH_BLOCK_SIZE), MEDIUM_OK);
	assert_int_equal(fake_usdhc.ops, ops + FLASH_BLOCK_SIZE / 512u);
	assert_memory_equal(fake_usdhc.mem + b1, block, FLASH_BLOCK_SIZE);
	/* Another erase of it, then part of it: the 0xff written first. */
	assert_int_equal(medium_erase(b1), MEDIUM_OK);
	assert_int_equal(medium_program(b1 + 1024u, block, 2048), MEDIUM_OK);
	assert_int_equal(card_word(b1), 0xffffffffu);
	assert_int_equal(card_word(b1 + FLASH_BLOCK_SIZE - 4u), 0xffffffffu);
	assert_memory_equal(fake_usdhc.mem + b1 + 1024u, block, 2048);
	assert_int_equal(fake_usdhc.violations, 0);
}

/* Format, write, flush, remount on a new card; a 4 KiB write and a flush
 * cost one block and one journal sector. */
static void test_sd_store_formats_writes_and_finds_it_again(void **state)
{
	uint32_t ops;

	(void)state;
	card_new(CARD);
	boot(STORE_READY);
	assert_true(fake_log_has("sd: SDSC card of 64 MiB (addressed in bytes), 1-bit PIO"));
	assert_true(fake_log_has("data region: blank, formatted: 233 blocks of 256 KiB "
				 "(119296 sectors) at 0x00400000"));
	assert_int_equal(card_word(FLASH_DATA_OFFSET), LAYOUT_MAGIC);
	read_expect(0, 0, 512);
	ops = fake_usdhc.ops;
	assert_int_equal(write_gen(1, 1000, 8), STORAGE_OK);
	assert_int_equal(fake_usdhc.ops, ops);   /* cached */
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_OK);
	assert_int_equal(fake_usdhc.ops, ops + PER_BLOCK + 1u);
	assert_int_equal(write_gen(2, 3u * PER_BLOCK + 5u, 300), STORAGE_OK);
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_OK);
	boot(STORE_READY);
	assert_true(fake_log_has("data region: superblock found at 0x00400000: 233 blocks of "
				 "256 KiB (119296 sectors); journal at record 2"));
	read_expect(1, 1000, 8);
	read_expect(0, 1008, 1);
	read_expect(2, 3u * PER_BLOCK + 5u, 300);
	/* Unflushed writes are lost at a reboot. */
	assert_int_equal(write_gen(3, 1000, 1), STORAGE_OK);
	boot(STORE_READY);
	read_expect(1, 1000, 1);
}

/* Errors of the card are STORAGE_EIO with a line; what was cached stays
 * for a later flush. */
static void test_sd_store_errors_are_eio(void **state)
{
	(void)state;
	card_new(CARD);
	boot(STORE_READY);
	assert_int_equal(write_gen(4, 10, 2), STORAGE_OK);
	fake_usdhc.crc_error_at = 100;   /* inside the block's write */
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_EIO);
	assert_true(fake_log_has("error: sd: writing pool block"));
	assert_int_equal(fake_usdhc.crc_errors, 1);
	fake_usdhc.unanswered_cmd = 25;
	fake_usdhc.unanswered_count = 1;
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_EIO);
	read_expect(4, 10, 2);   /* from the cache */
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_OK);
	fake_usdhc.unanswered_cmd = 18;
	fake_usdhc.unanswered_count = 1;
	assert_int_equal(request(STORAGE_OP_READ, 5u * PER_BLOCK, 2), STORAGE_EIO);
	boot(STORE_READY);
	read_expect(4, 10, 2);
	/* A sector the card acknowledged and never stored: the block's
	 * read-back finds it, and no record names the block. */
	assert_int_equal(write_gen(5, 10, 2), STORAGE_OK);
	fake_usdhc.lost_write_at = fake_usdhc.ops + 11u;   /* sector 10 of the block */
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_EIO);
	assert_true(fake_log_has("error: sd: writing pool block"));
	boot(STORE_READY);
	read_expect(4, 10, 2);
	assert_int_equal(write_gen(5, 10, 2), STORAGE_OK);
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_OK);
	boot(STORE_READY);
	read_expect(5, 10, 2);
}

/* A thread restarted holding the lock (main.c's recover): the medium made
 * idle, the card stopped mid-transfer, an erase not yet written out
 * dropped (as the store forgets its state); the next mount goes on. */
static void test_sd_medium_idle_after_a_restart(void **state)
{
	uint32_t ops, resets;

	(void)state;
	card_new(CARD);
	boot(STORE_READY);
	assert_int_equal(write_gen(1, 0, 1), STORAGE_OK);
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_OK);
	assert_int_equal(medium_erase(store_scratch_block(0)), MEDIUM_OK);
	fake_usdhc.state = FAKE_SD_SENDING;   /* cut short in a multi-block read */
	fake_usdhc.cur_cmd = 18;
	ops = fake_usdhc.ops;
	resets = fake_usdhc.resets[1] + fake_usdhc.resets[2];
	medium_idle();
	store_forget();
	assert_int_equal(fake_usdhc.state, FAKE_SD_TRANSFER);
	assert_int_equal(fake_usdhc.resets[1] + fake_usdhc.resets[2], resets + 2u);
	assert_int_equal(fake_usdhc.ops, ops);
	boot(STORE_READY);
	read_expect(1, 0, 1);
}

/* ---- power cuts ----------------------------------------------------------- */

struct step {
	uint32_t op, sector, count, gen;
};

static const struct step sequence[] = {
	{ STORAGE_OP_WRITE, 10, 4, 1 },
	{ STORAGE_OP_WRITE, 500, 30, 2 },   /* across blocks 0 and 1 */
	{ STORAGE_OP_FLUSH, 0, 0, 0 },
	{ STORAGE_OP_WRITE, 2u * PER_BLOCK, PER_BLOCK, 3 },
	{ STORAGE_OP_WRITE, 100, 8, 4 },
	{ STORAGE_OP_WRITE, 4u * PER_BLOCK + 7u, 3, 5 },
	{ STORAGE_OP_WRITE, 5u * PER_BLOCK + 1u, 2, 7 },   /* a fourth dirty block: one goes back */
	{ STORAGE_OP_FLUSH, 0, 0, 0 },
	{ STORAGE_OP_WRITE, 11, 2, 6 },
	{ STORAGE_OP_FLUSH, 0, 0, 0 },
};
#define STEPS (sizeof(sequence) / sizeof(sequence[0]))

/* Per tracked sector: what the last acknowledged flush made durable, and
 * the generations written since. */
static struct {
	uint8_t durable[TRACKED], last[TRACKED];
	uint64_t since[TRACKED];
} model;

/* Step i of the sequence, the model kept; false if the power was cut. */
static bool run_step(unsigned i)
{
	const struct step *s = &sequence[i];
	uint32_t r;

	if (s->op == STORAGE_OP_WRITE) {
		for (uint32_t k = 0; k < s->count; k++)
			model.since[s->sector + k] |= 1ull << s->gen;
		r = write_gen(s->gen, s->sector, s->count);
	} else {
		r = request(s->op, 0, 0);
	}
	if (fake_usdhc.dead)
		return false;
	assert_int_equal(r, STORAGE_OK);
	if (s->op == STORAGE_OP_WRITE) {
		for (uint32_t k = 0; k < s->count; k++)
			model.last[s->sector + k] = (uint8_t)s->gen;
	} else {
		memcpy(model.durable, model.last, sizeof(model.durable));
		memset(model.since, 0, sizeof(model.since));
	}
	return true;
}

/* The sequence until its end or the cut: the steps done. */
static unsigned run(void)
{
	for (unsigned i = 0; i < STEPS; i++)
		if (!run_step(i))
			return i;
	return STEPS;
}

static void model_check(void)
{
	for (uint32_t s = 0; s < TRACKED; s += 512) {
		assert_int_equal(request(STORAGE_OP_READ, s, 512), STORAGE_OK);
		for (uint32_t k = 0; k < 512; k++) {
			int g = gen_of(s + k, data + k * WORDS);

			if (g == model.durable[s + k] || (g > 0 && (model.since[s + k] >> g & 1u)))
				continue;
			fail_msg("sector %u holds generation %d; flushed %u", (unsigned)(s + k), g,
				 model.durable[s + k]);
		}
	}
}

/* A formatted card whose journal has filled its second block with
 * records 1-1024 and its first with 1025-2046, two from its end (records
 * of the map a format starts from, written in place): the sequence's
 * commits erase the second block, old records and all, and go on there. */
static void prepare(void)
{
	const struct layout *l;
	uint8_t ident[JOURNAL_MAP_MAX];
	struct journal_record r;

	card_new(CARD);
	boot(STORE_READY);
	l = store_layout();
	for (uint32_t i = 0; i < l->nlogical; i++)
		ident[i] = (uint8_t)i;
	for (uint32_t n = 1; n <= 2u * JOURNAL_SLOTS - 2u; n++) {
		uint32_t off = (n <= JOURNAL_SLOTS ? J1 : J0) + ((n - 1u) % JOURNAL_SLOTS) *
			       JOURNAL_RECORD_SIZE;

		journal_encode(l, n, ident, 0, &r);
		memcpy(fake_usdhc.mem + off, &r, sizeof(r));
	}
	fake_usdhc_snapshot();
}

/* One cut at the cut-th sector written, the reboot, the checks. */
static void cut_once(uint32_t cut, bool torn)
{
	fake_usdhc_restore();
	boot(STORE_READY);
	memset(&model, 0, sizeof(model));
	fake_usdhc.cut_at = cut;
	fake_usdhc.cut_torn = torn;
	fake_usdhc.seed = cut * 2u + torn;
	assert_true(run() < STEPS);
	fake_usdhc_power_on();
	boot(STORE_READY);
	model_check();
	assert_int_equal(write_gen(30, 11u * PER_BLOCK, 2), STORAGE_OK);
	assert_int_equal(request(STORAGE_OP_FLUSH, 0, 0), STORAGE_OK);
	boot(STORE_READY);
	read_expect(30, 11u * PER_BLOCK, 2);
}

/* Cuts at the first and last sectors of every request that writes, at
 * the journal's erase and records, and at every 61st sector between. */
static void test_sd_store_survives_power_cuts(void **state)
{
	uint32_t edges[3 * STEPS + 2], nedges = 0, total, cuts = 0;

	(void)state;
	prepare();
	fake_usdhc_restore();
	boot(STORE_READY);
	memset(&model, 0, sizeof(model));
	for (unsigned i = 0; i < STEPS; i++) {
		uint32_t before = fake_usdhc.ops;

		assert_true(run_step(i));
		if (fake_usdhc.ops > before) {
			edges[nedges++] = before + 1u;
			edges[nedges++] = fake_usdhc.ops - 1u;
			edges[nedges++] = fake_usdhc.ops;
		}
	}
	total = fake_usdhc.ops;
	/* Its commits crossed to the second journal block. */
	assert_int_equal(card_word(J1 + 4u), 2u * JOURNAL_SLOTS + 1u);
	assert_int_equal(card_word(J1 + JOURNAL_RECORD_SIZE + 4u), 2u * JOURNAL_SLOTS + 2u);
	assert_int_equal(card_word(J1 + 2u * JOURNAL_RECORD_SIZE), 0xffffffffu);
	assert_true(total > 4u * PER_BLOCK);
	for (uint32_t cut = 1; cut <= total; cut++) {
		bool edge = cut % 61u == 0;

		for (uint32_t e = 0; e < nedges; e++)
			edge |= edges[e] == cut;
		if (!edge)
			continue;
		cut_once(cut, false);
		cut_once(cut, true);
		cuts += 2;
	}
	assert_true(cuts >= 40);
	print_message("sd: a power cut at %u of %u sector writes, before and torn: %u reboots "
		      "checked\n", (unsigned)(cuts / 2u), (unsigned)total, (unsigned)cuts);
}

static int run_sd_medium_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_sd_medium_geometry),
		UNIT_TEST(test_sd_medium_keeps_the_flash_meaning),
		UNIT_TEST(test_sd_store_formats_writes_and_finds_it_again),
		UNIT_TEST(test_sd_store_errors_are_eio),
		UNIT_TEST(test_sd_medium_idle_after_a_restart),
		UNIT_TEST(test_sd_store_survives_power_cuts),
	};

	return UNIT_RUN_GROUP("sd_medium", tests, ncases);
}
UNIT_GROUP(run_sd_medium_tests);
/* About 9 s: every power cut of the medium's writes. */
UNIT_SLOW(run_sd_medium_tests);
