/*
 * The secure UART's byte stream: the ring of records and the filter that
 * keeps the normal world's console output from passing for the secure
 * world's lines (logstream.h says what it guarantees and how).
 */
#include <lib/fmt.h>
#include <lib/string.h>
#include "logstream.h"

#define RING_MASK (LOG_RING_SIZE - 1u)

_Static_assert((LOG_RING_SIZE & RING_MASK) == 0, "the ring's size is a power of two");
_Static_assert(LOG_LINE_RESERVE < LOG_RING_SIZE / 2, "console output gets most of the ring");
_Static_assert(LOG_NW_PREFIX_LEN + LOG_NW_WIDTH < 80, "a normal-world row fits 80 columns");

/* Parser states of log_filter.esc. */
enum { ESC_NONE, ESC_SEEN, ESC_CSI };

/* ---- the filter ------------------------------------------------------------ */

static void emit(struct log_emit *e, char c)
{
	/* LOG_EMIT_MAX bounds what one input byte can produce (logstream.h);
	 * a byte past it would be a bug here, and is dropped, not written
	 * past the buffer. */
	if (e->n < LOG_EMIT_MAX)
		e->buf[e->n++] = c;
}

static void put_str(struct log_emit *e, const char *s)
{
	while (*s)
		emit(e, *s++);
}

/* Back to the terminal's default attributes, before anything the secure
 * world writes, or the prefix, could be drawn in the normal world's (a
 * concealed or black-on-black prefix would be no prefix). */
static void reset_sgr(struct log_filter *f, struct log_emit *e)
{
	if (f->sgr) {
		put_str(e, "\033[0m");
		f->sgr = false;
	}
}

/* The cursor to column 0 of the next row, which nothing has written yet:
 * the cursor never moves up, so every row below it is blank. */
static void new_row(struct log_filter *f, struct log_emit *e)
{
	reset_sgr(f, e);
	if (f->in_text || f->line_open)
		emit(e, '\r');
	emit(e, '\n');
	f->in_text = false;
	f->row_used = false;
	f->line_open = false;
	f->col = 0;
}

/* Before the normal world's output lands on a row: the prefix, from
 * column 0 (where the cursor is whenever it is not right of a prefix:
 * after '\r', '\n', or a secure line). */
static void enter_text(struct log_filter *f, struct log_emit *e)
{
	if (!f->in_text) {
		put_str(e, LOG_NW_PREFIX);
		f->in_text = true;
		f->row_used = true;
	}
}

/* w columns of text (1-4 bytes, all printable), on a new row if they
 * would not fit this one. */
static void text(struct log_filter *f, struct log_emit *e, const char *s, unsigned w)
{
	enter_text(f, e);
	if (f->col + w > LOG_NW_WIDTH) {
		new_row(f, e);
		enter_text(f, e);
	}
	for (unsigned i = 0; i < w; i++)
		emit(e, s[i]);
	f->col = (uint8_t)(f->col + w);
}

/* A byte that does not act, shown as `cat -v` shows it: ^X for a control,
 * ^? for DEL, M- before a byte with the top bit set. So a terminal sees
 * only printable ASCII from the normal world, never a C1 control (0x9b is
 * CSI on some) or a character of another width. */
static void show(struct log_filter *f, struct log_emit *e, uint8_t c)
{
	char buf[4];
	unsigned n = 0;

	if (c >= 0x80) {
		buf[n++] = 'M';
		buf[n++] = '-';
		c &= 0x7f;
	}
	if (c < 0x20 || c == 0x7f) {
		buf[n++] = '^';
		buf[n++] = c == 0x7f ? '?' : (char)(c + '@');
	} else {
		buf[n++] = (char)c;
	}
	text(f, e, buf, n);
}

/* A sequence that does not act (or was cut short), shown as text. */
static void show_csi(struct log_filter *f, struct log_emit *e)
{
	show(f, e, 0x1b);
	text(f, e, "[", 1);
	for (unsigned i = 0; i < f->ncsi; i++)
		text(f, e, &f->csi[i], 1);
}

