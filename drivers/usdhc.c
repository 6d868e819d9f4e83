/*
 * The i.MX uSDHC and its SD card (usdhc.h). Register names and bits are
 * the i.MX6 reference manual's (uSDHC memory map); SD commands and card
 * registers are the SD Physical Layer Simplified Specification's.
 *
 * QEMU (7.2, hw/sd/sdhci.c, TYPE_IMX_USDHC) models the uSDHC as a standard
 * SDHCI with the i.MX register moves, and what it does differently from
 * the chip shapes a few choices here:
 *   - the low four bits of SYS_CTRL (reserved on the chip, ones after
 *     reset) are SDHCI's clock enables there: without them every command
 *     is dropped. They are always written as ones.
 *   - a reset is done only if exactly one of RSTA, RSTC or RSTD is
 *     written: each is sent alone, and INITA never with one of them.
 *   - the transfer mode is MIX_CTRL, kept by QEMU and merged into the
 *     next write of CMD_XFR_TYP, whose low half stays zero as on the chip.
 *   - an R1b command (CMD7) never sets TC there: its busy end is awaited
 *     as the chip shows it, by CDIHB clear and DAT0 high.
 *   - commands and data complete at once: each wait reads the status
 *     first and the caller's clock only if that was not yet it, so that a
 *     poll there costs one register read.
 * The FIFO watermarks are a whole block, so that BREN and BWEN (the
 * buffer read and write enables) mean a block can be moved in one go on
 * the chip as well; QEMU has one block's buffer and ignores WTMK_LVL.
 */
#include <lib/fmt.h>
#include <drivers/mmio.h>
#include <drivers/usdhc.h>

/* Registers (offsets). */
#define BLK_ATT         0x04u
#define CMD_ARG         0x08u
#define CMD_XFR_TYP     0x0cu
#define CMD_RSP0        0x10u   /* 4 of them */
#define DATA_BUFF       0x20u
#define PRES_STATE      0x24u
#define PROT_CTRL       0x28u
#define SYS_CTRL        0x2cu
#define INT_STATUS      0x30u
#define INT_STATUS_EN   0x34u
#define INT_SIGNAL_EN   0x38u
#define WTMK_LVL        0x44u
#define MIX_CTRL        0x48u

/* CMD_XFR_TYP */
#define XFR_INDEX(i)    ((uint32_t)(i) << 24)
#define XFR_ABORT       (3u << 22)   /* CMDTYP: CMD12 */
#define XFR_DATA        (1u << 21)   /* DPSEL */
#define XFR_INDEX_CHECK (1u << 20)   /* CICEN */
#define XFR_CRC_CHECK   (1u << 19)   /* CCCEN */
#define XFR_RSP_136     (1u << 16)
#define XFR_RSP_48      (2u << 16)
#define XFR_RSP_48_BUSY (3u << 16)
/* The response kinds of the SD specification, as the controller checks
 * them (R3, the OCR, has neither CRC nor index). */
#define R0  0u
#define R1  (XFR_RSP_48 | XFR_CRC_CHECK | XFR_INDEX_CHECK)
#define R1B (XFR_RSP_48_BUSY | XFR_CRC_CHECK | XFR_INDEX_CHECK)
#define R2  (XFR_RSP_136 | XFR_CRC_CHECK)
#define R3  XFR_RSP_48
#define R6  R1
#define R7  R1

/* PRES_STATE */
#define PRES_CIHB       (1u << 0)    /* command inhibit */
#define PRES_CDIHB      (1u << 1)    /* command inhibit (data) */
#define PRES_SDSTB      (1u << 3)    /* SD clock stable */
#define PRES_BWEN       (1u << 10)   /* buffer write enable */
#define PRES_BREN       (1u << 11)   /* buffer read enable */
#define PRES_CINST      (1u << 16)   /* card inserted */
#define PRES_DAT0       (1u << 24)   /* DLSL[0]: DAT0 high, the card not busy */

/* PROT_CTRL: little-endian FIFO, 1-bit bus. */
#define PROT_EMODE_LE   (2u << 4)

