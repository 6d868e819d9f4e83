/*
 * A minimal polled virtio-console transmit driver over tzvmm's SMC
 * transport, for the bare-metal guests (MMU off: addresses are physical):
 * queue 1 (transmitq) of TZVMM_VIRTIO_DEV_CONSOLE, one buffer at a time.
 * The device takes a buffer before the kick returns. What it transmits is
 * what the normal world's hvc0 would: bytes on the secure UART.
 */
#ifndef GUEST_VCONS_H
#define GUEST_VCONS_H

#include <stdint.h>

/* Resets the device and sets its transmit queue up: returns QueueReady. */
uint32_t vcons_init(void);
/* Transmits len bytes at physical address addr as one buffer: the kick's
 * r0 (0 if the device took the queue's notification). */
uint32_t vcons_send(uint32_t addr, uint32_t len);
/* The same for a string. */
uint32_t vcons_puts(const char *s);

#endif
