/*
 * The VMM's virtio devices (components/vmm/virtio/): the
 * register file as the transport reaches it, split virtqueues as a
 * hostile driver lays them out, virtio-blk requests against a fake
 * storage component, and virtio-console both ways. Normal RAM is a heap
 * buffer (guest_mem), so ASan also catches any access outside it.
 */
#include <stdlib.h>
#include <string.h>
#include <tzvmm/signals.h>
#include <tzvmm/storage.h>
#include <tzvmm/vcpu_state.h>
#include <tzvmm/virtio_smc.h>
#include <ulib/guest_mem.h>
#include "../../components/vmm/storage_client.h"
#include "../../components/vmm/virtio/virtio.h"
#include "../../components/vmm/virtio/virtio_blk.h"
#include "../../components/vmm/virtio/virtio_console.h"
#include "fake_storage.h"
#include "unit.h"

#define RAM_BASE 0x40000000u
#define RAM_SIZE 0x00100000u
#define DESC     (RAM_BASE + 0x1000u)    /* the rings of the test queue */
#define AVAIL    (RAM_BASE + 0x2000u)
#define USED     (RAM_BASE + 0x3000u)
#define DATA     (RAM_BASE + 0x10000u)   /* buffers */
#define QNUM     8u
#define CAP_STORAGE_FAKE 9u
#define DISK_SECTORS 1024u

static uint8_t *ram, *shm, *disk;
static unsigned injections, storage_requests;
static uint32_t last_nseg;   /* of the last READ or WRITE */
/* SYS_WAITs so far; at the answer_after-th, slot 1's request is answered. */
static unsigned waits, answer_after;
/* A driver on another CPU: each storage request the device makes, it
 * offers chain 0 once more (at most this many times). */
static unsigned reoffers;
/* Register accesses as virtio_smc.c makes them come from CPU `cpu` (0
 * unless a test says); the storage component answers that CPU's slot. */
static unsigned cpu;
/* What another CPU does while CPU 0's first READ or WRITE is being
 * served (then cleared). */
static void (*meanwhile)(void);
/* CPU 0's vCPU state block, for kicks made as SMCs; the SYS_WAITs' vCPU
 * arguments, and r0-r3 of the state block when a wait resumed the vCPU. */
static struct vcpu_state vcpu0;
static uint32_t wait_vcpu[8], resumed_regs[4];
static unsigned nwaits;
/* The kernel refuses to resume the vCPU (one that is not paused); the
 * request is then answered at the next wait, not at once. */
static bool refuse_resume;
static struct storage_req *deferred;

static void *at(uint32_t pa)
{
	return ram + (pa - RAM_BASE);
}

/* The storage component, as far as the VMM sees it: answers the slot of
 * the CPU that asks. */
static int32_t fake_kernel(uint32_t nr, const uint32_t a[4])
{
	struct storage_req *r = (struct storage_req *)(shm + cpu * STORAGE_SLOT_SIZE);

	switch (nr) {
	case SYS_SIGNAL:
		if (a[0] != CAP_STORAGE_FAKE || a[1] != STORAGE_SIG_REQUEST)
			return -SYS_ECAP;
		storage_requests++;
		if (meanwhile && cpu == 0 &&
		    (r->op == STORAGE_OP_READ || r->op == STORAGE_OP_WRITE)) {
			void (*other_cpu)(void) = meanwhile;

			meanwhile = NULL;
			cpu = 1;
			other_cpu();
			cpu = 0;
		}
		if (reoffers) {
			uint16_t *avail = (uint16_t *)at(AVAIL);

			reoffers--;
			avail[2 + avail[1] % QNUM] = 0;
			avail[1]++;
		}
		r->status = STORAGE_OK;
		if (r->op == STORAGE_OP_INFO) {
			r->capacity = DISK_SECTORS;
		} else if (r->op == STORAGE_OP_READ || r->op == STORAGE_OP_WRITE) {
			last_nseg = r->nseg;
			if (r->count == 0 || r->count > STORAGE_DATA_MAX / STORAGE_SECTOR ||
			    r->sector + r->count > DISK_SECTORS)
				r->status = STORAGE_ERANGE;
			else if (!fake_storage_move(r, disk + r->sector * 512u,
						    r->op == STORAGE_OP_WRITE))
				r->status = STORAGE_EINVAL;
		}
		if (refuse_resume)
			deferred = r;
		else
			r->done_seq = r->seq;
		return 0;
	case SYS_WAIT: {
		struct storage_req *r1 = (struct storage_req *)(shm + STORAGE_SLOT_SIZE);

		if (nwaits < 8)
			wait_vcpu[nwaits] = a[1];
		nwaits++;
		if (refuse_resume && a[1] != SYS_NO_VCPU)
			return -SYS_ESTATE;   /* not blocked: nothing answered yet */
		if (deferred) {
			deferred->done_seq = deferred->seq;
			deferred = NULL;
		}
		if (a[1] == 0)
			memcpy(resumed_regs, vcpu0.regs.r, sizeof(resumed_regs));

		if (++waits == answer_after)
			r1->done_seq = r1->seq;
		return VMM_SIG_STORAGE;
	}
	case SYS_IRQ_INJECT:
		injections++;
		return 0;
	default:
		return 0;
	}
}

