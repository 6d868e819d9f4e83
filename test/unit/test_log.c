/*
 * The secure UART's stream (kernel/logstream.c): the filter that marks
 * the normal world's console output, against what an attacker would
 * write to hvc0, and the ring between the kernel's entries and the drain.
 *
 * The strongest check replays the stream on a model of an 80-column
 * terminal (cursor, line wrap, the escape sequences the filter lets act):
 * after any normal-world bytes, interleaved with secure lines, every
 * secure line is on the screen, whole, on a row of its own, and every
 * other row is blank or starts with the normal world's prefix.
 */
#include <stdio.h>
#include <string.h>
#include "logstream.h"
#include "unit.h"

static struct log_stream stream;
static char out[1u << 20];
static size_t out_len;

static void capture(char c)
{
	if (out_len >= sizeof(out))
		fail_msg("more output than the test expects");
	out[out_len++] = c;
}

static int setup(void **state)
{
	memset(&stream, 0, sizeof(stream));
	out_len = 0;
	return unit_setup(state);
}

#define LOG_TEST(f) cmocka_unit_test_setup_teardown(f, setup, unit_teardown)

static void put_line(const char *prefix, const char *text)
{
	assert_true(log_stream_put(&stream, LOG_REC_LINE, prefix, strlen(prefix), text,
				   strlen(text)));
}

static void put_console_n(const char *bytes, size_t n)
{
	assert_true(log_stream_put(&stream, LOG_REC_CONSOLE, "", 0, bytes, n));
}

static void put_console(const char *bytes)
{
	put_console_n(bytes, strlen(bytes));
}

static void drain(void)
{
	assert_int_equal(log_stream_drain(&stream, capture, NULL), LOG_STREAM_DONE);
	out[out_len] = '\0';
}

static void expect_out(const char *want)
{
	drain();
	assert_string_equal(out, want);
}

/* ---- the filter, case by case ----------------------------------------------- */

static void test_secure_lines_pass_sanitised(void **state)
{
	(void)state;
	put_line("[kernel] ", "tzvmm 0.1");
	put_line("[vmm] ", "two\r\nlines \033[2J\x9b");
	put_line("", "tzvmm: power off, status 0");
	expect_out("[kernel] tzvmm 0.1\r\n"
		   "[vmm] two  lines ?[2J?\r\n"
		   "tzvmm: power off, status 0\r\n");
}

static void test_console_rows_carry_the_prefix(void **state)
{
	(void)state;
	put_console("~ # ls\r\nbin  dev\r\n\r\n~ # ");
	expect_out("hvc0| ~ # ls\r\nhvc0| bin  dev\r\n\nhvc0| ~ # ");
	/* A bare '\n' also starts the next row at column 0. */
	out_len = 0;
	put_console("a\nb");
	expect_out("a\r\nhvc0| b");
}

/* The finding's attack: a forged monitor line, a forged status, and the
 * terminal cleared over what the secure world printed. */
static void test_forged_lines_stay_marked(void **state)
{
	(void)state;
	put_line("[integrity] ", "CHANGE in kernel text");
	put_console("\r\n[integrity] pass 9: no change\r\n\033[2J\033c"
		    "tzvmm: power off, status 0\r\n");
	expect_out("[integrity] CHANGE in kernel text\r\n"
		   "\nhvc0| [integrity] pass 9: no change\r\n"
		   "hvc0| ^[[2J^[ctzvmm: power off, status 0\r\n");
}

/* Secure lines start on a row of their own whatever the normal world left
 * behind: text, a carriage return, attributes. */
static void test_secure_line_starts_a_row_of_its_own(void **state)
{
	(void)state;
	put_console("abc");
	put_line("[kernel] ", "one");
	put_console("def\r");
	put_line("[kernel] ", "two");
	put_console("\033[31mred");
	put_line("[kernel] ", "three");
	expect_out("hvc0| abc\r\n[kernel] one\r\n"
		   "hvc0| def\r\n[kernel] two\r\n"
		   "hvc0| \033[31mred\033[0m\r\n[kernel] three\r\n");
}

/* Attributes never outlive the normal world's row or reach the prefix
 * (a concealed prefix would be no prefix). */
