/*
 * System-call decoding (kernel/syscall.c): every argument a component
 * passes is checked before the kernel acts, a bad one is an error code
 * that changes nothing, and kernel_syscall() writes r0 only for a caller
 * that is still runnable. kernel/vcpu.c is linked for SYS_WAIT/VCPU_*.
 */
#include <string.h>
#include <tzvmm/component_layout.h>
#include "component.h"
#include "kernel.h"
#include "log.h"
#include "kernel_lock.h"
#include "syscall_decode.h"
#include "unit.h"

#define TEXT_VA  0x00100000u   /* RX page, followed directly by ... */
#define DATA_VA  0x00101000u   /* ... a RW page */
#define NS_VA    0x80000000u
#define TOP_VA   0xfff00000u   /* RW, up to the end of the address space */
#define PEER_BITS 0x0000000fu

static struct component_desc desc, peer_desc;
static struct vcpu_state states[2];
static struct component *comp;
static struct thread *self, *peer;

static void add_region(struct component *c, uint32_t va, uint32_t size, enum region_perm perm)
{
	c->as.regions[c->as.nregions++] = (struct region){ va, va, size, perm };
}

/*
 * Component 0 ("vmm", thread `self` on CPU 0) holds caps 0 and 1 (the two
 * vCPUs) and cap 2 (signal bits PEER_BITS of `peer`, thread 0 of component
 * 1 on CPU 1). Its memory: text, data, fw_cfg registers, normal RAM.
 */
static void fixture(void)
{
	kernel.ncpus = 2;
	kernel.ncomponents = 2;
	kernel.nthreads = 2;
	desc = (struct component_desc){ .name = "vmm" };
	peer_desc = (struct component_desc){ .name = "probe" };
	comp = &kernel.components[0];
	comp->desc = &desc;
	comp->rights = RIGHT_POWER | RIGHT_KINFO;
	kernel.components[1].desc = &peer_desc;
	add_region(comp, TEXT_VA, 0x1000, REGION_RX);
	add_region(comp, DATA_VA, 0x1000, REGION_RW);
	add_region(comp, COMPONENT_VA_FWCFG, 0x1000, REGION_DEVICE);
	add_region(comp, NS_VA, 0x10000000, REGION_NS_RW);
	add_region(comp, TOP_VA, 0x100000, REGION_RW);

	self = &kernel.threads[0];
	peer = &kernel.threads[1];
	*self = (struct thread){ .comp = comp, .index = 0, .cpu = 0, .cpu_bit = 1,
				 .state = THREAD_RUNNABLE };
	*peer = (struct thread){ .comp = &kernel.components[1], .index = 0, .cpu = 1,
				 .cpu_bit = 1, .state = THREAD_RUNNABLE };
	for (unsigned i = 0; i < 2; i++) {
		kernel.cpus[i].id = i;
		kernel.cpus[i].threads[0] = &kernel.threads[i];
		kernel.cpus[i].nthreads = 1;
		kernel.cpus[i].runnable = 1;
		kernel.cpus[i].vcpu = &kernel.vcpus[i];
		kernel.vcpus[i] = (struct vcpu){ .state = &states[i], .cpu = i, .run = VCPU_PAUSED,
						 .handler = self, .exit_bits = 1, .entered = true };
		comp->caps[i] = (struct cap){ .kind = CAP_VCPU, .vcpu = &kernel.vcpus[i] };
	}
	comp->caps[2] = (struct cap){ .kind = CAP_SIGNAL, .target = peer, .bits = PEER_BITS };
	comp->ncaps = 3;
	/* A cap slot beyond ncaps must never be reachable. */
	comp->caps[3] = (struct cap){ .kind = CAP_SIGNAL, .target = peer, .bits = ~0u };
	comp->caps[4] = (struct cap){ .kind = CAP_VCPU, .vcpu = &kernel.vcpus[0] };
}

/* A call as kernel_syscall makes it: under the kernel lock, which it
 * holds again when the call returns. */
static int32_t sys(uint32_t nr, uint32_t a0, uint32_t a1)
{
	const uint32_t args[4] = { a0, a1, 0xdead0003u, 0xdead0004u };

	kernel_lock();
	int32_t r = syscall_invoke(self, nr, args);

	assert_true(kernel.lock.locked);
	kernel_unlock();
	return r;
}

static void test_sys_unknown_numbers(void **state)
{
	/* 4 is a hole in the table (it was SYS_VCPU_PAUSE). */
	static const uint32_t nrs[] = { 4, SYS_COUNT, SYS_COUNT + 1, 0x100, 0x80000000u,
					0xffffffffu };

	(void)state;
	fixture();
	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
		assert_int_equal(sys(nrs[i], 0, 0), -SYS_ENOSYS);
	assert_int_equal(fake.log_lines, 0);
}

static void test_sys_cap_lookup(void **state)
{
	(void)state;
	fixture();
	assert_ptr_equal(syscall_cap(comp, 0, CAP_VCPU), &comp->caps[0]);
	assert_ptr_equal(syscall_cap(comp, 2, CAP_SIGNAL), &comp->caps[2]);
	assert_null(syscall_cap(comp, 2, CAP_VCPU));    /* wrong kind */
	assert_null(syscall_cap(comp, 0, CAP_SIGNAL));
	assert_null(syscall_cap(comp, 3, CAP_SIGNAL));  /* filled slot, but >= ncaps */
	assert_null(syscall_cap(comp, 4, CAP_VCPU));
	assert_null(syscall_cap(comp, COMPONENT_MAX_CAPS, CAP_VCPU));
	assert_null(syscall_cap(comp, 0xffffffffu, CAP_VCPU));
}

