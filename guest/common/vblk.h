/*
 * A minimal polled virtio-blk driver over tzvmm's SMC transport, for the
 * bare-metal guests (MMU off: addresses are physical). Queue 0 of device
 * TZVMM_VIRTIO_DEV_BLK, VBLK_QNUM entries, one request at a time; the
 * device completes a request before the kick returns, so no interrupt is
 * needed. The rings are exposed for tests that corrupt them.
 */
#ifndef GUEST_VBLK_H
#define GUEST_VBLK_H

#include <stdint.h>

#define VBLK_QNUM 8u

struct vblk_desc {
	uint32_t addr_lo, addr_hi, len;
	uint16_t flags, next;
};

extern struct vblk_desc vblk_desc[VBLK_QNUM];
extern volatile uint16_t vblk_avail[2 + VBLK_QNUM];
extern volatile uint32_t vblk_used[1 + 2 * VBLK_QNUM];

/* TZVMM_SMC_VIRTIO_READ/WRITE of the block device (r0; read's value in *val). */
uint32_t vblk_read_reg(uint32_t off, uint32_t width, uint32_t *val);
uint32_t vblk_write_reg(uint32_t off, uint32_t val, uint32_t width);
/* Resets the device and sets queue 0 up at (desc, avail, used): returns
 * QueueReady. vblk_init() is the same with the driver's own rings. */
uint32_t vblk_setup(uint32_t desc, uint32_t avail, uint32_t used);
uint32_t vblk_init(void);
/* The capacity in sectors, from the configuration space. */
uint64_t vblk_capacity(void);
/* Makes chain `head` available and kicks the queue: the SMC's r0. */
uint32_t vblk_kick(uint16_t head);
/* One request (VIRTIO_BLK_T_*) of len bytes at sector to or from buf:
 * its status byte (0 = OK), or 0xff if the device did not complete it. */
uint8_t vblk_request(uint32_t type, uint64_t sector, void *buf, uint32_t len);
/* How many times the last vblk_request looked at the used ring in vain
 * after its kick returned: 0 if the device had served it by then. */
extern uint32_t vblk_spins;

#endif
