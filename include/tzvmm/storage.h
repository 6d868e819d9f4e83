/*
 * The VMM <-> storage component interface (components/storage): block
 * requests on the secure flash's data region, in shared memory.
 *
 * The shared region 'storage' (component.conf `shared-memory storage
 * STORAGE_SHM_KIB` in both) holds one slot per CPU. VMM thread i fills
 * slot i (struct storage_req, then the data at STORAGE_DATA_OFFSET),
 * signals storage thread i (STORAGE_SIG_REQUEST through `cap storage
 * signal storage.cpu`), and waits for VMM_SIG_STORAGE; the storage
 * thread answers in the same slot and signals back (`cap vmm signal
 * vmm.cpu`). One request per slot at a time; the storage component
 * serialises the flash itself.
 *
 * The data of a READ or WRITE is either in the slot (nseg 0) or straight
 * in normal RAM: nseg segments (struct storage_seg at STORAGE_SEGS_OFFSET
 * of the slot), which the storage component copies from or into itself
 * (it maps normal RAM, `memory ns-ram`), so a byte of the disk is copied
 * once on its way between the flash and the normal world. Each segment is
 * 4-byte aligned, a multiple of 4 bytes long and inside normal RAM; they
 * add up to count sectors. Anything else is STORAGE_EINVAL, nothing copied.
 *
 * Durability: a WRITE that returned STORAGE_OK may still be cached; after
 * a FLUSH returned STORAGE_OK every earlier acknowledged write survives a
 * power cut at any moment, including during an erase (docs/storage.md).
 */
#ifndef TZVMM_STORAGE_H
#define TZVMM_STORAGE_H

#include <stdint.h>
#include <tzvmm/limits.h>

#define STORAGE_SECTOR        512u
#define STORAGE_SLOTS         TZVMM_MAX_CPUS           /* one per CPU */
#define STORAGE_DATA_OFFSET   4096u                    /* from the slot's start */
#define STORAGE_DATA_MAX      0x40000u                 /* bytes per request: 256 KiB */
#define STORAGE_SLOT_SIZE     (STORAGE_DATA_OFFSET + STORAGE_DATA_MAX)
#define STORAGE_SHM_KIB       (STORAGE_SLOTS * STORAGE_SLOT_SIZE / 1024u)   /* 2080 */
#define STORAGE_SEGS_OFFSET   64u                      /* from the slot's start */
#define STORAGE_SEG_MAX       256u                     /* segments per request */

enum storage_op {
	STORAGE_OP_INFO = 0,    /* -> capacity */
	STORAGE_OP_READ = 1,    /* sector, count -> data */
	STORAGE_OP_WRITE = 2,   /* sector, count, data */
	STORAGE_OP_FLUSH = 3,   /* every acknowledged write made durable */
	/* The boot manifest's rollback counter (docs/verified-boot.md), which
	 * only the VMM's own boot asks for: never a request of the guest. */
	STORAGE_OP_COUNTER_GET = 4,     /* -> counter */
	STORAGE_OP_COUNTER_RAISE = 5,   /* counter: raised to it (never lowered), durable */
};

enum storage_status {
	STORAGE_OK = 0,
	STORAGE_EINVAL = 1,     /* unknown op, count 0 or too large */
	STORAGE_ERANGE = 2,     /* beyond the capacity */
	STORAGE_EIO = 3,        /* the flash reported an error */
	STORAGE_ENODEV = 4,     /* no usable flash (layout mismatch: see the log) */
};

/* At the start of each slot. The VMM writes op, sector, count and seq;
 * the storage component writes status, capacity and last done_seq = seq. */
struct storage_req {
	uint32_t op;
	uint32_t sector;         /* 512-byte sectors from the data region's start */
	uint32_t count;          /* sectors, 1 .. STORAGE_DATA_MAX / STORAGE_SECTOR */
	uint32_t seq;
	uint32_t status;
	uint32_t done_seq;
	uint64_t capacity;       /* STORAGE_OP_INFO: sectors */
	uint32_t counter;        /* STORAGE_OP_COUNTER_*: in (raise) and out */
	uint32_t nseg;           /* READ, WRITE: 0 (data in the slot) .. STORAGE_SEG_MAX */
};

/* A piece of a READ's or WRITE's data in normal RAM. */
struct storage_seg {
	uint32_t pa;             /* normal-world physical address */
	uint32_t len;            /* bytes */
};

_Static_assert(sizeof(struct storage_req) <= STORAGE_SEGS_OFFSET &&
	       STORAGE_SEGS_OFFSET + STORAGE_SEG_MAX * sizeof(struct storage_seg) <=
	       STORAGE_DATA_OFFSET, "the request and its segments fit before the data");

#endif
