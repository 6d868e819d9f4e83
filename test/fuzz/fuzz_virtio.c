/*
 * The virtio devices as a hostile driver drives them: the input's first
 * 4 KiB are normal RAM's first page (where the fuzzer may build rings),
 * the rest a sequence of 12-byte register accesses and console input.
 * Every access must return; ASan and UBSan catch any access outside the
 * 64 KiB of normal RAM or the storage slots, and no lock may stay held.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tzvmm/signals.h>
#include <tzvmm/storage.h>
#include <tzvmm/syscall.h>
#include <ulib/guest_mem.h>
#include "../../components/vmm/storage_client.h"
#include "../../components/vmm/virtio.h"
#include "../../components/vmm/virtio_console.h"
#include "fuzz.h"

#define RAM_BASE 0x40000000u
#define DISK_SECTORS 64u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t ram[0x10000];
static uint8_t shm[STORAGE_SLOTS * STORAGE_SLOT_SIZE];
static uint8_t disk[DISK_SECTORS * STORAGE_SECTOR];

/* The storage component: a small disk, with its own range checks, so
 * that a request the VMM should have refused shows as a crash. */
static int32_t storage(uint32_t nr, uint32_t a1, uint32_t a2)
{
	struct storage_req *r = (struct storage_req *)shm;
	uint8_t *buf = shm + STORAGE_DATA_OFFSET;

	(void)a1;
	(void)a2;
	if (nr == SYS_WAIT)
		return VMM_SIG_STORAGE;
	if (nr != SYS_SIGNAL)
		return 0;
	r->status = STORAGE_OK;
	if (r->op == STORAGE_OP_INFO) {
		r->capacity = DISK_SECTORS;
	} else if (r->op == STORAGE_OP_READ || r->op == STORAGE_OP_WRITE) {
		if (r->count == 0 || r->count > STORAGE_DATA_MAX / STORAGE_SECTOR ||
		    r->sector >= DISK_SECTORS || r->count > DISK_SECTORS - r->sector)
			abort();   /* the VMM let an out-of-range request through */
		if (r->op == STORAGE_OP_READ)
			memcpy(buf, disk + r->sector * STORAGE_SECTOR, r->count * STORAGE_SECTOR);
		else
			memcpy(disk + r->sector * STORAGE_SECTOR, buf, r->count * STORAGE_SECTOR);
	}
	r->done_seq = r->seq;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4096)
		return 0;
	memset(ram, 0, sizeof(ram));
	memcpy(ram, data, 4096);
	data += 4096;
	size -= 4096;
	guest_mem_init((uintptr_t)ram, RAM_BASE, sizeof(ram));
	storage_client_init((uintptr_t)shm, 1);
	vmm_config.timer_hz = 62500000;
	fuzz_sys_hook = storage;
	virtio_devices_init(272);
	for (; size >= 12; data += 12, size -= 12) {
		uint32_t off, val;
		struct virtio_dev *d = virtio_device(data[0] & 1u);

		memcpy(&off, data + 2, 4);
		memcpy(&val, data + 6, 4);
		/* Mostly registers that exist, and RAM addresses for the rings. */
		if (data[10] & 1u)
			off &= 0x1fcu;
		if ((data[10] & 6u) == 2u)
			val = RAM_BASE + (val & 0xfff0u);
		d->cpu = data[11] % STORAGE_SLOTS;
		switch (data[1] & 3u) {
		case 0:
			(void)virtio_mmio_read(d, off, data[11] & 7u, &val);
			break;
		case 3:   /* bytes on the secure console */
			fuzz_console_in = data + 2;
			fuzz_console_in_len = 1u + (data[11] & 7u);
			virtio_console_input(virtio_device(1));
			break;
		default:
			(void)virtio_mmio_write(d, off, val, (data[1] & 4u) ? data[11] & 7u : 4u);
			break;
		}
		if (fake_lock_errors || d->lock.locked)
			abort();
	}
	fuzz_sys_hook = NULL;
	return 0;
}
