/*
 * QEMU firmware configuration (fw_cfg) reader: how the secure world learns
 * the normal-world RAM size and finds the guest images the run supplies
 * (docs/specs/fw_cfg.txt in QEMU). The transport is a port (select a key,
 * read bytes) so the directory logic is unit-tested on the host;
 * lib/fwcfg_mmio.c is the memory-mapped port of Arm machines.
 */
#ifndef LIB_FWCFG_H
#define LIB_FWCFG_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define FWCFG_KEY_SIGNATURE 0x0000u
#define FWCFG_KEY_RAM_SIZE  0x0003u
#define FWCFG_KEY_NB_CPUS   0x0005u
#define FWCFG_KEY_FILE_DIR  0x0019u
#define FWCFG_NAME_MAX      56u

struct fwcfg_port {
	void (*select)(void *ctx, uint16_t key);
	void (*read)(void *ctx, void *dst, size_t len);   /* next len bytes */
	void *ctx;
};

struct fwcfg_file {
	uint32_t size;
	uint16_t key;
	char name[FWCFG_NAME_MAX];
};

bool fwcfg_present(const struct fwcfg_port *p);
/* Finds a file by name; returns false if absent or the directory is bad. */
bool fwcfg_find(const struct fwcfg_port *p, const char *name, struct fwcfg_file *out);
/* Parses a number written as decimal or as "0x" + hex digits, with
 * optional trailing newline/spaces; 0 on success, -1 if malformed or
 * larger than 32 bits. */
int fwcfg_parse_u32(const char *s, size_t len, uint32_t *out);
/* Reads a small text file holding such a number: 0, -1 if absent,
 * -2 if malformed. */
int fwcfg_read_u32(const struct fwcfg_port *p, const char *name, uint32_t *out);
/* Reads the first len bytes of a file. */
void fwcfg_read_file(const struct fwcfg_port *p, const struct fwcfg_file *f, void *dst,
		     size_t len);

/* The MMIO port: data register at base + 0, selector at base + 8. */
void fwcfg_mmio_port(struct fwcfg_port *p, uintptr_t base);

/* fw_cfg's DMA interface (register at base + 16): QEMU copies a file into
 * guest memory itself, some 30 times faster than reading the data register
 * word by word. The descriptor and the destination are physical addresses
 * in memory QEMU's DMA reaches (normal RAM); `desc` is 16 bytes there,
 * mapped at the same virtual address, and must not lie in the destination.
 * Returns false if the interface is absent or reports an error. */
struct fwcfg_dma_desc {
	uint32_t control, length, address_hi, address_lo;   /* big-endian */
};
bool fwcfg_mmio_dma_read(uintptr_t base, uint16_t key, uint32_t dst, uint32_t len,
			 volatile struct fwcfg_dma_desc *desc);

/*
 * The memory port: fw_cfg's items packed in one blob that the board's boot
 * loader put in memory (boards without fw_cfg; scripts/mkbootfiles.py
 * writes it). Layout, big-endian like fw_cfg's directory:
 *   "TZVMMBF1", be32 item count n, be32 total bytes,
 *   n x { be16 key, be16 0, be32 offset, be32 size }, the items' bytes;
 * the items are fw_cfg's own: key 0x0000 the signature "QEMU", 0x0019 the
 * file directory, 0x0020 on the files. The blob is checked once, when the
 * port is made: every item inside it, and it inside `size`. A key it does
 * not hold reads as zeros, as on fw_cfg.
 */
#define FWCFG_MEM_MAGIC "TZVMMBF1"
#define FWCFG_MEM_MAX_ITEMS 64u
struct fwcfg_mem {
	const uint8_t *base;
	uint32_t count;
	const uint8_t *item;   /* the selected item, NULL if none */
	uint32_t item_size, pos;
};
/* Returns false (and p unusable) if the blob's header or table is bad. */
bool fwcfg_mem_port(struct fwcfg_port *p, struct fwcfg_mem *m, const void *base,
		    uint32_t size);
/* The bytes of the item under key in place (*size bytes), or NULL. */
const uint8_t *fwcfg_mem_item(const struct fwcfg_mem *m, uint16_t key, uint32_t *size);

#endif
