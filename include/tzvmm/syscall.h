/*
 * The kernel's system-call interface for secure user components.
 *
 * A component calls `svc #0` with the call number in r0 and up to four
 * arguments in r1-r4; the result comes back in r0 (negative = error).
 * Every argument is decoded and checked before the kernel acts on it
 * (kernel/syscall.c); a bad argument is an error code, never a panic.
 *
 * Capabilities are small integers naming objects the boot list gave the
 * component (its component.conf): its vCPUs and its signal targets.
 */
#ifndef TZVMM_SYSCALL_H
#define TZVMM_SYSCALL_H

/* Call numbers (r0) and their arguments (r1..r4). */
#define SYS_LOG        0   /* (buf, len): write one line to the secure log */
#define SYS_WAIT       1   /* (mask, vcpu or SYS_NO_VCPU): resume the vCPU, then
                              block until a signal in mask is pending; returns
                              and clears the pending signals in mask */
#define SYS_SIGNAL     2   /* (signal cap, bits): set bits, a non-empty subset of
                              the cap's, pending at the cap's target thread */
#define SYS_VCPU_RUN   3   /* (vcpu): let the vCPU run (it is paused or off) */
/* 4 is free: was SYS_VCPU_PAUSE, which no component used. */
#define SYS_TIMER      5   /* (ticks, bits): one-shot timer that signals the
                              caller; ticks = 0 cancels it and discards
                              pending bits of an expiry not yet taken */
#define SYS_POWER      6   /* (SYS_POWER_*, status): power off or reset */
#define SYS_KINFO      7   /* (KINFO_*): a kernel figure (diagnostics, tests) */
#define SYS_EXIT       8   /* (code): the calling thread ends */
#define SYS_IRQ_ACK    9   /* (intid): an interrupt granted to the caller's
                              component was handled: unmask it again */
#define SYS_VCPU_REG   10  /* (vcpu, SYS_NS_REG_*, write, value) -> r1: read
                              (write = 0) or write one of the normal world's
                              banked CP15 registers of a vCPU stopped on this
                              CPU; r1 = the value read, or written;
                              -SYS_ESTATE before the vCPU first ran (since
                              boot or its VMM's restart) */
#define SYS_IRQ_INJECT 11  /* (intid): raise one of the SPIs the board reserves
                              for the normal world's para-virtual devices */
#define SYS_NS_CACHE   12  /* (base, len): clean and invalidate the data cache
                              for that range of normal RAM */
#define SYS_FASTPATH   13  /* (entries, count): the kernel's table of answers to
                              pure queries, given once (struct
                              sys_fastpath_entry; SYS_FASTPATH_MAX at most) */
#define SYS_CONSOLE_WRITE 14  /* (buf, len): the normal world's bytes for the
				 secure console (the secure UART, which the secure
				 log shares; they are marked as the normal world's
				 there, kernel/logstream.h) -> len, or 0 if the
				 log's ring is full (the bytes are dropped) */
#define SYS_CONSOLE_READ 15   /* (buf, len): the bytes the secure console has
				 received, up to len, without waiting -> count */
#define SYS_COUNT      16

#define SYS_NO_VCPU      0xffffffffu

/* Errors (returned negated in r0). */
#define SYS_OK           0
#define SYS_EINVAL       1   /* an argument out of range */
#define SYS_EFAULT       2   /* a buffer not inside the caller's own memory */
#define SYS_ECAP         3   /* a capability the caller does not hold */
#define SYS_EPERM        4   /* the caller lacks the right for this call */
#define SYS_ESTATE       5   /* the object is in the wrong state */
#define SYS_ENOSYS       6   /* unknown call number */

/* The normal world's banked CP15 registers SYS_VCPU_REG reaches, in the
 * order of arch_ns_cp15's table (arch/armv7/monitor.S). */
#define SYS_NS_REG_SCTLR      0u
#define SYS_NS_REG_TTBR0      1u
#define SYS_NS_REG_TTBR1      2u
#define SYS_NS_REG_TTBCR      3u
#define SYS_NS_REG_DACR       4u
#define SYS_NS_REG_DFSR       5u
#define SYS_NS_REG_IFSR       6u
#define SYS_NS_REG_DFAR       7u
#define SYS_NS_REG_IFAR       8u
#define SYS_NS_REG_CONTEXTIDR 9u
#define SYS_NS_REG_VBAR       10u
#define SYS_NS_REG_COUNT      11u
/* Writable ones: the fault registers and VBAR, what a VMM needs to inject
 * an abort into the guest; never the MMU's (SCTLR, TTBRs, TTBCR, DACR). */
#define SYS_NS_REG_WRITABLE ((1u << SYS_NS_REG_DFSR) | (1u << SYS_NS_REG_IFSR) | \
			     (1u << SYS_NS_REG_DFAR) | (1u << SYS_NS_REG_IFAR) | \
			     (1u << SYS_NS_REG_CONTEXTIDR) | (1u << SYS_NS_REG_VBAR))

