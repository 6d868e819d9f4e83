/*
 * The VMM's side of the storage component's interface
 * (include/tzvmm/storage.h): one request at a time per CPU, in that CPU's
 * slot of the shared region, answered by the storage thread of the same
 * CPU while this VMM thread waits (its vCPU stays paused, unless the
 * exit was answered first: storage_resume_on_wait).
 */
#ifndef VMM_STORAGE_CLIENT_H
#define VMM_STORAGE_CLIENT_H

#include <stdbool.h>
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
/* The answer to the exit of cpu's vCPU is in its state block: the next
 * wait for the storage component on cpu's thread resumes that vCPU too,
 * which so runs on while its request is served (whenever the storage
 * thread, which outranks it, sleeps: a flash operation's polls) and
 * learns of the completion by the device's interrupt. Its next exit
 * waits until the thread is done. */
void storage_resume_on_wait(unsigned cpu);
/* Whether a wait resumed cpu's vCPU since storage_resume_on_wait (then
 * the exit is answered: no resume, no result); disarms either way. */
bool storage_resumed(unsigned cpu);
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
