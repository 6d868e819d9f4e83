/*
 * The virtio devices as a hostile driver drives them. The input is a
 * stream of operations, so that coverage-guided mutation can build the
 * state a deep path needs one step at a time (a device initialised, a
 * queue live, a descriptor chain, a block request header) rather than
 * having to guess a whole 4 KiB page of normal RAM at once. Each op is
 * one byte whose low three bits choose it, then its fields,
 * little-endian (test/fuzz/mkcorpus.py writes seeds in this format):
 *
 *   0 RAM     off:u16 len:u8 bytes[len]  bytes into normal RAM at off (rings,
 *                                        request headers, data)
 *   1 WRITE   dev:u8 reg:u16 val:u32 width:u8   TZVMM_SMC_VIRTIO_WRITE
 *   2 READ    dev:u8 reg:u16 width:u8           TZVMM_SMC_VIRTIO_READ
 *   3 ADDR    dev:u8 reg:u16 off:u16     a 4-byte write of the address of
 *                                        RAM offset off (queue addresses)
 *   4 DESC    at:u16 buf:u16 len:u16 flags:u8 next:u8   a descriptor at RAM
 *                                        offset at, for the buffer at offset buf
 *   5 INPUT   len:u8 bytes[len]          bytes arriving on the secure console
 *   6 CPU     cpu:u8                     the CPU making the next accesses: its
 *                                        VMM thread and storage slot
 *   7 STORAGE mode:u8                    how the storage component answers from
 *                                        now on: mode & 3 = 0 at once with OK,
 *                                        1 with status mode >> 2, 2 not at all
 *                                        (the VMM's deadline expires), 3 the
 *                                        signal to it is refused
 *
 * An op cut short by the input's end is not carried out. Every access
 * must return, with 0 or INVALID_PARAMETER; ASan and UBSan catch any
 * access outside the 64 KiB of normal RAM or the storage slots (heap
 * buffers of exactly their size); the fake storage aborts on a request
 * the VMM should have refused; after each op no lock is held and each
 * device's state is one the register file allows (a live queue has a
 * valid layout, FEATURES_OK only for an offered subset with VERSION_1,
 * only the two interrupt bits); no block request reaches the storage
 * unless the device is DRIVER_OK and not NEEDS_RESET.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tzvmm/signals.h>
#include <tzvmm/storage.h>
#include <tzvmm/syscall.h>
#include <tzvmm/vcpu_state.h>
#include <tzvmm/virtio_smc.h>
#include <ulib/guest_mem.h>
#include "../../components/vmm/storage_client.h"
#include "../../components/vmm/virtio/virtio.h"
#include "../../components/vmm/virtio/virtio_console.h"
#include "../../components/vmm/vmm.h"
#include "../unit/fake_storage.h"
#include "fuzz.h"

#define RAM_BASE 0x40000000u
#define RAM_SIZE 0x10000u        /* a u16 offset reaches all of it */
#define DISK_SECTORS 64u
#define STORAGE_CAP 1u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t *ram, *shm;
static uint8_t disk[DISK_SECTORS * STORAGE_SECTOR];

enum storage_mode { ANSWER, ANSWER_STATUS, SILENT, REFUSE };
static struct {
	enum storage_mode mode;
	uint32_t status;       /* for ANSWER_STATUS */
	uint32_t signalled[STORAGE_SLOTS];   /* each slot's last request seen */
} storage_fake;

static struct storage_req *slot_req(unsigned i)
{
	return (struct storage_req *)(shm + i * STORAGE_SLOT_SIZE);
}

/* One request, with the storage component's own range checks, so that a
 * request the VMM should have refused shows as a crash. */
static void serve(struct storage_req *r)
{
	r->status = storage_fake.mode == ANSWER_STATUS ? storage_fake.status : STORAGE_OK;
	switch (r->op) {
	case STORAGE_OP_INFO:
		r->capacity = DISK_SECTORS;
		break;
	case STORAGE_OP_READ:
	case STORAGE_OP_WRITE:
		if (r->count == 0 || r->count > STORAGE_DATA_MAX / STORAGE_SECTOR ||
		    r->sector >= DISK_SECTORS || r->count > DISK_SECTORS - r->sector)
			abort();   /* the VMM let an out-of-range request through */
		/* Segments the interface does not allow: the VMM's bug. */
		if (!fake_storage_move(r, disk + r->sector * STORAGE_SECTOR,
				       r->op == STORAGE_OP_WRITE))
			abort();
		break;
	case STORAGE_OP_FLUSH:
		break;
	default:
		abort();   /* the VMM makes no other request */
	}
	r->done_seq = r->seq;
}

