// SPDX-License-Identifier: GPL-2.0
/*
 * tzvmm_virtio — virtio devices served by tzvmm's secure world, reached by SMC.
 *
 * Each device has the registers of virtio-mmio version 2 (virtio 1.x, 4.2.2),
 * but no MMIO window: every register access is one SMC to the secure world
 * (tzvmm_virtio_regs.h; docs/bindings/tzvmm-virtio.md in the tzvmm tree). A
 * device-tree node per device:
 *
 *	virtio-smc-blk {
 *		compatible = "tzvmm,virtio-smc";
 *		tzvmm,device = <0>;		(a1 of every call)
 *		interrupts = <0 240 1>;		(the SPI the secure world raises)
 *	};
 *
 * The driver registers each node as a virtio device with Linux's virtio core,
 * and the stock drivers (virtio_blk, virtio_console) drive it. It follows
 * Linux's own virtio_mmio transport, modern devices (version 2) only:
 *
 *   get/set           the configuration space from 0x100, in naturally aligned
 *                     1-, 2- and 4-byte accesses (longer fields in several,
 *                     between two reads of ConfigGeneration)
 *   generation        ConfigGeneration
 *   get/set_status    Status
 *   reset             Status = 0, then Status read until it is 0
 *   get_features      DeviceFeaturesSel = 1, 0 and DeviceFeatures after each
 *   finalize_features DriverFeaturesSel = 1, 0 and DriverFeatures after each;
 *                     VIRTIO_F_VERSION_1 is required
 *   find_vqs          per queue: QueueSel, QueueReady (must be 0), QueueNumMax,
 *                     a split ring in normal RAM (vring_create_virtqueue), then
 *                     QueueNum, QueueDesc/Driver/Device low and high, QueueReady=1
 *   notify            QueueNotify = the queue's index: the kick
 *   interrupt         InterruptStatus, InterruptACK; the rings' callbacks for
 *                     bit 0, virtio_config_changed() for bit 1
 *
 * Rings and buffers are ordinary kernel memory, handed over by physical
 * address: the device does not offer VIRTIO_F_ACCESS_PLATFORM, so the virtio
 * core uses no DMA API for them, exactly as with virtio_mmio on a coherent
 * machine. The device reads normal RAM below 4 GiB (the high halves of the
 * ring addresses must be 0).
 *
 * A secure world that does not serve the calls (they return -1) or a device
 * that is not virtio-mmio version 2 ends the probe with one line, and the
 * node stays unbound: Linux boots without the device.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mod_devicetable.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>
#include <uapi/linux/virtio_mmio.h>
#include <asm/unaligned.h>

#include "tzvmm_virtio_regs.h"

#define TZV_MAGIC	0x74726976	/* "virt", little-endian */
#define TZV_VERSION	2		/* virtio-mmio version 2: virtio 1.x only */

struct tzv_device {
	struct virtio_device vdev;
	struct platform_device *pdev;
	struct tzv_regs regs;
	int irq;

	spinlock_t lock;		/* protects virtqueues */
	struct list_head virtqueues;	/* of struct tzv_vq_info */
};

struct tzv_vq_info {
	struct virtqueue *vq;
	struct list_head node;
};

static inline struct tzv_device *to_tzv(struct virtio_device *vdev)
{
	return container_of(vdev, struct tzv_device, vdev);
}

/*
 * Register accesses once the device is probed. A failed call means a secure
 * world that changed its mind or a bug on either side: it is logged
 * (rate-limited), and a failed read gives 0.
 */
static u32 tzv_read_w(struct tzv_device *d, u32 offset, u32 width)
{
	long err;
	u32 val;

	err = tzv_regs_read(&d->regs, offset, width, &val);
	if (unlikely(err)) {
		dev_err_ratelimited(&d->pdev->dev,
				    "%s read of register 0x%03x (%u bytes) failed: %ld\n",
				    TZV_REGS_NAME, offset, width, err);
		return 0;
	}
	dev_dbg(&d->pdev->dev, "read  0x%03x/%u -> 0x%x\n", offset, width, val);
	return val;
}

