/* A model of QEMU 7.2's i.MX uSDHC and its SD card (fake_usdhc.h). Names
 * follow QEMU's (hw/sd/sdhci-internal.h, hw/sd/sd.c), so that each piece
 * can be held against the function it models. */
#include <stdlib.h>
#include <string.h>
#include <drivers/usdhc.h>
#include "fake_mmio.h"
#include "fake_usdhc.h"

struct fake_usdhc fake_usdhc;
#define S fake_usdhc

/* Registers (sdhci-internal.h; the i.MX ones of sdhci.c). */
#define SDHC_SYSAD        0x00
#define SDHC_BLKSIZE      0x04
#define SDHC_ARGUMENT     0x08
#define SDHC_TRNMOD       0x0c
#define SDHC_RSPREG0      0x10
#define SDHC_RSPREG3      0x1c
#define SDHC_BDATA        0x20
#define SDHC_PRNSTS       0x24
#define SDHC_HOSTCTL      0x28
#define SDHC_CLKCON       0x2c
#define SDHC_NORINTSTS    0x30
#define SDHC_NORINTSTSEN  0x34
#define SDHC_NORINTSIGEN  0x38
#define SDHC_ACMD12ERRSTS 0x3c
#define SDHC_CAPAB        0x40
#define ESDHC_WTMK_LVL    0x44
#define ESDHC_MIX_CTRL    0x48
#define ESDHC_DLL_CTRL    0x60
#define ESDHC_TUNE_CTRL   0x68
#define ESDHC_REG27       0x6c
#define ESDHC_VENDOR_SPEC 0xc0
#define ESDHC_TUNING_CTRL 0xcc

#define CAPAREG           0x057834b4u   /* fsl-imx6.c's IMX6_ESDHC_CAPABILITIES */

/* PRNSTS */
#define SDHC_CMD_INHIBIT      0x00000001u
#define SDHC_DATA_INHIBIT     0x00000002u
#define SDHC_DAT_LINE_ACTIVE  0x00000004u
#define ESDHC_PRNSTS_SDSTB    0x00000008u
#define SDHC_DOING_WRITE      0x00000100u
#define SDHC_DOING_READ       0x00000200u
#define SDHC_SPACE_AVAILABLE  0x00000400u
#define SDHC_DATA_AVAILABLE   0x00000800u
#define PRNSTS_INSERTED       0x01ff0000u
#define PRNSTS_EMPTY          0x01fa0000u
/* TRNMOD, CMDREG */
#define SDHC_TRNS_BLK_CNT_EN  0x0002u
#define SDHC_TRNS_ACMD12      0x0004u
#define SDHC_TRNS_READ        0x0010u
#define SDHC_TRNS_MULTI       0x0020u
#define SDHC_CMD_RESPONSE     0x0003u
#define SDHC_CMD_DATA_PRESENT 0x0020u
#define SDHC_CMD_RSP_WITH_BUSY 0x0003u
#define SDHC_CMD_ABORT        0x00c0u
/* CLKCON */
#define SDHC_CLOCK_INT_EN     0x0001u
#define SDHC_CLOCK_INT_STABLE 0x0002u
#define SDHC_CLOCK_SDCLK_EN   0x0004u
/* NORINTSTS, ERRINTSTS */
#define SDHC_NIS_CMDCMP       0x0001u
#define SDHC_NIS_TRSCMP       0x0002u
#define SDHC_NIS_BLKGAP       0x0004u
#define SDHC_NIS_DMA          0x0008u
#define SDHC_NIS_WBUFRDY      0x0010u
#define SDHC_NIS_RBUFRDY      0x0020u
#define SDHC_NIS_ERR          0x8000u
#define SDHC_EIS_CMDTIMEOUT   0x0001u
#define SDHC_EIS_DATACRC      0x0020u

/* Card status (sd.c). */
#define APP_CMD          (1u << 5)
#define READY_FOR_DATA   (1u << 8)
#define CURRENT_STATE    (0xfu << 9)
#define ILLEGAL_COMMAND  (1u << 22)
#define WP_VIOLATION     (1u << 26)
#define BLOCK_LEN_ERROR  (1u << 29)
#define ADDRESS_ERROR    (1u << 30)
#define CARD_STATUS_C    0xfd39a028u
#define SDSC_MAX_CAPACITY (1ull << 30)

