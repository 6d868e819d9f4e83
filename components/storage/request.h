/*
 * One request of the VMM, from its slot of the shared region
 * (include/tzvmm/storage.h): each field is read once, checked, and only
 * then carried out (store.h). Anything the VMM may write meanwhile is not
 * read again.
 */
#ifndef STORAGE_REQUEST_H
#define STORAGE_REQUEST_H

#include <stdint.h>
#include <tzvmm/storage.h>

/* The fields as read, and what they ask. */
struct request {
	uint32_t op, sector, count, seq, counter, nseg;
};

/* Reads slot's fields into *r and checks them: STORAGE_OK, or the status
 * to answer without doing anything. */
uint32_t request_decode(const volatile struct storage_req *slot, struct request *r);
/* Carries out the request: the data go to or come from data
 * (STORAGE_DATA_MAX bytes, 4-byte aligned), or the normal RAM its segments
 * name (guest_mem.h: the component's view of normal RAM); writes status and, for
 * STORAGE_OP_INFO, capacity (STORAGE_OP_COUNTER_*, counter) into the slot.
 * Returns the status. The caller then publishes done_seq = r.seq. */
uint32_t request_handle(volatile struct storage_req *slot, uint8_t *data, struct request *r);

#endif