static void test_attributes_are_reset(void **state)
{
	(void)state;
	put_console("\033[8mhidden\rX\033[30;40mY\nZ");
	expect_out("hvc0| \033[8mhidden\033[0m\rhvc0| X\033[30;40mY\033[0m\r\nhvc0| Z");
}

/* Backspace and cursor-left stop at the prefix; right stops at the row's
 * end; nothing moves up, to a position, or erases to the left. */
static void test_cursor_moves_are_bounded(void **state)
{
	(void)state;
	put_console("ab\b\b\b\b");
	put_console("cd\033[99D\033[D\033[5C");
	put_console("\033[K\033[0K\033[J\033[1K\033[2K\033[1J\033[2J\033[3J");
	put_console("\r\033[A\033[2B\033[H\033[10;1H\033[r\033[?1049h\033[6n\033[?6n\0337\0338"
		    "\033M");
	put_console("\033[99C\033[C");
	expect_out("hvc0| ab\b\b"
		   "cd\033[2D\033[5C"
		   "\033[K\033[0K\033[J^[[1K^[[2K^[[1J^[[2J^[[3J"
		   "\rhvc0| ^[[A^[[2B^[[H^[[10;1H^[[r^[[?1049h^[[?6n^[7^[8^[M"
		   "\033[24C");
}

/* The rest of C0, DEL and the top half, as `cat -v` shows them; BEL is
 * dropped; a tab is spaces to the next stop after the prefix. */
static void test_other_bytes_are_shown(void **state)
{
	static const char in[] = "\x00\x01\x07\x0b\x0c\x0e\x7f\x9b\xc3\xa9\xff" "a\tb";

	(void)state;
	put_console_n(in, sizeof(in) - 1);
	expect_out("hvc0| ^@^A^K^L^N^?M-^[M-CM-)M-^?a     b");
}

/* A sequence cut short, or too long, is shown and its last byte acts as
 * itself. OSC strings end up as text. */
static void test_broken_sequences_are_shown(void **state)
{
	(void)state;
	put_console("\033[12\n\033[1111111111111111m\033]0;title\007x\033\033[K");
	expect_out("hvc0| ^[[12\r\nhvc0| ^[[1111111111111111m^[]0;titlex^[\033[K");
}

/* No row of the normal world's reaches column 80: the filter breaks it
 * first, so a terminal never wraps it into a row without the prefix. */
static void test_long_rows_are_broken_before_80_columns(void **state)
{
	char line[200];

	(void)state;
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	put_console(line);
	drain();
	size_t row = 0;

	for (size_t i = 0; i < out_len; i++) {
		if (out[i] == '\r' || out[i] == '\n') {
			row = 0;
			continue;
		}
		row++;
		assert_true(row <= LOG_NW_PREFIX_LEN + LOG_NW_WIDTH);
	}
	assert_int_equal(out_len, 199 + 3 * LOG_NW_PREFIX_LEN + 2 * 2);
	assert_memory_equal(out, LOG_NW_PREFIX, LOG_NW_PREFIX_LEN);
	assert_memory_equal(out + LOG_NW_PREFIX_LEN + LOG_NW_WIDTH, "\r\n" LOG_NW_PREFIX,
			    2 + LOG_NW_PREFIX_LEN);
}

static size_t stop_at_len;

static bool stop_after_budget(void)
{
	return out_len >= stop_at_len;
}

/* kernel_panic writes past the ring; a line the drain had cut short is
 * ended first. */
static void test_line_now_starts_its_own_row(void **state)
{
	(void)state;
	put_line("[vmm] ", "half of this");
	stop_at_len = 8;   /* the drain stops after eight bytes of the line */
	assert_int_equal(log_stream_drain(&stream, capture, stop_after_budget), LOG_STREAM_STOPPED);
	log_stream_line_now(&stream, "", "tzvmm: power off, status 71", 27, capture);
	out[out_len] = '\0';
	assert_string_equal(out, "[vmm] ha\r\ntzvmm: power off, status 71\r\n");
}

/* ---- the ring ------------------------------------------------------------------ */

/* Whole records or nothing; what was refused is counted and reported once
 * the ring has room again, on a line of its own. The normal world's output
 * never takes the room kept for the secure world's lines. */