static void test_sys_log_too_long(void **state)
{
	(void)state;
	fixture();
	assert_int_equal(sys(SYS_LOG, DATA_VA, SYS_LOG_MAX + 1), -SYS_EINVAL);
	assert_int_equal(sys(SYS_LOG, DATA_VA, 0xffffffffu), -SYS_EINVAL);
	assert_int_equal(fake.log_lines, 0);
}

/* Buffers the component does not own, or may not hand to the kernel. */
static void test_sys_log_bad_buffers(void **state)
{
	static const uint32_t bad[][2] = {
		{ 0x00000000u, 16 },               /* unmapped */
		{ 0x00200000u, 16 },               /* unmapped (stack area, no region) */
		{ TEXT_VA - 8, 16 },               /* starts before the text */
		{ DATA_VA - 8, 16 },               /* spans text and data */
		{ DATA_VA + 0x1000 - 8, 16 },      /* runs off the end of data */
		{ COMPONENT_VA_FWCFG, 8 },         /* device registers */
		{ NS_VA + 0x1000, 64 },            /* normal-world RAM */
		{ 0xffffff80u, 0x100 },            /* va + len wraps */
		{ 0xffffffffu, 2 },
	};

	(void)state;
	fixture();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(sys(SYS_LOG, bad[i][0], bad[i][1]), -SYS_EFAULT);
	assert_int_equal(fake.log_lines, 0);
	/* Length 0 needs no buffer and writes nothing. */
	assert_int_equal(sys(SYS_LOG, 0, 0), 0);
	assert_int_equal(fake.log_lines, 0);
}

/* A good buffer (read-only memory is fine to log from) becomes one line
 * prefixed with the component's name. */
static void test_sys_log_writes_line(void **state)
{
	uint8_t *mem = unit_low_mem();

	(void)state;
	UNIT_REQUIRE(mem);
	fixture();
	add_region(comp, unit_u32(mem), 0x1000, REGION_RO);
	memcpy(mem + 0x100, "hello from vmm", 14);
	assert_int_equal(sys(SYS_LOG, unit_u32(mem) + 0x100, 14), 0);
	assert_int_equal(fake.log_lines, 1);
	assert_string_equal(fake.log[0], "[vmm] hello from vmm");
	/* Exactly SYS_LOG_MAX bytes is allowed; one more byte of region is not. */
	memset(mem + 0x200, 'x', SYS_LOG_MAX);
	assert_int_equal(sys(SYS_LOG, unit_u32(mem) + 0x200, SYS_LOG_MAX), 0);
	assert_int_equal(strlen(fake.log[1]), strlen("[vmm] ") + SYS_LOG_MAX);
	assert_int_equal(sys(SYS_LOG, unit_u32(mem) + 0x1000 - 4, 5), -SYS_EFAULT);
	assert_int_equal(fake.log_lines, 2);
	/* The text is copied outside the kernel lock; FIQs that come
	 * meanwhile are handled at once, and the line stays whole. */
	assert_false(fake.console_locked);
	fake.console_cut = 100;
	assert_int_equal(sys(SYS_LOG, unit_u32(mem) + 0x200, SYS_LOG_MAX), 0);
	assert_int_equal(fake.irqs, 2);
	assert_string_equal(fake.log[2], fake.log[1]);
}

/* The name in the prefix is cut at 16 characters (prefix buffer bound). */
static void test_sys_log_long_name(void **state)
{
	uint8_t *mem = unit_low_mem();

	(void)state;
	UNIT_REQUIRE(mem);
	fixture();
	desc.name = "a-component-with-a-very-long-name";
	add_region(comp, unit_u32(mem), 0x1000, REGION_RW);
	mem[0] = 'x';
	assert_int_equal(sys(SYS_LOG, unit_u32(mem), 1), 0);
	assert_string_equal(fake.log[0], "[a-component-with] x");
}

/* SYS_CONSOLE_WRITE/READ: the console right, a length of at most
 * SYS_CONSOLE_MAX, a buffer in the caller's memory (writable to read
 * into); bytes go to the log as they are (its filter marks them on the
 * way out, test_log.c), or none when its ring is full (0), and come in as
 * the UART has them. */
