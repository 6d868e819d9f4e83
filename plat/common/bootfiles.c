/*
 * What the run tells the secure world (normal RAM's size, components'
 * arguments), read from the board's boot files: QEMU's fw_cfg device at
 * PLAT_FWCFG_BASE, or, on a board without one, the blob its loader put at
 * PLAT_BOOTFILES_BASE (lib/fwcfg_mem.c). Both are read the same way after
 * bootfiles_port().
 */
#include <stdint.h>
#include <lib/fmt.h>
#include <lib/fwcfg.h>
#include <plat/memmap.h>
#include <plat/board.h>

#ifdef PLAT_FWCFG_BASE
const uint32_t plat_fwcfg_base = PLAT_FWCFG_BASE;
const uint32_t plat_bootfiles_base = 0, plat_bootfiles_size = 0;
#else
const uint32_t plat_fwcfg_base = 0;
const uint32_t plat_bootfiles_base = PLAT_BOOTFILES_BASE;
const uint32_t plat_bootfiles_size = PLAT_BOOTFILES_SIZE;
#endif

/* The port, or false if the board's boot files are missing. */
static bool bootfiles_port(struct fwcfg_port *p)
{
#ifdef PLAT_FWCFG_BASE
	fwcfg_mmio_port(p, PLAT_FWCFG_BASE);
	return fwcfg_present(p);
#else
	static struct fwcfg_mem m;

	return fwcfg_mem_port(p, &m, (const void *)(uintptr_t)PLAT_BOOTFILES_BASE,
			      PLAT_BOOTFILES_SIZE) && fwcfg_present(p);
#endif
}

void plat_ns_ram(uint32_t *base, uint32_t *size)
{
	static uint32_t cached;

	/* Neither QEMU's Arm boards nor the memory blob put a RAM size into
	 * fw_cfg's own key (only x86 boards do), so the run states it:
	 * opt/tzvmm/ram-mib, the -m value. */
	if (!cached) {
		struct fwcfg_port p;
		uint32_t mib = 0;

		if (!bootfiles_port(&p) || fwcfg_read_u32(&p, "opt/tzvmm/ram-mib", &mib) != 0 ||
		    mib == 0 || mib > (PLAT_NS_RAM_MAX - PLAT_NS_RAM_BASE) >> 20)
			kernel_panic(__FILE__, __LINE__, "boot files: opt/tzvmm/ram-mib "
				     "(normal RAM size in MiB) missing or bad");
		cached = mib << 20;
	}
	*base = PLAT_NS_RAM_BASE;
	*size = cached;
}

/* The run's opt/tzvmm/args/<name> (scripts/tzvmm-run --args). */
size_t plat_component_args(const char *name, char *buf, size_t len)
{
	struct fwcfg_port p;
	struct fwcfg_file f;
	char path[FWCFG_NAME_MAX];
	size_t n;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (fmt_snprintf(path, sizeof(path), "opt/tzvmm/args/%s", name) >= (int)sizeof(path) ||
	    !bootfiles_port(&p) || !fwcfg_find(&p, path, &f))
		return 0;
	n = f.size < len - 1 ? f.size : len - 1;
	fwcfg_read_file(&p, &f, buf, n);
	buf[n] = '\0';
	return n;
}
