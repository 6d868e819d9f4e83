/*
 * The guest loader. The run supplies images through QEMU's fw_cfg
 * (scripts/tzvmm-run adds them): opt/tzvmm/guest is a raw bare-metal image,
 * loaded at opt/tzvmm/guest-addr (default: the start of normal RAM) and
 * entered there. Every size and address is checked against normal RAM
 * before a byte is copied; a missing or bad image ends the run with one
 * line saying what is wrong and where.
 */
#include <arch/cpu.h>
#include <lib/string.h>
#include "loader.h"

#define FW_GUEST      "opt/tzvmm/guest"
#define FW_GUEST_ADDR "opt/tzvmm/guest-addr"

int loader_check_range(uint32_t base, uint32_t size, uint32_t ram_base, uint32_t ram_size)
{
	if (size == 0 || base < ram_base)
		return -1;
	uint32_t off = base - ram_base;

	if (off >= ram_size || size > ram_size - off)
		return -1;
	return 0;
}

void loader_set_entry(struct vcpu_state *s, uint32_t pc, uint32_t r0, uint32_t r1, uint32_t r2)
{
	memset(&s->regs, 0, sizeof(s->regs));
	s->regs.r[0] = r0;
	s->regs.r[1] = r1;
	s->regs.r[2] = r2;
	s->regs.pc = pc;
	/* NS SVC, IRQ and asynchronous aborts masked. FIQ stays unmasked: with
	 * SCR.FW = 0 the normal world could never unmask it again, and FIQs are
	 * the secure world's interrupts (the kernel enforces this too). */
	s->regs.cpsr = MODE_SVC | PSR_I | PSR_A;
	s->ns_sctlr = SCTLR_NS_RESET;
	s->entry_flags = VCPU_ENTRY_SET_SCTLR;
}

void loader_load_guest(const struct fwcfg_port *fw, struct vcpu_state *boot)
{
	struct fwcfg_file f;
	uint32_t addr = LOADER_DEFAULT_GUEST_ADDR;

	if (!fwcfg_find(fw, FW_GUEST, &f))
		vmm_fail(1, "error: no guest image: fw_cfg file %s is missing", FW_GUEST);
	if (fwcfg_read_u32(fw, FW_GUEST_ADDR, &addr) == -2)
		vmm_fail(1, "error: %s: not an address such as 0x40000000", FW_GUEST_ADDR);
	if (addr & 3u)
		vmm_fail(1, "error: guest address 0x%08x is not 4-byte aligned", (unsigned)addr);
	if (loader_check_range(addr, f.size, vmm_config.ns_ram_base,
			       vmm_config.ns_ram_size) != 0)
		vmm_fail(1, "error: guest image %s (%u bytes) at 0x%08x does not fit in "
			 "normal RAM 0x%08x-0x%08x", FW_GUEST, (unsigned)f.size, (unsigned)addr,
			 (unsigned)vmm_config.ns_ram_base,
			 (unsigned)(vmm_config.ns_ram_base + vmm_config.ns_ram_size - 1));
	fwcfg_read_file(fw, &f, (void *)(uintptr_t)addr, f.size);
	loader_set_entry(boot, addr, 0, 0xffffffffu, 0);
}
