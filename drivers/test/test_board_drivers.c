/*
 * Host tests of the drivers every board's kernel part uses (GICv2, the
 * UARTs, the generic timer, the power controls), each against a register
 * file or a small model of its device (test/unit/fake_mmio.h).
 */
#include <string.h>
#include <arch/cp15.h>
#include <drivers/gicv2.h>
#include <drivers/power.h>
#include <drivers/timer.h>
#include <drivers/uart.h>
#include "fake_mmio.h"
#include "unit.h"

#define DIST 0x10000000u
#define CPUIF 0x10010000u

static uint32_t gicd[0x1000 / 4], gicc[0x100 / 4];
static struct fake_regfile gicd_rf = { gicd, NULL, 0x1000 / 4 };
static struct fake_regfile gicc_rf = { gicc, NULL, 0x100 / 4 };

static void attach_gic(unsigned lines, unsigned cpus)
{
	memset(gicd, 0, sizeof(gicd));
	memset(gicc, 0, sizeof(gicc));
	gicd[GICD_TYPER / 4] = (lines / 32 - 1) | (cpus - 1) << 5;
	gicc[GICC_IAR / 4] = GIC_SPURIOUS;   /* nothing pending, interface idle */
	gicc[GICC_RPR / 4] = 0xff;
	fake_regfile_attach(DIST, &gicd_rf);
	fake_regfile_attach(CPUIF, &gicc_rf);
}

static uint8_t priority(unsigned intid)
{
	return (uint8_t)(gicd[(GICD_IPRIORITYR + intid) / 4] >> (8 * (intid % 4)));
}

static void test_gicv2_dist_makes_every_spi_normal(void **state)
{
	attach_gic(96, 2);
	assert_int_equal(gicv2_ncpus(DIST), 2);
	gicv2_init_dist(DIST);
	assert_int_equal(gicd[(GICD_IGROUPR + 4) / 4], 0xffffffffu);
	assert_int_equal(gicd[(GICD_IGROUPR + 8) / 4], 0xffffffffu);
	for (unsigned i = 32; i < 96; i++)
		assert_int_equal(priority(i), 0x80);
	assert_int_equal(gicd[GICD_CTLR / 4], GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1);
}

static void test_gicv2_cpu_groups_and_priorities(void **state)
{
	uint32_t secure = 0xff00u | 1u << 29;

	attach_gic(64, 1);
	gicv2_init_cpu(DIST, CPUIF, secure, 1u << 9 | 1u << 29);
	assert_int_equal(gicd[GICD_IGROUPR / 4], ~secure);
	for (unsigned i = 0; i < 32; i++)
		assert_int_equal(priority(i), (secure >> i & 1u) ? 0x00 : 0x80);
	assert_int_equal(gicd[GICD_ISENABLER / 4], 1u << 9 | 1u << 29);
	assert_int_equal(gicc[GICC_CTLR / 4], GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_ENABLE_GRP1 |
						 GICC_CTLR_FIQEN);
	assert_int_equal(gicc[GICC_PMR / 4], 0xff);
}

/* A CPU interface that remembers an active priority from before a reset
 * (QEMU's GIC models keep GICC_APRn): the self-SGI brings it back as the
 * running priority, and one end of a group-1 ID drops it. */
static struct {
	bool sgi_pending;
	uint32_t rpr, eoirs, group1_eois;
} stale;

static uint32_t stale_read(void *ctx, uintptr_t off, unsigned width)
{
	if (off == GICC_IAR) {
		uint32_t id = stale.sgi_pending ? 9u : GIC_SPURIOUS;

		stale.sgi_pending = false;
		return id;
	}
	return off == GICC_RPR ? stale.rpr : 0;
}

static void stale_write(void *ctx, uintptr_t off, uint32_t value, unsigned width)
{
	if (off != GICC_EOIR)
		return;
	stale.eoirs++;
	if (value == 9u)
		stale.rpr = 0xd0;   /* the remembered priority is running again */
	else if (value < 8u && stale.rpr == 0xd0) {
		stale.group1_eois++;
		stale.rpr = 0xff;
	}
}

