# How scripts/tzvmm-run boots this board (sourced; bash): the limits of its
# settings, where the secure image and the storage go, how the boot files
# reach the secure world.
# shellcheck shell=bash

BOARD_MAX_CPUS=8        # GICv2
BOARD_MAX_MEM=3072      # MiB: normal RAM ends below 4 GiB with highmem=off
BOARD_BOOT_FILES=fwcfg  # QEMU's fw_cfg device (-fw_cfg)
# The normal world's own devices (tzvmm-run --disk, --net) go on virt's
# virtio-mmio transports, which QEMU's tree describes and the secure world
# leaves to the normal world.
BOARD_NW_VIRTIO=mmio

# board_media FLASH SECURE MEM: QEMU options for the machine's memory, the
# secure image and the storage file, appended to args. The secure image is
# the firmware at the start of the secure flash, which also holds the
# storage component's data (scripts/lib/flash.sh).
board_media() {
	flash_compose "$1" "$2"
	args+=(-m "$3" -drive "if=pflash,unit=0,format=raw,file=${1//,/,,}")
}

# The normal world's Linux (scripts/prepare-linux.sh, guest/linux/mkdtb.sh):
# where its RAM starts, its serial console (the console= name and the
# earlycon), the first SPI of the PLAT_SPI_TZVMM_* interrupts.
BOARD_NS_RAM_BASE=0x40000000
BOARD_SERIAL=ttyAMA0
BOARD_EARLYCON=pl011,0x9000000
BOARD_PV_SPI_FIRST=240

# board_dtb_base OUT SMP MEM: the board's device tree as the normal world
# may see it, before tzvmm's additions: QEMU's own tree for this machine
# (so every device matches it) without the secure-only nodes.
board_dtb_base() {
	timeout 30 "$qemu" -machine "dumpdtb=$1" -smp "$2" -m "$3" -serial none \
		</dev/null >"$1.log" 2>&1 ||
		die "the board's QEMU could not dump its DTB: $(tail -n 1 "$1.log")"
	# Secure-only nodes carry status = "disabled"; secure-status = "okay".
	# QEMU 7.2 emits them at the root: secflash@0, secram@e000000,
	# pl011@9040000 (secure UART), pl061@90b0000 (secure GPIO) and the
	# gpio-poweroff / gpio-restart nodes wired to it. Linux ignores disabled
	# nodes, but the normal world must not even learn they exist;
	# /secure-chosen is the secure world's /chosen.
	local node
	for node in $(fdtget -l "$1" /); do
		if [ "$(fdtget -ts "$1" "/$node" secure-status 2>/dev/null)" = okay ] &&
		   [ "$(fdtget -ts "$1" "/$node" status 2>/dev/null)" = disabled ]; then
			fdtput -r "$1" "/$node"
		fi
	done
	fdtput -r "$1" /secure-chosen 2>/dev/null || true
	# QEMU puts fresh random kaslr-seed / rng-seed into /chosen on every
	# run: a seed frozen into a reusable file is not random (and 32-bit ARM
	# has no KASLR), and it would make this output differ every time.
	fdtput -d "$1" /chosen kaslr-seed 2>/dev/null || true
	fdtput -d "$1" /chosen rng-seed 2>/dev/null || true
	fdtput -ts "$1" /chosen stdout-path /pl011@9000000
}