static void test_a_full_ring_drops_whole_records_and_says_so(void **state)
{
	char chunk[256], text[200];
	unsigned queued = 0, lines = 0;

	(void)state;
	memset(chunk, 'z', sizeof(chunk));
	memset(text, 'l', sizeof(text));
	/* (Bounded: a ring that never says full must fail, not hang.) */
	while (queued < 1000 &&
	       log_stream_put(&stream, LOG_REC_CONSOLE, "", 0, chunk, sizeof(chunk)))
		queued++;
	assert_int_equal(queued, (LOG_RING_SIZE - LOG_LINE_RESERVE) /
					 (sizeof(chunk) + LOG_REC_HEADER));
	assert_false(log_stream_put(&stream, LOG_REC_CONSOLE, "", 0, chunk, sizeof(chunk)));
	while (lines < 1000 &&
	       log_stream_put(&stream, LOG_REC_LINE, "[kernel] ", 9, text, sizeof(text)))
		lines++;
	assert_true(lines >= LOG_LINE_RESERVE / (LOG_REC_HEADER + 9 + sizeof(text)));
	assert_true(lines < 1000);
	assert_true(log_stream_pending(&stream));
	drain();
	assert_false(log_stream_pending(&stream));
	const char *note = "[kernel] log: the secure log was full: 1 lines and 512 bytes of "
			   "console output dropped\r\n";

	assert_true(out_len > strlen(note));
	assert_string_equal(out + out_len - strlen(note), note);
	assert_non_null(strstr(out, "zzz\r\n[kernel] llll"));
	assert_non_null(strstr(out, "llll\r\n[kernel] log:"));
	/* Room again; the report is not repeated. */
	out_len = 0;
	put_line("[kernel] ", "after");
	expect_out("[kernel] after\r\n");
}

/* Indices run freely across the ring's end: records that wrap come out
 * whole. */
static void test_records_wrap_around_the_ring(void **state)
{
	char text[100];

	(void)state;
	for (unsigned i = 0; i < 3000; i++) {
		snprintf(text, sizeof(text), "record %u", i);
		put_line("[kernel] ", text);
		out_len = 0;
		drain();
		char want[120];

		snprintf(want, sizeof(want), "[kernel] record %u\r\n", i);
		assert_string_equal(out, want);
	}
	assert_true(stream.tail > 2 * LOG_RING_SIZE);
}

/* ---- the terminal model --------------------------------------------------------- */

#define TERM_W    80
#define TERM_ROWS 4096

static struct {
	char g[TERM_ROWS][TERM_W];
	unsigned r, c, rows;
} term;

static unsigned csi_arg(const char *b, size_t *i, size_t n)
{
	unsigned v = 0;

	while (*i < n && b[*i] >= '0' && b[*i] <= '9')
		v = v * 10 + (unsigned)(b[(*i)++] - '0');
	return v;
}

static void term_clear_row(unsigned r, unsigned from)
{
	memset(&term.g[r][from], ' ', TERM_W - from);
}

/* Plays bytes on an 80-column terminal (xterm's rules for what the filter
 * lets through); fails on any byte or sequence the filter should not pass,
 * and on a wrap (no row may reach the last column). */
static void term_play(const char *b, size_t n)
{
	memset(&term, ' ', sizeof(term.g));
	term.r = term.c = term.rows = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)b[i];

		if (ch == 0x1b) {
			assert_true(i + 1 < n && b[i + 1] == '[');
			i += 2;
			unsigned v = csi_arg(b, &i, n);

			while (i < n && (b[i] == ';' || (b[i] >= '0' && b[i] <= '9')))
				i++;   /* SGR's further parameters */
			assert_true(i < n);
			switch (b[i]) {
			case 'K':
				assert_int_equal(v, 0);
				term_clear_row(term.r, term.c);
				break;
			case 'J':
				assert_int_equal(v, 0);
				term_clear_row(term.r, term.c);
				for (unsigned r = term.r + 1; r < TERM_ROWS; r++)
					term_clear_row(r, 0);
				break;
			case 'C':
				term.c = term.c + v > TERM_W - 1 ? TERM_W - 1 : term.c + v;
				break;
			case 'D':
				term.c = v > term.c ? 0 : term.c - v;
				break;
			case 'm':
				break;
			default:
				fail_msg("the filter let CSI %c through", b[i]);
			}
			continue;
		}
		if (ch == '\r') {
			term.c = 0;
		} else if (ch == '\n') {
			term.r++;
			assert_true(term.r < TERM_ROWS);
		} else if (ch == '\b') {
			if (term.c)
				term.c--;
		} else if (ch >= 0x20 && ch < 0x7f) {
			assert_true(term.c < TERM_W - 1);   /* never the last column */
			term.g[term.r][term.c++] = (char)ch;
		} else {
			fail_msg("the filter let byte 0x%02x through", ch);
		}
		if (term.r + 1 > term.rows)
			term.rows = term.r + 1;
	}
}