/* SYS_CTRL */
#define SYS_LOW_ONES    0xfu         /* see above */
#define SYS_CLOCK(fs, dvs) ((uint32_t)(fs) << 8 | (uint32_t)(dvs) << 4)
#define SYS_DTOCV_MAX   (0xeu << 16) /* data timeout: SDCLK x 2^27 */
#define SYS_IPP_RST_N   (1u << 23)   /* the card's reset line released */
#define SYS_RSTA        (1u << 24)
#define SYS_RSTC        (1u << 25)
#define SYS_RSTD        (1u << 26)
#define SYS_INITA       (1u << 27)
/* The card clock from the uSDHC root clock (198 MHz on these boards, at
 * most 200 MHz assumed): root / 512 = 387 kHz while the card is identified
 * (at most 400 kHz), root / 8 = 24.75 MHz after (at most 25 MHz). */
#define SYS_CLOCK_IDENT SYS_CLOCK(0x40, 3)   /* /128, /4 */
#define SYS_CLOCK_DATA  SYS_CLOCK(0x01, 3)   /* /2, /4 */

/* INT_STATUS (and its enables) */
#define INT_CC          (1u << 0)    /* command complete */
#define INT_TC          (1u << 1)    /* transfer complete */
#define INT_BWR         (1u << 4)
#define INT_BRR         (1u << 5)
#define INT_CTOE        (1u << 16)   /* command timeout */
#define INT_CCE         (1u << 17)   /* command CRC */
#define INT_CEBE        (1u << 18)   /* command end bit */
#define INT_CIE         (1u << 19)   /* command index */
#define INT_DTOE        (1u << 20)   /* data timeout */
#define INT_DCE         (1u << 21)   /* data CRC */
#define INT_DEBE        (1u << 22)   /* data end bit */
#define INT_AC12E       (1u << 24)   /* auto CMD12 */
#define INT_CMD_ERRORS  (INT_CTOE | INT_CCE | INT_CEBE | INT_CIE)
#define INT_DATA_ERRORS (INT_DTOE | INT_DCE | INT_DEBE | INT_AC12E)
#define INT_ALL (INT_CC | INT_TC | INT_BWR | INT_BRR | INT_CMD_ERRORS | INT_DATA_ERRORS)

/* WTMK_LVL: read and write watermarks of a whole block (128 words), bursts
 * of 16 words. */
#define WTMK_BLOCK      (16u << 24 | 128u << 16 | 16u << 8 | 128u)

/* MIX_CTRL: the transfer mode. */
#define MIX_BCEN        (1u << 1)    /* block count enable */
#define MIX_AC12EN      (1u << 2)    /* auto CMD12 after the last block */
#define MIX_DTDSEL      (1u << 4)    /* card to host */
#define MIX_MSBSEL      (1u << 5)    /* multiple blocks */
#define MIX_MODE_MASK   0xffu

/* SD commands */
#define CMD_GO_IDLE             0u
#define CMD_ALL_SEND_CID        2u
#define CMD_SEND_RELATIVE_ADDR  3u
#define CMD_SELECT_CARD         7u
#define CMD_SEND_IF_COND        8u
#define CMD_SEND_CSD            9u
#define CMD_STOP_TRANSMISSION   12u
#define CMD_SEND_STATUS         13u
#define CMD_SET_BLOCKLEN        16u
#define CMD_READ_SINGLE         17u
#define CMD_READ_MULTIPLE       18u
#define CMD_WRITE_SINGLE        24u
#define CMD_WRITE_MULTIPLE      25u
#define CMD_APP_CMD             55u
#define ACMD_SD_SEND_OP_COND    41u

#define IF_COND_CHECK   0x1aau       /* 2.7-3.6 V, check pattern 0xaa */
#define OCR_VDD_WINDOW  0x00ff8000u  /* 2.7-3.6 V */
#define OCR_CCS         (1u << 30)   /* in ACMD41's argument: HCS */
#define OCR_POWERED_UP  (1u << 31)

/* Card status (R1). ILLEGAL_COMMAND and COM_CRC_ERROR are left out: they
 * are about the command before, which had no response to carry them. */
