/* A model of QEMU 7.2's pflash_cfi01 on virt (fake_pflash.h), behind the
 * storage component's port (components/storage/cfi_port.h). */
#include <stdlib.h>
#include <string.h>
#include "../../components/storage/cfi_port.h"
#include "fake_pflash.h"

#define DEVICES 2u   /* x16 devices side by side in the 32-bit bank */

struct fake_pflash fake_pflash;
#define F fake_pflash

static uint32_t lanes(uint32_t v16)
{
	return (v16 & 0xffffu) | (v16 & 0xffffu) << 16;
}

/* QEMU's table (pflash_cfi01_fill_cfi_table) for one device of the bank. */
static void fill_query(uint32_t dev_size_log2, uint32_t dev_block, uint32_t buffer_log2)
{
	uint32_t blocks = (1u << dev_size_log2) / dev_block;
	static const uint8_t head[] = {
		'Q', 'R', 'Y', 0x01, 0x00, 0x31, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x45, 0x55, 0x00, 0x00, 0x07, 0x07, 0x0a, 0x00, 0x04, 0x04, 0x04, 0x00,
	};

	memset(F.query, 0, sizeof(F.query));
	memcpy(&F.query[0x10], head, sizeof(head));
	F.query[0x27] = (uint8_t)dev_size_log2;
	F.query[0x28] = 0x02;
	F.query[0x2a] = (uint8_t)buffer_log2;
	F.query[0x2c] = 0x01;
	F.query[0x2d] = (uint8_t)(blocks - 1u);
	F.query[0x2e] = (uint8_t)((blocks - 1u) >> 8);
	F.query[0x2f] = (uint8_t)(dev_block >> 8);
	F.query[0x30] = (uint8_t)(dev_block >> 16);
	memcpy(&F.query[0x31], "PRI10", 5);
	F.query[0x3f] = 0x01;
}

static void reset_machine(void)
{
	F.wcycle = 0;
	F.cmd = 0;
	F.status = 0x80;
	F.loaded = 0;
	F.count = 0;
}

static void clear_faults_and_counts(void)
{
	F.fail_erase = F.fail_program = F.stuck_busy = false;
	F.lose_loads = 0;
	F.late_error_lo = F.late_error_hi = 0;
	F.late_torn = false;
	F.cut_at = 0;
	F.cut_torn = false;
	F.dead = false;
	F.ops = F.erases = F.word_programs = F.buffer_programs = F.pauses = 0;
	F.late_errors = 0;
	F.array_reads_wrong_mode = F.bad_sequences = F.bits_set = 0;
	F.buffer_misuse = F.single_lane = 0;
	F.ticks = 0;
}

void fake_pflash_shape(uint32_t dev_size_log2, uint32_t dev_block, uint32_t buffer_log2)
{
	if (!F.mem)
		F.mem = malloc(FAKE_PFLASH_MAX);
	F.size = (1u << dev_size_log2) * DEVICES;
	F.block_size = dev_block * DEVICES;
	F.buffer_size = buffer_log2 ? (1u << buffer_log2) * DEVICES : 0;
	memset(F.mem, 0xff, FAKE_PFLASH_MAX);
	memset(F.dirty, 1, sizeof(F.dirty));
	fill_query(dev_size_log2, dev_block, buffer_log2);
	reset_machine();
	clear_faults_and_counts();
	F.seed = 1;
}

void fake_pflash_qemu(void)
{
	fake_pflash_shape(25, 128u * 1024u, 11);
}

void fake_pflash_snapshot(void)
{
	if (!F.snap)
		F.snap = malloc(FAKE_PFLASH_MAX);
	memcpy(F.snap, F.mem, FAKE_PFLASH_MAX);
	memset(F.dirty, 0, sizeof(F.dirty));
}

void fake_pflash_restore(void)
{
	uint32_t block = F.block_size ? F.block_size : 256u * 1024u;

	for (uint32_t b = 0; b < sizeof(F.dirty) && b * block < FAKE_PFLASH_MAX; b++) {
		if (F.dirty[b])
			memcpy(F.mem + b * block, F.snap + b * block, block);
		F.dirty[b] = false;
	}
	reset_machine();
	clear_faults_and_counts();
}

void fake_pflash_power_on(void)
{
	F.dead = false;
	F.cut_at = 0;
	reset_machine();
}

bool fake_pflash_in_array_mode(void)
{
	return F.cmd == 0 && F.wcycle == 0;
}

