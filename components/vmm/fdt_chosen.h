/* A device tree's command line (components/vmm/fdt_chosen.c). */
#ifndef VMM_FDT_CHOSEN_H
#define VMM_FDT_CHOSEN_H

#include <stdbool.h>
#include <stdint.h>

/* Finds /chosen/bootargs in the flattened device tree blob (size bytes,
 * its header already checked or not): 0 with its value's offset in the
 * blob and its length without the terminating NUL; 1 if there is none
 * (*off = *len = 0); -1 if the blob's structure is malformed. */
int fdt_chosen_bootargs(const uint8_t *blob, uint32_t size, uint32_t *off, uint32_t *len);

#endif
