#!/usr/bin/env bash
# prepare-linux.sh OUTDIR SMP MEM_MIB [KERNEL] [INITRD]
#
# Gets the normal-world Linux guest ready for one run and prints three lines:
# the zImage, the initrd and the DTB to hand to scripts/tzvmm-run.
#  - KERNEL/INITRD given: those files (the user's own kernel and initramfs);
#    otherwise Debian's stock armmp kernel and busybox (guest/linux/fetch.sh,
#    cached in ${TZVMM_CACHE:-~/.cache/tzvmm}) and an initramfs built from them.
#  - The DTB is made for this SMP/MEM and this initrd's size, with /chosen
#    pointing where the VMM loads the initrd: normal RAM + LINUX_INITRD_OFFSET
#    (components/vmm/loader.h; both must change together).
set -euo pipefail

me=prepare-linux.sh
die() { echo "$me: $*" >&2; exit 1; }
[ $# -ge 3 ] && [ $# -le 5 ] || die "usage: $me OUTDIR SMP MEM_MIB [KERNEL] [INITRD]"
out=$1 smp=$2 mem=$3 kernel=${4:-} initrd=${5:-}
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib/checks.sh"
cache=${TZVMM_CACHE:-$HOME/.cache/tzvmm}
mkdir -p "$out"

NS_RAM_BASE=0x40000000
LINUX_INITRD_OFFSET=0x08100000   # components/vmm/loader.h
check_smp "$smp"
check_mem "$mem" 160 "Linux needs at least 160 MiB (the initrd is loaded at +129 MiB)"
# The user's own images, before anything is fetched or built for them.
[ -z "$kernel" ] || check_image kernel "$kernel"
[ -z "$initrd" ] || check_image initrd "$initrd"

if [ -z "$kernel" ]; then
	"$here/guest/linux/fetch.sh" "$cache"
	kernel=$cache/linux/zImage
fi
if [ -z "$initrd" ]; then
	[ -f "$cache/busybox/busybox" ] || "$here/guest/linux/fetch.sh" "$cache"
	initrd=$out/initrd.cpio.gz
	if [ ! -f "$initrd" ] || [ "$here/guest/linux/init" -nt "$initrd" ] ||
	   [ "$here/guest/linux/mkinitramfs.sh" -nt "$initrd" ] ||
	   [ "$cache/busybox/busybox" -nt "$initrd" ]; then
		"$here/guest/linux/mkinitramfs.sh" "$cache/busybox/busybox" "$initrd"
	fi
fi

start=$((NS_RAM_BASE + LINUX_INITRD_OFFSET))
end=$((start + $(stat -c %s "$initrd")))
dtb=$out/guest-smp$smp-mem$mem.dtb
"$here/guest/linux/mkdtb.sh" "$dtb" "$smp" "$mem" "$start" "$end"
printf '%s\n%s\n%s\n' "$kernel" "$initrd" "$dtb"
