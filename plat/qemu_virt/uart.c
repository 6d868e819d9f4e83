/* PL011 UART1: the secure log (transmit only, polled). */
#include <stdint.h>
#include <plat/memmap.h>
#include <plat/board.h>

#define UART_DR   0x00u
#define UART_FR   0x18u
#define UART_CR   0x30u
#define FR_TXFF   (1u << 5)
#define CR_UARTEN (1u << 0)
#define CR_TXE    (1u << 8)

static inline volatile uint32_t *reg(uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(PLAT_UART_SECURE_BASE + off);
}

void plat_uart_init(void)
{
	*reg(UART_CR) = CR_UARTEN | CR_TXE;
}

void plat_uart_putc(char c)
{
	while (*reg(UART_FR) & FR_TXFF)
		;
	*reg(UART_DR) = (uint8_t)c;
}
