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
#   TZVMM_ROOTFS=busybox|debian  the system (make run ROOTFS=): the busybox
#                              initramfs (default), or Debian 12 with systemd on
#                              a disk of its own (guest/debian/mkrootfs.sh). Then
#                              the initramfs only mounts that disk (guest/debian/init,
#                              with guest/debian/initramfs-modules), and a fourth
#                              line names the disk to attach: TZVMM_ROOT_DISK
#                              (default OUTDIR/debian-root.img), copied from the
#                              cached image when it does not exist; root=UUID= is
#                              that disk's. KERNEL= and INITRD= are refused: the
#                              system holds the cached kernel's modules.
#   TZVMM_PASSWORD=WORD        with ROOTFS=debian: root's password on the disk from
#                              now on (by default root has none: a development setting)
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
rootfs=${TZVMM_ROOTFS:-busybox}
case "$rootfs" in
busybox)
	init=$here/guest/linux/init modlist=$here/guest/linux/boot-modules ;;
debian)
	init=$here/guest/debian/init modlist=$here/guest/debian/initramfs-modules
	[ -z "$kernel$initrd" ] ||
		die "ROOTFS=debian boots Debian's cached kernel, whose modules the system holds: no KERNEL= or INITRD= with it" ;;
*) die "ROOTFS=$rootfs: expected busybox (the default) or debian" ;;
esac
case "$console" in
ttyAMA0 | hvc) ;;
*) die "CONSOLE=$console: expected ttyAMA0 (the serial console, the default) or hvc (the virtio console hvc0)" ;;
esac
# The user's own images, before anything is fetched or built for them.
[ -z "$kernel" ] || check_image kernel "$kernel"
[ -z "$initrd" ] || check_image initrd "$initrd"

