/*
 * Traced image only: one CPU's ring of world-switch records.
 *
 * One producer, the CPU that owns the ring: it opens the slot at head when
 * its vCPU exits, fills it while the exit is handled, and publishes it when
 * the vCPU resumes. Consumers (the CPU itself, or the CPU that powers the
 * machine off) take published records from tail under the ring's own lock.
 * head and tail only grow (indices modulo TRACE_RING_SLOTS), so head - tail
 * is the number of published records even across wrap-around. A full ring
 * loses the new record, never an old one, and counts it.
 */
#ifndef KERNEL_TRACEHOOKS_TRACE_RING_H
#define KERNEL_TRACEHOOKS_TRACE_RING_H

#include <stdbool.h>
#include <stdint.h>
#include <lib/spinlock.h>

#define TRACE_RING_SLOTS 256u   /* a power of two; 8 KiB per CPU */

/* How the exit was handled (trace_rec.path). */
enum trace_path {
	TRACE_PATH_FAST = 'f',      /* the kernel entered the handler thread directly */
	TRACE_PATH_GENERAL = 'g',   /* signal_send + sched_dispatch */
	TRACE_PATH_KERNEL = 'k',    /* handled in the kernel (FIQ): no component ran */
	TRACE_PATH_ANSWERED = 'a',  /* answered by the kernel's fast path (a pure query) */
};

/* trace_rec.flags */
#define TRACE_FLAG_RESTART  0x1u   /* resumed at a fresh entry (CPU_ON, reset), not a return */
#define TRACE_FLAG_NORESUME 0x2u   /* written out at power off, never resumed */

/* One exit of the normal world, from the kernel's entry to its resume. */
struct trace_rec {
	uint64_t t_exit;     /* generic counter (CNTPCT) when the kernel was entered */
	uint32_t ticks;      /* counter ticks until the vCPU was entered again */
	uint32_t seq;        /* per-CPU exit number: a gap means lost records */
	uint32_t fid;        /* r0 of an SMC (SMCCC function id); 0 for an FIQ */
	uint32_t result;     /* r0 the normal world resumed with */
	uint32_t handler;    /* the VMM's handler (its address in the VMM), 0 = none */
	uint8_t cpu;
	uint8_t reason;      /* enum vcpu_exit_reason */
	uint8_t path;        /* enum trace_path */
	uint8_t flags;       /* TRACE_FLAG_* */
};

struct trace_ring {
	uint32_t head;       /* next slot to open; written by the producer only */
	uint32_t tail;       /* next record to take; written under lock only */
	uint32_t seq;        /* next exit number */
	uint32_t lost;       /* records lost to a full ring */
	uint32_t lost_told;  /* lost records already reported */
	uint32_t open;       /* 1: slot head holds an exit not yet resumed */
	spinlock_t lock;     /* serialises consumers */
	struct trace_rec slot[TRACE_RING_SLOTS];
};

/* Producer: stores rec (its seq set here) as the open record; false if
 * the ring is full (the exit is counted as lost). A record still open is
 * replaced and counted as lost. */
bool trace_ring_open(struct trace_ring *r, struct trace_rec rec);
/* Producer, or a consumer at power off: the open record, or NULL. */
struct trace_rec *trace_ring_current(struct trace_ring *r);
/* Producer: publishes the open record. */
void trace_ring_publish(struct trace_ring *r);
/* Consumer (lock held): takes the oldest published record into *out. */
bool trace_ring_take(struct trace_ring *r, struct trace_rec *out);
/* Published records not yet taken. */
uint32_t trace_ring_count(const struct trace_ring *r);

#endif
