/*
 * Static descriptions of secure components (the boot list) and their
 * creation at boot. A component's rights and grants are fixed here, at
 * build time: the kernel has no dynamic policy.
 */
#ifndef KERNEL_COMPONENT_H
#define KERNEL_COMPONENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tzvmm/limits.h>
#include "aspace.h"

struct thread;
struct vcpu;

/* CAP_VCPU_OBSERVE: a vCPU whose banked registers may be read (with
 * RIGHT_VCPU_REGS), nothing else: no running, no waiting on it, no writes. */
enum cap_kind { CAP_NONE = 0, CAP_VCPU, CAP_SIGNAL, CAP_VCPU_OBSERVE };

struct cap {
	enum cap_kind kind;
	struct vcpu *vcpu;         /* CAP_VCPU, CAP_VCPU_OBSERVE */
	struct thread *target;     /* CAP_SIGNAL: the thread, or NULL for ... */
	struct component *per_cpu; /* ... that component's thread on the caller's CPU */
	uint32_t bits;             /* CAP_SIGNAL */
};

/* Rights a component may hold (component_desc.rights). */
#define RIGHT_POWER   0x1u     /* SYS_POWER */
#define RIGHT_KINFO   0x2u     /* SYS_KINFO */
#define RIGHT_VCPU_REGS 0x4u   /* SYS_VCPU_REG: the normal world's banked CP15 */
#define RIGHT_IRQ_INJECT 0x8u  /* SYS_IRQ_INJECT: interrupts for the normal world */
#define RIGHT_NS_CACHE 0x10u   /* SYS_NS_CACHE: cache maintenance on normal RAM */
#define RIGHT_FASTPATH 0x20u   /* SYS_FASTPATH: the kernel's answers to pure queries */
#define RIGHT_CONSOLE 0x40u    /* SYS_CONSOLE_*: the secure console */

struct component {
	const struct component_desc *desc;
	struct aspace as;
	struct cap caps[COMPONENT_MAX_CAPS];
	unsigned ncaps;
	uint32_t rights;
	uint32_t faults;
	uint8_t *mem;               /* its image's pages (text, then data and bss) */
	bool restarting;            /* restart.c: its threads are being stopped */
	uint32_t restarts;
};

/* Grants (component_desc.flags). */
#define COMP_VCPUS      0x01u   /* one vCPU per CPU: caps 0..n-1, state pages mapped */
#define COMP_BOOT_FILES 0x02u   /* the board's boot files mapped (fw_cfg or a blob) */
#define COMP_NS_RAM     0x04u   /* normal-world RAM mapped at its physical address */
#define COMP_PER_CPU    0x08u   /* one thread per CPU, thread i on CPU i */
#define COMP_RESTART    0x10u   /* restarted after a fault */
#define COMP_ESSENTIAL  0x20u   /* its death powers the machine off (status 70) */
#define COMP_VCPU_OBSERVE 0x40u /* caps 0..n-1 to read the vCPUs' banked registers */
#define COMP_STORAGE    0x80u   /* the storage device mapped at COMPONENT_VA_STORAGE */
#define COMP_RESTART_IMAGE 0x100u /* a fault restarts all its threads from its initial
				   * image, and the normal world with it (restart.c) */


/* A signal target: thread `thread` of boot-list component `component`, or
 * with SIGNAL_THIS_CPU the thread of that per-CPU component on the
 * signaller's own CPU (a VMM thread and the storage thread of its CPU). */
#define SIGNAL_THIS_CPU 0xffffu
struct signal_grant {
	unsigned component;   /* index in the boot list */
	unsigned thread;      /* or SIGNAL_THIS_CPU */
	uint32_t bits;
};

/* A shared-memory region of the image (plat_shm_regions[region]) mapped
 * read-write into a component at va. */
struct shm_grant {
	unsigned region;
	uint32_t va;
};
struct shm_region {
	const char *name;
	uint32_t size;        /* bytes, whole pages */
};

/* An interrupt granted to a component: signalled to its thread 0 as bits,
 * masked until the thread calls SYS_IRQ_ACK. */
struct irq_grant {
	uint32_t intid;
	uint32_t bits;
};

struct component_desc {
	const char *name;
	const uint8_t *image;        /* flat image, starts with struct component_header */
	const uint8_t *image_end;
	unsigned nthreads;           /* unless COMP_PER_CPU */
	unsigned prio;
	uint32_t budget_us, period_us;   /* component.conf `budget`: 0, none */
	uint32_t rights;             /* RIGHT_* */
	uint32_t flags;              /* COMP_* */
	uint32_t vcpu_exit_bits;     /* COMP_VCPUS: signal on each exit */
	struct signal_grant signals[COMPONENT_MAX_SIGNAL_CAPS];   /* caps after the vCPUs */
	unsigned nsignals;
	struct irq_grant irqs[COMPONENT_MAX_IRQS];
	unsigned nirqs;
	struct signal_grant fault_notify;   /* told when this component faults */
	bool has_fault_notify;
	struct shm_grant shm[COMPONENT_MAX_SHM];
	unsigned nshm;
};

/* The boot list of this image, generated from the components' declarations
 * (components/<name>/component.conf) by scripts/mkbootlist.py. */
extern const struct component_desc plat_boot_list[];
extern const size_t plat_boot_list_len;
/* Its shared-memory regions, each granted to two or more components. */
extern const struct shm_region plat_shm_regions[];
extern const size_t plat_shm_regions_len;

/* Exit status when an essential component dies. */
#define KERNEL_STATUS_COMPONENT_DIED 70
#define KERNEL_STATUS_PANIC          71

void component_create_all(void);
void component_restart_thread(struct thread *t);

#endif
