/*
 * The VMM's view of a stopped guest (components/vmm/diag.c): it reads the
 * normal world's banked CP15 registers through the kernel (SYS_VCPU_REG,
 * monitor mode with SCR.NS = 1) and walks the guest's page tables in
 * normal RAM. The guest turns its MMU on with tables of its own and asks
 * the test hook TEST_DIAG where addresses lead.
 */
#include <tzvmm/test/hooks.h>
#include "../common/guest.h"

#define SECTION      0x2u
#define COARSE       0x1u
#define AP_RW        (3u << 10)          /* section: full access */
#define NORMAL_NC    (1u << 12)          /* TEX = 001, C = B = 0 */
#define DEVICE       (1u << 2)           /* B = 1: shareable device */
#define SMALL        0x2u
#define LARGE        0x1u
#define AP_RW_PAGE   (3u << 4)

/* The guest runs in the first 256 MiB of normal RAM, mapped 1:1 here;
 * the test's virtual addresses start 1 GiB above RAM, past that window on
 * every board (QEMU virt: 0x80000000). */
#define RAM PLAT_NS_RAM_BASE
#define VA  (PLAT_NS_RAM_BASE + 0x40000000u)
#define MIB(a) ((a) >> 20)

static uint32_t l1[4096] __attribute__((aligned(16384)));
static uint32_t l2[256] __attribute__((aligned(1024)));

static struct smc_ret diag(uint32_t va)
{
	return guest_smc(TZVMM_SMC_TEST_DIAG, va, 0, 0);
}

static void mmu(bool on)
{
	uint32_t sctlr;

	__asm__ volatile("dsb\n mcr p15, 0, %0, c8, c7, 0\n dsb\n isb" : : "r"(0) : "memory");
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
	sctlr = on ? sctlr | 1u : sctlr & ~1u;
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n isb" : : "r"(sctlr) : "memory");
}

TEST(vmm_reads_banked_registers_and_walks_page_tables)
{
	struct smc_ret r = diag(RAM + 0x1234u);   /* MMU off: physical */

	EXPECT_EQ(r.r0, 0);
	EXPECT_EQ(r.r1, RAM + 0x1234u);
	EXPECT_EQ(r.r2, 1);

	/* Identity for the guest's 256 MiB of RAM and the UART's MiB; a
	 * section VA -> RAM + 0x100000; a coarse table at VA + 256 MiB with
	 * a small page at its 0x1000 -> RAM + 0x203000 and a large page at
	 * its 0x10000 -> RAM + 0x220000 (16 repeated entries). */
	for (uint32_t mb = MIB(RAM); mb < MIB(RAM) + 0x100u; mb++)
		l1[mb] = (mb << 20) | NORMAL_NC | AP_RW | SECTION;
	l1[MIB(PLAT_NS_UART_BASE)] = (MIB(PLAT_NS_UART_BASE) << 20) | DEVICE | AP_RW | SECTION;
	l1[MIB(VA)] = (RAM + 0x100000u) | NORMAL_NC | AP_RW | SECTION;
	l1[MIB(VA) + 0x100u] = (uint32_t)l2 | COARSE;
	l2[1] = (RAM + 0x203000u) | AP_RW_PAGE | SMALL;
	for (uint32_t i = 16; i < 32; i++)
		l2[i] = (RAM + 0x220000u) | AP_RW_PAGE | LARGE;
	__asm__ volatile("mcr p15, 0, %0, c3, c0, 0\n"   /* DACR: domain 0 client */
			 "mcr p15, 0, %1, c2, c0, 2\n"   /* TTBCR: N = 0 */
			 "mcr p15, 0, %2, c2, c0, 0\n"   /* TTBR0 */
			 "isb" : : "r"(1u), "r"(0u), "r"((uint32_t)l1) : "memory");
	mmu(true);
	struct smc_ret sec = diag(VA + 0x12345u), small = diag(VA + 0x10001abcu),
		       large = diag(VA + 0x10012345u), none = diag(VA + 0x20000000u);
	mmu(false);

	EXPECT_EQ(sec.r0, 0);
	EXPECT_EQ(sec.r1, RAM + 0x112345u);
	EXPECT_EQ(sec.r2, 0);
	EXPECT_EQ(small.r0, 0);
	EXPECT_EQ(small.r1, RAM + 0x203abcu);
	EXPECT_EQ(large.r0, 0);
	EXPECT_EQ(large.r1, RAM + 0x222345u);
	EXPECT_EQ(none.r0, (uint32_t)SMCCC_INVALID_PARAMETER);
}

/* The VMM raises one of the SPIs the board reserves for tzvmm (on QEMU
 * virt 272-275) for the normal world (SYS_IRQ_INJECT): with the SPI
 * enabled and routed to this CPU by the guest, it is pending at its GIC
 * interface; an SPI that is not reserved is refused. */
TEST(vmm_injects_a_reserved_spi)
{
	const uint32_t spi = PLAT_NS_PV_SPI_FIRST;
	volatile uint32_t *gicd = (volatile uint32_t *)PLAT_NS_GICD_BASE;
	volatile uint32_t *gicc = (volatile uint32_t *)PLAT_NS_GICC_BASE;
	volatile uint8_t *targets = (volatile uint8_t *)(PLAT_NS_GICD_BASE + 0x800u);

	gicc[0x004 / 4] = 0xffu;                      /* GICC_PMR */
	gicc[0x000 / 4] = 1u;                         /* GICC_CTLR: group 1 */
	targets[spi] = 1u;                            /* to CPU 0 */
	gicd[(0x100 + spi / 32 * 4) / 4] = 1u << (spi % 32);   /* GICD_ISENABLER */
	EXPECT_EQ(guest_smc(TZVMM_SMC_TEST_INJECT, spi, 0, 0).r0, 0);
	uint32_t iar = 1023u;

	/* Acknowledge until it comes (or nothing is pending); end each. */
	for (unsigned i = 0; i < 8u; i++) {
		iar = gicc[0x00c / 4];                 /* GICC_IAR */
		if ((iar & 0x3ffu) >= 1020u)
			break;
		gicc[0x010 / 4] = iar;                 /* GICC_EOIR */
		if ((iar & 0x3ffu) == spi)
			break;
	}
	EXPECT_EQ(iar & 0x3ffu, spi);
	gicd[(0x180 + spi / 32 * 4) / 4] = 1u << (spi % 32);   /* GICD_ICENABLER */
	gicc[0x000 / 4] = 0u;
	EXPECT_EQ(guest_smc(TZVMM_SMC_TEST_INJECT, 33u, 0, 0).r0,
		  (uint32_t)SMCCC_INVALID_PARAMETER);   /* a device's SPI (virt: the RTC's) */
	EXPECT_EQ(guest_smc(TZVMM_SMC_TEST_INJECT, PLAT_NS_PV_SPI_FIRST + PLAT_NS_PV_SPI_COUNT, 0,
			    0).r0, (uint32_t)SMCCC_INVALID_PARAMETER);
}