static void fixture(void)
{
	free(ram);
	free(shm);
	free(disk);
	ram = calloc(1, RAM_SIZE);
	shm = calloc(1, STORAGE_SLOTS * STORAGE_SLOT_SIZE);
	disk = calloc(DISK_SECTORS, 512);
	assert_true(ram && shm && disk);
	for (uint32_t i = 0; i < DISK_SECTORS * 512u; i++)
		disk[i] = (uint8_t)(i * 7 + i / 512);
	guest_mem_init((uintptr_t)ram, RAM_BASE, RAM_SIZE);
	storage_client_init((uintptr_t)shm, CAP_STORAGE_FAKE);
	vmm_config.timer_hz = 62500000;
	fake.sys_hook = fake_kernel;
	injections = storage_requests = reoffers = 0;
	waits = answer_after = cpu = 0;
	meanwhile = NULL;
	nwaits = 0;
	refuse_resume = false;
	deferred = NULL;
	memset(&vcpu0, 0, sizeof(vcpu0));
	memset(resumed_regs, 0xee, sizeof(resumed_regs));
	assert_int_equal(virtio_devices_init(272, 4), 0);
}

/* Register accesses as virtio_smc.c makes them: under the device's lock. */
static uint32_t rd(uint32_t dev, uint32_t off)
{
	struct virtio_dev *d = virtio_device(dev);
	uint32_t v = 0xdeadbeefu;

	spin_lock(&d->lock);
	d->cpu = cpu;
	assert_int_equal(virtio_mmio_read(d, off, 4, &v), 0);
	spin_unlock(&d->lock);
	return v;
}

static void wr(uint32_t dev, uint32_t off, uint32_t val)
{
	struct virtio_dev *d = virtio_device(dev);

	spin_lock(&d->lock);
	d->cpu = cpu;
	assert_int_equal(virtio_mmio_write(d, off, 4, val), 0);
	spin_unlock(&d->lock);
}

/* The driver's side of set-up (virtio 1.x, 3.1.1) with queue q at the
 * test rings; returns the device. */
