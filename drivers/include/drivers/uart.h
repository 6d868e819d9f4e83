/*
 * The UART drivers, for the secure log and console: polled transmit,
 * receive by interrupt. Every driver `d` offers the same four operations,
 * d_init, d_tx_ready, d_put and d_get, each given the UART's base; a
 * board's description names its driver (PLAT_UART_DRIVER in
 * plat/<board>/include/plat/memmap.h) and the board glue calls that one
 * (plat/common/board.c).
 *
 *   init      transmit and receive on, the receive interrupt raised while
 *             a byte waits;
 *   tx_ready  true if a byte put now would not wait;
 *   put       transmits a byte (call when tx_ready);
 *   get       the byte received, or -1 if none waits.
 */
#ifndef DRIVERS_UART_H
#define DRIVERS_UART_H

#include <stdbool.h>
#include <stdint.h>

/* ARM PL011 (drivers/pl011.c). */
void pl011_init(uintptr_t base);
bool pl011_tx_ready(uintptr_t base);
void pl011_put(uintptr_t base, uint8_t byte);
int pl011_get(uintptr_t base);

/* i.MX UART (drivers/imx_uart.c). */
void imx_uart_init(uintptr_t base);
bool imx_uart_tx_ready(uintptr_t base);
void imx_uart_put(uintptr_t base, uint8_t byte);
int imx_uart_get(uintptr_t base);

#endif
