/*
 * The uSDHC driver (drivers/usdhc.c) against the model of QEMU 7.2's
 * uSDHC and SD card (test/unit/fake_usdhc.h): the card brought up in the
 * order the specification asks, byte or block addressing from OCR.CCS,
 * single- and multi-block transfers that reach the card's memory, and
 * every failure (no card, an unanswered command, a data CRC error, a
 * write-protected card, a controller or a card that never finishes) a
 * return code with a reason, never a hang, and the controller usable
 * again after it. No access breaks a rule of QEMU's model.
 */
#include <string.h>
#include <drivers/usdhc.h>
#include "fake_mmio.h"
#include "fake_usdhc.h"
#include "unit.h"

#define SDSC_64M  (64ull << 20)
#define SDHC_2G   (2ull << 30)
#define WORDS     (USDHC_SECTOR / 4u)

static struct usdhc card;
static uint32_t buf[8 * WORDS], back[8 * WORDS];

static void fill(uint32_t *w, uint32_t n, uint32_t seed)
{
	for (uint32_t i = 0; i < n; i++)
		w[i] = (i + 1u) * 0x9e3779b9u ^ seed;
}

static void up(uint64_t capacity)
{
	memset(&card, 0, sizeof(card));
	fake_usdhc_new(capacity);
	assert_int_equal(usdhc_init(&card, FAKE_USDHC_BASE, &fake_usdhc_port), USDHC_OK);
	assert_int_equal(fake_usdhc.violations, 0);
	assert_int_equal(fake_usdhc.state, FAKE_SD_TRANSFER);
}

static void test_usdhc_brings_up_a_standard_capacity_card(void **state)
{
	static const uint8_t order[] = { 0, 8, 55, 41, 2, 3, 9, 7, 16 };

	(void)state;
	up(SDSC_64M);
	assert_true(card.version2);
	assert_false(card.block_addressed);
	assert_int_equal(card.sectors, SDSC_64M / 512u);
	assert_int_equal(card.rca, 0x4567);
	assert_int_equal(card.ocr, 0x80ffff00u);
	/* Each command once, in the specification's order. */
	assert_int_equal(fake_usdhc.commands, sizeof(order));
	for (unsigned i = 0; i < sizeof(order); i++)
		assert_int_equal(fake_usdhc.cmd_count[order[i]], 1);
	assert_int_equal(fake_usdhc.last_arg[8], 0x1aa);
	assert_int_equal(fake_usdhc.last_arg[41], 0x40ff8000u);   /* HCS, 2.7-3.6 V */
	assert_int_equal(fake_usdhc.last_arg[7], 0x4567u << 16);
	assert_int_equal(fake_usdhc.last_arg[16], 512);
	assert_int_equal(fake_usdhc.blk_len, 512);
	assert_int_equal(fake_usdhc.resets[0], 1);   /* RSTA, alone */
	assert_int_equal(fake_usdhc.illegal, 0);
}

static void test_usdhc_addresses_a_high_capacity_card_in_blocks(void **state)
{
	(void)state;
	up(SDHC_2G);
	assert_true(card.block_addressed);
	assert_int_equal(card.sectors, SDHC_2G / 512u);
	assert_int_equal(fake_usdhc.cmd_count[16], 0);   /* no block length to set */
	fill(buf, 2 * WORDS, 7);
	assert_int_equal(usdhc_write(&card, 1000, 2, buf), USDHC_OK);
	assert_int_equal(fake_usdhc.last_arg[25], 1000);
	assert_memory_equal(fake_usdhc.mem + 1000u * 512u, buf, 1024);
	assert_int_equal(usdhc_read(&card, 1001, 1, back), USDHC_OK);
	assert_int_equal(fake_usdhc.last_arg[17], 1001);
	assert_memory_equal(back, buf + WORDS, 512);
	assert_int_equal(fake_usdhc.violations, 0);
}

/* Byte addresses on SDSC; one block is CMD17/CMD24, more CMD18/CMD25 with
 * the controller's automatic CMD12; data reaches the card's memory. */
