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

/* A conversion's argument, as fmt_vsnprintf took it from its va_list
 * (taken there: a va_list passed on and used would be undefined). */
union fmt_arg {
	const char *s;
	int64_t i;
	uint64_t u;
};

/* One conversion c with its spec and argument. */
static void put_conversion(struct out *o, const struct spec *sp, char c, union fmt_arg a)
{
	switch (c) {
	case 's': {
		const char *str = a.s ? a.s : "(null)";
		size_t n = 0;

		while (str[n])
			n++;
		put_padded(o, str, n, sp->width, sp->left, ' ');
		break;
	}
	case 'c': {
		char ch = (char)a.i;

		put_padded(o, &ch, 1, sp->width, sp->left, ' ');
		break;
	}
	case 'd':
	case 'i':
		put_number(o, a.i < 0 ? (uint64_t)0 - (uint64_t)a.i : (uint64_t)a.i, 10, false,
			   a.i < 0, sp->width, sp->left, sp->pad);
		break;
	case 'u':
	case 'x':
	case 'X':
		put_number(o, a.u, c == 'u' ? 10 : 16, c == 'X', false, sp->width, sp->left,
			   sp->pad);
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_number(o, a.u, 16, false, false, 8, false, '0');
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

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		struct spec sp = parse_spec(&fmt);
		union fmt_arg a = { .u = 0 };

		switch (*fmt) {
		case '\0':
			fmt--;   /* a lone '%' at the end: stop cleanly */
			continue;
		case 's':
			a.s = va_arg(ap, const char *);
			break;
		case 'c':
			a.i = va_arg(ap, int);
			break;
		case 'd':
		case 'i':
			a.i = sp.longs >= 2 ? va_arg(ap, long long)
			    : sp.longs == 1 ? va_arg(ap, long) : va_arg(ap, int);
			break;
		case 'u':
		case 'x':
		case 'X':
			a.u = sp.longs >= 2 ? va_arg(ap, unsigned long long)
			    : sp.longs == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			break;
		case 'p':
			a.u = (uintptr_t)va_arg(ap, void *);
			break;
		default:
			break;
		}
		put_conversion(&o, &sp, *fmt, a);
	}
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