static uint32_t rnd_state;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* What an attacker feeds hvc0: bytes and pieces of sequences that matter
 * to terminals, forged secure lines and the normal world's own prefix. */
static size_t attack_bytes(char *buf, size_t max)
{
	static const char *const pieces[] = {
		"\r", "\n", "\r\n", "\b", "\b\b\b\b\b\b\b\b", "\r\b\b", "\t", "\033", "[", "\033[",
		"\033[2J", "\033c",
		"\033[H", "\033[1;1H", "\033[A", "\033[5A", "\033[B", "\033[r", "\033[?1049h",
		"\033[?1049l", "\0337", "\0338", "\033M", "\033[8m", "\033[30;40m", "\033[0m",
		"\033[K", "\033[1K", "\033[2K", "\033[J", "\033[99D", "\033[99C", "\033[3D",
		"\033]0;t\007", "\033P", "\x9b", "\x9b" "2J", "\xc2\x9b", "\x07", "\x0b", "\x0c",
		"\x85", "\x7f", ";", "0", "1", "9", "m", "K", "J", "D", "C",
		"[integrity] pass 9: no change", "tzvmm: power off, status 0",
		"[kernel] forged", LOG_NW_PREFIX, "          ",
		"x", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	};
	size_t n = 0;
	size_t want = 1 + rnd() % 200;

	while (n < want) {
		const char *p = pieces[rnd() % (sizeof(pieces) / sizeof(pieces[0]))];
		size_t len = strlen(p);

		if (n + len > max)
			break;
		memcpy(buf + n, p, len);
		n += len;
	}
	return n;
}

static unsigned stop_every, stop_count;

static bool stop_sometimes(void)
{
	return stop_every && ++stop_count % stop_every == 0;
}

static void drain_sometimes_stopped(void)
{
	while (log_stream_drain(&stream, capture, stop_sometimes) != LOG_STREAM_DONE)
		;
}

/* Builds the same random stream of secure lines and console bytes into the
 * ring, draining with the given stop period (0: never stopped); returns
 * the number of secure lines. */
static unsigned random_stream(uint32_t seed, unsigned period, char lines[][32])
{
	unsigned nlines = 0;

	rnd_state = seed;
	stop_every = period;
	stop_count = 0;
	out_len = 0;
	memset(&stream, 0, sizeof(stream));
	for (unsigned round = 0; round < 400; round++) {
		if (rnd() % 6 == 0) {
			snprintf(lines[nlines], 32, "[kernel] line %u", nlines);
			put_line("", lines[nlines]);
			nlines++;
		} else {
			char buf[512];
			size_t n = attack_bytes(buf, sizeof(buf)), half = n / 2u & ~(size_t)3u;
			/* Reserved, filled and committed, as a console write
			 * outside the kernel lock: a quarter of them with a
			 * secure line and a drain while they are open. */
			struct log_slot slot;

			assert_true(log_stream_reserve(&stream, LOG_REC_CONSOLE, "", 0, n, &slot));
			log_stream_fill(&stream, &slot, 0, buf, half);
			if (rnd() % 4 == 0) {
				snprintf(lines[nlines], 32, "[kernel] line %u", nlines);
				put_line("", lines[nlines]);
				nlines++;
				enum log_stream_drain d =
					log_stream_drain(&stream, capture, stop_sometimes);

				assert_int_not_equal(d, LOG_STREAM_DONE);
			}
			log_stream_fill(&stream, &slot, half, buf + half, n - half);
			log_stream_commit(&stream, &slot);
		}
		if (rnd() % 3 == 0)
			drain_sometimes_stopped();
	}
	drain_sometimes_stopped();
	return nlines;
}