/* The kernel and the storage component as the VMM sees them. The storage
 * answers whichever slot has a request outstanding (seq != done_seq), as
 * the storage thread of each CPU would. A wait that finds nothing to
 * answer reports the VMM's deadline, so a request the fake cannot or
 * will not answer ends as STORAGE_EIO after one wait: a bug shows as an
 * I/O error, never as a fuzzer hung in storage_call. */
static int32_t kernel_fake(uint32_t nr, uint32_t a1, uint32_t a2)
{
	bool answered = false;

	switch (nr) {
	case SYS_SIGNAL:
		if (a1 != STORAGE_CAP || a2 != STORAGE_SIG_REQUEST)
			abort();   /* the devices signal nothing else */
		/* A new request (an old one the VMM gave up on may still be
		 * outstanding): only a running device makes block requests;
		 * INFO is the capacity, which a configuration read may ask
		 * for at any time. */
		for (unsigned i = 0; i < STORAGE_SLOTS; i++) {
			struct storage_req *r = slot_req(i);
			uint32_t blk = virtio_device(TZVMM_VIRTIO_DEV_BLK)->status;

			if (r->seq == storage_fake.signalled[i])
				continue;
			storage_fake.signalled[i] = r->seq;
			if (r->op != STORAGE_OP_INFO && (!(blk & VIRTIO_STATUS_DRIVER_OK) ||
							 (blk & VIRTIO_STATUS_NEEDS_RESET)))
				abort();
		}
		return storage_fake.mode == REFUSE ? -(int32_t)SYS_ECAP : 0;
	case SYS_WAIT:
		for (unsigned i = 0; i < STORAGE_SLOTS && storage_fake.mode != SILENT; i++) {
			struct storage_req *r = slot_req(i);

			if (r->seq != r->done_seq) {
				serve(r);
				answered = true;
			}
		}
		return (int32_t)(answered ? VMM_SIG_STORAGE : VMM_SIG_DEADLINE);
	default:
		return 0;
	}
}

/* What the register file guarantees whatever the driver did. */
static void check_device(const struct virtio_dev *d)
{
	if (d->lock.locked)
		abort();
	if (d->interrupt_status & ~(VIRTIO_MMIO_INT_VRING | VIRTIO_MMIO_INT_CONFIG))
		abort();
	if (d->status & VIRTIO_STATUS_FEATURES_OK) {
		uint64_t f = d->driver_features;

		if ((f & ~d->ops->features) || !(f & (1ull << VIRTIO_F_VERSION_1)))
			abort();
	}
	for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++) {
		if (!d->q[i].ready)
			continue;
		if (i >= d->ops->nqueues || !virtq_valid(&d->q[i]))
			abort();
	}
}

struct input {
	const uint8_t *p;
	size_t n;
};

/* Takes `bytes` bytes as a little-endian number; false if too few are left. */
static bool take(struct input *in, unsigned bytes, uint32_t *v)
{
	if (in->n < bytes)
		return false;
	*v = 0;
	for (unsigned i = 0; i < bytes; i++)
		*v |= (uint32_t)in->p[i] << (8 * i);
	in->p += bytes;
	in->n -= bytes;
	return true;
}

/* The variable part of RAM and INPUT: up to len bytes, as many as are left. */
static const uint8_t *take_bytes(struct input *in, uint32_t *len)
{
	const uint8_t *p = in->p;

	if (*len > in->n)
		*len = (uint32_t)in->n;
	in->p += *len;
	in->n -= *len;
	return p;
}

static void ram_write(uint32_t off, const void *src, uint32_t len)
{
	if (len > RAM_SIZE - off)
		len = RAM_SIZE - off;
	memcpy(ram + off, src, len);
}

/* The vCPU's state block: the VMM reads an SMC's arguments where the
 * monitor saved them, and may answer a kick there (virtio_smc.c). */
static struct vcpu_state vstate;

static void smc_write(struct vmm_cpu *cpu, uint32_t dev, uint32_t reg, uint32_t val,
		      uint32_t width)
{
	const uint32_t args[5] = { TZVMM_SMC_VIRTIO_WRITE, dev, reg, val, width };
	struct smc_result r;

	memcpy(vstate.regs.r, args, sizeof(args));
	r = virtio_smc_write(cpu, (const struct smc_args *)(const void *)vstate.regs.r);
	if (r.no_resume) {
		/* Answered early: only a valid kick of the block device, with
		 * success in the state block. */
		if (dev != TZVMM_VIRTIO_DEV_BLK || reg != VIRTIO_MMIO_QUEUE_NOTIFY ||
		    width != 4 || vstate.regs.r[0] | vstate.regs.r[1] | vstate.regs.r[2] |
				      vstate.regs.r[3])
			abort();
		return;
	}
	if ((r.r[0] != SMCCC_SUCCESS && r.r[0] != (uint32_t)SMCCC_INVALID_PARAMETER) ||
	    (dev >= TZVMM_VIRTIO_NDEVS && r.r[0] == SMCCC_SUCCESS) || r.r[1] | r.r[2] | r.r[3])
		abort();
}

