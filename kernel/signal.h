/* Signals: the one way threads wake each other (kernel/signal.c) */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <stdint.h>
#include "thread.h"

void signal_send(struct thread *t, uint32_t bits);

/* Takes (clears and returns) the pending signals of t that are in mask. */
static inline uint32_t signal_take(struct thread *t, uint32_t mask)
{
	uint32_t got = t->pending & mask;

	t->pending &= ~got;
	return got;
}

#endif
