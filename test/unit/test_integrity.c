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
#include "../../components/integrity/ftrace.h"
#include "../../components/integrity/kmap.h"
#include "../../components/integrity/sites.h"
#include "../../components/integrity/sleep.h"
#include "../../components/integrity/watch.h"
#include "fixtures/linux_ftrace.h"
#include "fixtures/linux_jump_table.h"
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
			    "detect_s, policy, kprobes)");
	assert_int_equal(config_parse("cpu_permille=501", &c, err, sizeof(err)), -1);
	assert_string_equal(err, "cpu_permille must be a number from 1 to 500");
	assert_int_equal(config_parse("period_ms=9", &c, err, sizeof(err)), -1);
	assert_int_equal(config_parse("policy=panic", &c, err, sizeof(err)), -1);
	assert_string_equal(err, "policy must be log, reset or off");
	assert_int_equal(c.kprobes, KPROBES_REPORT);
	assert_int_equal(config_parse("kprobes=accept policy=reset", &c, err, sizeof(err)), 0);
	assert_int_equal(c.kprobes, KPROBES_ACCEPT);
	assert_int_equal(c.policy, POLICY_RESET);
	assert_int_equal(config_parse("kprobes=ignore", &c, err, sizeof(err)), -1);
	assert_string_equal(err, "kprobes must be report or accept");
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
	struct kmap again;

	assert_int_equal(kmap_scan(TABLE_PA, &again, NULL), 4);
	assert_true(kmap_same(&m, &again));
	table()[(0xc0000000u >> 20) + 2] = (RAM_BASE + 7 * SECT) | RO_TEXT;   /* remapped */
	assert_int_equal(kmap_changed(&m), 1);
	/* mark_rodata_ro() half way: the text read-only, the rodata not yet. */
	map(2, RO_TEXT);
	map(4, RW_DATA);
	assert_int_equal(kmap_scan(TABLE_PA, &again, NULL), 3);
	assert_false(kmap_same(&m, &again));
	map(4, RO_DATA);
	assert_int_equal(kmap_scan(TABLE_PA, &again, NULL), 4);
	assert_true(kmap_same(&m, &again));
	struct kmap none = { .n = 0 };

	assert_false(kmap_same(&none, &none));
}

/* A process's table at TTBR0_PA: Linux's kernel half, copied from swapper's. */
#define TTBR0_PA (RAM_BASE + 0x10000u)

static uint32_t *process_table(void)
{
	return (uint32_t *)(ram + (TTBR0_PA - RAM_BASE));
}

static void kmap_live_fixture(struct kmap *m, struct kmap_regs *now)
{
	linux_table();
	memcpy(process_table(), table(), 0x4000u);
	assert_int_equal(kmap_scan(TABLE_PA, m, NULL), 4);
	m->regs = (struct kmap_regs){ .sctlr = 0x10c5387du, .ttbcr = 0, .ttbr0 = TTBR0_PA | 0x6au,
				      .ttbr1 = TABLE_PA | 0x6au, .dacr = 0x51u };
	*now = m->regs;
}

static void test_kmap_live_sees_the_running_translation(void **state)
{
	struct kmap m;
	struct kmap_regs now;
	unsigned i;
	uint32_t desc;

	(void)state;
	kmap_live_fixture(&m, &now);
	assert_int_equal(kmap_live(&m, &now, &i, &desc), KMAP_LIVE_SAME);
	/* Another process, another table with the same kernel half; the
	 * user domain's access bits switched (PAN) or even manager. */
	memcpy(ram + 0x20000u, table(), 0x4000u);
	now.ttbr0 = RAM_BASE + 0x20000u;
	now.dacr = 0xcdu;
	assert_int_equal(kmap_live(&m, &now, &i, &desc), KMAP_LIVE_SAME);

	/* That process's table makes the second text section writable. */
	((uint32_t *)(ram + 0x20000u))[(0xc0000000u >> 20) + 2] = (RAM_BASE + 2 * SECT) | RW_DATA;
	assert_int_equal(kmap_live(&m, &now, &i, &desc), KMAP_LIVE_REMAPPED);
	assert_int_equal(i, 1);
	assert_int_equal(desc, (RAM_BASE + 2 * SECT) | RW_DATA);
	assert_int_equal(kmap_changed(&m), -1);   /* swapper's table is intact */

	now.ttbr0 = 0x0e000000u;   /* a table outside normal RAM */
	assert_int_equal(kmap_live(&m, &now, &i, &desc), KMAP_LIVE_UNREADABLE);
	now.ttbr0 = RAM_BASE + RAM_SIZE - 0x4000u;   /* in RAM, but not a copy of swapper's */
	assert_int_equal(kmap_live(&m, &now, &i, &desc), KMAP_LIVE_REMAPPED);
	assert_int_equal(i, 0);
	assert_int_equal(desc, 0);

	kmap_live_fixture(&m, &now);
	now.dacr = 0x53u;   /* domain 0, the kernel's: manager */
	assert_int_equal(kmap_live(&m, &now, &i, &desc), KMAP_LIVE_DACR);
	assert_int_equal(i, 0);
	now = m.regs;
	now.sctlr &= ~1u;
	assert_int_equal(kmap_live(&m, &now, &i, &desc), KMAP_LIVE_MMU_OFF);
	now = m.regs;
	now.ttbcr = 0x80000000u;   /* long descriptors */
	assert_int_equal(kmap_live(&m, &now, &i, &desc), KMAP_LIVE_TTBCR);
	now = m.regs;
	now.ttbr1 = RAM_BASE + 0x20000u;
	assert_int_equal(kmap_live(&m, &now, &i, &desc), KMAP_LIVE_TTBR1);
	now.ttbr1 = TABLE_PA | 0x59u;   /* the same table, other walk attributes */
	assert_int_equal(kmap_live(&m, &now, &i, &desc), KMAP_LIVE_SAME);
}

