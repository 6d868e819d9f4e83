/*
 * i.MX6 SRC: secondary core start and stop (drivers/imx_src.h). SRC_SCR
 * is shared by every core's enable and by the SoC's other software resets,
 * so it is changed under one lock, read-modify-written. Its software
 * reset bits are self-clearing (they read 1 while a reset is under way),
 * so they are cleared from the value written back: a change for one core
 * never re-asserts a reset still in progress elsewhere (the GPU's, or
 * another core's just started).
 *
 * Register facts: i.MX6DQ RM, SRC chapter (SRC_SCR, SRC_GPR1-10); QEMU's
 * model: hw/misc/imx6_src.c.
 */
#include <drivers/imx_src.h>
#include <drivers/mmio.h>
#include <lib/spinlock.h>

#define IMX_SRC_SCR     0x000u
#define IMX_SRC_GPR(k)  (0x020u + 4u * ((k) - 1u))   /* SRC_GPR1-10 */

#define IMX_SRC_SCR_CORE_RST(n) (1u << (13u + (n)))    /* core 0-3: bits 13-16 */
#define IMX_SRC_SCR_CORE_EN(n)  (1u << (21u + (n)))    /* core 1-3: bits 22-24 */
/* Self-clearing resets: GPU, VPU, IPU1, OpenVG (bits 1-4), IPU2 (12),
 * cores 0-3 (13-16), their debug (17-20), the cores' debug (21). */
#define IMX_SRC_SCR_SELF_CLEARING (0x1eu | 0x3ff000u)

static spinlock_t imx_src_scr_lock;

static bool imx_src_secondary(unsigned cpu)
{
	return cpu >= 1u && cpu <= 3u;
}

/* Core 0 has no enable bit: it runs whenever anything runs. */
bool imx_src_cpu_enabled(uintptr_t base, unsigned cpu)
{
	if (cpu == 0)
		return true;
	return imx_src_secondary(cpu) &&
	       (mmio_read32(base + IMX_SRC_SCR) & IMX_SRC_SCR_CORE_EN(cpu));
}

/* Validated first; the SCR test and change are one step under the lock,
 * so two callers cannot both start the same core. */
int imx_src_cpu_on(uintptr_t base, unsigned cpu, uint32_t entry, uint32_t arg)
{
	uint32_t scr;

	if (!imx_src_secondary(cpu))
		return IMX_SRC_ERR_CPU;
	if (entry & 3u)
		return IMX_SRC_ERR_ENTRY;
	spin_lock(&imx_src_scr_lock);
	scr = mmio_read32(base + IMX_SRC_SCR);
	if (scr & IMX_SRC_SCR_CORE_EN(cpu)) {
		/* Running: a new entry or a reset pulse would pull the core
		 * from under whatever it runs. */
		spin_unlock(&imx_src_scr_lock);
		return IMX_SRC_ERR_ON;
	}
	/* The entry and argument are in place before the enable: accesses to
	 * one peripheral's Device memory arrive in program order (ARM ARM,
	 * DDI 0406C, A3.8.2). */
	mmio_write32(base + IMX_SRC_GPR(2u * cpu + 1u), entry);
	mmio_write32(base + IMX_SRC_GPR(2u * cpu + 2u), arg);
	scr &= ~IMX_SRC_SCR_SELF_CLEARING;
	mmio_write32(base + IMX_SRC_SCR,
		     scr | IMX_SRC_SCR_CORE_EN(cpu) | IMX_SRC_SCR_CORE_RST(cpu));
	spin_unlock(&imx_src_scr_lock);
	return IMX_SRC_OK;
}

/* The caller has seen the core idle (PSCI's CPU_OFF handshake); the SRC
 * itself cannot tell. */
int imx_src_cpu_off(uintptr_t base, unsigned cpu)
{
	uint32_t scr;

	if (!imx_src_secondary(cpu))
		return IMX_SRC_ERR_CPU;
	spin_lock(&imx_src_scr_lock);
	scr = mmio_read32(base + IMX_SRC_SCR);
	if (!(scr & IMX_SRC_SCR_CORE_EN(cpu))) {
		spin_unlock(&imx_src_scr_lock);
		return IMX_SRC_ERR_OFF;
	}
	/* Disabled, with a reset pulse, as Linux and OP-TEE kill a core. */
	scr &= ~IMX_SRC_SCR_SELF_CLEARING & ~IMX_SRC_SCR_CORE_EN(cpu);
	mmio_write32(base + IMX_SRC_SCR, scr | IMX_SRC_SCR_CORE_RST(cpu));
	spin_unlock(&imx_src_scr_lock);
	return IMX_SRC_OK;
}
