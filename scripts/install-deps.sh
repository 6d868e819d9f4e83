#!/usr/bin/env bash
# install-deps.sh [COMMAND-OR-PATH:PACKAGE ...]
#
# Installs what building and testing tzvmm needs, from Debian's archive, and
# any further COMMAND-OR-PATH:PACKAGE pairs given (make gdb adds gdb-multiarch).
# Idempotent and silent when everything is present; run as root (or with
# sudo available). The Linux guest's armhf packages are fetched separately
# by guest/linux/fetch.sh, only when a Linux run or test needs them.
#
# Only what is listed here may be relied on: packages are installed without
# their Recommends, as on a minimal machine (qemu-system-arm recommends the
# network cards' option ROMs, which tzvmm therefore never asks QEMU for).
set -euo pipefail

# command-or-file  package
needs=(
	"arm-none-eabi-gcc gcc-arm-none-eabi"
	"qemu-system-arm qemu-system-arm"
	# guest/linux/modules.sh: Linux's compiler, and qemu-arm for Debian's armhf modpost
	"arm-linux-gnueabihf-gcc gcc-arm-linux-gnueabihf"
	"qemu-arm qemu-user"
	"dtc device-tree-compiler"
	"fdtput device-tree-compiler"
	"cc gcc"
	"make make"
	"cppcheck cppcheck"
	"clang-tidy clang-tidy"
	"clang clang"
	"/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev"
	"gzip gzip"
	# verified boot: tzvmm-sign's signatures; BearSSL's source (.tar.xz)
	"openssl openssl"
	"xz xz-utils"
	"/usr/bin/python3 python3"
	"/usr/include/cmocka.h libcmocka-dev"
	"/usr/lib/python3/dist-packages/pytest/__init__.py python3-pytest"
	"/usr/lib/python3/dist-packages/pexpect/__init__.py python3-pexpect"
)
for extra in "$@"; do
	[[ "$extra" == ?*:?* ]] || { echo "install-deps: '$extra' is not COMMAND-OR-PATH:PACKAGE" >&2; exit 2; }
	needs+=("${extra%:*} ${extra##*:}")
done

missing=()
for n in "${needs[@]}"; do
	what=${n% *} pkg=${n#* }
	if [[ "$what" == /* ]]; then
		compgen -G "$what" >/dev/null && continue   # a path, maybe a pattern
	else
		command -v "$what" >/dev/null 2>&1 && continue
	fi
	[[ " ${missing[*]} " == *" $pkg "* ]] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 ||
		{ echo "install-deps: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
	sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: missing ${missing[*]}; updating Debian's package lists" >&2
$sudo apt-get update -qq || echo "install-deps: apt-get update reported errors; trying anyway" >&2
# What will be fetched: apt's own summary, asked without installing.
summary=$(LC_ALL=C $sudo apt-get install --no-install-recommends --assume-no "${missing[@]}" \
	2>/dev/null | sed -n -e 's/^[0-9]* upgraded, \([0-9]*\) newly installed.*/\1 packages/p' \
	-e 's/^Need to get \(.*\) of archives\./\1 to download/p' | paste -sd, - | sed 's/,/, /') ||
	true   # --assume-no makes apt-get exit 1 after its summary
echo "install-deps: installing ${missing[*]}${summary:+ ($summary)}" >&2
# On a terminal apt shows its progress; elsewhere (CI) its output goes to a log.
log=/tmp/tzvmm-apt.log
if [ -t 2 ]; then
	$sudo apt-get install -y -q --no-install-recommends -o Dpkg::Progress-Fancy=1 \
		"${missing[@]}" 2>&1 | tee "$log" >&2
	ok=${PIPESTATUS[0]}
else
	ok=0
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1 || ok=$?
fi
if [ "$ok" -ne 0 ]; then
	echo "install-deps: apt-get install ${missing[*]} failed (see $log)" >&2
	exit 1
fi
