/*
 * Checking a boot manifest (manifest.h). The format is checked first, then
 * the key id names a built-in key, then the signature: a manifest whose
 * signature does not verify is never read further. The signature check is
 * BearSSL's (Debian's source package, scripts/fetch-bearssl.sh), with its
 * P-256 code for 32-bit CPUs (i31/m31: no 64-bit multiplies beyond what
 * the compiler makes of 32x32, no floating point, no allocation).
 */
#include <stdbool.h>
#include <bearssl_ec.h>
#include <lib/bytes.h>
#include <lib/fmt.h>
#include <lib/sha256.h>
#include <lib/string.h>
#include "manifest.h"

#define OFF_MAGIC    0u
#define OFF_FORMAT   4u
#define OFF_VERSION  8u
#define OFF_KIND     12u
#define OFF_KEY_ID   16u
#define OFF_LOAD     24u
#define OFF_SIZES    28u
#define OFF_ZERO     44u
#define OFF_DIGESTS  64u
#define OFF_SIG      MANIFEST_SIGNED_SIZE
#define SIG_SIZE     64u

_Static_assert(OFF_ZERO == OFF_SIZES + 4u * MANIFEST_ITEMS, "the sizes' end");
_Static_assert(OFF_SIG == OFF_DIGESTS + MANIFEST_ITEMS * MANIFEST_DIGEST_SIZE, "the digests' end");
_Static_assert(OFF_SIG + SIG_SIZE == MANIFEST_SIZE, "the signature ends the manifest");

static const char *const item_names[MANIFEST_ITEMS] = { "kernel", "initrd", "dtb", "command line" };

const char *manifest_item_name(unsigned i)
{
	return i < MANIFEST_ITEMS ? item_names[i] : "?";
}

void manifest_hex8(const uint8_t *bytes, char out[9])
{
	fmt_snprintf(out, 9, "%02x%02x%02x%02x", bytes[0], bytes[1], bytes[2], bytes[3]);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	uint8_t any = 0;

	for (size_t i = 0; i < n; i++)
		any |= p[i];
	return any == 0;
}

static int fail(char *why, size_t len, const char *fmt, const char *arg)
{
	fmt_snprintf(why, len, fmt, arg);
	return -1;
}

/* The fields, before any of them is believed: which are present must fit
 * the kind, an absent one is all zero. */
static int check_fields(const struct manifest *m, char *why, size_t len)
{
	if (m->kind != MANIFEST_LINUX && m->kind != MANIFEST_RAW)
		return fail(why, len, "%s", "unknown kind of boot (not 1, Linux, or 2, raw)");
	if (m->size[MANIFEST_KERNEL] == 0)
		return fail(why, len, "it names no %s", item_names[MANIFEST_KERNEL]);
	if (m->kind == MANIFEST_LINUX) {
		if (m->load_addr != 0)
			return fail(why, len, "%s", "a Linux boot with a load address");
		if (m->size[MANIFEST_DTB] == 0)
			return fail(why, len, "it names no %s", item_names[MANIFEST_DTB]);
		if (m->size[MANIFEST_CMDLINE] > MANIFEST_CMDLINE_MAX)
			return fail(why, len, "its %s is longer than 4096 bytes",
				    item_names[MANIFEST_CMDLINE]);
		if (m->size[MANIFEST_INITRD] == 0 &&
		    !all_zero(m->digest[MANIFEST_INITRD], MANIFEST_DIGEST_SIZE))
			return fail(why, len, "a digest for an absent %s",
				    item_names[MANIFEST_INITRD]);
		return 0;
	}
	for (unsigned i = MANIFEST_INITRD; i < MANIFEST_ITEMS; i++)
		if (m->size[i] != 0 || !all_zero(m->digest[i], MANIFEST_DIGEST_SIZE))
			return fail(why, len, "%s given for a raw image", item_names[i]);
	return 0;
}

static const struct boot_key *find_key(const uint8_t *id, const struct boot_key *keys,
				       unsigned nkeys)
{
	for (unsigned i = 0; i < nkeys; i++)
		if (memcmp(keys[i].id, id, MANIFEST_KEY_ID_SIZE) == 0)
			return &keys[i];
	return NULL;
}

int manifest_check(const uint8_t *buf, size_t len, const struct boot_key *keys, unsigned nkeys,
		   struct manifest *m, char *why, size_t why_len)
{
	char size[12], id[9];

	if (len != MANIFEST_SIZE) {
		fmt_snprintf(size, sizeof(size), "%u", (unsigned)len);
		return fail(why, why_len, "it is %s bytes, not 256", size);
	}
	if (le32(buf + OFF_MAGIC) != MANIFEST_MAGIC)
		return fail(why, why_len, "%s", "not a boot manifest (no magic \"TZBM\")");
	if (le32(buf + OFF_FORMAT) != MANIFEST_FORMAT)
		return fail(why, why_len, "%s", "format is not 1");
	if (!all_zero(buf + OFF_ZERO, OFF_DIGESTS - OFF_ZERO))
		return fail(why, why_len, "%s", "reserved bytes 44-63 are not zero");
	memset(m, 0, sizeof(*m));
	m->version = le32(buf + OFF_VERSION);
	m->kind = le32(buf + OFF_KIND);
	m->load_addr = le32(buf + OFF_LOAD);
	memcpy(m->key_id, buf + OFF_KEY_ID, MANIFEST_KEY_ID_SIZE);
	for (unsigned i = 0; i < MANIFEST_ITEMS; i++) {
		m->size[i] = le32(buf + OFF_SIZES + 4u * i);
		memcpy(m->digest[i], buf + OFF_DIGESTS + i * MANIFEST_DIGEST_SIZE,
		       MANIFEST_DIGEST_SIZE);
	}
	if (check_fields(m, why, why_len) != 0)
		return -1;

	const struct boot_key *key = find_key(m->key_id, keys, nkeys);

	manifest_hex8(m->key_id, id);
	if (!key)
		return fail(why, why_len,
			    "signed by key %s..., which this secure image does not know", id);

	uint8_t hash[SHA256_DIGEST_SIZE];
	/* BearSSL reads the point through a non-const pointer; it does not
	 * write it. */
	uint8_t point[MANIFEST_POINT_SIZE];
	br_ec_public_key pk = { BR_EC_secp256r1, point, sizeof(point) };

	memcpy(point, key->point, sizeof(point));
	sha256(buf, MANIFEST_SIGNED_SIZE, hash);
	if (br_ecdsa_i31_vrfy_raw(&br_ec_p256_m31, hash, sizeof(hash), &pk, buf + OFF_SIG,
				  SIG_SIZE) != 1)
		return fail(why, why_len, "its signature does not verify with key %s...", id);
	return 0;
}
