# lib-apt.sh — fetching single packages from Debian's archive, for fetch.sh and modules.sh.
# Sourced, not run. The caller sets `me` (its name, for messages) and `set -euo pipefail`.
#
# Packages are only downloaded (apt-get download) and unpacked by the caller with
# dpkg-deb -x; nothing is installed. Each is kept in CACHE/debs under apt's own
# file name, so a second run finds it and downloads nothing.
# shellcheck shell=bash

# apt_deb_path CACHE PKG VERSION ARCH — where apt_download keeps a package.
apt_deb_path() { echo "$1/debs/${2}_${3//:/%3a}_$4.deb"; }

# apt_download CACHE PKG VERSION ARCH — downloads PKG:ARCH=VERSION into CACHE/debs
# (once) and drops other versions of the same package there. Exits on failure
# with one line naming the package and apt's own reason.
apt_download() {
    local cache=$1 pkg=$2 ver=$3 arch=$4 deb tmp
    deb=$(apt_deb_path "$cache" "$pkg" "$ver" "$arch")
    [ -s "$deb" ] && return 0
    mkdir -p "$cache/debs"
    # apt-get download drops privileges to _apt as root: give it a directory it can write.
    tmp=$(mktemp -d "$cache/debs/.dl.XXXXXX")
    if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$tmp"; fi
    local bytes
    bytes=$(apt-cache show --no-all-versions "$pkg:$arch=$ver" 2>/dev/null | awk '/^Size:/ { print $2; exit }')
    echo "${me:?}: downloading $pkg:$arch $ver (${bytes:+$(( (bytes + 524287) / 1048576 )) MiB, }once; cached in $cache)" >&2
    # On a terminal apt shows its own progress bar (on stderr); elsewhere
    # only the error, if any, is kept for the one-line message below.
    local ok=0 err=""
    if [ -t 2 ]; then
        (cd "$tmp" && apt-get download "$pkg:$arch=$ver" >&2) || ok=$?
    else
        err=$(cd "$tmp" && apt-get -qq download "$pkg:$arch=$ver" 2>&1 >/dev/null) || ok=$?
    fi
    if [ "$ok" -ne 0 ]; then
        rm -rf "$tmp"
        err=$(printf '%s\n' "$err" | grep -E '^E: ' | tail -n 1 | sed 's/^E: //')
        echo "$me: cannot download $pkg:$arch: ${err:-apt-get download failed}" >&2
        exit 1
    fi
    mv "$tmp"/*.deb "$deb"
    rm -rf "$tmp"
    # drop superseded versions of the same package
    find "$cache/debs" -maxdepth 1 -name "${pkg%%-[0-9]*}*_$arch.deb" ! -path "$deb" -delete
}
