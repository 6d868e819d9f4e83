/*
 * Power control through the secure PL061 GPIO, as QEMU's virt board wires
 * it: a rising edge on pin 0 powers off (QEMU exits with status 0), on
 * pin 1 resets the machine.
 */
#include <stdint.h>
#include <plat/memmap.h>
#include <plat/board.h>

#define GPIO_DIR 0x400u

static void gpio_pulse(unsigned pin)
{
	volatile uint32_t *dir = (volatile uint32_t *)(uintptr_t)(PLAT_GPIO_SECURE_BASE + GPIO_DIR);
	/* PL061 data register: address bits [9:2] select the pins written. */
	volatile uint32_t *data =
		(volatile uint32_t *)(uintptr_t)(PLAT_GPIO_SECURE_BASE + ((1u << pin) << 2));

	*dir |= 1u << pin;
	*data = 0;
	*data = 1u << pin;
}

/* QEMU acts on the edge asynchronously: wait here until it does. */
static void __attribute__((noreturn)) wait_forever(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

void plat_power_off(void)
{
	gpio_pulse(PLAT_GPIO_PIN_POWEROFF);
	wait_forever();
}

void plat_reset(void)
{
	gpio_pulse(PLAT_GPIO_PIN_RESET);
	wait_forever();
}
