/* The secure log and console (kernel/log.c) */
#ifndef KERNEL_LOG_H
#define KERNEL_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "logstream.h"

/* The secure log and console. Each call queues its record whole
 * (or drops it, counted, if the ring is full) in bounded time; the UART
 * gets the bytes in log_drain() or log_flush(). */
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_write_line(const char *prefix, const char *buf, size_t len);
/* A record whose text is copied in pieces, outside the kernel lock with
 * FIQs open (the system calls' text, whose size the caller sets; SYS_LOG,
 * SYS_CONSOLE_WRITE): reserve its room (false: dropped, and counted), fill
 * text from src (len as reserved) starting at off until all is in or an
 * FIQ came (returns how far it got: the caller handles the FIQ and calls
 * again; with progress, at least a piece is copied, so that a stream of
 * FIQs cannot stop the copy), then commit it. LOG_REC_CONSOLE's bytes are filtered
 * on their way out (logstream.h). The drain waits at a record reserved
 * and not committed: commit it soon. */
bool log_reserve(enum log_rec kind, const char *prefix, size_t plen, size_t len,
		 struct log_slot *slot);
size_t log_fill(const struct log_slot *slot, size_t off, const char *src, bool progress);
void log_commit(const struct log_slot *slot);
/* True if records wait for the UART (no lock: a hint for the dispatcher,
 * inline on every entry into the normal world). */
extern struct log_stream secure_log;
static inline bool log_pending(void)
{
	return log_stream_pending(&secure_log);
}
/* Writes queued records to the UART, outside the kernel lock, with FIQs
 * open, until no more than keep bytes are left (0: none; DONE; while
 * another CPU writes, this one waits for it) or an FIQ arrives (STOPPED:
 * it is deferred, pending, for the caller to handle). */
enum log_drain { LOG_DRAIN_DONE, LOG_DRAIN_STOPPED };
enum log_drain log_drain(uint32_t keep);
/* Past this, the threads that act for the normal world (its vCPUs'
 * handlers) also drain before they run: a storm of their lines (a VMM
 * that faults at once on every restart) never reaches a vCPU entry or an
 * idle CPU, where the log is otherwise written out. */
#define LOG_HIGH_WATER (LOG_RING_SIZE / 2u)
/* Writes every queued record out before it returns (power off, reset, the
 * tracer's batches): waits for another CPU's drain, with FIQs masked. */
void log_flush(void);

#endif