/* A sequence the filter lets act, as it came. */
static void pass_csi(const struct log_filter *f, struct log_emit *e, char final)
{
	put_str(e, "\033[");
	for (unsigned i = 0; i < f->ncsi; i++)
		emit(e, f->csi[i]);
	emit(e, final);
}

static void put_csi_n(struct log_emit *e, unsigned n, char final)
{
	char buf[8];
	size_t len = (size_t)fmt_snprintf(buf, sizeof(buf), "\033[%u%c", n, final);

	for (size_t i = 0; i < len && i < sizeof(buf) - 1; i++)
		emit(e, buf[i]);
}

/* CSI parameters that are one decimal number (or none): its value,
 * saturated, or -1 for anything else (several, private markers, spaces). */
static int csi_number(const struct log_filter *f)
{
	unsigned n = 0;

	for (unsigned i = 0; i < f->ncsi; i++) {
		char c = f->csi[i];

		if (c < '0' || c > '9')
			return -1;
		n = n * 10u + (unsigned)(c - '0');
		if (n > 999u)
			n = 999u;
	}
	return (int)n;
}

static bool csi_is_sgr(const struct log_filter *f)
{
	for (unsigned i = 0; i < f->ncsi; i++)
		if ((f->csi[i] < '0' || f->csi[i] > '9') && f->csi[i] != ';')
			return false;
	return true;
}

/* A complete CSI sequence: acts if it is one a line editor needs on its
 * own row, else is shown. */
static void csi(struct log_filter *f, struct log_emit *e, char final)
{
	int n = csi_number(f);

	switch (final) {
	case 'm':   /* attributes: reset before the row ends (reset_sgr) */
		if (!csi_is_sgr(f))
			break;
		enter_text(f, e);
		pass_csi(f, e, 'm');
		f->sgr = true;
		return;
	case 'K':   /* erase from the cursor to the end of its row */
	case 'J':   /* ... and every row below, all blank or the normal world's */
		if (n != 0)
			break;   /* 1 and 2 erase left of the cursor, or above it */
		pass_csi(f, e, final);
		return;
	case 'C':   /* right, within the row */
		if (n < 0)
			break;
		enter_text(f, e);
		n = n ? n : 1;
		if ((unsigned)n > LOG_NW_WIDTH - f->col)
			n = (int)(LOG_NW_WIDTH - f->col);
		if (n > 0) {
			put_csi_n(e, (unsigned)n, 'C');
			f->col = (uint8_t)(f->col + n);
		}
		return;
	case 'n':
		/* A question to the terminal (6n: where is the cursor?), whose
		 * answer goes to the normal world's input, prefix counted: a
		 * shell that asks at every prompt (busybox) would then start
		 * each one on a new row. It writes nothing: dropped. */
		if (n >= 0)
			return;
		break;
	case 'D':   /* left, never into the prefix */
		if (n < 0)
			break;
		n = n ? n : 1;
		if (!f->in_text)
			return;
		if ((unsigned)n > f->col)
			n = f->col;
		if (n > 0) {
			put_csi_n(e, (unsigned)n, 'D');
			f->col = (uint8_t)(f->col - n);
		}
		return;
	default:
		break;
	}
	show_csi(f, e);
	text(f, e, &final, 1);
}

