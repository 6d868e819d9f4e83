/*
 * The Cortex-A9 MPCore global timer (PERIPHBASE + 0x200) as each CPU's
 * secure one-shot timer, for boards without the generic timer (i.MX6Q):
 * one 64-bit up-counter shared by all CPUs, and a comparator, its enable
 * and its interrupt banked per CPU (Cortex-A9 MPCore TRM, ARM DDI 0407,
 * 4.3-4.4, the global timer). The counter runs on PERIPHCLK, which only
 * the board knows: on silicon half the CPU clock, in QEMU 7.2
 * (hw/timer/a9gtimer.c) a fixed 100 MHz (10 ns a tick, prescaler 0).
 * The normal world cannot reach it while the SCU's Non-secure Access
 * Control Register keeps its reset value (TRM chapter 2, SCU): the
 * board's business, as is the GIC's routing of the PPI.
 *
 * The functions take the timer's base (PERIPHBASE + 0x200), as every
 * timer driver of drivers/timer.h does: a9_timer_now, _hz, _program, _stop.
 */
#ifndef DRIVERS_A9_TIMER_H
#define DRIVERS_A9_TIMER_H

#include <stdint.h>

/* The global timer's interrupt on each CPU: PPI 27 (GIC INTID 27). */
#define A9_TIMER_IRQ 27u

/* Once, on the boot CPU before any other call: given PERIPHCLK in Hz as
 * the board runs it, starts the shared counter if it is stopped, with
 * prescaler 0, and records the counter's rate (hz, or hz divided by the
 * prescaler a running counter was found with). The count is never reset. */
void a9_timer_init(uintptr_t base, uint32_t hz);

/* The 64-bit count, consistent across a carry from the low word. */
uint64_t a9_timer_now(uintptr_t base);
/* The rate given to a9_timer_init (0 before). */
uint32_t a9_timer_hz(uintptr_t base);
/* This CPU's interrupt when the count reaches deadline (at once if it has
 * already: r2p0 and later compare with >=); replaces any earlier one and
 * clears a pending one. */
void a9_timer_program(uintptr_t base, uint64_t deadline);
/* This CPU's comparator off and its interrupt cleared; the shared counter
 * and the other CPUs' comparators run on. */
void a9_timer_stop(uintptr_t base);

#endif