static void test_sys_console(void **state)
{
	uint8_t *mem = unit_low_mem();
	uint32_t ro, rw;

	(void)state;
	UNIT_REQUIRE(mem);
	fixture();
	add_region(comp, unit_u32(mem), 0x1000, REGION_RO);
	add_region(comp, unit_u32(mem) + 0x1000, 0x1000, REGION_RW);
	ro = unit_u32(mem);
	rw = ro + 0x1000;
	memcpy(mem, "\x1b[1mhi\n", 7);
	assert_int_equal(sys(SYS_CONSOLE_WRITE, ro, 7), -SYS_EPERM);   /* no right */
	comp->rights |= RIGHT_CONSOLE;
	assert_int_equal(sys(SYS_CONSOLE_WRITE, ro, 7), 7);
	assert_string_equal(fake.log[0], "console: \x1b[1mhi\n");
	assert_int_equal(sys(SYS_CONSOLE_WRITE, ro, 0), 0);
	assert_int_equal(sys(SYS_CONSOLE_WRITE, ro, SYS_CONSOLE_MAX + 1), -SYS_EINVAL);
	assert_int_equal(sys(SYS_CONSOLE_WRITE, ro + 0x2000 - 4, 5), -SYS_EFAULT);
	assert_int_equal(fake.log_lines, 1);
	/* The copy, the part the normal world sizes, is made outside the
	 * kernel lock. */
	assert_false(fake.console_locked);
	assert_int_equal(fake.irqs, 0);
	/* An FIQ came after four bytes: handled at once, under the lock,
	 * then the copy went on; one record, whole. */
	fake.console_cut = 4;
	fake.log_fills = 0;
	assert_int_equal(sys(SYS_CONSOLE_WRITE, ro, 7), 7);
	assert_string_equal(fake.log[1], "console: \x1b[1mhi\n");
	assert_int_equal(fake.irqs, 1);
	assert_int_equal(fake.log_fills, 2);
	assert_false(fake.console_locked);
	/* One came on the call's way in: handled first, then all copied. */
	fake.console_cut = 0;
	fake.log_fills = 0;
	fake.fiq_at_entry = true;
	assert_int_equal(sys(SYS_CONSOLE_WRITE, ro, 7), 7);
	assert_int_equal(fake.irqs, 2);
	assert_int_equal(fake.log_fills, 2);
	assert_string_equal(fake.log[2], "console: \x1b[1mhi\n");
	fake.fiq_at_entry = false;
	fake.console_full = true;   /* the log's ring: dropped, nothing written */
	assert_int_equal(sys(SYS_CONSOLE_WRITE, ro, 7), 0);
	assert_int_equal(fake.log_lines, 3);
	assert_int_equal(fake.irqs, 2);
	fake.console_in = "ls\r";
	fake.console_in_len = 3;
	assert_int_equal(sys(SYS_CONSOLE_READ, ro, 8), -SYS_EFAULT);   /* read-only */
	assert_int_equal(sys(SYS_CONSOLE_READ, rw, 2), 2);
	assert_memory_equal(mem + 0x1000, "ls", 2);
	assert_int_equal(sys(SYS_CONSOLE_READ, rw, 8), 1);
	assert_int_equal(sys(SYS_CONSOLE_READ, rw, 8), 0);   /* nothing waiting */
	comp->rights &= ~RIGHT_CONSOLE;
	assert_int_equal(sys(SYS_CONSOLE_READ, rw, 8), -SYS_EPERM);
}

static void test_sys_signal_bad_cap(void **state)
{
	(void)state;
	fixture();
	assert_int_equal(sys(SYS_SIGNAL, 0, 1), -SYS_ECAP);   /* a vCPU cap */
	assert_int_equal(sys(SYS_SIGNAL, 1, 1), -SYS_ECAP);
	assert_int_equal(sys(SYS_SIGNAL, 3, 1), -SYS_ECAP);   /* beyond ncaps */
	assert_int_equal(sys(SYS_SIGNAL, COMPONENT_MAX_CAPS, 1), -SYS_ECAP);
	assert_int_equal(sys(SYS_SIGNAL, 0xffffffffu, 1), -SYS_ECAP);
	assert_int_equal(peer->pending, 0);
}

/* A this-CPU signal cap (`cap NAME signal COMP.cpu BITS`): the target is
 * that per-CPU component's thread on the signaller's CPU. */
static void test_sys_signal_this_cpu(void **state)
{
	struct thread *peer0 = &kernel.threads[2];

	(void)state;
	fixture();
	*peer0 = (struct thread){ .comp = &kernel.components[1], .index = 1, .cpu = 0,
				  .state = THREAD_BLOCKED };
	kernel.nthreads = 3;
	kernel.ncomponents = 2;
	peer->index = 1;   /* thread 1 of the peer runs on CPU 1 ... */
	peer0->index = 0;  /* ... thread 0 on CPU 0, ours */
	comp->caps[2] = (struct cap){ .kind = CAP_SIGNAL, .per_cpu = &kernel.components[1],
				      .bits = PEER_BITS };
	assert_int_equal(sys(SYS_SIGNAL, 2, PEER_BITS & -PEER_BITS), 0);
	assert_int_equal(peer0->pending, PEER_BITS & -PEER_BITS);
	assert_int_equal(peer->pending, 0);
	self->cpu = 1;   /* from CPU 1: thread 1 */
	assert_int_equal(sys(SYS_SIGNAL, 2, PEER_BITS & -PEER_BITS), 0);
	assert_int_equal(peer->pending, PEER_BITS & -PEER_BITS);
	self->cpu = 5;   /* a CPU where the component has no thread */
	assert_int_equal(sys(SYS_SIGNAL, 2, PEER_BITS & -PEER_BITS), -SYS_ESTATE);
	assert_int_equal(sys(SYS_SIGNAL, 2, ~PEER_BITS), -SYS_EINVAL);
}

static void test_sys_signal_bad_bits(void **state)
{
	(void)state;
	fixture();
	assert_int_equal(sys(SYS_SIGNAL, 2, 0), -SYS_EINVAL);
	assert_int_equal(sys(SYS_SIGNAL, 2, 0x10), -SYS_EINVAL);
	assert_int_equal(sys(SYS_SIGNAL, 2, PEER_BITS | 0x80000000u), -SYS_EINVAL);
	assert_int_equal(sys(SYS_SIGNAL, 2, 0xffffffffu), -SYS_EINVAL);
	assert_int_equal(peer->pending, 0);
	assert_int_equal(fake.wakes, 0);
}