#define CARD_ERRORS     0xfd398000u
#define CARD_READY      (1u << 8)    /* READY_FOR_DATA */
#define CARD_STATE(s)   (((s) >> 9) & 0xfu)
#define CARD_STATE_TRAN 4u

/* Bounds, in milliseconds. */
#define MS_RESET        100u
#define MS_COMMAND      100u
#define MS_POWER_UP     1000u   /* ACMD41: the specification's 1 s */
#define MS_BLOCK        500u    /* a block read, or a write's busy: SDXC's 500 ms */

static uint32_t reg_read(const struct usdhc *h, uint32_t off)
{
	return mmio_read32(h->base + off);
}

static void reg_write(const struct usdhc *h, uint32_t off, uint32_t v)
{
	mmio_write32(h->base + off, v);
}

/* A wait's bound. The clock is read only once the first poll has failed. */
struct wait {
	uint32_t start, limit;
	bool started;
};

static struct wait wait_ms(const struct usdhc *h, uint32_t ms)
{
	return (struct wait){ .limit = ms * h->port->ticks_per_ms };
}

/* True once w's bound has passed; gives the CPU away after a millisecond. */
static bool expired(const struct usdhc *h, struct wait *w)
{
	uint32_t now = h->port->ticks();

	if (!w->started) {
		w->started = true;
		w->start = now;
		return false;
	}
	if (now - w->start > w->limit)
		return true;
	if (h->port->pause && now - w->start > h->port->ticks_per_ms)
		h->port->pause();
	return false;
}

static int fail(struct usdhc *h, int rc, const char *what)
{
	h->last_int = reg_read(h, INT_STATUS);
	fmt_snprintf(h->why, sizeof(h->why), "CMD%u: %s (INT_STATUS 0x%08x, card status 0x%08x)",
		     (unsigned)h->last_cmd, what, (unsigned)h->last_int, (unsigned)h->last_card);
	return rc;
}

/* Writes SYS_CTRL: the card clock, and bit (RSTA, RSTC, RSTD or INITA,
 * alone, or none); waits until the controller has cleared bit and the
 * clock is stable. */
static int sys_ctrl(struct usdhc *h, uint32_t clock, uint32_t bit)
{
	struct wait w = wait_ms(h, MS_RESET);

	reg_write(h, SYS_CTRL, SYS_IPP_RST_N | SYS_DTOCV_MAX | clock | SYS_LOW_ONES | bit);
	while ((reg_read(h, SYS_CTRL) & bit) || !(reg_read(h, PRES_STATE) & PRES_SDSTB))
		if (expired(h, &w))
			return USDHC_ETIMEOUT;
	return USDHC_OK;
}

/* After a failure: the command and data lines reset, the status cleared. */
static void reset_lines(struct usdhc *h)
{
	uint32_t clock = reg_read(h, SYS_CTRL) & SYS_CLOCK(0xff, 0xf);

	sys_ctrl(h, clock, SYS_RSTC);
	sys_ctrl(h, clock, SYS_RSTD);
	reg_write(h, INT_STATUS, INT_ALL);
}

/* Waits until INT_STATUS has one of bits or an error bit; returns it. */
static int wait_int(struct usdhc *h, uint32_t bits, uint32_t errors, uint32_t ms,
		    uint32_t *status)
{
	struct wait w = wait_ms(h, ms);

	while (!((*status = reg_read(h, INT_STATUS)) & (bits | errors)))
		if (expired(h, &w))
			return USDHC_ETIMEOUT;
	return USDHC_OK;
}

/* Sends command index with arg and waits for its response; the transfer
 * mode and block attributes of a data command are set first (mix). */
