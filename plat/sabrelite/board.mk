# SABRE Lite (i.MX6Q): the drivers the kernel links (drivers/<name>.c) for the
# devices plat/sabrelite/include/plat/memmap.h names, and the storage
# component's medium (an SD card behind uSDHC1).
BOARD_DRIVERS := gicv2 imx_uart a9_timer imx_power imx_src tzc380
BOARD_STORAGE := usdhc
BOARD_SMP_DEFAULT := 4