enum rsp { RSP_ILLEGAL, RSP_R0, RSP_R1, RSP_R1B, RSP_R2_I, RSP_R2_S, RSP_R3, RSP_R6, RSP_R7 };

static uint32_t rnd(void)
{
	S.seed = S.seed * 1103515245u + 12345u;
	return S.seed >> 8;
}

/* ---- the card (hw/sd/sd.c) ------------------------------------------------ */

/* sd_set_csd: CSD 1.0 up to 1 GiB, 2.0 above. */
static void card_csd(void)
{
	static const uint8_t v1[16] = { 0x00, 0x26, 0x00, 0x32, 0x5f, 0x59, 0, 0, 0, 0, 0,
					0x80, 0x92, 0x40, 0x00, 0x01 };
	static const uint8_t v2[16] = { 0x40, 0x0e, 0x00, 0x32, 0x5b, 0x59, 0x00, 0, 0, 0,
					0x7f, 0x80, 0x0a, 0x40, 0x00, 0x01 };

	if (S.capacity <= SDSC_MAX_CAPACITY) {
		uint32_t csize = (uint32_t)(S.capacity >> 18) - 1u;   /* CMULT 9, block 9 */

		memcpy(S.csd, v1, 16);
		S.csd[6] = (uint8_t)(0xe0u | ((csize >> 10) & 3u));
		S.csd[7] = (uint8_t)(csize >> 2);
		S.csd[8] = (uint8_t)(0x3fu | ((csize << 6) & 0xc0u));
		S.csd[9] = 0xfcu | (7u >> 1);
		S.csd[10] = (uint8_t)(0x40u | ((7u << 7) & 0x80u) | (0x1fu >> 1));
	} else {
		uint32_t csize = (uint32_t)(S.capacity / (512u * 1024u)) - 1u;

		memcpy(S.csd, v2, 16);
		S.csd[7] = (uint8_t)(csize >> 16);
		S.csd[8] = (uint8_t)(csize >> 8);
		S.csd[9] = (uint8_t)csize;
	}
	memcpy(S.cid, "\xaaQEMU!\x10\xde\xad\xbe\xef\x00\x12\x34\x01", 16);
}

/* sd_reset */
static void card_reset(void)
{
	S.state = FAKE_SD_IDLE;
	S.rca = 0;
	S.ocr = 0x00ffff00u;
	S.card_status = READY_FOR_DATA;
	S.blk_len = 512;
	S.expecting_acmd = false;
	S.data_offset = 0;
	card_csd();
}

static uint64_t card_address(uint32_t arg)
{
	return (S.ocr & (1u << 30)) ? (uint64_t)arg << 9 : arg;
}

/* CMD17, 18, 24, 25 in the transfer state. */
static enum rsp card_data_command(uint32_t cmd, uint32_t arg)
{
	uint64_t addr = card_address(arg);

	if (S.state != FAKE_SD_TRANSFER)
		return RSP_ILLEGAL;
	if (addr + S.blk_len > S.capacity) {
		S.card_status |= ADDRESS_ERROR;
		return RSP_R1;
	}
	if ((cmd == 24 || cmd == 25) && S.write_protected) {
		S.card_status |= WP_VIOLATION;
		return RSP_R1;
	}
	S.state = cmd < 24 ? FAKE_SD_SENDING : FAKE_SD_RECEIVING;
	S.cur_cmd = cmd;
	S.data_start = addr;
	S.data_offset = 0;
	return RSP_R1;
}

/* The card's states are QEMU's; where QEMU breaks to "unknown command",
 * this is RSP_ILLEGAL. */
static enum rsp card_normal_command(uint32_t cmd, uint32_t arg)
{
	uint32_t rca = arg >> 16;

