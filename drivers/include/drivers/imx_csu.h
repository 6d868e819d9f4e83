/*
 * The i.MX6 Central Security Unit's Config Security Level registers
 * (CSU_CSL0-CSL39 at CSU base + 0x00-0x9c; i.MX6DQ and i.MX6UL reference
 * manuals, CSU chapter): which world and mode may reach each peripheral
 * slot. Each 32-bit CSL register holds the policies of two slots, one a
 * half-word: slot 2n is CSL n's bits [15:0], slot 2n + 1 its bits [31:16].
 * Which peripheral sits in which slot is the SoC's table (the manual's
 * "CSL mapping"), so the board names slots by number.
 *
 * A description is a list of {slot, policy, lock}; imx_csu_configure
 * checks all of it before the first write, writes only the half-word of
 * each slot named (the other slot of the register is left as it is) and
 * reads every one back. Master (CSU_SA) and hardware-protection registers
 * are not touched.
 */
#ifndef DRIVERS_IMX_CSU_H
#define DRIVERS_IMX_CSU_H

#include <stdbool.h>
#include <stdint.h>

#define IMX_CSU_NSLOTS 80u                       /* CSL0-CSL39, two slots each */
#define IMX_CSU_SLOT(csl, half) (2u * (csl) + (half))

enum imx_csu_policy {
	IMX_CSU_SECURE_ONLY,   /* read/write for secure supervisor and user only */
	IMX_CSU_OPEN,          /* read/write for every mode of both worlds */
};

struct imx_csu_slot {
	unsigned slot;               /* IMX_CSU_SLOT(csl, half) */
	enum imx_csu_policy policy;
	bool lock;                   /* no further change until the next reset */
};

#define IMX_CSU_OK            0
#define IMX_CSU_ERR_DESC     -1   /* refused; nothing was written */
#define IMX_CSU_ERR_READBACK -2   /* written, but a slot reads back otherwise */

/* Applies the n entries of slots to the CSU at base: IMX_CSU_OK, or an
 * error with *why (if why is not NULL) set to a short reason. A slot
 * already locked is accepted only if it holds exactly what is asked. */
int imx_csu_configure(uintptr_t base, const struct imx_csu_slot *slots, unsigned n,
		      const char **why);

#endif
