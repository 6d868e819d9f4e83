/*
 * The storage self-test (`--args storage=selftest`, test image): the
 * request path end to end on the real flash, and across boots. It checks
 * the pattern an earlier boot left, if any; writes the next generation in
 * requests of varied sizes that cross two block boundaries; flushes;
 * forgets everything in RAM and mounts again, as a reboot would; and
 * reads the pattern back. Booted again with the same --flash file, it
 * finds this generation first.
 */
#include <lib/string.h>
#include <tzvmm/storage.h>
#include <ulib/ulog.h>
#include "../request.h"
#include "../store.h"
#include "hooks.h"

#define MAGIC       0x54534c53u            /* "SLST" */
#define HEADER      (10u * 512u + 500u)    /* a sector: 12 before block 11 */
#define FIRST       (HEADER + 1u)
#define COUNT       600u                   /* up into block 12 */
#define MAX_SECTORS 32u
#define WORDS       (STORAGE_SECTOR / 4u)   /* a sector's */

static uint32_t buf[MAX_SECTORS * WORDS];
static uint32_t seq;
/* Request sizes in turn: whole buffers, odd sizes, single sectors. */
static const uint32_t sizes[] = { 32, 7, 1, 19, 32, 13, 2 };

static uint32_t call(uint32_t op, uint32_t sector, uint32_t count)
{
	struct storage_req slot = { .op = op, .sector = sector, .count = count };
	struct request r;

	slot.seq = ++seq;

	return request_handle(&slot, (uint8_t *)buf, &r);
}

static uint32_t pattern(uint32_t gen, uint32_t sector, uint32_t i)
{
	uint32_t x = gen * 0x9e3779b9u ^ sector * 0x85ebca6bu ^ i * 0xc2b2ae35u;

	return x ^ (x >> 15);
}

/* Reads generation gen's pattern back; false (and one line) if it differs. */
static bool check(uint32_t gen, const char *when)
{
	for (uint32_t s = FIRST, k = 0; s < FIRST + COUNT; k++) {
		uint32_t n = sizes[k % (sizeof(sizes) / sizeof(sizes[0]))], st;

		n = n < FIRST + COUNT - s ? n : FIRST + COUNT - s;
		st = call(STORAGE_OP_READ, s, n);
		for (uint32_t i = 0; st == STORAGE_OK && i < n * WORDS; i++) {
			uint32_t sector = s + i / WORDS;

			if (buf[i] != pattern(gen, sector, i % WORDS)) {
				ulog("error: selftest: generation %u %s: sector %u differs",
				     (unsigned)gen, when, (unsigned)sector);
				return false;
			}
		}
		if (st != STORAGE_OK) {
			ulog("error: selftest: reading %u sectors at %u %s: status %u", (unsigned)n,
			     (unsigned)s, when, (unsigned)st);
			return false;
		}
		s += n;
	}
	return true;
}

static bool write(uint32_t gen, unsigned *requests)
{
	uint32_t st = STORAGE_OK;

	for (uint32_t s = FIRST, k = 0; s < FIRST + COUNT && st == STORAGE_OK; k++) {
		uint32_t n = sizes[k % (sizeof(sizes) / sizeof(sizes[0]))];

		n = n < FIRST + COUNT - s ? n : FIRST + COUNT - s;
		for (uint32_t i = 0; i < n * WORDS; i++)
			buf[i] = pattern(gen, s + i / WORDS, i % WORDS);
		st = call(STORAGE_OP_WRITE, s, n);
		s += n;
		++*requests;
	}
	memset(buf, 0, STORAGE_SECTOR);
	buf[0] = MAGIC;
	buf[1] = gen;
	if (st == STORAGE_OK)
		st = call(STORAGE_OP_WRITE, HEADER, 1);
	if (st == STORAGE_OK)
		st = call(STORAGE_OP_FLUSH, 0, 0);
	*requests += 2;
	if (st != STORAGE_OK)
		ulog("error: selftest: writing generation %u: status %u", (unsigned)gen,
		     (unsigned)st);
	return st == STORAGE_OK;
}

/* Requests the store must refuse, and with what. */
static bool refusals(void)
{
	uint32_t cap = (uint32_t)store_capacity();

	return call(STORAGE_OP_READ, 0, 0) == STORAGE_EINVAL &&
	       call(STORAGE_OP_WRITE, 0, STORAGE_DATA_MAX / STORAGE_SECTOR + 1u) ==
		       STORAGE_EINVAL &&
	       call(9, 0, 1) == STORAGE_EINVAL &&
	       call(STORAGE_OP_READ, cap - 1u, 2) == STORAGE_ERANGE &&
	       call(STORAGE_OP_WRITE, 0xffffffffu, 2) == STORAGE_ERANGE;
}

void selftest_run(void)
{
	uint32_t gen = 0;
	unsigned requests = 0;

	if (call(STORAGE_OP_READ, HEADER, 1) != STORAGE_OK) {
		ulog("error: selftest: the store does not answer (see above)");
		return;
	}
	if (buf[0] == MAGIC) {
		gen = buf[1];
		if (!check(gen, "from an earlier boot"))
			return;
		ulog("selftest: generation %u from an earlier boot reads back (%u sectors)",
		     (unsigned)gen, COUNT);
	} else {
		ulog("selftest: no earlier generation (a new data region)");
	}
	if (!refusals()) {
		ulog("error: selftest: a bad request was not refused as it should be");
		return;
	}
	if (!write(++gen, &requests))
		return;
	store_forget();
	if (store_mount() != STORE_READY || !check(gen, "after a remount"))
		return;
	ulog("selftest: generation %u: %u sectors across blocks 10-12 in %u requests, flushed, "
	     "read back after a remount: OK", (unsigned)gen, COUNT, requests);
}
