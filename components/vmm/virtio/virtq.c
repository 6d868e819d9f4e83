/*
 * Split virtqueues in normal RAM (virtio 1.x, 2.7), from the device's
 * side. The driver owns the memory and may change it at any time from
 * another CPU, so every field is copied once with guest_mem and checked
 * on the copy: ring indices against the queue size, descriptor indices
 * against it, chains against their length (a chain longer than the queue
 * has a loop), addresses and lengths against normal RAM without wrap.
 */
#include <ulib/guest_mem.h>
#include <tzvmm/virtio_smc.h>
#include "virtio.h"

#define DESC_SIZE 16u

/* The ring layout of a queue of n entries (2.7.5-2.7.8), no event index. */
static uint32_t avail_size(uint32_t n)
{
	return 4u + 2u * n + 2u;
}

static uint32_t used_size(uint32_t n)
{
	return 4u + 8u * n + 2u;
}

bool virtq_valid(const struct virtq *q)
{
	return q->num >= 1 && q->num <= VIRTIO_QUEUE_MAX && q->high == 0 &&
	       (gpa_raw(q->desc) & 15u) == 0 && (gpa_raw(q->avail) & 1u) == 0 &&
	       (gpa_raw(q->used) & 3u) == 0 &&
	       guest_mem_check(q->desc, DESC_SIZE * q->num) == 0 &&
	       guest_mem_check(q->avail, avail_size(q->num)) == 0 &&
	       guest_mem_check(q->used, used_size(q->num)) == 0;
}

static int read16(gpa_t pa, uint16_t *v)
{
	return guest_mem_read(v, pa, 2);
}

/* Little-endian fields: this machine and the driver's. */
struct vdesc {
	uint32_t addr_lo, addr_hi, len;
	uint16_t flags, next;
};
_Static_assert(sizeof(struct vdesc) == DESC_SIZE, "virtq_desc layout");

unsigned virtq_kick_chains(const struct virtq *q)
{
	uint16_t avail_idx, pending;

	if (!q->ready || read16(gpa_add(q->avail, 2u), &avail_idx) != 0)
		return 1;
	pending = (uint16_t)(avail_idx - q->last_avail);
	return pending > q->num ? 1u : pending;
}

enum virtq_result virtq_pop(struct virtq *q, uint16_t *head, struct virtq_buf *bufs,
			    unsigned max, unsigned *n)
{
	uint16_t avail_idx, idx;

	*n = 0;
	if (!q->ready || read16(gpa_add(q->avail, 2u), &avail_idx) != 0)
		return VIRTQ_BAD;
	uint16_t pending = (uint16_t)(avail_idx - q->last_avail);

	if (pending == 0)
		return VIRTQ_NONE;
	if (pending > q->num)
		return VIRTQ_BAD;   /* the driver's index jumped */
	/* The ring entry only after the index that published it. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (read16(gpa_add(q->avail, 4u + 2u * (q->last_avail % q->num)), &idx) != 0 ||
	    idx >= q->num)
		return VIRTQ_BAD;
	*head = idx;
	for (unsigned count = 0;; count++) {
		struct vdesc d;

		if (count == q->num || count == max)
			return VIRTQ_BAD;   /* a loop, or more than the device takes */
		if (guest_mem_read(&d, gpa_add(q->desc, DESC_SIZE * idx), DESC_SIZE) != 0)
			return VIRTQ_BAD;
		if ((d.flags & VIRTQ_DESC_F_INDIRECT) || d.addr_hi != 0 ||
		    guest_mem_check(gpa(d.addr_lo), d.len) != 0)
			return VIRTQ_BAD;
		bufs[count] = (struct virtq_buf){ gpa(d.addr_lo), d.len,
						  (d.flags & VIRTQ_DESC_F_WRITE) != 0 };
		*n = count + 1;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			break;
		if (d.next >= q->num)
			return VIRTQ_BAD;
		idx = d.next;
	}
	q->last_avail++;
	return VIRTQ_OK;
}

int virtq_push(struct virtq *q, uint16_t head, uint32_t written)
{
	struct { uint32_t id, len; } elem = { head, written };
	uint16_t next = (uint16_t)(q->used_idx + 1u);

	if (guest_mem_write(gpa_add(q->used, 4u + 8u * (q->used_idx % q->num)), &elem,
			    sizeof(elem)) != 0)
		return -1;
	/* The element before the index that publishes it. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	if (guest_mem_write(gpa_add(q->used, 2u), &next, 2) != 0)
		return -1;
	q->used_idx = next;
	return 0;
}

void virtq_serve_kick(struct virtio_dev *d, unsigned qi, struct virtq_buf *bufs, unsigned max,
		      virtq_serve_fn serve)
{
	struct virtq *q = &d->q[qi];
	const unsigned cpu = d->cpu;   /* (d->cpu changes once the lock is free) */
	bool used = false;

	for (unsigned chains = virtq_kick_chains(q); chains > 0; chains--) {
		uint16_t head;
		unsigned n;
		enum virtq_result r = virtq_pop(q, &head, bufs, max, &n);
		int64_t written = -1;

		if (r == VIRTQ_NONE)
			break;
		if (r == VIRTQ_OK && d->ops->serve_unlocked) {
			const uint32_t generation = d->generation;

			/* The chain is this thread's alone now: popped, its
			 * buffers copied into bufs. */
			spin_unlock(&d->lock);
			written = serve(d, cpu, bufs, n);
			spin_lock(&d->lock);
			if (d->generation != generation)
				return;   /* the driver reset the device meanwhile, or it failed */
		} else if (r == VIRTQ_OK) {
			written = serve(d, cpu, bufs, n);
		}
		if (written < 0 || virtq_push(q, head, (uint32_t)written) != 0) {
			virtio_dev_fail(d);
			return;
		}
		used = true;
	}
	if (used)
		virtio_dev_interrupt(d, VIRTIO_MMIO_INT_VRING);
}