	switch (cmd) {
	case 0:
		card_reset();
		return RSP_R0;
	case 2:
		if (S.state != FAKE_SD_READY)
			return RSP_ILLEGAL;
		S.state = FAKE_SD_IDENT;
		return RSP_R2_I;
	case 3:
		if (S.state != FAKE_SD_IDENT && S.state != FAKE_SD_STANDBY)
			return RSP_ILLEGAL;
		S.state = FAKE_SD_STANDBY;
		S.rca += 0x4567u;
		return RSP_R6;
	case 7:
		if (S.state != FAKE_SD_STANDBY)
			return RSP_ILLEGAL;
		if (S.rca != rca)
			return RSP_R0;
		S.state = FAKE_SD_TRANSFER;
		return RSP_R1B;
	case 8:
		if (S.state != FAKE_SD_IDLE)
			return RSP_ILLEGAL;
		/* No response unless exactly one voltage bit is set. */
		if (!(arg >> 8) || (arg >> (__builtin_ctz(arg & ~0xffu) + 1)))
			return RSP_R0;
		S.vhs = arg;
		return RSP_R7;
	case 9:
		if (S.state != FAKE_SD_STANDBY)
			return RSP_ILLEGAL;
		return S.rca == rca ? RSP_R2_S : RSP_R0;
	case 12:
		if (S.state != FAKE_SD_SENDING && S.state != FAKE_SD_RECEIVING)
			return RSP_ILLEGAL;
		S.state = FAKE_SD_TRANSFER;   /* programming ends at once */
		return RSP_R1B;
	case 13:
		if (S.state < FAKE_SD_STANDBY)
			return RSP_ILLEGAL;
		return S.rca == rca ? RSP_R1 : RSP_R0;
	case 16:
		if (S.state != FAKE_SD_TRANSFER)
			return RSP_ILLEGAL;
		if (arg > 512)
			S.card_status |= BLOCK_LEN_ERROR;
		else
			S.blk_len = arg;
		return RSP_R1;
	case 17: case 18: case 24: case 25:
		return card_data_command(cmd, arg);
	case 55:
		if (S.state == FAKE_SD_READY || S.state == FAKE_SD_IDENT)
			return RSP_ILLEGAL;
		if (S.rca != rca)
			return RSP_R0;
		S.expecting_acmd = true;
		S.card_status |= APP_CMD;
		return RSP_R1;
	default:
		return RSP_ILLEGAL;
	}
}

/* ACMD41 (the only application command the driver sends). */
static enum rsp card_app_command(uint32_t cmd, uint32_t arg)
{
	if (cmd != 41 || S.state != FAKE_SD_IDLE)
		return RSP_ILLEGAL;
	/* A non-enquiry ACMD41 powers the card up at once in QEMU. */
	if (!(S.ocr & (1u << 31)) && (arg & 0x00ffffffu) && !S.never_powered_up) {
		S.ocr |= 1u << 31;
		if (S.capacity > SDSC_MAX_CAPACITY)
			S.ocr |= 1u << 30;
	}
	if (S.ocr & arg & 0x00ffff00u && (S.ocr & (1u << 31)))
		S.state = FAKE_SD_READY;
	return RSP_R3;
}

/* sd_do_command: the response's bytes in resp, its length returned. */
static int card_command(uint32_t cmd, uint32_t arg, uint8_t *resp)
{
	int last = S.state;
	enum rsp r;
	uint32_t v = 0;

	if (!S.inserted)
		return 0;
	S.commands++;
	S.cmd_count[cmd & 63u]++;
	S.last_arg[cmd & 63u] = arg;
	if (S.unanswered_count && cmd == S.unanswered_cmd) {
		S.unanswered_count--;
		return 0;
	}
	if (S.expecting_acmd) {
		S.expecting_acmd = false;
		r = card_app_command(cmd, arg);
	} else {
		r = card_normal_command(cmd, arg);
	}
	if (r == RSP_ILLEGAL) {
		S.card_status |= ILLEGAL_COMMAND;
		S.illegal++;
		return 0;
	}
	S.card_status = (S.card_status & ~CURRENT_STATE) | (uint32_t)last << 9;
	switch (r) {
	case RSP_R1: case RSP_R1B:
		v = S.card_status;
		S.card_status &= ~CARD_STATUS_C;
		break;
	case RSP_R2_I: case RSP_R2_S:
		memcpy(resp, r == RSP_R2_I ? S.cid : S.csd, 16);
		return 16;
	case RSP_R3:
		v = S.ocr;
		break;
	case RSP_R6:
		v = S.rca << 16 | ((S.card_status >> 8) & 0xc000u) |
		    ((S.card_status >> 6) & 0x2000u) | (S.card_status & 0x1fffu);
		S.card_status &= ~(CARD_STATUS_C & 0xc81fffu);
		break;
	case RSP_R7:
		v = S.vhs;
		break;
	default:
		return 0;
	}
	resp[0] = (uint8_t)(v >> 24);
	resp[1] = (uint8_t)(v >> 16);
	resp[2] = (uint8_t)(v >> 8);
	resp[3] = (uint8_t)v;
	return 4;
}

