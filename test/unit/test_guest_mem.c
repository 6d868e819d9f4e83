/*
 * Guest memory (components/ulib/guest_mem.c): every access is refused as a
 * whole unless [pa, pa + len) is non-empty and inside normal RAM, at the
 * edges of RAM, for RAM at 0 and RAM ending at 4 GiB, and for ranges whose
 * end wraps past 4 GiB (into RAM or not); a refused access changes
 * nothing. Normal RAM is a heap buffer of exactly its size, so ASan also
 * reports any byte touched outside it.
 */
#include <stdlib.h>
#include <string.h>
#include <lib/fwcfg.h>
#include <ulib/guest_mem.h>
#include "unit.h"

#define BASE 0x40000000u
#define SIZE 0x1000u

static uint8_t *ram;

/* Normal RAM [base, base + size), filled with a pattern. */
static uint8_t *mem_fixture(uint32_t base, uint32_t size)
{
	free(ram);
	ram = malloc(size);
	assert_non_null(ram);
	for (uint32_t i = 0; i < size; i++)
		ram[i] = (uint8_t)(i * 13 + 5);
	guest_mem_init((uintptr_t)ram, base, size);
	return ram;
}

static int check(uint32_t pa, uint32_t len)
{
	return guest_mem_check(gpa(pa), len);
}

static void test_guest_mem_gpa(void **state)
{
	(void)state;
	assert_int_equal(gpa_raw(gpa(0)), 0);
	assert_int_equal(gpa_raw(gpa(0xfffffffcu)), 0xfffffffcu);
	assert_int_equal(gpa_raw(gpa_add(gpa(0x40000000u), 0x10u)), 0x40000010u);
	/* An offset that passes 4 GiB never lands in low memory: with normal
	 * RAM at 0, the wrapped sum (0x10) would be inside it. */
	mem_fixture(0, SIZE);
	assert_int_equal(guest_mem_check(gpa_add(gpa(0xfffffff0u), 0x20u), 4), -1);
	assert_int_equal(guest_mem_check(gpa_add(gpa_add(gpa(0xfffffff0u), 0x20u), 0), 4), -1);
	assert_int_equal(guest_mem_check(gpa_add(gpa(0), 0x10u), 4), 0);
}

static void test_guest_mem_check_edges(void **state)
{
	(void)state;
	mem_fixture(BASE, SIZE);
	assert_int_equal(check(BASE, SIZE), 0);                 /* all of RAM */
	assert_int_equal(check(BASE, 1), 0);                    /* first byte */
	assert_int_equal(check(BASE + SIZE - 1, 1), 0);         /* last byte */
	assert_int_equal(check(BASE + SIZE - 0x10, 0x10), 0);   /* ends exactly at the end */
	assert_int_equal(check(BASE + SIZE - 1, 2), -1);        /* one byte over */
	assert_int_equal(check(BASE, SIZE + 1), -1);
	assert_int_equal(check(BASE + SIZE, 1), -1);            /* just past */
	assert_int_equal(check(BASE - 1, 1), -1);               /* just below */
	assert_int_equal(check(BASE - 1, 2), -1);               /* straddles the start */
	assert_int_equal(check(0, SIZE), -1);                   /* far below */
	assert_int_equal(check(0x80000000u, 4), -1);            /* above */
	assert_int_equal(check(0xffffffffu, 1), -1);
	assert_int_equal(check(BASE, 0), -1);                   /* empty */
	assert_int_equal(check(BASE + 0x800, 0), -1);
	assert_int_equal(check(BASE, 0xffffffffu), -1);         /* huge */
	assert_int_equal(check(BASE + 0x10, 0xffffffffu), -1);
	/* Ends that wrap past 4 GiB and land back inside RAM. */
	assert_int_equal(check(BASE + 0x10, 0xfffffff8u), -1);  /* end = BASE + 8 */
	assert_int_equal(check(0xfffffff0u, BASE + 0x20), -1);  /* end = BASE + 0x10 */
	assert_int_equal(check(0xfffffff0u, 0x20), -1);
}