static int command(struct usdhc *h, uint32_t index, uint32_t arg, uint32_t kind)
{
	uint32_t inhibit = PRES_CIHB | (kind & XFR_DATA || kind == R1B ? PRES_CDIHB : 0u);
	struct wait w = wait_ms(h, MS_COMMAND);
	uint32_t st;

	h->last_cmd = index;
	h->last_card = 0;
	while (reg_read(h, PRES_STATE) & inhibit)
		if (expired(h, &w))
			return fail(h, USDHC_ETIMEOUT, "the controller stayed busy");
	reg_write(h, INT_STATUS, INT_ALL);
	reg_write(h, CMD_ARG, arg);
	reg_write(h, CMD_XFR_TYP, XFR_INDEX(index) | kind);
	if (wait_int(h, INT_CC, INT_CMD_ERRORS, MS_COMMAND, &st) != USDHC_OK)
		return fail(h, USDHC_ETIMEOUT, "no command complete");
	if (st & INT_CTOE)
		return fail(h, USDHC_ETIMEOUT, "no response");
	if (st & INT_CMD_ERRORS)
		return fail(h, USDHC_EIO, "response CRC, end bit or index error");
	reg_write(h, INT_STATUS, INT_CC);
	if (kind & XFR_RSP_48)   /* R1, R1b, R3, R6, R7 */
		h->last_card = reg_read(h, CMD_RSP0);
	return USDHC_OK;
}

/* command(), with the lines reset after a failure. */
static int command_reset(struct usdhc *h, uint32_t index, uint32_t arg, uint32_t kind)
{
	int rc = command(h, index, arg, kind);

	if (rc != USDHC_OK)
		reset_lines(h);
	return rc;
}

/* An R1 command whose card status must show no error. */
static int command_r1(struct usdhc *h, uint32_t index, uint32_t arg, uint32_t kind)
{
	int rc = command_reset(h, index, arg, kind);

	if (rc == USDHC_OK && (h->last_card & CARD_ERRORS))
		rc = fail(h, USDHC_EIO, "the card reported an error");
	return rc;
}

/* Waits until the card is done with an R1b command: DAT0 high again. */
static int wait_not_busy(struct usdhc *h)
{
	struct wait w = wait_ms(h, MS_BLOCK);

	while ((reg_read(h, PRES_STATE) & (PRES_CDIHB | PRES_DAT0)) != PRES_DAT0)
		if (expired(h, &w))
			return fail(h, USDHC_ETIMEOUT, "the card stayed busy");
	return USDHC_OK;
}

/* ---- initialisation ------------------------------------------------------ */

static int controller_init(struct usdhc *h)
{
	h->last_cmd = 0;
	h->last_card = 0;
	/* The reset, then the clock again: the reset may have set its own. */
	if (sys_ctrl(h, SYS_CLOCK_IDENT, SYS_RSTA) != USDHC_OK ||
	    sys_ctrl(h, SYS_CLOCK_IDENT, 0) != USDHC_OK)
		return fail(h, USDHC_ETIMEOUT, "the controller's reset did not end");
	reg_write(h, PROT_CTRL, PROT_EMODE_LE);
	reg_write(h, WTMK_LVL, WTMK_BLOCK);
	reg_write(h, MIX_CTRL, reg_read(h, MIX_CTRL) & ~MIX_MODE_MASK);
	reg_write(h, INT_SIGNAL_EN, 0);   /* polled, never an interrupt */
	reg_write(h, INT_STATUS_EN, INT_ALL);
	reg_write(h, INT_STATUS, INT_ALL);
	/* 80 clocks for the card to start (INITA, alone: see above). */
	if (sys_ctrl(h, SYS_CLOCK_IDENT, SYS_INITA) != USDHC_OK)
		return fail(h, USDHC_ETIMEOUT, "the initial 80 clocks did not end");
	return USDHC_OK;
}

