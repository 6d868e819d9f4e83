/*
 * virtio-blk (virtio 1.x, 5.2) on the storage component: read, write,
 * flush and get-id, one request per chain. A chain is a 16-byte header
 * the device reads, data buffers (device-writable for a read, readable
 * for a write), and a one-byte status the device writes, in that order.
 * A chain of another shape, a length not a whole number of sectors, or a
 * range beyond the capacity fails that request (VIRTIO_BLK_S_IOERR when
 * its status byte can be written, else the queue is broken); a malformed
 * ring breaks the queue (DEVICE_NEEDS_RESET).
 */
#include <lib/string.h>
#include <tzvmm/virtio_smc.h>
#include <ulib/guest_mem.h>
#include <ulib/sys.h>
#include "../storage_client.h"
#include "virtio.h"
#include "virtio_blk.h"

#define VIRTIO_ID_BLOCK        2u
#define VIRTIO_BLK_F_SEG_MAX   2u
#define VIRTIO_BLK_F_BLK_SIZE  6u
#define VIRTIO_BLK_F_FLUSH     9u

#define VIRTIO_BLK_T_IN        0u
#define VIRTIO_BLK_T_OUT       1u
#define VIRTIO_BLK_T_FLUSH     4u
#define VIRTIO_BLK_T_GET_ID    8u
#define VIRTIO_BLK_S_OK        0u
#define VIRTIO_BLK_S_IOERR     1u
#define VIRTIO_BLK_S_UNSUPP    2u
#define VIRTIO_BLK_ID_BYTES    20u

/* Buffers of one request: header, up to SEG_MAX data buffers, status. */
#define BLK_SEG_MAX  (VIRTIO_QUEUE_MAX - 2u)
#define BLK_BUFS     (BLK_SEG_MAX + 2u)

static uint64_t capacity;   /* sectors; 0 until the storage answered (under the lock) */

struct blk_header {
	uint32_t type, reserved;
	uint64_t sector;
};

/* The disk's size in sectors, asked of the storage component once per
 * device reset; 0 (a disk with no sectors) while it cannot answer. Under
 * the device's lock. */
static uint64_t blk_capacity(unsigned cpu)
{
	if (!capacity && storage_call(cpu, STORAGE_OP_INFO, 0, 0, &capacity) != STORAGE_OK)
		capacity = 0;
	return capacity;
}

static void blk_reset(struct virtio_dev *d)
{
	(void)d;
	capacity = 0;
}

static void blk_config(struct virtio_dev *d, uint8_t *cfg)
{
	uint32_t seg_max = BLK_SEG_MAX, blk_size = STORAGE_SECTOR;
	uint64_t sectors = blk_capacity(d->cpu);

	memset(cfg, 0, VIRTIO_BLK_CONFIG_LEN);
	memcpy(cfg + 0, &sectors, 8);   /* capacity, little-endian */
	memcpy(cfg + 12, &seg_max, 4);
	memcpy(cfg + 20, &blk_size, 4);
}

_Static_assert(BLK_SEG_MAX <= STORAGE_SEG_MAX, "a request's buffers fit a storage request");

/* Whether the storage component can copy the data straight between the
 * disk and the guest's buffers (storage.h): every buffer whole words,
 * 4-byte aligned, inside normal RAM. Linux's always are; another guest's
 * take the way through the slot. */
static bool blk_direct(const struct virtq_buf *bufs, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (((gpa_raw(bufs[i].addr) | bufs[i].len) & 3u) != 0 ||
		    guest_mem_check(bufs[i].addr, bufs[i].len) != 0)
			return false;
	return true;
}

/* Moves the data of a read (to_guest) or write between the guest's
 * buffers and the disk, STORAGE_DATA_MAX bytes at a time: each round is
 * one storage request. Direct (blk_direct): the request names the
 * buffers, and the storage component copies each byte once. Else the
 * data go through the slot: a copy each way. sectors is the capacity.
 * Returns a VIRTIO_BLK_S_ status. */
static uint32_t blk_transfer(unsigned cpu, const struct virtq_buf *bufs, unsigned n,
			     uint64_t sectors, uint64_t sector, bool to_guest, uint32_t *written)
{
	uint8_t *slot = storage_buffer(cpu);
	struct storage_seg *seg = storage_segments(cpu);
	uint64_t total = 0;
	unsigned b = 0;
	uint32_t off = 0;   /* into bufs[b] */
	bool direct = blk_direct(bufs, n);

	for (unsigned i = 0; i < n; i++) {
		if (bufs[i].writable != to_guest)
			return VIRTIO_BLK_S_IOERR;   /* data the wrong way */
		total += bufs[i].len;
	}
	if (total == 0 || total % STORAGE_SECTOR || sector > sectors ||
	    total / STORAGE_SECTOR > sectors - sector)
		return VIRTIO_BLK_S_IOERR;
	while (total) {
		uint32_t chunk = total > STORAGE_DATA_MAX ? STORAGE_DATA_MAX : (uint32_t)total;
		uint32_t count = chunk / STORAGE_SECTOR, done = 0, nseg = 0;

		if (to_guest && !direct && storage_call(cpu, STORAGE_OP_READ, (uint32_t)sector,
							count, NULL) != STORAGE_OK)
			return VIRTIO_BLK_S_IOERR;
		while (done < chunk) {
			uint32_t len = bufs[b].len - off;
			gpa_t at = gpa_add(bufs[b].addr, off);
			int r = 0;

			if (len > chunk - done)
				len = chunk - done;
			if (direct)
				seg[nseg++] = (struct storage_seg){ gpa_raw(at), len };
			else
				r = to_guest ? guest_mem_write(at, slot + done, len) :
					       guest_mem_read(slot + done, at, len);
			if (r != 0)
				return VIRTIO_BLK_S_IOERR;
			done += len;
			off += len;
			if (off == bufs[b].len) {
				b++;
				off = 0;
			}
		}
		if ((direct || !to_guest) &&
		    storage_call_segs(cpu, to_guest ? STORAGE_OP_READ : STORAGE_OP_WRITE,
				      (uint32_t)sector, count, nseg) != STORAGE_OK)
			return VIRTIO_BLK_S_IOERR;
		if (to_guest)
			*written += chunk;
		sector += count;
		total -= chunk;
	}
	return VIRTIO_BLK_S_OK;
}

