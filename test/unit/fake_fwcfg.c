/*
 * A fake fw_cfg device (see fakes.h): answers select/read like QEMU's,
 * with a directory laid out byte for byte as QEMU does (big-endian).
 */
#define _POSIX_C_SOURCE 200809L   /* strnlen */
#include <stdio.h>
#include <string.h>
#include <lib/fwcfg.h>
#include <ulib/guest_mem.h>
#include "unit.h"

#define FAKE_FW_FIRST_KEY 0x0020u

static void put_be32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

/* Small items (signature, RAM size) are copied into the device. */
static void set_blob(struct fake_fw *fw, const void *data, size_t len)
{
	memcpy(fw->buf, data, len);
	fw->blob = fw->buf;
	fw->blob_len = len;
}

static void build_dir(struct fake_fw *fw)
{
	unsigned n = fw->filler + fw->nfiles;
	size_t len = 4 + (size_t)n * 64;
	uint8_t *d = fw->buf;

	if (len > sizeof(fw->buf))
		fail_msg("fake fw_cfg: directory of %u entries too large", n);
	memset(d, 0, len);

	put_be32(d, fw->count_override ? fw->count_override : n);
	for (unsigned i = 0; i < n; i++) {
		uint8_t *e = d + 4 + (size_t)i * 64;

		if (i < fw->filler) {
			put_be32(e, 4);
			e[4] = 0x7f;
			e[5] = 0xff;
			snprintf((char *)&e[8], 56, "filler/%u", i);
			continue;
		}
		const struct fake_fw_file *f = &fw->files[i - fw->filler];

		put_be32(e, f->size);
		e[4] = (uint8_t)(f->key >> 8);
		e[5] = (uint8_t)f->key;
		memcpy(&e[8], f->name, 56);
	}
	fw->blob = d;
	fw->blob_len = len;
}

static void fw_select(void *ctx, uint16_t key)
{
	struct fake_fw *fw = ctx;

	fw->selects++;
	fw->key = key;
	fw->off = 0;
	if (key == FWCFG_KEY_SIGNATURE) {
		set_blob(fw, fw->signature, sizeof(fw->signature));
	} else if (key == FWCFG_KEY_RAM_SIZE) {
		uint8_t b[8];

		for (int i = 0; i < 8; i++)
			b[i] = (uint8_t)(fw->ram_size >> (8 * i));
		set_blob(fw, b, sizeof(b));
	} else if (key == FWCFG_KEY_FILE_DIR) {
		build_dir(fw);
	} else {
		fw->blob = NULL;
		fw->blob_len = 0;
		for (unsigned i = 0; i < fw->nfiles; i++) {
			if (fw->files[i].key == key) {
				fw->blob = fw->files[i].data;
				fw->blob_len = fw->files[i].size;
			}
		}
	}
}

/* Like QEMU: reads past the end of an item give zeros. */
static void fw_read(void *ctx, void *dst, size_t len)
{
	struct fake_fw *fw = ctx;
	uint8_t *d = dst;

	for (size_t i = 0; i < len; i++, fw->off++)
		d[i] = fw->blob && fw->off < fw->blob_len ? fw->blob[fw->off] : 0;
	if (fw->key == FWCFG_KEY_FILE_DIR)
		fw->dir_bytes_read += len;
	for (unsigned i = 0; i < fw->nfiles; i++)
		if (fw->files[i].key == fw->key)
			fw->file_bytes_read[i] += len;
}

/* The DMA interface: QEMU writes the file straight to physical address
 * `dst` and clears the descriptor's control word; here "physical memory"
 * is the test's guest_mem window, and desc a pointer into it. */
bool fwcfg_mmio_dma_read(uintptr_t base, uint16_t key, uint32_t dst, uint32_t len,
			 volatile struct fwcfg_dma_desc *desc)
{
	struct fake_fw *fw = fake.dma_fw;

	fake.dmas++;
	fake.dma_base = base;
	fake.dma_desc = (uintptr_t)desc;
	fake.dma_key = key;
	fake.dma_dst = dst;
	fake.dma_len = len;
	if (!fw)
		return false;   /* no DMA feature bit */
	desc->control = 0x0a000000u;
	desc->length = len;
	desc->address_hi = 0;
	desc->address_lo = dst;
	if (fake.dma_error)
		return false;
	for (unsigned i = 0; i < fw->nfiles; i++) {
		const struct fake_fw_file *f = &fw->files[i];

		if (f->key == key) {
			if (guest_mem_write(gpa(dst), f->data, len < f->size ? len : f->size) != 0)
				return false;
			desc->control = 0;
			return true;
		}
	}
	return false;
}

void fake_fw_init(struct fake_fw *fw, struct fwcfg_port *port)
{
	memset(fw, 0, sizeof(*fw));
	memcpy(fw->signature, "QEMU", 4);
	*port = (struct fwcfg_port){ fw_select, fw_read, fw };
}

uint16_t fake_fw_add(struct fake_fw *fw, const char *name, const void *data, uint32_t size)
{
	if (fw->nfiles >= FAKE_FW_FILES)
		fail_msg("fake fw_cfg: too many files");
	struct fake_fw_file *f = &fw->files[fw->nfiles];

	memset(f->name, 0, sizeof(f->name));
	memcpy(f->name, name, strnlen(name, sizeof(f->name) - 1));
	f->data = data;
	f->size = size;
	f->key = (uint16_t)(FAKE_FW_FIRST_KEY + fw->nfiles);
	fw->nfiles++;
	return f->key;
}

uint16_t fake_fw_add_str(struct fake_fw *fw, const char *name, const char *text)
{
	return fake_fw_add(fw, name, text, (uint32_t)strlen(text));
}
