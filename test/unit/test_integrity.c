/*
 * The integrity monitor's logic (components/integrity: config.c, kmap.c,
 * watch.c) and the run-argument parser under it (lib/args.c). The
 * normal world's memory is a heap buffer (guest_mem), holding a
 * first-level table shaped like Linux's after mark_rodata_ro.
 */
#include <stdlib.h>
#include <string.h>
#include <lib/args.h>
#include <ulib/guest_mem.h>
#include "../../components/integrity/config.h"
#include "../../components/integrity/kmap.h"
#include "../../components/integrity/sleep.h"
#include "../../components/integrity/watch.h"
#include "unit.h"

static void test_args_parse(void **state)
{
	static const char *const known[] = { "a", "bb", NULL };
	const char *word;
	size_t wlen;
	char v[8];
	uint32_t n = 7;

	(void)state;
	assert_int_equal(args_get("a=1 bb=xyz", "bb", v, sizeof(v)), ARGS_OK);
	assert_string_equal(v, "xyz");
	assert_int_equal(args_get("a=1,bb=2", "bb", v, sizeof(v)), ARGS_OK);
	assert_string_equal(v, "2");
	assert_int_equal(args_get("aa=1", "a", v, sizeof(v)), ARGS_ABSENT);
	assert_int_equal(args_get("a=", "a", v, sizeof(v)), ARGS_BAD);
	assert_int_equal(args_get("a=12345678", "a", v, sizeof(v)), ARGS_BAD);   /* too long */
	assert_int_equal(args_get("", "a", v, sizeof(v)), ARGS_ABSENT);
	assert_int_equal(args_u32("a=42", "a", 1, 100, &n), ARGS_OK);
	assert_int_equal(n, 42);
	assert_int_equal(args_u32("a=0", "a", 1, 100, &n), ARGS_BAD);
	assert_int_equal(args_u32("a=101", "a", 1, 100, &n), ARGS_BAD);
	assert_int_equal(args_u32("a=4x", "a", 1, 100, &n), ARGS_BAD);
	assert_int_equal(args_u32("a=-1", "a", 0, 100, &n), ARGS_BAD);
	assert_int_equal(args_u32("a=99999999999", "a", 0, UINT32_MAX, &n), ARGS_BAD);
	assert_int_equal(n, 42);   /* untouched on error */
	assert_int_equal(args_check(" a=1 , bb=2\n", known, &word, &wlen), 0);
	assert_int_equal(args_check("a=1 c=2", known, &word, &wlen), 2);
	assert_int_equal(wlen, 3);
	assert_memory_equal(word, "c=2", 3);
	assert_int_equal(args_check("a", known, &word, &wlen), 1);      /* no '=' */
	assert_int_equal(args_check("=1", known, &word, &wlen), 1);
	assert_int_equal(args_check("bbb=1", known, &word, &wlen), 1);
}

static void test_integrity_config(void **state)
{
	struct integrity_config c;
	char err[120];

	(void)state;
	assert_int_equal(config_parse("", &c, err, sizeof(err)), 0);
	assert_int_equal(c.period_ms, CONFIG_DEFAULT_PERIOD_MS);
	assert_int_equal(c.cpu_permille, CONFIG_DEFAULT_CPU_PERMILLE);
	assert_int_equal(c.detect_s, CONFIG_DEFAULT_DETECT_S);
	assert_int_equal(c.policy, POLICY_LOG);
	assert_int_equal(config_parse("period_ms=50 cpu_permille=200 detect_s=5 policy=reset",
				      &c, err, sizeof(err)), 0);
	assert_int_equal(c.period_ms, 50);
	assert_int_equal(c.cpu_permille, 200);
	assert_int_equal(c.detect_s, 5);
	assert_int_equal(c.policy, POLICY_RESET);
	assert_int_equal(config_parse("policy=off", &c, err, sizeof(err)), 0);
	assert_int_equal(c.policy, POLICY_OFF);
	assert_int_equal(config_parse("perod_ms=5", &c, err, sizeof(err)), -1);
	assert_string_equal(err, "unknown argument 'perod_ms=5' (known: period_ms, cpu_permille, "
			    "detect_s, policy)");
	assert_int_equal(config_parse("cpu_permille=501", &c, err, sizeof(err)), -1);
	assert_string_equal(err, "cpu_permille must be a number from 1 to 500");
	assert_int_equal(config_parse("period_ms=9", &c, err, sizeof(err)), -1);
	assert_int_equal(config_parse("policy=panic", &c, err, sizeof(err)), -1);
	assert_string_equal(err, "policy must be log, reset or off");
}

/* Normal RAM: 64 MiB at 0x40000000; the table at +16 KiB. */
#define RAM_BASE  0x40000000u
#define RAM_SIZE  0x04000000u
#define TABLE_PA  (RAM_BASE + 0x4000u)
#define SECT      0x100000u
#define RO_TEXT   0x00008402u   /* section, APX = 1, AP = 01, XN = 0 */
#define RO_DATA   (RO_TEXT | 0x10u)
#define RW_DATA   0x00000412u   /* AP = 01 without APX: read-write */

