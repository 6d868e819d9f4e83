/*
 * Traced image only: the per-CPU record ring (trace_ring.h). Lock-free
 * between its one producer and the consumers: a record is written before
 * head (or open) is released past it, and a slot is reused only after tail
 * has been released past it (acquire/release pairs; dmb on ARMv7).
 */
#include "trace_ring.h"

static inline uint32_t load_acquire(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void store_release(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

bool trace_ring_open(struct trace_ring *r, struct trace_rec rec)
{
	rec.seq = r->seq++;
	if (r->open) {
		r->lost++;   /* an exit neither resumed nor written out */
		store_release(&r->open, 0);
	}
	if (r->head - load_acquire(&r->tail) >= TRACE_RING_SLOTS) {
		r->lost++;
		return false;
	}
	r->slot[r->head % TRACE_RING_SLOTS] = rec;
	store_release(&r->open, 1);
	return true;
}

struct trace_rec *trace_ring_current(struct trace_ring *r)
{
	return load_acquire(&r->open) ? &r->slot[r->head % TRACE_RING_SLOTS] : 0;
}

void trace_ring_publish(struct trace_ring *r)
{
	if (!r->open)
		return;
	r->open = 0;
	store_release(&r->head, r->head + 1);
}

bool trace_ring_take(struct trace_ring *r, struct trace_rec *out)
{
	uint32_t tail = r->tail;

	if (load_acquire(&r->head) == tail)
		return false;
	*out = r->slot[tail % TRACE_RING_SLOTS];
	store_release(&r->tail, tail + 1);
	return true;
}

uint32_t trace_ring_count(const struct trace_ring *r)
{
	return load_acquire(&r->head) - load_acquire(&r->tail);
}