void log_filter_console(struct log_filter *f, uint8_t c, struct log_emit *e)
{
	if (f->esc == ESC_SEEN) {
		f->esc = ESC_NONE;
		if (c == '[') {
			f->esc = ESC_CSI;
			f->ncsi = 0;
			return;
		}
		show(f, e, 0x1b);   /* ESC c, ESC 7/8, OSC, ...: none acts */
	} else if (f->esc == ESC_CSI) {
		if (c >= 0x20 && c <= 0x3f && f->ncsi < LOG_CSI_MAX) {
			f->csi[f->ncsi++] = (char)c;
			return;
		}
		f->esc = ESC_NONE;
		if (c >= 0x40 && c <= 0x7e) {
			csi(f, e, (char)c);
			return;
		}
		show_csi(f, e);   /* cut short: c is a byte of its own */
	}
	switch (c) {
	case '\n':
		new_row(f, e);
		break;
	case '\r':
		/* To column 0 of this row; its prefix is drawn again (over
		 * itself) before the next output. */
		if (f->in_text) {
			reset_sgr(f, e);
			emit(e, '\r');
			f->in_text = false;
			f->col = 0;
		}
		break;
	case '\b':
		if (f->in_text && f->col > 0) {
			emit(e, '\b');
			f->col--;
		}
		break;
	case '\t':
		/* Spaces to the next multiple of 8 after the prefix: the
		 * terminal's own tab stops count from column 0. */
		do
			text(f, e, " ", 1);
		while (f->col % 8u);
		break;
	case 0x07:
		break;   /* BEL: a beep says nothing */
	case 0x1b:
		f->esc = ESC_SEEN;
		break;
	default:
		if (c >= 0x20 && c < 0x7f) {
			char ch = (char)c;

			text(f, e, &ch, 1);
		} else {
			show(f, e, c);
		}
		break;
	}
}

void log_filter_line_begin(struct log_filter *f, struct log_emit *e)
{
	if (f->in_text || f->row_used || f->line_open || f->sgr)
		new_row(f, e);
	f->line_open = true;
}

void log_filter_line_end(struct log_filter *f, struct log_emit *e)
{
	emit(e, '\r');
	emit(e, '\n');
	f->line_open = false;
	f->in_text = false;
	f->row_used = false;
	f->col = 0;
}

char log_filter_line_char(char c)
{
	if (c == '\n' || c == '\r')
		return ' ';
	if ((unsigned char)c < 0x20 || (unsigned char)c > 0x7e)
		return '?';
	return c;
}

/* ---- the ring -------------------------------------------------------------- */

/* A word that may alias anything (the ring is bytes, the source anyone's). */
typedef uint32_t __attribute__((may_alias, aligned(4))) ring_word;

/* n bytes into the ring at off: a word at a time when both ends are word
 * aligned (a console record's text, from the VMM's aligned buffer), so
 * that the 256 bytes of a SYS_CONSOLE_WRITE cost the kernel lock some 150
 * instructions, not the 1000 of a byte loop. */
static void copy_in(char *dst, const char *src, size_t n)
{
	if ((((uintptr_t)dst | (uintptr_t)src) & 3u) == 0) {
		ring_word *d = (ring_word *)(void *)dst;
		const ring_word *w = (const ring_word *)(const void *)src;

		for (; n >= 16; n -= 16, d += 4, w += 4) {
			uint32_t a = w[0], b = w[1], c = w[2], x = w[3];

			d[0] = a;
			d[1] = b;
			d[2] = c;
			d[3] = x;
		}
		dst = (char *)d;
		src = (const char *)w;
	}
	memcpy(dst, src, n);
}

static void ring_write(struct log_stream *s, uint32_t at, const void *src, size_t n)
{
	uint32_t off = at & RING_MASK;
	size_t first = LOG_RING_SIZE - off;

	if (first > n)
		first = n;
	copy_in(&s->ring[off], src, first);
	copy_in(&s->ring[0], (const char *)src + first, n - first);
}

/* A record's header: one word (records start on a word, so it never
 * wraps), kind in its low byte, then prefix length and text length. */
static ring_word *header(struct log_stream *s, uint32_t at)
{
	return (ring_word *)(void *)&s->ring[at & RING_MASK];
}

/* Records start on a word, so a console record's text is word aligned. */
static uint32_t rec_size(size_t prefix_len, size_t len)
{
	return ((uint32_t)(LOG_REC_HEADER + prefix_len + len) + 3u) & ~3u;
}