/* CMD8, then ACMD41 until the card says it is powered up. */
static int power_up(struct usdhc *h)
{
	struct wait w = wait_ms(h, MS_POWER_UP);
	uint32_t hcs;
	int rc;

	rc = command_reset(h, CMD_SEND_IF_COND, IF_COND_CHECK, R7);
	if (rc == USDHC_OK && (h->last_card & 0xfffu) != IF_COND_CHECK)
		return fail(h, USDHC_EUNSUPPORTED, "CMD8's check pattern came back wrong");
	h->version2 = rc == USDHC_OK;   /* else a version 1 card: no high capacity */
	hcs = h->version2 ? OCR_CCS : 0u;
	for (;;) {
		rc = command_reset(h, CMD_APP_CMD, 0, R1);
		if (rc == USDHC_OK)
			rc = command_reset(h, ACMD_SD_SEND_OP_COND, hcs | OCR_VDD_WINDOW, R3);
		if (rc != USDHC_OK)   /* why says which went unanswered */
			return rc == USDHC_ETIMEOUT ? USDHC_ENOCARD : rc;
		h->ocr = reg_read(h, CMD_RSP0);
		if (!(h->ocr & OCR_VDD_WINDOW))
			return fail(h, USDHC_EUNSUPPORTED, "the card takes no 2.7-3.6 V");
		if (h->ocr & OCR_POWERED_UP)
			break;
		if (expired(h, &w))
			return fail(h, USDHC_ETIMEOUT, "the card did not power up in 1 s");
	}
	h->block_addressed = h->version2 && (h->ocr & OCR_CCS);
	return USDHC_OK;
}

/* Bits hi..lo of the CSD, which the R2 response registers hold without
 * its CRC byte: CSD bit n is response bit n - 8. */
static uint32_t csd_bits(const struct usdhc *h, unsigned hi, unsigned lo)
{
	uint32_t v = 0;

	for (unsigned b = hi + 1u; b-- > lo;) {
		unsigned r = b - 8u;

		v = v << 1 | (h->csd[r / 32u] >> (r % 32u) & 1u);
	}
	return v;
}

/* The capacity from the CSD (specification 5.3): version 1.0 (SDSC) or
 * 2.0 (SDHC, SDXC). */
static int capacity(struct usdhc *h)
{
	uint32_t structure = csd_bits(h, 127, 126);

	if (structure == 0) {
		uint32_t read_bl_len = csd_bits(h, 83, 80), c_size = csd_bits(h, 73, 62);
		uint32_t mult = csd_bits(h, 49, 47);

		if (read_bl_len < 9 || read_bl_len > 11)
			return fail(h, USDHC_EUNSUPPORTED, "a CSD block length out of range");
		h->sectors = (uint64_t)(c_size + 1u) << (mult + 2u + read_bl_len - 9u);
	} else if (structure == 1) {
		h->sectors = (uint64_t)(csd_bits(h, 69, 48) + 1u) * 1024u;
	} else {
		return fail(h, USDHC_EUNSUPPORTED, "a CSD structure of another version");
	}
	return USDHC_OK;
}

/* CMD2, CMD3, CMD9, CMD7, CMD16: the card identified, its capacity read,
 * selected, its block length set. */
static int identify(struct usdhc *h)
{
	int rc = command_reset(h, CMD_ALL_SEND_CID, 0, R2);

	for (unsigned i = 0; i < 4 && rc == USDHC_OK; i++)
		h->cid[i] = reg_read(h, CMD_RSP0 + 4u * i);
	/* An address of 0 is no address: the card is asked for another. */
	h->rca = 0;
	for (unsigned tries = 0; rc == USDHC_OK && !h->rca && tries < 3; tries++) {
		rc = command_reset(h, CMD_SEND_RELATIVE_ADDR, 0, R6);
		h->rca = h->last_card >> 16;
	}
	if (rc == USDHC_OK && !h->rca)
		return fail(h, USDHC_EUNSUPPORTED, "the card gave no address");
	if (rc == USDHC_OK)
		rc = command_reset(h, CMD_SEND_CSD, h->rca << 16, R2);
	for (unsigned i = 0; i < 4 && rc == USDHC_OK; i++)
		h->csd[i] = reg_read(h, CMD_RSP0 + 4u * i);
	if (rc == USDHC_OK)
		rc = capacity(h);
	if (rc == USDHC_OK)
		rc = command_r1(h, CMD_SELECT_CARD, h->rca << 16, R1B);
	if (rc == USDHC_OK)
		rc = wait_not_busy(h);
	if (rc == USDHC_OK && !h->block_addressed)
		rc = command_r1(h, CMD_SET_BLOCKLEN, USDHC_SECTOR, R1);
	return rc;
}