static bool tzv_write_w(struct tzv_device *d, u32 offset, u32 val, u32 width)
{
	long err;

	dev_dbg(&d->pdev->dev, "write 0x%03x/%u <- 0x%x\n", offset, width, val);
	err = tzv_regs_write(&d->regs, offset, val, width);
	if (unlikely(err)) {
		dev_err_ratelimited(&d->pdev->dev,
				    "%s write of 0x%x to register 0x%03x (%u bytes) failed: %ld\n",
				    TZV_REGS_NAME, val, offset, width, err);
		return false;
	}
	return true;
}

/* The registers below the configuration space are 32-bit. */
static inline u32 tzv_read(struct tzv_device *d, u32 offset)
{
	return tzv_read_w(d, offset, 4);
}

static inline bool tzv_write(struct tzv_device *d, u32 offset, u32 val)
{
	return tzv_write_w(d, offset, val, 4);
}

/* --- configuration ------------------------------------------------------------ */

/* The widest naturally aligned access, at most 4 bytes, at offset with len left. */
static inline unsigned int tzv_width(unsigned int offset, unsigned int len)
{
	if (len >= 4 && !(offset & 3))
		return 4;
	if (len >= 2 && !(offset & 1))
		return 2;
	return 1;
}

static void tzv_config_in(struct tzv_device *d, unsigned int offset, u8 *p, unsigned int len)
{
	while (len) {
		unsigned int w = tzv_width(offset, len);
		u32 v = tzv_read_w(d, VIRTIO_MMIO_CONFIG + offset, w);

		/* Configuration fields are little-endian, as virtio_mmio's readw/readl see them. */
		if (w == 4)
			put_unaligned_le32(v, p);
		else if (w == 2)
			put_unaligned_le16(v, p);
		else
			*p = v;
		p += w;
		offset += w;
		len -= w;
	}
}

static void tzv_get(struct virtio_device *vdev, unsigned int offset, void *buf, unsigned int len)
{
	struct tzv_device *d = to_tzv(vdev);
	u32 gen, old;

	if (len == tzv_width(offset, len)) {	/* one access: consistent by itself */
		tzv_config_in(d, offset, buf, len);
		return;
	}
	/*
	 * Several accesses (a 64-bit field such as virtio-blk's capacity): repeat
	 * until ConfigGeneration is the same before and after, so that the parts
	 * belong together. The virtio core loops too, around whole fields.
	 */
	gen = tzv_read(d, VIRTIO_MMIO_CONFIG_GENERATION);
	do {
		old = gen;
		tzv_config_in(d, offset, buf, len);
		gen = tzv_read(d, VIRTIO_MMIO_CONFIG_GENERATION);
	} while (gen != old);
}

static void tzv_set(struct virtio_device *vdev, unsigned int offset, const void *buf,
		    unsigned int len)
{
	struct tzv_device *d = to_tzv(vdev);
	const u8 *p = buf;

	while (len) {
		unsigned int w = tzv_width(offset, len);
		u32 v = w == 4 ? get_unaligned_le32(p) : w == 2 ? get_unaligned_le16(p) : *p;

		tzv_write_w(d, VIRTIO_MMIO_CONFIG + offset, v, w);
		p += w;
		offset += w;
		len -= w;
	}
}

static u32 tzv_generation(struct virtio_device *vdev)
{
	return tzv_read(to_tzv(vdev), VIRTIO_MMIO_CONFIG_GENERATION);
}

static u8 tzv_get_status(struct virtio_device *vdev)
{
	return tzv_read(to_tzv(vdev), VIRTIO_MMIO_STATUS) & 0xff;
}

static void tzv_set_status(struct virtio_device *vdev, u8 status)
{
	/* 0 is a reset: the virtio core asks for it with reset(), never here. */
	if (WARN_ON(status == 0))
		return;
	/*
	 * The SMC is ordered after the CPU's earlier stores to the rings, as an
	 * MMIO write is (the secure world runs on this CPU during the call).
	 */
	tzv_write(to_tzv(vdev), VIRTIO_MMIO_STATUS, status);
}

static void tzv_reset(struct virtio_device *vdev)
{
	struct tzv_device *d = to_tzv(vdev);
	unsigned int ms;

	tzv_write(d, VIRTIO_MMIO_STATUS, 0);
	/* The driver must wait until the device reads back 0 (virtio 1.x, 4.2.2.1). */
	for (ms = 0; tzv_read(d, VIRTIO_MMIO_STATUS); ms++) {
		if (ms == 1000) {
			dev_err(&d->pdev->dev, "device did not reset: Status is not 0 after 1 s\n");
			return;
		}
		msleep(1);
	}
}

