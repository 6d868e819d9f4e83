/*
 * virtio-console (virtio 1.x, 5.3), one port, on the secure console: what
 * the driver transmits goes to the secure UART (SYS_CONSOLE_WRITE), where
 * the kernel marks it as the normal world's (kernel/logstream.h), what
 * the UART receives fills the driver's receive
 * buffers (SYS_CONSOLE_READ). So the normal world's hvc0 passes only
 * through the secure world. Queue 0 is receiveq, queue 1 transmitq.
 */
#include <lib/string.h>
#include <tzvmm/virtio_smc.h>
#include <ulib/guest_mem.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "../diag.h"
#include "virtio_console.h"

#define VIRTIO_ID_CONSOLE 3u
#define RX_QUEUE 0u
#define TX_QUEUE 1u
#define BUFS     8u           /* buffers per chain the device takes */

/* Received bytes the driver has no buffer for yet; more are dropped (a
 * terminal's typing, not a stream). Under the device's lock. */
static struct {
	uint8_t data[1024];
	uint32_t head, len;
} rx;

static void console_config(struct virtio_dev *d, uint8_t *cfg)
{
	(void)d;
	(void)cfg;   /* no configuration fields without F_SIZE or F_MULTIPORT */
}

/* The most of one transmit chain that goes to the secure console: what the
 * kernel's log ring takes of console output (kernel/logstream.h). Linux's
 * virtio_console sends a page at a time. */
#define CHAIN_MAX (12u * 1024u)

/* Sends a transmit chain to the secure console; false if it is malformed.
 * The normal world sets the size of its buffers (one of 1 GiB would be 4
 * million calls, and the UART's pace for hours on this CPU, which the
 * secure threads below the VMM's priority need): what is past CHAIN_MAX,
 * or past a piece the kernel drops (its ring full), is dropped without a
 * system call. Output that cannot be shown now is worth nothing later.
 * The drop is reported, within the bound on diagnostics (diag.h). */
static bool console_transmit(const struct virtq_buf *b, unsigned n)
{
	/* Word aligned: the kernel copies it into its log's ring by words. */
	uint8_t chunk[SYS_CONSOLE_MAX] __attribute__((aligned(4)));
	uint64_t dropped = 0;
	uint32_t sent = 0;

	for (unsigned i = 0; i < n; i++) {
		uint32_t off = 0;

		if (b[i].writable)
			return false;
		while (!dropped && off < b[i].len) {
			uint32_t len = b[i].len - off;
			int32_t w;

			if (len > sizeof(chunk))
				len = sizeof(chunk);
			if (len > CHAIN_MAX - sent)
				break;   /* the chain's share is used up */
			if (guest_mem_read(chunk, gpa_add(b[i].addr, off), len) != 0)
				return false;
			w = sys_console_write(chunk, len);
			if (w < 0)
				return false;
			if ((uint32_t)w < len)
				break;   /* the kernel's ring is full */
			off += len;
			sent += len;
		}
		dropped += b[i].len - off;
	}
	if (dropped && diag_allowed(1))
		ulog("console: %llu bytes of the normal world's output dropped (a transmit past "
		     "%u KiB, or the secure log full)", (unsigned long long)dropped,
		     CHAIN_MAX / 1024u);
	return true;
}

/* Hands waiting received bytes to the driver's buffers; true if any. */
/* Moves len bytes of received input, from the ring buffer's head, into
 * the device-writable buffer b: 0, or -1 if b is outside normal RAM. */
static int rx_copy_out(const struct virtq_buf *b, uint32_t len)
{
	/* The ring buffer in up to two pieces. */
	for (uint32_t done = 0; done < len;) {
		uint32_t piece = sizeof(rx.data) - rx.head;

		if (piece > len - done)
			piece = len - done;
		if (guest_mem_write(gpa_add(b->addr, done), rx.data + rx.head, piece) != 0)
			return -1;
		rx.head = (rx.head + piece) % sizeof(rx.data);
		rx.len -= piece;
		done += piece;
	}
	return 0;
}

/* Fills one receive chain with what input there is: the bytes written,
 * or -1 if a buffer is not device-writable or not in normal RAM. */
static int64_t rx_fill_chain(const struct virtq_buf *b, unsigned n)
{
	uint32_t written = 0;

	for (unsigned i = 0; i < n && rx.len; i++) {
		uint32_t len = b[i].len < rx.len ? b[i].len : rx.len;

		if (!b[i].writable || rx_copy_out(&b[i], len) != 0)
			return -1;
		written += len;
	}
	return written;
}

static bool console_deliver(struct virtio_dev *d)
{
	struct virtq *q = &d->q[RX_QUEUE];
	bool used = false;

	while (rx.len && q->ready) {
		struct virtq_buf b[BUFS];
		uint16_t head;
		unsigned n;
		enum virtq_result r = virtq_pop(q, &head, b, BUFS, &n);

		if (r == VIRTQ_NONE)
			break;
		int64_t written = r == VIRTQ_BAD ? -1 : rx_fill_chain(b, n);

		if (written < 0 || virtq_push(q, head, (uint32_t)written) != 0) {
			virtio_dev_fail(d);
			return used;
		}
		used = true;
	}
	return used;
}

/* A transmit chain: its bytes go to the secure console, none come back. */
static int64_t console_serve_tx(struct virtio_dev *d, unsigned cpu, const struct virtq_buf *b,
				unsigned n)
{
	(void)d;
	(void)cpu;
	return console_transmit(b, n) ? 0 : -1;
}

static void console_notify(struct virtio_dev *d, unsigned qi)
{
	struct virtq_buf b[BUFS];

	if (qi != RX_QUEUE) {
		virtq_serve_kick(d, TX_QUEUE, b, BUFS, console_serve_tx);
		return;
	}
	if (console_deliver(d))
		virtio_dev_interrupt(d, VIRTIO_MMIO_INT_VRING);
}

void virtio_console_input(struct virtio_dev *d)
{
	uint8_t buf[SYS_CONSOLE_MAX] = { 0 };
	int32_t n;

	spin_lock(&d->lock);
	while ((n = sys_console_read(buf, sizeof(buf))) > 0) {
		for (int32_t i = 0; i < n && rx.len < sizeof(rx.data); i++) {
			rx.data[(rx.head + rx.len) % sizeof(rx.data)] = buf[i];
			rx.len++;
		}
	}
	if ((d->status & VIRTIO_STATUS_DRIVER_OK) && !(d->status & VIRTIO_STATUS_NEEDS_RESET) &&
	    console_deliver(d))
		virtio_dev_interrupt(d, VIRTIO_MMIO_INT_VRING);
	spin_unlock(&d->lock);
}

static void console_reset(struct virtio_dev *d)
{
	(void)d;
	rx.head = rx.len = 0;
}

const struct virtio_ops virtio_console_ops = {
	.device_id = VIRTIO_ID_CONSOLE,
	.features = 1ull << VIRTIO_F_VERSION_1,
	.nqueues = 2,
	.config_len = 0,
	.config = console_config,
	.notify = console_notify,
	.reset = console_reset,
};
