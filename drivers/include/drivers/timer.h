/*
 * The per-CPU secure one-shot timer drivers. Every driver `d` offers
 * d_now (a 64-bit count of this CPU's clock), d_hz (its rate), d_program
 * (an interrupt at an absolute count; a past count fires at once) and
 * d_stop, each given the timer's base; a board's description names its
 * driver (PLAT_TIMER_DRIVER, with PLAT_TIMER_BASE and PLAT_IRQ_SECURE_TIMER,
 * in plat/<board>/include/plat/memmap.h).
 */
#ifndef DRIVERS_TIMER_H
#define DRIVERS_TIMER_H

#include <stdint.h>

/* ARMv7 generic timer, secure physical (CNTP in the secure bank), through
 * CP15: the base is unused. drivers/generic_timer.c */
uint64_t generic_timer_now(uintptr_t unused);
uint32_t generic_timer_hz(uintptr_t unused);
void generic_timer_program(uintptr_t unused, uint64_t deadline);
void generic_timer_stop(uintptr_t unused);

#endif