static void test_sys_signal_delivers(void **state)
{
	(void)state;
	fixture();
	assert_int_equal(sys(SYS_SIGNAL, 2, 0x3), 0);
	assert_int_equal(peer->pending, 0x3);
	/* A blocked target waiting for one of the bits wakes on its CPU. */
	peer->pending = 0;
	peer->wait_mask = 0x4;
	peer->state = THREAD_BLOCKED;
	kernel.cpus[1].runnable = 0;
	assert_int_equal(sys(SYS_SIGNAL, 2, PEER_BITS), 0);
	assert_int_equal(peer->state, THREAD_RUNNABLE);
	assert_int_equal(peer->ctx.r[0], 0x4);
	assert_int_equal(peer->pending, PEER_BITS & ~0x4u);
	assert_int_equal(kernel.cpus[1].runnable, 1);
	assert_int_equal(fake.wakes, 1);
	assert_int_equal(fake.wake_cpu[0], 1);
}

static void test_sys_wait_zero_mask(void **state)
{
	(void)state;
	fixture();
	assert_int_equal(sys(SYS_WAIT, 0, 0), -SYS_EINVAL);
	/* Nothing happened: the vCPU was not resumed, the thread runs on. */
	assert_int_equal(kernel.vcpus[0].run, VCPU_PAUSED);
	assert_int_equal(self->state, THREAD_RUNNABLE);
	assert_int_equal(fake.wakes, 0);
}

static void test_sys_wait_bad_vcpu(void **state)
{
	(void)state;
	fixture();
	assert_int_equal(sys(SYS_WAIT, 1, 2), -SYS_ECAP);    /* a signal cap */
	assert_int_equal(sys(SYS_WAIT, 1, 4), -SYS_ECAP);    /* beyond ncaps */
	assert_int_equal(sys(SYS_WAIT, 1, 0xfffffffeu), -SYS_ECAP);
	assert_int_equal(self->state, THREAD_RUNNABLE);
	assert_int_equal(kernel.vcpus[0].run, VCPU_PAUSED);
	/* A vCPU that is already running cannot be resumed: error, no wait. */
	kernel.vcpus[1].run = VCPU_RUNNABLE;
	assert_int_equal(sys(SYS_WAIT, 1, 1), -SYS_ESTATE);
	assert_int_equal(self->state, THREAD_RUNNABLE);
	assert_int_equal(fake.wakes, 0);
}

static void test_sys_wait_pending(void **state)
{
	(void)state;
	fixture();
	self->pending = 0x5;
	assert_int_equal(sys(SYS_WAIT, 0x1 | 0x2, SYS_NO_VCPU), 0x1);
	assert_int_equal(self->pending, 0x4);
	assert_int_equal(self->state, THREAD_RUNNABLE);
	assert_int_equal(kernel.cpus[0].runnable, 1);
}

static void test_sys_wait_blocks(void **state)
{
	(void)state;
	fixture();
	self->pending = 0x4;
	assert_int_equal(sys(SYS_WAIT, 0x3, SYS_NO_VCPU), 0);
	assert_int_equal(self->state, THREAD_BLOCKED);
	assert_int_equal(self->wait_mask, 0x3);
	assert_int_equal(self->pending, 0x4);
	assert_int_equal(kernel.cpus[0].runnable, 0);
}

/* SYS_WAIT with a vCPU resumes it, then waits. */
static void test_sys_wait_resumes_vcpu(void **state)
{
	(void)state;
	fixture();
	assert_int_equal(sys(SYS_WAIT, 0x1, 1), 0);
	assert_int_equal(kernel.vcpus[1].run, VCPU_RUNNABLE);
	assert_int_equal(fake.wakes, 1);
	assert_int_equal(fake.wake_cpu[0], 1);
	assert_int_equal(self->state, THREAD_BLOCKED);
}

static void test_sys_vcpu_run(void **state)
{
	(void)state;
	fixture();
	assert_int_equal(sys(SYS_VCPU_RUN, 2, 0), -SYS_ECAP);
	assert_int_equal(sys(SYS_VCPU_RUN, 3, 0), -SYS_ECAP);
	assert_int_equal(sys(SYS_VCPU_RUN, 0xffffffffu, 0), -SYS_ECAP);
	assert_int_equal(kernel.vcpus[0].run, VCPU_PAUSED);
	assert_int_equal(sys(SYS_VCPU_RUN, 0, 0), 0);
	assert_int_equal(kernel.vcpus[0].run, VCPU_RUNNABLE);
	assert_int_equal(sys(SYS_VCPU_RUN, 0, 0), -SYS_ESTATE);
}

static int32_t vcpu_reg(uint32_t cap, uint32_t reg, uint32_t write, uint32_t value)
{
	const uint32_t args[4] = { cap, reg, write, value };

	self->ctx.r[1] = 0xdeadbeefu;
	return syscall_invoke(self, SYS_VCPU_REG, args);
}

/* SYS_VCPU_REG: the right, a vCPU cap of this CPU, a known register and the
 * write whitelist; the value comes back in r1. */
