/* i.MX6 power-off (SNVS) and reset (WDOG1), from the reference manuals'
 * SNVS and WDOG chapters, as QEMU's models act on them. */
#include <drivers/mmio.h>
#include <drivers/power.h>

#define SNVS_LPCR        0x38u
#define SNVS_LPCR_DP_EN  (1u << 5)   /* dumb PMIC mode */
#define SNVS_LPCR_TOP    (1u << 6)   /* turn off power */
#define WDOG_WCR         0x00u       /* 16 bits wide */
#define WDOG_WCR_WDE     (1u << 2)
#define WDOG_WCR_WDA     (1u << 5)   /* 1 = no WDOG_B assertion */

void imx_snvs_power_off(uintptr_t base, uint32_t unused)
{
	(void)unused;
	mmio_write32(base + SNVS_LPCR, mmio_read32(base + SNVS_LPCR) | SNVS_LPCR_DP_EN |
		     SNVS_LPCR_TOP);
}

void imx_wdog_reset(uintptr_t base, uint32_t unused)
{
	(void)unused;
	/* SRS (bit 4) clear: software reset now; WDE on as the manual asks. */
	mmio_write16(base + WDOG_WCR, (uint16_t)(WDOG_WCR_WDE | WDOG_WCR_WDA));
}
