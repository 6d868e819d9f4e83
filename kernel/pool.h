/* Boot-time page pool (kernel/pool.c). Returned memory is zeroed and
 * physically addressed (the secure world maps secure RAM flat). */
#ifndef KERNEL_POOL_H
#define KERNEL_POOL_H

#include <stdint.h>

void *pool_alloc(uint32_t size, uint32_t align);
uint32_t pool_used(void);

#endif