static void test_sys_vcpu_reg(void **state)
{
	(void)state;
	fixture();
	fake_ns_cp15[SYS_NS_REG_TTBR0] = 0x4000406au;
	assert_int_equal(vcpu_reg(0, SYS_NS_REG_TTBR0, 0, 0), -SYS_EPERM);   /* no right */
	comp->rights |= RIGHT_VCPU_REGS;
	assert_int_equal(vcpu_reg(0, SYS_NS_REG_TTBR0, 0, 0), 0);
	assert_int_equal(self->ctx.r[1], 0x4000406au);
	assert_int_equal(vcpu_reg(1, SYS_NS_REG_TTBR0, 0, 0), -SYS_EINVAL);  /* vCPU 1: CPU 1 */
	assert_int_equal(vcpu_reg(2, SYS_NS_REG_TTBR0, 0, 0), -SYS_ECAP);    /* a signal cap */
	assert_int_equal(vcpu_reg(3, SYS_NS_REG_TTBR0, 0, 0), -SYS_ECAP);
	assert_int_equal(vcpu_reg(0, SYS_NS_REG_COUNT, 0, 0), -SYS_EINVAL);
	assert_int_equal(vcpu_reg(0, 0xffffffffu, 0, 0), -SYS_EINVAL);
	assert_int_equal(vcpu_reg(0, SYS_NS_REG_TTBR0, 2, 0), -SYS_EINVAL);
	/* A vCPU that has not run since boot or its VMM's restart: the CPU
	 * holds no guest registers (or a dead guest's). */
	kernel.vcpus[0].entered = false;
	assert_int_equal(vcpu_reg(0, SYS_NS_REG_TTBR0, 0, 0), -SYS_ESTATE);
	kernel.vcpus[0].entered = true;
	assert_int_equal(self->ctx.r[1], 0xdeadbeefu);   /* untouched on refusal */
	/* Writes: the whitelist only; the MMU's registers never. */
	assert_int_equal(vcpu_reg(0, SYS_NS_REG_DFAR, 1, 0x12345678u), 0);
	assert_int_equal(fake_ns_cp15[SYS_NS_REG_DFAR], 0x12345678u);
	assert_int_equal(self->ctx.r[1], 0x12345678u);
	/* Spelled out here, not taken from SYS_NS_REG_WRITABLE: a whitelist
	 * that grew by one of the MMU's registers must fail this test. */
	static const struct {
		uint32_t reg;
		bool writable;
	} expect[SYS_NS_REG_COUNT] = {
		{ SYS_NS_REG_SCTLR, false }, { SYS_NS_REG_TTBR0, false },
		{ SYS_NS_REG_TTBR1, false }, { SYS_NS_REG_TTBCR, false },
		{ SYS_NS_REG_DACR, false },  { SYS_NS_REG_DFSR, true },
		{ SYS_NS_REG_IFSR, true },   { SYS_NS_REG_DFAR, true },
		{ SYS_NS_REG_IFAR, true },   { SYS_NS_REG_CONTEXTIDR, true },
		{ SYS_NS_REG_VBAR, true },
	};
	for (uint32_t i = 0; i < SYS_NS_REG_COUNT; i++) {
		uint32_t reg = expect[i].reg, before = fake_ns_cp15[reg];

		if (expect[i].writable) {
			assert_int_equal(vcpu_reg(0, reg, 1, 0x600du + i), 0);
			assert_int_equal(fake_ns_cp15[reg], 0x600du + i);
		} else {
			assert_int_equal(vcpu_reg(0, reg, 1, 1u), -SYS_EPERM);
			assert_int_equal(fake_ns_cp15[reg], before);
		}
	}
	assert_int_equal(fake_ns_cp15[SYS_NS_REG_TTBR0], 0x4000406au);
}

/* An observer's vCPU caps (component.conf `vcpus observe`): banked
 * registers may be read, nothing else: no write, no run, no wait on it. */
static void test_observe_cap_reads_only(void **state)
{
	(void)state;
	fixture();
	comp->caps[0] = (struct cap){ .kind = CAP_VCPU_OBSERVE, .vcpu = &kernel.vcpus[0] };
	comp->rights |= RIGHT_VCPU_REGS;
	fake_ns_cp15[SYS_NS_REG_TTBR1] = 0x40204059u;
	assert_int_equal(vcpu_reg(0, SYS_NS_REG_TTBR1, 0, 0), 0);
	assert_int_equal(self->ctx.r[1], 0x40204059u);
	fake_ns_cp15[SYS_NS_REG_DFAR] = 0x1000u;
	assert_int_equal(vcpu_reg(0, SYS_NS_REG_DFAR, 1, 0x12345678u), -SYS_EPERM);
	assert_int_equal(fake_ns_cp15[SYS_NS_REG_DFAR], 0x1000u);
	assert_int_equal(self->ctx.r[1], 0xdeadbeefu);
	assert_int_equal(sys(SYS_VCPU_RUN, 0, 0), -SYS_ECAP);
	assert_int_equal(kernel.vcpus[0].run, VCPU_PAUSED);
	assert_int_equal(sys(SYS_WAIT, 1, 0), -SYS_ECAP);
	comp->rights &= ~RIGHT_VCPU_REGS;
	assert_int_equal(vcpu_reg(0, SYS_NS_REG_TTBR1, 0, 0), -SYS_EPERM);
}

/* SYS_IRQ_INJECT: the right, and only the SPIs the board reserves. */
static void test_sys_irq_inject(void **state)
{
	(void)state;
	fixture();
	assert_int_equal(sys(SYS_IRQ_INJECT, 272, 0), -SYS_EPERM);
	comp->rights |= RIGHT_IRQ_INJECT;
	for (uint32_t intid = 0; intid < 1024; intid++)
		if (intid < 272 || intid > 275)
			assert_int_equal(sys(SYS_IRQ_INJECT, intid, 0), -SYS_EINVAL);
	assert_int_equal(sys(SYS_IRQ_INJECT, 0xffffffffu, 0), -SYS_EINVAL);
	assert_int_equal(fake.injections, 0);
	assert_int_equal(sys(SYS_IRQ_INJECT, 275, 0), 0);
	assert_int_equal(fake.injected, 275);
	assert_int_equal(fake.injections, 1);
}

/* SYS_NS_CACHE: the right, normal RAM mapped, and a range inside it that
 * does not wrap. */