static uint8_t *card_bytes(uint64_t addr, uint32_t len)
{
	if (addr + len > FAKE_SD_MAX) {
		S.violations++;   /* past what the model backs: a test's mistake */
		return NULL;
	}
	return S.mem + addr;
}

/* One block from the card into the FIFO (sd_read_byte, a block at once). */
static void card_read_block(uint8_t *dst, uint32_t len)
{
	const uint8_t *src = card_bytes(S.data_start, len);

	if (S.state != FAKE_SD_SENDING || len != S.blk_len || !src) {
		S.violations++;
		memset(dst, 0, len);
		return;
	}
	S.sector_reads++;
	if (S.dead)
		memset(dst, 0, len);
	else
		memcpy(dst, src, len);
	if (S.cur_cmd == 17)
		S.state = FAKE_SD_TRANSFER;
	else
		S.data_start += len;
}

/* A sector reaching the card's memory: the power-cut clock. */
static void card_store(uint8_t *dst, const uint8_t *src, uint32_t len)
{
	if (S.dead)
		return;
	S.ops++;
	S.dirty[(dst - S.mem) >> 18] = true;
	if (S.lost_write_at && S.ops == S.lost_write_at)
		return;   /* a card that says done and did nothing */
	if (S.cut_at && S.ops == S.cut_at) {
		S.dead = true;
		if (S.cut_torn)
			memcpy(dst, src, rnd() % len);
		return;
	}
	memcpy(dst, src, len);
}

/* One block from the FIFO to the card (sd_write_byte, a block at once). */
static void card_write_block(const uint8_t *src, uint32_t len)
{
	uint8_t *dst = card_bytes(S.data_start, len);

	if (S.state != FAKE_SD_RECEIVING || len != S.blk_len || !dst) {
		S.violations++;
		return;
	}
	card_store(dst, src, len);
	if (S.cur_cmd == 24)
		S.state = FAKE_SD_TRANSFER;
	else
		S.data_start += len;
}

/* ---- the controller (hw/sd/sdhci.c) ---------------------------------------- */

static void update_err(void)
{
	if (S.errintsts)
		S.norintsts |= SDHC_NIS_ERR;
	else
		S.norintsts &= (uint16_t)~SDHC_NIS_ERR;
}

/* The injected data CRC error fires on this block: true if it does. */
static bool crc_error_now(void)
{
	S.blocks_moved++;
	if (!S.crc_error_at || --S.crc_error_at)
		return false;
	S.crc_errors++;
	S.errintsts |= SDHC_EIS_DATACRC;
	update_err();
	return true;
}

/* sdhci_end_transfer */
static void end_transfer(void)
{
	if (S.trnmod & SDHC_TRNS_ACMD12) {
		uint8_t r[16];

		card_command(12, 0, r);
		S.rspreg[3] = (uint32_t)r[0] << 24 | (uint32_t)r[1] << 16 |
			      (uint32_t)r[2] << 8 | r[3];
	}
	S.prnsts &= ~(SDHC_DOING_READ | SDHC_DOING_WRITE | SDHC_DAT_LINE_ACTIVE |
		      SDHC_DATA_INHIBIT | SDHC_SPACE_AVAILABLE | SDHC_DATA_AVAILABLE);
	if (S.norintstsen & SDHC_NIS_TRSCMP)
		S.norintsts |= SDHC_NIS_TRSCMP;
}

