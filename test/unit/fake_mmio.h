/*
 * Models of devices for the drivers' host tests (drivers/include/drivers/
 * mmio.h, TZVMM_HOST_MMIO). A test attaches a model at a base address;
 * every access the driver makes inside [base, base + size) goes to the
 * model's read/write with the offset from base. An access no model claims
 * fails the test. fake_reset() detaches every model.
 */
#ifndef TEST_UNIT_FAKE_MMIO_H
#define TEST_UNIT_FAKE_MMIO_H

#include <stdint.h>

struct fake_mmio_model {
	uintptr_t base, size;
	/* width is 1, 2 or 4 (bytes). */
	uint32_t (*read)(void *ctx, uintptr_t off, unsigned width);
	void (*write)(void *ctx, uintptr_t off, uint32_t value, unsigned width);
	void *ctx;
};

void fake_mmio_attach(const struct fake_mmio_model *m);
void fake_mmio_detach_all(void);

/* The simplest model: a plain register file of `words` 32-bit registers
 * that reads back what was written and counts the writes to each. */
struct fake_regfile {
	uint32_t *regs;
	unsigned *writes;   /* may be NULL */
	unsigned words;
};
void fake_regfile_attach(uintptr_t base, struct fake_regfile *rf);

#endif