static void test_sys_ns_cache(void **state)
{
	static const uint32_t bad[][2] = {
		{ 0x40000000u, 0 }, { 0x3ffffff0u, 0x20 }, { 0x4ffffff0u, 0x20 },
		{ 0x50000000u, 1 }, { 0x40001000u, 0xfffff000u }, { 0xfffffff0u, 0x20 },
		{ 0x0e000000u, 0x1000 },
		{ 0x40000000u, SYS_NS_CACHE_MAX + 1u },   /* the work under the lock is bounded */
		{ 0x40000000u, 0x10000000u },
	};

	(void)state;
	fixture();
	assert_int_equal(sys(SYS_NS_CACHE, 0x40000000u, 0x1000), -SYS_EPERM);
	comp->rights |= RIGHT_NS_CACHE;
	assert_int_equal(sys(SYS_NS_CACHE, 0x40000000u, 0x1000), -SYS_EPERM);   /* not mapped */
	desc.flags |= COMP_NS_RAM;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(sys(SYS_NS_CACHE, bad[i][0], bad[i][1]), -SYS_EINVAL);
	assert_int_equal(fake.cache_ops, 0);
	assert_int_equal(sys(SYS_NS_CACHE, 0x4ffff000u, 0x1000), 0);   /* the last page */
	assert_int_equal(fake.cache_va, 0x4ffff000u);
	assert_int_equal(fake.cache_len, 0x1000);
	assert_int_equal(sys(SYS_NS_CACHE, 0x40000000u, SYS_NS_CACHE_MAX), 0);
	assert_int_equal(fake.cache_len, 0x10000u);   /* the bound, spelled out */
}

static void test_sys_timer_bounds(void **state)
{
	(void)state;
	fixture();
	fake.timer_now = 0x100000000ull;
	assert_int_equal(sys(SYS_TIMER, 0x80000000u, 1), -SYS_EINVAL);
	assert_int_equal(sys(SYS_TIMER, 0xffffffffu, 1), -SYS_EINVAL);
	assert_int_equal(sys(SYS_TIMER, 5, 0), -SYS_EINVAL);   /* would signal nothing */
	assert_int_equal(fake.timer_programs + fake.timer_stops, 0);
	assert_int_equal(self->timer_bits, 0);
	assert_int_equal(sys(SYS_TIMER, 0x7fffffffu, 0x2), 0);
	assert_int_equal(self->timer_bits, 0x2);
	assert_true(self->timer_deadline == 0x17fffffffull);
	assert_int_equal(fake.timer_programs, 1);
	assert_true(fake.timer_deadline == 0x17fffffffull);
	assert_int_equal(sys(SYS_TIMER, 0, 0), 0);   /* cancel */
	assert_int_equal(self->timer_bits, 0);
	assert_false(fake.timer_running);
}

/* Cancelling discards the bits of an armed timer and of an expiry not yet
 * taken, and leaves every other pending bit. */
static void test_sys_timer_cancel_discards(void **state)
{
	(void)state;
	fixture();
	assert_int_equal(sys(SYS_TIMER, 10, 0x2), 0);
	self->pending = 0x2 | 0x4 | 0x10;   /* 0x4: an expiry of an earlier timer */
	assert_int_equal(sys(SYS_TIMER, 0, 0x4), 0);
	assert_int_equal(self->pending, 0x10);
	assert_int_equal(self->timer_bits, 0);
}

static void test_sys_power_needs_right(void **state)
{
	bool escaped;

	(void)state;
	fixture();
	comp->rights = RIGHT_KINFO;
	ESCAPES(assert_int_equal(sys(SYS_POWER, SYS_POWER_OFF, 0), -SYS_EPERM), escaped);
	assert_false(escaped);
	/* The right is checked first, whatever the arguments. */
	ESCAPES(assert_int_equal(sys(SYS_POWER, 7, 0), -SYS_EPERM), escaped);
	assert_false(escaped);
	assert_int_equal(fake.powers, 0);
}

static void test_sys_power_bad_how(void **state)
{
	bool escaped;

	(void)state;
	fixture();
	ESCAPES(assert_int_equal(sys(SYS_POWER, 2, 0), -SYS_EINVAL), escaped);
	assert_false(escaped);
	ESCAPES(assert_int_equal(sys(SYS_POWER, 0xffffffffu, 0), -SYS_EINVAL), escaped);
	assert_false(escaped);
	assert_int_equal(fake.powers, 0);
}

static void test_sys_power_off_reset(void **state)
{
	bool escaped;

	(void)state;
	fixture();
	ESCAPES(sys(SYS_POWER, SYS_POWER_OFF, (uint32_t)-3), escaped);
	assert_true(escaped);
	kernel_unlock();   /* the call never returned to give it up */
	assert_int_equal(fake.powers, 1);
	assert_int_equal(fake.power_how, SYS_POWER_OFF);
	assert_int_equal(fake.power_status, -3);
	ESCAPES(sys(SYS_POWER, SYS_POWER_RESET, 0), escaped);
	assert_true(escaped);
	kernel_unlock();
	assert_int_equal(fake.power_how, SYS_POWER_RESET);
}

static void test_sys_kinfo(void **state)
{
	(void)state;
	fixture();
	assert_int_equal(sys(SYS_KINFO, KINFO_NCPUS, 0), FAKE_KINFO(KINFO_NCPUS));
	assert_int_equal(sys(SYS_KINFO, KINFO_COUNT - 1, 0), FAKE_KINFO(KINFO_COUNT - 1));
	assert_int_equal(sys(SYS_KINFO, KINFO_COUNT, 0), -SYS_EINVAL);
	assert_int_equal(sys(SYS_KINFO, 0xffffffffu, 0), -SYS_EINVAL);
	comp->rights = RIGHT_POWER;
	assert_int_equal(sys(SYS_KINFO, KINFO_NCPUS, 0), -SYS_EPERM);
}

