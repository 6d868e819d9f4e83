/* ARM PrimeCell GPIO (PL061, DDI 0190): one pin driven low then high. */
#include <drivers/mmio.h>
#include <drivers/power.h>

#define GPIO_DIR 0x400u

void pl061_pulse(uintptr_t base, uint32_t pin)
{
	/* The data register's address bits [9:2] select the pins written. */
	uintptr_t data = base + ((1u << pin) << 2);

	mmio_write32(base + GPIO_DIR, mmio_read32(base + GPIO_DIR) | 1u << pin);
	mmio_write32(data, 0);
	mmio_write32(data, 1u << pin);
}
