/*
 * The secure UART's byte stream (kernel/log.c drives it): a ring of
 * records that kernel entries append in bounded time, and the one drainer
 * that turns them into bytes for the UART, outside the kernel lock.
 *
 * Two kinds of record share the UART: the secure world's lines, and the
 * normal world's console output (hvc0, SYS_CONSOLE_WRITE). The drainer
 * passes the latter through a filter so that nothing the normal world
 * sends can pass for, hide or rewrite a secure line, on a terminal or in
 * the log file (docs/architecture.md, "The secure log"):
 *
 * - every row of normal-world output starts with LOG_NW_PREFIX, which no
 *   secure line starts with; the filter breaks its rows itself before
 *   LOG_NW_WIDTH columns, so that an 80-column terminal never wraps one
 *   into a row without the prefix, and the cursor never reaches the
 *   prefix from the right (backspace and cursor-left stop at it);
 * - a secure line always starts at column 0 of a row of its own, with the
 *   terminal's default attributes, and ends with "\r\n";
 * - of the control bytes, '\n', '\r', '\b' and '\t' (as spaces) act; BEL is
 *   dropped; of the escape sequences only those a line editor needs on its
 *   own row act: CSI m (attributes, reset at every row's end), CSI K and
 *   CSI J (erase right of and below the cursor: the cursor never moves up,
 *   so nothing below it is the secure world's), CSI C and CSI D (column
 *   moves, bounded by the row); CSI n, a question whose answer would count
 *   the prefix, is dropped. Every other byte or sequence is shown as
 *   text, the way `cat -v` shows it (^[, ^G, M-a), so an attempt is seen.
 *
 * Pure C with no lock or device: the caller serialises the producers'
 * reservations (one put or reserve at a time) and the drainer (one drain
 * at a time); fills and commits of reserved records, other producers and
 * the drainer may run at once on different CPUs.
 */
#ifndef KERNEL_LOGSTREAM_H
#define KERNEL_LOGSTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOG_RING_SIZE     16384u   /* bytes, a power of two */
/* Room console records may never take: however much the normal world
 * writes to hvc0, the secure world's own lines still fit (lines the
 * normal world can cause are bounded where they are made). */
#define LOG_LINE_RESERVE  4096u
#define LOG_REC_HEADER    4u       /* kind, prefix length, text length (16 bits);
				      the record is padded to a word */
#define LOG_NW_PREFIX     "hvc0| "
#define LOG_NW_PREFIX_LEN 6u
/* Normal-world columns after the prefix: a row ends at column 79 at most,
 * so an 80-column terminal neither wraps it nor holds a wrap pending. */
#define LOG_NW_WIDTH      73u
#define LOG_CSI_MAX       12u      /* parameter bytes of a CSI sequence kept */

enum log_rec {
	LOG_REC_OPEN = 0,      /* reserved, its producer still writing it: the drainer waits */
	LOG_REC_LINE = 1,      /* a secure line: prefix, then text (sanitised) */
	LOG_REC_CONSOLE = 2,   /* normal-world console bytes (filtered) */
};

/* A record reserved in the ring and not yet committed. */
struct log_slot {
	uint32_t at;
	uint16_t len;
	uint8_t kind;
	uint8_t prefix_len;
};

enum log_stream_drain {
	LOG_STREAM_DONE,      /* nothing left, drops reported */
	LOG_STREAM_STOPPED,   /* stop() said so: the next drain goes on from there */
	LOG_STREAM_BUSY,      /* at a record still open: its producer's commit sets work */
};

typedef void (*log_out_fn)(char c);
typedef bool (*log_stop_fn)(void);

/* What the filter makes of one input byte, before it goes to the UART.
 * The most one byte can come to: an escape sequence cut short at
 * LOG_CSI_MAX parameters and shown as text, with a row break in it, then
 * the byte that cut it, a tab, with another (about 60). */
#define LOG_EMIT_MAX 96u
struct log_emit {
	uint8_t n;
	char buf[LOG_EMIT_MAX];
};

/* Where the terminal's cursor is, as far as the normal world's output can
 * have moved it. */
struct log_filter {
	uint8_t esc;             /* 0, or inside an escape sequence (logstream.c) */
	uint8_t ncsi;            /* parameter bytes kept in csi[] */
	char csi[LOG_CSI_MAX];
	uint8_t col;             /* columns used after this row's prefix */
	bool in_text;            /* the cursor is right of this row's prefix */
	bool row_used;           /* this row holds normal-world output */
	bool sgr;                /* attributes changed since the last reset */
	bool line_open;          /* a secure line is partly out */
};

