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

#define COMPONENT_VA_IMAGE   0x00100000   /* text, rodata, data, bss (<= 1 MiB) */
#define COMPONENT_VA_STACKS  0x00200000   /* one stack per thread, guard page between */
#define COMPONENT_STACK_SIZE 0x4000
#define COMPONENT_STACK_STRIDE 0x10000
#define COMPONENT_VA_VCPUS   0x00800000   /* vCPU state pages, one per vCPU cap */
#define COMPONENT_VA_FWCFG   0x00900000   /* fw_cfg registers, if granted */
#define COMPONENT_VA_ARGS    0x00a00000   /* the run's arguments: one read-only page */
#define COMPONENT_VA_SHM     0x01000000   /* shared memory, in declaration order */
#define COMPONENT_SHM_MAX    0x01000000   /* at most 16 MiB of it */
#define COMPONENT_VA_FLASH   0x04000000   /* the secure flash, if granted (64 MiB) */
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
