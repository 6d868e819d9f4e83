# How scripts/tzvmm-run boots this board (sourced; bash): see
# plat/qemu_virt/run.sh for what each name means.
# shellcheck shell=bash

BOARD_MAX_CPUS=4        # Cortex-A9 MPCore
BOARD_MAX_MEM=768       # MiB: normal RAM 0x10000000-0x3fffffff, tzvmm's 256 MiB above
BOARD_BOOT_FILES=blob   # at PLAT_BOOTFILES_BASE (plat/sabrelite/include/plat/memmap.h)
BOARD_BOOT_FILES_ADDR=0x48000000
BOARD_BOOT_FILES_MAX=$((128 << 20))
# QEMU models no power-off for the i.MX6Q: once the secure world has said
# "tzvmm: power off, status N" on its log, the launcher ends QEMU.
BOARD_POWER_OFF=launcher

# 1 GiB of DDR, tzvmm's 256 MiB at its top; MEM sizes the normal world's
# part. The secure image is the ELF beside the flat one (QEMU's ELF loader
# puts it at PLAT_BOOT_BASE and starts CPU 0 there in secure SVC; the SRC
# starts the others). The SD card, in the flash file's layout, sits on
# the first free SD bus QEMU finds, uSDHC4's (PLAT_STORAGE_BASE): the
# machine wires no -drive if=sd.
board_media() {
	local elf=${2%.bin}.elf
	[ -f "$elf" ] || die "secure image '$elf' not found (the i.MX boards load the ELF)"
	flash_compose "$1" "$2"
	args+=(-m 1024 -kernel "$elf" -drive "if=none,id=tzvmm-sd,format=raw,file=${1//,/,,}"
	       -device sd-card,drive=tzvmm-sd)
}

# The normal world's Linux: see plat/qemu_virt/run.sh.
BOARD_NS_RAM_BASE=0x10000000
BOARD_SERIAL=ttymxc0
BOARD_EARLYCON=ec_imx6q,0x02020000
BOARD_PV_SPI_FIRST=121

# board_dtb_base OUT SMP MEM: the kernel package's tree for the board less
# what the secure world owns (UART2, uSDHC4, WDOG1), with the normal world's
# RAM only, its console on UART1, PSCI as the CPUs' enable method, and the
# private timer's clock left out: QEMU's TWD counts at a fixed 100 MHz
# while the clock tree says 396 MHz (timers would run 4x slow); without a
# clock Linux calibrates it.
board_dtb_base() {
	local src=${TZVMM_KERNEL_DTBS:-}/imx6q-sabrelite.dtb node cpu
	[ -f "$src" ] || die "no $src: the kernel package's DTB for this board"
	dtc -q -I dtb -O dtb -p 65536 -o "$1" "$src"
	for node in /soc/bus@2100000/serial@21e8000 /soc/bus@2100000/mmc@219c000 \
		    /soc/bus@2000000/watchdog@20bc000; do
		fdtput -r "$1" "$node" || die "board tree: no node $node to remove"
	done
	fdtput -d "$1" /aliases serial1 2>/dev/null || true
	fdtput -d "$1" /aliases mmc3 2>/dev/null || true
	fdtput -d "$1" /soc/timer@a00600 clocks || die "board tree: no TWD clocks to drop"
	fdtput -tx "$1" /memory@10000000 reg 0x10000000 $(printf '0x%x' $(($3 << 20)))
	for cpu in $(fdtget -l "$1" /cpus); do
		fdtput -ts "$1" "/cpus/$cpu" enable-method psci
	done
	fdtput -ts "$1" /chosen stdout-path /soc/bus@2000000/spba-bus@2000000/serial@2020000
}
