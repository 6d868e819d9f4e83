/* The device models' switchboard for the drivers' host tests (fake_mmio.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <drivers/mmio.h>
#include "fake_mmio.h"

#define FAKE_MMIO_MAX 8

static struct fake_mmio_model models[FAKE_MMIO_MAX];
static unsigned nmodels;

void fake_mmio_attach(const struct fake_mmio_model *m)
{
	assert_true(nmodels < FAKE_MMIO_MAX);
	models[nmodels++] = *m;
}

void fake_mmio_detach_all(void)
{
	nmodels = 0;
}

static const struct fake_mmio_model *claim(uintptr_t addr, unsigned width)
{
	for (unsigned i = 0; i < nmodels; i++)
		if (addr >= models[i].base && addr - models[i].base + width <= models[i].size)
			return &models[i];
	fail_msg("mmio: access of %u bytes at 0x%lx that no device model claims", width,
		 (unsigned long)addr);
	return NULL;
}

static uint32_t access_read(uintptr_t addr, unsigned width)
{
	const struct fake_mmio_model *m = claim(addr, width);

	assert_int_equal(addr % width, 0);
	return m->read(m->ctx, addr - m->base, width);
}

static void access_write(uintptr_t addr, uint32_t value, unsigned width)
{
	const struct fake_mmio_model *m = claim(addr, width);

	assert_int_equal(addr % width, 0);
	m->write(m->ctx, addr - m->base, value, width);
}

uint32_t mmio_read32(uintptr_t addr)
{
	return access_read(addr, 4);
}

void mmio_write32(uintptr_t addr, uint32_t value)
{
	access_write(addr, value, 4);
}

uint16_t mmio_read16(uintptr_t addr)
{
	return (uint16_t)access_read(addr, 2);
}

void mmio_write16(uintptr_t addr, uint16_t value)
{
	access_write(addr, value, 2);
}

uint8_t mmio_read8(uintptr_t addr)
{
	return (uint8_t)access_read(addr, 1);
}

void mmio_write8(uintptr_t addr, uint8_t value)
{
	access_write(addr, value, 1);
}

static uint32_t regfile_read(void *ctx, uintptr_t off, unsigned width)
{
	const struct fake_regfile *rf = ctx;
	uint32_t word = rf->regs[off / 4];

	uint32_t mask = width == 4 ? 0xffffffffu : (1u << (8 * width)) - 1u;

	return (word >> (8 * (off % 4))) & mask;
}

static void regfile_write(void *ctx, uintptr_t off, uint32_t value, unsigned width)
{
	const struct fake_regfile *rf = ctx;
	uint32_t *word = &rf->regs[off / 4];

	if (width == 4) {
		*word = value;
	} else {
		unsigned shift = 8 * (off % 4);
		uint32_t mask = (1u << (8 * width)) - 1u;

		*word = (*word & ~(mask << shift)) | (value & mask) << shift;
	}
	if (rf->writes)
		rf->writes[off / 4]++;
}

void fake_regfile_attach(uintptr_t base, struct fake_regfile *rf)
{
	struct fake_mmio_model m = {
		.base = base, .size = (uintptr_t)rf->words * 4u,
		.read = regfile_read, .write = regfile_write, .ctx = rf,
	};

	fake_mmio_attach(&m);
}
