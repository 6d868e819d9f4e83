/*
 * The VMM's side of the storage component's interface
 * (include/tzvmm/storage.h): one request at a time per CPU, in that CPU's
 * slot of the shared region, answered by the storage thread of the same
 * CPU while this VMM thread waits (its vCPU stays paused).
 */
#ifndef VMM_STORAGE_CLIENT_H
#define VMM_STORAGE_CLIENT_H

#include <stdint.h>
#include <tzvmm/storage.h>

/* The shared region's address and the capability that signals the
 * storage thread of the caller's CPU; before this every call fails. */
void storage_client_init(uintptr_t shm, uint32_t cap);
/* The data buffer of this CPU's slot (STORAGE_DATA_MAX bytes), NULL
 * before storage_client_init. */
uint8_t *storage_buffer(unsigned cpu);
/* The segment list of this CPU's slot (STORAGE_SEG_MAX entries), NULL
 * before storage_client_init. */
struct storage_seg *storage_segments(unsigned cpu);
/* Carries out one request; returns its enum storage_status. For
 * STORAGE_OP_INFO, *capacity gets the size in sectors. */
uint32_t storage_call(unsigned cpu, uint32_t op, uint32_t sector, uint32_t count,
		      uint64_t *capacity);
/* A READ or WRITE whose data are in normal RAM: the first nseg entries of
 * storage_segments(cpu), which the caller filled. */
uint32_t storage_call_segs(unsigned cpu, uint32_t op, uint32_t sector, uint32_t count,
			   uint32_t nseg);
/* Waits until no slot holds a request the storage component has not
 * answered; 0, or -1 if they are not all answered within 10 s. The storage
 * component copies a request's data straight into normal RAM (the guest's
 * buffers), so a VMM restarted while its predecessor's request was being
 * served calls this before it loads the guest there: no copy of the old
 * request can land on the new images, or after they were verified. */
int storage_wait_idle(void);
/* The boot manifest's rollback counter: op STORAGE_OP_COUNTER_GET, or
 * STORAGE_OP_COUNTER_RAISE to raise_to (durable when it returns
 * STORAGE_OK); *value gets the counter's value after it. Asked at boot,
 * it waits for a storage component still mounting its medium (up to 2
 * minutes), where a request of the guest gives up after 10 s. */
uint32_t storage_counter(unsigned cpu, uint32_t op, uint32_t raise_to, uint32_t *value);

#endif
