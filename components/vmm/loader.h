/* Guest image loading and its checks (components/vmm/loader.c). */
#ifndef VMM_LOADER_H
#define VMM_LOADER_H

#include <stddef.h>
#include <stdint.h>
#include <lib/fwcfg.h>
#include "vmm.h"


/* The fw_cfg files of the guest's images (verify.c names them too). */
#define FW_GUEST      "opt/tzvmm/guest"
#define FW_KERNEL     "opt/tzvmm/kernel"
#define FW_INITRD     "opt/tzvmm/initrd"
#define FW_DTB        "opt/tzvmm/dtb"

/* Where a Linux guest's images go, as offsets from the start of normal RAM
 * (scripts/prepare-linux.sh uses the same numbers for the DTB's /chosen). A zImage at
 * +32 MiB decompresses to +32 KiB without relocating itself. */
#define LINUX_ZIMAGE_OFFSET  0x02000000u
#define LINUX_DTB_OFFSET     0x08000000u
#define LINUX_DTB_MAX        0x00100000u
#define LINUX_INITRD_OFFSET  0x08100000u

/* Image checks of a file of `size` bytes: NULL if acceptable, else what is
 * wrong. They read only its header, the first LOADER_HEADER_MAX bytes (or
 * all of a smaller file), so the loader passes a copy of just those. */
#define LOADER_HEADER_MAX 0x30u
const char *loader_check_zimage(const uint8_t *img, uint32_t size);
const char *loader_check_fdt(const uint8_t *blob, uint32_t size);

/* Loads the guest named by fw_cfg into normal RAM and sets vCPU 0's entry
 * state. On any error it logs one line naming the file and the problem
 * and powers off with status 1 (vmm_fail). */
void loader_load_guest(const struct fwcfg_port *fw, struct vcpu_state *boot);
struct verify_images;
/* Called once the images are in normal RAM and their headers checked:
 * verify_boot (verify.h). */
extern void (*loader_verify)(const struct fwcfg_port *fw, const struct verify_images *im);
/* Entry state of a CPU entering the normal world (NS SVC, MMU off). */
void loader_set_entry(struct vcpu_state *s, uint32_t pc, uint32_t r0, uint32_t r1, uint32_t r2);

#endif
