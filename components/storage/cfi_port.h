/*
 * The CFI driver's access to the chip (cfi.c), chosen at link time: the
 * component links port.c (the flash mapped as device memory at
 * COMPONENT_VA_FLASH, the kernel's clock and timer); the host tests link
 * test/unit/fake_pflash.c, a model of QEMU's CFI state machine.
 *
 * Offsets are bytes from the start of the flash, multiples of 4: the bank
 * is 32 bits wide on QEMU virt (two x16 devices side by side).
 */
#ifndef STORAGE_CFI_PORT_H
#define STORAGE_CFI_PORT_H

#include <stdint.h>

/* One 32-bit bus cycle: a command, a status or query read, or a word of
 * data being programmed. */
uint32_t cfi_port_read(uint32_t off);
void cfi_port_write(uint32_t off, uint32_t value);
/* Reads len bytes (a multiple of 4) of array data: the chip must be in
 * read-array mode, as for any other reader of the flash as memory. */
void cfi_port_copy(void *dst, uint32_t off, uint32_t len);
/* The same, each word inverted on its way. */
void cfi_port_copy_inverted(void *dst, uint32_t off, uint32_t len);
/* Whether the flash at off holds src's len / 4 words. */
int cfi_port_equal(uint32_t off, const uint32_t *src, uint32_t len);
/* A free-running tick counter, for the bounds of status polling. */
uint32_t cfi_port_ticks(void);
uint32_t cfi_port_ticks_per_ms(void);
/* Gives the CPU away for about a millisecond while a slow erase runs. */
void cfi_port_pause(void);

#endif