static void smc_read(struct vmm_cpu *cpu, uint32_t dev, uint32_t reg, uint32_t width)
{
	struct smc_args a = { { TZVMM_SMC_VIRTIO_READ, dev, reg, width } };
	struct smc_result r = virtio_smc_read(cpu, &a);

	if (r.r[0] == (uint32_t)SMCCC_INVALID_PARAMETER) {
		if (r.r[1] | r.r[2] | r.r[3])
			abort();
	} else if (r.r[0] != SMCCC_SUCCESS || dev >= TZVMM_VIRTIO_NDEVS || r.r[2] | r.r[3]) {
		abort();
	}
}

/* Carries out one op; false once the input has run out. */
static bool step(struct input *in, struct vmm_cpu *cpu)
{
	uint32_t op, dev, reg, val, width, off, buf, len, flags, next;

	if (!take(in, 1, &op))
		return false;
	switch (op & 7u) {
	case 0:
		if (!take(in, 2, &off) || !take(in, 1, &len))
			return false;
		ram_write(off, take_bytes(in, &len), len);
		return true;
	case 1:
		if (!take(in, 1, &dev) || !take(in, 2, &reg) || !take(in, 4, &val) ||
		    !take(in, 1, &width))
			return false;
		smc_write(cpu, dev, reg, val, width);
		return true;
	case 2:
		if (!take(in, 1, &dev) || !take(in, 2, &reg) || !take(in, 1, &width))
			return false;
		smc_read(cpu, dev, reg, width);
		return true;
	case 3:
		if (!take(in, 1, &dev) || !take(in, 2, &reg) || !take(in, 2, &off))
			return false;
		smc_write(cpu, dev, reg, RAM_BASE + off, 4);
		return true;
	case 4: {
		if (!take(in, 2, &off) || !take(in, 2, &buf) || !take(in, 2, &len) ||
		    !take(in, 1, &flags) || !take(in, 1, &next))
			return false;
		/* struct virtq_desc: addr (u64), len (u32), flags, next (u16) */
		uint8_t desc[16] = { 0 };
		uint32_t addr = RAM_BASE + buf;

		memcpy(desc, &addr, 4);
		memcpy(desc + 8, &len, 4);
		desc[12] = (uint8_t)flags;
		desc[14] = (uint8_t)next;
		ram_write(off, desc, sizeof(desc));
		return true;
	}
	case 5:
		if (!take(in, 1, &len))
			return false;
		fuzz_console_in = take_bytes(in, &len);
		fuzz_console_in_len = len;
		virtio_console_input(virtio_device(TZVMM_VIRTIO_DEV_CONSOLE));
		return true;
	case 6:
		if (!take(in, 1, &val))
			return false;
		cpu->id = val % STORAGE_SLOTS;
		return true;
	default:
		if (!take(in, 1, &val))
			return false;
		storage_fake.mode = (enum storage_mode)(val & 3u);
		storage_fake.status = val >> 2;
		return true;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct vmm_cpu cpu = { .id = 0, .state = &vstate };

	if (!ram) {
		ram = malloc(RAM_SIZE);
		shm = malloc(STORAGE_SLOTS * STORAGE_SLOT_SIZE);
		if (!ram || !shm)
			abort();
	}
	/* Nothing of one input reaches the next: RAM, disk, the slots'
	 * headers (their data is always written before it is read), the
	 * devices and the storage's answers. */
	memset(ram, 0, RAM_SIZE);
	memset(disk, 0, sizeof(disk));
	for (unsigned i = 0; i < STORAGE_SLOTS; i++)
		memset(slot_req(i), 0, sizeof(struct storage_req));
	memset(&storage_fake, 0, sizeof(storage_fake));   /* ANSWER */
	guest_mem_init((uintptr_t)ram, RAM_BASE, RAM_SIZE);
	storage_client_init((uintptr_t)shm, STORAGE_CAP);
	vmm_config.timer_hz = 62500000;
	fuzz_sys_hook = kernel_fake;
	if (virtio_devices_init(272, 4) != 0)
		abort();
	while (step(&in, &cpu)) {
		if (fake_lock_errors)
			abort();
		for (uint32_t i = 0; i < TZVMM_VIRTIO_NDEVS; i++)
			check_device(virtio_device(i));
	}
	fuzz_sys_hook = NULL;
	fuzz_console_in_len = 0;
	return 0;
}
