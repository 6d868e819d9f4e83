/*
 * CFI NOR flash, Intel command set (cfi.h). Commands go to every device of
 * the bank at once: each 32-bit bus cycle carries one per device, hence
 * the replication factor `rep` (0x00010001 for two x16 devices). Status and
 * query answers come back the same way, one per device, and an operation
 * is done only when every device says so.
 *
 * QEMU 7.2's model (hw/block/pflash_cfi01.c) completes every command at
 * once; real chips take milliseconds. Both are handled the same way: ask
 * for the status (0x70), poll it, bounded by the query's timeouts, then
 * 0xff. What QEMU does differently is in docs/storage.md.
 */
#include <lib/fmt.h>
#include "cfi.h"
#include "cfi_port.h"
#include "medium.h"

/* Commands (Intel Basic Command Set). */
#define CMD_READ_ARRAY    0xffu
#define CMD_READ_STATUS   0x70u
#define CMD_CLEAR_STATUS  0x50u
#define CMD_QUERY         0x98u
#define CMD_ERASE         0x20u
#define CMD_CONFIRM       0xd0u
#define CMD_WORD_PROGRAM  0x40u
#define CMD_BUFFER_PROGRAM 0xe8u

/* Status register bits. */
#define SR_READY          0x80u   /* write state machine ready */
#define SR_ERASE_ERROR    0x20u
#define SR_PROGRAM_ERROR  0x10u
#define SR_VPP_LOW        0x08u
#define SR_LOCKED         0x02u   /* the block is locked */
#define SR_ERRORS (SR_ERASE_ERROR | SR_PROGRAM_ERROR | SR_VPP_LOW | SR_LOCKED)

/* The query is read in 32-bit cycles: entry i at byte 4 * i. */
#define QUERY_ADDR        (0x55u * 4u)
#define Q_QRY             0x10u
#define Q_COMMAND_SET     0x13u
#define Q_WORD_TYP_US     0x1fu   /* 2^n us */
#define Q_BUFFER_TYP_US   0x20u
#define Q_ERASE_TYP_MS    0x21u   /* 2^n ms */
#define Q_WORD_MAX        0x23u   /* 2^n times the typical */
#define Q_BUFFER_MAX      0x24u
#define Q_ERASE_MAX       0x25u
#define Q_DEVICE_SIZE     0x27u   /* 2^n bytes */
#define Q_BUFFER_SIZE     0x2au   /* 2^n bytes, 2 bytes */
#define Q_REGIONS         0x2cu
#define Q_REGION1         0x2du   /* blocks - 1 (2 bytes), size / 256 (2 bytes) */

/* Bounds when the query gives no time (a field of 0), and the range the
 * ones it gives are kept in. */
#define PROGRAM_TIMEOUT_DEFAULT_US 10000u
#define PROGRAM_TIMEOUT_MIN_US     1000u
#define PROGRAM_TIMEOUT_MAX_US     100000u
#define ERASE_TIMEOUT_DEFAULT_MS   30000u
#define ERASE_TIMEOUT_MIN_MS       100u
#define ERASE_TIMEOUT_MAX_MS       60000u

static struct {
	struct cfi_geometry g;
	uint32_t rep;            /* a per-device byte replicated over the bank */
	uint32_t dev_mask;       /* one device's lane */
	int word_only;
	uint32_t last_status;
} chip = { .rep = 0x01010101u, .dev_mask = 0xffu };

static void command(uint32_t off, uint32_t cmd)
{
	cfi_port_write(off, cmd * chip.rep);
}

void cfi_read_array(void)
{
	command(0, CMD_READ_ARRAY);
}

uint32_t cfi_last_status(void)
{
	return chip.last_status;
}

void cfi_force_word_program(int on)
{
	chip.word_only = on;
}

/* Entry i of device 0's query table. */
static uint32_t query(uint32_t i)
{
	return cfi_port_read(i * 4u) & 0xffu;
}

