/* The kernel lock (see kernel.h): taken at every kernel entry, released
 * just before the CPU leaves for a user thread, a vCPU or the idle WFI. */
#ifndef KERNEL_LOCK_H
#define KERNEL_LOCK_H

#include "kernel.h"

static inline void kernel_lock(void) { spin_lock(&kernel.lock); }
static inline void kernel_unlock(void) { spin_unlock(&kernel.lock); }

#endif
