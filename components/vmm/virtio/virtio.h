/*
 * The VMM's virtio devices (docs/bindings/tzvmm-virtio.md): each is a
 * virtio-mmio register file (virtio_mmio.c) whose accesses arrive as SMCs,
 * split virtqueues in normal RAM read through guest_mem (virtq.c), and a
 * device class behind struct virtio_ops (virtio_blk.c, virtio_console.c).
 *
 * The driver is the normal world: every value it writes is checked where
 * it is used, a malformed queue sets DEVICE_NEEDS_RESET and the device
 * stops using it, a malformed request fails that request. The state of a
 * device is shared by the VMM threads of all CPUs, under its lock; a class
 * whose requests wait for another component (virtio-blk: the storage)
 * serves them without it, so that the requests of several CPUs overlap.
 */
#ifndef VMM_VIRTIO_H
#define VMM_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>
#include <lib/spinlock.h>
#include <ulib/guest_mem.h>
#include "../smc.h"

#define VIRTIO_MAX_QUEUES   2u
#define VIRTIO_QUEUE_MAX    128u    /* QueueNumMax of every queue */

/* Device status bits (virtio 1.x, 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE  1u
#define VIRTIO_STATUS_DRIVER       2u
#define VIRTIO_STATUS_DRIVER_OK    4u
#define VIRTIO_STATUS_FEATURES_OK  8u
#define VIRTIO_STATUS_NEEDS_RESET  64u
#define VIRTIO_STATUS_FAILED       128u

#define VIRTIO_F_VERSION_1  32u   /* feature bit numbers */

/* Descriptor flags and a descriptor as the driver wrote it. */
#define VIRTQ_DESC_F_NEXT     1u
#define VIRTQ_DESC_F_WRITE    2u
#define VIRTQ_DESC_F_INDIRECT 4u

struct virtq {
	uint32_t num;                 /* QueueNum */
	gpa_t desc, avail, used;      /* the low halves the driver wrote */
	uint32_t high;                /* OR of the high halves: must be 0 */
	bool ready;
	uint16_t last_avail;          /* the next available entry to take */
	uint16_t used_idx;            /* our used index */
};

/* One buffer of a request: a validated descriptor. */
struct virtq_buf {
	gpa_t addr;
	uint32_t len;
	bool writable;                /* device-writable (VIRTQ_DESC_F_WRITE) */
};

struct virtio_dev;

struct virtio_ops {
	uint32_t device_id;
	uint64_t features;            /* offered, VIRTIO_F_VERSION_1 included */
	uint32_t nqueues;
	uint32_t config_len;
	/* Whether virtq_serve_kick calls the class's serve function without
	 * the device's lock: its requests wait for another component. */
	bool serve_unlocked;
	/* Fills the configuration space (config_len bytes). */
	void (*config)(struct virtio_dev *d, uint8_t *cfg);
	/* The driver kicked queue q (ready): take and answer its requests. */
	void (*notify)(struct virtio_dev *d, unsigned q);
	/* The driver reset the device (optional). */
	void (*reset)(struct virtio_dev *d);
};

struct virtio_dev {
	const struct virtio_ops *ops;
	uint32_t intid;               /* the SPI raised for the normal world */
	spinlock_t lock;
	uint32_t status;
	uint32_t dev_features_sel, drv_features_sel;
	uint64_t driver_features;
	uint32_t queue_sel;
	uint32_t interrupt_status;
	uint32_t config_generation;
	struct virtq q[VIRTIO_MAX_QUEUES];
	uint32_t errors;              /* malformed queues and requests (diagnostics) */
	uint32_t generation;          /* raised by every reset and failure: a chain
				       * served without the lock is returned only
				       * into the generation that gave it */
	unsigned cpu;                 /* the CPU of the access being served (its VMM
				       * thread holds the lock): whose storage slot */
};

/* A register access (SMC): 0, or -1 if the offset, width or direction is
 * not one of a register (nothing changes then). */
int virtio_mmio_read(struct virtio_dev *d, uint32_t off, uint32_t width, uint32_t *val);
int virtio_mmio_write(struct virtio_dev *d, uint32_t off, uint32_t width, uint32_t val);
/* Puts the device into its reset state (also at boot). */
void virtio_dev_reset(struct virtio_dev *d);
/* The queue is broken: DEVICE_NEEDS_RESET and a configuration interrupt. */
void virtio_dev_fail(struct virtio_dev *d);
/* Raises the device's interrupt with these InterruptStatus bits. */
void virtio_dev_interrupt(struct virtio_dev *d, uint32_t bits);

/* Split virtqueues (virtq.c). */
enum virtq_result { VIRTQ_NONE = 0, VIRTQ_OK = 1, VIRTQ_BAD = -1 };
/* Whether the rings of a queue of num entries fit in normal RAM, aligned. */
bool virtq_valid(const struct virtq *q);
/* The next available chain: its head in *head and its buffers (at most
 * max) in bufs, *n of them. VIRTQ_NONE if there is none, VIRTQ_BAD if the
 * ring or the chain is malformed (an index out of range, a loop, a chain
 * longer than the queue or than max, an address outside normal RAM, an
 * indirect descriptor): the queue is then unusable. */
/* How many chains one kick serves: those available when it came (read once),
 * never more than the queue holds; 1 if the index is unreadable or jumped,
 * so that virtq_pop reports it. A driver that keeps adding chains from
 * another CPU gets them served by its next kick, not by this one. */
unsigned virtq_kick_chains(const struct virtq *q);
enum virtq_result virtq_pop(struct virtq *q, uint16_t *head, struct virtq_buf *bufs,
			    unsigned max, unsigned *n);
/* Returns chain head to the driver, `written` bytes written into it. */
int virtq_push(struct virtq *q, uint16_t head, uint32_t written);
/* A device class's answer to one chain (bufs[0..n)) that the VMM thread
 * of cpu serves: the bytes it wrote into the chain, or -1 if the request
 * is malformed. */
typedef int64_t (*virtq_serve_fn)(struct virtio_dev *d, unsigned cpu, const struct virtq_buf *bufs,
				  unsigned n);
/* What a kick of queue qi does, for every class: serves at most the chains
 * there when it came (virtq_kick_chains), each popped into bufs (at most
 * max buffers, the caller's own), answered by serve and returned to the
 * driver; a malformed ring or request fails the device (virtio_dev_fail)
 * and ends the kick. The used-buffer interrupt follows if a chain was
 * returned. Called with the device's lock held; with ops->serve_unlocked
 * it is released while serve runs, and a chain whose device was reset or
 * failed meanwhile is not returned (the kick ends there). */
void virtq_serve_kick(struct virtio_dev *d, unsigned qi, struct virtq_buf *bufs, unsigned max,
		      virtq_serve_fn serve);

/* The devices of this VMM, index = the DT node's tzvmm,device. */
struct virtio_dev *virtio_device(uint32_t index);
/* 0, or -1 if the board reserves fewer SPIs than there are devices. */
int virtio_devices_init(uint32_t first_irq, uint32_t nirqs);
/* Their SMCs (virtio_smc.c): TZVMM_SMC_VIRTIO_READ and _WRITE. */
struct smc_result virtio_smc_read(struct vmm_cpu *cpu, const struct smc_args *a);
struct smc_result virtio_smc_write(struct vmm_cpu *cpu, const struct smc_args *a);

#endif
