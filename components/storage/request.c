/* Decode, then invoke (request.h). */
#include <ulib/guest_mem.h>
#include "request.h"
#include "store.h"

#define MAX_COUNT (STORAGE_DATA_MAX / STORAGE_SECTOR)

uint32_t request_decode(const volatile struct storage_req *slot, struct request *r)
{
	r->op = slot->op;
	r->sector = slot->sector;
	r->count = slot->count;
	r->seq = slot->seq;
	r->counter = slot->counter;
	r->nseg = slot->nseg;
	/* Nothing works without a data region, whatever was asked. */
	if (store_state() != STORE_READY)
		return STORAGE_ENODEV;
	switch (r->op) {
	case STORAGE_OP_INFO:
	case STORAGE_OP_FLUSH:
	case STORAGE_OP_COUNTER_GET:
	case STORAGE_OP_COUNTER_RAISE:
		return STORAGE_OK;   /* sector and count mean nothing here */
	case STORAGE_OP_READ:
	case STORAGE_OP_WRITE:
		if (r->count == 0 || r->count > MAX_COUNT)
			return STORAGE_EINVAL;
		/* In 64 bits: sector + count cannot wrap. */
		if ((uint64_t)r->sector + r->count > store_capacity())
			return STORAGE_ERANGE;
		return r->nseg <= STORAGE_SEG_MAX ? STORAGE_OK : STORAGE_EINVAL;
	default:
		return STORAGE_EINVAL;
	}
}

/* The request's data in normal RAM: its r->nseg segments, read once from
 * the slot, each checked to be 4-byte aligned, whole words and inside
 * normal RAM, and all of them count sectors together. */
static uint32_t guest_segments(const volatile struct storage_req *slot, const struct request *r,
			       struct store_seg *seg)
{
	const volatile struct storage_seg *in =
		(const volatile struct storage_seg *)((uintptr_t)slot + STORAGE_SEGS_OFFSET);
	uint32_t left = r->count * STORAGE_SECTOR;

	for (uint32_t i = 0; i < r->nseg; i++) {
		uint32_t pa = in[i].pa, len = in[i].len;
		const void *p = guest_mem_view(gpa(pa), len);

		if (!p || ((pa | len) & 3u) != 0 || len > left)
			return STORAGE_EINVAL;
		seg[i] = (struct store_seg){ (uint8_t *)(uintptr_t)p, len };
		left -= len;
	}
	return left == 0 ? STORAGE_OK : STORAGE_EINVAL;
}

uint32_t request_handle(volatile struct storage_req *slot, uint8_t *data, struct request *r)
{
	uint32_t status = request_decode(slot, r);
	struct store_seg seg[STORAGE_SEG_MAX];

	if (status == STORAGE_OK && (r->op == STORAGE_OP_READ || r->op == STORAGE_OP_WRITE)) {
		if (r->nseg)
			status = guest_segments(slot, r, seg);
		else
			seg[0] = (struct store_seg){ data, r->count * STORAGE_SECTOR };
	}
	if (status == STORAGE_OK) {
		switch (r->op) {
		case STORAGE_OP_INFO:
			slot->capacity = store_capacity();
			break;
		case STORAGE_OP_READ:
			status = store_read(r->sector, r->count, seg);
			break;
		case STORAGE_OP_WRITE:
			status = store_write(r->sector, r->count, seg);
			break;
		case STORAGE_OP_COUNTER_GET:
		case STORAGE_OP_COUNTER_RAISE: {
			/* Either answers the value the counter has now. */
			uint32_t value = 0;

			if (r->op == STORAGE_OP_COUNTER_RAISE)
				status = store_counter_raise(r->counter);
			if (status == STORAGE_OK)
				status = store_counter(&value);
			slot->counter = value;
			break;
		}
		default:
			status = store_flush();
			break;
		}
	}
	slot->status = status;
	return status;
}
