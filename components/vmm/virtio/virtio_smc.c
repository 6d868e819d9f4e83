/*
 * The virtio devices' SMCs (docs/bindings/tzvmm-virtio.md): each register
 * access of the normal world's tzvmm_virtio driver. The device index and
 * the access are checked before the device is touched; the device's lock
 * is held for the whole access, a kick's queue processing included, but
 * for the storage's work on a block request (virtq_serve_kick).
 */
#include <tzvmm/virtio_smc.h>
#include "../smc.h"
#include "../storage_client.h"
#include "virtio.h"

/* The classes of the devices include/tzvmm/virtio_smc.h lists, in its order. */
#define DECLARE_CLASS(NAME, class) extern const struct virtio_ops virtio_##class##_ops;
TZVMM_VIRTIO_DEVICES(DECLARE_CLASS)
#undef DECLARE_CLASS

static struct virtio_dev devices[TZVMM_VIRTIO_NDEVS] = {
#define DEVICE(NAME, class) [TZVMM_VIRTIO_DEV_##NAME] = { .ops = &virtio_##class##_ops },
	TZVMM_VIRTIO_DEVICES(DEVICE)
#undef DEVICE
};

struct virtio_dev *virtio_device(uint32_t index)
{
	return index < TZVMM_VIRTIO_NDEVS ? &devices[index] : NULL;
}

/* Device i raises the board's i-th reserved SPI (KINFO_PV_IRQ_FIRST); a
 * board with fewer SPIs than devices cannot run this VMM. */
int virtio_devices_init(uint32_t first_irq, uint32_t nirqs)
{
	if (TZVMM_VIRTIO_NDEVS > nirqs)
		return -1;
	for (unsigned i = 0; i < TZVMM_VIRTIO_NDEVS; i++) {
		devices[i].intid = first_irq + i;
		virtio_dev_reset(&devices[i]);
	}
	return 0;
}

struct smc_result virtio_smc_read(struct vmm_cpu *cpu, const struct smc_args *a)
{
	struct virtio_dev *d = virtio_device(a->a[1]);
	uint32_t val = 0;
	int r;

	if (!d)
		return smc_ret(SMCCC_INVALID_PARAMETER);
	spin_lock(&d->lock);
	d->cpu = cpu->id;
	r = virtio_mmio_read(d, a->a[2], a->a[3], &val);
	spin_unlock(&d->lock);
	return r == 0 ? smc_ret4(SMCCC_SUCCESS, val, 0, 0) : smc_ret(SMCCC_INVALID_PARAMETER);
}

struct smc_result virtio_smc_write(struct vmm_cpu *cpu, const struct smc_args *a)
{
	struct virtio_dev *d = virtio_device(a->a[1]);
	/* (Copies: a is the state block, which an early answer overwrites.) */
	const uint32_t off = a->a[2], val = a->a[3], width = a->a[4];
	bool early;
	int r;

	if (!d)
		return smc_ret(SMCCC_INVALID_PARAMETER);
	/* A kick of a class that serves without the lock waits for another
	 * component: the kick is a valid access, answered now, and the vCPU
	 * resumes at the first wait (storage_client.h); the chains it served
	 * complete by the device's interrupt. */
	early = d->ops->serve_unlocked && off == VIRTIO_MMIO_QUEUE_NOTIFY && width == 4u;
	if (early) {
		for (unsigned i = 0; i < 4; i++)
			cpu->state->regs.r[i] = 0;   /* SMCCC_SUCCESS */
		storage_resume_on_wait(cpu->id);
	}
	spin_lock(&d->lock);
	d->cpu = cpu->id;
	r = virtio_mmio_write(d, off, width, val);
	spin_unlock(&d->lock);
	if (early && storage_resumed(cpu->id))
		return (struct smc_result){ .no_resume = true };   /* answered, running */
	return smc_ret(r == 0 ? SMCCC_SUCCESS : SMCCC_INVALID_PARAMETER);
}
