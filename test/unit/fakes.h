/*
 * What the fakes (fake_arch.c, fake_kernel.c, fake_ulib.c, fake_fwcfg.c)
 * record and what tests script through them. fake_reset() clears all of
 * it, the kernel object and vmm_config before every test.
 */
#ifndef TEST_UNIT_FAKES_H
#define TEST_UNIT_FAKES_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tzvmm/syscall.h>
#include <tzvmm/vcpu_state.h>

struct cpu;
struct thread;
struct fake_fw;

/* The arch stand-ins (test/unit/include/arch/): "this CPU" and the count
 * of spinlock misuses. */
extern struct cpu *fake_this_cpu;
extern unsigned fake_lock_errors;

/*
 * Functions that never return on the target (kernel_panic, kernel_power,
 * sched_dispatch, vmm_fail) record their call and longjmp here. A test
 * runs code that may end in one with ESCAPES(stmt, flag): flag is true if
 * stmt left through such a call, false if it returned. A noreturn fake
 * reached outside ESCAPES fails the test.
 */
extern jmp_buf fake_escape;
extern volatile bool fake_escape_armed;
#define ESCAPES(stmt, flag)                                                    \
	do {                                                                   \
		fake_escape_armed = true;                                      \
		if (setjmp(fake_escape) == 0) {                                \
			stmt;                                                  \
			(flag) = false;                                        \
		} else {                                                       \
			(flag) = true;                                         \
		}                                                              \
		fake_escape_armed = false;                                     \
	} while (0)
void fake_escape_now(const char *who) __attribute__((noreturn));
/* The normal world's banked CP15 registers behind arch_ns_cp15 (fake_arch.c). */
extern uint32_t fake_ns_cp15[];

/* One recorded system call of the VMM (ulib/sys.h stand-in). */
struct fake_sys_rec {
	uint32_t nr;
	uint32_t a[4];
};

#define FAKE_LOG_LINES 48
#define FAKE_LOG_LEN   400
#define FAKE_MAX_REC   32

/* kernel_kinfo() of the fake kernel: a distinct value per figure. */
#define FAKE_KINFO(which) (0x1000u + (uint32_t)(which))

struct fake_state {
	/* Kernel side. */
	unsigned wakes;                     /* sched_wake_cpu calls */
	unsigned wake_cpu[FAKE_MAX_REC];
	unsigned thread_enters;             /* arch_thread_enter calls */
	unsigned aspace_switches;           /* arch_aspace_switch calls */
	uint8_t console_out[4096];          /* SYS_CONSOLE_WRITE's bytes */
	size_t console_out_len;
	bool console_full;                  /* the log's ring refuses console bytes */
	size_t console_room;                /* if not 0: SYS_CONSOLE_WRITE takes
					       this many bytes in all, then 0 */
	size_t console_cut;                 /* if not 0: log_fill copies at most
					       this many at a time (an FIQ came) */
	bool console_locked;                /* kernel lock held in a log_fill */
	unsigned log_fills;                 /* log_fill calls */
	unsigned fiq_at_poll;               /* the preemption point (1st, 2nd...) finding an FIQ */
	unsigned fiq_polls;                 /* preemption points passed */
	bool fiq_at_entry;                  /* the first log_fill finds an FIQ waiting */
	unsigned log_flushes;               /* log_flush calls */
	const char *console_in;             /* what SYS_CONSOLE_READ gives */
	size_t console_in_len;
	void *thread_ctx;                   /* its struct arch_context */
	bool enter_locked;                  /* kernel lock held when entered */
	unsigned dispatches;                /* sched_dispatch calls */
	struct cpu *dispatch_cpu;
	bool dispatch_locked;               /* kernel lock held when entered */
	unsigned powers;                    /* kernel_power calls */
	uint32_t power_how;
	int32_t power_status;
	unsigned panics;                    /* kernel_panic calls */
	char panic_what[128];
	uint64_t timer_now;                 /* what plat_timer_now returns */
	uint32_t irq_masked;                /* plat_irq_mask/unmask: bit per INTID < 32 */
	uint32_t injected;                  /* plat_irq_inject: the last INTID */
	unsigned injections;
	uint32_t cache_va, cache_len;       /* arch_dcache_clean_inval: the last range */
	unsigned cache_ops;
	unsigned irq_unmasks;
	unsigned timer_programs;            /* plat_timer_program calls */
	uint64_t timer_deadline;            /* the last deadline programmed */
	unsigned timer_stops;               /* plat_timer_stop calls */
	bool timer_running;                 /* programmed, not stopped since */
	unsigned irqs;                      /* irq_handle_pending calls */
	struct thread *irq_wakes;           /* made runnable by the next one (a timer) */
	struct cpu *irq_cpu;
	unsigned restarts;                  /* component_restart_thread calls */
	struct thread *restart_thread;
	uint32_t fault_status, fault_address;   /* what arch_fault_* report */
	unsigned vcpu_enters;               /* arch_vcpu_enter calls */
	struct vcpu_state *vcpu_enter_state;
	uint32_t vcpu_enter_cpsr;
	unsigned idle_waits;                /* arch_wait_for_interrupt calls */