static void test_gicv2_cpu_drops_a_remembered_priority(void **state)
{
	struct fake_mmio_model cpuif = { CPUIF, 0x100, stale_read, stale_write, NULL };

	memset(gicd, 0, sizeof(gicd));
	gicd[GICD_TYPER / 4] = 1;
	fake_regfile_attach(DIST, &gicd_rf);
	fake_mmio_attach(&cpuif);
	stale.sgi_pending = false;
	stale.rpr = 0xff;
	stale.eoirs = stale.group1_eois = 0;
	/* The self-SGI: pending once GICD_SGIR is written (the register file
	 * keeps the write; the model makes it pending when asked). */
	stale.sgi_pending = true;
	gicv2_init_cpu(DIST, CPUIF, 0xff00u | 1u << 29, 1u << 9 | 1u << 29);
	assert_int_equal(gicd[GICD_SGIR / 4], GICD_SGIR_SELF | 9u);
	assert_int_equal(stale.group1_eois, 1);
	assert_int_equal(stale.rpr, 0xff);
	assert_int_equal(stale.eoirs, 2);   /* the SGI, then the one drop */
}

/* Unmasking an SPI makes it group 0, targets this CPU and raises its
 * priority, by byte: the neighbours' priorities (the normal world's) stay. */
static void test_gicv2_unmask_spi_touches_only_its_bytes(void **state)
{
	attach_gic(64, 2);
	gicd[(GICD_IGROUPR + 4) / 4] = 0xffffffffu;
	gicd[(GICD_IPRIORITYR + 40) / 4] = 0xa0a0a0a0u;
	gicd[(GICD_ITARGETSR + 40) / 4] = 0x01010101u;
	gicd[GICD_ITARGETSR / 4] = 0x02020202u;   /* this CPU is CPU 1 */
	gicv2_unmask(DIST, 41);
	assert_int_equal(gicd[(GICD_IGROUPR + 4) / 4], ~(1u << 9));
	assert_int_equal(gicd[(GICD_IPRIORITYR + 40) / 4], 0xa0a000a0u);
	assert_int_equal(gicd[(GICD_ITARGETSR + 40) / 4], 0x01010201u);
	assert_int_equal(gicd[(GICD_ISENABLER + 4) / 4], 1u << 9);
	gicv2_mask(DIST, 41);
	assert_int_equal(gicd[(GICD_IPRIORITYR + 40) / 4], 0xa0a0ffa0u);
}

static void test_gicv2_ack_hides_group1_and_spurious(void **state)
{
	uint32_t token = 0;

	attach_gic(64, 2);
	gicc[GICC_IAR / 4] = 1022;
	assert_int_equal(gicv2_ack(CPUIF, &token), GICV2_NONE);
	gicc[GICC_IAR / 4] = 1023;
	assert_int_equal(gicv2_ack(CPUIF, &token), GICV2_NONE);
	gicc[GICC_IAR / 4] = 1u << 10 | 9;   /* SGI 9 from CPU 1 */
	assert_int_equal(gicv2_ack(CPUIF, &token), 9);
	gicv2_eoi(CPUIF, token);
	assert_int_equal(gicc[GICC_EOIR / 4], 1u << 10 | 9);
	gicv2_send_sgi(DIST, GICD_SGIR_TARGET_LIST | 1u << 17, 9);
	assert_int_equal(gicd[GICD_SGIR / 4], 1u << 17 | 9);
	gicv2_set_pending(DIST, 272);
	assert_int_equal(gicd[(GICD_ISPENDR + 32) / 4], 1u << 16);
}

/* A UART model: a byte waits to be read; transmit is ready or not. */
#define UART 0x20000000u
static uint32_t uart_regs[0x100 / 4];
static struct fake_regfile uart_rf = { uart_regs, NULL, 0x100 / 4 };

static void test_pl011_init_get_put(void **state)
{
	memset(uart_regs, 0, sizeof(uart_regs));
	fake_regfile_attach(UART, &uart_rf);
	pl011_init(UART);
	assert_int_equal(uart_regs[0x30 / 4], 1u | 1u << 8 | 1u << 9);
	assert_int_equal(uart_regs[0x38 / 4], 1u << 4 | 1u << 6);
	uart_regs[0x18 / 4] = 1u << 4 | 1u << 5;   /* RX empty, TX full */
	assert_int_equal(pl011_get(UART), -1);
	assert_false(pl011_tx_ready(UART));
	uart_regs[0x18 / 4] = 0;
	uart_regs[0] = 0x141;
	assert_int_equal(pl011_get(UART), 0x41);
	assert_true(pl011_tx_ready(UART));
	pl011_put(UART, 'z');
	assert_int_equal(uart_regs[0], 'z');
}

