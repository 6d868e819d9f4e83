#!/usr/bin/env bash
# modules.sh [CACHE [OUTDIR]] — build our own kernel modules for exactly the kernel
# fetch.sh cached, and print the directory that holds them.
#
# Every folder guest/linux/modules/<name>/ (a Kbuild file and its sources) becomes
# <name>.ko in OUTDIR (default $CACHE/modules/<release>/). The kernel is Debian's
# stock armmp kernel, built with MODVERSIONS: a module loads only if it was built
# against that kernel's own headers, so everything is pinned to the version in
# $CACHE/linux/version (fetch.sh runs first if there is none) and taken from
# Debian's archive with apt-get download + dpkg-deb -x, nothing installed:
#   linux-headers-<release>:armhf     the flavour's .config, Module.symvers, generated headers
#   linux-headers-<abi>-common:all    the source headers and the top Makefile
#   linux-kbuild-<x.y>:amd64          the build's host programs, for this host
#   linux-kbuild-<x.y>:armhf          only its modpost (below)
# The common and kbuild package names come from the headers package's Depends, and
# all four are pinned to the kernel image's version: an unpinned linux-kbuild may be
# a newer security update than the kernel, and its modules then fail to load.
#
# Host programs: the headers' scripts/ is a link into linux-kbuild, whose programs
# are built for that package's architecture; the armhf ones cannot run here. The
# amd64 package of the same version serves for fixdep, genksyms and recordmcount,
# which do not depend on the target. modpost does: it reads MODULE_DEVICE_TABLE()s
# with the structure layouts of the machine it was built for, so Debian's amd64
# modpost rejects any module with a device table ("sizeof(struct of_device_id)=200
# is not a modulo ..."; it is 196 on ARM). modpost is therefore Debian's armhf build
# of the same version, run under qemu-arm (qemu-user) with the cross toolchain's
# armhf libc: Debian's own tool for this kernel, a 1.4 MB download, where rebuilding
# modpost for ARM from source would need the 139 MB linux-source package.
#
# Cross compiler: gcc-arm-linux-gnueabihf; the headers select $(CROSS_COMPILE)gcc-12
# (.kernelvariables), the compiler Debian built the kernel with. Build tools come from
# scripts/install-deps.sh. Each module is built in OUTDIR/.build/<name>/ (log and
# unstripped .ko kept there for gdb), stripped of debug information like Debian's
# own modules, and checked: its vermagic must equal that of Debian's modules for
# the kernel. A module is rebuilt only when its sources, the kernel, the compiler
# or this script change. Progress and errors on stderr; quiet when all is cached.
set -euo pipefail
export LC_ALL=C