static void test_usdhc_reads_and_writes_single_and_multiple_blocks(void **state)
{
	(void)state;
	up(SDSC_64M);
	fill(buf, 8 * WORDS, 1);
	assert_int_equal(usdhc_write(&card, 300, 1, buf), USDHC_OK);
	assert_int_equal(fake_usdhc.cmd_count[24], 1);
	assert_int_equal(fake_usdhc.last_arg[24], 300u * 512u);
	assert_memory_equal(fake_usdhc.mem + 300u * 512u, buf, 512);
	assert_int_equal(usdhc_write(&card, 301, 7, buf + WORDS), USDHC_OK);
	assert_int_equal(fake_usdhc.cmd_count[25], 1);
	assert_int_equal(fake_usdhc.cmd_count[12], 1);   /* auto CMD12 */
	assert_memory_equal(fake_usdhc.mem + 300u * 512u, buf, 8u * 512u);
	assert_true(fake_usdhc.cmd_count[13] >= 2);     /* the card's status after each */
	memset(back, 0, sizeof(back));
	assert_int_equal(usdhc_read(&card, 300, 8, back), USDHC_OK);
	assert_int_equal(fake_usdhc.cmd_count[18], 1);
	assert_int_equal(fake_usdhc.last_arg[18], 300u * 512u);
	assert_int_equal(fake_usdhc.cmd_count[12], 2);
	assert_memory_equal(back, buf, sizeof(buf));
	assert_int_equal(usdhc_read(&card, 307, 1, back), USDHC_OK);
	assert_int_equal(fake_usdhc.cmd_count[17], 1);
	assert_memory_equal(back, buf + 7u * WORDS, 512);
	/* The last sector of the card, and none past it. */
	assert_int_equal(usdhc_write(&card, (uint32_t)card.sectors - 1u, 1, buf), USDHC_OK);
	assert_int_equal(usdhc_read(&card, (uint32_t)card.sectors - 1u, 2, back), USDHC_ERANGE);
	assert_int_equal(fake_usdhc.cmd_count[17] + fake_usdhc.cmd_count[18], 2);
	assert_int_equal(fake_usdhc.violations, 0);
	assert_int_equal(fake_usdhc.illegal, 0);
	assert_int_equal(fake_usdhc.state, FAKE_SD_TRANSFER);
}

static void test_usdhc_single_block_writes_on_request(void **state)
{
	(void)state;
	up(SDSC_64M);
	card.single_block_writes = true;
	fill(buf, 4 * WORDS, 3);
	assert_int_equal(usdhc_write(&card, 40, 4, buf), USDHC_OK);
	assert_int_equal(fake_usdhc.cmd_count[24], 4);
	assert_int_equal(fake_usdhc.cmd_count[25], 0);
	assert_memory_equal(fake_usdhc.mem + 40u * 512u, buf, 4u * 512u);
}

static void test_usdhc_without_a_card_says_so(void **state)
{
	(void)state;
	fake_usdhc_new(SDSC_64M);
	fake_usdhc.inserted = false;
	fake_usdhc_power_on();
	assert_int_equal(usdhc_init(&card, FAKE_USDHC_BASE, &fake_usdhc_port), USDHC_ENOCARD);
	assert_non_null(strstr(card.why, "no card in the slot"));
	assert_int_equal(fake_usdhc.violations, 0);
}

/* A command the card leaves unanswered is a timeout with its number in
 * why; the lines are reset and the next request works. */
static void test_usdhc_command_timeout_is_reported_and_recovered(void **state)
{
	(void)state;
	up(SDSC_64M);
	fill(buf, WORDS, 5);
	assert_int_equal(usdhc_write(&card, 9, 1, buf), USDHC_OK);
	fake_usdhc.unanswered_cmd = 17;
	fake_usdhc.unanswered_count = 1;
	assert_int_equal(usdhc_read(&card, 9, 1, back), USDHC_ETIMEOUT);
	assert_non_null(strstr(card.why, "CMD17: no response"));
	assert_int_equal(card.last_int & (1u << 16), 1u << 16);   /* CTOE */
	assert_true(fake_usdhc.resets[1] >= 1 && fake_usdhc.resets[2] >= 1);
	assert_int_equal(usdhc_read(&card, 9, 1, back), USDHC_OK);
	assert_memory_equal(back, buf, 512);
	/* At initialisation: CMD2 unanswered. */
	fake_usdhc.unanswered_cmd = 2;
	fake_usdhc.unanswered_count = 1;
	assert_int_equal(usdhc_init(&card, FAKE_USDHC_BASE, &fake_usdhc_port), USDHC_ETIMEOUT);
	assert_non_null(strstr(card.why, "CMD2: no response"));
	assert_int_equal(usdhc_init(&card, FAKE_USDHC_BASE, &fake_usdhc_port), USDHC_OK);
	assert_int_equal(fake_usdhc.violations, 0);
}

/* A data CRC error in the middle of a multi-block read, then of a write:
 * EIO, the card stopped (CMD12), the next transfer works; the write's
 * block never reached the card. */
