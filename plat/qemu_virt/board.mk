# QEMU virt: the drivers the kernel links (drivers/<name>.c) for the
# devices plat/qemu_virt/include/plat/memmap.h names.
BOARD_DRIVERS := gicv2 pl011 generic_timer pl061