static void test_kmap_live_reads_ttbr0_below_its_split_only(void **state)
{
	struct kmap m;
	struct kmap_regs now;
	unsigned i;
	uint32_t desc;

	(void)state;
	kmap_live_fixture(&m, &now);
	/* TTBCR.N = 1: TTBR0 translates below 2 GiB only; the image, at
	 * 3 GiB, is TTBR1's (the baseline table). */
	m.regs.ttbcr = now.ttbcr = 1u;
	now.ttbr0 = 0x0e000000u;
	assert_int_equal(kmap_live(&m, &now, &i, &desc), KMAP_LIVE_SAME);
	/* What TTBR1 translates is still checked: in the baseline table. */
	table()[(0xc0000000u >> 20) + 2] = (RAM_BASE + 7 * SECT) | RO_TEXT;
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
	watch_start(&w, &m, NULL, NULL);
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

/* ---- jump-label sites (sites.c) ---- */

static struct sites st;

/* The word at a kernel virtual address of linux_table()'s image. */
static uint32_t *kva(uint32_t va)
{
	return (uint32_t *)(ram + (va - 0xc0000000u));
}

static uint32_t branch(uint32_t from, uint32_t to)
{
	return 0xea000000u | (((to - from - 8u) >> 2) & 0x00ffffffu);
}

#define RODATA   0xc0400000u
#define JT_VA    (RODATA + 0x20008u)   /* the table: 8-aligned, like Linux's */
#define JT_N     200u
#define JT_OUT   3u                    /* entries whose site is not in the text */

static uint32_t jt_code(unsigned i)
{
	return i < JT_OUT ? 0xc0500000u + 0x40u * i : 0xc0100000u + 0x300u * i + 0x40u;
}

/* Read-only data as Linux's, in the parts that matter: noise, a sorted
 * list of text addresses three words apart (a decoy: __mcount_loc is
 * one, in init data), then __jump_table, whose sites hold a NOP, Linux's
 * own NOP or the branch to their target. */
static void linux_image_with_jump_table(void)
{
	linux_table();
	for (uint32_t i = 0; i < 5 * SECT; i++)
		ram[SECT + i] = (uint8_t)(i * 7);
	for (unsigned i = 0; i < 3 * 300; i++)
		*kva(RODATA + 0x1000u + 4u * i) = 0xc0100000u + 0x80u * i;
	for (unsigned i = 0; i < JT_N; i++) {
		uint32_t code = jt_code(i), target = code + 0x20u + 4u * (i % 3);

		kva(JT_VA)[3 * i] = code;
		kva(JT_VA)[3 * i + 1] = target;
		kva(JT_VA)[3 * i + 2] = (0xc0600000u + 16u * (i % 7)) | (i & 1u);
		*kva(code) = i % 5 == 0 ? ARM_MOV_R0_R0 : i & 1u ? branch(code, target) : ARM_NOP;
	}
}

static int scan(const struct kmap *m)
{
	sites_scan_begin(&st, m);
	for (uint32_t va = st.ro_lo; va < st.ro_hi; va += WATCH_PAGE)
		sites_scan_page(&st, va);
	return sites_scan_end(&st);
}

static void test_sites_found_in_read_only_data(void **state)
{
	struct kmap m;

	(void)state;
	linux_image_with_jump_table();
	assert_int_equal(kmap_scan(TABLE_PA, &m, NULL), 4);
	assert_int_equal(scan(&m), JT_N - JT_OUT);
	assert_int_equal(st.best.start_va, JT_VA);
	assert_int_equal(st.outside, JT_OUT);
	assert_int_equal(st.rejected, 0);
	for (uint32_t i = 0; i < st.n; i++) {
		uint32_t code = jt_code(i + JT_OUT);

		assert_int_equal(st.s[i].code, code);   /* by address */
		assert_int_equal(st.s[i].target, code + 0x20u + 4u * ((i + JT_OUT) % 3));
	}
	assert_int_equal(sites_first(&st, 0xc0100000u), 0);
	assert_int_equal(sites_first(&st, jt_code(JT_OUT) + 4u), 1);
	assert_int_equal(sites_first(&st, 0xc0400000u), st.n);

	/* Sorted by key at boot, not by address: found the same. */
	uint32_t e0[3], e1[3];

	memcpy(e0, kva(JT_VA + 12u * 10u), 12);
	memcpy(e1, kva(JT_VA + 12u * 150u), 12);
	memcpy(kva(JT_VA + 12u * 10u), e1, 12);
	memcpy(kva(JT_VA + 12u * 150u), e0, 12);
	assert_int_equal(scan(&m), JT_N - JT_OUT);
	assert_int_equal(st.s[0].code, jt_code(JT_OUT));

	/* A site that holds something else at the scan is not taken. */
	*kva(jt_code(100)) = 0xe3a00001u;
	assert_int_equal(scan(&m), JT_N - JT_OUT - 1);
	assert_int_equal(st.rejected, 1);
}

#define LX_TEXT_END 0xc0e00000u   /* Debian's 6.1 armmp: _etext */

/* Debian's image as it runs, in the parts the finder reads: 11 MiB of
 * text from 0xc0300000, 4 MiB of read-only data, the fixture's slice of
 * __jump_table at its own address and each site's word (site_words). */
static void linux_jump_image(struct kmap *m, const uint32_t *site_words)
{
	fixture();
	map(2, RW_DATA);
	for (unsigned i = 3; i < 18; i++)
		map(i, i < 14 ? RO_TEXT : RO_DATA);
	map(18, RW_DATA);
	memcpy(kva(LX_JUMP_TABLE_VA + 12u * LX_JUMP_FIRST), LX_JUMP, sizeof(LX_JUMP));
	for (unsigned k = 0; k < LX_JUMP_N; k++)
		if (LX_JUMP[3 * k] < LX_TEXT_END)
			*kva(LX_JUMP[3 * k]) = site_words[k];
	assert_int_equal(kmap_scan(TABLE_PA, m, NULL), 15);
}

/* The finder and the site rule on 200 entries of Debian's own table, with
 * the words Linux left at their sites, and wrote there under the
 * function tracer (five of them flip: tracepoints' keys). */
static void test_sites_found_in_debians_jump_table(void **state)
{
	struct kmap m;
	unsigned in_text = 0, flipped = 0;

	(void)state;
	for (unsigned k = 0; k < LX_JUMP_N; k++) {
		uint32_t code = LX_JUMP[3 * k], target = LX_JUMP[3 * k + 1];

		if (code >= LX_TEXT_END)
			continue;   /* in init code, freed */
		in_text++;
		assert_true(sites_value_ok(code, target, LX_JUMP_SITE[k]));
		assert_true(sites_value_ok(code, target, LX_JUMP_SITE_TRACING[k]));
		assert_false(sites_value_ok(code, target, 0xeaffffffu));   /* b .+4 */
		flipped += LX_JUMP_SITE[k] != LX_JUMP_SITE_TRACING[k];
	}
	assert_int_equal(flipped, 5);
	for (unsigned tracing = 0; tracing < 2; tracing++) {
		linux_jump_image(&m, tracing ? LX_JUMP_SITE_TRACING : LX_JUMP_SITE);
		assert_int_equal(scan(&m), in_text);
		assert_int_equal(st.best.start_va, LX_JUMP_TABLE_VA + 12u * LX_JUMP_FIRST);
		assert_int_equal(st.best.n, LX_JUMP_N);
		assert_int_equal(st.outside, LX_JUMP_N - in_text);
		assert_int_equal(st.rejected, 0);
		for (uint32_t i = 1; i < st.n; i++)
			assert_true(st.s[i - 1].code < st.s[i].code);
	}
}

static void test_sites_not_found_means_none(void **state)
{
	struct kmap m;

	(void)state;
	linux_image_with_jump_table();
	assert_int_equal(kmap_scan(TABLE_PA, &m, NULL), 4);
	/* Runs too short to be the table are not taken for one. */
	for (unsigned i = SITES_MIN_RUN - 1; i < JT_N; i += SITES_MIN_RUN - 1)
		kva(JT_VA)[3 * i] = 0x1234u;
	assert_int_equal(scan(&m), 0);
	/* Nor one whose sites mostly hold other instructions. */
	linux_image_with_jump_table();
	for (unsigned i = JT_OUT; i < JT_N / 5; i++)
		*kva(jt_code(i)) = 0xe2800001u;
	assert_int_equal(scan(&m), 0);
	/* More entries than the monitor holds: none, and said so. */
	linux_table();
	for (unsigned i = 0; i < SITES_MAX + 1; i++) {
		uint32_t code = 0xc0100000u + 0x100u * i;

		kva(JT_VA)[3 * i] = code;
		kva(JT_VA)[3 * i + 1] = code + 8u;
		kva(JT_VA)[3 * i + 2] = 0xc0600000u;
		*kva(code) = ARM_NOP;
	}
	assert_int_equal(scan(&m), -1);
	assert_int_equal(st.n, 0);
	/* A run longer than any table the monitor could hold is not weighed
	 * at all (a bound on the step's time). */
	for (unsigned i = 0; i < SITES_MAX_RUN + 1; i++) {
		uint32_t code = 0xc0100000u + 16u * i;

		kva(JT_VA - 0x10000u)[3 * i] = code;
		kva(JT_VA - 0x10000u)[3 * i + 1] = code + 8u;
		kva(JT_VA - 0x10000u)[3 * i + 2] = 0xc0600000u;
		*kva(code) = ARM_NOP;
	}
	assert_int_equal(scan(&m), 0);   /* weighed, it would be -1: too many sites */
}

static void test_sites_values(void **state)
{
	(void)state;
	assert_true(sites_value_ok(0xc0100000u, 0xc0100020u, ARM_NOP));
	assert_true(sites_value_ok(0xc0100000u, 0xc0100020u, ARM_MOV_R0_R0));
	assert_true(sites_value_ok(0xc0100000u, 0xc0100020u, 0xea000006u));
	assert_true(sites_value_ok(0xc0100020u, 0xc0100000u, 0xeafffff6u));   /* backwards */
	assert_false(sites_value_ok(0xc0100000u, 0xc0100020u, 0xea000007u));  /* elsewhere */
	assert_false(sites_value_ok(0xc0100000u, 0xc0100020u, 0xeb000006u));  /* a call there */
	assert_false(sites_value_ok(0xc0100000u, 0xc0100020u, 0x0a000006u));  /* conditional */
	assert_false(sites_value_ok(0xc0100000u, 0xc0100020u, 0));
}

static void test_watch_leaves_sites_out_and_checks_them(void **state)
{
	struct kmap m;
	struct watch_change c = { 0 };
	uint32_t site = jt_code(JT_OUT + 7), target = site + 0x20u + 4u * ((JT_OUT + 7) % 3);

	(void)state;
	linux_image_with_jump_table();
	assert_int_equal(kmap_scan(TABLE_PA, &m, NULL), 4);
	assert_int_equal(scan(&m), JT_N - JT_OUT);
	watch_start(&w, &m, &st, NULL);
	assert_int_equal(run_pass(1000, &c), 0);     /* the baseline */
	/* Linux flips static keys: every site to its branch, and back. */
	for (uint32_t i = 0; i < st.n; i++)
		*kva(st.s[i].code) = branch(st.s[i].code, st.s[i].target);
	assert_int_equal(run_pass(2000, &c), 0);
	for (uint32_t i = 0; i < st.n; i++)
		*kva(st.s[i].code) = ARM_MOV_R0_R0;
	assert_int_equal(run_pass(3000, &c), 0);

	/* A branch elsewhere: the site, not the page. */
	*kva(site) = branch(site, 0xc0100000u);
	assert_int_equal(run_pass(4000, &c), 1);
	assert_false(c.page);
	assert_int_equal(c.nsites, 1);
	assert_int_equal(c.site[0].va, site);
	assert_int_equal(c.site[0].word, branch(site, 0xc0100000u));
	assert_int_equal(c.site[0].target, target);
	assert_int_equal(c.seen_ms, 3000);
	assert_int_equal(run_pass(5000, &c), 0);     /* reported once */
	*kva(site) = 0;                              /* another foreign value: again */
	assert_int_equal(run_pass(6000, &c), 1);
	assert_int_equal(c.site[0].word, 0);
	*kva(site) = ARM_NOP;                        /* put back, then the same again */
	assert_int_equal(run_pass(7000, &c), 0);
	*kva(site) = 0;
	assert_int_equal(run_pass(8000, &c), 1);
	*kva(site) = ARM_NOP;
	assert_int_equal(run_pass(9000, &c), 0);

	/* One word next to a site is the page's change. */
	*kva(site + 4u) ^= 1u;
	assert_int_equal(run_pass(10000, &c), 1);
	assert_true(c.page);
	assert_int_equal(c.nsites, 0);
	assert_int_equal(c.va, site & ~(WATCH_PAGE - 1u));
}

#define PROBED  (0xc0100000u + 2u * WATCH_PAGE + 40u)   /* a word of text */

static uint32_t kprobe_at(uint32_t va)
{
	return (*kva(va) & 0xf0000000u) | KPROBE_BREAKPOINT;
}

/* One word a kprobe writes is told from any other change: the reference's
 * word comes back from the weighted sums and is checked by the digest. */
static void test_watch_knows_one_kprobe(void **state)
{
	struct kmap m;
	struct watch_change c = { 0 };
	uint32_t was, page = PROBED & ~(WATCH_PAGE - 1u);

	(void)state;
	linux_table();
	/* Instructions of one kind (no branch, no breakpoint), all differing. */
	for (uint32_t i = 0; i < 5 * SECT / 4u; i++)
		((uint32_t *)(ram + SECT))[i] = 0xe1000000u | ((i * 2654435761u) >> 8);
	assert_int_equal(kmap_scan(TABLE_PA, &m, NULL), 4);
	watch_start(&w, &m, NULL, NULL);
	assert_int_equal(run_pass(1000, &c), 0);
	was = *kva(PROBED);

	/* A breakpoint, reported once as a kprobe; gone, nothing. */
	*kva(PROBED) = kprobe_at(PROBED);
	assert_int_equal(run_pass(2000, &c), 1);
	assert_true(c.probe);
	assert_false(c.page);
	assert_int_equal(c.kprobe.va, PROBED);
	assert_int_equal(c.kprobe.word, kprobe_at(PROBED));
	assert_int_equal(c.kprobe.was, was);
	assert_int_equal(c.kprobe.to, 0);
	/* The policy acts on it, unless kprobes are accepted (kprobes=accept). */
	assert_true(watch_change_is_finding(&c, false));
	assert_false(watch_change_is_finding(&c, true));
	/* Optimized in place: the same kprobe, not reported again. */
	*kva(PROBED) = branch(PROBED, 0xbf000100u);
	assert_int_equal(run_pass(3000, &c), 0);
	*kva(PROBED) = was;
	assert_int_equal(run_pass(4000, &c), 0);
	/* An optimized one found as such: its detour outside the image. */
	*kva(PROBED) = branch(PROBED, 0xbf000100u);
	assert_int_equal(run_pass(5000, &c), 1);
	assert_true(c.probe);
	assert_int_equal(c.kprobe.to, 0xbf000100u);
	assert_int_equal(c.kprobe.was, was);
	*kva(PROBED) = was;
	assert_int_equal(run_pass(6000, &c), 0);

	/* Not a kprobe: a branch into the image, two breakpoints in a page
	 * (one sum cannot tell), a breakpoint beside another change, one in
	 * read-only data. Each is the page's change. */
	*kva(PROBED) = branch(PROBED, 0xc0100000u);
	assert_int_equal(run_pass(7000, &c), 1);
	assert_true(c.page);
	assert_false(c.probe);
	assert_true(watch_change_is_finding(&c, true));
	assert_int_equal(c.va, page);
	*kva(PROBED) = kprobe_at(PROBED);   /* against the new reference: a kprobe */
	assert_int_equal(run_pass(8000, &c), 1);
	assert_true(c.probe);
	assert_int_equal(c.kprobe.was, branch(PROBED, 0xc0100000u));
	*kva(PROBED + 8u) = kprobe_at(PROBED + 8u);
	assert_int_equal(run_pass(9000, &c), 1);
	assert_true(c.page);
	assert_false(c.probe);
	*kva(PROBED + 8u) ^= 1u;
	*kva(PROBED) ^= 0x100u;   /* another word */
	*kva(PROBED + 0x10u) = kprobe_at(PROBED + 0x10u);
	assert_int_equal(run_pass(10000, &c), 1);
	assert_true(c.page);
	*kva(RODATA + 64u) = kprobe_at(RODATA + 64u);
	assert_int_equal(run_pass(11000, &c), 1);
	assert_true(c.page);
	assert_false(c.exec);
}

/* A kprobe in a page that holds a jump-label site (hashed from the copy
 * with its sites blanked), and a site flipped meanwhile. */
static void test_watch_kprobe_beside_a_site(void **state)
{
	struct kmap m;
	struct watch_change c = { 0 };
	uint32_t site, was;

	(void)state;
	linux_image_with_jump_table();
	assert_int_equal(kmap_scan(TABLE_PA, &m, NULL), 4);
	assert_int_equal(scan(&m), JT_N - JT_OUT);
	watch_start(&w, &m, &st, NULL);
	assert_int_equal(run_pass(1000, &c), 0);
	site = st.s[10].code;
	was = *kva(site + 12u);
	*kva(site + 12u) = kprobe_at(site + 12u);
	*kva(site) = branch(site, st.s[10].target);
	assert_int_equal(run_pass(2000, &c), 1);
	assert_true(c.probe);
	assert_false(c.page);
	assert_int_equal(c.nsites, 0);
	assert_int_equal(c.kprobe.va, site + 12u);
	assert_int_equal(c.kprobe.was, was);
}

/* ---- ftrace's sites (ftrace.c), against Debian's kernel's own words ---- */

static struct ftrace_sites ft;

#define FX_COPIES 24u        /* the block of real sites at this many places */
#define FX_SITES  ((unsigned)(sizeof(LX_SITES) / sizeof(LX_SITES[0])))
#define FX_STRIDE 0x10000u

/* Where copy c of the fixture's block lies (copy 0 at its own address). */
static uint32_t fx_block(unsigned c)
{
	return c ? 0xc0400000u + c * FX_STRIDE : LX_FUNCTIONS_VA;
}

static uint32_t bl(uint32_t from, uint32_t to)
{
	return 0xeb000000u | (((to - from - 8u) >> 2) & 0x00ffffffu);
}

/* Debian's layout as it runs: text from 0xc0300000 (here 8 MiB of it, to
 * hold the fixture's addresses), then read-only data. The trampolines and
 * the block of real mcount sites at their own addresses, and the block
 * again at FX_COPIES - 1 more places (ftrace wants 64 sites at least). */
static void linux_ftrace_image(struct kmap *m)
{
	fixture();
	map(2, RW_DATA);
	assert_int_equal(LX_TRAMPOLINES[(LX_FTRACE_CALL - LX_TRAMPOLINES_VA) / 4u],
			 bl(LX_FTRACE_CALL, LX_FTRACE_STUB));
	for (unsigned i = 3; i < 11; i++)
		map(i, RO_TEXT);
	map(11, RO_DATA);
	map(12, RW_DATA);
	memcpy(kva(LX_TRAMPOLINES_VA), LX_TRAMPOLINES, sizeof(LX_TRAMPOLINES));
	for (unsigned c = 0; c < FX_COPIES; c++)
		memcpy(kva(fx_block(c)), LX_FUNCTIONS, sizeof(LX_FUNCTIONS));
	assert_int_equal(kmap_scan(TABLE_PA, m, NULL), 9);
}

static int ftrace_scan(const struct kmap *m)
{
	ftrace_scan_begin(&ft, m);
	for (uint32_t va = ft.text_lo; va < ft.text_hi; va += WATCH_PAGE)
		ftrace_scan_page(&ft, va);
	return ftrace_scan_end(&ft);
}

/* Every mcount site as under a function tracer: the real words in the
 * real block, the same calls from the copies. */
static void fx_sites_calling(uint32_t to)
{
	for (unsigned c = 0; c < FX_COPIES; c++)
		for (unsigned i = 0; i < FX_SITES; i++) {
			uint32_t va = fx_block(c) + (LX_SITES[i] - LX_FUNCTIONS_VA);

			*kva(va) = to ? bl(va, to) : FTRACE_NOP;
		}
}

static void test_ftrace_sites_found_in_debians_text(void **state)
{
	struct kmap m;

	(void)state;
	linux_ftrace_image(&m);
	assert_int_equal(ftrace_scan(&m), FX_SITES * FX_COPIES);
	assert_int_equal(ft.nop, FTRACE_NOP);
	assert_int_equal(ft.ncalls, 2);
	assert_int_equal(ft.call[0], LX_FTRACE_CALL);
	assert_int_equal(ft.call[1], LX_FTRACE_REGS_CALL);
	assert_int_equal(ft.entry[0], LX_FTRACE_CALLER);
	assert_int_equal(ft.entry[1], LX_FTRACE_REGS_CALLER);
	for (uint32_t k = 1; k < ft.n; k++)
		assert_true(ft.va[k - 1] < ft.va[k]);
	for (unsigned i = 0; i < FX_SITES; i++)
		assert_int_equal(ft.va[ftrace_first(&ft, LX_SITES[i])], LX_SITES[i]);

	/* A tracer on at the scan: its sites hold calls, not the NOP. */
	fx_sites_calling(LX_FTRACE_CALLER);
	assert_int_equal(ftrace_scan(&m), 0);
	fx_sites_calling(0);
	/* No trampolines (a kernel without ftrace's): none either. */
	*kva(LX_FTRACE_STUB) = 0;
	assert_int_equal(ftrace_scan(&m), 0);
	*kva(LX_FTRACE_STUB) = ARM_BX_LR;
	assert_int_equal(ftrace_scan(&m), FX_SITES * FX_COPIES);
	/* A third call site of the stub's shape: not what ftrace has. */
	*kva(0xc0400000u) = bl(0xc0400000u, LX_FTRACE_STUB);
	*kva(0xc0400004u) = ARM_MOV_R0_R0;
	assert_int_equal(ftrace_scan(&m), 0);
	*kva(0xc0400000u) = *kva(0xc0400004u) = 0;
	/* A trampoline whose start cannot be told: no return before it. */
	*kva(LX_FTRACE_CALLER - 4u) = 0;
	assert_int_equal(ftrace_scan(&m), 0);
}

static void test_ftrace_values(void **state)
{
	struct kmap m;

	(void)state;
	linux_ftrace_image(&m);
	assert_int_equal(ftrace_scan(&m), FX_SITES * FX_COPIES);
	/* What Debian's kernel wrote at its sites under each tracer. */
	for (unsigned i = 0; i < FX_SITES; i++) {
		uint32_t va = LX_SITES[i];

		assert_int_equal(bl(va, LX_FTRACE_CALLER), LX_SITES_FUNCTION[i]);
		assert_true(ftrace_value_ok(&ft, SITE_MCOUNT, va, FTRACE_NOP));
		assert_true(ftrace_value_ok(&ft, SITE_MCOUNT, va, LX_SITES_FUNCTION[i]));
		assert_true(ftrace_value_ok(&ft, SITE_MCOUNT, va, LX_SITES_GRAPH[i]));
		assert_true(ftrace_value_ok(&ft, SITE_MCOUNT, va, bl(va, LX_FTRACE_REGS_CALLER)));
		/* A call of another function, or into a trampoline. */
		assert_false(ftrace_value_ok(&ft, SITE_MCOUNT, va, bl(va, LX_VFS_READ)));
		assert_false(ftrace_value_ok(&ft, SITE_MCOUNT, va, bl(va, LX_FTRACE_CALLER + 4u)));
		assert_false(ftrace_value_ok(&ft, SITE_MCOUNT, va,
					     bl(va, LX_FTRACE_CALLER) & ~0x01000000u));   /* B */
		assert_false(ftrace_value_ok(&ft, SITE_MCOUNT, va, FTRACE_NOP_POP_LR));
		assert_false(ftrace_value_ok(&ft, SITE_MCOUNT, va, ARM_MOV_R0_R0));
	}
	assert_true(ftrace_value_ok(&ft, SITE_FTRACE_CALL, LX_FTRACE_CALL,
				    LX_FTRACE_CALL_FUNCTION));
	assert_true(ftrace_value_ok(&ft, SITE_FTRACE_CALL, LX_FTRACE_CALL, LX_FTRACE_CALL_GRAPH));
	assert_true(ftrace_value_ok(&ft, SITE_FTRACE_CALL, LX_FTRACE_REGS_CALL,
				    LX_FTRACE_REGS_CALL_FUNCTION));
	assert_false(ftrace_value_ok(&ft, SITE_FTRACE_CALL, LX_FTRACE_CALL,
				     bl(LX_FTRACE_CALL, 0xbf000000u)));   /* a module's */
	assert_false(ftrace_value_ok(&ft, SITE_FTRACE_CALL, LX_FTRACE_CALL, ARM_MOV_R0_R0));
	assert_true(ftrace_value_ok(&ft, SITE_FTRACE_GRAPH, LX_FTRACE_GRAPH_CALL,
				    LX_FTRACE_GRAPH_CALL_FUNCTION));
	assert_true(ftrace_value_ok(&ft, SITE_FTRACE_GRAPH, LX_FTRACE_GRAPH_CALL,
				    LX_FTRACE_GRAPH_CALL_GRAPH));
	assert_true(ftrace_value_ok(&ft, SITE_FTRACE_GRAPH, LX_FTRACE_GRAPH_REGS_CALL,
				    LX_FTRACE_GRAPH_REGS_CALL_GRAPH));
	assert_int_equal(arm_branch_target(LX_FTRACE_GRAPH_CALL, LX_FTRACE_GRAPH_CALL_GRAPH),
			 LX_FTRACE_GRAPH_CALLER);
	/* Backwards, to itself (a loop), too far, or a call: not the graph
	 * caller. */
	assert_false(ftrace_value_ok(&ft, SITE_FTRACE_GRAPH, LX_FTRACE_GRAPH_CALL,
				     branch(LX_FTRACE_GRAPH_CALL, LX_FTRACE_GRAPH_CALL)));
	assert_false(ftrace_value_ok(&ft, SITE_FTRACE_GRAPH, LX_FTRACE_GRAPH_CALL,
				     branch(LX_FTRACE_GRAPH_CALL, LX_FTRACE_CALLER)));
	assert_false(ftrace_value_ok(&ft, SITE_FTRACE_GRAPH, LX_FTRACE_GRAPH_CALL,
				     branch(LX_FTRACE_GRAPH_CALL,
					    LX_FTRACE_GRAPH_CALL + FTRACE_GRAPH_REACH + 4u)));
	assert_false(ftrace_value_ok(&ft, SITE_FTRACE_GRAPH, LX_FTRACE_GRAPH_CALL,
				     bl(LX_FTRACE_GRAPH_CALL, LX_FTRACE_GRAPH_CALLER)));
}

/* One pass, and what it reported (one change expected, or none). */
static void ftrace_pass(uint32_t now, unsigned changes, enum site_kind kind, uint32_t va,
			uint32_t word)
{
	struct watch_change c = { 0 };

	assert_int_equal(run_pass(now, &c), changes);
	if (!changes)
		return;
	assert_false(c.page);
	assert_int_equal(c.nsites, 1);
	assert_int_equal(c.site[0].kind, kind);
	assert_true(watch_change_is_finding(&c, true));
	assert_int_equal(c.site[0].va, va);
	assert_int_equal(c.site[0].word, word);
}

static void set_tracer_sites(uint32_t call, uint32_t regs_call, uint32_t graph,
			     uint32_t regs_graph)
{
	*kva(LX_FTRACE_CALL) = call;
	*kva(LX_FTRACE_REGS_CALL) = regs_call;
	*kva(LX_FTRACE_GRAPH_CALL) = graph;
	*kva(LX_FTRACE_GRAPH_REGS_CALL) = regs_graph;
}

static void test_watch_checks_ftrace_sites(void **state)
{
	struct kmap m;
	struct watch_change c = { 0 };
	const uint32_t site = LX_SITES[1], foreign = bl(LX_SITES[1], LX_VFS_READ);
	/* The trampolines' call sites with no tracer: "bl ftrace_stub". */
	const uint32_t off_call = bl(LX_FTRACE_CALL, LX_FTRACE_STUB);
	const uint32_t off_regs_call = bl(LX_FTRACE_REGS_CALL, LX_FTRACE_STUB);

	(void)state;
	linux_ftrace_image(&m);
	assert_int_equal(ftrace_scan(&m), FX_SITES * FX_COPIES);
	watch_start(&w, &m, NULL, &ft);
	assert_int_equal(run_pass(1000, &c), 0);     /* the baseline */
	/* The function tracer, function_graph, then none: Linux's own words. */
	fx_sites_calling(LX_FTRACE_CALLER);
	set_tracer_sites(LX_FTRACE_CALL_FUNCTION, LX_FTRACE_REGS_CALL_FUNCTION,
			 LX_FTRACE_GRAPH_CALL_FUNCTION, LX_FTRACE_GRAPH_REGS_CALL_FUNCTION);
	ftrace_pass(2000, 0, 0, 0, 0);
	set_tracer_sites(LX_FTRACE_CALL_GRAPH, LX_FTRACE_REGS_CALL_GRAPH,
			 LX_FTRACE_GRAPH_CALL_GRAPH, LX_FTRACE_GRAPH_REGS_CALL_GRAPH);
	ftrace_pass(3000, 0, 0, 0, 0);
	fx_sites_calling(0);
	set_tracer_sites(off_call, off_regs_call, ARM_MOV_R0_R0, ARM_MOV_R0_R0);
	ftrace_pass(4000, 0, 0, 0, 0);

	/* A call of another function at an mcount site: the site, once; again
	 * for another foreign value, and after it was put back. */
	*kva(site) = foreign;
	ftrace_pass(5000, 1, SITE_MCOUNT, site, foreign);
	ftrace_pass(6000, 0, 0, 0, 0);
	*kva(site) = bl(site, LX_FTRACE_CALLER + 8u);
	ftrace_pass(7000, 1, SITE_MCOUNT, site, bl(site, LX_FTRACE_CALLER + 8u));
	*kva(site) = FTRACE_NOP;
	ftrace_pass(8000, 0, 0, 0, 0);
	*kva(site) = bl(site, LX_FTRACE_CALLER + 8u);   /* the value last reported */
	ftrace_pass(9000, 1, SITE_MCOUNT, site, bl(site, LX_FTRACE_CALLER + 8u));
	*kva(site) = FTRACE_NOP;
	/* The tracer's call sent into a module, the graph call backwards. */
	*kva(LX_FTRACE_CALL) = bl(LX_FTRACE_CALL, 0xbf000000u);
	ftrace_pass(10000, 1, SITE_FTRACE_CALL, LX_FTRACE_CALL, bl(LX_FTRACE_CALL, 0xbf000000u));
	*kva(LX_FTRACE_CALL) = off_call;
	*kva(LX_FTRACE_GRAPH_REGS_CALL) = branch(LX_FTRACE_GRAPH_REGS_CALL, LX_FTRACE_CALLER);
	ftrace_pass(11000, 1, SITE_FTRACE_GRAPH, LX_FTRACE_GRAPH_REGS_CALL,
		    branch(LX_FTRACE_GRAPH_REGS_CALL, LX_FTRACE_CALLER));
	*kva(LX_FTRACE_GRAPH_REGS_CALL) = ARM_MOV_R0_R0;
	ftrace_pass(12000, 0, 0, 0, 0);
	/* The site's first word (push {lr}) is its page's. */
	*kva(site - 4u) ^= 1u;
	assert_int_equal(run_pass(13000, &c), 1);
	assert_true(c.page);
	assert_int_equal(c.nsites, 0);
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
	watch_start(&w, &m, NULL, NULL);
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
		UNIT_TEST(test_kmap_live_sees_the_running_translation),
		UNIT_TEST(test_kmap_live_reads_ttbr0_below_its_split_only),
		UNIT_TEST(test_kmap_refuses_hostile_tables),
		UNIT_TEST(test_kmap_needs_adjacent_sections),
		UNIT_TEST(test_watch_reports_each_change_once),
		UNIT_TEST(test_sites_found_in_read_only_data),
		UNIT_TEST(test_sites_found_in_debians_jump_table),
		UNIT_TEST(test_sites_not_found_means_none),
		UNIT_TEST(test_sites_values),
		UNIT_TEST(test_watch_leaves_sites_out_and_checks_them),
		UNIT_TEST(test_watch_knows_one_kprobe),
		UNIT_TEST(test_watch_kprobe_beside_a_site),
		UNIT_TEST(test_ftrace_sites_found_in_debians_text),
		UNIT_TEST(test_ftrace_values),
		UNIT_TEST(test_watch_checks_ftrace_sites),
		UNIT_TEST(test_watch_baseline_then_change_mid_pass),
		UNIT_TEST(test_long_period_is_waited_in_steps),
	};
	int r = UNIT_RUN_GROUP("integrity", tests, ncases);

	free(ram);
	ram = NULL;
	return r;
}

UNIT_SLOW(run_integrity_tests);   /* about 3.5 s */