/* RAM that ends exactly at 4 GiB: base + size is 0 in 32 bits. */
static void test_guest_mem_ram_ends_at_4g(void **state)
{
	uint32_t w = 0;
	uint8_t b = 0x5a;

	(void)state;
	mem_fixture(0xfffff000u, SIZE);
	assert_int_equal(check(0xfffff000u, SIZE), 0);
	assert_int_equal(check(0xffffffffu, 1), 0);
	assert_int_equal(check(0xfffffffcu, 4), 0);
	assert_int_equal(check(0xffffffffu, 2), -1);
	assert_int_equal(check(0xfffff000u, SIZE + 1), -1);
	assert_int_equal(check(0xffffefffu, 2), -1);
	assert_int_equal(check(0xfffff000u, 0xffffffffu), -1);
	assert_int_equal(guest_mem_write(gpa(0xffffffffu), &b, 1), 0);
	assert_int_equal(ram[SIZE - 1], 0x5a);
	memcpy(&ram[SIZE - 4], "\x01\x02\x03\x04", 4);
	assert_int_equal(guest_mem_read32(gpa(0xfffffffcu), &w), 0);
	assert_int_equal(w, 0x04030201u);
}

/* RAM at 0: an end that wraps lands inside it. */
static void test_guest_mem_ram_at_zero(void **state)
{
	(void)state;
	mem_fixture(0, SIZE);
	assert_int_equal(check(0, SIZE), 0);
	assert_int_equal(check(0, 1), 0);
	assert_int_equal(check(0xffffffffu, 2), -1);   /* end = 1 */
	assert_int_equal(check(0xfffffff0u, 0x20), -1);
	assert_int_equal(check(SIZE, 1), -1);
}

/* Before guest_mem_init, or with no RAM, nothing is accepted. */
static void test_guest_mem_no_ram(void **state)
{
	uint8_t b = 0;
	uint32_t w = 0;

	(void)state;
	guest_mem_init(0, 0, 0);
	assert_int_equal(check(0, 1), -1);
	assert_int_equal(check(0, 0), -1);
	assert_int_equal(check(0xfffffffcu, 4), -1);
	assert_int_equal(guest_mem_read(&b, gpa(0), 1), -1);
	assert_int_equal(guest_mem_write(gpa(0), &b, 1), -1);
	assert_int_equal(guest_mem_read32(gpa(0), &w), -1);
	mem_fixture(BASE, SIZE);
	guest_mem_init((uintptr_t)ram, BASE, 0);
	assert_int_equal(check(BASE, 1), -1);
}

static void test_guest_mem_read_write(void **state)
{
	uint8_t buf[0x20], before[SIZE];

	(void)state;
	mem_fixture(BASE, SIZE);
	assert_int_equal(guest_mem_read(buf, gpa(BASE), 0x20), 0);
	assert_memory_equal(buf, ram, 0x20);
	assert_int_equal(guest_mem_read(buf, gpa(BASE + SIZE - 0x20), 0x20), 0);
	assert_memory_equal(buf, ram + SIZE - 0x20, 0x20);

	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(0xa0 + i);
	memcpy(before, ram, SIZE);
	assert_int_equal(guest_mem_write(gpa(BASE + 0x100), buf, 0x20), 0);
	assert_memory_equal(ram + 0x100, buf, 0x20);
	assert_memory_equal(ram, before, 0x100);                     /* nothing else */
	assert_memory_equal(ram + 0x120, before + 0x120, SIZE - 0x120);
	assert_int_equal(guest_mem_write(gpa(BASE + SIZE - 0x20), buf, 0x20), 0);
	assert_memory_equal(ram + SIZE - 0x20, buf, 0x20);
}