static void test_imx_uart_init_get_put(void **state)
{
	memset(uart_regs, 0, sizeof(uart_regs));
	fake_regfile_attach(UART, &uart_rf);
	imx_uart_init(UART);
	/* Out of reset (SRST high), 8-bit words, both directions on, the
	 * receive interrupt enabled from one byte. */
	assert_int_equal(uart_regs[0x84 / 4] & 0x27u, 0x27u);
	assert_int_equal(uart_regs[0x80 / 4], 1u | 1u << 9);
	assert_int_equal(uart_regs[0x90 / 4] & 0x3fu, 1u);
	assert_int_equal(imx_uart_get(UART), -1);
	assert_false(imx_uart_tx_ready(UART));
	uart_regs[0x98 / 4] = 1u;            /* USR2.RDR */
	uart_regs[0] = 0x8000u | 'k';        /* CHARRDY | byte */
	assert_int_equal(imx_uart_get(UART), 'k');
	uart_regs[0x94 / 4] = 1u << 13;      /* USR1.TRDY */
	assert_true(imx_uart_tx_ready(UART));
	imx_uart_put(UART, '!');
	assert_int_equal(uart_regs[0x40 / 4], '!');
}

/* A deadline in the past fires at once; one beyond 2^31 ticks is clamped
 * (TVAL is signed 32-bit: the timer re-arms when it fires early). */
static void test_generic_timer_program(void **state)
{
	fake_cp15.cntpct = 1000;
	generic_timer_program(0, 1500);
	assert_int_equal(fake_cp15.cntp_tval, 500);
	assert_int_equal(fake_cp15.cntp_ctl, 1);
	generic_timer_program(0, 10);
	assert_int_equal(fake_cp15.cntp_tval, 0);
	generic_timer_program(0, 1000 + (1ull << 40));
	assert_int_equal(fake_cp15.cntp_tval, 0x7fffffffu);
	generic_timer_stop(0);
	assert_int_equal(fake_cp15.cntp_ctl, 0);
	fake_cp15.cntpct = 1ull << 33;
	assert_true(generic_timer_now(0) == 1ull << 33);
}

static void test_power_controls(void **state)
{
	static uint32_t regs[0x1000 / 4];
	static unsigned writes[0x1000 / 4];
	struct fake_regfile rf = { regs, writes, 0x1000 / 4 };

	fake_regfile_attach(UART, &rf);
	pl061_pulse(UART, 1);
	assert_int_equal(regs[0x400 / 4], 2u);
	assert_int_equal(regs[(2u << 2) / 4], 2u);     /* high last */
	assert_int_equal(writes[(2u << 2) / 4], 2u);   /* low, then high: an edge */
	memset(regs, 0, sizeof(regs));
	imx_snvs_power_off(UART, 0);
	assert_int_equal(regs[0x38 / 4], 0x60u);
	imx_wdog_reset(UART, 0);
	assert_int_equal(regs[0] & 0x14u, 0x04u);      /* WDE set, SRS clear */
}

static int run_board_driver_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_gicv2_dist_makes_every_spi_normal),
		UNIT_TEST(test_gicv2_cpu_groups_and_priorities),
		UNIT_TEST(test_gicv2_cpu_drops_a_remembered_priority),
		UNIT_TEST(test_gicv2_unmask_spi_touches_only_its_bytes),
		UNIT_TEST(test_gicv2_ack_hides_group1_and_spurious),
		UNIT_TEST(test_pl011_init_get_put),
		UNIT_TEST(test_imx_uart_init_get_put),
		UNIT_TEST(test_generic_timer_program),
		UNIT_TEST(test_power_controls),
	};

	return UNIT_RUN_GROUP("board drivers", tests, ncases);
}
UNIT_GROUP(run_board_driver_tests);