	/* VMM side. */
	unsigned sys_calls;
	struct fake_sys_rec sys[FAKE_MAX_REC];
	int32_t sys_ret[SYS_COUNT];         /* result per call number ... */
	uint32_t sys_r1;                    /* r1 of a call that returns it */
	int32_t (*sys_hook)(uint32_t nr, const uint32_t a[4]);   /* ... or this */
	unsigned fails;                     /* vmm_fail calls */
	int fail_status;
	char fail_msg[256];

	/* fw_cfg DMA (fwcfg_mmio_dma_read): absent unless dma_fw is set, then
	 * it copies from that fake device's files, or fails if dma_error. */
	struct fake_fw *dma_fw;
	bool dma_error;
	unsigned dmas;
	uintptr_t dma_base, dma_desc;
	uint16_t dma_key;
	uint32_t dma_dst, dma_len;

	/* Log lines: kernel lines as the secure UART shows them
	 * ("[kernel] ...", "[comp] ..."), VMM ulog lines as formatted. */
	unsigned log_lines;
	char log[FAKE_LOG_LINES][FAKE_LOG_LEN];
};

extern struct fake_state fake;

/* The vCPU state blocks vmm_vcpu_state(i) hands the VMM. */
#define FAKE_VCPUS 8
extern struct vcpu_state fake_vcpu_states[FAKE_VCPUS];

void fake_reset(void);
void fake_log_add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* True if some captured log line contains s. */
bool fake_log_has(const char *s);
/* Number of recorded VMM system calls with number nr; the nth of them. */
unsigned fake_sys_count(uint32_t nr);
const struct fake_sys_rec *fake_sys_nth(uint32_t nr, unsigned nth);

/*
 * A fake fw_cfg device behind a struct fwcfg_port: a signature, a RAM
 * size and a file directory built exactly as QEMU lays it out (be32
 * count, then 64-byte entries: be32 size, be16 key, be16 reserved,
 * name[56]). `filler` unnamed entries come before the real files;
 * `count_override` (if non-zero) replaces the directory's count field.
 */
#define FAKE_FW_FILES 8
struct fake_fw_file {
	char name[64];          /* copied into the 56-byte field, may be unterminated */
	const void *data;
	uint32_t size;          /* directory size; data holds at least this */
	uint16_t key;
};

struct fake_fw {
	char signature[4];
	uint64_t ram_size;
	struct fake_fw_file files[FAKE_FW_FILES];
	unsigned nfiles;
	unsigned filler;
	uint32_t count_override;
	/* Device state and what was read. */
	uint16_t key;
	size_t off;
	const uint8_t *blob;    /* bytes behind the selected key */
	size_t blob_len;
	uint8_t buf[4 + 4100 * 64];   /* directory, signature, RAM size */
	unsigned selects;
	size_t dir_bytes_read;
	size_t file_bytes_read[FAKE_FW_FILES];   /* through the data register */
};

struct fwcfg_port;
void fake_fw_init(struct fake_fw *fw, struct fwcfg_port *port);
/* Adds a file; returns its selector key. */
uint16_t fake_fw_add(struct fake_fw *fw, const char *name, const void *data, uint32_t size);
uint16_t fake_fw_add_str(struct fake_fw *fw, const char *name, const char *text);

#endif
