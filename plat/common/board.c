/*
 * The board interface (plat/include/plat/board.h) for every board, from
 * its description: plat/<board>/include/plat/memmap.h names the drivers
 * (PLAT_UART_DRIVER, PLAT_TIMER_DRIVER, PLAT_POWER_OFF, PLAT_RESET), their
 * devices and the memory plan; this file binds the interface to them at
 * compile time (a driver `d` offers d_init, d_put, ...: drivers/uart.h,
 * drivers/timer.h), so a board costs no indirect call on the paths the
 * benchmarks count.
 */
#include <stdint.h>
#include <arch/mmu.h>
#include <drivers/a9_timer.h>
#include <drivers/power.h>
#include <drivers/timer.h>
#include <drivers/uart.h>
#include <plat/memmap.h>
#include <plat/board.h>

#define PLAT_CAT2(a, b) a##_##b
#define PLAT_CAT(a, b)  PLAT_CAT2(a, b)
#define UART(op)        PLAT_CAT(PLAT_UART_DRIVER, op)
#define TIMER(op)       PLAT_CAT(PLAT_TIMER_DRIVER, op)

const char plat_name[] = PLAT_NAME;
const uint32_t plat_irq_uart = PLAT_IRQ_SECURE_UART;
const uint32_t plat_irq_timer = PLAT_IRQ_SECURE_TIMER;

void plat_uart_init(void)
{
	UART(init)(PLAT_UART_SECURE_BASE);
}

int plat_uart_getc(void)
{
	return UART(get)(PLAT_UART_SECURE_BASE);
}

bool plat_uart_tx_ready(void)
{
	return UART(tx_ready)(PLAT_UART_SECURE_BASE);
}

void plat_uart_putc(char c)
{
	while (!UART(tx_ready)(PLAT_UART_SECURE_BASE))
		;
	UART(put)(PLAT_UART_SECURE_BASE, (uint8_t)c);
}

uint64_t plat_timer_now(void)
{
	return TIMER(now)(PLAT_TIMER_BASE);
}

uint32_t plat_timer_hz(void)
{
	return TIMER(hz)(PLAT_TIMER_BASE);
}

void plat_timer_program(uint64_t deadline)
{
	TIMER(program)(PLAT_TIMER_BASE, deadline);
}

void plat_timer_stop(void)
{
	TIMER(stop)(PLAT_TIMER_BASE);
}

void plat_timer_init(void)
{
#ifdef PLAT_TIMER_INIT
	PLAT_TIMER_INIT;
#endif
}

/* The machine acts on the write asynchronously (QEMU: from its main
 * loop): wait here until it does. */
static void __attribute__((noreturn)) wait_forever(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

void plat_power_off(void)
{
	PLAT_POWER_OFF;
	wait_forever();
}

void plat_reset(void)
{
	PLAT_RESET;
	wait_forever();
}

const uint32_t plat_pool_base = PLAT_POOL_BASE;
const uint32_t plat_pool_end = PLAT_POOL_END;
const uint32_t plat_flash_base = PLAT_STORAGE_BASE;
const uint32_t plat_flash_size = PLAT_STORAGE_SIZE;
