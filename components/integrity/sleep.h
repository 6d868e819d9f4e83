/* The integrity monitor's waits (sleep.c). */
#ifndef INTEGRITY_SLEEP_H
#define INTEGRITY_SLEEP_H

#include <stdint.h>

/* Waits ticks of the secure timer (at least one), in as many timers as
 * SYS_TIMER's bound needs. Returns 0, or -1 if the kernel refused a timer
 * (logged; the wait then ends early rather than never). */
int integrity_sleep(uint64_t ticks);

#endif
