/*
 * Boot-time page pool in secure RAM: translation tables, component
 * memory, thread stacks and vCPU state pages. Everything is allocated while
 * the boot list is instantiated and never freed, so a bump allocator is all
 * it takes; running out is a configuration bug and panics at boot.
 */
#include <lib/string.h>
#include "kernel.h"
#include <plat/board.h>
#include "pool.h"

static uint32_t pool_next;

void *pool_alloc(uint32_t size, uint32_t align)
{
	if (!pool_next)
		pool_next = plat_pool_base;
	uint32_t p = (pool_next + align - 1) & ~(align - 1);

	CHECK(p >= pool_next && p + size > p && p + size <= plat_pool_end);
	pool_next = p + size;
	memset((void *)(uintptr_t)p, 0, size);
	return (void *)(uintptr_t)p;
}

uint32_t pool_used(void)
{
	return pool_next - plat_pool_base;
}
