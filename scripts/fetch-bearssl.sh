#!/usr/bin/env bash
# fetch-bearssl.sh [CACHE] — BearSSL's source, from Debian's source package,
# for the VMM's signature checks (docs/verified-boot.md).
#
# The secure world links BearSSL compiled with its own flags (no VFP/NEON,
# no libc, no malloc), so it needs the source, not Debian's binary package.
# The source package comes through apt itself: a private copy of this
# machine's package sources with deb-src lines, apt-get update and apt-get
# source --download-only into the cache; apt checks every file against the
# archive's signed index. The version is whatever the archive has when this
# runs (none is pinned here); it is written to CACHE/bearssl/version.
# Prints the unpacked source's directory. A second run downloads nothing.
set -euo pipefail
me=fetch-bearssl
CACHE=${1:-${TZVMM_CACHE:-$HOME/.cache/tzvmm}}
dir=$CACHE/bearssl
if [ -s "$dir/version" ] && [ -f "$dir/src/inc/bearssl.h" ]; then
	echo "$dir/src"
	exit 0
fi
mkdir -p "$dir"
apt=$dir/.apt
rm -rf "$apt"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/dl"

# This machine's archive, as deb-src: deb822 files and one-line lists alike.
: > "$apt/sources.list"
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	sed -e 's/^Types:.*\bdeb\b.*$/Types: deb-src/' "$f" > "$apt/$(basename "$f")"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
	[ -f "$f" ] || continue
	sed -n 's/^deb \(.*\)$/deb-src \1/p' "$f" >> "$apt/sources.list"
done
opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt"
      -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
      -o "Dir::State::status=/var/lib/dpkg/status" -o "Debug::NoLocking=1")
# As root, apt would download as its user _apt where that user can reach
# the target folder, and resolve names as _apt too: in a new Debian root
# the cache is under /root (0700) and name resolution as _apt failed
# ("Temporary failure resolving"), while root's worked. The files are
# checked against the signed index all the same; download as the caller.
if [ "$(id -u)" = 0 ]; then
	opts+=(-o "APT::Sandbox::User=root")
fi
echo "$me: reading Debian's source index (once; cached in $CACHE)" >&2
err=$(apt-get -qq "${opts[@]}" update 2>&1 >/dev/null) ||
	{ echo "$me: apt-get update of the source index failed: $(printf '%s\n' "$err" | grep -E '^E: ' | tail -n 1)" >&2; exit 1; }
err=$(cd "$apt/dl" && apt-get -qq "${opts[@]}" source --download-only bearssl 2>&1 >/dev/null) ||
	{ echo "$me: cannot download Debian's bearssl source package: $(printf '%s\n' "$err" | grep -E '^E: ' | tail -n 1)" >&2; exit 1; }
dsc=$(ls "$apt"/dl/bearssl_*.dsc)
version=$(sed -n 's/^Version: //p' "$dsc")
orig=$(ls "$apt"/dl/bearssl_*.orig.tar.*)
rm -rf "$dir/src" "$dir/.unpack"
mkdir -p "$dir/.unpack"
tar -xf "$orig" -C "$dir/.unpack" 2>/dev/null ||
	{ echo "$me: cannot unpack $orig (tar and xz-utils: scripts/install-deps.sh installs them)" >&2; exit 1; }
mv "$dir/.unpack"/bearssl-* "$dir/src"
rm -rf "$dir/.unpack" "$apt"
echo "$version" > "$dir/version"
echo "$me: BearSSL $version from Debian's source package, in $dir/src" >&2
echo "$dir/src"
