#!/usr/bin/env bash
# prepare-linux.sh OUTDIR SMP MEM_MIB [KERNEL] [INITRD]
#
# Gets the normal-world Linux guest ready for one run and prints three lines:
# the zImage, the initrd and the DTB to hand to scripts/tzvmm-run.
#  - KERNEL/INITRD given: those files (the user's own kernel and initramfs);
#    otherwise Debian's stock armmp kernel and busybox (guest/linux/fetch.sh,
#    cached in ${TZVMM_CACHE:-~/.cache/tzvmm}) and an initramfs built from them.
#  - That initramfs also holds the modules guest/linux/boot-modules lists, loaded
#    at boot: our tzvmm_virtio.ko (the para-virtual devices' transport, which
#    guest/linux/modules.sh builds for the cached kernel) and Debian's own
#    modules of that kernel. They load only into a kernel of that release: with
#    another KERNEL= the initramfs is built without them (one line says so). It
#    is rebuilt whenever one of its inputs changes (a stamp of their hashes).
#  - The DTB is made for this SMP/MEM and this initrd's size, with /chosen
#    pointing where the VMM loads the initrd: normal RAM + LINUX_INITRD_OFFSET
#    (components/vmm/loader.h; both must change together).
# Environment:
#   TZVMM_CONSOLE=ttyAMA0|hvc  the shell's console (make run CONSOLE=): the
#                              serial port (default), or hvc0, the virtio console
#                              (guest/linux/mkdtb.sh; ttyAMA0 if hvc0 never comes)
set -euo pipefail

me=prepare-linux.sh
die() { echo "$me: $*" >&2; exit 1; }
[ $# -ge 3 ] && [ $# -le 5 ] || die "usage: $me OUTDIR SMP MEM_MIB [KERNEL] [INITRD]"
out=$1 smp=$2 mem=$3 kernel=${4:-} initrd=${5:-}
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib/checks.sh"
cache=${TZVMM_CACHE:-$HOME/.cache/tzvmm}
mkdir -p "$out"

. "$here/plat/${TZVMM_PLAT:-qemu_virt}/run.sh"   # the board's BOARD_NS_RAM_BASE
NS_RAM_BASE=$BOARD_NS_RAM_BASE
LINUX_INITRD_OFFSET=0x08100000   # components/vmm/loader.h
check_smp "$smp"
check_mem "$mem" 160 "Linux needs at least 160 MiB (the initrd is loaded at +129 MiB)"
console=${TZVMM_CONSOLE:-ttyAMA0}
case "$console" in
ttyAMA0 | hvc) ;;
*) die "CONSOLE=$console: expected ttyAMA0 (the serial console, the default) or hvc (the virtio console hvc0)" ;;
esac
# The user's own images, before anything is fetched or built for them.
[ -z "$kernel" ] || check_image kernel "$kernel"
[ -z "$initrd" ] || check_image initrd "$initrd"

if [ -z "$kernel" ]; then
	"$here/guest/linux/fetch.sh" "$cache"
	kernel=$cache/linux/zImage
fi
if [ -z "$initrd" ]; then
	[ -f "$cache/busybox/busybox" ] && [ -f "$cache/linux/version" ] ||
		"$here/guest/linux/fetch.sh" "$cache"
	release=$(sed -n 's/^release=//p' "$cache/linux/version")
	[ -n "$release" ] || die "no release= line in $cache/linux/version (remove $cache/linux and run again)"

	# Our modules load only into the kernel they were built for: the cached one,
	# or a KERNEL= of the same release (the release is what the kernel itself
	# and modprobe go by; a different build of the same release is still refused
	# by MODVERSIONS at insmod, and rcS then says so). The release is read from
	# the banner in the zImage's compressed payload.
	modules=1
	if ! cmp -s "$kernel" "$cache/linux/zImage" &&
	   [ "$("$here/guest/linux/zimage-release.py" "$kernel" 2>/dev/null)" != "$release" ]; then
		echo "$me: KERNEL=$kernel is not Debian's $release that tzvmm_virtio.ko was built for: booting without para-virtual devices" >&2
		modules=0
	fi
	extra=()
	list=$(mktemp)
	trap 'rm -f "$list"' EXIT
	if [ "$modules" = 1 ]; then
		if ours=$("$here/guest/linux/modules.sh" "$cache"); then
			echo "# Loaded at boot by /etc/init.d/rcS, in this order (guest/linux/boot-modules)." >"$list"
			while read -r m _; do
				case "$m" in
				'' | '#'*) continue ;;
				kernel/?*.ko) ko=$cache/linux/root/lib/modules/$release/$m ;;
				modules/?*.ko) ko=$ours/${m#modules/} ;;
				*) die "guest/linux/boot-modules: '$m' is not kernel/PATH.ko or modules/NAME.ko" ;;
				esac
				[ -f "$ko" ] || die "module $ko (guest/linux/boot-modules) not found"
				name=${m##*/} name=${name%.ko}
				extra+=("$ko=lib/modules/$name.ko")
				echo "$name" >>"$list"
			done <"$here/guest/linux/boot-modules"
			extra+=("$list=etc/modules")
			# Tests add test-only modules of ours, not loaded at boot:
			# TZVMM_TEST_MODULES="tzvmm_smc tzvmm_tamper".
			for name in ${TZVMM_TEST_MODULES:-}; do
				[ -f "$ours/$name.ko" ] || die "TZVMM_TEST_MODULES: no module $ours/$name.ko"
				extra+=("$ours/$name.ko=lib/modules/$name.ko")
			done
		else
			echo "$me: tzvmm_virtio.ko could not be built (above): booting without para-virtual devices" >&2
		fi
	fi
	initrd=$out/initrd.cpio.gz
	[ ${#extra[@]} -gt 0 ] || initrd=$out/initrd-plain.cpio.gz
	# Rebuilt when anything it is made of changed: the scripts, busybox, each
	# module and where it goes, the module list.
	stamp=$( {
		sha256sum "$here/guest/linux/mkinitramfs.sh" "$here/guest/linux/init" "$cache/busybox/busybox"
		for x in "${extra[@]}"; do echo "${x##*=} $(sha256sum <"${x%=*}")"; done
	} | sed 's/  .*\//  /')
	if [ ! -f "$initrd" ] || [ "$(cat "$initrd.stamp" 2>/dev/null)" != "$stamp" ]; then
		"$here/guest/linux/mkinitramfs.sh" "$cache/busybox/busybox" "$initrd" "${extra[@]}"
		printf '%s\n' "$stamp" >"$initrd.stamp"
	fi
	rm -f "$list"
fi

start=$((NS_RAM_BASE + LINUX_INITRD_OFFSET))
end=$((start + $(stat -c %s "$initrd")))
board=${TZVMM_PLAT:-qemu_virt}
dtb=$out/guest-smp$smp-mem$mem.dtb
[ "$board" = qemu_virt ] || dtb=$out/guest-$board-smp$smp-mem$mem.dtb
[ "$console" = ttyAMA0 ] || dtb=${dtb%.dtb}-$console.dtb
dtbs=$(ls -d "$cache"/linux/root/usr/lib/linux-image-* 2>/dev/null | head -n 1)
TZVMM_CONSOLE=$console TZVMM_KERNEL_DTBS=$dtbs \
	"$here/guest/linux/mkdtb.sh" "$dtb" "$smp" "$mem" "$start" "$end"
printf '%s\n%s\n%s\n' "$kernel" "$initrd" "$dtb"
