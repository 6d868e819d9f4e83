/*
 * A model of QEMU 7.2's i.MX uSDHC (hw/sd/sdhci.c, TYPE_IMX_USDHC: the
 * SDHCI state machine behind usdhc_read/usdhc_write) and of the SD card on
 * its bus (hw/sd/sd.c), for the host tests of drivers/usdhc.c and of the
 * storage component's SD medium. It is attached with fake_mmio_attach at
 * FAKE_USDHC_BASE and follows QEMU where the driver depends on it:
 *   - the clock is on only with SYS_CTRL's low bits (SDHCI's clock enables)
 *     set; a command that cannot be issued (clock off, data inhibit) is
 *     dropped without a word, as QEMU drops it;
 *   - a reset happens only when exactly one of RSTA, RSTC, RSTD is
 *     written; MIX_CTRL is the transfer mode, merged into the next command;
 *   - commands, data and the card's programming complete at once; an R1b
 *     command sets no TC (the uSDHC's NO_BUSY_IRQ quirk);
 *   - the card: CMD0, 2, 3, 7, 8, 9, 12, 13, 16, 17, 18, 24, 25, 55 and
 *     ACMD41, by QEMU's state machine; anything else, or a command in a
 *     wrong state, gets no response (a command timeout); an SDSC card
 *     (64 MiB or less, CSD 1.0) is addressed in bytes, a larger one (CSD
 *     2.0, OCR.CCS) in blocks. Its first FAKE_SD_MAX bytes are backed.
 * It is stricter than QEMU where QEMU only logs: every access QEMU would
 * log as unimplemented or as a guest error (an access other than 32 bits
 * wide, a register it does not know, the data port out of turn, a command
 * dropped, a card read or write in the wrong state) is counted, and the
 * tests expect the count at zero.
 *
 * Faults: a command that goes unanswered, a data CRC error on one block,
 * and a power cut: with cut_at = N, the N-th sector written is not written
 * (or, with cut_torn, only a random part of it), and every write after it
 * is lost; the card answers on, reading zeros, so the code under test runs
 * to its end.
 */
#ifndef TEST_UNIT_FAKE_USDHC_H
#define TEST_UNIT_FAKE_USDHC_H

#include <stdbool.h>
#include <stdint.h>

struct usdhc_port;

#define FAKE_USDHC_BASE 0x02190000u
#define FAKE_SD_MAX     (64u << 20)

enum fake_sd_state {
	FAKE_SD_INACTIVE = -1,
	FAKE_SD_IDLE = 0, FAKE_SD_READY, FAKE_SD_IDENT, FAKE_SD_STANDBY, FAKE_SD_TRANSFER,
	FAKE_SD_SENDING, FAKE_SD_RECEIVING, FAKE_SD_PROGRAMMING,
};

struct fake_usdhc {
	/* The controller: SDHCIState's fields that the driver reaches. */
	uint16_t blksize, blkcnt, trnmod, cmdreg, clkcon;
	uint32_t argument, rspreg[4], prnsts;
	uint8_t hostctl1, blkgap, wakcon, timeoutcon;
	uint16_t norintsts, errintsts, norintstsen, errintstsen, norintsigen, errintsigen;
	uint32_t data_count;
	uint8_t fifo[512];

	/* The card: SDState's. */
	bool inserted, write_protected;
	int state;                      /* enum fake_sd_state */
	uint32_t ocr, rca, card_status, blk_len, vhs;
	bool expecting_acmd;
	uint8_t cid[16], csd[16];
	uint32_t cur_cmd;               /* the data command in progress */
	uint64_t data_start;
	uint32_t data_offset;
	uint8_t data[512];
	uint64_t capacity;              /* what the CSD and OCR say */
	uint8_t *mem;                   /* FAKE_SD_MAX bytes, 0xff when new */

	/* Faults. */
	uint8_t unanswered_cmd;         /* this command index goes unanswered... */
	uint32_t unanswered_count;      /* ...so many times (0: none) */
	uint32_t crc_error_at;          /* the n-th data block moved from now (1-based) */
	bool never_powered_up;          /* ACMD41 never sets OCR's busy bit */
	bool clock_ignored;             /* SYS_CTRL's clock bits never stick */
	uint32_t cut_at;                /* power cut at this sector write (1-based) */
	bool cut_torn;
	uint32_t lost_write_at;         /* this sector write acknowledged, never stored */
	uint32_t seed;
	bool dead;

	/* What happened. */
	uint32_t commands, cmd_count[64], last_arg[64];
	uint32_t ops;                   /* sector writes (the power-cut clock) */
	uint32_t sector_reads, blocks_moved;
	uint32_t crc_errors;            /* injected ones that fired */
	uint32_t illegal;               /* commands the card left unanswered */
	uint32_t resets[3];             /* RSTA, RSTC, RSTD */
	uint32_t violations;            /* see above */
	uint32_t ticks, pauses;

	/* Blocks of 256 KiB written since fake_usdhc_snapshot. */
	uint8_t *snap;
	bool dirty[FAKE_SD_MAX >> 18];
};

extern struct fake_usdhc fake_usdhc;
/* The driver's clock: 10 ticks a read, 1000 a millisecond. */
extern const struct usdhc_port fake_usdhc_port;

/* A new card of capacity bytes (its first FAKE_SD_MAX backed, all 0xff),
 * in the slot of a controller just powered on, attached at
 * FAKE_USDHC_BASE; no faults. */
void fake_usdhc_new(uint64_t capacity);
/* Attaches the model again (fake_reset detached it), card kept. */
void fake_usdhc_attach(void);
void fake_usdhc_snapshot(void);
/* Back to the snapshot: contents, controller and card reset, faults and
 * counts cleared. */
void fake_usdhc_restore(void);
/* The power back after a cut: alive, no cut pending, controller and card
 * reset as at power-on; contents kept. */
void fake_usdhc_power_on(void);

#endif
