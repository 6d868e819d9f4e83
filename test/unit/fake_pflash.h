/*
 * A model of QEMU 7.2's CFI flash (hw/block/pflash_cfi01.c) as virt
 * configures it: a 32-bit bank of two x16 devices, 256 KiB blocks,
 * 64 MiB, a 2 KiB write buffer per device. It implements the storage
 * component's port (components/storage/cfi_port.h) for the host tests and
 * the fuzzer, and it is stricter than QEMU where real chips are:
 *   - a program can only clear bits (QEMU overwrites);
 *   - a write-buffer load must stay inside one buffer window (QEMU writes
 *     only the last word's window to its file);
 *   - commands must reach both devices.
 * Every departure is counted, and the tests expect the counts at zero.
 *
 * Like QEMU (Debian's 7.2.x, with the update buffer backported from 8.0),
 * it erases at the 0x20 command itself, leaves the chip in status mode
 * after a program or an erase, and clears the ready bit on 0x50 (clear
 * status), which also returns it to read-array mode. A buffer load is the
 * write-buffer window of the count's address: a word outside it sets the
 * program error bit, and the confirm then discards the load and returns
 * to read-array mode; the load reaches the array (and QEMU's file) at the
 * confirm. A load of one word is refused as well (QEMU's later fix of the
 * update buffer starts it at the first word, and never for a count of 0).
 *
 * Power cuts: a flash operation is an erase, a word program or a whole
 * buffer load (at its confirm, when QEMU writes its file). With cut_at = N, the N-th
 * operation is not done (cut_torn false) or done in part (cut_torn true:
 * bits of the block or the words half-changed, as a real chip leaves
 * them), and the chip is dead from then on: it ignores every write and
 * reports ready, so the code under test runs on to its end.
 */
#ifndef TEST_UNIT_FAKE_PFLASH_H
#define TEST_UNIT_FAKE_PFLASH_H

#include <stdbool.h>
#include <stdint.h>

#define FAKE_PFLASH_MAX   (64u << 20)
#define FAKE_PFLASH_QUERY 0x52u

struct fake_pflash {
	uint8_t *mem;                   /* FAKE_PFLASH_MAX bytes */
	uint32_t size, block_size;      /* the bank's */
	uint32_t buffer_size;           /* the bank's write buffer, bytes */
	uint8_t query[FAKE_PFLASH_QUERY];   /* one device's CFI table */

	/* QEMU's state machine. */
	uint8_t wcycle, cmd, status;
	uint32_t count;                 /* words of the buffer load */
	uint32_t loaded;                /* words received */
	uint32_t window;                /* the load's window (the count's address) */
	uint32_t load_off[1024];
	uint32_t load_val[1024];

	/* Faults to inject. */
	/* Status error bits, nothing done: as QEMU on a read-only file, a
	 * failed buffer load is discarded at its confirm, which returns the
	 * chip to read-array mode. */
	bool fail_erase, fail_program;
	uint32_t lose_loads;            /* so many buffer loads report success, do nothing */
	/* The opposite lie: an erase, word program or buffer load at an
	 * offset in [late_error_lo, late_error_hi) is done (with late_torn,
	 * in part, as a cut tears it), then reports its error bit, as a chip
	 * whose supply sagged at the end, or that finished just after the
	 * driver gave up on it. The code cannot tell what reached the array. */
	uint32_t late_error_lo, late_error_hi;
	bool late_torn;
	bool stuck_busy;                /* the ready bit never comes */
	uint32_t cut_at;                /* power cut at this operation (1-based) */
	bool cut_torn;
	uint32_t seed;                  /* for torn bits */
	bool dead;

	/* What happened. */
	uint32_t ops, erases, word_programs, buffer_programs, pauses;
	uint32_t late_errors;           /* operations the late-error range hit */
	uint32_t array_reads_wrong_mode;    /* data copied while not in read-array mode */
	uint32_t bad_sequences;         /* what QEMU logs as unimplemented */
	uint32_t bits_set;              /* programs that needed a 0 to become 1 */
	uint32_t buffer_misuse;         /* count too large, words outside the window */
	uint32_t single_lane;           /* a command sent to one device only */
	uint32_t ticks;

	/* Blocks written since fake_pflash_snapshot. */
	uint8_t *snap;
	bool dirty[256];
};

extern struct fake_pflash fake_pflash;

/* QEMU virt's flash, erased, and its query table; no faults. */
void fake_pflash_qemu(void);
/* The same chip with another device size (2^dev_size_log2 bytes per
 * device), block size per device and buffer (2^buffer_log2 per device). */
void fake_pflash_shape(uint32_t dev_size_log2, uint32_t dev_block, uint32_t buffer_log2);
void fake_pflash_snapshot(void);
/* Back to the snapshot, state machine reset, faults and counts cleared. */
void fake_pflash_restore(void);
/* The power back after a cut: alive, no cut pending, and reset as QEMU
 * resets it (read-array mode, status ready). */
void fake_pflash_power_on(void);
bool fake_pflash_in_array_mode(void);
/* Counts that must stay zero: the sum of the departures above. */
uint32_t fake_pflash_violations(void);

#endif