static void test_usdhc_data_crc_error_is_eio_and_recovered(void **state)
{
	(void)state;
	up(SDSC_64M);
	fill(buf, 8 * WORDS, 9);
	assert_int_equal(usdhc_write(&card, 64, 8, buf), USDHC_OK);
	fake_usdhc.crc_error_at = 3;
	assert_int_equal(usdhc_read(&card, 64, 8, back), USDHC_EIO);
	assert_int_equal(fake_usdhc.crc_errors, 1);
	assert_non_null(strstr(card.why, "CMD18: a data error"));
	assert_int_equal(fake_usdhc.state, FAKE_SD_TRANSFER);
	memset(back, 0, sizeof(back));
	assert_int_equal(usdhc_read(&card, 64, 8, back), USDHC_OK);
	assert_memory_equal(back, buf, sizeof(buf));

	fill(back, 8 * WORDS, 10);
	fake_usdhc.crc_error_at = 2;
	assert_int_equal(usdhc_write(&card, 64, 8, back), USDHC_EIO);
	assert_memory_equal(fake_usdhc.mem + 64u * 512u, back, 512);          /* block 1 */
	assert_memory_equal(fake_usdhc.mem + 65u * 512u, buf + WORDS, 512);   /* refused */
	assert_int_equal(fake_usdhc.state, FAKE_SD_TRANSFER);
	assert_int_equal(usdhc_write(&card, 64, 8, back), USDHC_OK);
	assert_memory_equal(fake_usdhc.mem + 64u * 512u, back, sizeof(back));
	assert_int_equal(fake_usdhc.violations, 0);
}

/* A card status error (a write-protected card) refuses the write: EIO,
 * nothing written. */
static void test_usdhc_card_status_errors_are_eio(void **state)
{
	(void)state;
	up(SDSC_64M);
	fake_usdhc.write_protected = true;
	fill(buf, 2 * WORDS, 11);
	assert_int_equal(usdhc_write(&card, 5, 2, buf), USDHC_EIO);
	assert_non_null(strstr(card.why, "CMD25: the card refused the transfer"));
	assert_int_equal(card.last_card & (1u << 26), 1u << 26);   /* WP_VIOLATION */
	assert_int_equal(fake_usdhc.ops, 0);
	fake_usdhc.write_protected = false;
	assert_int_equal(usdhc_write(&card, 5, 2, buf), USDHC_OK);
	assert_int_equal(fake_usdhc.ops, 2);
	assert_int_equal(fake_usdhc.violations, 0);
}

/* Every wait is bounded by the port's clock: a controller whose clock
 * never starts (QEMU drops every command then) and a card that never
 * powers up are timeouts within twice their bound, the CPU given away
 * between polls. */
static void test_usdhc_every_wait_is_bounded(void **state)
{
	(void)state;
	fake_usdhc_new(SDSC_64M);
	fake_usdhc.clock_ignored = true;
	assert_int_equal(usdhc_init(&card, FAKE_USDHC_BASE, &fake_usdhc_port), USDHC_ETIMEOUT);
	assert_true(fake_usdhc.ticks < 2u * 100u * 1000u + 1000u);
	fake_usdhc.clock_ignored = false;

	fake_usdhc_new(SDSC_64M);
	fake_usdhc.never_powered_up = true;
	assert_int_equal(usdhc_init(&card, FAKE_USDHC_BASE, &fake_usdhc_port), USDHC_ETIMEOUT);
	assert_non_null(strstr(card.why, "did not power up"));
	assert_true(fake_usdhc.ticks >= 1000u * 1000u && fake_usdhc.ticks < 2u * 1000u * 1000u);
	assert_true(fake_usdhc.pauses > 500);
	assert_int_equal(fake_usdhc.violations, 0);
}

static int run_usdhc_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_usdhc_brings_up_a_standard_capacity_card),
		UNIT_TEST(test_usdhc_addresses_a_high_capacity_card_in_blocks),
		UNIT_TEST(test_usdhc_reads_and_writes_single_and_multiple_blocks),
		UNIT_TEST(test_usdhc_single_block_writes_on_request),
		UNIT_TEST(test_usdhc_without_a_card_says_so),
		UNIT_TEST(test_usdhc_command_timeout_is_reported_and_recovered),
		UNIT_TEST(test_usdhc_data_crc_error_is_eio_and_recovered),
		UNIT_TEST(test_usdhc_card_status_errors_are_eio),
		UNIT_TEST(test_usdhc_every_wait_is_bounded),
	};

	return UNIT_RUN_GROUP("usdhc", tests, ncases);
}
UNIT_GROUP(run_usdhc_tests);
