/* QEMU virt: the kernel's memory map, and what the run tells through fw_cfg. */
#include <stdint.h>
#include <arch/mmu.h>
#include <lib/fmt.h>
#include <lib/fwcfg.h>
#include <plat/memmap.h>
#include <plat/board.h>

const struct plat_mapping plat_kernel_map[] = {
	{ PLAT_DEVICE_SECTION_0, MMU_SECTION, MMU_KERNEL_DEVICE },   /* GIC */
	{ PLAT_DEVICE_SECTION_1, MMU_SECTION, MMU_KERNEL_DEVICE },   /* UARTs, fw_cfg, GPIO */
	{ PLAT_KERNEL_TEXT_BASE, MMU_SECTION, MMU_KERNEL_RX },
	{ PLAT_KERNEL_DATA_BASE, PLAT_SECURE_RAM_BASE + PLAT_SECURE_RAM_SIZE -
					 PLAT_KERNEL_DATA_BASE, MMU_KERNEL_RW },
};
const size_t plat_kernel_map_len = sizeof(plat_kernel_map) / sizeof(plat_kernel_map[0]);

void plat_ns_ram(uint32_t *base, uint32_t *size)
{
	static uint32_t cached;

	/* QEMU's virt board puts no RAM size into fw_cfg (only x86 boards do),
	 * so the run states it: opt/tzvmm/ram-mib, the -m value. */
	if (!cached) {
		struct fwcfg_port p;
		uint32_t mib = 0;

		fwcfg_mmio_port(&p, PLAT_FWCFG_BASE);
		if (!fwcfg_present(&p) || fwcfg_read_u32(&p, "opt/tzvmm/ram-mib", &mib) != 0 ||
		    mib == 0 || mib > (PLAT_NS_RAM_MAX - PLAT_NS_RAM_BASE) >> 20)
			kernel_panic(__FILE__, __LINE__, "fw_cfg opt/tzvmm/ram-mib "
				     "(normal RAM size in MiB) missing or bad");
		cached = mib << 20;
	}
	*base = PLAT_NS_RAM_BASE;
	*size = cached;
}

/* The run's -fw_cfg opt/tzvmm/args/<name> (scripts/tzvmm-run --args). */
size_t plat_component_args(const char *name, char *buf, size_t len)
{
	struct fwcfg_port p;
	struct fwcfg_file f;
	char path[FWCFG_NAME_MAX];
	size_t n;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	fwcfg_mmio_port(&p, PLAT_FWCFG_BASE);
	if (fmt_snprintf(path, sizeof(path), "opt/tzvmm/args/%s", name) >= (int)sizeof(path) ||
	    !fwcfg_present(&p) || !fwcfg_find(&p, path, &f))
		return 0;
	n = f.size < len - 1 ? f.size : len - 1;
	fwcfg_read_file(&p, &f, buf, n);
	buf[n] = '\0';
	return n;
}
