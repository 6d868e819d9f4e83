/*
 * Layout of a secure user component image and of its address space.
 *
 * Every component is linked on its own (components/ulib/component.ld) at the same
 * virtual addresses and embedded in the secure image as a flat binary that
 * begins with struct component_header. The kernel copies it into pages of
 * its own, maps text read-only/executable and data read-write/never-execute
 * for user mode, and starts each thread at `entry` with r0 = thread index.
 */
#ifndef TZVMM_COMPONENT_H
#define TZVMM_COMPONENT_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <tzvmm/limits.h>
#endif

#define COMPONENT_MAGIC      0x4d4f435a   /* "ZCOM" */

/* A component's address space holds the kernel's mappings too (privileged
 * only, at their physical addresses: the board's devices and secure RAM),
 * so its own layout lies where no board has them: 0xf0000000-0xffffffff,
 * above the devices of QEMU virt and the i.MX SoCs and above the normal RAM
 * every board gives, which the VMM maps at its physical address
 * (aspace_kernel_l1 refuses a board whose kernel map reaches into it). */
#define COMPONENT_VA_WINDOW  0xf0000000   /* to the end of the address space */

#define COMPONENT_VA_IMAGE   0xf0100000   /* text, rodata, data, bss (<= 1 MiB) */
/* Thread i's 16 KiB stack ends COMPONENT_STACK_STRIDE * i below the image,
 * an unmapped guard page below each. Packed against the image on purpose:
 * QEMU's TCG keeps a direct-mapped TLB per MMU index that shrinks to 64
 * entries on a mostly idle CPU, so two hot pages 256 KiB apart evict each
 * other on every access. Stacks at 0xf0200000 + i * 64 KiB put thread 0's
 * top page on the same entry as the image's fourth page; when SHA-256's
 * round constants landed there, the integrity monitor's pass cost 2.5 times
 * its CPU. Here the stacks' top pages take entries counted down from the
 * image's start (63, 58, 53, ... of 64): the eight per-CPU threads' top
 * pages are clear of an image's first 112 KiB (kernel/component.c). */
#define COMPONENT_VA_STACKS_TOP COMPONENT_VA_IMAGE
#define COMPONENT_STACK_SIZE 0x4000
#define COMPONENT_STACK_STRIDE 0x5000
#define COMPONENT_VA_VCPUS   0xf0800000   /* vCPU state pages, one per vCPU cap */
#define COMPONENT_VA_FWCFG   0xf0900000   /* boot files: fw_cfg registers, if the board has them */
#define COMPONENT_VA_ARGS    0xf0a00000   /* the run's arguments: one read-only page */
#define COMPONENT_VA_SHM     0xf1000000   /* shared memory, in declaration order */
#define COMPONENT_SHM_MAX    0x01000000   /* at most 16 MiB of it */
#define COMPONENT_VA_STORAGE 0xf4000000   /* the storage device, if granted (<= 64 MiB) */
#define COMPONENT_VA_FLASH   COMPONENT_VA_STORAGE   /* (what it is on qemu_virt) */
/* Boot files: the board's blob (a board without fw_cfg), read-only. */
#define COMPONENT_VA_BOOTFILES 0xf8000000
#define COMPONENT_BOOTFILES_MAX 0x08000000   /* 128 MiB */
#define COMPONENT_IMAGE_MAX  0x00100000
/* The arguments are one line of text, NUL-terminated, at most this long
 * with the NUL (an empty string if the run gives none). */
#define COMPONENT_ARGS_MAX   256

/* Capability slots. A component that holds the vCPUs has vCPU i in slot i,
 * COMPONENT_MAX_VCPUS slots in all; the capabilities its component.conf
 * names follow, in declaration order, from the next slot (from slot 0 in a
 * component without vCPUs). The build gives each its number, CAP_<NAME> in
 * the component's generated component_caps.h (scripts/mkbootlist.py). */
/* COMPONENT_MAX_VCPUS: include/tzvmm/limits.h */

#ifndef __ASSEMBLER__
struct component_header {
	uint32_t magic;
	uint32_t entry;        /* virtual address of the thread entry */
	uint32_t text_end;     /* end of text+rodata (page aligned): RX below, RW above */
	uint32_t data_end;     /* end of initialised data in the image */
	uint32_t bss_end;      /* end of zero-initialised memory */
};
#endif

#endif
