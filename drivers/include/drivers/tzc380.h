/*
 * ARM CoreLink TZC-380 TrustZone Address Space Controller (the i.MX6
 * TZASC, in front of the DDR controller): which world may read and write
 * which part of memory. A board describes the whole layout once, as plain
 * data (a plan), and tzc380_configure checks it against what the
 * controller reports, programs it and reads it back. Register facts from
 * the CoreLink TZC-380 TRM (ARM DDI 0431C), chapter 3.
 *
 * Addresses are those the controller sees on its AXI port; on the i.MX6
 * these are the physical addresses (on later i.MX parts they are DDR
 * offsets, the board's business). Bypass enables in IOMUXC_GPR, the
 * lockdown registers and the security inversion register are not touched.
 */
#ifndef DRIVERS_TZC380_H
#define DRIVERS_TZC380_H

#include <stdbool.h>
#include <stdint.h>

/* Who may access a region. The secure world keeps read/write access to
 * non-secure memory (tzvmm reads and writes its guests' RAM), whatever the
 * security inversion register says. */
enum tzc380_security {
	TZC380_SECURE_ONLY,       /* secure read/write; non-secure refused */
	TZC380_NONSECURE_RW,      /* both worlds read/write */
};

/* What the controller does on a refused access: the action register's
 * reaction_value (TRM 3.2.2). A refused read returns zeros and a refused
 * write is dropped in every case; these add an AXI error (DECERR, a data
 * abort for a CPU) and/or raise the TZASC interrupt. */
enum tzc380_action {
	TZC380_ACTION_SILENT = 0,        /* OKAY response, no interrupt */
	TZC380_ACTION_DECERR = 1,        /* DECERR response, no interrupt */
	TZC380_ACTION_IRQ = 2,           /* OKAY response, interrupt */
	TZC380_ACTION_IRQ_DECERR = 3,    /* DECERR response and interrupt */
};

/* A region: size a power of two, at least 32 KiB, base a multiple of size
 * (TRM 3.2.13-3.2.15). A higher-numbered region takes priority over a
 * lower one where they overlap (TRM chapter 2, regions). */
struct tzc380_region {
	uint64_t base, size;
	enum tzc380_security security;
};

/* A whole configuration. regions[0] is the background region, which always
 * spans the whole address space: its base and size must be given as 0 and
 * only its security is used. regions[n] becomes controller region n; the
 * controller's regions beyond nregions are disabled. */
struct tzc380_plan {
	const struct tzc380_region *regions;
	unsigned nregions;
	enum tzc380_action action;
};

/* tzc380_configure's results. */
#define TZC380_OK            0
#define TZC380_ERR_PLAN     -1   /* the plan was refused; nothing was written */
#define TZC380_ERR_READBACK -2   /* written, but a register reads back otherwise */

int tzc380_configure(uintptr_t base, const struct tzc380_plan *plan, const char **why);

/* The first refused access since the interrupt was last cleared
 * (TRM 3.2.5-3.2.10). */
struct tzc380_fault {
	uint64_t address;
	uint32_t id;           /* the AXI ID of the master */
	bool write;            /* else a read */
	bool nonsecure;
	bool privileged;
	bool overrun;          /* more refused accesses followed it */
};

/* If the controller's interrupt is pending: fills *f, clears the
 * interrupt and returns 1; else returns 0. */
int tzc380_take_fault(uintptr_t base, struct tzc380_fault *f);

#endif