uint32_t fake_pflash_violations(void)
{
	return F.array_reads_wrong_mode + F.bad_sequences + F.bits_set + F.buffer_misuse +
	       F.single_lane;
}

static uint32_t rnd(void)
{
	F.seed = F.seed * 1103515245u + 12345u;
	return F.seed >> 8;
}

/* Counts one operation; false if the power is cut at it (after the torn
 * part, if any, has been done by the caller's tear). */
static bool operation(void)
{
	F.ops++;
	if (F.cut_at && F.ops == F.cut_at) {
		F.dead = true;
		return false;
	}
	return true;
}

static void touch(uint32_t off)
{
	F.dirty[off / F.block_size] = true;
}

/* An operation at off that the late-error range lies about: counted, and
 * its error bit set once it is done (the caller does it first). */
static bool late_error(uint32_t off, uint8_t error_bit)
{
	if (off < F.late_error_lo || off >= F.late_error_hi)
		return false;
	F.late_errors++;
	F.status |= error_bit;
	return true;
}

static void program_word(uint32_t off, uint32_t value, uint32_t tear)
{
	uint32_t old;

	memcpy(&old, F.mem + off, 4);
	if ((old & value) != value)
		F.bits_set++;
	value = old & (value | tear);
	memcpy(F.mem + off, &value, 4);
	touch(off);
}

static void erase(uint32_t off)
{
	uint32_t base = off & ~(F.block_size - 1u);

	if (F.fail_erase) {
		F.status |= 0x20;
		return;
	}
	F.erases++;
	if (!operation()) {
		if (F.cut_torn)   /* some bits on their way to 1 */
			for (uint32_t i = 0; i < F.block_size; i++)
				F.mem[base + i] |= (uint8_t)rnd();
		touch(base);
		return;
	}
	if (late_error(base, 0x20) && F.late_torn)
		for (uint32_t i = 0; i < F.block_size; i++)
			F.mem[base + i] |= (uint8_t)rnd();
	else
		memset(F.mem + base, 0xff, F.block_size);
	touch(base);
}

/* The load's words: all of them, or a torn prefix when the power goes. */
static void program_load(void)
{
	uint32_t done = F.loaded;

	F.buffer_programs++;
	if (F.lose_loads) {
		F.lose_loads--;
		return;
	}
	if (!operation()) {
		if (!F.cut_torn)
			return;
		done = rnd() % F.loaded;
		program_word(F.load_off[done], F.load_val[done], rnd());
	} else if (late_error(F.load_off[0], 0x10) && F.late_torn) {
		done = rnd() % F.loaded;
		program_word(F.load_off[done], F.load_val[done], rnd());
	}
	for (uint32_t i = 0; i < done; i++)
		program_word(F.load_off[i], F.load_val[i], 0);
}

static void read_array_mode(void)
{
	F.wcycle = 0;
	F.cmd = 0;
}

static void bad(void)
{
	F.bad_sequences++;
	read_array_mode();
}

static void buffer_data(uint32_t off, uint32_t value)
{
	/* QEMU: a word outside the count's window is a program error that
	 * aborts the load at its confirm; a real chip refuses it too. */
	if (!F.buffer_size || off / F.buffer_size != F.window) {
		F.buffer_misuse++;
		F.status |= 0x10;
	} else if (F.fail_program) {
		F.status |= 0x10;
	} else {
		F.load_off[F.loaded] = off;
		F.load_val[F.loaded] = value;
	}
	F.status |= 0x80;
	if (++F.loaded == F.count)
		F.wcycle = 3;
}

/* A command's first cycle (wcycle 0). */
static void first_cycle(uint32_t off, uint8_t cmd)
{
	switch (cmd) {
	case 0x00: case 0xf0: case 0xff:
		read_array_mode();
		return;
	case 0x10: case 0x40: case 0x60: case 0x98:
		break;
	case 0x20:
		erase(off);
		F.status |= 0x80;
		break;
	case 0x50:
		F.status = 0;   /* QEMU: the ready bit too */
		read_array_mode();
		return;
	case 0x70: case 0x90:
		F.cmd = cmd;
		return;
	case 0xe8:
		F.status |= 0x80;
		F.loaded = 0;
		break;
	default:
		bad();
		return;
	}
	F.wcycle = 1;
	F.cmd = cmd;
}