static u64 tzv_get_features(struct virtio_device *vdev)
{
	struct tzv_device *d = to_tzv(vdev);
	u64 features;

	tzv_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	features = (u64)tzv_read(d, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	tzv_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	features |= tzv_read(d, VIRTIO_MMIO_DEVICE_FEATURES);
	return features;
}

static int tzv_finalize_features(struct virtio_device *vdev)
{
	struct tzv_device *d = to_tzv(vdev);

	/* The ring's own features (indirect descriptors, event index, ...). */
	vring_transport_features(vdev);

	if (!__virtio_test_bit(vdev, VIRTIO_F_VERSION_1)) {
		dev_err(&d->pdev->dev,
			"device does not offer VIRTIO_F_VERSION_1, required of virtio-mmio 2\n");
		return -EINVAL;
	}
	tzv_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	tzv_write(d, VIRTIO_MMIO_DRIVER_FEATURES, upper_32_bits(vdev->features));
	tzv_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	tzv_write(d, VIRTIO_MMIO_DRIVER_FEATURES, lower_32_bits(vdev->features));
	return 0;
}

/* --- virtqueues ----------------------------------------------------------------- */

/* The kick. false marks the queue broken (the device can no longer be told). */
static bool tzv_notify(struct virtqueue *vq)
{
	return tzv_write(to_tzv(vq->vdev), VIRTIO_MMIO_QUEUE_NOTIFY, vq->index);
}

static irqreturn_t tzv_interrupt(int irq, void *opaque)
{
	struct tzv_device *d = opaque;
	struct tzv_vq_info *info;
	irqreturn_t ret = IRQ_NONE;
	unsigned long flags;
	u32 status;

	status = tzv_read(d, VIRTIO_MMIO_INTERRUPT_STATUS);
	if (!status)
		return IRQ_NONE;
	tzv_write(d, VIRTIO_MMIO_INTERRUPT_ACK, status);

	if (unlikely(status & VIRTIO_MMIO_INT_CONFIG)) {
		virtio_config_changed(&d->vdev);
		ret = IRQ_HANDLED;
	}
	if (likely(status & VIRTIO_MMIO_INT_VRING)) {
		spin_lock_irqsave(&d->lock, flags);
		list_for_each_entry(info, &d->virtqueues, node)
			ret |= vring_interrupt(irq, info->vq);
		spin_unlock_irqrestore(&d->lock, flags);
	}
	return ret;
}

/* Deactivates queue index (QueueSel, QueueReady = 0) and checks that it took. */
static void tzv_queue_off(struct tzv_device *d, unsigned int index)
{
	tzv_write(d, VIRTIO_MMIO_QUEUE_SEL, index);
	tzv_write(d, VIRTIO_MMIO_QUEUE_READY, 0);
	WARN_ON(tzv_read(d, VIRTIO_MMIO_QUEUE_READY));
}

static void tzv_del_vq(struct virtqueue *vq)
{
	struct tzv_device *d = to_tzv(vq->vdev);
	struct tzv_vq_info *info = vq->priv;
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	list_del(&info->node);
	spin_unlock_irqrestore(&d->lock, flags);

	tzv_queue_off(d, vq->index);
	vring_del_virtqueue(vq);
	kfree(info);
}

static void tzv_del_vqs(struct virtio_device *vdev)
{
	struct tzv_device *d = to_tzv(vdev);
	struct virtqueue *vq, *n;

	list_for_each_entry_safe(vq, n, &vdev->vqs, list)
		tzv_del_vq(vq);
	free_irq(d->irq, d);
}

static void tzv_synchronize_cbs(struct virtio_device *vdev)
{
	synchronize_irq(to_tzv(vdev)->irq);
}

/* Writes a 64-bit ring address as its low and high registers. */
static void tzv_write_addr(struct tzv_device *d, u32 low_reg, u64 addr)
{
	tzv_write(d, low_reg, lower_32_bits(addr));
	tzv_write(d, low_reg + 4, upper_32_bits(addr));
}

static struct virtqueue *tzv_setup_vq(struct virtio_device *vdev, unsigned int index,
				      void (*callback)(struct virtqueue *vq),
				      const char *name, bool ctx)
{
	struct tzv_device *d = to_tzv(vdev);
	struct tzv_vq_info *info;
	struct virtqueue *vq;
	unsigned long flags;
	u64 desc, avail, used;
	unsigned int num;
	int err;

	tzv_write(d, VIRTIO_MMIO_QUEUE_SEL, index);
	if (tzv_read(d, VIRTIO_MMIO_QUEUE_READY))	/* already in use */
		return ERR_PTR(-ENOENT);
	num = tzv_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (!num)					/* no such queue */
		return ERR_PTR(-ENOENT);

	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return ERR_PTR(-ENOMEM);

	/* A split ring; it may be smaller than QueueNumMax if memory is short. */
	vq = vring_create_virtqueue(index, num, PAGE_SIZE, vdev, true, true, ctx,
				    tzv_notify, callback, name);
	if (!vq) {
		err = -ENOMEM;
		goto err_info;
	}
	desc = virtqueue_get_desc_addr(vq);
	avail = virtqueue_get_avail_addr(vq);
	used = virtqueue_get_used_addr(vq);
	if (upper_32_bits(desc) || upper_32_bits(avail) || upper_32_bits(used)) {
		dev_err(&d->pdev->dev,
			"queue %u: ring above 4 GiB, which the device cannot reach\n", index);
		err = -E2BIG;
		goto err_vq;
	}

	tzv_write(d, VIRTIO_MMIO_QUEUE_NUM, virtqueue_get_vring_size(vq));
	tzv_write_addr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, desc);
	tzv_write_addr(d, VIRTIO_MMIO_QUEUE_AVAIL_LOW, avail);	/* QueueDriver */
	tzv_write_addr(d, VIRTIO_MMIO_QUEUE_USED_LOW, used);	/* QueueDevice */
	tzv_write(d, VIRTIO_MMIO_QUEUE_READY, 1);

	vq->priv = info;
	info->vq = vq;
	spin_lock_irqsave(&d->lock, flags);
	list_add(&info->node, &d->virtqueues);
	spin_unlock_irqrestore(&d->lock, flags);
	return vq;

err_vq:
	vring_del_virtqueue(vq);
err_info:
	tzv_queue_off(d, index);
	kfree(info);
	return ERR_PTR(err);
}