int usdhc_init(struct usdhc *h, uintptr_t base, const struct usdhc_port *port)
{
	int rc;

	h->base = base;
	h->port = port;
	h->why[0] = '\0';
	h->sectors = 0;
	rc = controller_init(h);
	if (rc == USDHC_OK)
		rc = command_reset(h, CMD_GO_IDLE, 0, R0);
	if (rc == USDHC_OK)
		rc = power_up(h);
	if (rc == USDHC_OK)
		rc = identify(h);
	if (rc == USDHC_OK && sys_ctrl(h, SYS_CLOCK_DATA, 0) != USDHC_OK)
		rc = fail(h, USDHC_ETIMEOUT, "the data clock did not settle");
	if (rc == USDHC_OK)
		return USDHC_OK;
	h->sectors = 0;
	if (rc == USDHC_ENOCARD && !(reg_read(h, PRES_STATE) & PRES_CINST))
		fmt_snprintf(h->why, sizeof(h->why), "no card in the slot (PRES_STATE 0x%08x)",
			     (unsigned)reg_read(h, PRES_STATE));
	return rc;
}

/* ---- transfers ------------------------------------------------------------ */

/* Waits until the buffer is ready for a block (ready: BREN or BWEN), or
 * a data error. */
static int wait_buffer(struct usdhc *h, uint32_t ready)
{
	struct wait w = wait_ms(h, MS_BLOCK);
	uint32_t st;

	while (!(reg_read(h, PRES_STATE) & ready)) {
		st = reg_read(h, INT_STATUS);
		if (st & INT_DATA_ERRORS)
			return fail(h, st & INT_DTOE ? USDHC_ETIMEOUT : USDHC_EIO,
				    "a data error");
		if (expired(h, &w))
			return fail(h, USDHC_ETIMEOUT, "the buffer was never ready");
	}
	return USDHC_OK;
}

/* The end of a write: the card out of its busy state, back in transfer,
 * and no error in its status (CMD13). */
static int wait_written(struct usdhc *h)
{
	struct wait w = wait_ms(h, MS_BLOCK);
	int rc;

	for (;;) {
		rc = command_reset(h, CMD_SEND_STATUS, h->rca << 16, R1);
		if (rc != USDHC_OK)
			return rc;
		if (h->last_card & CARD_ERRORS)
			return fail(h, USDHC_EIO, "the card reported a write error");
		if ((h->last_card & CARD_READY) && CARD_STATE(h->last_card) == CARD_STATE_TRAN)
			return USDHC_OK;
		if (expired(h, &w))
			return fail(h, USDHC_ETIMEOUT, "the card stayed busy programming");
	}
}

/* After a failed transfer: the lines reset, the card told to stop (it may
 * be sending or receiving still; if not, it refuses CMD12, which is moot). */
static void transfer_failed(struct usdhc *h)
{
	struct usdhc failed = *h;   /* the failure, which CMD12's would hide */

	reset_lines(h);
	command_reset(h, CMD_STOP_TRANSMISSION, 0, R1B | XFR_ABORT);
	*h = failed;
}

/* A transfer's command, count blocks at lba (count at most
 * USDHC_MAX_COUNT), the block attributes and the transfer mode set first:
 * one block is CMD17 or CMD24, more CMD18 or CMD25 with the controller's
 * automatic CMD12 after the last. */
static int transfer_start(struct usdhc *h, bool write, uint32_t lba, uint32_t count)
{
	bool multi = count > 1u;
	uint32_t index = write ? (multi ? CMD_WRITE_MULTIPLE : CMD_WRITE_SINGLE) :
				 (multi ? CMD_READ_MULTIPLE : CMD_READ_SINGLE);
	uint32_t mode = MIX_BCEN | (write ? 0u : MIX_DTDSEL) |
			(multi ? MIX_MSBSEL | MIX_AC12EN : 0u);
	int rc;

	reg_write(h, BLK_ATT, count << 16 | USDHC_SECTOR);
	reg_write(h, MIX_CTRL, (reg_read(h, MIX_CTRL) & ~MIX_MODE_MASK) | mode);
	rc = command(h, index, h->block_addressed ? lba : lba * USDHC_SECTOR, R1 | XFR_DATA);
	if (rc == USDHC_OK && (h->last_card & CARD_ERRORS))
		rc = fail(h, USDHC_EIO, "the card refused the transfer");
	return rc;
}

