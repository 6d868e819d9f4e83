# How scripts/tzvmm-run boots this board (sourced; bash): the limits of its
# settings, where the secure image and the storage go, how the boot files
# reach the secure world.
# shellcheck shell=bash

BOARD_MAX_CPUS=8        # GICv2
BOARD_MAX_MEM=3072      # MiB: normal RAM ends below 4 GiB with highmem=off
BOARD_BOOT_FILES=fwcfg  # QEMU's fw_cfg device (-fw_cfg)

# board_media FLASH SECURE MEM: QEMU options for the machine's memory, the
# secure image and the storage file, appended to args. The secure image is
# the firmware at the start of the secure flash, which also holds the
# storage component's data (scripts/lib/flash.sh).
board_media() {
	flash_compose "$1" "$2"
	args+=(-m "$3" -drive "if=pflash,unit=0,format=raw,file=${1//,/,,}")
}
