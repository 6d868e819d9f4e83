/*
 * The medium in use (medium.h): one pointer, set before the first mount
 * (main.c, or a host test), and the calls that go through it. The store and
 * the journal call these, never a driver, so that they are the same code on
 * every board.
 */
#include <lib/string.h>
#include "medium.h"

static const struct medium *cur;

void medium_use(const struct medium *m)
{
	cur = m;
}

const struct medium *medium_current(void)
{
	return cur;
}

const char *medium_name(void)
{
	return cur->name;
}

int medium_init(struct medium_geometry *g, char *why, size_t len)
{
	return cur->init(g, why, len);
}

void medium_describe(char *line, size_t len)
{
	cur->describe(line, len);
}

int medium_read(uint32_t off, void *dst, uint32_t len)
{
	return cur->read(off, dst, len);
}

int medium_read_inverted(uint32_t off, void *dst, uint32_t len)
{
	int rc;

	if (cur->read_inverted)
		return cur->read_inverted(off, dst, len);
	rc = cur->read(off, dst, len);
	medium_invert(dst, dst, len);
	return rc;
}

int medium_compare(uint32_t off, const uint32_t *src, uint32_t len, uint32_t *scratch,
		   uint32_t room)
{
	if (cur->compare)
		return cur->compare(off, src, len);
	while (len) {
		uint32_t n = len < room ? len : room;
		int rc = cur->read(off, scratch, n);

		if (rc != MEDIUM_OK)
			return rc;
		if (memcmp(scratch, src, n) != 0)
			return MEDIUM_EIO;
		off += n;
		src += n / 4u;
		len -= n;
	}
	return MEDIUM_OK;
}

void medium_invert(void *dst, const void *src, uint32_t len)
{
	uint32_t *d = dst;
	const uint32_t *w = src;

	for (uint32_t i = 0; i < len / 4u; i++)
		d[i] = ~w[i];
}

int medium_erase(uint32_t off)
{
	return cur->erase(off);
}

int medium_program(uint32_t off, const uint32_t *src, uint32_t len)
{
	return cur->program(off, src, len);
}

void medium_idle(void)
{
	cur->idle();
}

uint32_t medium_last_status(void)
{
	return cur->last_status();
}

void medium_slow_writes(int on)
{
	cur->slow_writes(on);
}
