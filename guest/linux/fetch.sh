#!/usr/bin/env bash
# fetch.sh [CACHEDIR] — fetch the normal-world guest's parts from Debian's archive.
#
# tzvmm boots Debian's stock armhf kernel unmodified, so we take the kernel and a
# static busybox straight from Debian (apt-get download + dpkg-deb -x, nothing is
# installed). The kernel's ABI number changes with Debian updates, so the newest
# linux-image-6.1.0-N-armmp is resolved with apt-cache at fetch time. Results are
# kept in a cache outside the build tree (43 MB download) at stable paths:
#   $CACHE/linux/zImage      the kernel (boot/vmlinuz-*)
#   $CACHE/linux/config      its build configuration
#   $CACHE/linux/version     package=, version=, release= lines
#   $CACHE/linux/root/       the whole extracted package (modules for insmod)
#   $CACHE/busybox/busybox   static armhf busybox
# Idempotent; prints nothing when everything is already cached.
set -euo pipefail

CACHE=${1:-${TZVMM_CACHE:-$HOME/.cache/tzvmm}}
me=fetch.sh
die() { echo "$me: $*" >&2; exit 1; }
warn() { echo "$me: warning: $*" >&2; }

for t in apt-get apt-cache dpkg dpkg-deb; do
    command -v "$t" >/dev/null || die "$t not found (needs a Debian host)"
done
mkdir -p "$CACHE/debs" "$CACHE/linux" "$CACHE/busybox"
CACHE=$(cd "$CACHE" && pwd)

# --- resolve package versions -------------------------------------------------
# Prints "PKG VERSION" for busybox-static and every linux-image-6.1.0-N-armmp
# candidate for armhf (two apt-cache runs: they are slow without a pkgcache).
resolve() {
    local names
    names=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-armmp$' | awk '{print $1 ":armhf"}')
    # shellcheck disable=SC2086
    apt-cache policy busybox-static:armhf $names 2>/dev/null | awk '
        /^[^ ]/      { p = $1; sub(/:$/, "", p); sub(/:armhf$/, "", p) }
        /Candidate:/ { if ($2 != "(none)") print p, $2 }'
}
avail=$(resolve)
if ! grep -q '^busybox-static ' <<<"$avail"; then
    # armhf package lists missing: add the architecture and update, once.
    [ "$(id -u)" = 0 ] || die "no armhf package lists; run once as root: dpkg --add-architecture armhf && apt-get update"
    echo "$me: adding Debian's armhf package lists (once, for the guest's kernel and busybox)" >&2
    dpkg --print-foreign-architectures | grep -qx armhf || dpkg --add-architecture armhf
    # Some index (e.g. bookworm-security armhf, or a third-party repo) may fail to
    # fetch; the kernel comes from bookworm main, so that is only a warning.
    if ! apt-get -qq update >"$CACHE/apt-update.log" 2>&1; then
        warn "apt-get update reported errors (see $CACHE/apt-update.log); continuing"
    fi
    avail=$(resolve)
    grep -q '^busybox-static ' <<<"$avail" || die "no busybox-static:armhf in the apt lists after apt-get update (see $CACHE/apt-update.log)"
fi
bpkg=busybox-static
bver=$(awk '$1 == "busybox-static" { print $2 }' <<<"$avail")
kpkg='' kver=''
while read -r p v; do   # newest kernel package version wins
    [ "$p" = busybox-static ] && continue
    if [ -z "$kver" ] || dpkg --compare-versions "$v" gt "$kver"; then kpkg=$p kver=$v; fi
done <<<"$avail"
[ -n "$kpkg" ] || die "no linux-image-6.1.0-*-armmp:armhf in the apt lists"

# --- download (if not cached) ---------------------------------------------------
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib-apt.sh"
deb_path() { apt_deb_path "$CACHE" "$1" "$2" armhf; }   # PKG VERSION
download() { apt_download "$CACHE" "$1" "$2" armhf; }   # PKG VERSION

# --- kernel -------------------------------------------------------------------
kstamp="package=$kpkg
version=$kver"
if [ ! -s "$CACHE/linux/zImage" ] || [ "$(head -n 2 "$CACHE/linux/version" 2>/dev/null)" != "$kstamp" ]; then
    download "$kpkg" "$kver"
    rm -rf "$CACHE/linux.new"
    mkdir -p "$CACHE/linux.new"
    dpkg-deb -x "$(deb_path "$kpkg" "$kver")" "$CACHE/linux.new/root"
    set -- "$CACHE"/linux.new/root/boot/vmlinuz-*
    [ -f "$1" ] || die "no boot/vmlinuz-* in $kpkg $kver"
    release=${1##*/vmlinuz-}
    cp "$1" "$CACHE/linux.new/zImage"
    cp "$CACHE/linux.new/root/boot/config-$release" "$CACHE/linux.new/config"
    printf '%s\nrelease=%s\n' "$kstamp" "$release" >"$CACHE/linux.new/version"
    rm -rf "$CACHE/linux"
    mv "$CACHE/linux.new" "$CACHE/linux"
fi

# --- busybox ------------------------------------------------------------------
if [ ! -x "$CACHE/busybox/busybox" ] || [ "$(cat "$CACHE/busybox/version" 2>/dev/null)" != "$bver" ]; then
    download "$bpkg" "$bver"
    rm -rf "$CACHE/busybox.new"
    mkdir -p "$CACHE/busybox.new"
    dpkg-deb -x "$(deb_path "$bpkg" "$bver")" "$CACHE/busybox.new/root"
    cp "$CACHE/busybox.new/root/bin/busybox" "$CACHE/busybox.new/busybox"
    rm -rf "$CACHE/busybox.new/root"
    echo "$bver" >"$CACHE/busybox.new/version"
    rm -rf "$CACHE/busybox"
    mv "$CACHE/busybox.new" "$CACHE/busybox"
fi