me=modules.sh
die() { echo "$me: $*" >&2; exit 1; }
[ $# -le 2 ] || die "usage: $me [CACHE [OUTDIR]]"
CACHE=${1:-${TZVMM_CACHE:-$HOME/.cache/tzvmm}}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
self=$here/$(basename "$0")
cross=arm-linux-gnueabihf-
sysroot=/usr/arm-linux-gnueabihf     # the armhf libc of the cross toolchain (libc6-armhf-cross)

for t in apt-get apt-cache dpkg dpkg-deb flock sha256sum; do
    command -v "$t" >/dev/null || die "$t not found (needs a Debian host)"
done
"$root/scripts/install-deps.sh"      # the cross compiler and qemu-user, if missing
[ -e "$sysroot/lib/ld-linux-armhf.so.3" ] ||
    die "no armhf libc in $sysroot (apt-get install libc6-armhf-cross)"

mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
[ -f "$CACHE/linux/version" ] || "$here/fetch.sh" "$CACHE" >&2
kstamp=$(cat "$CACHE/linux/version")
kver=$(sed -n 's/^version=//p' <<<"$kstamp")
release=$(sed -n 's/^release=//p' <<<"$kstamp")
{ [ -n "$kver" ] && [ -n "$release" ]; } || die "no version= and release= lines in $CACHE/linux/version"
out=${2:-$CACHE/modules/$release}
mkdir -p "$out"
out=$(cd "$out" && pwd)
# make cannot take paths with blanks (M=, -C, include).
[[ "$CACHE$out" != *[[:space:]]* ]] || die "cache '$CACHE' or output '$out' has a blank in its path; make cannot build there"

# One run at a time per cache: two would unpack the headers over each other.
exec 9>"$CACHE/.modules.lock"
flock 9

# --- kernel headers and host programs ---------------------------------------------
# Unpacked into $CACHE/headers/tree, for one kernel at a time (like $CACHE/linux).
# shellcheck source-path=SCRIPTDIR
. "$here/lib-apt.sh"
hstamp="$kstamp
script=$(sha256sum <"$self" | cut -d' ' -f1)"
hdr=$CACHE/headers/tree/usr/src/linux-headers-$release
if [ ! -d "$hdr" ] || [ "$(cat "$CACHE/headers/version" 2>/dev/null)" != "$hstamp" ]; then
    hpkg=linux-headers-$release
    deps=$(apt-cache show --no-all-versions "$hpkg:armhf=$kver" 2>/dev/null | sed -n 's/^Depends: //p') ||
        true
    [ -n "$deps" ] || die "$hpkg:armhf $kver is not in the apt lists (the kernel in $CACHE/linux is not the archive's: run guest/linux/fetch.sh, or apt-get update)"
    deps=$(tr ',' '\n' <<<"$deps" | sed 's/^ *//; s/ .*//')
    common=$(grep -x 'linux-headers-.*-common' <<<"$deps") || die "$hpkg $kver depends on no linux-headers-*-common package"
    kbuild=$(grep -x 'linux-kbuild-.*' <<<"$deps") || die "$hpkg $kver depends on no linux-kbuild-* package"
    host=$(dpkg --print-architecture)
    apt_download "$CACHE" "$hpkg" "$kver" armhf
    apt_download "$CACHE" "$common" "$kver" all
    apt_download "$CACHE" "$kbuild" "$kver" "$host"
    apt_download "$CACHE" "$kbuild" "$kver" armhf

    echo "$me: unpacking the headers of $release ($kver)" >&2
    new=$CACHE/headers.new
    rm -rf "$new"
    mkdir -p "$new"
    for p in "$hpkg armhf" "$common all" "$kbuild $host"; do
        read -r name arch <<<"$p"
        dpkg-deb -x "$(apt_deb_path "$CACHE" "$name" "$kver" "$arch")" "$new/tree"
    done
    dpkg-deb -x "$(apt_deb_path "$CACHE" "$kbuild" "$kver" armhf)" "$new/kbuild-armhf"
    h=$new/tree/usr/src/linux-headers-$release
    [ -f "$h/Makefile" ] || die "no usr/src/linux-headers-$release/Makefile in $hpkg $kver"
    # The flavour's Makefile includes the common one by its installed path.
    sed -i "s|^include /usr/src/|include $CACHE/headers/tree/usr/src/|" "$h/Makefile"
    [ -f "$new/tree/usr/src/$common/Makefile" ] || die "no usr/src/$common/Makefile in $common $kver"
    mod=$(readlink -f "$h/scripts")/mod          # in the amd64 kbuild package
    [ -x "$mod/modpost" ] || die "no scripts/mod/modpost in $kbuild:$host $kver"
    # Debian's modpost is a front end that runs modpost.real-<endianness>-<bits> for
    # the objects' ELF class; an armhf kernel is always little-endian 32-bit.
    armpost=$new/kbuild-armhf/usr/lib/$kbuild/scripts/mod/modpost.real-lsb-32
    [ -f "$armpost" ] || die "no scripts/mod/modpost.real-lsb-32 in $kbuild:armhf $kver"
    mv "$armpost" "$mod/modpost.armhf"
    rm -rf "$new/kbuild-armhf"
    cat >"$mod/modpost" <<EOF
#!/bin/sh
# Debian's armhf modpost under qemu-user: the amd64 one has x86-64 device-table
# layouts (written by guest/linux/modules.sh).
exec qemu-arm -L $sysroot "\$(dirname "\$0")/modpost.armhf" "\$@"
EOF
    printf '%s\n' "$hstamp" >"$new/version"
    rm -rf "$CACHE/headers"
    mv "$new" "$CACHE/headers"
    # Modules built for an earlier kernel cannot load into this one.
    if [ -d "$CACHE/modules" ]; then
        find "$CACHE/modules" -mindepth 1 -maxdepth 1 -type d ! -name "$release" -exec rm -rf {} +
    fi
fi

# --- modules ------------------------------------------------------------------------
# The compiler Debian built the kernel with, as the headers name it (CC = ...gcc-12).
gcc=$(sed -n 's/^CC = .*(CROSS_COMPILE)//p' "$hdr/.kernelvariables")
[ -n "$gcc" ] || die "no CC line in $hdr/.kernelvariables"
cc=$("$cross$gcc" --version 2>/dev/null | sed -n 1p) ||
    die "$cross$gcc not found: the kernel was built with $gcc (apt-get install $gcc-arm-linux-gnueabihf)"
# What every module's stamp shares: the kernel, the compiler and this script.
base="$hstamp
cc=$cc"
# Debian's own modules for this kernel say what vermagic ours must carry.
ko_field() { # KO FIELD: the field's value(s) from the module's .modinfo section
    local t
    t=$(mktemp)
    "${cross}objcopy" -O binary -j .modinfo "$1" "$t" || { rm -f "$t"; return 1; }
    tr '\0' '\n' <"$t" | sed -n "s/^$2=//p"
    rm -f "$t"
}
ref=$(find "$CACHE/linux/root/lib/modules/$release" -name '*.ko' -print -quit 2>/dev/null)
[ -n "$ref" ] || die "no Debian modules in $CACHE/linux/root/lib/modules/$release to compare vermagic with (remove $CACHE/linux and run guest/linux/fetch.sh)"
want=$(ko_field "$ref" vermagic)
[ -n "$want" ] || die "no vermagic in $ref"

for src in "$here"/modules/*/; do
    [ -f "$src/Kbuild" ] || continue
    src=${src%/}
    name=${src##*/}
    [[ "$name" =~ ^[A-Za-z0-9_]+$ ]] || die "module folder '$src': name must be letters, digits and _"
    stamp="$base
