/*
 * The CFI driver's port on the target (cfi_port.h): the flash the kernel
 * maps as device memory at COMPONENT_VA_FLASH (`devices flash`), word
 * accesses only, and the kernel's clock and one-shot timer.
 */
#include <tzvmm/component_layout.h>
#include <tzvmm/signals.h>
#include <ulib/sys.h>
#include "cfi_port.h"
#include "medium.h"

static volatile uint32_t *const flash = (volatile uint32_t *)COMPONENT_VA_FLASH;
static uint32_t ticks_per_ms;

uint32_t cfi_port_read(uint32_t off)
{
	return flash[off / 4u];
}

void cfi_port_write(uint32_t off, uint32_t value)
{
	flash[off / 4u] = value;
}

void cfi_port_copy(void *dst, uint32_t off, uint32_t len)
{
	uint32_t *d = dst;
	const volatile uint32_t *s = flash + off / 4u;

	/* Device memory: aligned words, never a memcpy that might not be. */
	for (uint32_t i = 0; i < len / 4u; i++)
		d[i] = s[i];
}

void cfi_port_copy_inverted(void *dst, uint32_t off, uint32_t len)
{
	uint32_t *d = dst;
	const volatile uint32_t *s = flash + off / 4u;

	for (uint32_t i = 0; i < len / 4u; i++)
		d[i] = ~s[i];
}

int cfi_port_equal(uint32_t off, const uint32_t *src, uint32_t len)
{
	const volatile uint32_t *s = flash + off / 4u;

	for (uint32_t i = 0; i < len / 4u; i++)
		if (s[i] != src[i])
			return 0;
	return 1;
}

uint32_t cfi_port_ticks(void)
{
	return sys_kinfo(KINFO_TICKS_LO);
}

uint32_t cfi_port_ticks_per_ms(void)
{
	if (!ticks_per_ms)
		ticks_per_ms = sys_kinfo(KINFO_TIMER_HZ) / 1000u;
	return ticks_per_ms;
}

void cfi_port_pause(void)
{
	/* Only the timer's bit: a request signalled meanwhile stays pending. */
	sys_timer(cfi_port_ticks_per_ms(), STORAGE_SIG_TIMER);
	sys_wait(STORAGE_SIG_TIMER, SYS_NO_VCPU);
}

const struct medium *port_medium(void)
{
	return &cfi_medium;
}