# add_modules LIST: the modules LIST names (guest/linux/boot-modules' format)
# into the initramfs, and their names in load order into its /etc/modules.
add_modules() {
	echo "# Loaded at boot, in this order (${1#"$here"/})." >"$list"
	while read -r m _; do
		case "$m" in
		'' | '#'*) continue ;;
		kernel/?*.ko) ko=$cache/linux/root/lib/modules/$release/$m ;;
		modules/?*.ko) ko=$ours/${m#modules/} ;;
		*) die "${1#"$here"/}: '$m' is not kernel/PATH.ko or modules/NAME.ko" ;;
		esac
		[ -f "$ko" ] || die "module $ko (${1#"$here"/}) not found"
		name=${m##*/} name=${name%.ko}
		extra+=("$ko=lib/modules/$name.ko")
		echo "$name" >>"$list"
	done <"$1"
	extra+=("$list=etc/modules")
}

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
			add_modules "$modlist"
			# Tests add test-only modules of ours, not loaded at boot:
			# TZVMM_TEST_MODULES="tzvmm_smc tzvmm_tamper".
			for name in ${TZVMM_TEST_MODULES:-}; do
				[ -f "$ours/$name.ko" ] || die "TZVMM_TEST_MODULES: no module $ours/$name.ko"
				extra+=("$ours/$name.ko=lib/modules/$name.ko")
			done
		else
			[ "$rootfs" = busybox ] || die "tzvmm_virtio.ko could not be built (above): the Debian system needs it"
			echo "$me: tzvmm_virtio.ko could not be built (above): booting without para-virtual devices" >&2
		fi
	fi
	initrd=$out/initrd.cpio.gz
	[ ${#extra[@]} -gt 0 ] || initrd=$out/initrd-plain.cpio.gz
	[ "$rootfs" = busybox ] || initrd=$out/initrd-$rootfs.cpio.gz
	# Rebuilt when anything it is made of changed: the scripts, busybox, each
	# module and where it goes, the module list.
	stamp=$( {
		sha256sum "$here/guest/linux/mkinitramfs.sh" "$init" "$cache/busybox/busybox"
		for x in "${extra[@]}"; do echo "${x##*=} $(sha256sum <"${x%=*}")"; done
	} | sed 's/  .*\//  /')
	if [ ! -f "$initrd" ] || [ "$(cat "$initrd.stamp" 2>/dev/null)" != "$stamp" ]; then
		"$here/guest/linux/mkinitramfs.sh" --init "$init" "$cache/busybox/busybox" "$initrd" "${extra[@]}"
		printf '%s\n' "$stamp" >"$initrd.stamp"
	fi
	rm -f "$list"
fi

# The Debian system's disk: the run's own copy of the cached image, kept
# across runs (what the system wrote is there next time).
disk="" root=""
if [ "$rootfs" = debian ]; then
	rc=0
	made=$("$here/guest/debian/mkrootfs.sh" "$cache") || rc=$?
	image=${made%%$'\n'*}
	[ "$rc" -eq 0 ] && [ -s "$image" ] ||
		die "the Debian system could not be made (mkrootfs.sh status $rc, image '$image')"
	disk=${TZVMM_ROOT_DISK:-$out/debian-root.img}
	if [ ! -e "$disk" ]; then
		echo "$me: the Debian system's disk is $disk, a copy of $image (remove it to start afresh)" >&2
		cp --sparse=always "$image" "$disk.tmp" && mv "$disk.tmp" "$disk"
	fi
	uuid=$(blkid -o value -s UUID "$disk" 2>/dev/null) ||
		die "$disk: no file system blkid can read (remove it for a new copy of the Debian system)"
	# A copy made from an older image holds the modules of an older kernel.
	debugfs -R "ls -p /usr/lib/modules/$release" "$disk" 2>/dev/null | grep -q '/kernel/' ||
		echo "$me: $disk holds no modules of $release (it was made for another kernel; remove it for a new copy)" >&2
	root="root=UUID=$uuid ro"
	# TZVMM_PASSWORD (make run PASSWORD=): root's password on this disk from now
	# on, written into its /etc/shadow while no system runs from it.
	if [ -n "${TZVMM_PASSWORD:-}" ]; then
		t=$(mktemp -d)
		debugfs -R "dump /etc/shadow $t/shadow" "$disk" >/dev/null 2>&1 && [ -s "$t/shadow" ] ||
			{ rm -rf "$t"; die "$disk: cannot read its /etc/shadow"; }
		hash=$(printf '%s\n' "$TZVMM_PASSWORD" | openssl passwd -6 -stdin)
		awk -F: -v OFS=: -v h="$hash" '$1 == "root" { $2 = h } { print }' "$t/shadow" >"$t/new"
		printf '%s\n' "rm /etc/shadow" "write $t/new /etc/shadow" \
			"set_inode_field /etc/shadow mode 0100640" "set_inode_field /etc/shadow uid 0" \
			"set_inode_field /etc/shadow gid 42" >"$t/cmds"     # 42: Debian's group shadow
		debugfs -w -f "$t/cmds" "$disk" >/dev/null 2>&1 || { rm -rf "$t"; die "$disk: cannot write its /etc/shadow"; }
		rm -rf "$t"
		echo "$me: root's password on $disk is set (PASSWORD=)" >&2
	fi
fi

start=$((NS_RAM_BASE + LINUX_INITRD_OFFSET))
end=$((start + $(stat -c %s "$initrd")))
board=${TZVMM_PLAT:-qemu_virt}
dtb=$out/guest-smp$smp-mem$mem.dtb
[ "$board" = qemu_virt ] || dtb=$out/guest-$board-smp$smp-mem$mem.dtb
[ "$console" = ttyAMA0 ] || dtb=${dtb%.dtb}-$console.dtb
[ "$rootfs" = busybox ] || dtb=${dtb%.dtb}-$rootfs.dtb
dtbs=$(ls -d "$cache"/linux/root/usr/lib/linux-image-* 2>/dev/null | head -n 1)
TZVMM_CONSOLE=$console TZVMM_KERNEL_DTBS=$dtbs TZVMM_ROOT=$root \
	"$here/guest/linux/mkdtb.sh" "$dtb" "$smp" "$mem" "$start" "$end"
printf '%s\n%s\n%s\n' "$kernel" "$initrd" "$dtb"
[ -z "$disk" ] || printf '%s\n' "$disk"
