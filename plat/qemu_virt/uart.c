/* PL011 UART1: the secure log and console. Transmit is polled (outside
 * the kernel lock, kernel/log.c); receive raises the UART's interrupt
 * (level, while data waits), which the component granted it handles
 * (SYS_CONSOLE_READ). */
#include <stdbool.h>
#include <stdint.h>
#include <plat/memmap.h>
#include <plat/board.h>

#define UART_DR   0x00u
#define UART_FR   0x18u
#define UART_CR   0x30u
#define UART_IMSC 0x38u
#define FR_RXFE   (1u << 4)
#define FR_TXFF   (1u << 5)
#define CR_UARTEN (1u << 0)
#define CR_TXE    (1u << 8)
#define CR_RXE    (1u << 9)
#define IMSC_RX   ((1u << 4) | (1u << 6))   /* receive, receive timeout */

const uint32_t plat_irq_uart = PLAT_IRQ_UART_SECURE;

static inline volatile uint32_t *reg(uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(PLAT_UART_SECURE_BASE + off);
}

void plat_uart_init(void)
{
	*reg(UART_CR) = CR_UARTEN | CR_TXE | CR_RXE;
	*reg(UART_IMSC) = IMSC_RX;
}

int plat_uart_getc(void)
{
	if (*reg(UART_FR) & FR_RXFE)
		return -1;
	return (int)(*reg(UART_DR) & 0xffu);
}

bool plat_uart_tx_ready(void)
{
	return !(*reg(UART_FR) & FR_TXFF);
}

void plat_uart_putc(char c)
{
	while (*reg(UART_FR) & FR_TXFF)
		;
	*reg(UART_DR) = (uint8_t)c;
}
