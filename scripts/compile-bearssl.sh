#!/usr/bin/env bash
# compile-bearssl.sh OUT.a CC AR CFLAGS... — the part of BearSSL the VMM's
# signature check uses (ECDSA P-256 verification, components/vmm/manifest.c;
# the host tests also sign), compiled with the caller's compiler and flags
# into one archive: the secure world's (no VFP/NEON, no libc: string.h is
# tzvmm's lib/string.h, through scripts/bearssl-shim), the unit tests' and
# the fuzzers'. The source comes from Debian's source package
# (scripts/fetch-bearssl.sh). The linker takes only the objects it needs.
set -euo pipefail
out=$1 cc=$2 ar=$3
shift 3
here=$(cd "$(dirname "$0")/.." && pwd)
src=$("$here/scripts/fetch-bearssl.sh")
obj=$out.d
rm -rf "$obj"
mkdir -p "$obj"
files=("$src"/src/ec/ec_p256_m31.c "$src"/src/ec/ec_secp256r1.c "$src"/src/ec/ec_secp384r1.c
       "$src"/src/ec/ec_secp521r1.c "$src"/src/ec/ecdsa_i31_vrfy_raw.c "$src"/src/ec/ecdsa_i31_bits.c
       "$src"/src/ec/ecdsa_i31_sign_raw.c "$src"/src/ec/ec_pubkey.c "$src"/src/int/i31_*.c
       "$src"/src/int/i32_div32.c "$src"/src/codec/ccopy.c "$src"/src/codec/dec32be.c
       "$src"/src/codec/enc32be.c "$src"/src/hash/sha2small.c "$src"/src/mac/hmac.c
       "$src"/src/rand/hmac_drbg.c "$src"/src/hash/multihash.c)
for f in "${files[@]}"; do
	"$cc" "$@" -I"$here/scripts/bearssl-shim" -I"$here/lib/include" -I"$src/inc" -I"$src/src" \
		-c "$f" -o "$obj/$(basename "$f" .c).o" ||
		{ echo "compile-bearssl: cannot compile $f" >&2; exit 1; }
done
rm -f "$out"
"$ar" rcs "$out" "$obj"/*.o
rm -rf "$obj"