static uint8_t *ram;

static uint32_t *table(void)
{
	return (uint32_t *)(ram + (TABLE_PA - RAM_BASE));
}

static void fixture(void)
{
	free(ram);
	ram = calloc(1, RAM_SIZE);
	assert_non_null(ram);
	guest_mem_init((uintptr_t)ram, RAM_BASE, RAM_SIZE);
}

/* VA 0xc0000000 + i MiB -> PA RAM_BASE + i MiB with descriptor bits. */
static void map(unsigned i, uint32_t bits)
{
	table()[(0xc0000000u >> 20) + i] = (RAM_BASE + i * SECT) | bits;
}

/* Linux after mark_rodata_ro: RW below _stext, 3 MiB text, 1 MiB rodata,
 * then RW data; plus a stray read-only, never-execute mapping high up. */
static void linux_table(void)
{
	fixture();
	map(0, RW_DATA);
	map(1, RO_TEXT);
	map(2, RO_TEXT);
	map(3, RO_TEXT);
	map(4, RO_DATA);
	map(5, RW_DATA);
	table()[0xff8] = (RAM_BASE + 0x02000000u) | RO_DATA;
}

static void test_kmap_finds_the_kernel_image(void **state)
{
	struct kmap m;
	unsigned outside = 9;

	(void)state;
	linux_table();
	assert_int_equal(kmap_scan(TABLE_PA, &m, &outside), 4);
	assert_int_equal(outside, 0);
	assert_int_equal(m.s[0].va, 0xc0100000u);
	assert_int_equal(kmap_section_pa(&m.s[0]), RAM_BASE + SECT);
	assert_true(kmap_section_exec(&m.s[2]));
	assert_false(kmap_section_exec(&m.s[3]));
	assert_int_equal(m.s[3].va, 0xc0400000u);
	assert_int_equal(kmap_changed(&m), -1);
	table()[(0xc0000000u >> 20) + 2] = (RAM_BASE + 7 * SECT) | RO_TEXT;   /* remapped */
	assert_int_equal(kmap_changed(&m), 1);
}

static void test_kmap_waits_for_read_only_text(void **state)
{
	struct kmap m;

	(void)state;
	fixture();
	for (unsigned i = 0; i < 6; i++)   /* early boot: all read-write */
		map(i, RW_DATA);
	table()[0xff8] = (RAM_BASE + 0x02000000u) | RO_DATA;   /* not the image */
	assert_int_equal(kmap_scan(TABLE_PA, &m, NULL), 0);
	assert_int_equal(m.n, 0);
}

static void test_kmap_refuses_hostile_tables(void **state)
{
	struct kmap m;
	unsigned outside = 0;

	(void)state;
	linux_table();
	/* The table itself outside normal RAM, or running past its end. */
	assert_int_equal(kmap_scan(0x0e000000u, &m, NULL), -1);
	assert_int_equal(kmap_scan(RAM_BASE + RAM_SIZE - 0x2000u, &m, NULL), -1);
	assert_int_equal(kmap_scan(0xffffc000u, &m, NULL), -1);
	/* A read-only executable section pointing into secure RAM is not
	 * hashed: the image is the run around the first one in RAM. */
	table()[0x100] = 0x0e000000u | RO_TEXT;
	assert_int_equal(kmap_scan(TABLE_PA, &m, &outside), 4);
	assert_int_equal(outside, 1);
	assert_int_equal(m.s[0].va, 0xc0100000u);
	/* More read-only sections than the monitor holds. */
	fixture();
	for (unsigned i = 0; i < KMAP_MAX_SECTIONS + 1; i++)
		map(i, RO_TEXT);
	assert_int_equal(kmap_scan(TABLE_PA, &m, NULL), -1);
	/* Exactly as many is fine. */
	table()[(0xc0000000u >> 20) + KMAP_MAX_SECTIONS] = 0;
	assert_int_equal(kmap_scan(TABLE_PA, &m, NULL), (int)KMAP_MAX_SECTIONS);
}

static void test_kmap_needs_adjacent_sections(void **state)
{
	struct kmap m;

	(void)state;
	linux_table();
	/* rodata's section maps elsewhere in physical space: not the image's. */
	table()[(0xc0000000u >> 20) + 4] = (RAM_BASE + 9 * SECT) | RO_DATA;
	assert_int_equal(kmap_scan(TABLE_PA, &m, NULL), 3);
}

static struct watch w;

/* One pass of w from its cursor; returns the number of changes. */
static unsigned run_pass(uint32_t now, struct watch_change *last)
{
	unsigned changes = 0;
	bool done = false;

	while (!done) {
		struct watch_change c;

		if (watch_step(&w, now, &c, &done) == WATCH_CHANGED) {
			changes++;
			*last = c;
		}
	}
	return changes;
}