/* A refused copy touches neither side, not even its part inside RAM. */
static void test_guest_mem_refused_copies(void **state)
{
	static const struct {
		uint32_t pa, len;
	} bad[] = {
		{ BASE + SIZE - 0x10, 0x11 }, { BASE - 1, 0x10 }, { BASE + SIZE, 1 },
		{ BASE, 0 }, { 0xfffffff0u, BASE + 0x20 }, { BASE + 0x10, 0xfffffff8u },
	};
	uint8_t buf[0x20], before[SIZE];

	(void)state;
	mem_fixture(BASE, SIZE);
	memcpy(before, ram, SIZE);
	/* (A length larger than buf would overflow it only if accepted.) */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(buf, 0x77, sizeof(buf));
		assert_int_equal(guest_mem_read(buf, gpa(bad[i].pa), bad[i].len), -1);
		for (unsigned k = 0; k < sizeof(buf); k++)
			assert_int_equal(buf[k], 0x77);
		assert_int_equal(guest_mem_write(gpa(bad[i].pa), buf, bad[i].len), -1);
		assert_memory_equal(ram, before, SIZE);
	}
	/* Lengths beyond any buffer are refused before a byte moves. */
	assert_int_equal(guest_mem_read(buf, gpa(BASE), 0xffffffffu), -1);
	assert_int_equal(guest_mem_write(gpa(BASE + 1), buf, 0xffffffffu), -1);
	assert_memory_equal(ram, before, SIZE);
}

static void test_guest_mem_read32(void **state)
{
	uint32_t w = 0x12345678u;

	(void)state;
	mem_fixture(BASE, SIZE);
	memcpy(ram, "\x11\x22\x33\x44", 4);
	memcpy(ram + SIZE - 4, "\xaa\xbb\xcc\xdd", 4);
	assert_int_equal(guest_mem_read32(gpa(BASE), &w), 0);
	assert_int_equal(w, 0x44332211u);
	assert_int_equal(guest_mem_read32(gpa(BASE + SIZE - 4), &w), 0);   /* last word */
	assert_int_equal(w, 0xddccbbaau);

	w = 0x12345678u;
	assert_int_equal(guest_mem_read32(gpa(BASE + 2), &w), -1);          /* unaligned */
	assert_int_equal(guest_mem_read32(gpa(BASE + 1), &w), -1);
	assert_int_equal(guest_mem_read32(gpa(BASE + SIZE - 3), &w), -1);   /* unaligned, over */
	assert_int_equal(guest_mem_read32(gpa(BASE + SIZE - 2), &w), -1);
	assert_int_equal(guest_mem_read32(gpa(BASE + SIZE), &w), -1);       /* past */
	assert_int_equal(guest_mem_read32(gpa(BASE - 4), &w), -1);          /* below */
	assert_int_equal(guest_mem_read32(gpa(0xfffffffcu), &w), -1);       /* above */
	assert_int_equal(w, 0x12345678u);
}

static struct fake_fw fw;
static struct fwcfg_port port;
static uint8_t file[0x100];

/* fw_cfg DMA: a fake device with one file of 0x100 bytes; returns its key. */
static uint16_t dma_fixture(uint32_t base, uint32_t size)
{
	mem_fixture(base, size);
	fake_fw_init(&fw, &port);
	fake.dma_fw = &fw;
	for (unsigned i = 0; i < sizeof(file); i++)
		file[i] = (uint8_t)(0xff - i);
	return fake_fw_add(&fw, "opt/f", file, sizeof(file));
}

