/*
 * fw_cfg directory walking. All multi-byte fields in the directory are
 * big-endian; RAM size is little-endian (QEMU's historical choice).
 * A directory is treated as untrusted data: the count is bounded and names
 * are compared with a length limit.
 */
#include <lib/bytes.h>
#include <lib/fwcfg.h>
#include <lib/string.h>

#define FWCFG_MAX_FILES 4096u

bool fwcfg_present(const struct fwcfg_port *p)
{
	uint8_t sig[4];

	p->select(p->ctx, FWCFG_KEY_SIGNATURE);
	p->read(p->ctx, sig, sizeof(sig));
	return memcmp(sig, "QEMU", 4) == 0;
}

bool fwcfg_find(const struct fwcfg_port *p, const char *name, struct fwcfg_file *out)
{
	uint8_t hdr[4];
	uint32_t count;
	size_t len = strnlen(name, FWCFG_NAME_MAX);

	if (len == 0 || len >= FWCFG_NAME_MAX)
		return false;
	p->select(p->ctx, FWCFG_KEY_FILE_DIR);
	p->read(p->ctx, hdr, sizeof(hdr));
	count = be32(hdr);
	if (count > FWCFG_MAX_FILES)
		return false;
	for (uint32_t i = 0; i < count; i++) {
		uint8_t e[64];   /* be32 size, be16 select, be16 reserved, name[56] */

		p->read(p->ctx, e, sizeof(e));
		if (strncmp((const char *)&e[8], name, FWCFG_NAME_MAX) != 0)
			continue;
		out->size = be32(e);
		out->key = (uint16_t)(e[4] << 8 | e[5]);
		memcpy(out->name, &e[8], FWCFG_NAME_MAX);
		out->name[FWCFG_NAME_MAX - 1] = '\0';
		return true;
	}
	return false;
}

int fwcfg_parse_u32(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;
	size_t i = 0;

	while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		char c = s[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		v = v * base + d;
		if (v > 0xffffffffu)
			return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

int fwcfg_read_u32(const struct fwcfg_port *p, const char *name, uint32_t *out)
{
	struct fwcfg_file f;
	char buf[24];

	if (!fwcfg_find(p, name, &f))
		return -1;
	if (f.size == 0 || f.size > sizeof(buf))
		return -2;
	fwcfg_read_file(p, &f, buf, f.size);
	return fwcfg_parse_u32(buf, f.size, out) == 0 ? 0 : -2;
}

void fwcfg_read_file(const struct fwcfg_port *p, const struct fwcfg_file *f, void *dst,
		     size_t len)
{
	p->select(p->ctx, f->key);
	p->read(p->ctx, dst, len);
}