src=$(cd "$src" && find . -type f | sort | xargs -d '\n' sha256sum | sha256sum | cut -d' ' -f1)"
    ko=$out/$name.ko
    [ -f "$ko" ] && [ "$(cat "$out/.$name.stamp" 2>/dev/null)" = "$stamp" ] && continue

    echo "$me: building $name.ko for $release" >&2
    b=$out/.build/$name
    rm -rf "$b"
    mkdir -p "$out/.build"
    cp -r "$src" "$b"
    # The paths in the debug information (and so the build id that stays after
    # stripping) name the sources as in the repository and the headers as installed
    # (/usr/src/...): the same .ko whatever the cache and output directories.
    prefix_map="-ffile-prefix-map=$b=guest/linux/modules/$name -ffile-prefix-map=$CACHE/headers/tree/=/"
    if ! make -C "$hdr" M="$b" ARCH=arm CROSS_COMPILE="$cross" KCFLAGS="$prefix_map" modules \
        >"$b.log" 2>&1; then
        # The compiler's messages, naming the sources rather than their copy.
        grep -E 'error|Error|FATAL|warning' "$b.log" | sed "s|$b/|$src/|g" | head -n 20 >&2 || true
        die "building $name.ko from $src failed (log: $b.log)"
    fi
    [ -f "$b/$name.ko" ] || die "$src/Kbuild built no $name.ko (a folder <name> must build <name>.ko)"
    "${cross}strip" --strip-debug -o "$ko.new" "$b/$name.ko"
    got=$(ko_field "$ko.new" vermagic)
    [ "$got" = "$want" ] || die "$name.ko has vermagic '$got', Debian's modules for $release have '$want'"
    mv "$ko.new" "$ko"
    printf '%s\n' "$stamp" >"$out/.$name.stamp"
    echo "$me: $ko: vermagic $got" >&2
done
# What was built from module folders that are gone.
for f in "$out"/.*.stamp "$out"/.build/*/; do
    [ -e "$f" ] || continue
    name=${f%/} name=${name##*/} name=${name#.} name=${name%.stamp}
    [ -d "$here/modules/$name" ] ||
        rm -rf "$out/$name.ko" "$out/.$name.stamp" "$out/.build/$name" "$out/.build/$name.log"
done
echo "$out"
