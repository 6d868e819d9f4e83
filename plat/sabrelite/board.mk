# SABRE Lite (i.MX6Q): the drivers the kernel links (drivers/<name>.c) for the
# devices plat/sabrelite/include/plat/memmap.h names, and the storage
# component's medium (an SD card behind uSDHC4).
BOARD_DRIVERS := gicv2 imx_uart a9_timer imx_power imx_src tzc380
BOARD_STORAGE := usdhc
BOARD_SMP_DEFAULT := 4
# Its normal world has at most 768 MiB (tzvmm keeps the top of 1 GiB).
BOARD_MEM_DEFAULT := 512
# Cortex-A9: the monitor invalidates the branch predictor with BPIALL
# (ICIALLU does not reach it there, as it does on the A15 and A7).
BOARD_ARCH_FLAGS := -DARCH_BP_BPIALL
