/*
 * A board as its normal world sees it, for the bare-metal test guests
 * (guest/): the PLAT_NS_* facts of the board's description
 * (plat/<board>/include/plat/memmap.h: its UART, its counter, a free SPI,
 * whether the memory firewall is enforced), and those that follow from the
 * rest of the description on every board.
 */
#ifndef PLAT_NSVIEW_H
#define PLAT_NSVIEW_H

#include <plat/memmap.h>

/* The GIC at the same addresses: it banks what each world sees. */
#define PLAT_NS_GICD_BASE       PLAT_GICD_BASE
#define PLAT_NS_GICC_BASE       PLAT_GICC_BASE
/* The SPIs of tzvmm's para-virtual devices (Linux's tree names them). */
#define PLAT_NS_PV_SPI_FIRST    PLAT_SPI_TZVMM_FIRST
#define PLAT_NS_PV_SPI_COUNT    PLAT_SPI_TZVMM_COUNT
/* Secure RAM (the kernel, the components, the canary word): the VMM
 * refuses every guest buffer there, on every board. */
#define PLAT_NS_SECURE_RAM_BASE PLAT_SECURE_RAM_BASE
#define PLAT_NS_SECURE_RAM_SIZE PLAT_SECURE_RAM_SIZE

#endif
