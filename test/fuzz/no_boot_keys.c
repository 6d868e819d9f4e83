/*
 * Verified boot trusts no key in the fuzzers that reach the loader
 * (components/vmm/verify.c links there): every boot they drive ends at the
 * manifest check, which fuzz_manifest fuzzes with a key of its own.
 */
#include "../../components/vmm/manifest.h"

const struct boot_key boot_keys[1];
const unsigned boot_keys_count = 0;
