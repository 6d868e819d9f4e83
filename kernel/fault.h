/* Fault reporting helpers (kernel/fault.c). */
#ifndef KERNEL_FAULT_H
#define KERNEL_FAULT_H

#include <stdint.h>

/* Short name of a DFSR/IFSR fault status (short-descriptor format). */
const char *fault_status_name(uint32_t fsr);

#endif