/* A console record is reserved, then filled outside every lock: until its
 * producer commits it, the drainer stops there, and records reserved
 * after it wait. */
static void test_an_open_record_holds_back_those_after_it(void **state)
{
	struct log_slot slot;

	(void)state;
	assert_true(log_stream_reserve(&stream, LOG_REC_CONSOLE, "", 0, 12, &slot));
	put_line("[kernel] ", "after it");
	assert_int_equal(log_stream_drain(&stream, capture, NULL), LOG_STREAM_BUSY);
	assert_int_equal(out_len, 0);
	assert_true(log_stream_pending(&stream));
	log_stream_fill(&stream, &slot, 8, "e by", 4);
	log_stream_fill(&stream, &slot, 0, "filled o", 8);
	assert_int_equal(log_stream_drain(&stream, capture, NULL), LOG_STREAM_BUSY);
	log_stream_commit(&stream, &slot);
	expect_out("hvc0| filled oe by\r\n[kernel] after it\r\n");
	assert_int_equal(stream.head, stream.tail);
	assert_false(log_stream_pending(&stream));
}

static void test_no_normal_world_bytes_pass_for_a_secure_line(void **state)
{
	static char lines[400][32];
	static char once[sizeof(out)];

	(void)state;
	for (uint32_t seed = 1; seed <= 40; seed++) {
		unsigned nlines = random_stream(seed * 2654435761u, 0, lines);
		size_t once_len = out_len;

		memcpy(once, out, out_len);
		term_play(out, out_len);
		/* Every row: blank, the normal world's (prefixed), or the next
		 * secure line, whole. */
		unsigned seen = 0;

		for (unsigned r = 0; r < term.rows; r++) {
			char row[TERM_W + 1];
			size_t len = TERM_W;

			memcpy(row, term.g[r], TERM_W);
			while (len && row[len - 1] == ' ')
				len--;
			row[len] = '\0';
			if (len == 0 || memcmp(term.g[r], LOG_NW_PREFIX, LOG_NW_PREFIX_LEN) == 0)
				continue;
			assert_true(seen < nlines);
			assert_string_equal(row, lines[seen]);
			seen++;
		}
		assert_int_equal(seen, nlines);
		/* The log file, split at '\n' (grep) or at '\r' too (Python's
		 * universal newlines): a piece that starts like a secure line is
		 * one. */
		for (size_t i = 0; i < out_len; i++) {
			if (i && out[i - 1] != '\n' && out[i - 1] != '\r')
				continue;
			if (out[i] != '[' && out[i] != 't')
				continue;
			bool found = false;

			for (unsigned l = 0; l < nlines && !found; l++)
				found = strncmp(out + i, lines[l], strlen(lines[l])) == 0 &&
					out[i + strlen(lines[l])] == '\r';
			assert_true(found);
		}
		/* A drain cut short at any byte goes on exactly where it stopped. */
		random_stream(seed * 2654435761u, 2 + seed % 7, lines);
		assert_int_equal(out_len, once_len);
		assert_memory_equal(out, once, out_len);
	}
}

int run_log_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		LOG_TEST(test_secure_lines_pass_sanitised),
		LOG_TEST(test_console_rows_carry_the_prefix),
		LOG_TEST(test_forged_lines_stay_marked),
		LOG_TEST(test_secure_line_starts_a_row_of_its_own),
		LOG_TEST(test_attributes_are_reset),
		LOG_TEST(test_cursor_moves_are_bounded),
		LOG_TEST(test_other_bytes_are_shown),
		LOG_TEST(test_broken_sequences_are_shown),
		LOG_TEST(test_long_rows_are_broken_before_80_columns),
		LOG_TEST(test_line_now_starts_its_own_row),
		LOG_TEST(test_a_full_ring_drops_whole_records_and_says_so),
		LOG_TEST(test_records_wrap_around_the_ring),
		LOG_TEST(test_an_open_record_holds_back_those_after_it),
		LOG_TEST(test_no_normal_world_bytes_pass_for_a_secure_line),
	};

	return UNIT_RUN_GROUP("log", tests, ncases);
}
