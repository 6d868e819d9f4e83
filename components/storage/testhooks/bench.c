/*
 * How fast the medium programs through MMIO (`--args storage=bench`, test
 * image; make bench's flash_program_MBps): the medium alone (medium.h),
 * erasing and programming the pool's free blocks, which hold nothing the
 * journal names (the next write back erases whichever it takes). Buffered
 * programming is what the store uses; word programming (the flash) or one
 * block per command (an SD card) is the slow way, the flash's fallback for
 * chips with a small buffer. The line starts with the medium's name.
 */
#include <tzvmm/syscall.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "../medium.h"
#include "../store.h"
#include "hooks.h"

#define ROUNDS 4u            /* over every free block: 16 blocks, 4 MiB */
#define WORD_BYTES 32768u   /* QEMU writes its file once a word: slow */

static uint32_t ticks(void)
{
	return sys_kinfo(KINFO_TICKS_LO);
}

/* bytes in t ticks, in hundredths of MB/s (10^6 bytes). */
static uint32_t hundredths(uint64_t bytes, uint64_t t, uint32_t hz)
{
	return t ? (uint32_t)(bytes * hz * 100u / (t * 1000000u)) : 0;
}

void bench_run(void)
{
	uint32_t *src = store_scratch_buffer(), size = store_layout()->block_size;
	uint32_t hz = sys_kinfo(KINFO_TIMER_HZ), blocks = 0, t0, t1, t2;
	uint64_t erase = 0, program = 0;
	int rc = MEDIUM_OK;

	if (!src) {
		ulog("error: bench: the cache holds writes not flushed");
		return;
	}
	/* Data with no word of all ones, which the driver would leave out. */
	for (uint32_t i = 0; i < size / 4u; i++)
		src[i] = (i * 0x9e3779b9u) & 0x7fffffffu;
	for (unsigned r = 0; r < ROUNDS && rc == MEDIUM_OK; r++) {
		for (unsigned b = 0; b < LAYOUT_SPARES && rc == MEDIUM_OK; b++) {
			uint32_t off = store_scratch_block(b);

			t0 = ticks();
			rc = medium_erase(off);
			t1 = ticks();
			if (rc == MEDIUM_OK)
				rc = medium_program(off, src, size);
			t2 = ticks();
			erase += t1 - t0;
			program += t2 - t1;
			blocks++;
		}
	}
	/* 32 KiB a word at a time. */
	if (rc == MEDIUM_OK)
		rc = medium_erase(store_scratch_block(0));
	/* A read of the erased block, untimed: the SD medium writes an erase
	 * out when something can see it (medium_sd.c), here, and not inside
	 * the timed program of part of the block. */
	if (rc == MEDIUM_OK)
		rc = medium_read(store_scratch_block(0), &t0, sizeof(t0));
	medium_slow_writes(1);
	t1 = ticks();
	if (rc == MEDIUM_OK)
		rc = medium_program(store_scratch_block(0), src, WORD_BYTES);
	t2 = ticks();
	medium_slow_writes(0);
	if (rc != MEDIUM_OK) {
		ulog("error: bench: %s error %d (status 0x%08x)", medium_name(), rc,
		     (unsigned)medium_last_status());
		return;
	}
	uint32_t buffered = hundredths((uint64_t)blocks * size, program, hz) / 10u;
	uint32_t words = hundredths(WORD_BYTES, t2 - t1, hz);
	uint32_t erase_us = (uint32_t)(erase * 1000000u / hz / blocks);

	ulog("%s program %u.%u MB/s (buffered: %u blocks of %u KiB in %u ms); word program "
	     "%u.%02u MB/s; erase %u us a block", medium_name(), (unsigned)(buffered / 10u),
	     (unsigned)(buffered % 10u), (unsigned)blocks, (unsigned)(size / 1024u),
	     (unsigned)(program * 1000u / hz), (unsigned)(words / 100u),
	     (unsigned)(words % 100u), (unsigned)erase_us);
}
