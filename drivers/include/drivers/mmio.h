/*
 * Register access for the drivers of drivers/: the one place a driver
 * touches a device. On the target these are single volatile accesses of
 * the stated width (a device register must never be read or written as
 * part of a wider or merged access). The host unit tests build with
 * TZVMM_HOST_MMIO, and the same calls go to test/unit/fake_mmio.c, which
 * hands each access to the model of the device at that address: a driver
 * is tested against a fake register file without a line of its own
 * changed.
 */
#ifndef DRIVERS_MMIO_H
#define DRIVERS_MMIO_H

#include <stdint.h>

#ifdef TZVMM_HOST_MMIO
uint32_t mmio_read32(uintptr_t addr);
void mmio_write32(uintptr_t addr, uint32_t value);
uint16_t mmio_read16(uintptr_t addr);
void mmio_write16(uintptr_t addr, uint16_t value);
uint8_t mmio_read8(uintptr_t addr);
void mmio_write8(uintptr_t addr, uint8_t value);
/* The host's accesses are function calls, ordered as they are made. */
static inline void mmio_barrier(void)
{
	__asm__ volatile("" ::: "memory");
}
#else
/* Completes every memory access before it (the device sees what the CPU
 * wrote to memory first, an interrupt raised after it finds its data). */
static inline void mmio_barrier(void)
{
	__asm__ volatile("dsb" ::: "memory");
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile const uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t value)
{
	*(volatile uint32_t *)addr = value;
}

static inline uint16_t mmio_read16(uintptr_t addr)
{
	return *(volatile const uint16_t *)addr;
}

static inline void mmio_write16(uintptr_t addr, uint16_t value)
{
	*(volatile uint16_t *)addr = value;
}

static inline uint8_t mmio_read8(uintptr_t addr)
{
	return *(volatile const uint8_t *)addr;
}

static inline void mmio_write8(uintptr_t addr, uint8_t value)
{
	*(volatile uint8_t *)addr = value;
}
#endif

#endif
