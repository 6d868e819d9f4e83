/*
 * What the VMM's verified boot checked (components/vmm/verify.c), for the
 * integrity monitor (components/integrity), which says which signed kernel
 * it watches (docs/verified-boot.md). In the shared region 'boot'
 * (component.conf `shared-memory boot 4` in both); the VMM writes it once
 * a boot is verified, before the normal world runs, and the monitor only
 * reads it: it finds a kernel to watch only once the normal world runs.
 */
#ifndef TZVMM_BOOT_RECORD_H
#define TZVMM_BOOT_RECORD_H

#include <stdint.h>

#define BOOT_RECORD_MAGIC 0x42525a54u   /* "TZRB" */

enum boot_record_state {
	BOOT_RECORD_NONE = 0,         /* nothing written (yet) */
	BOOT_RECORD_VERIFIED = 1,     /* the fields below were checked */
	BOOT_RECORD_UNVERIFIED = 2,   /* an image built with VERIFY=off */
};

struct boot_record {
	uint32_t magic;
	uint32_t state;             /* enum boot_record_state */
	uint32_t version;           /* the manifest's */
	uint8_t key_id[8];
	uint8_t kernel_sha256[32];  /* the kernel's (or raw image's) */
};

#endif
