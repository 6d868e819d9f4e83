/*
 * The i.MX UART (i.MX6 reference manuals, chapter "UART"): 8N1, the baud
 * rate left as the boot ROM (or QEMU) set it. Receive raises the UART's
 * interrupt while a byte waits (UCR1.RRDYEN with the receive threshold at
 * one byte); transmit is polled on USR1.TRDY.
 */
#include <drivers/mmio.h>
#include <drivers/uart.h>

#define URXD        0x00u
#define UTXD        0x40u
#define UCR1        0x80u
#define UCR2        0x84u
#define UFCR        0x90u
#define USR1        0x94u
#define USR2        0x98u
#define URXD_DATA   0xffu
#define UCR1_UARTEN (1u << 0)
#define UCR1_RRDYEN (1u << 9)
#define UCR2_SRST   (1u << 0)    /* active low: 1 = not in reset */
#define UCR2_RXEN   (1u << 1)
#define UCR2_TXEN   (1u << 2)
#define UCR2_WS     (1u << 5)    /* 8-bit words */
#define UCR2_IRTS   (1u << 14)   /* ignore RTS */
#define UFCR_RXTL_1 1u           /* RRDY from one byte on */
#define UFCR_TXTL   (2u << 10)   /* TRDY below two bytes */
#define UFCR_DIV1   (5u << 7)    /* reference clock divider 1 (RFDIV = 101) */
#define USR1_TRDY   (1u << 13)
#define USR2_RDR    (1u << 0)

void imx_uart_init(uintptr_t base)
{
	mmio_write32(base + UFCR, UFCR_TXTL | UFCR_DIV1 | UFCR_RXTL_1);
	mmio_write32(base + UCR2, UCR2_SRST | UCR2_RXEN | UCR2_TXEN | UCR2_WS | UCR2_IRTS);
	mmio_write32(base + UCR1, UCR1_UARTEN | UCR1_RRDYEN);
}

bool imx_uart_tx_ready(uintptr_t base)
{
	return (mmio_read32(base + USR1) & USR1_TRDY) != 0;
}

void imx_uart_put(uintptr_t base, uint8_t byte)
{
	mmio_write32(base + UTXD, byte);
}

int imx_uart_get(uintptr_t base)
{
	if (!(mmio_read32(base + USR2) & USR2_RDR))
		return -1;
	return (int)(mmio_read32(base + URXD) & URXD_DATA);
}