static uint32_t query16(uint32_t i)
{
	return query(i) | query(i + 1u) << 8;
}

/* 2^e, with e kept where 32 bits hold it. */
static uint32_t pow2(uint32_t e)
{
	return 1u << (e > 30u ? 30u : e);
}

static uint32_t clamp(uint32_t v, uint32_t lo, uint32_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* How many devices answer side by side: "Q" (0x51) in every lane of a
 * device's width. */
static int detect_devices(uint32_t q)
{
	if (q == 0x00000051u) {
		chip.g.devices = 1;
		chip.rep = 1u;
		chip.dev_mask = 0xffffffffu;
	} else if (q == 0x00510051u) {
		chip.g.devices = 2;
		chip.rep = 0x00010001u;
		chip.dev_mask = 0xffffu;
	} else if (q == 0x51515151u) {
		chip.g.devices = 4;
		chip.rep = 0x01010101u;
		chip.dev_mask = 0xffu;
	} else {
		return CFI_ENOCFI;
	}
	return CFI_OK;
}

static void timeouts(struct cfi_geometry *g)
{
	uint32_t typ = query(Q_BUFFER_TYP_US), max = query(Q_BUFFER_MAX);

	if (!typ) {
		typ = query(Q_WORD_TYP_US);
		max = query(Q_WORD_MAX);
	}
	/* Twice the chip's own maximum: the bound is for a chip that hangs,
	 * not for one that is merely slow. */
	g->program_timeout_us = typ ? clamp(2u * pow2(typ + max), PROGRAM_TIMEOUT_MIN_US,
					    PROGRAM_TIMEOUT_MAX_US)
				    : PROGRAM_TIMEOUT_DEFAULT_US;
	typ = query(Q_ERASE_TYP_MS);
	max = query(Q_ERASE_MAX);
	g->erase_timeout_ms = typ ? clamp(2u * pow2(typ + max), ERASE_TIMEOUT_MIN_MS,
					  ERASE_TIMEOUT_MAX_MS)
				  : ERASE_TIMEOUT_DEFAULT_MS;
}

int cfi_init(struct cfi_geometry *g, char *why, size_t len)
{
	int r;

	/* Any state a restarted component may have left, then the query,
	 * sent in every byte lane until the bank's shape is known. */
	cfi_port_write(0, CMD_READ_ARRAY * 0x01010101u);
	cfi_port_write(QUERY_ADDR, CMD_QUERY * 0x01010101u);
	uint32_t q = cfi_port_read(Q_QRY * 4u);

	r = detect_devices(q);
	if (r == CFI_OK && (query(Q_QRY + 1u) != 'R' || query(Q_QRY + 2u) != 'Y'))
		r = CFI_ENOCFI;
	if (r != CFI_OK) {
		fmt_snprintf(why, len, "no CFI query answer (0x%08x at 0x%x, expected \"QRY\")",
			     (unsigned)q, (unsigned)(Q_QRY * 4u));
		cfi_port_write(0, CMD_READ_ARRAY * 0x01010101u);
		return r;
	}
	uint32_t set = query16(Q_COMMAND_SET), regions = query(Q_REGIONS);
	uint32_t dev_size = pow2(query(Q_DEVICE_SIZE));
	uint32_t dev_blocks = query16(Q_REGION1) + 1u;
	uint32_t dev_block = query16(Q_REGION1 + 2u) * 256u;
	uint32_t buffer = query16(Q_BUFFER_SIZE);

	chip.g.size = dev_size * chip.g.devices;
	chip.g.block_size = (dev_block ? dev_block : 128u) * chip.g.devices;
	chip.g.nblocks = dev_blocks;
	chip.g.buffer_size = buffer ? pow2(buffer) * chip.g.devices : 0;
	timeouts(&chip.g);
	cfi_read_array();
	if (set != 0x0001u && set != 0x0003u) {
		fmt_snprintf(why, len, "command set 0x%04x, not Intel's (0x0001 or 0x0003)",
			     (unsigned)set);
		return CFI_EUNSUPPORTED;
	}
	if (regions != 1u || (uint64_t)chip.g.block_size * chip.g.nblocks != chip.g.size) {
		fmt_snprintf(why, len, "%u erase regions (%u blocks of %u bytes in %u bytes): "
			     "not uniform", (unsigned)regions, (unsigned)chip.g.nblocks,
			     (unsigned)chip.g.block_size, (unsigned)chip.g.size);
		return CFI_EUNSUPPORTED;
	}
	*g = chip.g;
	return CFI_OK;
}

static uint32_t ms_ticks(uint32_t ms)
{
	return ms * cfi_port_ticks_per_ms();
}

/* Polls the status at off until every device is ready, at most timeout
 * ticks; after the first millisecond, slow operations give the CPU away
 * between polls. On an error bit or a timeout, clears the status and
 * returns to read-array mode; on success the caller does. */
static int wait_ready(uint32_t off, uint32_t timeout, int slow)
{
	uint32_t ready = SR_READY * chip.rep, start = 0, s;
	int clock = 0;

	/* Ask for the status rather than assume the chip shows it: QEMU ends
	 * a buffer load that failed in read-array mode, where array data
	 * would pass for a status. Real chips take 0x70 at any time. */
	command(off, CMD_READ_STATUS);
	/* The clock is read only once the chip is found busy: on QEMU, which
	 * is done at once, a poll costs one read. */
	while (((s = cfi_port_read(off)) & ready) != ready) {
		uint32_t now = cfi_port_ticks();

		if (!clock) {
			clock = 1;
			start = now;
		} else if (now - start > timeout) {
			/* A chip still busy ignores this; one that is not is
			 * back in read-array mode. */
			chip.last_status = s;
			command(off, CMD_CLEAR_STATUS);
			cfi_read_array();
			return CFI_ETIMEOUT;
		} else if (slow && now - start > ms_ticks(1)) {
			cfi_port_pause();
		}
	}
	if (!(s & SR_ERRORS * chip.rep))
		return CFI_OK;
	chip.last_status = s;
	command(off, CMD_CLEAR_STATUS);
	cfi_read_array();
	return CFI_EIO;
}

int cfi_read(uint32_t off, void *dst, uint32_t len)
{
	/* Every call leaves the chip in read-array mode: nothing to send. */
	cfi_port_copy(dst, off, len);
	return CFI_OK;
}

static int cfi_read_inverted(uint32_t off, void *dst, uint32_t len)
{
	cfi_port_copy_inverted(dst, off, len);
	return CFI_OK;
}

static int cfi_compare(uint32_t off, const uint32_t *src, uint32_t len)
{
	return cfi_port_equal(off, src, len) ? CFI_OK : CFI_EIO;
}

int cfi_erase(uint32_t off)
{
	uint32_t block = off & ~(chip.g.block_size - 1u);
	int r;

	command(block, CMD_ERASE);
	command(block, CMD_CONFIRM);
	r = wait_ready(block, ms_ticks(chip.g.erase_timeout_ms), 1);
	if (r == CFI_OK)
		cfi_read_array();
	return r;
}

static uint32_t program_timeout(void)
{
	return (uint32_t)((uint64_t)chip.g.program_timeout_us * cfi_port_ticks_per_ms() / 1000u) +
	       1u;
}

/* Programming can only clear bits: a window of all ones needs nothing. */
static int all_ones(const uint32_t *w, uint32_t words)
{
	for (uint32_t i = 0; i < words; i++)
		if (w[i] != 0xffffffffu)
			return 0;
	return 1;
}

static int program_words(uint32_t off, const uint32_t *src, uint32_t words, int *sent)
{
	for (uint32_t i = 0; i < words; i++, off += 4u) {
		int r;

		if (src[i] == 0xffffffffu)
			continue;
		*sent = 1;
		command(off, CMD_WORD_PROGRAM);
		cfi_port_write(off, src[i]);
		r = wait_ready(off, program_timeout(), 0);
		if (r != CFI_OK)
			return r;
	}
	return CFI_OK;
}

/* One write-buffer load: words (at least two) at off, inside one buffer
 * window. The command, the count and the confirm go to the window's start,
 * as Linux's cfi_cmdset_0001 sends them: QEMU 7.2's update buffer (Debian's
 * 7.2.x) is the window of the count's address, and a word outside it is a
 * program error that aborts the whole load. */
static int program_buffer(uint32_t off, const uint32_t *src, uint32_t words)
{
	uint32_t win = off & ~(chip.g.buffer_size - 1u), ready = SR_READY * chip.rep;
	uint32_t start = 0, s;
	int clock = 0;

	/* The buffer may still be busy with the previous load: ask again
	 * until it is available (at once on QEMU, which would take a second
	 * 0xe8 as the count). */
	for (;;) {
		command(win, CMD_BUFFER_PROGRAM);
		s = cfi_port_read(win);
		if ((s & ready) == ready)
			break;
		if (!clock) {
			clock = 1;
			start = cfi_port_ticks();
		} else if (cfi_port_ticks() - start > program_timeout()) {
			chip.last_status = s;
			cfi_read_array();
			return CFI_ETIMEOUT;
		}
	}
	/* The count (words - 1) is per device: a word of the bank is a word
	 * of each. */
	cfi_port_write(win, ((words - 1u) & chip.dev_mask) * chip.rep);
	for (uint32_t i = 0; i < words; i++)
		cfi_port_write(off + 4u * i, src[i]);
	command(win, CMD_CONFIRM);
	return wait_ready(win, program_timeout(), 0);
}

int cfi_program(uint32_t off, const uint32_t *src, uint32_t len)
{
	uint32_t buf = chip.g.buffer_size;
	int r = CFI_OK, sent = 0;

	if (chip.word_only || buf < CFI_MIN_BUFFER) {
		r = program_words(off, src, len / 4u, &sent);
	} else {
		while (len && r == CFI_OK) {
			uint32_t n = buf - (off & (buf - 1u));

			n = n < len ? n : len;
			if (!all_ones(src, n / 4u)) {
				sent = 1;
				/* QEMU 7.2 with the fix of its update buffer refuses
				 * a load of one word: that is a word program. */
				r = n > 4u ? program_buffer(off, src, n / 4u) :
					     program_words(off, src, 1, &sent);
			}
			off += n;
			src += n / 4u;
			len -= n;
		}
	}
	/* Nothing sent, nothing to leave: QEMU remaps the whole flash on
	 * every change between array and command mode. */
	if (r == CFI_OK && sent)
		cfi_read_array();
	return r;
}

/* ---- the store's medium (medium.h) ------------------------------------- */

static int medium_cfi_init(struct medium_geometry *g, char *why, size_t len)
{
	struct cfi_geometry cg;
	int r = cfi_init(&cg, why, len);

	if (r == CFI_OK)
		*g = (struct medium_geometry){ cg.size, cg.block_size, cg.nblocks };
	return r;
}

static void medium_cfi_describe(char *line, size_t len)
{
	fmt_snprintf(line, len, "%u KiB in %u blocks of %u KiB, %u device(s) side by side, "
		     "%u-byte write buffer", (unsigned)(chip.g.size / 1024u),
		     (unsigned)chip.g.nblocks, (unsigned)(chip.g.block_size / 1024u),
		     chip.g.devices, (unsigned)chip.g.buffer_size);
}

const struct medium cfi_medium = {
	.name = "flash",
	.init = medium_cfi_init,
	.describe = medium_cfi_describe,
	.read = cfi_read,
	.read_inverted = cfi_read_inverted,
	.compare = cfi_compare,
	.erase = cfi_erase,
	.program = cfi_program,
	.idle = cfi_read_array,
	.last_status = cfi_last_status,
	.slow_writes = cfi_force_word_program,
};