static void test_watch_reports_each_change_once(void **state)
{
	struct kmap m;
	struct watch_change c = { 0 };

	(void)state;
	linux_table();
	for (uint32_t i = 0; i < 5 * SECT; i++)
		ram[SECT + i] = (uint8_t)(i * 7);
	assert_int_equal(kmap_scan(TABLE_PA, &m, NULL), 4);
	watch_start(&w, &m);
	assert_true(watch_in_baseline(&w));
	assert_int_equal(w.npages, 4 * WATCH_PAGES_PER_SECTION);
	assert_int_equal(run_pass(1000, &c), 0);     /* the baseline */
	assert_false(watch_in_baseline(&w));
	assert_int_equal(run_pass(2000, &c), 0);     /* nothing changed */
	ram[SECT + 3 * SECT + 5 * WATCH_PAGE + 17] ^= 1;   /* one bit of rodata */
	assert_int_equal(run_pass(3000, &c), 1);
	assert_int_equal(c.va, 0xc0400000u + 5 * WATCH_PAGE);
	assert_int_equal(c.pa, RAM_BASE + 4 * SECT + 5 * WATCH_PAGE);
	assert_false(c.exec);
	assert_int_equal(c.seen_ms, 2000);
	assert_int_equal(c.found_ms, 3000);
	assert_int_equal(run_pass(4000, &c), 0);     /* reported once */
	ram[SECT] ^= 0x80;                           /* the first byte of text */
	ram[SECT + 4 * SECT - 1] ^= 0x80;            /* the last byte of rodata */
	assert_int_equal(run_pass(5000, &c), 2);
	assert_int_equal(c.va, 0xc0400000u + SECT - WATCH_PAGE);
	assert_int_equal(w.passes, 5);
}

/* A change during the baseline pass is part of the baseline: only what
 * changes after it is reported. */
static void test_watch_baseline_then_change_mid_pass(void **state)
{
	struct kmap m;
	struct watch_change c = { 0 };
	bool done = false;

	(void)state;
	linux_table();
	assert_int_equal(kmap_scan(TABLE_PA, &m, NULL), 4);
	watch_start(&w, &m);
	assert_int_equal(run_pass(1, &c), 0);
	for (unsigned i = 0; i < 10; i++)   /* part of a pass */
		assert_int_equal(watch_step(&w, 2, &c, &done), WATCH_SAME);
	ram[SECT + 2 * WATCH_PAGE] = 0x5a;   /* already checked this pass */
	assert_int_equal(run_pass(3, &c), 0);
	assert_int_equal(run_pass(4, &c), 1);
	assert_int_equal(c.seen_ms, 2);
	assert_true(c.exec);
}

/* A period longer than one timer can measure (period_ms=40000: 2.5e9
 * ticks) is waited in two timers, each followed by its wait; before, the
 * refused timer left the monitor waiting for ever. A refused timer ends
 * the wait with an error line instead of a wait that never ends. */
static void test_long_period_is_waited_in_steps(void **state)
{
	(void)state;
	assert_int_equal(integrity_sleep(40000ull * 62500u), 0);
	assert_int_equal(fake_sys_count(SYS_TIMER), 2);
	assert_int_equal(fake_sys_count(SYS_WAIT), 2);
	assert_int_equal(fake_sys_nth(SYS_TIMER, 0)->a[0], SYS_TIMER_MAX_TICKS);
	assert_int_equal(fake_sys_nth(SYS_TIMER, 1)->a[0], 2500000000u - SYS_TIMER_MAX_TICKS);
	assert_int_equal(fake.sys[0].nr, SYS_TIMER);
	assert_int_equal(fake.sys[1].nr, SYS_WAIT);
	fake_reset();
	assert_int_equal(integrity_sleep(0), 0);   /* at least a tick */
	assert_int_equal(fake_sys_nth(SYS_TIMER, 0)->a[0], 1);
	fake_reset();
	fake.sys_ret[SYS_TIMER] = -SYS_EINVAL;
	assert_int_equal(integrity_sleep(100), -1);
	assert_int_equal(fake_sys_count(SYS_WAIT), 0);
	assert_true(fake_log_has("refused a timer of 100 ticks"));
}

int run_integrity_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_args_parse),
		UNIT_TEST(test_integrity_config),
		UNIT_TEST(test_kmap_finds_the_kernel_image),
		UNIT_TEST(test_kmap_waits_for_read_only_text),
		UNIT_TEST(test_kmap_refuses_hostile_tables),
		UNIT_TEST(test_kmap_needs_adjacent_sections),
		UNIT_TEST(test_watch_reports_each_change_once),
		UNIT_TEST(test_watch_baseline_then_change_mid_pass),
		UNIT_TEST(test_long_period_is_waited_in_steps),
	};
	int r = UNIT_RUN_GROUP("integrity", tests, ncases);

	free(ram);
	ram = NULL;
	return r;
}