static uint32_t blk_get_id(const struct virtq_buf *bufs, unsigned n, uint32_t *written)
{
	static const char id[VIRTIO_BLK_ID_BYTES] = "tzvmm-secure-flash0";
	uint32_t len;

	if (n != 1 || !bufs[0].writable)
		return VIRTIO_BLK_S_IOERR;
	len = bufs[0].len < VIRTIO_BLK_ID_BYTES ? bufs[0].len : VIRTIO_BLK_ID_BYTES;
	if (guest_mem_write(bufs[0].addr, id, len) != 0)
		return VIRTIO_BLK_S_IOERR;
	*written += len;
	return VIRTIO_BLK_S_OK;
}

/* One chain: returns the bytes written into it, or -1 if not even its
 * status byte can be written (then the queue is broken). */
int virtio_blk_request(unsigned cpu, const struct virtq_buf *bufs, unsigned n, uint64_t sectors)
{
	struct blk_header h;
	const struct virtq_buf *st;
	uint32_t written = 0, status;

	if (n < 2)
		return -1;
	st = &bufs[n - 1];
	if (!st->writable)
		return -1;
	if (bufs[0].writable || bufs[0].len < sizeof(h) ||
	    guest_mem_read(&h, bufs[0].addr, sizeof(h)) != 0) {
		status = VIRTIO_BLK_S_IOERR;
	} else {
		switch (h.type) {   /* h is our copy: read once */
		case VIRTIO_BLK_T_IN:
		case VIRTIO_BLK_T_OUT:
			status = blk_transfer(cpu, bufs + 1, n - 2, sectors, h.sector,
					      h.type == VIRTIO_BLK_T_IN, &written);
			break;
		case VIRTIO_BLK_T_FLUSH:
			status = n == 2 && storage_call(cpu, STORAGE_OP_FLUSH, 0, 0, NULL) ==
					   STORAGE_OK ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
			break;
		case VIRTIO_BLK_T_GET_ID:
			status = blk_get_id(bufs + 1, n - 2, &written);
			break;
		default:
			status = VIRTIO_BLK_S_UNSUPP;
			break;
		}
	}
	uint8_t s = (uint8_t)status;

	/* The status is the last byte of the last buffer (5.2.6). */
	if (guest_mem_write(gpa_add(st->addr, st->len - 1u), &s, 1) != 0)
		return -1;
	return (int)(written + 1u);
}

/* (d->cpu is a VMM thread's index, below TZVMM_MAX_CPUS.) */
_Static_assert(STORAGE_SLOTS == TZVMM_MAX_CPUS, "a storage slot per VMM thread");

/* The capacity as each VMM thread's kick found it: its chains are served
 * without the lock, which a reset takes to clear the capacity. */
static uint64_t kick_sectors[STORAGE_SLOTS];

static int64_t blk_serve(struct virtio_dev *d, unsigned cpu, const struct virtq_buf *b,
			 unsigned n)
{
	(void)d;
	return virtio_blk_request(cpu, b, n, kick_sectors[cpu]);
}

static void blk_notify(struct virtio_dev *d, unsigned qi)
{
	static struct virtq_buf bufs[STORAGE_SLOTS][BLK_BUFS];   /* one per VMM thread */

	kick_sectors[d->cpu] = blk_capacity(d->cpu);
	virtq_serve_kick(d, qi, bufs[d->cpu], BLK_BUFS, blk_serve);
}

const struct virtio_ops virtio_blk_ops = {
	.device_id = VIRTIO_ID_BLOCK,
	.features = (1ull << VIRTIO_F_VERSION_1) | (1ull << VIRTIO_BLK_F_SEG_MAX) |
		    (1ull << VIRTIO_BLK_F_BLK_SIZE) | (1ull << VIRTIO_BLK_F_FLUSH),
	.nqueues = 1,
	.config_len = VIRTIO_BLK_CONFIG_LEN,
	.serve_unlocked = true,
	.config = blk_config,
	.notify = blk_notify,
	.reset = blk_reset,
};
