/* Decode, then invoke (request.h). */
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
		return STORAGE_OK;
	default:
		return STORAGE_EINVAL;
	}
}

uint32_t request_handle(volatile struct storage_req *slot, uint8_t *data, struct request *r)
{
	uint32_t status = request_decode(slot, r);

	if (status == STORAGE_OK) {
		switch (r->op) {
		case STORAGE_OP_INFO:
			slot->capacity = store_capacity();
			break;
		case STORAGE_OP_READ:
			status = store_read(r->sector, r->count, data);
			break;
		case STORAGE_OP_WRITE:
			status = store_write(r->sector, r->count, data);
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