#define SYS_FASTPATH_MAX      48u
#define SYS_FASTPATH_MATCH_A1 0x1u   /* the entry holds only for that a1 */

/* Longest one-shot timer SYS_TIMER takes (34 s at 62.5 MHz): the bound
 * keeps deadlines far from overflow. A longer wait is several timers. */
#define SYS_TIMER_MAX_TICKS 0x7fffffffu

#define SYS_POWER_OFF    0u
#define SYS_POWER_RESET  1u

#define SYS_LOG_MAX      256u   /* longest line SYS_LOG takes */
/* Most bytes one SYS_NS_CACHE maintains (it runs under the kernel lock, a
 * line at a time): a larger range is several calls. */
#define SYS_NS_CACHE_MAX 0x10000u
#define SYS_CONSOLE_MAX  256u   /* most bytes one SYS_CONSOLE_* call moves */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* One answer of the fast path: an SMC with r0 = id (and, with
 * SYS_FASTPATH_MATCH_A1, r1 = a1) gets r0-r3 = r[] from the kernel. */
struct sys_fastpath_entry {
	uint32_t id;
	uint32_t flags;
	uint32_t a1;
	uint32_t r[4];
};

enum sys_kinfo {
	KINFO_NCPUS = 0,
	KINFO_FAULTS = 1,        /* component faults since boot */
	/* 2, 3: the test image's (include/tzvmm/test/kinfo.h) */
	KINFO_EXITS = 4,         /* normal-world exits since boot, all vCPUs */
	KINFO_FIQ_EXITS = 5,
	KINFO_NS_RAM_BASE = 6,
	KINFO_NS_RAM_SIZE = 7,
	KINFO_TIMER_HZ = 8,      /* ticks per second of SYS_TIMER (the generic timer) */
	KINFO_UNEXPECTED_IRQS = 9,   /* secure interrupts nobody handles */
	KINFO_IDLE_WAKEUPS = 10,     /* idle-loop wake-ups, all CPUs */
	KINFO_IRQ_DELIVERED = 11,    /* granted interrupts signalled to components */
	KINFO_FAST_ANSWERS = 12,     /* SMCs the kernel's fast path answered */
	/* 13-15: the test image's (include/tzvmm/test/kinfo.h) */
	/* The generic counter (KINFO_TIMER_HZ ticks a second): its low word,
	 * for measuring short intervals, and milliseconds since it started. */
	KINFO_TICKS_LO = 16,
	KINFO_UPTIME_MS = 17,
	/* CPUs running the kernel; until it is KINFO_NCPUS, a CPU may still
	 * execute the board's boot code (on QEMU virt: from the secure flash). */
	KINFO_CPUS_ONLINE = 18,
	/* The first of the SPIs the board reserves for the normal world's
	 * para-virtual devices (SYS_IRQ_INJECT), and how many there are. */
	KINFO_PV_IRQ_FIRST = 19,
	KINFO_PV_IRQ_COUNT = 20,
	KINFO_RESTARTS = 21,         /* components restarted from their image */
	/* The board's boot files: 0 = QEMU's fw_cfg registers at
	 * COMPONENT_VA_FWCFG; else the size of the blob at COMPONENT_VA_BOOTFILES. */
	KINFO_BOOT_FILES = 22,
	KINFO_COUNT
};
#endif

#endif