/* The second cycle of the command in F.cmd (wcycle 1). */
static void second_cycle(uint32_t off, uint32_t value, uint8_t cmd)
{
	switch (F.cmd) {
	case 0x10: case 0x40:
		F.word_programs++;
		if (F.fail_program) {
			F.status |= 0x10;
		} else if (operation()) {
			program_word(off, value,
				     late_error(off, 0x10) && F.late_torn ? rnd() : 0);
		} else if (F.cut_torn) {
			program_word(off, value, rnd());
		}
		F.status |= 0x80;
		F.wcycle = 0;
		return;
	case 0x20:
		if (cmd == 0xd0) {
			F.wcycle = 0;
			F.status |= 0x80;
		} else if (cmd == 0xff) {
			read_array_mode();
		} else {
			bad();
		}
		return;
	case 0xe8:
		F.count = (value & 0xffffu) + 1u;
		F.window = F.buffer_size ? off / F.buffer_size : 0;
		if ((value >> 16) != (value & 0xffffu) || F.count < 2u ||
		    F.count * 4u > F.buffer_size || F.count > 1024u) {
			F.buffer_misuse++;
			F.status |= 0x10;
			F.count = F.count > 1024u ? 1024u : F.count;
		}
		F.wcycle = 2;
		return;
	case 0x98:
		if (cmd == 0xff)
			read_array_mode();
		return;
	default:
		bad();
		return;
	}
}

void cfi_port_write(uint32_t off, uint32_t value)
{
	uint8_t cmd = (uint8_t)value;

	if (F.dead)
		return;
	/* A command reaches both devices (each reads its lane's low byte);
	 * data and the buffer count are per device too. */
	if (F.wcycle != 2 && !(F.wcycle == 1 && (F.cmd == 0x40 || F.cmd == 0x10)) &&
	    ((value >> 16) & 0xffu) != cmd)
		F.single_lane++;
	switch (F.wcycle) {
	case 0:
		first_cycle(off, cmd);
		return;
	case 1:
		second_cycle(off, value, cmd);
		return;
	case 2:
		if (F.cmd != 0xe8) {
			bad();
			return;
		}
		buffer_data(off, value);
		return;
	case 3:
		if (cmd == 0xd0 && !(F.status & 0x10)) {
			program_load();
			F.wcycle = 0;
			F.status |= 0x80;
			return;
		}
		if (cmd != 0xd0)
			F.bad_sequences++;
		read_array_mode();   /* QEMU: the load discarded */
		return;
	default:
		bad();
		return;
	}
}

uint32_t cfi_port_read(uint32_t off)
{
	uint32_t v;

	switch (F.cmd) {
	case 0x00:
		memcpy(&v, F.mem + off, 4);
		return v;
	case 0x98: {
		uint32_t i = off / 4u;

		return lanes(i < FAKE_PFLASH_QUERY ? F.query[i] : 0);
	}
	case 0x90:
		return 0;
	default: {
		/* Status, in both devices' lanes. A dead chip reports ready,
		 * so the code under test runs on to its end. */
		uint32_t s = F.stuck_busy && !F.dead ? F.status & ~0x80u : F.status;

		if (F.dead)
			s = 0x80;
		return lanes(s);
	}
	}
}

void cfi_port_copy(void *dst, uint32_t off, uint32_t len)
{
	if (F.dead) {   /* the power is off: whatever the code reads is moot */
		memset(dst, 0, len);
		return;
	}
	if (!fake_pflash_in_array_mode()) {
		/* What a reader of the flash as memory would get: status words. */
		F.array_reads_wrong_mode++;
		for (uint32_t i = 0; i < len; i += 4) {
			uint32_t s = cfi_port_read(off + i);

			memcpy((uint8_t *)dst + i, &s, 4);
		}
		return;
	}
	memcpy(dst, F.mem + off, len);
}

void cfi_port_copy_inverted(void *dst, uint32_t off, uint32_t len)
{
	cfi_port_copy(dst, off, len);
	for (uint32_t i = 0; i < len / 4u; i++)
		((uint32_t *)dst)[i] = ~((uint32_t *)dst)[i];
}

int cfi_port_equal(uint32_t off, const uint32_t *src, uint32_t len)
{
	/* What the code under test reads, wrong mode and all. */
	uint32_t *got = malloc(len ? len : 1);
	int same;

	cfi_port_copy(got, off, len);
	same = memcmp(got, src, len) == 0;
	free(got);
	return same;
}

uint32_t cfi_port_ticks(void)
{
	return F.ticks += 10u;   /* 10 us a read of the clock */
}

uint32_t cfi_port_ticks_per_ms(void)
{
	return 1000u;
}

void cfi_port_pause(void)
{
	F.pauses++;
	F.ticks += 1000u;
}