struct log_stream {
	/* Producers reserve ring[tail..] and advance tail, then fill and
	 * commit the record (its kind byte, last); the drainer reads committed
	 * records of ring[head..tail) in order and advances head once one is
	 * out. Free-running indices: tail - head bytes are in use. */
	uint32_t head, tail;
	/* Refused for want of room (producers; monotonic), and how much of
	 * that the drainer has reported. */
	uint32_t dropped_lines, dropped_bytes;
	uint32_t told_lines, told_bytes;
	/* Not 0 while there may be work for the drainer: set by a producer
	 * after it published a record or counted a drop, cleared by the
	 * drainer when it finds none left. One word, for the dispatcher. */
	uint32_t work;
	/* The drainer's position in the record it is writing out. */
	uint32_t rd;
	bool in_rec;
	uint8_t kind;
	uint8_t prefix_left;
	uint16_t text_left;
	struct log_filter filter;
	/* What the filter made of the last input byte, written from pend_at
	 * on: a drain may stop between any two UART writes. */
	struct log_emit pend;
	uint8_t pend_at;
	char ring[LOG_RING_SIZE] __attribute__((aligned(4)));
};

/* Bytes the ring holds (no barrier: a hint). */
static inline uint32_t log_stream_used(const struct log_stream *s)
{
	return __atomic_load_n(&s->tail, __ATOMIC_RELAXED) -
	       __atomic_load_n(&s->head, __ATOMIC_RELAXED);
}

/* Producer: appends one record whole, or nothing if it does not fit (then
 * it is counted, for the drainer's report); a console record must leave
 * LOG_LINE_RESERVE free. prefix_len ≤ 255, len ≤ 65535; LOG_REC_CONSOLE
 * takes no prefix. log_stream_reserve, fill and commit at once. */
bool log_stream_put(struct log_stream *s, enum log_rec kind, const char *prefix,
		    size_t prefix_len, const char *text, size_t len);
/* The same in three steps, so that the text's copy needs no lock: reserve
 * takes room for len bytes of text (serialised with the other producers,
 * as put; the prefix is written then) or counts the drop; fill copies text
 * bytes [off, off + n) into it, at any time before the commit (off a
 * multiple of 4 keeps the copy by words); commit hands the record over.
 * The drainer stops at a record not yet committed, so each must be
 * committed soon (log.c: after at most one 256-byte copy). */
bool log_stream_reserve(struct log_stream *s, enum log_rec kind, const char *prefix,
			size_t prefix_len, size_t len, struct log_slot *slot);
void log_stream_fill(struct log_stream *s, const struct log_slot *slot, size_t off,
		     const char *src, size_t n);
void log_stream_commit(struct log_stream *s, const struct log_slot *slot);
/* True while records, or a drop not yet reported, may wait for the
 * drainer. One load, no barrier: the dispatcher asks on every entry into
 * the normal world. A record this CPU published is seen in program order;
 * another CPU's is that CPU's to drain. */
static inline bool log_stream_pending(const struct log_stream *s)
{
	return __atomic_load_n(&s->work, __ATOMIC_RELAXED) != 0;
}
/* Drainer: writes records out through the filter, one byte of a record at
 * a time, until none is left (DONE), stop (if not NULL, asked before every
 * UART byte) says to stop (STOPPED: the next drain goes on from there,
 * mid-record if need be) or the next record is still open (BUSY). Once
 * the ring is empty it reports what was dropped since the last report, as
 * a line of its own. */
enum log_stream_drain log_stream_drain(struct log_stream *s, log_out_fn out, log_stop_fn stop);
/* Writes one secure line at once, past the ring, in the stream's order of
 * rows (kernel_panic, which may not wait for anything). */
void log_stream_line_now(struct log_stream *s, const char *prefix, const char *text,
			 size_t len, log_out_fn out);

/* The filter, on its own: what it makes of an input byte, and of a secure
 * line's start and end, is added to e. */
void log_filter_console(struct log_filter *f, uint8_t c, struct log_emit *e);
void log_filter_line_begin(struct log_filter *f, struct log_emit *e);
void log_filter_line_end(struct log_filter *f, struct log_emit *e);
/* A secure line's text byte as written: one line per record, printable
 * ASCII only (component text is untrusted). */
char log_filter_line_char(char c);

#endif
