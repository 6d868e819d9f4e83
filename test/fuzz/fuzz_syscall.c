/*
 * The kernel's system calls (kernel/syscall.c) with arbitrary numbers and
 * arguments, from a component whose rights and capabilities the input's
 * first bytes choose: every call, made as kernel_syscall makes it (under
 * the kernel lock), must return an answer or block the caller, never
 * fault, return with the lock held as it was taken (a call that copies
 * outside it, SYS_LOG and SYS_CONSOLE_WRITE, takes it again), and never let
 * the caller reach memory outside its own regions (its buffers live in
 * host memory below 4 GiB, guarded by ASan). Built on the unit tests'
 * fake kernel surroundings (test/unit/fake_*.c).
 *
 * Input: the component's rights (RIGHT_*), a byte of capabilities (bits
 * 0-5 pick those of fixture(); bits 6 and 7 say vCPU 0 and 1 have run, so
 * that their banked registers are at hand), then 20-byte records of five
 * little-endian words w0-w4. w0 modulo SYS_COUNT + 2 is the call number,
 * w1-w4 its arguments; with bit 8 of w0 set, w1 is made a pointer into or
 * near the regions (w1 modulo 3 regions, less half a region, from their
 * start); with bit 9 set the record is no call but writes w1-w4 (16
 * bytes) into the data region at offset w0 >> 16, which is how a seed
 * lays out a table for SYS_FASTPATH. test/fuzz/mkcorpus.py writes seeds
 * in this format.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <tzvmm/component_layout.h>
#include "component.h"
#include "kernel.h"
#include "fastpath.h"
#include "kernel_lock.h"
#include "syscall_decode.h"
#include "../unit/unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* unit.h's helpers that test/unit/main.c would provide. */
unsigned unit_skipped;
uint8_t *unit_low_mem(void)
{
	return NULL;
}

#define REGION_SIZE 0x2000u

static uint8_t *low;   /* host memory with 32-bit addresses: the regions */
static struct component_desc desc, peer_desc;
static struct vcpu_state states[2];

static void fixture(uint8_t rights, uint8_t caps)
{
	struct component *c = &kernel.components[0];
	struct thread *self = &kernel.threads[0], *peer = &kernel.threads[1];

	fake_reset();
	kernel.ncpus = 2;
	kernel.ncomponents = 2;
	kernel.nthreads = 2;
	desc = (struct component_desc){ .name = "fuzzed", .flags = COMP_NS_RAM };
	peer_desc = (struct component_desc){ .name = "peer" };
	c->desc = &desc;
	c->rights = rights;
	kernel.components[1].desc = &peer_desc;
	/* Text (RO), data (RW), a device page: real host memory, so that an
	 * accepted buffer is also a readable one. */
	c->as.regions[c->as.nregions++] = (struct region){ (uint32_t)(uintptr_t)low, 0,
							   REGION_SIZE, REGION_RX };
	c->as.regions[c->as.nregions++] = (struct region){ (uint32_t)(uintptr_t)low + REGION_SIZE,
							   0, REGION_SIZE, REGION_RW };
	c->as.regions[c->as.nregions++] = (struct region){ 0x00900000u, 0, 0x1000u,
							   REGION_DEVICE };
	*self = (struct thread){ .comp = c, .cpu = 0, .cpu_bit = 1, .state = THREAD_RUNNABLE };
	*peer = (struct thread){ .comp = &kernel.components[1], .cpu = 1, .cpu_bit = 1,
				 .state = THREAD_RUNNABLE };
	for (unsigned i = 0; i < 2; i++) {
		kernel.cpus[i].id = i;
		kernel.cpus[i].threads[0] = &kernel.threads[i];
		kernel.cpus[i].nthreads = 1;
		kernel.cpus[i].runnable = 1;
		kernel.cpus[i].vcpu = &kernel.vcpus[i];
		kernel.vcpus[i] = (struct vcpu){ .state = &states[i], .cpu = i, .run = VCPU_PAUSED,
						 .handler = self, .exit_bits = 1 };
	}
	/* Nothing of the last input's: no frozen fast-path table, clean memory. */
	fastpath_reset();
	memset(low, 0, 2 * REGION_SIZE);
	kernel.vcpus[0].entered = caps & 0x40u;
	kernel.vcpus[1].entered = caps & 0x80u;
	/* Caps: the input's bits choose vCPU, observe and signal kinds. */
	const struct cap kinds[6] = {
		{ .kind = CAP_VCPU, .vcpu = &kernel.vcpus[0] },
		{ .kind = CAP_VCPU, .vcpu = &kernel.vcpus[1] },
		{ .kind = CAP_VCPU_OBSERVE, .vcpu = &kernel.vcpus[0] },
		{ .kind = CAP_VCPU_OBSERVE, .vcpu = &kernel.vcpus[1] },
		{ .kind = CAP_SIGNAL, .target = peer, .bits = 0xffu },
		{ .kind = CAP_SIGNAL, .per_cpu = &kernel.components[1], .bits = 1u },
	};

	for (unsigned i = 0; i < 6; i++)
		if (caps & (1u << i))
			c->caps[i] = kinds[i];
	c->ncaps = 6;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!low) {
		void *p = mmap(NULL, 2 * REGION_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

		if (p == MAP_FAILED)
			abort();
		low = p;
	}
	if (size < 2)
		return 0;
	fixture(data[0], data[1]);
	data += 2;
	size -= 2;
	for (; size >= 20; data += 20, size -= 20) {
		uint32_t w[5];

		memcpy(w, data, sizeof(w));
		if (w[0] & 0x200u) {
			uint32_t off = (w[0] >> 16) % REGION_SIZE;
			uint32_t len = REGION_SIZE - off < 16u ? REGION_SIZE - off : 16u;

			memcpy(low + REGION_SIZE + off, &w[1], len);
			continue;
		}
		/* Pointers into the regions half the time, so the buffer
		 * checks' edges are reached. */
		if (w[0] & 0x100u)
			w[1] = (uint32_t)(uintptr_t)low + (w[1] % (3u * REGION_SIZE)) -
			       REGION_SIZE / 2;
		uint32_t nr = w[0] % (SYS_COUNT + 2u);

		/* Calls that end this fake run: power, a thread's end. */
		if (nr == SYS_POWER || nr == SYS_EXIT)
			continue;
		kernel_lock();
		(void)syscall_invoke(&kernel.threads[0], nr, &w[1]);
		if (!kernel.lock.locked || fake_lock_errors)
			abort();
		kernel_unlock();
	}
	return 0;
}
