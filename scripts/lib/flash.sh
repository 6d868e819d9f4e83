# The secure flash file QEMU boots from (-drive if=pflash,unit=0 on virt):
# 64 MiB, the secure image at its start and 0xff to the end of the 4 MiB
# firmware region, then the storage component's data region, which the
# launcher creates erased and never writes again (docs/storage.md). The
# sizes are include/tzvmm/flash_layout.h's (test/qemu/test_storage.py
# checks that they agree). Sourced by scripts/tzvmm-run; die() is the
# caller's.
# shellcheck shell=bash

FLASH_BYTES=$((64 << 20))
FLASH_FIRMWARE_BYTES=$((4 << 20))

# N bytes of erased flash (0xff) on stdout.
flash_ones() { head -c "$1" /dev/zero | tr '\0' '\377'; }

# flash_check FILE SECURE: the image fits the firmware region, and FILE,
# if it exists, is a flash file. Before anything is written.
flash_check() {
	local f=$1 secure=$2 fw size
	fw=$(stat -c %s "$secure")
	[ "$fw" -le "$FLASH_FIRMWARE_BYTES" ] ||
		die "secure image '$secure' is $fw bytes, more than the flash's firmware region ($FLASH_FIRMWARE_BYTES bytes, 4 MiB)"
	if [ -z "$f" ] || { [ ! -e "$f" ] && [ ! -L "$f" ]; }; then
		return 0   # a new file: flash_compose creates it
	fi
	[ -d "$f" ] && die "flash file '$f' is a directory, not a file"
	[ -f "$f" ] || die "flash file '$f' is not a regular file"
	size=$(stat -c %s "$f")
	[ "$size" -eq "$FLASH_BYTES" ] ||
		die "flash file '$f' is $size bytes, not $FLASH_BYTES (64 MiB): not a tzvmm flash file (give a new name to create one)"
	return 0
}

# flash_compose FILE SECURE (after flash_check): FILE holds SECURE in its
# firmware region. A missing FILE is created with its data region erased;
# an existing one keeps its data region, and only the firmware region is
# written (4 MiB, not 64).
flash_compose() {
	local f=$1 secure=$2 fw
	fw=$(stat -c %s "$secure")
	if [ ! -e "$f" ]; then
		{ mkdir -p "$(dirname "$f")" && flash_ones "$FLASH_BYTES" > "$f"; } 2>/dev/null ||
			die "flash file '$f' cannot be created"
	fi
	{ cat "$secure"; flash_ones $((FLASH_FIRMWARE_BYTES - fw)); } |
		dd of="$f" bs=64K iflag=fullblock conv=notrunc status=none 2>/dev/null ||
		die "flash file '$f': its firmware region cannot be written"
}