static uint32_t blk_size(void)
{
	return S.blksize & 0xfffu;
}

/* sdhci_read_block_from_card; a CRC error leaves the buffer empty. */
static void read_block_from_card(void)
{
	if ((S.trnmod & SDHC_TRNS_MULTI) && (S.trnmod & SDHC_TRNS_BLK_CNT_EN) && !S.blkcnt)
		return;
	card_read_block(S.fifo, blk_size());
	if (crc_error_now())
		return;
	S.prnsts |= SDHC_DATA_AVAILABLE;
	if (S.norintstsen & SDHC_NIS_RBUFRDY)
		S.norintsts |= SDHC_NIS_RBUFRDY;
	if (!(S.trnmod & SDHC_TRNS_MULTI) || S.blkcnt == 1)
		S.prnsts &= ~SDHC_DAT_LINE_ACTIVE;
}

/* sdhci_write_block_to_card; a CRC error: the card refuses the block. */
static void write_block_to_card(void)
{
	if (S.prnsts & SDHC_SPACE_AVAILABLE) {
		if (S.norintstsen & SDHC_NIS_WBUFRDY)
			S.norintsts |= SDHC_NIS_WBUFRDY;
		return;
	}
	if (S.trnmod & SDHC_TRNS_BLK_CNT_EN) {
		if (!S.blkcnt)
			return;
		S.blkcnt--;
	}
	if (crc_error_now()) {
		if (S.cur_cmd == 24)
			S.state = FAKE_SD_TRANSFER;
		return;
	}
	card_write_block(S.fifo, blk_size());
	S.prnsts |= SDHC_SPACE_AVAILABLE;
	if (!(S.trnmod & SDHC_TRNS_MULTI) || ((S.trnmod & SDHC_TRNS_BLK_CNT_EN) && !S.blkcnt))
		end_transfer();
	else if (S.norintstsen & SDHC_NIS_WBUFRDY)
		S.norintsts |= SDHC_NIS_WBUFRDY;
}

/* sdhci_data_transfer, PIO. */
static void data_transfer(void)
{
	if ((S.trnmod & SDHC_TRNS_READ) && S.state == FAKE_SD_SENDING) {
		S.prnsts |= SDHC_DOING_READ | SDHC_DATA_INHIBIT | SDHC_DAT_LINE_ACTIVE;
		read_block_from_card();
	} else {
		S.prnsts |= SDHC_DOING_WRITE | SDHC_DAT_LINE_ACTIVE | SDHC_SPACE_AVAILABLE |
			    SDHC_DATA_INHIBIT;
		write_block_to_card();
	}
}

static uint32_t be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* sdhci_send_command */
static void send_command(void)
{
	uint8_t r[16];
	int rlen;

	S.errintsts = 0;
	rlen = card_command(S.cmdreg >> 8, S.argument, r);
	if (S.cmdreg & SDHC_CMD_RESPONSE) {
		if (rlen == 4) {
			S.rspreg[0] = be32(r);
			S.rspreg[1] = S.rspreg[2] = S.rspreg[3] = 0;
		} else if (rlen == 16) {
			S.rspreg[0] = be32(&r[11]);
			S.rspreg[1] = be32(&r[7]);
			S.rspreg[2] = be32(&r[3]);
			S.rspreg[3] = (uint32_t)r[0] << 16 | (uint32_t)r[1] << 8 | r[2];
		} else if (S.errintstsen & SDHC_EIS_CMDTIMEOUT) {
			S.errintsts |= SDHC_EIS_CMDTIMEOUT;
			S.norintsts |= SDHC_NIS_ERR;
		}
	}
	if (S.norintstsen & SDHC_NIS_CMDCMP)
		S.norintsts |= SDHC_NIS_CMDCMP;
	/* (7.2: no data after a command timeout) */
	if (rlen && blk_size() && (S.cmdreg & SDHC_CMD_DATA_PRESENT)) {
		S.data_count = 0;
		data_transfer();
	}
}

