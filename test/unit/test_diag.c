/*
 * The VMM's diagnosis of a stopped guest (components/vmm/diag.c): its page
 * tables walked from the banked registers the kernel reads (faked here)
 * through guest memory (a buffer standing for normal RAM): sections,
 * supersections, small and large pages, TTBR0/TTBR1 split by TTBCR.N, and
 * every way a walk is refused.
 */
#include <stdlib.h>
#include <string.h>
#include <tzvmm/syscall.h>
#include "../../components/vmm/diag.h"
#include <ulib/guest_mem.h>
#include "unit.h"

#define RAM_BASE 0x40000000u
#define RAM_SIZE 0x00100000u   /* 1 MiB is room for the tables */

static uint8_t *ram;
static uint32_t ns[SYS_NS_REG_COUNT];

static int32_t regs_hook(uint32_t nr, const uint32_t *a)
{
	if (nr != SYS_VCPU_REG || a[1] >= SYS_NS_REG_COUNT || a[2] != 0)
		return -SYS_EINVAL;
	fake.sys_r1 = ns[a[1]];
	return 0;
}

static void put(uint32_t pa, uint32_t word)
{
	memcpy(ram + (pa - RAM_BASE), &word, 4);
}

static struct vmm_cpu cpu0;

static int walk(uint32_t va, uint32_t *pa)
{
	return diag_translate(&cpu0, va, pa);
}

static void diag_fixture(void)
{
	memset(ram, 0, RAM_SIZE);
	memset(ns, 0, sizeof(ns));
	guest_mem_init((uintptr_t)ram, RAM_BASE, RAM_SIZE);
	fake.sys_hook = regs_hook;
	cpu0 = (struct vmm_cpu){ .id = 0, .state = &fake_vcpu_states[0] };
	ns[SYS_NS_REG_SCTLR] = 0x00c50079u;   /* M = 1 */
	ns[SYS_NS_REG_TTBR0] = RAM_BASE | 0x6au;   /* table at RAM_BASE, attribute bits */
}

static void test_diag_mmu_off(void **state)
{
	uint32_t pa = 0;

	(void)state;
	diag_fixture();
	ns[SYS_NS_REG_SCTLR] = 0x00c50078u;
	assert_int_equal(walk(0x12345678u, &pa), DIAG_MMU_OFF);
	assert_int_equal(pa, 0x12345678u);
}

static void test_diag_sections_and_pages(void **state)
{
	uint32_t pa = 0;

	(void)state;
	diag_fixture();
	put(RAM_BASE + (0x800u << 2), 0x40100000u | 0x2u);                 /* section */
	for (uint32_t i = 0x810; i < 0x820; i++)   /* a supersection fills 16 entries */
		put(RAM_BASE + (i << 2), 0x50000000u | (1u << 18) | 0x2u);
	put(RAM_BASE + (0x900u << 2), (RAM_BASE + 0x8000u) | 0x1u);        /* coarse table */
	put(RAM_BASE + 0x8000u + (1u << 2), 0x40203000u | 0x2u);           /* small page */
	for (uint32_t i = 16; i < 32; i++)   /* a large page fills 16 entries */
		put(RAM_BASE + 0x8000u + (i << 2), 0x40220000u | 0x1u);
	assert_int_equal(walk(0x80012345u, &pa), DIAG_MAPPED);
	assert_int_equal(pa, 0x40112345u);
	assert_int_equal(walk(0x81234567u, &pa), DIAG_MAPPED);
	assert_int_equal(pa, 0x50234567u);
	assert_int_equal(walk(0x90001abcu, &pa), DIAG_MAPPED);
	assert_int_equal(pa, 0x40203abcu);
	assert_int_equal(walk(0x90012345u, &pa), DIAG_MAPPED);
	assert_int_equal(pa, 0x40222345u);
	assert_int_equal(walk(0x90002000u, &pa), DIAG_UNMAPPED);   /* empty L2 slot */
	assert_int_equal(walk(0xa0000000u, &pa), DIAG_UNMAPPED);   /* empty L1 slot */
}

/* TTBCR.N = 1: TTBR0 below 2 GiB (an 8 KiB table), TTBR1 above. */
static void test_diag_ttbr1_split(void **state)
{
	uint32_t pa = 0;

	(void)state;
	diag_fixture();
	ns[SYS_NS_REG_TTBCR] = 1;
	ns[SYS_NS_REG_TTBR1] = RAM_BASE + 0x4000u;
	put(RAM_BASE + (0x001u << 2), 0x40300000u | 0x2u);            /* via TTBR0 */
	put(RAM_BASE + 0x4000u + (0xc00u << 2), 0x40400000u | 0x2u);  /* via TTBR1 */
	assert_int_equal(walk(0x00101234u, &pa), DIAG_MAPPED);
	assert_int_equal(pa, 0x40301234u);
	assert_int_equal(walk(0xc0005678u, &pa), DIAG_MAPPED);
	assert_int_equal(pa, 0x40405678u);
}

static void test_diag_refused_walks(void **state)
{
	uint32_t pa = 0;

	(void)state;
	diag_fixture();
	ns[SYS_NS_REG_TTBR0] = 0x0e000000u;   /* a table in secure RAM: never read */
	assert_int_equal(walk(0x80000000u, &pa), DIAG_UNREADABLE);
	diag_fixture();
	put(RAM_BASE + (0x900u << 2), 0x0e000000u | 0x1u);   /* an L2 table outside RAM */
	assert_int_equal(walk(0x90001000u, &pa), DIAG_UNREADABLE);
	diag_fixture();
	ns[SYS_NS_REG_TTBCR] = 1u << 31;   /* LPAE */
	assert_int_equal(walk(0x80000000u, &pa), DIAG_UNREADABLE);
	diag_fixture();
	fake.sys_hook = NULL;
	fake.sys_ret[SYS_VCPU_REG] = -SYS_EPERM;   /* the right withheld */
	assert_int_equal(walk(0x80000000u, &pa), DIAG_UNREADABLE);
}

int run_diag_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_diag_mmu_off),
		UNIT_TEST(test_diag_sections_and_pages),
		UNIT_TEST(test_diag_ttbr1_split),
		UNIT_TEST(test_diag_refused_walks),
	};

	ram = malloc(RAM_SIZE);
	int failed = UNIT_RUN_GROUP("diag", tests, ncases);

	free(ram);
	guest_mem_init(0, 0, 0);
	return failed;
}
