/*
 * The block store on the medium's data region (medium.h: the secure flash,
 * or an SD card): 512-byte sectors, kept in 256 KiB logical blocks that
 * move to a fresh pool block on every write back (journal.h), a few of
 * them cached in secure RAM between writes.
 *
 * Durability (docs/storage.md): a write is in the cache when it returns;
 * store_flush writes every cached change to free pool blocks, reads them
 * back, then commits them all with one journal record. Once it returns
 * STORAGE_OK they survive a power cut at any moment. A write not yet
 * flushed may be lost, or kept, a whole 256 KiB block at a time (a block
 * the cache had to give up for another is written back on its own).
 *
 * Not thread-safe: the caller holds the storage lock (main.c).
 */
#ifndef STORAGE_STORE_H
#define STORAGE_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include "layout.h"

/* Blocks of secure RAM for the cache: 768 KiB of the component's 1 MiB. */
#define STORE_CACHE_BLOCKS 3u

enum store_state {
	STORE_UNMOUNTED,   /* store_mount not run yet (or store_forget since) */
	STORE_READY,
	STORE_NODEV,       /* the medium or its data region is unusable: see the log */
};

/* Finds the medium (medium_use), checks or formats its data region and
 * reads the journal; logs what it found in one or two lines. Every request
 * after a failure is STORAGE_ENODEV. */
enum store_state store_mount(void);
enum store_state store_state(void);
/* Capacity in sectors (0 unless ready). */
uint64_t store_capacity(void);

/* A buffer of a request's data: 4-byte aligned, a multiple of 4 bytes
 * long, not empty. */
struct store_seg {
	uint8_t *p;
	uint32_t len;
};

/* The requests, once checked (request.c): sectors inside the capacity,
 * count at most STORAGE_DATA_MAX / STORAGE_SECTOR, the data in the buffers
 * from seg on, which hold count sectors between them. Return an enum
 * storage_status. */
uint32_t store_read(uint32_t sector, uint32_t count, const struct store_seg *seg);
uint32_t store_write(uint32_t sector, uint32_t count, const struct store_seg *seg);
uint32_t store_flush(void);
/* The rollback counter of the boot manifest (docs/verified-boot.md), kept
 * in the journal: every record carries it, so it is exactly as durable as
 * the data. store_counter_raise sets it to value if that is higher and
 * returns STORAGE_OK once a record of it is on the medium; it never
 * lowers it. Both are STORAGE_ENODEV unless the store is ready. */
uint32_t store_counter(uint32_t *value);
uint32_t store_counter_raise(uint32_t value);

/* The state a power cut leaves: nothing in RAM, as at boot (the tests'
 * reboot; the thread restart after a fault mid-request). */
void store_forget(void);
/* Pool block i of the ones free now (i < LAYOUT_SPARES), as a medium
 * offset: scratch space until the next write back (the bench). */
uint32_t store_scratch_block(unsigned i);
/* A block of RAM for the bench: the cache's first slot, emptied; NULL if
 * the cache holds writes not yet flushed. */
uint32_t *store_scratch_buffer(void);
const struct layout *store_layout(void);

#endif