/* A transfer's end, rc how its blocks went: transfer complete (and, after
 * a write, the card done programming), or the lines reset and the card
 * stopped. */
static int transfer_end(struct usdhc *h, int rc, bool write)
{
	uint32_t st;

	if (rc == USDHC_OK && wait_int(h, INT_TC, INT_DATA_ERRORS, MS_BLOCK, &st) != USDHC_OK)
		rc = fail(h, USDHC_ETIMEOUT, "no transfer complete");
	else if (rc == USDHC_OK && (st & INT_DATA_ERRORS))
		rc = fail(h, st & INT_DTOE ? USDHC_ETIMEOUT : USDHC_EIO, "a data error at the end");
	if (rc != USDHC_OK) {
		transfer_failed(h);
		return rc;
	}
	reg_write(h, INT_STATUS, INT_ALL);
	return write ? wait_written(h) : USDHC_OK;
}

static int check_range(struct usdhc *h, uint32_t lba, uint32_t count)
{
	if (count > USDHC_MAX_COUNT || (uint64_t)lba + count > h->sectors) {
		fmt_snprintf(h->why, sizeof(h->why), "sectors %u-%u are not on the card (%u)",
			     (unsigned)lba, (unsigned)(lba + count - 1u), (unsigned)h->sectors);
		return USDHC_ERANGE;
	}
	return USDHC_OK;
}

int usdhc_read(struct usdhc *h, uint32_t lba, uint32_t count, uint32_t *dst)
{
	int rc = check_range(h, lba, count);

	if (rc != USDHC_OK || !count)
		return rc;
	rc = transfer_start(h, false, lba, count);
	for (uint32_t b = 0; b < count && rc == USDHC_OK; b++) {
		rc = wait_buffer(h, PRES_BREN);
		for (uint32_t i = 0; i < USDHC_SECTOR / 4u && rc == USDHC_OK; i++)
			dst[b * (USDHC_SECTOR / 4u) + i] = reg_read(h, DATA_BUFF);
	}
	return transfer_end(h, rc, false);
}

/* count blocks from src, whose blocks are stride words apart (0: one block
 * written count times), in one command. */
static int write_blocks(struct usdhc *h, uint32_t lba, uint32_t count, const uint32_t *src,
			uint32_t stride)
{
	int rc = transfer_start(h, true, lba, count);

	for (uint32_t b = 0; b < count && rc == USDHC_OK; b++) {
		rc = wait_buffer(h, PRES_BWEN);
		for (uint32_t i = 0; i < USDHC_SECTOR / 4u && rc == USDHC_OK; i++)
			reg_write(h, DATA_BUFF, src[b * stride + i]);
	}
	return transfer_end(h, rc, true);
}

/* A write, in one command, or one per block (single_block_writes). */
static int write_range(struct usdhc *h, uint32_t lba, uint32_t count, const uint32_t *src,
		       uint32_t stride)
{
	int rc = check_range(h, lba, count);

	if (rc != USDHC_OK || !count)
		return rc;
	if (!h->single_block_writes)
		return write_blocks(h, lba, count, src, stride);
	for (uint32_t i = 0; i < count && rc == USDHC_OK; i++)
		rc = write_blocks(h, lba + i, 1, src + i * stride, stride);
	return rc;
}

int usdhc_write(struct usdhc *h, uint32_t lba, uint32_t count, const uint32_t *src)
{
	return write_range(h, lba, count, src, USDHC_SECTOR / 4u);
}

int usdhc_write_same(struct usdhc *h, uint32_t lba, uint32_t count, const uint32_t *sector)
{
	return write_range(h, lba, count, sector, 0);
}

void usdhc_idle(struct usdhc *h)
{
	transfer_failed(h);
}
