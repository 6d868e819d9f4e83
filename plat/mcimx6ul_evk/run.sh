# How scripts/tzvmm-run boots this board (sourced; bash): see
# plat/qemu_virt/run.sh for what each name means.
# shellcheck shell=bash

BOARD_MAX_CPUS=1        # one Cortex-A7
BOARD_MAX_MEM=1536      # MiB: normal RAM 0x80000000-0xdfffffff, tzvmm's 256 MiB above
BOARD_BOOT_FILES=blob   # at PLAT_BOOTFILES_BASE (plat/mcimx6ul_evk/include/plat/memmap.h)
BOARD_BOOT_FILES_ADDR=0xe8000000
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

# The normal world's Linux: see plat/qemu_virt/run.sh.
BOARD_NS_RAM_BASE=0x80000000
BOARD_SERIAL=ttymxc0
BOARD_EARLYCON=ec_imx6q,0x02020000
BOARD_PV_SPI_FIRST=122

# board_dtb_base OUT SMP MEM: the kernel package's own tree for the board
# (TZVMM_KERNEL_DTBS, the cached Debian kernel's DTB folder), without what
# the secure world owns: UART2 (the secure log), uSDHC1 (its storage), WDOG1
# and SNVS's power-off (PSCI SYSTEM_RESET/SYSTEM_OFF go through the secure
# world instead), and with the normal world's RAM only: tzvmm's 256 MiB at
# 0xe0000000 are not in its memory node.
board_dtb_base() {
	local src=${TZVMM_KERNEL_DTBS:-}/imx6ul-14x14-evk.dtb node
	[ -f "$src" ] || die "no $src: the kernel package's DTB for this board"
	# Padded, so that fdtput has room to grow it.
	dtc -q -I dtb -O dtb -p 65536 -o "$1" "$src"
	for node in /soc/bus@2100000/serial@21e8000 /soc/bus@2100000/mmc@2190000 \
		    /soc/bus@2000000/watchdog@20bc000 /soc/bus@2000000/snvs@20cc000/snvs-poweroff; do
		fdtput -r "$1" "$node" || die "board tree: no node $node to remove"
	done
	fdtput -d "$1" /aliases serial1 2>/dev/null || true
	fdtput -d "$1" /aliases mmc0 2>/dev/null || true
	fdtput -tx "$1" /memory@80000000 reg 0x80000000 $(printf '0x%x' $(($3 << 20)))
	fdtput -ts "$1" /chosen stdout-path /soc/bus@2000000/spba-bus@2000000/serial@2020000
}
