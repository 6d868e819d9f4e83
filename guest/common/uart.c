/*
 * The normal world's console UARTs (uart.h): transmit only, polled, one
 * byte at a time. Register facts: PL011 TRM (Arm DDI 0183), 3.3; i.MX6UL
 * and i.MX6DQ reference manuals, "UART Memory Map/Register Definition".
 */
#include "uart.h"

#define REG(base, off) (*(volatile uint32_t *)((base) + (off)))

#define PL011_DR    0x00u
#define PL011_FR    0x18u
#define PL011_TXFF  (1u << 5)        /* transmit FIFO full */

/* Whoever started the machine (QEMU, or firmware) has the PL011 enabled:
 * nothing to set. */
void uart_pl011_init(uintptr_t base)
{
	(void)base;
}

void uart_pl011_putc(uintptr_t base, char c)
{
	while (REG(base, PL011_FR) & PL011_TXFF)
		;
	REG(base, PL011_DR) = (uint8_t)c;
}

#define IMX_UTXD       0x40u
#define IMX_UCR1       0x80u
#define IMX_UCR2       0x84u
#define IMX_USR1       0x94u
#define IMX_UCR1_UARTEN (1u << 0)
#define IMX_UCR2_SRST  (1u << 0)     /* 0 resets the UART: kept at 1 */
#define IMX_UCR2_TXEN  (1u << 2)
#define IMX_UCR2_WS    (1u << 5)     /* 8-bit characters */
#define IMX_UCR2_IRTS  (1u << 14)    /* transmit regardless of RTS */
#define IMX_USR1_TRDY  (1u << 13)    /* the transmit FIFO has room */

/* The UART may come out of reset with its transmitter off (QEMU's model
 * does: nothing before the guest uses UART1), so the guest turns it on,
 * keeping what firmware set (the baud rate: QEMU has none). */
void uart_imx_uart_init(uintptr_t base)
{
	REG(base, IMX_UCR1) |= IMX_UCR1_UARTEN;
	REG(base, IMX_UCR2) |= IMX_UCR2_SRST | IMX_UCR2_TXEN | IMX_UCR2_WS | IMX_UCR2_IRTS;
}

void uart_imx_uart_putc(uintptr_t base, char c)
{
	while (!(REG(base, IMX_USR1) & IMX_USR1_TRDY))
		;
	REG(base, IMX_UTXD) = (uint8_t)c;
}
