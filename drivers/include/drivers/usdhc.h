/*
 * The i.MX uSDHC (Ultra Secured Digital Host Controller, i.MX6 reference
 * manuals, chapter "uSDHC") with one SD memory card behind it: card
 * initialisation and single- and multi-block reads and writes of 512-byte
 * sectors, in PIO (every word through the buffer data port, no DMA), so
 * that no address the controller masters needs to be known.
 *
 * What is done (SD Physical Layer Simplified Specification, 4.2 "Card
 * Identification Mode"): CMD0; CMD8 (a card that does not answer is a
 * version 1 card); ACMD41 with the high-capacity bit, until the card is
 * powered up; CMD2, CMD3 (its address), CMD9 (its CSD: the capacity),
 * CMD7 (selected); CMD16 (512-byte blocks) on a standard-capacity card.
 * OCR.CCS says how a card is addressed: in bytes (SDSC) or in 512-byte
 * blocks (SDHC, SDXC). The bus stays 1 bit wide.
 *
 * Every wait is bounded by the caller's clock (struct usdhc_port), and
 * every failure is a return code, with a short reason in why for the log.
 * The controller is left idle after every call: its command and data lines
 * reset after a failure. The caller serialises calls (one controller, one
 * card). Registers are reached through drivers/mmio.h only.
 */
#ifndef DRIVERS_USDHC_H
#define DRIVERS_USDHC_H

#include <stdbool.h>
#include <stdint.h>

#define USDHC_SECTOR     512u
#define USDHC_SIZE       0x4000u    /* the register block */
#define USDHC_MAX_COUNT  65535u     /* sectors per call: the block counter's */

enum usdhc_result {
	USDHC_OK = 0,
	USDHC_ENOCARD = -1,       /* no card answered */
	USDHC_EUNSUPPORTED = -2,  /* a card this driver cannot use */
	USDHC_EIO = -3,           /* an error bit: CRC, end bit, index, card status */
	USDHC_ETIMEOUT = -4,      /* no response, or busy past the bound */
	USDHC_ERANGE = -5,        /* sectors outside the card */
};

/* The caller's clock, for the bounds of every wait. */
struct usdhc_port {
	uint32_t (*ticks)(void);   /* free-running */
	uint32_t ticks_per_ms;
	/* Gives the CPU away for about a millisecond; NULL: poll on. Used once
	 * a wait has lasted a millisecond. */
	void (*pause)(void);
};

struct usdhc {
	uintptr_t base;                /* the registers, mapped as device memory */
	const struct usdhc_port *port;
	/* The card, once usdhc_init has returned USDHC_OK. */
	uint32_t rca;                  /* relative card address (CMD3) */
	bool version2;                 /* answered CMD8 */
	bool block_addressed;          /* OCR.CCS: SDHC or SDXC */
	uint32_t ocr;
	uint32_t cid[4], csd[4];       /* as the response registers hold them */
	uint64_t sectors;              /* capacity, 512-byte sectors */
	/* Test hook (the bench): one CMD24 per sector instead of CMD25. */
	bool single_block_writes;
	/* The last failure: what went wrong, the command, INT_STATUS and the
	 * card's status (R1) then. */
	char why[112];
	uint32_t last_cmd, last_int, last_card;
};

/* Resets the controller at base and brings the card up to the transfer
 * state. */
int usdhc_init(struct usdhc *h, uintptr_t base, const struct usdhc_port *port);
/* count sectors from sector lba into dst, or from src; count at most
 * USDHC_MAX_COUNT. */
int usdhc_read(struct usdhc *h, uint32_t lba, uint32_t count, uint32_t *dst);
int usdhc_write(struct usdhc *h, uint32_t lba, uint32_t count, const uint32_t *src);
/* The one sector at sector written count times from lba on, in one
 * command (a range filled with a pattern). */
int usdhc_write_same(struct usdhc *h, uint32_t lba, uint32_t count, const uint32_t *sector);
/* The command and data lines reset, the card told to stop any transfer:
 * after a caller was cut short mid-call. */
void usdhc_idle(struct usdhc *h);

#endif
