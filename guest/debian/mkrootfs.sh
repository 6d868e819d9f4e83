#!/usr/bin/env bash
# mkrootfs.sh [--base] [CACHEDIR] — the normal world's Debian 12 system, as an ext4 image.
#
# Prints two lines: the image (a file of CACHEDIR/debian/, never written by a
# run: make run and the tests boot a copy of it) and the UUID of its file system.
# Two stages, each cached in CACHEDIR/debian (default ${TZVMM_CACHE:-~/.cache/tzvmm}):
#  1. base-KEY.tar: mmdebstrap's minbase system of Debian's armhf packages with
#     those guest/debian/packages lists, from the archive this host's apt uses.
#     Its second stage (the packages' maintainer scripts) runs under qemu-user
#     through binfmt_misc, set up here if the host has not. About two minutes
#     and 200 MB; KEY hashes the list and this script's stage-1 code.
#  2. rootfs-KEY.img: the base with guest/debian/overlay/ on top (the secure
#     disk's unit, the network, the hostname), the units enabled, root without a
#     password (a development setting, docs/debian.md), /etc/fstab with a new
#     UUID, and the modules of the exact kernel fetch.sh cached, ours among
#     them (guest/linux/modules.sh). A 2 GiB sparse file; a few seconds. KEY
#     hashes the base, the overlay, the modules and this script.
# Older files of either stage are removed when a new one is made. --base: stage 1
# only, printing nothing (make check starts it early, beside the host tests).
# One run at a time: a second waits for the first (a lock in CACHEDIR/debian).
# Needs root (the system's files belong to root and other users); installs
# mmdebstrap, qemu-user-static, binfmt-support, arch-test, e2fsprogs and kmod
# from Debian's archive when they are missing (scripts/install-deps.sh).
set -euo pipefail
export LC_ALL=C

