/*
 * The Cortex-A9 MPCore global timer as a per-CPU one-shot timer
 * (drivers/a9_timer.h). Register facts: Cortex-A9 MPCore TRM (ARM DDI
 * 0407), 4.4 "Global timer registers". The control register mixes shared
 * bits (timer enable, prescaler) with bits banked per CPU (comparator
 * enable, IRQ enable, auto-increment), so it is always read-modify-written
 * with the shared bits as found: a CPU's stop or program never stops the
 * counter the other CPUs (and a9_timer_now) depend on, and the counter
 * itself is never written.
 */
#include <drivers/a9_timer.h>
#include <drivers/mmio.h>

#define A9_GT_COUNTER_LO 0x00u
#define A9_GT_COUNTER_HI 0x04u
#define A9_GT_CONTROL    0x08u
#define A9_GT_STATUS     0x0cu
#define A9_GT_COMP_LO    0x10u
#define A9_GT_COMP_HI    0x14u
#define A9_GT_AUTO_INC   0x18u

#define A9_GT_CTL_TIMER_EN  (1u << 0)      /* shared */
#define A9_GT_CTL_COMP_EN   (1u << 1)      /* banked */
#define A9_GT_CTL_IRQ_EN    (1u << 2)      /* banked */
#define A9_GT_CTL_AUTO_INC  (1u << 3)      /* banked */
#define A9_GT_CTL_PRESCALER (0xffu << 8)   /* shared */
#define A9_GT_CTL_BANKED    (A9_GT_CTL_COMP_EN | A9_GT_CTL_IRQ_EN | A9_GT_CTL_AUTO_INC)

/* The interrupt status register's event flag, cleared by writing 1. */
#define A9_GT_EVENT 0x1u

/* The counter's rate, as the board gave it (one global timer per SoC). */
static uint32_t a9_timer_rate;

/* The counter is started only if stopped: it may already be counting for
 * another CPU or for earlier firmware, and a running count is never reset
 * or rescaled under its readers; its rate is then PERIPHCLK divided by the
 * prescaler it runs with (TRM: a tick every prescaler + 1 PERIPHCLK). */
void a9_timer_init(uintptr_t base, uint32_t hz)
{
	uint32_t ctl = mmio_read32(base + A9_GT_CONTROL);

	if (ctl & A9_GT_CTL_TIMER_EN) {
		a9_timer_rate = hz / (((ctl & A9_GT_CTL_PRESCALER) >> 8) + 1u);
		return;
	}
	a9_timer_rate = hz;
	mmio_write32(base + A9_GT_CONTROL,
		     (ctl & ~A9_GT_CTL_PRESCALER & ~A9_GT_CTL_BANKED) | A9_GT_CTL_TIMER_EN);
}

/* PERIPHCLK cannot be read from the timer: the board's figure. */
uint32_t a9_timer_hz(uintptr_t base)
{
	(void)base;
	return a9_timer_rate;
}

/* The TRM's way to read the two halves consistently: upper, lower, upper
 * again, and start over if the upper word moved meanwhile. */
uint64_t a9_timer_now(uintptr_t base)
{
	uint32_t hi, lo, again;

	hi = mmio_read32(base + A9_GT_COUNTER_HI);
	for (;;) {
		lo = mmio_read32(base + A9_GT_COUNTER_LO);
		again = mmio_read32(base + A9_GT_COUNTER_HI);
		if (again == hi)
			break;
		hi = again;
	}
	return (uint64_t)hi << 32 | lo;
}

/* This CPU's comparator follows the TRM's order for changing it: compare
 * off, comparator written, then compare and interrupt on. The event flag
 * is cleared while compare is off, so that an event of an earlier deadline
 * does not fire the new one; a deadline already past sets it again as soon
 * as compare is on (r2p0 and later compare with >=, continuously, as QEMU's
 * model does). Auto-increment stays off, its
 * register 0 as well: older QEMU releases took the IRQ enable bit for the
 * auto-increment one (hw/timer/a9gtimer.h), harmless with an increment of 0. */
void a9_timer_program(uintptr_t base, uint64_t deadline)
{
	uint32_t ctl = mmio_read32(base + A9_GT_CONTROL) & ~A9_GT_CTL_BANKED;

	mmio_write32(base + A9_GT_CONTROL, ctl);
	mmio_write32(base + A9_GT_COMP_LO, (uint32_t)deadline);
	mmio_write32(base + A9_GT_COMP_HI, (uint32_t)(deadline >> 32));
	mmio_write32(base + A9_GT_AUTO_INC, 0);
	mmio_write32(base + A9_GT_STATUS, A9_GT_EVENT);
	mmio_write32(base + A9_GT_CONTROL, ctl | A9_GT_CTL_COMP_EN | A9_GT_CTL_IRQ_EN);
}

/* Compare and interrupt off, then the event flag cleared: the interrupt
 * drops (QEMU's line is flag AND IRQ enable) and the next event raises it
 * afresh. */
void a9_timer_stop(uintptr_t base)
{
	uint32_t ctl = mmio_read32(base + A9_GT_CONTROL) & ~A9_GT_CTL_BANKED;

	mmio_write32(base + A9_GT_CONTROL, ctl);
	mmio_write32(base + A9_GT_STATUS, A9_GT_EVENT);
}