static int tzv_find_vqs(struct virtio_device *vdev, unsigned int nvqs, struct virtqueue *vqs[],
			vq_callback_t *callbacks[], const char * const names[], const bool *ctx,
			struct irq_affinity *desc)
{
	struct tzv_device *d = to_tzv(vdev);
	unsigned int i, queue = 0;
	int err;

	err = request_irq(d->irq, tzv_interrupt, 0, dev_name(&vdev->dev), d);
	if (err)
		return err;

	for (i = 0; i < nvqs; i++) {
		if (!names[i]) {	/* a queue the driver does not use: no index */
			vqs[i] = NULL;
			continue;
		}
		vqs[i] = tzv_setup_vq(vdev, queue++, callbacks[i], names[i], ctx ? ctx[i] : false);
		if (IS_ERR(vqs[i])) {
			err = PTR_ERR(vqs[i]);
			tzv_del_vqs(vdev);	/* the queues set up so far, and the irq */
			return err;
		}
	}
	return 0;
}

static const char *tzv_bus_name(struct virtio_device *vdev)
{
	return to_tzv(vdev)->pdev->name;
}

static const struct virtio_config_ops tzv_config_ops = {
	.get			= tzv_get,
	.set			= tzv_set,
	.generation		= tzv_generation,
	.get_status		= tzv_get_status,
	.set_status		= tzv_set_status,
	.reset			= tzv_reset,
	.find_vqs		= tzv_find_vqs,
	.del_vqs		= tzv_del_vqs,
	.synchronize_cbs	= tzv_synchronize_cbs,
	.get_features		= tzv_get_features,
	.finalize_features	= tzv_finalize_features,
	.bus_name		= tzv_bus_name,
};

/* --- platform device --------------------------------------------------------------- */

static void tzv_release(struct device *dev)
{
	kfree(to_tzv(dev_to_virtio(dev)));
}

/*
 * The identification registers, read before anything else: whether the secure
 * world serves this device at all. 0, or -ENODEV after one dev_err line.
 */
