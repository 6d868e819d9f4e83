/*
 * fw_cfg's DMA for the fuzzers (guest_mem.c links it): no fuzzer drives
 * it (the loader's DMA path is not fuzzed; the storage component never
 * loads anything), so it reports DMA as absent.
 */
#include <lib/fwcfg.h>

bool fwcfg_mmio_dma_read(uintptr_t base, uint16_t key, uint32_t dst, uint32_t len,
			 volatile struct fwcfg_dma_desc *desc)
{
	(void)base;
	(void)key;
	(void)dst;
	(void)len;
	(void)desc;
	return false;
}