static void test_sys_exit(void **state)
{
	(void)state;
	fixture();
	self->timer_bits = 0x8;
	assert_int_equal(sys(SYS_EXIT, (uint32_t)-2, 0), 0);
	assert_int_equal(self->state, THREAD_DEAD);
	assert_int_equal(self->timer_bits, 0);
	assert_int_equal(kernel.cpus[0].runnable, 0);
	assert_true(fake_log_has("component 'vmm' thread 0 exited with code -2"));
}

/* The VMM exiting ends the run, as a fault of it does (kernel/thread.c). */
static void test_sys_exit_essential(void **state)
{
	bool escaped;

	(void)state;
	fixture();
	desc.flags = COMP_ESSENTIAL;
	ESCAPES(sys(SYS_EXIT, 0, 0), escaped);
	assert_true(escaped);
	kernel_unlock();
	assert_int_equal(self->state, THREAD_DEAD);
	assert_int_equal(fake.powers, 1);
	assert_int_equal(fake.power_how, SYS_POWER_OFF);
	assert_int_equal(fake.power_status, KERNEL_STATUS_COMPONENT_DIED);
	assert_true(fake_log_has("component 'vmm' thread 0 exited with code 0"));
}

/* The kernel entry: result in r0 for a caller still runnable, r0 left
 * for the waker when the call blocked; dispatch with the lock held. */
static void test_kernel_syscall_entry(void **state)
{
	struct arch_context ctx = { .r = { SYS_KINFO, KINFO_FAULTS } };
	bool escaped;

	(void)state;
	fixture();
	kernel.cpus[0].current = self;
	ESCAPES(kernel_syscall(&ctx), escaped);
	assert_true(escaped);
	assert_int_equal(ctx.r[0], FAKE_KINFO(KINFO_FAULTS));
	assert_int_equal(fake.dispatches, 1);
	assert_ptr_equal(fake.dispatch_cpu, &kernel.cpus[0]);
	assert_true(fake.dispatch_locked);

	ctx = (struct arch_context){ .r = { SYS_WAIT, 0x1, SYS_NO_VCPU } };
	ESCAPES(kernel_syscall(&ctx), escaped);
	assert_true(escaped);
	assert_int_equal(self->state, THREAD_BLOCKED);
	assert_int_equal(ctx.r[0], SYS_WAIT);   /* untouched */

	self->state = THREAD_RUNNABLE;
	ctx = (struct arch_context){ .r = { 0x77 } };
	ESCAPES(kernel_syscall(&ctx), escaped);
	assert_int_equal(ctx.r[0], (uint32_t)-SYS_ENOSYS);
}

/* SYS_WAIT that resumes a vCPU, the VMM's answer to an exit: into the
 * normal world at once when nothing else is to be done here (no dispatch),
 * with the state the general path leaves; in every other case the general
 * path, and its result. */
/* The fixture again, within one test. */
static void refixture(void)
{
	memset(&kernel, 0, sizeof(kernel));
	fake_reset();
	fixture();
}

static int wait_fast(uint32_t mask, uint32_t cap, struct arch_context *ctx)
{
	bool escaped;

	*ctx = (struct arch_context){ .r = { SYS_WAIT, mask, cap } };
	kernel.cpus[0].current = self;
	fake.dispatches = 0;
	fake.vcpu_enters = 0;
	ESCAPES(kernel_syscall(ctx), escaped);
	assert_true(escaped);
	assert_false(kernel.lock.locked);
	assert_int_equal(fake.dispatches + fake.vcpu_enters, 1);
	return fake.vcpu_enters ? 1 : 0;
}

static void test_kernel_syscall_wait_fast_path(void **state)
{
	struct arch_context ctx;

	(void)state;
	refixture();
	self->pending = 0x4;
	kernel.vcpus[0].entered = false;   /* (its first entry: still the fast path) */
	assert_int_equal(wait_fast(0x3, 0, &ctx), 1);
	assert_ptr_equal(fake.vcpu_enter_state, &states[0]);
	assert_int_equal(kernel.vcpus[0].run, VCPU_RUNNABLE);
	assert_true(kernel.vcpus[0].entered);
	assert_true(kernel.cpus[0].vcpu_running);
	assert_null(kernel.cpus[0].current);
	assert_int_equal(self->state, THREAD_BLOCKED);
	assert_int_equal(self->wait_mask, 0x3);
	assert_int_equal(self->pending, 0x4);
	assert_int_equal(kernel.cpus[0].runnable, 0);
	assert_int_equal(ctx.r[0], SYS_WAIT);   /* the waker writes r0 */

	/* A signal in the mask waits: taken, as sys_wait does; the VMM runs on. */
	refixture();
	self->pending = 0x1;
	assert_int_equal(wait_fast(0x1, 0, &ctx), 0);
	assert_int_equal(ctx.r[0], 0x1);
	assert_int_equal(self->state, THREAD_RUNNABLE);
	assert_int_equal(kernel.vcpus[0].run, VCPU_RUNNABLE);
	/* Another thread of this CPU is runnable: the dispatcher chooses. */
	refixture();
	kernel.cpus[0].runnable |= 0x2;
	assert_int_equal(wait_fast(0x1, 0, &ctx), 0);
	assert_int_equal(self->state, THREAD_BLOCKED);
	assert_int_equal(kernel.vcpus[0].run, VCPU_RUNNABLE);
	/* Log output waits: the dispatcher writes it out first. */
	refixture();
	secure_log.work = 1;
	assert_int_equal(wait_fast(0x1, 0, &ctx), 0);
	assert_int_equal(kernel.vcpus[0].run, VCPU_RUNNABLE);
	secure_log.work = 0;
	/* Another CPU's vCPU: woken there. */
	refixture();
	assert_int_equal(wait_fast(0x1, 1, &ctx), 0);
	assert_int_equal(kernel.vcpus[1].run, VCPU_RUNNABLE);
	assert_int_equal(fake.wakes, 1);
	/* Refusals stay the general path's: already runnable, no mask, not a
	 * vCPU cap, a cap past ncaps. */
	refixture();
	kernel.vcpus[0].run = VCPU_RUNNABLE;
	assert_int_equal(wait_fast(0x1, 0, &ctx), 0);
	assert_int_equal(ctx.r[0], (uint32_t)-SYS_ESTATE);
	refixture();
	assert_int_equal(wait_fast(0, 0, &ctx), 0);
	assert_int_equal(ctx.r[0], (uint32_t)-SYS_EINVAL);
	assert_int_equal(wait_fast(0x1, 2, &ctx), 0);
	assert_int_equal(ctx.r[0], (uint32_t)-SYS_ECAP);
	assert_int_equal(wait_fast(0x1, 4, &ctx), 0);
	assert_int_equal(ctx.r[0], (uint32_t)-SYS_ECAP);
	assert_int_equal(kernel.vcpus[0].run, VCPU_PAUSED);
}

