/*
 * Formatted output into a bounded buffer, for every log and console line
 * of tzvmm. Bounded by construction: it never writes past `size`.
 */
#include <lib/fmt.h>
#include <stdint.h>
#include <stdbool.h>

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, unsigned width,
		       bool left, char pad)
{
	size_t fill = width > n ? width - n : 0;

	if (!left)
		while (fill--)
			put(o, pad);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (left)
		while (fill--)
			put(o, ' ');
}

static void put_number(struct out *o, uint64_t v, unsigned base, bool upper,
		       bool negative, unsigned width, bool left, char pad)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n++] = digits[v % base];
		v /= base;
	} while (v);
	if (negative) {
		if (pad == '0') {
			put(o, '-');
			width = width ? width - 1 : 0;
		} else {
			tmp[sizeof(tmp) - 1 - n++] = '-';
		}
	}
	put_padded(o, &tmp[sizeof(tmp) - n], n, width, left, pad);
}

/* A conversion's flags, width and length modifier: "%-08lx" is
 * left = true, pad '0' (ignored when left), width 8, longs 1. */
struct spec {
	bool left;
	char pad;
	unsigned width, longs;
};

/* Reads the spec after a '%'; *fmt is left at the conversion letter. */
static struct spec parse_spec(const char **fmt)
{
	struct spec sp = { false, ' ', 0, 0 };
	const char *f = *fmt;

	for (; *f == '-' || *f == '0'; f++) {
		if (*f == '-')
			sp.left = true;
		else
			sp.pad = '0';
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp.width = sp.width * 10 + (unsigned)(*f - '0');
	for (; *f == 'l'; f++)
		sp.longs++;
	if (sp.left)
		sp.pad = ' ';
	*fmt = f;
	return sp;
}

/* One conversion c with its spec, its argument taken from ap. */
static void put_conversion(struct out *o, const struct spec *sp, char c, va_list *ap)
{
	switch (c) {
	case 's': {
		const char *s = va_arg(*ap, const char *);
		size_t n = 0;

		if (!s)
			s = "(null)";
		while (s[n])
			n++;
		put_padded(o, s, n, sp->width, sp->left, ' ');
		break;
	}
	case 'c': {
		char ch = (char)va_arg(*ap, int);

		put_padded(o, &ch, 1, sp->width, sp->left, ' ');
		break;
	}
	case 'd':
	case 'i': {
		int64_t v = sp->longs >= 2 ? va_arg(*ap, long long)
			  : sp->longs == 1 ? va_arg(*ap, long) : va_arg(*ap, int);
		uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

		put_number(o, mag, 10, false, v < 0, sp->width, sp->left, sp->pad);
		break;
	}
	case 'u':
	case 'x':
	case 'X': {
		uint64_t v = sp->longs >= 2 ? va_arg(*ap, unsigned long long)
			   : sp->longs == 1 ? va_arg(*ap, unsigned long)
					    : va_arg(*ap, unsigned int);

		put_number(o, v, c == 'u' ? 10 : 16, c == 'X', false, sp->width, sp->left,
			   sp->pad);
		break;
	}
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_number(o, (uintptr_t)va_arg(*ap, void *), 16, false, false, 8, false, '0');
		break;
	case '%':
		put(o, '%');
		break;
	default:
		put(o, '%');
		put(o, c);
		break;
	}
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list args;

	va_copy(args, ap);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		struct spec sp = parse_spec(&fmt);

		if (*fmt == '\0')
			break;   /* a lone '%' at the end: stop cleanly */
		put_conversion(&o, &sp, *fmt, &args);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

size_t fmt_vline(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = fmt_vsnprintf(buf, size, fmt, ap);

	if (size == 0 || n < 0)
		return 0;
	return (size_t)n < size ? (size_t)n : size - 1;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
