/* The bare-metal guests' virtio-console transmit driver (vcons.h). */
#include <tzvmm/virtio_smc.h>
#include "guest.h"
#include "vcons.h"

#define QNUM 4u
#define TX_QUEUE 1u

struct vcons_desc {
	uint32_t addr_lo, addr_hi, len;
	uint16_t flags, next;
};

static struct vcons_desc desc[QNUM] __attribute__((aligned(16)));
static volatile uint16_t avail[2 + QNUM] __attribute__((aligned(4)));
static volatile uint32_t used[1 + 2 * QNUM] __attribute__((aligned(4)));

static uint32_t pa(const volatile void *p)
{
	return (uint32_t)(uintptr_t)p;
}

static uint32_t wr(uint32_t off, uint32_t val)
{
	const uint32_t a[7] = { TZVMM_VIRTIO_DEV_CONSOLE, off, val, 4 };

	return guest_smc7(TZVMM_SMC_VIRTIO_WRITE, a).r0;
}

uint32_t vcons_init(void)
{
	struct smc_ret r;

	wr(VIRTIO_MMIO_STATUS, 0);
	wr(VIRTIO_MMIO_STATUS, 3);                  /* ACKNOWLEDGE, DRIVER */
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1);         /* VIRTIO_F_VERSION_1 */
	wr(VIRTIO_MMIO_STATUS, 11);                 /* FEATURES_OK */
	wr(VIRTIO_MMIO_QUEUE_SEL, TX_QUEUE);
	wr(VIRTIO_MMIO_QUEUE_NUM, QNUM);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, pa(desc));
	wr(VIRTIO_MMIO_QUEUE_AVAIL_LOW, pa(avail));
	wr(VIRTIO_MMIO_QUEUE_USED_LOW, pa(used));
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	wr(VIRTIO_MMIO_STATUS, 15);                 /* DRIVER_OK */
	r = guest_smc(TZVMM_SMC_VIRTIO_READ, TZVMM_VIRTIO_DEV_CONSOLE, VIRTIO_MMIO_QUEUE_READY, 4);
	return r.r0 == 0 ? r.r1 : 0;
}

uint32_t vcons_send(uint32_t addr, uint32_t len)
{
	desc[0] = (struct vcons_desc){ addr, 0, len, 0, 0 };
	avail[2 + avail[1] % QNUM] = 0;
	__asm__ volatile("dsb" ::: "memory");
	avail[1] = (uint16_t)(avail[1] + 1u);
	return wr(VIRTIO_MMIO_QUEUE_NOTIFY, TX_QUEUE);
}

uint32_t vcons_puts(const char *s)
{
	uint32_t n = 0;

	while (s[n])
		n++;
	return vcons_send(pa(s), n);
}