bool log_stream_reserve(struct log_stream *s, enum log_rec kind, const char *prefix,
			size_t prefix_len, size_t len, struct log_slot *slot)
{
	/* The drainer's release of head orders its reads of those bytes
	 * before this producer may overwrite them. */
	uint32_t head = __atomic_load_n(&s->head, __ATOMIC_ACQUIRE);
	size_t need = rec_size(prefix_len, len);
	uint32_t room = LOG_RING_SIZE - (s->tail - head);

	if (kind == LOG_REC_CONSOLE)
		room = room > LOG_LINE_RESERVE ? room - LOG_LINE_RESERVE : 0;
	if (prefix_len > 255u || len > 0xffffu || need > room) {
		/* Producers are serialised: only the drainer reads these at
		 * the same time, and it needs no more than a whole value. */
		if (kind == LOG_REC_LINE)
			__atomic_store_n(&s->dropped_lines, s->dropped_lines + 1u,
					 __ATOMIC_RELAXED);
		else
			__atomic_store_n(&s->dropped_bytes, s->dropped_bytes + (uint32_t)len,
					 __ATOMIC_RELAXED);
		__atomic_store_n(&s->work, 1u, __ATOMIC_RELEASE);   /* to be reported */
		return false;
	}
	slot->at = s->tail;
	slot->kind = (uint8_t)kind;
	slot->prefix_len = (uint8_t)prefix_len;
	slot->len = (uint16_t)len;
	/* Open until committed: the drainer stops at this header. */
	*header(s, slot->at) = LOG_REC_OPEN;
	if (prefix_len)   /* (console output has none: its reservation is short) */
		ring_write(s, slot->at + LOG_REC_HEADER, prefix, prefix_len);
	/* The open mark before the index that shows the record. */
	__atomic_store_n(&s->tail, s->tail + (uint32_t)need, __ATOMIC_RELEASE);
	return true;
}

void log_stream_fill(struct log_stream *s, const struct log_slot *slot, size_t off,
		     const char *src, size_t n)
{
	ring_write(s, slot->at + LOG_REC_HEADER + slot->prefix_len + (uint32_t)off, src, n);
}

static void header_write(struct log_stream *s, uint32_t at, enum log_rec kind,
			 size_t prefix_len, size_t len)
{
	/* Released: the record's bytes before the word that hands them over. */
	__atomic_store_n(header(s, at), (uint32_t)kind | (uint32_t)prefix_len << 8 |
					(uint32_t)len << 16, __ATOMIC_RELEASE);
}

void log_stream_commit(struct log_stream *s, const struct log_slot *slot)
{
	header_write(s, slot->at, (enum log_rec)slot->kind, slot->prefix_len, slot->len);
	__atomic_store_n(&s->work, 1u, __ATOMIC_RELEASE);
}

bool log_stream_put(struct log_stream *s, enum log_rec kind, const char *prefix,
		    size_t prefix_len, const char *text, size_t len)
{
	struct log_slot slot;

	if (!log_stream_reserve(s, kind, prefix, prefix_len, len, &slot))
		return false;
	log_stream_fill(s, &slot, 0, text, len);
	log_stream_commit(s, &slot);
	return true;
}

static char ring_byte(const struct log_stream *s, uint32_t at)
{
	return s->ring[at & RING_MASK];
}

/* Writes what the filter put in e, all of it. */
static void put_all(struct log_emit *e, log_out_fn out)
{
	for (unsigned i = 0; i < e->n; i++)
		out(e->buf[i]);
	e->n = 0;
}

static void line_now(struct log_filter *f, const char *prefix, const char *t, size_t len,
		     log_out_fn out)
{
	struct log_emit e = { .n = 0 };

	log_filter_line_begin(f, &e);
	put_all(&e, out);
	while (*prefix)
		out(*prefix++);
	for (size_t i = 0; i < len; i++)
		out(log_filter_line_char(t[i]));
	log_filter_line_end(f, &e);
	put_all(&e, out);
}

