/* The bare-metal guests' virtio-blk driver (vblk.h). */
#include <tzvmm/virtio_smc.h>
#include "guest.h"
#include "vblk.h"

struct vblk_desc vblk_desc[VBLK_QNUM] __attribute__((aligned(16)));
volatile uint16_t vblk_avail[2 + VBLK_QNUM] __attribute__((aligned(4)));
volatile uint32_t vblk_used[1 + 2 * VBLK_QNUM] __attribute__((aligned(4)));
static uint8_t hdr[16] __attribute__((aligned(8)));
static volatile uint8_t status;

static uint32_t pa(const volatile void *p)
{
	return (uint32_t)(uintptr_t)p;
}

uint32_t vblk_read_reg(uint32_t off, uint32_t width, uint32_t *val)
{
	struct smc_ret r = guest_smc(TZVMM_SMC_VIRTIO_READ, TZVMM_VIRTIO_DEV_BLK, off, width);

	*val = r.r1;
	return r.r0;
}

uint32_t vblk_write_reg(uint32_t off, uint32_t val, uint32_t width)
{
	const uint32_t a[7] = { TZVMM_VIRTIO_DEV_BLK, off, val, width };

	return guest_smc7(TZVMM_SMC_VIRTIO_WRITE, a).r0;
}

uint32_t vblk_setup(uint32_t desc, uint32_t avail, uint32_t used)
{
	uint32_t ready = 0;

	vblk_write_reg(VIRTIO_MMIO_STATUS, 0, 4);
	for (unsigned i = 0; i < 2 + VBLK_QNUM; i++)
		vblk_avail[i] = 0;
	for (unsigned i = 0; i < 1 + 2 * VBLK_QNUM; i++)
		vblk_used[i] = 0;
	vblk_write_reg(VIRTIO_MMIO_STATUS, 3, 4);                 /* ACKNOWLEDGE, DRIVER */
	vblk_write_reg(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1, 4);
	vblk_write_reg(VIRTIO_MMIO_DRIVER_FEATURES, 1, 4);       /* VIRTIO_F_VERSION_1 */
	vblk_write_reg(VIRTIO_MMIO_STATUS, 11, 4);                /* FEATURES_OK */
	vblk_write_reg(VIRTIO_MMIO_QUEUE_SEL, 0, 4);
	vblk_write_reg(VIRTIO_MMIO_QUEUE_NUM, VBLK_QNUM, 4);
	vblk_write_reg(VIRTIO_MMIO_QUEUE_DESC_LOW, desc, 4);
	vblk_write_reg(VIRTIO_MMIO_QUEUE_AVAIL_LOW, avail, 4);
	vblk_write_reg(VIRTIO_MMIO_QUEUE_USED_LOW, used, 4);
	vblk_write_reg(VIRTIO_MMIO_QUEUE_READY, 1, 4);
	vblk_write_reg(VIRTIO_MMIO_STATUS, 15, 4);                /* DRIVER_OK */
	vblk_read_reg(VIRTIO_MMIO_QUEUE_READY, 4, &ready);
	return ready;
}

uint32_t vblk_init(void)
{
	return vblk_setup(pa(vblk_desc), pa(vblk_avail), pa(vblk_used));
}

uint64_t vblk_capacity(void)
{
	uint32_t lo = 0, hi = 0;

	vblk_read_reg(VIRTIO_MMIO_CONFIG, 4, &lo);
	vblk_read_reg(VIRTIO_MMIO_CONFIG + 4, 4, &hi);
	return (uint64_t)hi << 32 | lo;
}

uint32_t vblk_kick(uint16_t head)
{
	vblk_avail[2 + vblk_avail[1] % VBLK_QNUM] = head;
	__asm__ volatile("dsb" ::: "memory");
	vblk_avail[1] = (uint16_t)(vblk_avail[1] + 1u);
	return vblk_write_reg(VIRTIO_MMIO_QUEUE_NOTIFY, 0, 4);
}

uint32_t vblk_spins;

/* How long vblk_request waits for the used ring: far longer than any
 * request takes on QEMU, short enough for a broken queue's test. */
#define VBLK_SPINS 50000000u

uint8_t vblk_request(uint32_t type, uint64_t sector, void *buf, uint32_t len)
{
	const uint32_t h[4] = { type, 0, (uint32_t)sector, (uint32_t)(sector >> 32) };
	bool device_writes = type != 1;   /* all but VIRTIO_BLK_T_OUT */

	for (unsigned i = 0; i < 16; i++)
		hdr[i] = (uint8_t)(h[i / 4] >> (8 * (i % 4)));
	vblk_desc[0] = (struct vblk_desc){ pa(hdr), 0, 16, 1, len ? 1 : 2 };
	vblk_desc[1] = (struct vblk_desc){ pa(buf), 0, len, (uint16_t)(device_writes ? 3 : 1), 2 };
	vblk_desc[2] = (struct vblk_desc){ pa(&status), 0, 1, 2, 0 };
	status = 0xff;
	uint16_t before = (uint16_t)(vblk_used[0] >> 16);

	vblk_kick(0);
	/* The kick may return before the device served it (the binding):
	 * wait for the used ring, boundedly (a broken queue never moves). */
	for (vblk_spins = 0; (uint16_t)(vblk_used[0] >> 16) == before && vblk_spins < VBLK_SPINS;
	     vblk_spins++)
		__asm__ volatile("" ::: "memory");
	return status;
}
