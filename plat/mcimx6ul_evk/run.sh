# How scripts/tzvmm-run boots this board (sourced; bash): see
# plat/qemu_virt/run.sh for what each name means.
# shellcheck shell=bash

BOARD_MAX_CPUS=1        # one Cortex-A7
BOARD_MAX_MEM=1792      # MiB: normal RAM 0x80000000-0xefffffff, tzvmm's 256 MiB above
BOARD_BOOT_FILES=blob   # at PLAT_BOOTFILES_BASE (plat/mcimx6ul_evk/include/plat/memmap.h)
BOARD_BOOT_FILES_ADDR=0xf8000000
BOARD_BOOT_FILES_MAX=$((128 << 20))

# The machine always has the whole 2 GiB DDR window (tzvmm lives at its
# top; QEMU allocates what is touched); MEM only sizes the normal world's
# part, which the boot files tell the secure world. The secure image is
# the ELF beside the flat one: QEMU's ELF loader puts it at PLAT_BOOT_BASE
# and starts it in secure SVC. The SD card is the flash file's layout, so
# that the storage component's data region is where it is on virt.
board_media() {
	local elf=${2%.bin}.elf
	[ -f "$elf" ] || die "secure image '$elf' not found (the i.MX boards load the ELF)"
	flash_compose "$1" "$2"
	args+=(-m 2048 -kernel "$elf" -drive "if=sd,format=raw,file=${1//,/,,}")
}
