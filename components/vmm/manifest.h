/*
 * The boot manifest (docs/verified-boot.md): what the VMM may boot, signed.
 * scripts/tzvmm-sign writes it; the VMM reads it as fw_cfg file
 * opt/tzvmm/manifest and checks it here (components/vmm/manifest.c)
 * before anything it names is trusted. All numbers are little-endian.
 *
 *   offset size
 *        0    4  magic "TZBM"
 *        4    4  format, MANIFEST_FORMAT
 *        8    4  version: the rollback counter's value this boot needs
 *       12    4  kind: MANIFEST_LINUX or MANIFEST_RAW
 *       16    8  key id: the first 8 bytes of SHA-256 of the public key
 *       24    4  load address (MANIFEST_RAW; 0 for MANIFEST_LINUX)
 *       28   16  sizes: kernel (or the raw image), initrd, dtb, command line
 *       44   20  zero
 *       64  128  SHA-256 digests, in the same order (an absent image's: zero)
 *      192   64  ECDSA P-256 signature, r then s (big-endian), over the
 *                SHA-256 of bytes 0-191
 *
 * The command line is /chosen/bootargs of the device tree, without its
 * terminating NUL: the dtb's digest covers it too; its own digest lets a
 * log line and a report name it.
 */
#ifndef VMM_MANIFEST_H
#define VMM_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#define MANIFEST_SIZE        256u
#define MANIFEST_SIGNED_SIZE 192u
#define MANIFEST_MAGIC       0x4d425a54u   /* "TZBM" */
#define MANIFEST_FORMAT      1u
#define MANIFEST_KEY_ID_SIZE 8u
#define MANIFEST_POINT_SIZE  65u           /* 0x04, X, Y */
#define MANIFEST_DIGEST_SIZE 32u
/* A device tree's command line is at most this long (Linux's ARM
 * COMMAND_LINE_SIZE is 1024; the DTB's own limit is looser). */
#define MANIFEST_CMDLINE_MAX 4096u

enum manifest_kind {
	MANIFEST_LINUX = 1,   /* zImage, dtb, optional initrd */
	MANIFEST_RAW = 2,     /* one bare-metal image at a load address */
};

enum manifest_item {
	MANIFEST_KERNEL = 0,   /* or the raw image */
	MANIFEST_INITRD = 1,
	MANIFEST_DTB = 2,
	MANIFEST_CMDLINE = 3,
	MANIFEST_ITEMS = 4,
};

/* A public key the secure image trusts (boot_keys.c, generated). */
struct boot_key {
	uint8_t id[MANIFEST_KEY_ID_SIZE];
	uint8_t point[MANIFEST_POINT_SIZE];
};
extern const struct boot_key boot_keys[];
extern const unsigned boot_keys_count;

/* A manifest that passed manifest_check. */
struct manifest {
	uint32_t version;
	uint32_t kind;
	uint32_t load_addr;
	uint8_t key_id[MANIFEST_KEY_ID_SIZE];
	uint32_t size[MANIFEST_ITEMS];
	uint8_t digest[MANIFEST_ITEMS][MANIFEST_DIGEST_SIZE];
};

/* 0 and *m if buf (len bytes) is a well-formed manifest whose signature
 * verifies with the key of its key id among keys[0..nkeys); else -1 and
 * what is wrong in why. The checks read only buf, never beyond len. */
int manifest_check(const uint8_t *buf, size_t len, const struct boot_key *keys, unsigned nkeys,
		   struct manifest *m, char *why, size_t why_len);
/* The name of item i, for messages ("kernel", "initrd", ...). */
const char *manifest_item_name(unsigned i);
/* "0123abcd" + NUL: the first 4 bytes of a digest or key id in hex. */
void manifest_hex8(const uint8_t *bytes, char out[9]);

#endif