static struct virtio_dev *setup(uint32_t dev, unsigned q)
{
	wr(dev, VIRTIO_MMIO_STATUS, 0);
	wr(dev, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(dev, VIRTIO_MMIO_DRIVER_FEATURES, 1);   /* VIRTIO_F_VERSION_1 */
	wr(dev, VIRTIO_MMIO_STATUS, 3u | VIRTIO_STATUS_FEATURES_OK);
	assert_true(rd(dev, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK);
	wr(dev, VIRTIO_MMIO_QUEUE_SEL, q);
	wr(dev, VIRTIO_MMIO_QUEUE_NUM, QNUM);
	wr(dev, VIRTIO_MMIO_QUEUE_DESC_LOW, DESC);
	wr(dev, VIRTIO_MMIO_QUEUE_AVAIL_LOW, AVAIL);
	wr(dev, VIRTIO_MMIO_QUEUE_USED_LOW, USED);
	wr(dev, VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(rd(dev, VIRTIO_MMIO_QUEUE_READY), 1);
	wr(dev, VIRTIO_MMIO_STATUS, 3u | VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	return virtio_device(dev);
}

struct vdesc {
	uint32_t addr_lo, addr_hi, len;
	uint16_t flags, next;
};

static void desc(unsigned i, uint32_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	((struct vdesc *)at(DESC))[i] = (struct vdesc){ addr, 0, len, flags, next };
}

/* Makes chain `head` available and kicks queue q. */
static void offer(uint32_t dev, unsigned q, uint16_t head)
{
	uint16_t *avail = at(AVAIL);
	uint16_t idx = avail[1];

	avail[2 + idx % QNUM] = head;
	avail[1] = (uint16_t)(idx + 1u);
	wr(dev, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

static uint16_t used_idx(void)
{
	return ((uint16_t *)at(USED))[1];
}

static uint32_t used_len(unsigned i)
{
	return ((uint32_t *)at(USED + 4u))[2 * i + 1];
}

static void test_virtio_registers(void **state)
{
	struct virtio_dev *d;
	uint32_t v;

	(void)state;
	fixture();
	d = virtio_device(TZVMM_VIRTIO_DEV_BLK);
	assert_null(virtio_device(TZVMM_VIRTIO_NDEVS));
	/* A board that reserves fewer interrupts than there are devices. */
	assert_int_equal(virtio_devices_init(272, TZVMM_VIRTIO_NDEVS - 1), -1);
	assert_int_equal(virtio_devices_init(272, TZVMM_VIRTIO_NDEVS), 0);
	assert_int_equal(rd(0, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976u);
	assert_int_equal(rd(0, VIRTIO_MMIO_VERSION), 2);
	assert_int_equal(rd(0, VIRTIO_MMIO_DEVICE_ID), 2);
	assert_int_equal(rd(1, VIRTIO_MMIO_DEVICE_ID), 3);
	assert_int_equal(rd(0, VIRTIO_MMIO_VENDOR_ID), TZVMM_VIRTIO_VENDOR);
	/* Feature words by selector; VERSION_1 is bit 32; FLUSH (9) offered. */
	assert_true(rd(0, VIRTIO_MMIO_DEVICE_FEATURES) & (1u << 9));
	wr(0, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	assert_int_equal(rd(0, VIRTIO_MMIO_DEVICE_FEATURES), 1);
	wr(0, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	assert_int_equal(rd(0, VIRTIO_MMIO_DEVICE_FEATURES), 0);
	wr(0, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0xffffffffu);
	assert_int_equal(rd(0, VIRTIO_MMIO_DEVICE_FEATURES), 0);
	/* Write-only and read-only registers the other way, widths, holes. */
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_QUEUE_NOTIFY, 4, &v), -1);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_INTERRUPT_ACK, 4, &v), -1);
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_MAGIC_VALUE, 4, 0), -1);
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_QUEUE_NUM_MAX, 4, 0), -1);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_VERSION, 2, &v), -1);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_VERSION + 1, 1, &v), -1);
	assert_int_equal(virtio_mmio_read(d, 0x0ac, 4, &v), -1);   /* SHM: none */
	assert_int_equal(virtio_mmio_read(d, 0xfffffffcu, 4, &v), -1);
	assert_int_equal(virtio_mmio_read(d, 0, 3, &v), -1);
	assert_int_equal(virtio_mmio_read(d, 0, 0, &v), -1);
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_STATUS, 1, 1), -1);
	assert_int_equal(virtio_mmio_write(d, VIRTIO_MMIO_CONFIG, 4, 1), -1);
	/* Configuration space: capacity from the storage, widths 1/2/4,
	 * aligned, inside the 24 bytes; nothing for the console. */
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG, 4, &v), 0);
	assert_int_equal(v, DISK_SECTORS);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG + 1, 1, &v), 0);
	assert_int_equal(v, DISK_SECTORS >> 8);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG + 20, 4, &v), 0);
	assert_int_equal(v, 512);   /* blk_size */
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG + 22, 2, &v), 0);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG + 2, 4, &v), -1);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG + 24, 1, &v), -1);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG + 0xfffffff0u, 4, &v), -1);
	assert_int_equal(virtio_mmio_read(virtio_device(1), VIRTIO_MMIO_CONFIG, 1, &v), -1);
	/* Queues that do not exist read 0 and ignore writes. */
	wr(0, VIRTIO_MMIO_QUEUE_SEL, 1);
	assert_int_equal(rd(0, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	wr(0, VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(rd(0, VIRTIO_MMIO_QUEUE_READY), 0);
	wr(0, VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(rd(0, VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTIO_QUEUE_MAX);
}

static void test_virtio_feature_negotiation(void **state)
{
	(void)state;
	fixture();
	/* Without VERSION_1, or with a feature not offered: FEATURES_OK does
	 * not stick. */
	wr(0, VIRTIO_MMIO_STATUS, 3);
	wr(0, VIRTIO_MMIO_STATUS, 3u | VIRTIO_STATUS_FEATURES_OK);
	assert_int_equal(rd(0, VIRTIO_MMIO_STATUS), 3);
	wr(0, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(0, VIRTIO_MMIO_DRIVER_FEATURES, 3);   /* VERSION_1 and bit 33 */
	wr(0, VIRTIO_MMIO_STATUS, 3u | VIRTIO_STATUS_FEATURES_OK);
	assert_int_equal(rd(0, VIRTIO_MMIO_STATUS), 3);
	wr(0, VIRTIO_MMIO_DRIVER_FEATURES, 1);
	wr(0, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(0, VIRTIO_MMIO_DRIVER_FEATURES, 1u << 9);   /* FLUSH */
	wr(0, VIRTIO_MMIO_STATUS, 3u | VIRTIO_STATUS_FEATURES_OK);
	assert_int_equal(rd(0, VIRTIO_MMIO_STATUS), 3u | VIRTIO_STATUS_FEATURES_OK);
	/* Once accepted, the features are frozen. */
	wr(0, VIRTIO_MMIO_DRIVER_FEATURES, 0);
	assert_int_equal(virtio_device(0)->driver_features, (1ull << 32) | (1u << 9));
	/* A reset clears everything. */
	wr(0, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(rd(0, VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(virtio_device(0)->driver_features, 0);
}

/* Queue layouts a hostile driver may give: each leaves the queue not
 * ready and the device needing a reset, and raises a config interrupt. */
static void test_virtio_bad_queue_layouts(void **state)
{
	static const uint32_t bad[][5] = {   /* num, desc, avail, used, high */
		{ 0, DESC, AVAIL, USED, 0 },
		{ VIRTIO_QUEUE_MAX + 1, DESC, AVAIL, USED, 0 },
		{ QNUM, 0x0e000000u, AVAIL, USED, 0 },           /* secure RAM */
		{ QNUM, DESC + 8, AVAIL, USED, 0 },              /* misaligned */
		{ QNUM, DESC, AVAIL + 1, USED, 0 },
		{ QNUM, DESC, AVAIL, USED + 2, 0 },
		{ QNUM, RAM_BASE + RAM_SIZE - 16, AVAIL, USED, 0 },   /* runs past RAM */
		{ QNUM, DESC, AVAIL, 0xfffffff0u, 0 },           /* wraps */
		{ QNUM, DESC, AVAIL, USED, 1 },                  /* above 4 GiB */
		{ QNUM, 0x09000000u, AVAIL, USED, 0 },           /* device space */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fixture();
		wr(0, VIRTIO_MMIO_STATUS, 3u);
		wr(0, VIRTIO_MMIO_QUEUE_NUM, bad[i][0]);
		wr(0, VIRTIO_MMIO_QUEUE_DESC_LOW, bad[i][1]);
		wr(0, VIRTIO_MMIO_QUEUE_AVAIL_LOW, bad[i][2]);
		wr(0, VIRTIO_MMIO_QUEUE_USED_LOW, bad[i][3]);
		wr(0, VIRTIO_MMIO_QUEUE_DESC_HIGH, bad[i][4]);
		wr(0, VIRTIO_MMIO_QUEUE_READY, 1);
		assert_int_equal(rd(0, VIRTIO_MMIO_QUEUE_READY), 0);
		assert_true(rd(0, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
		assert_int_equal(rd(0, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
		assert_int_equal(injections, 1);
		/* The driver cannot clear NEEDS_RESET but by a reset. */
		wr(0, VIRTIO_MMIO_STATUS, 7u);
		assert_true(rd(0, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
		wr(0, VIRTIO_MMIO_STATUS, 0);
		assert_int_equal(rd(0, VIRTIO_MMIO_STATUS), 0);
	}
}

/* A block request's chain at head 0: header at DATA, data buffers,
 * status byte. */
static void blk_chain(uint32_t type, uint64_t sector, uint32_t len, bool device_writes)
{
	struct { uint32_t type, reserved; uint64_t sector; } h = { type, 0, sector };

	memcpy(at(DATA), &h, sizeof(h));
	desc(0, DATA, 16, 1, 1);
	if (len) {
		desc(1, DATA + 0x1000u, len, (uint16_t)(1u | (device_writes ? 2u : 0u)), 2);
		desc(2, DATA + 0x100u, 1, 2, 0);
	} else {
		desc(0, DATA, 16, 1, 2);
		desc(2, DATA + 0x100u, 1, 2, 0);
	}
	*(uint8_t *)at(DATA + 0x100u) = 0xee;
}

/* That chain made available and kicked (a register write). */
static void blk_request(uint32_t type, uint64_t sector, uint32_t len, bool device_writes)
{
	blk_chain(type, sector, len, device_writes);
	offer(0, 0, 0);
}

/* Chain 0 made available, not kicked. */
static void make_available(void)
{
	uint16_t *avail = at(AVAIL);

	avail[2 + avail[1] % QNUM] = 0;
	avail[1]++;
}

static uint8_t blk_status(void)
{
	return *(uint8_t *)at(DATA + 0x100u);
}

static void test_virtio_blk_read_write_flush_id(void **state)
{
	(void)state;
	fixture();
	setup(0, 0);
	/* Read 2 sectors at 10. */
	blk_request(0, 10, 1024, true);
	assert_int_equal(blk_status(), 0);
	assert_memory_equal(at(DATA + 0x1000u), disk + 10 * 512, 1024);
	assert_int_equal(used_idx(), 1);
	assert_int_equal(used_len(0), 1025);
	assert_int_equal(injections, 1);
	assert_int_equal(rd(0, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
	wr(0, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	assert_int_equal(rd(0, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	/* Write 1 sector at the last one. */
	memset(at(DATA + 0x1000u), 0x5a, 512);
	blk_request(1, DISK_SECTORS - 1, 512, false);
	assert_int_equal(blk_status(), 0);
	assert_int_equal(disk[(DISK_SECTORS - 1) * 512], 0x5a);
	assert_int_equal(used_len(1), 1);
	/* Flush, get-id, and a type nobody knows. */
	blk_request(4, 0, 0, false);
	assert_int_equal(blk_status(), 0);
	blk_request(8, 0, 20, true);
	assert_int_equal(blk_status(), 0);
	assert_memory_equal(at(DATA + 0x1000u), "tzvmm-secure-flash0", 20);
	blk_request(99, 0, 0, false);
	assert_int_equal(blk_status(), 2);   /* UNSUPP */
	assert_int_equal(used_idx(), 5);
	assert_false(rd(0, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

/* Requests the device refuses: each gets IOERR, the disk and the rest of
 * RAM unchanged, the queue still usable. */
static void test_virtio_blk_bad_requests(void **state)
{
	static const struct { uint32_t type; uint64_t sector; uint32_t len; bool dw; } bad[] = {
		{ 0, DISK_SECTORS, 512, true },              /* past the end */
		{ 0, DISK_SECTORS - 1, 1024, true },         /* straddles the end */
		{ 0, 0xffffffffffffffffull, 512, true },     /* wraps */
		{ 0, 0x100000000ull, 512, true },            /* beyond 32 bits */
		{ 0, 0, 100, true },                         /* not whole sectors */
		{ 0, 0, 512, false },                        /* a read into a read-only buffer */
		{ 1, 0, 512, true },                         /* a write from a writable one */
		{ 0, 0, 0, false },                          /* no data */
	};
	uint8_t before[64];

	(void)state;
	fixture();
	setup(0, 0);
	memcpy(before, disk, sizeof(before));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		blk_request(bad[i].type, bad[i].sector, bad[i].len, bad[i].dw);
		assert_int_equal(blk_status(), 1);
		assert_int_equal(used_idx(), i + 1);
	}
	assert_memory_equal(disk, before, sizeof(before));
	assert_false(rd(0, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	/* A whole megabyte... across the storage slot's size: several
	 * storage requests for one virtio request. */
	blk_request(0, 0, 512 * 1000, true);
	assert_int_equal(blk_status(), 0);
	assert_memory_equal(at(DATA + 0x1000u), disk, 512 * 1000);
	assert_int_equal(storage_requests, 2 + 1);   /* INFO, and two reads */
}

/* Data buffers of odd sizes: whole words at 4-byte aligned addresses go
 * to the storage component as segments (it copies straight into normal
 * RAM); one unaligned buffer sends the whole request through the slot.
 * Either way the data are the disk's, and a write puts them back. */
static void test_virtio_blk_segments_or_the_slot(void **state)
{
	static const uint32_t len[3] = { 4, 1020, 512 };

	(void)state;
	for (uint32_t skew = 0; skew < 2; skew++) {
		struct { uint32_t type, reserved; uint64_t sector; } h = { 0, 0, 7 };
		uint32_t addr[3] = { DATA + 0x1000u + skew, DATA + 0x2000u, DATA + 0x3000u };
		uint8_t want[1536];

		fixture();
		setup(0, 0);
		memcpy(want, disk + 7 * 512, sizeof(want));
		memcpy(at(DATA), &h, sizeof(h));
		desc(0, DATA, 16, 1, 1);
		for (unsigned i = 0; i < 3; i++)
			desc(1 + i, addr[i], len[i], 3, (uint16_t)(2 + i));
		desc(4, DATA + 0x100u, 1, 2, 0);
		offer(0, 0, 0);
		assert_int_equal(blk_status(), 0);
		assert_int_equal(last_nseg, skew ? 0 : 3);
		for (unsigned i = 0, off = 0; i < 3; off += len[i++])
			assert_memory_equal(at(addr[i]), want + off, len[i]);
		/* The same buffers written to sector 20. */
		h.type = 1;
		h.sector = 20;
		memcpy(at(DATA), &h, sizeof(h));
		for (unsigned i = 0; i < 3; i++)
			desc(1 + i, addr[i], len[i], 1, (uint16_t)(2 + i));
		offer(0, 0, 0);
		assert_int_equal(blk_status(), 0);
		assert_int_equal(last_nseg, skew ? 0 : 3);
		assert_memory_equal(disk + 20 * 512, want, sizeof(want));
	}
}

/* A restarted VMM loads the guest only once the storage component has
 * answered every request of the old one, which copies into normal RAM:
 * it waits a millisecond at a time, and gives up after 10 s in all. */
static void test_storage_wait_idle_outlasts_an_old_request(void **state)
{
	struct storage_req *r1;

	(void)state;
	fixture();
	r1 = (struct storage_req *)(shm + STORAGE_SLOT_SIZE);
	assert_int_equal(storage_wait_idle(), 0);   /* nothing outstanding */
	assert_int_equal(waits, 0);
	r1->seq = 5;
	r1->done_seq = 4;
	answer_after = 3;
	assert_int_equal(storage_wait_idle(), 0);
	assert_int_equal(waits, 3);
	r1->seq = 6;
	waits = answer_after = 0;
	assert_int_equal(storage_wait_idle(), -1);
	assert_int_equal(waits, 10000);
	/* Slot 1 answers after 6 s, slot 2 never: 10 s for both together. */
	struct storage_req *r2 = (struct storage_req *)(shm + 2 * STORAGE_SLOT_SIZE);

	r2->seq = 1;
	waits = 0;
	answer_after = 6000;
	assert_int_equal(storage_wait_idle(), -1);
	assert_int_equal(waits, 10000);
}

/* Hostile rings: each breaks the queue (NEEDS_RESET), nothing is written
 * outside the used ring. An index one past the table is tried with a valid
 * descriptor there, so an off-by-one bound would show. */
static void test_virtio_hostile_rings(void **state)
{
	(void)state;
	for (unsigned c = 0; c < 9; c++) {
		fixture();
		setup(0, 0);
		desc(0, DATA, 16, 1, 1);
		desc(1, DATA + 0x1000u, 512, 3, 2);
		desc(2, DATA + 0x100u, 1, 2, 0);
		uint16_t *avail = at(AVAIL);

		switch (c) {
		case 0:   /* the available index jumps past the queue */
			avail[1] = QNUM + 1;
			wr(0, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
			break;
		case 1:   /* a head out of range */
			offer(0, 0, QNUM);
			break;
		case 2:   /* a loop: 2 -> 1 -> 2 */
			desc(2, DATA + 0x100u, 1, 3, 1);
			offer(0, 0, 0);
			break;
		case 3:   /* next out of range */
			desc(1, DATA + 0x1000u, 512, 3, 200);
			offer(0, 0, 0);
			break;
		case 4:   /* a buffer in secure RAM */
			desc(1, 0x0e000000u, 512, 3, 2);
			offer(0, 0, 0);
			break;
		case 5:   /* a length that wraps */
			desc(1, DATA, 0xfffff000u, 3, 2);
			offer(0, 0, 0);
			break;
		case 6:   /* an indirect descriptor (not negotiated) */
			desc(1, DATA + 0x1000u, 512, 5, 2);
			offer(0, 0, 0);
			break;
		case 7:   /* next one past the table, where a valid status
			   * descriptor lies: only the bound refuses it */
			desc(1, DATA + 0x1000u, 512, 3, QNUM);
			desc(QNUM, DATA + 0x100u, 1, 2, 0);
			offer(0, 0, 0);
			break;
		default:  /* a head one past the table, where a valid chain
			   * starts: only the bound refuses it */
			desc(QNUM, DATA, 16, 1, 1);
			offer(0, 0, QNUM);
			break;
		}
		assert_true(rd(0, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
		assert_int_equal(used_idx(), 0);
		assert_int_equal(*(uint8_t *)at(DATA + 0x100u), 0);   /* no status written */
		/* A broken device ignores further kicks. */
		wr(0, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
		assert_int_equal(used_idx(), 0);
	}
}

/* One kick serves the chains available when it came and no more: a driver
 * that keeps adding chains from another CPU while it is served cannot make
 * one kick (and the device's lock) last for ever. Its chains wait for the
 * next kick. */
static void test_virtio_a_kick_serves_what_was_there(void **state)
{
	(void)state;
	fixture();
	setup(0, 0);
	blk_request(1, 3, 0, false);   /* INFO first, then no data: a flush */
	blk_request(0, 3, 512, true);  /* the INFO request comes before */
	unsigned before = storage_requests;

	reoffers = 1000;
	blk_request(0, 5, 512, true);  /* one chain offered, one kick */
	assert_int_equal(storage_requests - before, 1);
	assert_int_equal(used_idx(), 3);
	assert_int_equal(reoffers, 999);   /* re-offered once, not yet served */
	reoffers = 0;
	wr(0, VIRTIO_MMIO_QUEUE_NOTIFY, 0);   /* the next kick serves it */
	assert_int_equal(used_idx(), 4);
	assert_false(rd(0, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

/* CPU 1's chain: a read of sector 30 into DATA + 0x4000, head 4. */
static void offer_cpu1_read(void)
{
	struct { uint32_t type, reserved; uint64_t sector; } h = { 0, 0, 30 };

	memcpy(at(DATA + 0x200u), &h, sizeof(h));
	desc(4, DATA + 0x200u, 16, 1, 5);
	desc(5, DATA + 0x4000u, 512, 3, 6);
	desc(6, DATA + 0x300u, 1, 2, 0);
	*(uint8_t *)at(DATA + 0x300u) = 0xee;
	offer(0, 0, 4);
}

/* The storage works without the device's lock: a driver on CPU 1 kicks
 * while CPU 0's request is being served, and its request is served
 * meanwhile (the fake lock counts a lock taken twice). Both come back,
 * CPU 1's first. */
static void test_virtio_blk_requests_of_two_cpus_overlap(void **state)
{
	(void)state;
	fixture();
	setup(0, 0);
	meanwhile = offer_cpu1_read;
	blk_request(0, 10, 1024, true);
	assert_null(meanwhile);
	assert_int_equal(used_idx(), 2);
	assert_int_equal(((uint32_t *)at(USED + 4u))[0], 4);   /* CPU 1's chain, */
	assert_int_equal(((uint32_t *)at(USED + 4u))[2], 0);   /* then CPU 0's */
	assert_int_equal(blk_status(), 0);
	assert_int_equal(*(uint8_t *)at(DATA + 0x300u), 0);
	assert_memory_equal(at(DATA + 0x1000u), disk + 10 * 512, 1024);
	assert_memory_equal(at(DATA + 0x4000u), disk + 30 * 512, 512);
	assert_int_equal(((struct storage_req *)(shm + STORAGE_SLOT_SIZE))->op, STORAGE_OP_READ);
	assert_int_equal(injections, 2);
}

static void reset_device(void)
{
	wr(0, VIRTIO_MMIO_STATUS, 0);
}

static void break_queue(void)
{
	((uint16_t *)at(AVAIL))[1] += QNUM + 1u;   /* an index that jumped */
	wr(0, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

/* A chain served without the lock is returned only into the device that
 * gave it: if another CPU resets the device meanwhile, or its queue
 * breaks, the used ring stays as it is and no interrupt comes; set up
 * again, the device serves requests. */
static void test_virtio_blk_no_answer_into_a_reset_device(void **state)
{
	void (*const others[2])(void) = { reset_device, break_queue };

	(void)state;
	for (unsigned i = 0; i < 2; i++) {
		fixture();
		setup(0, 0);
		meanwhile = others[i];
		blk_request(0, 10, 1024, true);
		assert_null(meanwhile);
		assert_int_equal(used_idx(), 0);
		assert_int_equal(injections, i);   /* the broken queue's config interrupt */
		assert_false(rd(0, VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_VRING);
		memset(at(AVAIL), 0, 4);   /* the driver's rings, new */
		memset(at(USED), 0, 4);
		setup(0, 0);
		blk_request(0, 12, 512, true);
		assert_int_equal(blk_status(), 0);
		assert_int_equal(used_idx(), 1);
		assert_memory_equal(at(DATA + 0x1000u), disk + 12 * 512, 512);
	}
}

/* A kick as the normal world makes it: TZVMM_SMC_VIRTIO_WRITE of
 * QueueNotify from CPU 0, its arguments in the state block. */
static struct smc_result kick_smc(uint32_t dev, uint32_t width)
{
	static struct vmm_cpu c0 = { .id = 0, .state = &vcpu0 };
	const uint32_t args[8] = { TZVMM_SMC_VIRTIO_WRITE, dev, VIRTIO_MMIO_QUEUE_NOTIFY, 0,
				   width };

	memcpy(vcpu0.regs.r, args, sizeof(args));
	nwaits = 0;
	return virtio_smc_write(&c0, (const struct smc_args *)(const void *)vcpu0.regs.r);
}

/* A block kick is answered before its requests are served: success in
 * r0-r3 of the state block, then the first wait for the storage resumes
 * the vCPU (the later ones do not), and the exit loop neither resumes it
 * again nor writes a result over what its next exit may have saved. A
 * kick that waits for nothing, a console's and a malformed one are
 * answered as any access. */
static void test_virtio_blk_kick_is_answered_before_it_is_served(void **state)
{
	struct smc_result r;

	(void)state;
	fixture();
	setup(0, 0);
	blk_request(0, 3, 512, true);   /* INFO first, out of the way */
	/* 300 KiB: two storage requests. */
	blk_chain(0, 100, 300u * 1024u, true);
	make_available();
	r = kick_smc(0, 4);
	assert_true(r.no_resume);
	assert_int_equal(nwaits, 2);
	assert_int_equal(wait_vcpu[0], 0);
	assert_int_equal(wait_vcpu[1], SYS_NO_VCPU);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(resumed_regs[i], 0);   /* SMCCC_SUCCESS, answered */
	assert_int_equal(blk_status(), 0);
	assert_int_equal(used_idx(), 2);
	assert_memory_equal(at(DATA + 0x1000u), disk + 100 * 512, 300u * 1024u);
	assert_int_equal(injections, 2);   /* the completion is the interrupt */

	/* Nothing to serve: no wait, an ordinary answer. */
	r = kick_smc(0, 4);
	assert_false(r.no_resume);
	assert_int_equal(r.r[0], SMCCC_SUCCESS);
	assert_int_equal(nwaits, 0);
	/* Served without the storage (GET_ID): the same. */
	blk_chain(8, 0, 20, true);
	make_available();
	r = kick_smc(0, 4);
	assert_false(r.no_resume);
	assert_int_equal(r.r[0], SMCCC_SUCCESS);
	assert_int_equal(nwaits, 0);
	assert_int_equal(used_idx(), 3);
	/* A resume the kernel refuses: the request is served all the same,
	 * and the kick answered as any access. */
	refuse_resume = true;
	blk_chain(0, 40, 1024, true);
	make_available();
	r = kick_smc(0, 4);
	assert_false(r.no_resume);
	assert_int_equal(r.r[0], SMCCC_SUCCESS);
	assert_int_equal(wait_vcpu[0], 0);
	assert_int_equal(wait_vcpu[1], SYS_NO_VCPU);
	assert_int_equal(blk_status(), 0);
	assert_int_equal(used_idx(), 4);
	assert_memory_equal(at(DATA + 0x1000u), disk + 40 * 512, 1024);
	refuse_resume = false;
	/* A kick of two bytes is no access: refused, nothing served. */
	vcpu0.regs.r[0] = 0x5a5a5a5au;
	r = kick_smc(0, 2);
	assert_false(r.no_resume);
	assert_int_equal(r.r[0], (uint32_t)SMCCC_INVALID_PARAMETER);
	/* The console serves its kicks at once. */
	r = kick_smc(TZVMM_VIRTIO_DEV_CONSOLE, 4);
	assert_false(r.no_resume);
	assert_int_equal(r.r[0], SMCCC_SUCCESS);
	assert_int_equal(nwaits, 0);
}

static void test_virtio_console_both_ways(void **state)
{
	(void)state;
	fixture();
	/* Transmit: two buffers of one chain, out as they are. */
	setup(1, 1);
	memcpy(at(DATA), "hello, ", 7);
	memcpy(at(DATA + 0x100u), "\x1b[0mworld\n", 10);
	desc(0, DATA, 7, 1, 1);
	desc(1, DATA + 0x100u, 10, 0, 0);
	offer(1, 1, 0);
	assert_int_equal(fake.console_out_len, 17);
	assert_memory_equal(fake.console_out, "hello, \x1b[0mworld\n", 17);
	assert_int_equal(used_idx(), 1);
	/* Receive: bytes wait until the driver gives a buffer. */
	fixture();
	setup(1, 0);
	fake.console_in = "ls\r";
	fake.console_in_len = 3;
	virtio_console_input(virtio_device(1));
	assert_int_equal(used_idx(), 0);
	desc(0, DATA, 2, 2, 0);   /* a 2-byte buffer, then another */
	offer(1, 0, 0);
	assert_int_equal(used_idx(), 1);
	assert_int_equal(used_len(0), 2);
	assert_memory_equal(at(DATA), "ls", 2);
	desc(1, DATA + 0x10u, 64, 2, 0);
	offer(1, 0, 1);
	assert_int_equal(used_len(1), 1);
	assert_memory_equal(at(DATA + 0x10u), "\r", 1);
	/* A receive buffer the device may not write breaks the queue. */
	fake.console_in = "x";
	fake.console_in_len = 1;
	desc(2, DATA, 8, 0, 0);
	offer(1, 0, 2);
	virtio_console_input(virtio_device(1));
	assert_true(rd(1, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

/* The normal world sets the size of its transmit buffers: once the
 * kernel's log refuses a piece, the rest of the chain is dropped without
 * another system call, and the drop is reported (within the bound on
 * diagnostics). The buffers still come back used. */
static void test_virtio_console_transmit_stops_when_the_log_is_full(void **state)
{
	(void)state;
	fixture();
	setup(1, 1);
	memset(at(DATA), 'a', RAM_SIZE - (DATA - RAM_BASE));
	fake.console_room = 600;
	desc(0, DATA, 1000, 1, 1);
	desc(1, DATA, RAM_SIZE - (DATA - RAM_BASE), 0, 0);   /* the rest of RAM */
	offer(1, 1, 0);
	assert_int_equal(fake.console_out_len, 512);   /* two pieces of 256 */
	assert_int_equal(fake_sys_count(SYS_CONSOLE_WRITE), 3);
	assert_int_equal(used_idx(), 1);
	assert_true(fake_log_has("console: 983528 bytes of the normal world's output dropped"));
	assert_false(rd(1, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	/* Room again: the next chain goes out. */
	fake.console_room = 0;
	memcpy(at(DATA), "ok\n", 3);
	desc(2, DATA, 3, 0, 0);
	offer(1, 1, 2);
	assert_int_equal(fake.console_out_len, 515);
	assert_memory_equal(fake.console_out + 512, "ok\n", 3);
}

/* A chain gets 12 KiB of the secure console at most, ring full or not: the
 * rest is dropped, and reported, without a system call. */
static void test_virtio_console_transmit_takes_12_kib_of_a_chain(void **state)
{
	(void)state;
	fixture();
	setup(1, 1);
	memset(at(DATA), 'b', RAM_SIZE - (DATA - RAM_BASE));
	desc(0, DATA, RAM_SIZE - (DATA - RAM_BASE), 0, 0);
	offer(1, 1, 0);
	assert_int_equal(used_idx(), 1);
	/* All of it but 12 KiB (the fake kept 4 KiB of what it was given). */
	assert_true(fake_log_has("console: 970752 bytes of the normal world's output dropped"));
	assert_int_equal(fake.console_out_len, 4096);
}

int run_virtio_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_virtio_registers),
		UNIT_TEST(test_virtio_feature_negotiation),
		UNIT_TEST(test_virtio_bad_queue_layouts),
		UNIT_TEST(test_virtio_blk_read_write_flush_id),
		UNIT_TEST(test_virtio_blk_bad_requests),
		UNIT_TEST(test_virtio_blk_segments_or_the_slot),
		UNIT_TEST(test_storage_wait_idle_outlasts_an_old_request),
		UNIT_TEST(test_virtio_hostile_rings),
		UNIT_TEST(test_virtio_a_kick_serves_what_was_there),
		UNIT_TEST(test_virtio_blk_requests_of_two_cpus_overlap),
		UNIT_TEST(test_virtio_blk_no_answer_into_a_reset_device),
		UNIT_TEST(test_virtio_blk_kick_is_answered_before_it_is_served),
		UNIT_TEST(test_virtio_console_both_ways),
		UNIT_TEST(test_virtio_console_transmit_stops_when_the_log_is_full),
		UNIT_TEST(test_virtio_console_transmit_takes_12_kib_of_a_chain),
	};
	int r = UNIT_RUN_GROUP("virtio", tests, ncases);

	free(ram);
	free(shm);
	free(disk);
	ram = shm = disk = NULL;
	return r;
}
