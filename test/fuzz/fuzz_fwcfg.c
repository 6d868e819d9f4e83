/*
 * fw_cfg directory parsing against a device whose every byte is chosen by
 * the fuzzer (the directory is input the secure world does not control):
 * lookups stay inside their buffers and always end. The input is the
 * device's whole contents: selecting key k reads on from the input's byte
 * k (past the end, zeros), so the signature (key 0) is bytes 0-3, the
 * directory (key 0x19) starts at byte 25, and a file the directory lists
 * under key k is what the input holds from byte k, which lets a seed give
 * opt/tzvmm/ram-mib a number to parse (test/fuzz/mkcorpus.py).
 *
 * The same input is also taken as a boards' boot files blob (lib/fwcfg_mem.c,
 * the memory port): if its header and table pass, every lookup and read
 * through it stays inside the input (ASan sees the input's exact bounds).
 */
#include <stdint.h>
#include <string.h>
#include <lib/fwcfg.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct dev {
	const uint8_t *data;
	size_t size, pos;
};

static void dev_select(void *ctx, uint16_t key)
{
	struct dev *d = ctx;

	d->pos = key;
}

static void dev_read(void *ctx, void *dst, size_t len)
{
	struct dev *d = ctx;
	uint8_t *out = dst;

	for (size_t i = 0; i < len; i++, d->pos++)
		out[i] = d->pos < d->size ? d->data[d->pos] : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dev d = { data, size, 0 };
	struct fwcfg_port p = { dev_select, dev_read, &d };
	struct fwcfg_file f;
	uint32_t v;

	(void)fwcfg_present(&p);
	if (fwcfg_find(&p, "opt/tzvmm/guest", &f) && !memchr(f.name, 0, sizeof(f.name)))
		__builtin_trap();   /* names are always terminated */
	(void)fwcfg_read_u32(&p, "opt/tzvmm/ram-mib", &v);

	struct fwcfg_mem m;
	uint8_t buf[64];

	if (size <= UINT32_MAX && fwcfg_mem_port(&p, &m, data, (uint32_t)size)) {
		(void)fwcfg_present(&p);
		(void)fwcfg_read_u32(&p, "opt/tzvmm/ram-mib", &v);
		if (fwcfg_find(&p, "opt/tzvmm/kernel", &f))
			fwcfg_read_file(&p, &f, buf, f.size < sizeof(buf) ? f.size : sizeof(buf));
	}
	return 0;
}
