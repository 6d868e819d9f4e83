/*
 * The virtio-mmio version 2 register file (virtio 1.x, 4.2.2), reached by
 * SMCs instead of loads and stores (virtio.h). Each access is checked
 * first: registers below 0x100 are 32-bit and aligned, the configuration
 * space takes naturally aligned 1-, 2- and 4-byte accesses, and a register
 * is only read or written the way the specification allows. Called with
 * the device's lock held.
 */
#include <lib/string.h>
#include <tzvmm/virtio_smc.h>
#include <ulib/sys.h>
#include "virtio.h"

#define QUEUE_SEL_VALID(d) ((d)->queue_sel < (d)->ops->nqueues)

void virtio_dev_reset(struct virtio_dev *d)
{
	d->generation++;
	d->status = 0;
	d->dev_features_sel = d->drv_features_sel = 0;
	d->driver_features = 0;
	d->queue_sel = 0;
	d->interrupt_status = 0;
	memset(d->q, 0, sizeof(d->q));
	if (d->ops->reset)
		d->ops->reset(d);
}

void virtio_dev_interrupt(struct virtio_dev *d, uint32_t bits)
{
	d->interrupt_status |= bits;
	sys_irq_inject(d->intid);
}

void virtio_dev_fail(struct virtio_dev *d)
{
	d->errors++;
	if (d->status & VIRTIO_STATUS_NEEDS_RESET)
		return;
	d->status |= VIRTIO_STATUS_NEEDS_RESET;
	d->generation++;
	for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++)
		d->q[i].ready = false;
	virtio_dev_interrupt(d, VIRTIO_MMIO_INT_CONFIG);
}

static int read_config(struct virtio_dev *d, uint32_t off, uint32_t width, uint32_t *val)
{
	uint8_t cfg[64];
	uint32_t v = 0;

	if (off > d->ops->config_len || width > d->ops->config_len - off ||
	    d->ops->config_len > sizeof(cfg))
		return -1;
	d->ops->config(d, cfg);
	for (uint32_t i = 0; i < width; i++)   /* little-endian, like the device */
		v |= (uint32_t)cfg[off + i] << (8 * i);
	*val = v;
	return 0;
}

int virtio_mmio_read(struct virtio_dev *d, uint32_t off, uint32_t width, uint32_t *val)
{
	if (width != 1 && width != 2 && width != 4)
		return -1;
	if ((off & (width - 1)) != 0)
		return -1;
	if (off >= VIRTIO_MMIO_CONFIG)
		return read_config(d, off - VIRTIO_MMIO_CONFIG, width, val);
	if (width != 4)
		return -1;
	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		*val = VIRTIO_MMIO_MAGIC;
		return 0;
	case VIRTIO_MMIO_VERSION:
		*val = 2;
		return 0;
	case VIRTIO_MMIO_DEVICE_ID:
		*val = d->ops->device_id;
		return 0;
	case VIRTIO_MMIO_VENDOR_ID:
		*val = TZVMM_VIRTIO_VENDOR;
		return 0;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		*val = d->dev_features_sel > 1 ? 0 :
			(uint32_t)(d->ops->features >> (32 * d->dev_features_sel));
		return 0;
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		*val = QUEUE_SEL_VALID(d) ? VIRTIO_QUEUE_MAX : 0;
		return 0;
	case VIRTIO_MMIO_QUEUE_READY:
		*val = QUEUE_SEL_VALID(d) && d->q[d->queue_sel].ready;
		return 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		*val = d->interrupt_status;
		return 0;
	case VIRTIO_MMIO_STATUS:
		*val = d->status;
		return 0;
	case VIRTIO_MMIO_CONFIG_GENERATION:
		*val = d->config_generation;
		return 0;
	default:
		return -1;   /* write-only, or not a register */
	}
}

/* FEATURES_OK holds only for a subset of what the device offers that
 * includes VIRTIO_F_VERSION_1 (no legacy interface here). */
static uint32_t accept_status(struct virtio_dev *d, uint32_t val)
{
	if ((val & VIRTIO_STATUS_FEATURES_OK) && !(d->status & VIRTIO_STATUS_FEATURES_OK)) {
		uint64_t f = d->driver_features;

		if ((f & ~d->ops->features) || !(f & (1ull << VIRTIO_F_VERSION_1)))
			val &= ~VIRTIO_STATUS_FEATURES_OK;
	}
	/* The driver cannot clear NEEDS_RESET other than by a reset. */
	return val | (d->status & VIRTIO_STATUS_NEEDS_RESET);
}

static int write_queue_field(struct virtio_dev *d, uint32_t off, uint32_t val)
{
	struct virtq *q;

	if (!QUEUE_SEL_VALID(d))
		return 0;   /* writes to a queue that does not exist are ignored */
	q = &d->q[d->queue_sel];
	if (off == VIRTIO_MMIO_QUEUE_READY) {
		if (val == 0) {
			q->ready = false;
		} else if (!q->ready) {
			if (virtq_valid(q)) {
				q->ready = true;
				q->last_avail = q->used_idx = 0;
			} else {
				virtio_dev_fail(d);
			}
		}
		return 0;
	}
	if (q->ready)
		return 0;   /* a live queue's layout cannot change */
	switch (off) {
	case VIRTIO_MMIO_QUEUE_NUM:
		q->num = val;
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
		q->desc = gpa(val);
		break;
	case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
		q->avail = gpa(val);
		break;
	case VIRTIO_MMIO_QUEUE_USED_LOW:
		q->used = gpa(val);
		break;
	default:   /* the high halves: this machine's RAM is below 4 GiB */
		q->high |= val;
		break;
	}
	return 0;
}

int virtio_mmio_write(struct virtio_dev *d, uint32_t off, uint32_t width, uint32_t val)
{
	if (off >= VIRTIO_MMIO_CONFIG)
		return -1;   /* neither device has a writable configuration field */
	if (width != 4 || (off & 3u) != 0)
		return -1;
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		d->dev_features_sel = val;
		return 0;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if (d->drv_features_sel < 2 && !(d->status & VIRTIO_STATUS_FEATURES_OK)) {
			unsigned shift = 32 * d->drv_features_sel;

			d->driver_features = (d->driver_features & ~(0xffffffffull << shift)) |
					     (uint64_t)val << shift;
		}
		return 0;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		d->drv_features_sel = val;
		return 0;
	case VIRTIO_MMIO_QUEUE_SEL:
		d->queue_sel = val;
		return 0;
	case VIRTIO_MMIO_QUEUE_NUM:
	case VIRTIO_MMIO_QUEUE_READY:
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
	case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
	case VIRTIO_MMIO_QUEUE_USED_LOW:
	case VIRTIO_MMIO_QUEUE_USED_HIGH:
		return write_queue_field(d, off, val);
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		/* Only a live queue of a running driver is processed; a kick
		 * for anything else is ignored, as a device would. */
		if (val < d->ops->nqueues && d->q[val].ready &&
		    (d->status & VIRTIO_STATUS_DRIVER_OK) &&
		    !(d->status & VIRTIO_STATUS_NEEDS_RESET))
			d->ops->notify(d, val);
		return 0;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		d->interrupt_status &= ~val;
		return 0;
	case VIRTIO_MMIO_STATUS:
		if (val == 0)
			virtio_dev_reset(d);
		else
			d->status = accept_status(d, val);
		return 0;
	default:
		return -1;   /* read-only, or not a register */
	}
}
