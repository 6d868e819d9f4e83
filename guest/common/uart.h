/*
 * The UARTs a board may give the normal world as its console
 * (PLAT_NS_UART names one kind; guest/common/lib.c calls uart_<kind>_*):
 * polled output only, the bare-metal guests read nothing.
 */
#ifndef GUEST_UART_H
#define GUEST_UART_H

#include <stdint.h>

/* Arm PL011 (QEMU virt's serial ports). */
void uart_pl011_init(uintptr_t base);
void uart_pl011_putc(uintptr_t base, char c);

/* NXP i.MX UART (the i.MX6 SoCs' UART1-8). */
void uart_imx_uart_init(uintptr_t base);
void uart_imx_uart_putc(uintptr_t base, char c);

#endif
