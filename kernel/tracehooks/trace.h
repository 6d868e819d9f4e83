/*
 * Traced image only: the world-switch tracer's state and how its records
 * leave the secure world. Each CPU records its own exits in its ring
 * (trace_ring.h); records are written out as "[trace] " lines on the
 * secure log, in batches, at moments that are not part of any record:
 * when a vCPU resumes and its ring holds TRACE_DRAIN_AT records, when a
 * CPU goes idle, and at power off. A line costs about 50 characters on
 * the UART (on QEMU each is a write to the log file: ~1.5 us), so the
 * format is terse. Every number is hex, without leading zeros:
 *
 *   H <version> <counter Hz>                      once, before any record
 *   <cpu> <t_exit> <R><P> <fid> <ticks> <r0> <handler> [r|n]   one exit
 *   D <cpu> <t_start> <ticks> <records>           a batch was written out
 *   L <cpu> <records lost in all>                 the ring was full
 *
 * R is S (SMC) or F (FIQ), P the path (enum trace_path); ticks and r0 are
 * "-" for an exit never resumed (flag n); flag r marks a resume at a fresh
 * entry (CPU_ON), whose ticks span the time the vCPU was off.
 */
#ifndef KERNEL_TRACEHOOKS_TRACE_H
#define KERNEL_TRACEHOOKS_TRACE_H

#include "../kernel.h"
#include "trace_ring.h"

#define TRACE_FORMAT_VERSION 1u
#define TRACE_DRAIN_AT 32u   /* records per batch: amortises the line cost */

struct tracer {
	struct trace_ring rings[KERNEL_MAX_CPUS];
	uint32_t header_told;   /* the H line was written */
};

extern struct tracer tracer;

/* Writes out CPU cpu's published records (and, at power off, its open
 * one) as log lines. */
void trace_drain(unsigned cpu, bool power_off);
/* One record as the text after "[trace] " (not terminated); returns its
 * length, at most TRACE_LINE_MAX. */
#define TRACE_LINE_MAX 64u
size_t trace_format(char *buf, const struct trace_rec *rec);

#endif
