/*
 * The storage component (docs/storage.md): the VMM's block requests on
 * the secure flash's data region. Thread i runs on CPU i and serves slot i
 * of the shared region (include/tzvmm/storage.h): it waits for
 * STORAGE_SIG_REQUEST, carries out the request under the storage lock,
 * answers in the slot and signals the VMM thread of its CPU back.
 *
 * The medium is the board's (port_medium: the secure flash, or an SD
 * card). No flash command goes out before every CPU is online: until then
 * a secondary CPU may still run the board's boot code from this flash, and
 * a chip out of read-array mode would feed it status words as code.
 */
#include <lib/spinlock.h>
#include <tzvmm/component_layout.h>
#include <tzvmm/signals.h>
#include <tzvmm/storage.h>
#include <ulib/guest_mem.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include <component_caps.h>
#include "medium.h"
#include "storage_lock.h"
#include "request.h"
#include "store.h"
#include "storage_testhooks.h"

int component_main(unsigned index);

_Static_assert(SHM_STORAGE_SIZE == STORAGE_SHM_KIB * 1024u &&
	       SHM_STORAGE_SIZE == STORAGE_SLOTS * STORAGE_SLOT_SIZE,
	       "the shared region holds one slot per CPU");

static spinlock_t lock;
static volatile uint32_t holder;      /* 1 + the thread holding the lock; 0: free */
static bool started[STORAGE_SLOTS];   /* the bss survives a thread's restart */

void storage_lock(unsigned thread)
{
	spin_lock(&lock);
	holder = thread + 1u;
}

void storage_unlock(void)
{
	holder = 0;
	spin_unlock(&lock);
}

static volatile struct storage_req *slot_of(unsigned index)
{
	return (volatile struct storage_req *)(SHM_STORAGE_VA + index * STORAGE_SLOT_SIZE);
}

static void wait_for_cpus(void)
{
	uint32_t ms = sys_kinfo(KINFO_TIMER_HZ) / 1000u;

	while (sys_kinfo(KINFO_CPUS_ONLINE) < sys_kinfo(KINFO_NCPUS)) {
		sys_timer(ms, STORAGE_SIG_TIMER);
		sys_wait(STORAGE_SIG_TIMER, SYS_NO_VCPU);
	}
}

/* A thread the kernel restarted after a fault: if it held the lock, the
 * flash may be mid-command and the cache half-written. */
static void recover(unsigned index)
{
	if (holder != index + 1u)
		return;
	medium_idle();
	store_forget();   /* remounted by the next request */
	storage_unlock();
	ulog("thread %u restarted holding the lock: the %s is idle again (read-array mode), "
	     "the cache dropped (writes not flushed are lost)", index, medium_name());
}

/* The run's arguments: this image takes none; the test image's
 * storage_testhook (testhooks/) takes the words it knows and says which. */
static void run_args(void)
{
	const char *args = (const char *)COMPONENT_VA_ARGS;

	if (!args[0])
		return;
	if (storage_testhook)
		storage_testhook(args);
	else
		ulog("error: run arguments \"%s\" not understood (this image takes none)", args);
}

static void serve(unsigned index)
{
	volatile struct storage_req *slot = slot_of(index);
	struct request r;

	if (storage_testhook_request)
		storage_testhook_request(index);
	storage_lock(index);
	if (store_state() == STORE_UNMOUNTED)
		store_mount();
	request_handle(slot, (uint8_t *)slot + STORAGE_DATA_OFFSET, &r);
	storage_unlock();
	/* The answer and its data before done_seq, which the VMM polls. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	slot->done_seq = r.seq;
	sys_signal(CAP_VMM, VMM_SIG_STORAGE);
}

int component_main(unsigned index)
{
	bool restarted = started[index];

	started[index] = true;
	medium_use(port_medium());
	/* The kernel maps normal RAM at its physical address (COMP_NS_RAM). */
	guest_mem_init(sys_kinfo(KINFO_NS_RAM_BASE), sys_kinfo(KINFO_NS_RAM_BASE),
		       sys_kinfo(KINFO_NS_RAM_SIZE));
	if (restarted)
		recover(index);
	wait_for_cpus();
	storage_lock(index);
	if (store_state() == STORE_UNMOUNTED)
		store_mount();
	if (index == 0 && !restarted)
		run_args();
	storage_unlock();
	/* A request the fault cut short is answered now (they can all be
	 * carried out twice). */
	if (restarted && slot_of(index)->seq != slot_of(index)->done_seq)
		serve(index);
	for (;;) {
		sys_wait(STORAGE_SIG_REQUEST, SYS_NO_VCPU);
		serve(index);
	}
}
