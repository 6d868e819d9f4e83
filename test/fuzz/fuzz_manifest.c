/*
 * Verified boot's parsers against input the fuzzer chooses: a boot
 * manifest (components/vmm/manifest.c: format checks, key lookup, the
 * signature check through BearSSL) and a device tree's /chosen/bootargs
 * (components/vmm/fdt_chosen.c). Both read only inside their input (ASan
 * sees its exact bounds), always end, and accept no manifest without a
 * signature by a trusted key.
 *
 * Input: byte 0 selects; the rest is the manifest (even) or the device
 * tree (odd). The trusted key here is the unit tests' key A
 * (test/unit/test_verify.c); a forged manifest would have to be signed by
 * it, which the fuzzer cannot do, so an accepted one is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../components/vmm/fdt_chosen.h"
#include "../../components/vmm/manifest.h"
#include "../unit/test_boot_key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

const struct boot_key boot_keys[] = { TEST_BOOT_KEY_A };
const unsigned boot_keys_count = 1;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	/* A heap copy of exactly the input: any read past it is reported. */
	size_t n = size - 1;
	uint8_t *in = malloc(n ? n : 1);

	if (!in)
		return 0;
	memcpy(in, data + 1, n);
	if (data[0] & 1u) {
		uint32_t off = 0, len = 0;
		int rc = fdt_chosen_bootargs(in, (uint32_t)n, &off, &len);

		if (rc == 0 && ((uint64_t)off + len > n || off < 40))
			abort();   /* the value must lie inside the blob */
		if (rc != 0 && (off | len))
			abort();
	} else {
		struct manifest m;
		char why[96];

		if (manifest_check(in, n, boot_keys, boot_keys_count, &m, why, sizeof(why)) == 0)
			abort();   /* nobody here can sign with key A */
		if (!memchr(why, 0, sizeof(why)) || why[0] == 0)
			abort();   /* every refusal says why */
	}
	free(in);
	return 0;
}