/* sdhci_can_issue_command */
static bool can_issue_command(void)
{
	bool busy_cmd = (S.cmdreg & SDHC_CMD_RESPONSE) == SDHC_CMD_RSP_WITH_BUSY &&
			(S.cmdreg & SDHC_CMD_ABORT) != SDHC_CMD_ABORT;
	bool data_cmd = S.cmdreg & SDHC_CMD_DATA_PRESENT;

	return (S.clkcon & SDHC_CLOCK_SDCLK_EN) &&
	       !((S.prnsts & SDHC_DATA_INHIBIT) && (data_cmd || busy_cmd));
}

/* sdhci_read_dataport, 4 bytes. */
static uint32_t read_dataport(void)
{
	uint32_t v;

	if (!(S.prnsts & SDHC_DATA_AVAILABLE)) {
		S.violations++;   /* "read from empty buffer" */
		return 0;
	}
	memcpy(&v, S.fifo + S.data_count, 4);
	S.data_count += 4;
	if (S.data_count >= blk_size()) {
		S.prnsts &= ~SDHC_DATA_AVAILABLE;
		S.data_count = 0;
		if (S.trnmod & SDHC_TRNS_BLK_CNT_EN)
			S.blkcnt--;
		if (!(S.trnmod & SDHC_TRNS_MULTI) ||
		    ((S.trnmod & SDHC_TRNS_BLK_CNT_EN) && !S.blkcnt))
			end_transfer();
		else
			read_block_from_card();
	}
	return v;
}

/* sdhci_write_dataport, 4 bytes. */
static void write_dataport(uint32_t v)
{
	if (!(S.prnsts & SDHC_SPACE_AVAILABLE)) {
		S.violations++;   /* "buffer full" */
		return;
	}
	memcpy(S.fifo + S.data_count, &v, 4);
	S.data_count += 4;
	if (S.data_count >= blk_size()) {
		S.data_count = 0;
		S.prnsts &= ~SDHC_SPACE_AVAILABLE;
		if (S.prnsts & SDHC_DOING_WRITE)
			write_block_to_card();
	}
}

/* sdhci_reset: every register 0 but the capabilities. */
static void reset_all(void)
{
	S.blksize = S.blkcnt = S.trnmod = S.cmdreg = S.clkcon = 0;
	S.argument = 0;
	memset(S.rspreg, 0, sizeof(S.rspreg));
	S.hostctl1 = S.blkgap = S.wakcon = S.timeoutcon = 0;
	S.norintsts = S.errintsts = S.norintstsen = S.errintstsen = 0;
	S.norintsigen = S.errintsigen = 0;
	S.prnsts = S.inserted ? PRNSTS_INSERTED : PRNSTS_EMPTY;
	S.data_count = 0;
}

/* sdhci_reset_write: one reset, only if it is alone. */
static void controller_reset(uint8_t which)
{
	switch (which) {
	case 1:
		S.resets[0]++;
		reset_all();
		return;
	case 2:
		S.resets[1]++;
		S.prnsts &= ~SDHC_CMD_INHIBIT;
		S.norintsts &= (uint16_t)~SDHC_NIS_CMDCMP;
		return;
	case 4:
		S.resets[2]++;
		S.data_count = 0;
		S.prnsts &= ~(SDHC_SPACE_AVAILABLE | SDHC_DATA_AVAILABLE | SDHC_DOING_READ |
			      SDHC_DOING_WRITE | SDHC_DATA_INHIBIT | SDHC_DAT_LINE_ACTIVE);
		S.blkgap = 0;
		S.norintsts &= (uint16_t)~(SDHC_NIS_WBUFRDY | SDHC_NIS_RBUFRDY | SDHC_NIS_DMA |
					   SDHC_NIS_BLKGAP | SDHC_NIS_TRSCMP);
		return;
	default:
		return;
	}
}