me=mkrootfs.sh
die() { echo "$me: $*" >&2; exit 1; }
say() { echo "$me: $*" >&2; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
only_base=0
[ "${1:-}" != --base ] || { only_base=1; shift; }
cache=${1:-${TZVMM_CACHE:-$HOME/.cache/tzvmm}}
[ "$(id -u)" = 0 ] || die "needs root: the Debian system's files belong to root and its users"
# Only this system needs them: installed on first use, not by every make.
"$root/scripts/install-deps.sh" mmdebstrap:mmdebstrap arch-test:arch-test \
	update-binfmts:binfmt-support /usr/libexec/qemu-binfmt/arm-binfmt-P:qemu-user-static \
	mke2fs:e2fsprogs depmod:kmod
out=$cache/debian
mkdir -p "$out"
exec 9>"$out/.lock"
flock 9

# ---- stage 1: the base system ------------------------------------------------
# The second stage runs armhf programs: binfmt_misc must hand them to qemu-arm.
# The F flag of Debian's qemu-user-static entry opens the interpreter once, so
# it also works in mmdebstrap's chroot.
if ! arch-test armhf >/dev/null 2>&1; then
	[ -e /proc/sys/fs/binfmt_misc/register ] ||
		mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null ||
		die "cannot mount binfmt_misc on /proc/sys/fs/binfmt_misc: armhf programs cannot run on this host"
	update-binfmts --enable qemu-arm >/dev/null 2>&1 || true
	arch-test armhf >/dev/null 2>&1 ||
		die "armhf programs do not run on this host (update-binfmts --enable qemu-arm failed)"
fi
# The archive the host's apt uses (deb822 or one-line sources), never a name of ours.
sources=""
for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
	[ -s "$f" ] && { sources=$f; break; }
done
[ -n "$sources" ] || die "no Debian archive in /etc/apt (sources.list.d/debian.sources or sources.list)"
packages=$(sed 's/#.*//' "$here/packages" | xargs | tr ' ' ,)
[ -n "$packages" ] || die "guest/debian/packages lists no package"
base_key=$( { echo "$packages"; sed -n '/^# ---- stage 1/,/^# ---- stage 2/p' "$0"; } |
	sha256sum | cut -c1-16)
base=$out/base-$base_key.tar tmpbase=$out/.base-$base_key.tmp.tar
if [ ! -s "$base" ]; then
	say "building the Debian 12 armhf system (once, about two minutes; cached in $out)"
	log=$out/mmdebstrap.log
	# mmdebstrap's own progress lines (I: ...), one a step; all of it in the log.
	rc=0
	mmdebstrap --arch=armhf --variant=minbase --include="$packages" bookworm "$tmpbase" "$sources" 2>&1 |
		tee "$log" | { grep --line-buffered '^I: ' || true; } | sed -u "s/^I: /$me: /" >&2 || rc=$?
	if [ "$rc" -ne 0 ] || [ ! -s "$tmpbase" ]; then
		rm -f "$tmpbase"
		die "mmdebstrap failed: $(grep -E '^E: ' "$log" | tail -n 1) (log: $log)"
	fi
	mv "$tmpbase" "$base"
	find "$out" -maxdepth 1 -name 'base-*.tar' ! -path "$base" -delete
fi

# ---- stage 2: the image ------------------------------------------------------
[ "$only_base" = 0 ] || exit 0
"$root/guest/linux/fetch.sh" "$cache"
release=$(sed -n 's/^release=//p' "$cache/linux/version")
kmods=$cache/linux/root/lib/modules/$release
[ -d "$kmods/kernel" ] || die "no modules of $release in $kmods (remove $cache/linux and run again)"
ours=$("$root/guest/linux/modules.sh" "$cache")
key=$( {
	echo "$base_key $release"
	sha256sum <"$0"     # by content: the key is the same however the script is named
	sha256sum "$ours"/*.ko "$kmods/modules.order"
	(cd "$here/overlay" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
} | sed 's|  /.*/|  |' | sha256sum | cut -c1-16)
img=$out/rootfs-$key.img
if [ ! -s "$img" ] || [ ! -s "$img.uuid" ]; then
	say "making the Debian system's disk image (a few seconds)"
	tmp=$(mktemp -d "$out/.img.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	tree=$tmp/tree
	mkdir "$tree"
	tar -C "$tree" --numeric-owner -xpf "$base"
	cp -a "$here/overlay/." "$tree/"
	# Units of the overlay, enabled as systemctl enable would (the links
	# their [Install] sections ask for).
	wants() { mkdir -p "$tree/etc/systemd/system/$1.wants"; ln -sf "$2" "$tree/etc/systemd/system/$1.wants/${2##*/}"; }
	# hvc0, the secure world's virtio console, exists only once udev loaded its
	# module: the getty generator, which runs before, would not see it.
	mkdir -p "$tree/etc/systemd/system/getty.target.wants"
	ln -sf /lib/systemd/system/serial-getty@.service \
		"$tree/etc/systemd/system/getty.target.wants/serial-getty@hvc0.service"
	wants multi-user.target /lib/systemd/system/systemd-networkd.service
	wants sockets.target /lib/systemd/system/systemd-networkd.socket
	wants network-online.target /lib/systemd/system/systemd-networkd-wait-online.service
	# Root logs in without a password (development; make run PASSWORD= sets one).
	sed -i 's/^root:[^:]*:/root::/' "$tree/etc/shadow"
	uuid=$(cat /proc/sys/kernel/random/uuid)
	cat >"$tree/etc/fstab" <<-EOF
	# The normal world's own disk (QEMU's virtio-blk on virtio-mmio), found by UUID.
	UUID=$uuid / ext4 errors=remount-ro 0 1
	# The secure disk: the secure world's storage, served by its VMM over SMC
	# (virtio-blk serial tzvmm-secure-flash0). Formatted ext4 on first use by
	# tzvmm-secure-format.service; never reformatted.
	/dev/disk/by-id/virtio-tzvmm-secure-flash0 /secure ext4 nofail,x-systemd.requires=tzvmm-secure-format.service,x-systemd.device-timeout=60s 0 2
	EOF
	mkdir -p "$tree/secure"
	# The exact kernel's modules, ours in updates/ (depmod prefers it).
	rm -rf "$tree/lib/modules/$release"
	mkdir -p "$tree/lib/modules"
	cp -a "$kmods" "$tree/lib/modules/"
	mkdir -p "$tree/lib/modules/$release/updates"
	cp "$ours"/tzvmm_virtio.ko "$tree/lib/modules/$release/updates/"
	depmod -b "$tree" "$release" || die "depmod failed for $release in the image"
	rm -f "$tree/etc/machine-id"
	: >"$tree/etc/machine-id"      # empty: systemd makes one at the first boot
	truncate -s 2G "$tmp/img"
	mke2fs -q -t ext4 -L tzvmm-root -U "$uuid" -d "$tree" "$tmp/img" ||
		die "mke2fs could not make the image"
	echo "$uuid" >"$img.uuid"
	mv "$tmp/img" "$img"
	find "$out" -maxdepth 1 -name 'rootfs-*.img*' ! -name "${img##*/}" ! -name "${img##*/}.uuid" -delete
fi
printf '%s\n%s\n' "$img" "$(cat "$img.uuid")"
