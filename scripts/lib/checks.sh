# Checks of run settings and guest images, shared by scripts/tzvmm-run and
# scripts/prepare-linux.sh so that both refuse the same things with the same
# words. Sourced; each check prints nothing and returns 0 when the value is
# good, or calls the caller's die() with one line that names the setting or
# file, the value and what is allowed.
# shellcheck shell=bash

# SMP=N: CPUs. GICv2 delivers SGIs to at most 8.
check_smp() {
	[[ "$1" =~ ^[1-8]$ ]] || die "SMP=$1: not a CPU count from 1 to 8 (GICv2 limit)"
}

# MEM=N: normal-world RAM in MiB, below 4 GiB with highmem=off. $2: the
# least this guest needs (Linux: 160), with why.
check_mem() {
	[[ "$1" =~ ^[0-9]{1,5}$ ]] || die "MEM=$1: not a number of MiB (64 to 3072)"
	local mib=$((10#$1))
	[ "$mib" -ge 64 ] && [ "$mib" -le 3072 ] ||
		die "MEM=$1: must be 64 to 3072 MiB (normal RAM ends below 4 GiB with highmem=off)"
	if [ -n "${2:-}" ] && [ "$mib" -lt "$2" ]; then die "MEM=$1: ${3:-at least $2 MiB needed}"; fi
	return 0
}

# GUEST_ADDR=0x...: where a raw image is loaded (the VMM checks it against RAM).
check_guest_addr() {
	[[ "$1" =~ ^0[xX][0-9a-fA-F]{1,8}$ ]] ||
		die "GUEST_ADDR=$1: not a hex address such as 0x40000000"
}

# --args NAME=WORDS: a component's run arguments (COMPONENT_ARGS_MAX 256
# bytes with the NUL, include/tzvmm/component_layout.h); the component checks the
# words themselves.
check_component_args() {
	[[ "$1" =~ ^[a-z][a-z0-9_]*= ]] ||
		die "--args '$1': not COMPONENT=WORDS, such as integrity=\"period_ms=100\""
	local words=${1#*=}
	[ "${#words}" -le 255 ] || die "--args ${1%%=*}: ${#words} bytes, at most 255"
	[[ "$words" != *[$'\n\r']* ]] || die "--args ${1%%=*}: must be one line"
}

# The first n bytes of a file as lowercase hex, no spaces.
head_hex() { od -An -tx1 -N "$2" -v "$1" | tr -d ' \n'; }

# How a file begins, for a message: its first 16 bytes as text if they are
# printable text, else its first 8 bytes in hex.
file_start() {
	local bytes
	bytes=$(head -c 16 "$1" | od -An -tx1 -v | tr -d ' \n')
	if [[ "$bytes" =~ ^(2[0-9a-f]|[3-6][0-9a-f]|7[0-9a-e]|0a|09)+$ ]]; then
		echo "text \"$(head -c 16 "$1" | tr '\n\t' '  ')\""
	else
		echo "bytes ${bytes:0:16}"
	fi
}

# check_image KIND FILE: a regular, non-empty file whose header is what
# KIND needs, as far as the host can tell before the secure world loads it.
# KIND: guest (raw image), kernel (zImage), initrd, dtb, manifest (a boot
# manifest, scripts/tzvmm-sign: its length and magic; the VMM checks the rest).
check_image() {
	local kind=$1 f=$2 what size
	case "$kind" in
	guest) what="guest image" ;;
	kernel) what="kernel image" ;;
	initrd) what="initrd" ;;
	dtb) what="device tree" ;;
	manifest) what="boot manifest" ;;
	*) die "check_image: unknown kind '$kind'" ;;
	esac
	[ -e "$f" ] || die "$what '$f' not found"
	[ -d "$f" ] && die "$what '$f' is a directory, not a file"
	[ -f "$f" ] || die "$what '$f' is not a regular file"
	[ -r "$f" ] || die "$what '$f' is not readable"
	size=$(stat -c %s "$f")
	[ "$size" -gt 0 ] || die "$what '$f' is empty"
	case "$kind" in
	kernel)
		# ARM zImage: magic 0x016f2818 (little-endian) at offset 0x24.
		[ "$size" -ge 48 ] && [ "$(od -An -tx1 -j 36 -N 4 "$f" | tr -d ' \n')" = 18286f01 ] ||
			die "$what '$f' is not an ARM zImage (no magic 0x016f2818 at offset 0x24; it begins with $(file_start "$f"))"
		;;
	manifest)
		[ "$size" -eq 256 ] && [ "$(head_hex "$f" 4)" = 545a424d ] ||
			die "$what '$f' is not a boot manifest (256 bytes starting \"TZBM\"; see scripts/tzvmm-sign)"
		;;
	dtb)
		[ "$(head_hex "$f" 4)" = d00dfeed ] ||
			die "$what '$f' is not a flattened device tree (no magic 0xd00dfeed; it begins with $(file_start "$f"))"
		local total=$((16#$(od -An -tx1 -j 4 -N 4 "$f" | tr -d ' \n')))
		[ "$total" -le "$size" ] ||
			die "$what '$f': its header gives $total bytes, the file has $size"
		;;
	initrd)
		# What Linux unpacks as an initramfs: a newc cpio archive, plain
		# or compressed (init/initramfs.c, lib/decompress.c).
		case "$(head_hex "$f" 6)" in
		303730373031 | 303730373032) ;;   # "070701" / "070702": newc cpio
		1f8b* | 1f9e*) ;;                 # gzip
		fd377a585a00) ;;                  # xz
		28b52ffd*) ;;                     # zstd
		02214c18* | 04224d18*) ;;         # lz4 (legacy, frame)
		425a68*) ;;                       # bzip2 "BZh"
		5d0000*) ;;                       # lzma
		894c5a4f*) ;;                     # lzop
		*) die "$what '$f' is not an initramfs: it begins with $(file_start "$f"); expected a newc cpio archive, plain or compressed with gzip, xz, zstd, lz4, bzip2, lzma or lzo" ;;
		esac
		;;
	esac
	return 0
}