/* usdhc_read */
static uint32_t model_read(void *ctx, uintptr_t off, unsigned width)
{
	if (width != 4) {
		S.violations++;
		return 0;
	}
	switch (off) {
	case SDHC_SYSAD: return 0;
	case SDHC_BLKSIZE: return S.blksize | (uint32_t)S.blkcnt << 16;
	case SDHC_ARGUMENT: return S.argument;
	case SDHC_TRNMOD: return S.trnmod | (uint32_t)S.cmdreg << 16;
	case SDHC_RSPREG0: case SDHC_RSPREG0 + 4: case SDHC_RSPREG0 + 8: case SDHC_RSPREG3:
		return S.rspreg[(off - SDHC_RSPREG0) / 4];
	case SDHC_BDATA: return read_dataport();
	case SDHC_PRNSTS:
		return (S.prnsts & ~ESDHC_PRNSTS_SDSTB) |
		       (S.clkcon & SDHC_CLOCK_INT_STABLE ? ESDHC_PRNSTS_SDSTB : 0);
	case SDHC_HOSTCTL:   /* usdhc_read's translation: DMA type, bus width */
		return ((S.hostctl1 & 0x18u) << 5) | (S.hostctl1 & 0x20u ? 4u : 0u) |
		       (S.hostctl1 & 0x02u) | (uint32_t)S.blkgap << 16 | (uint32_t)S.wakcon << 24;
	case SDHC_CLKCON: return S.clkcon | (uint32_t)S.timeoutcon << 16;
	case SDHC_NORINTSTS: return S.norintsts | (uint32_t)S.errintsts << 16;
	case SDHC_NORINTSTSEN: return S.norintstsen | (uint32_t)S.errintstsen << 16;
	case SDHC_NORINTSIGEN: return S.norintsigen | (uint32_t)S.errintsigen << 16;
	case SDHC_ACMD12ERRSTS: return 0;
	case SDHC_CAPAB: return CAPAREG;
	case ESDHC_WTMK_LVL: case ESDHC_MIX_CTRL: case ESDHC_DLL_CTRL: case ESDHC_TUNE_CTRL:
	case ESDHC_REG27: case ESDHC_VENDOR_SPEC: case ESDHC_TUNING_CTRL:
		return 0;
	default:
		S.violations++;   /* "not implemented" */
		return 0;
	}
}

/* SDHC_TRNMOD through usdhc_write: the command register, the transfer mode
 * MIX_CTRL left merged in; a write of the top byte issues the command. */
static void write_command(uint32_t value)
{
	if (!(S.prnsts & SDHC_DATA_INHIBIT))
		S.trnmod = (uint16_t)(value & 0x37u);
	S.cmdreg = (uint16_t)(value >> 16);
	if (!can_issue_command()) {
		S.violations++;   /* QEMU drops it without a word */
		return;
	}
	send_command();
}

static void write_clkcon(uint32_t value)
{
	controller_reset((uint8_t)(value >> 24));
	if (!S.clock_ignored)
		S.clkcon = (uint16_t)value;
	S.timeoutcon = (uint8_t)(value >> 16);
	if (S.clkcon & SDHC_CLOCK_INT_EN)
		S.clkcon |= SDHC_CLOCK_INT_STABLE;
	else
		S.clkcon &= (uint16_t)~SDHC_CLOCK_INT_STABLE;
}

