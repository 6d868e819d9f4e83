/* ARM PrimeCell UART (PL011, DDI 0183). The receive interrupt is level:
 * raised while data waits (receive) or has waited (receive timeout). */
#include <drivers/mmio.h>
#include <drivers/uart.h>

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

void pl011_init(uintptr_t base)
{
	mmio_write32(base + UART_CR, CR_UARTEN | CR_TXE | CR_RXE);
	mmio_write32(base + UART_IMSC, IMSC_RX);
}

bool pl011_tx_ready(uintptr_t base)
{
	return !(mmio_read32(base + UART_FR) & FR_TXFF);
}

void pl011_put(uintptr_t base, uint8_t byte)
{
	mmio_write32(base + UART_DR, byte);
}

int pl011_get(uintptr_t base)
{
	if (mmio_read32(base + UART_FR) & FR_RXFE)
		return -1;
	return (int)(mmio_read32(base + UART_DR) & 0xffu);
}