static int tzv_identify(struct tzv_device *d)
{
	struct device *dev = &d->pdev->dev;
	u32 magic, version;
	long err;

	err = tzv_regs_read(&d->regs, VIRTIO_MMIO_MAGIC_VALUE, 4, &magic);
	if (err == SMCCC_RET_NOT_SUPPORTED) {
		dev_err(dev,
			"secure world does not serve virtio over SMC (SMC 0x%08x returned -1)\n",
			TZVMM_SMC_VIRTIO_READ);
		return -ENODEV;
	}
	if (err) {
		dev_err(dev, "secure world refused MagicValue (%s status %ld): no such device\n",
			TZV_REGS_NAME, err);
		return -ENODEV;
	}
	dev_dbg(dev, "read  0x%03x/4 -> 0x%x\n", VIRTIO_MMIO_MAGIC_VALUE, magic);
	if (magic != TZV_MAGIC) {
		dev_err(dev, "MagicValue is 0x%08x, not 0x%08x (\"virt\"): not a virtio device\n",
			magic, TZV_MAGIC);
		return -ENODEV;
	}
	err = tzv_regs_read(&d->regs, VIRTIO_MMIO_VERSION, 4, &version);
	dev_dbg(dev, "read  0x%03x/4 -> 0x%x (%ld)\n", VIRTIO_MMIO_VERSION, version, err);
	if (err) {
		dev_err(dev, "secure world refused Version (%s status %ld): no such device\n",
			TZV_REGS_NAME, err);
		return -ENODEV;
	}
	if (version != TZV_VERSION) {
		dev_err(dev,
			"Version is %u, not 2: only modern virtio-mmio devices are supported\n",
			version);
		return -ENODEV;
	}
	return 0;
}

static int tzv_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct tzv_device *d;
	int err;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->pdev = pdev;
	spin_lock_init(&d->lock);
	INIT_LIST_HEAD(&d->virtqueues);

	err = tzv_regs_init(&d->regs, pdev);
	if (err)
		goto err_free;
	d->irq = platform_get_irq(pdev, 0);	/* says why if there is none */
	if (d->irq < 0) {
		err = d->irq;
		goto err_free;
	}
	err = tzv_identify(d);
	if (err)
		goto err_free;

	d->vdev.id.device = tzv_read(d, VIRTIO_MMIO_DEVICE_ID);
	if (!d->vdev.id.device) {	/* a placeholder without a function, as in virtio-mmio */
		err = -ENODEV;
		goto err_free;
	}
	d->vdev.id.vendor = tzv_read(d, VIRTIO_MMIO_VENDOR_ID);

	/*
	 * Only used if the device offered VIRTIO_F_ACCESS_PLATFORM (the virtio core
	 * then maps buffers with the DMA API): the device reads 32-bit physical
	 * addresses.
	 */
	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (err)
		dev_warn(dev, "cannot set a 32-bit DMA mask (%d); continuing\n", err);

	d->vdev.dev.parent = dev;
	d->vdev.dev.release = tzv_release;
	d->vdev.config = &tzv_config_ops;
	platform_set_drvdata(pdev, d);

	/* Resets the device, sets ACKNOWLEDGE, and binds a driver if one is loaded. */
	err = register_virtio_device(&d->vdev);
	if (err) {
		put_device(&d->vdev.dev);	/* frees d through tzv_release */
		return err;
	}
	dev_info(dev, "virtio id %u, vendor 0x%08x, irq %d: %s\n", d->vdev.id.device,
		 d->vdev.id.vendor, d->irq, dev_name(&d->vdev.dev));
	return 0;

err_free:
	kfree(d);
	return err;
}

static int tzv_remove(struct platform_device *pdev)
{
	struct tzv_device *d = platform_get_drvdata(pdev);

	unregister_virtio_device(&d->vdev);
	return 0;
}

static const struct of_device_id tzv_of_match[] = {
	{ .compatible = TZV_OF_COMPATIBLE },
	{}
};
MODULE_DEVICE_TABLE(of, tzv_of_match);

static struct platform_driver tzv_driver = {
	.probe	= tzv_probe,
	.remove	= tzv_remove,
	.driver	= {
		.name		= KBUILD_MODNAME,
		.of_match_table	= tzv_of_match,
	},
};
module_platform_driver(tzv_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("virtio devices of tzvmm's secure world, their registers reached by SMC");