/* What the ring could not take since the last report, once it has room
 * again (written by the drainer itself: this line is never dropped). */
static void report_drops(struct log_stream *s, log_out_fn out)
{
	uint32_t lines = __atomic_load_n(&s->dropped_lines, __ATOMIC_RELAXED);
	uint32_t bytes = __atomic_load_n(&s->dropped_bytes, __ATOMIC_RELAXED);
	char buf[120];

	if (lines == s->told_lines && bytes == s->told_bytes)
		return;
	int n = fmt_snprintf(buf, sizeof(buf),
			     "log: the secure log was full: %u lines and %u bytes of "
			     "console output dropped",
			     (unsigned)(lines - s->told_lines), (unsigned)(bytes - s->told_bytes));
	s->told_lines = lines;
	s->told_bytes = bytes;
	line_now(&s->filter, "[kernel] ", buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1,
		 out);
}

enum log_stream_drain log_stream_drain(struct log_stream *s, log_out_fn out, log_stop_fn stop)
{
	struct log_emit *e = &s->pend;

	for (;;) {
		/* What the last input byte came to, one UART write at a time:
		 * a secure interrupt waits for one write at most. */
		while (s->pend_at < e->n) {
			if (stop && stop())
				return LOG_STREAM_STOPPED;
			out(e->buf[s->pend_at++]);
		}
		e->n = 0;
		s->pend_at = 0;
		if (stop && stop())
			return LOG_STREAM_STOPPED;   /* and before the filter's work on a byte */
		if (!s->in_rec) {
			uint32_t tail = __atomic_load_n(&s->tail, __ATOMIC_ACQUIRE);

			if (s->rd == tail) {
				/* Cleared by a read-modify-write, which sees every
				 * producer's setting before it: a record (or drop)
				 * published before is seen now, one after sets it
				 * again. */
				__atomic_exchange_n(&s->work, 0u, __ATOMIC_ACQ_REL);
				if (s->rd != __atomic_load_n(&s->tail, __ATOMIC_ACQUIRE))
					continue;
				report_drops(s, out);
				return LOG_STREAM_DONE;
			}
			/* Its producer's release of the header orders the
			 * record's other bytes before it. */
			uint32_t h = __atomic_load_n(header(s, s->rd), __ATOMIC_ACQUIRE);

			s->kind = (uint8_t)h;
			if (s->kind == LOG_REC_OPEN)
				return LOG_STREAM_BUSY;   /* its producer commits it soon */
			s->prefix_left = (uint8_t)(h >> 8);
			s->text_left = (uint16_t)(h >> 16);
			s->rd += LOG_REC_HEADER;
			s->in_rec = true;
			if (s->kind == LOG_REC_LINE)
				log_filter_line_begin(&s->filter, e);
		} else if (s->prefix_left) {
			emit(e, ring_byte(s, s->rd++));
			s->prefix_left--;
		} else if (s->text_left) {
			char c = ring_byte(s, s->rd++);

			s->text_left--;
			if (s->kind == LOG_REC_LINE)
				emit(e, log_filter_line_char(c));
			else
				log_filter_console(&s->filter, (uint8_t)c, e);
		}
		if (s->in_rec && !s->prefix_left && !s->text_left) {
			if (s->kind == LOG_REC_LINE)
				log_filter_line_end(&s->filter, e);
			s->in_rec = false;
			s->rd = (s->rd + 3u) & ~3u;   /* the record's padding */
			/* Out of the ring (what it came to waits in pend):
			 * producers may reuse these bytes. */
			__atomic_store_n(&s->head, s->rd, __ATOMIC_RELEASE);
		}
	}
}

void log_stream_line_now(struct log_stream *s, const char *prefix, const char *t, size_t len,
			 log_out_fn out)
{
	line_now(&s->filter, prefix, t, len, out);
}