static void test_guest_mem_fwcfg_dma(void **state)
{
	uint16_t key;

	(void)state;
	key = dma_fixture(BASE, SIZE);
	assert_true(guest_mem_fwcfg_dma(0x900000u, key, gpa(BASE + SIZE - 0x110), 0x100,
					gpa(BASE + SIZE - 0x10)));
	assert_int_equal(fake.dmas, 1);
	assert_int_equal(fake.dma_dst, BASE + SIZE - 0x110);
	assert_int_equal(fake.dma_desc, (uintptr_t)ram + SIZE - 0x10);   /* in the window */
	assert_memory_equal(ram + SIZE - 0x110, file, 0x100);

	/* Refused without asking the device: descriptor inside the
	 * destination, unaligned or outside RAM; destination outside RAM
	 * or empty. */
	fake.dmas = 0;
	assert_false(guest_mem_fwcfg_dma(0x900000u, key, gpa(BASE + SIZE - 0x100), 0x100,
					 gpa(BASE + SIZE - 0x10)));
	assert_false(guest_mem_fwcfg_dma(0x900000u, key, gpa(BASE), 0x100, gpa(BASE + 0x10)));
	assert_false(guest_mem_fwcfg_dma(0x900000u, key, gpa(BASE + 0x10), 0x100,
					 gpa(BASE + 0x10c)));   /* over the last word */
	assert_false(guest_mem_fwcfg_dma(0x900000u, key, gpa(BASE + 0x10), 0x100,
					 gpa(BASE + 0x4)));     /* over the first word */
	assert_false(guest_mem_fwcfg_dma(0x900000u, key, gpa(BASE), 0x100, gpa(BASE + 0x402)));
	assert_false(guest_mem_fwcfg_dma(0x900000u, key, gpa(BASE), 0x100, gpa(BASE + SIZE - 8)));
	assert_false(guest_mem_fwcfg_dma(0x900000u, key, gpa(BASE), 0x100, gpa(BASE - 0x10)));
	assert_false(guest_mem_fwcfg_dma(0x900000u, key, gpa(BASE + SIZE - 0x80), 0x100,
					 gpa(BASE)));
	assert_false(guest_mem_fwcfg_dma(0x900000u, key, gpa(BASE + 0x100), 0, gpa(BASE)));
	assert_int_equal(fake.dmas, 0);

	/* Adjacent on either side is fine. */
	assert_true(guest_mem_fwcfg_dma(0x900000u, key, gpa(BASE + 0x10), 0x100, gpa(BASE)));
	assert_true(guest_mem_fwcfg_dma(0x900000u, key, gpa(BASE), 0x100, gpa(BASE + 0x100)));
	assert_int_equal(fake.dmas, 2);
}

/* RAM ending at 4 GiB: a destination reaching the end still overlaps a
 * descriptor in its last 16 bytes, although both ends are 0 in 32 bits. */
static void test_guest_mem_fwcfg_dma_at_4g(void **state)
{
	uint16_t key;

	(void)state;
	key = dma_fixture(0xfffff000u, SIZE);
	assert_false(guest_mem_fwcfg_dma(0x900000u, key, gpa(0xffffff00u), 0x100,
					 gpa(0xfffffff0u)));
	assert_int_equal(fake.dmas, 0);
	assert_true(guest_mem_fwcfg_dma(0x900000u, key, gpa(0xfffffef0u), 0x100,
					gpa(0xfffffff0u)));
	assert_memory_equal(ram + SIZE - 0x110, file, 0x100);
}

/* A device error is reported. */
static void test_guest_mem_fwcfg_dma_error(void **state)
{
	uint16_t key;

	(void)state;
	key = dma_fixture(BASE, SIZE);
	fake.dma_error = true;
	assert_false(guest_mem_fwcfg_dma(0x900000u, key, gpa(BASE), 0x100, gpa(BASE + SIZE - 16)));
	assert_int_equal(fake.dmas, 1);
	fake.dma_error = false;
	fake.dma_fw = NULL;   /* no DMA feature */
	assert_false(guest_mem_fwcfg_dma(0x900000u, key, gpa(BASE), 0x100, gpa(BASE + SIZE - 16)));
}

int run_guest_mem_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_guest_mem_gpa),
		UNIT_TEST(test_guest_mem_check_edges),
		UNIT_TEST(test_guest_mem_ram_ends_at_4g),
		UNIT_TEST(test_guest_mem_ram_at_zero),
		UNIT_TEST(test_guest_mem_no_ram),
		UNIT_TEST(test_guest_mem_read_write),
		UNIT_TEST(test_guest_mem_refused_copies),
		UNIT_TEST(test_guest_mem_read32),
		UNIT_TEST(test_guest_mem_fwcfg_dma),
		UNIT_TEST(test_guest_mem_fwcfg_dma_at_4g),
		UNIT_TEST(test_guest_mem_fwcfg_dma_error),
	};
	int failed = UNIT_RUN_GROUP("guest_mem", tests, ncases);

	free(ram);
	ram = NULL;
	guest_mem_init(0, 0, 0);
	return failed;
}