/* A secure interrupt that the SVC's way in kept waiting (vec_svc runs FIQ
 * masked) is handled at the fast path's one poll, the last point before
 * the normal world: the entry stops, the VMM waits, its vCPU is runnable,
 * and the dispatcher runs instead (the interrupt may have woken a thread).
 * The general path handles it before the call. Without those points the
 * interrupt waited for a round trip through the normal world. */
static void test_kernel_syscall_wait_preempted_by_an_fiq(void **state)
{
	struct thread woken = { .cpu = 0, .cpu_bit = 0x2, .state = THREAD_BLOCKED };
	struct arch_context ctx;

	(void)state;
	refixture();
	fake.fiq_at_poll = 1;   /* pending since the way in: vcpu_enter's poll */
	fake.irq_wakes = &woken;
	assert_int_equal(wait_fast(0x1, 0, &ctx), 0);
	assert_int_equal(fake.irqs, 1);
	assert_int_equal(fake.dispatches, 1);
	assert_true(fake.dispatch_locked);
	assert_int_equal(woken.state, THREAD_RUNNABLE);
	assert_false(kernel.cpus[0].vcpu_running);
	assert_int_equal(self->state, THREAD_BLOCKED);
	assert_int_equal(self->wait_mask, 0x1);
	assert_int_equal(ctx.r[0], SYS_WAIT);   /* the waker writes r0 */
	assert_int_equal(kernel.vcpus[0].run, VCPU_RUNNABLE);

	/* The general path (no vCPU to resume): before the call. */
	refixture();
	woken.state = THREAD_BLOCKED;
	fake.fiq_at_poll = 1;
	fake.irq_wakes = &woken;
	assert_int_equal(wait_fast(0x1, SYS_NO_VCPU, &ctx), 0);
	assert_int_equal(fake.irqs, 1);
	assert_int_equal(woken.state, THREAD_RUNNABLE);
	assert_int_equal(self->state, THREAD_BLOCKED);
	assert_int_equal(kernel.vcpus[0].run, VCPU_PAUSED);
}

int run_syscall_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_sys_unknown_numbers),
		UNIT_TEST(test_sys_cap_lookup),
		UNIT_TEST(test_sys_log_too_long),
		UNIT_TEST(test_sys_log_bad_buffers),
		UNIT_TEST(test_sys_log_writes_line),
		UNIT_TEST(test_sys_log_long_name),
		UNIT_TEST(test_sys_signal_bad_cap),
		UNIT_TEST(test_sys_signal_bad_bits),
		UNIT_TEST(test_sys_console),
		UNIT_TEST(test_sys_signal_this_cpu),
		UNIT_TEST(test_sys_signal_delivers),
		UNIT_TEST(test_sys_wait_zero_mask),
		UNIT_TEST(test_sys_wait_bad_vcpu),
		UNIT_TEST(test_sys_wait_pending),
		UNIT_TEST(test_sys_wait_blocks),
		UNIT_TEST(test_sys_wait_resumes_vcpu),
		UNIT_TEST(test_sys_vcpu_run),
		UNIT_TEST(test_sys_vcpu_reg),
		UNIT_TEST(test_observe_cap_reads_only),
		UNIT_TEST(test_sys_irq_inject),
		UNIT_TEST(test_sys_ns_cache),
		UNIT_TEST(test_sys_timer_bounds),
		UNIT_TEST(test_sys_timer_cancel_discards),
		UNIT_TEST(test_sys_power_needs_right),
		UNIT_TEST(test_sys_power_bad_how),
		UNIT_TEST(test_sys_power_off_reset),
		UNIT_TEST(test_sys_kinfo),
		UNIT_TEST(test_sys_exit),
		UNIT_TEST(test_sys_exit_essential),
		UNIT_TEST(test_kernel_syscall_entry),
		UNIT_TEST(test_kernel_syscall_wait_fast_path),
		UNIT_TEST(test_kernel_syscall_wait_preempted_by_an_fiq),
	};

	return UNIT_RUN_GROUP("syscall", tests, ncases);
}