/* usdhc_write */
static void model_write(void *ctx, uintptr_t off, uint32_t value, unsigned width)
{
	if (width != 4) {
		S.violations++;
		return;
	}
	switch (off) {
	case SDHC_BLKSIZE:
		if (S.prnsts & (SDHC_DOING_READ | SDHC_DOING_WRITE)) {
			S.violations++;   /* QEMU keeps the old value */
			return;
		}
		value |= 0x7u << 12;   /* usdhc_write: the SDMA boundary */
		if ((uint16_t)value != S.blksize)
			S.data_count = 0;
		S.blksize = (uint16_t)value;
		S.blkcnt = (uint16_t)(value >> 16);
		if (blk_size() > 512u)
			S.blksize = (uint16_t)((S.blksize & ~0xfffu) | 512u);
		return;
	case SDHC_ARGUMENT: S.argument = value; return;
	case SDHC_TRNMOD: write_command(value | S.trnmod); return;
	case SDHC_BDATA: write_dataport(value); return;
	case SDHC_HOSTCTL:
		S.hostctl1 = (uint8_t)((value & 0xc1u) | (value & 4u ? 0x20u : 0u) | (value & 2u) |
				       ((value >> 5) & 0x18u));
		S.blkgap = (uint8_t)((value >> 16) & 1u);
		S.wakcon = (uint8_t)(value >> 24);
		return;
	case SDHC_CLKCON: write_clkcon(value); return;
	case SDHC_NORINTSTS:
		S.norintsts &= (uint16_t)~value;
		S.errintsts &= (uint16_t)~(value >> 16);
		update_err();
		return;
	case SDHC_NORINTSTSEN:
		S.norintstsen = (uint16_t)value;
		S.errintstsen = (uint16_t)(value >> 16);
		S.norintsts &= S.norintstsen;
		S.errintsts &= S.errintstsen;
		update_err();
		return;
	case SDHC_NORINTSIGEN:
		S.norintsigen = (uint16_t)value;
		S.errintsigen = (uint16_t)(value >> 16);
		return;
	case ESDHC_MIX_CTRL: S.trnmod = (uint16_t)value; return;
	case ESDHC_WTMK_LVL: case ESDHC_DLL_CTRL: case ESDHC_TUNE_CTRL: case ESDHC_REG27:
	case ESDHC_VENDOR_SPEC: case ESDHC_TUNING_CTRL:
		return;
	default:
		S.violations++;   /* read-only, or not implemented */
		return;
	}
}

/* ---- set-up ---------------------------------------------------------------- */

static uint32_t port_ticks(void)
{
	return S.ticks += 10u;
}

static void port_pause(void)
{
	S.pauses++;
	S.ticks += 1000u;
}

const struct usdhc_port fake_usdhc_port = {
	.ticks = port_ticks, .ticks_per_ms = 1000u, .pause = port_pause,
};

void fake_usdhc_attach(void)
{
	struct fake_mmio_model m = {
		.base = FAKE_USDHC_BASE, .size = USDHC_SIZE,
		.read = model_read, .write = model_write,
	};

	fake_mmio_attach(&m);
}

static void clear_faults_and_counts(void)
{
	S.unanswered_cmd = 0;
	S.unanswered_count = S.crc_error_at = S.cut_at = S.lost_write_at = 0;
	S.never_powered_up = S.clock_ignored = S.cut_torn = S.dead = false;
	S.write_protected = false;
	S.commands = S.ops = S.sector_reads = S.blocks_moved = S.crc_errors = 0;
	S.illegal = S.violations = S.ticks = S.pauses = 0;
	memset(S.cmd_count, 0, sizeof(S.cmd_count));
	memset(S.last_arg, 0, sizeof(S.last_arg));
	memset(S.resets, 0, sizeof(S.resets));
}

void fake_usdhc_power_on(void)
{
	S.dead = false;
	S.cut_at = 0;
	reset_all();
	card_reset();
	S.state = FAKE_SD_IDLE;
}

void fake_usdhc_new(uint64_t capacity)
{
	if (!S.mem)
		S.mem = malloc(FAKE_SD_MAX);
	memset(S.mem, 0xff, FAKE_SD_MAX);
	memset(S.dirty, 1, sizeof(S.dirty));
	S.capacity = capacity;
	S.inserted = true;
	clear_faults_and_counts();
	S.seed = 1;
	fake_usdhc_power_on();
	fake_usdhc_attach();
}

void fake_usdhc_snapshot(void)
{
	if (!S.snap)
		S.snap = malloc(FAKE_SD_MAX);
	memcpy(S.snap, S.mem, FAKE_SD_MAX);
	memset(S.dirty, 0, sizeof(S.dirty));
}

void fake_usdhc_restore(void)
{
	const uint32_t block = 1u << 18;

	for (uint32_t b = 0; b < sizeof(S.dirty); b++) {
		if (S.dirty[b])
			memcpy(S.mem + b * block, S.snap + b * block, block);
		S.dirty[b] = false;
	}
	clear_faults_and_counts();
	fake_usdhc_power_on();
}
