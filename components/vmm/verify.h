/*
 * Verified boot (components/vmm/verify.c, docs/verified-boot.md): the
 * images the loader placed in normal RAM are booted only if a boot
 * manifest signed by a built-in key names them, and its version is not
 * below the rollback counter the storage component keeps.
 */
#ifndef VMM_VERIFY_H
#define VMM_VERIFY_H

#include <stdint.h>
#include <lib/fwcfg.h>
#include <ulib/guest_mem.h>
#include "manifest.h"

/* What the loader placed: kind (enum manifest_kind), and for the kernel
 * (or raw image), initrd and dtb where and how large (size 0: absent). */
struct verify_images {
	uint32_t kind;
	uint32_t load_addr;   /* MANIFEST_RAW */
	gpa_t at[MANIFEST_CMDLINE];
	uint32_t size[MANIFEST_CMDLINE];
};

struct boot_record;
/* Where verify_boot writes what it checked for the integrity monitor
 * (include/tzvmm/boot_record.h: the shared region 'boot'). */
void verify_record_at(volatile struct boot_record *r);
/* Checks the images against opt/tzvmm/manifest and the counter (raising
 * it to the manifest's version); returns only if the boot may go on, else
 * ends the run with one line saying which image and why (vmm_fail).
 * An image built with VERIFY=off only says, loudly, that it checks
 * nothing. */
void verify_boot(const struct fwcfg_port *fw, const struct verify_images *im);

#endif
