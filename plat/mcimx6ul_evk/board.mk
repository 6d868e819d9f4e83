# i.MX6UL EVK: the drivers the kernel links (drivers/<name>.c) for the
# devices plat/mcimx6ul_evk/include/plat/memmap.h names, and the storage
# component's medium (an SD card behind uSDHC1).
BOARD_DRIVERS := gicv2 imx_uart generic_timer imx_power tzc380
BOARD_STORAGE := usdhc
BOARD_SMP_DEFAULT := 1
