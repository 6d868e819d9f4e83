/* Requests to the storage component (storage_client.h). */
#include <tzvmm/signals.h>
#include <ulib/sys.h>
#include <ulib/ulog.h>
#include "storage_client.h"
#include "vmm.h"

/* How long a request may take before the VMM gives up on it (a storage
 * component that died and restarts answers nothing meanwhile). */
#define STORAGE_TIMEOUT_MS 10000u
/* The boot's counter request (verified boot) may come while the storage
 * component still mounts its medium: formatting a new SD card of QEMU's
 * i.MX boards takes about 10 s. It waits up to this many such periods. */
#define STORAGE_MOUNT_ROUNDS 12u

static uintptr_t shm_base;
static uint32_t storage_cap;
/* Per VMM thread: whether the next wait resumes its vCPU, whose exit is
 * answered (storage_resume_on_wait), and whether one did. */
static enum { RESUME_NONE, RESUME_ARMED, RESUME_DONE } resume[STORAGE_SLOTS];

void storage_client_init(uintptr_t shm, uint32_t cap)
{
	shm_base = shm;
	storage_cap = cap;
}

static volatile struct storage_req *slot(unsigned cpu)
{
	return (volatile struct storage_req *)(shm_base + cpu * STORAGE_SLOT_SIZE);
}

uint8_t *storage_buffer(unsigned cpu)
{
	if (!shm_base || cpu >= STORAGE_SLOTS)
		return NULL;
	return (uint8_t *)(shm_base + cpu * STORAGE_SLOT_SIZE + STORAGE_DATA_OFFSET);
}

struct storage_seg *storage_segments(unsigned cpu)
{
	if (!shm_base || cpu >= STORAGE_SLOTS)
		return NULL;
	return (struct storage_seg *)(shm_base + cpu * STORAGE_SLOT_SIZE + STORAGE_SEGS_OFFSET);
}

/* One request in cpu's slot, waited for rounds periods of
 * STORAGE_TIMEOUT_MS; *out is the slot, for the answer's fields. */
static uint32_t request(unsigned cpu, const struct storage_req *q,
			volatile struct storage_req **out, unsigned rounds)
{
	volatile struct storage_req *r;
	uint32_t seq;

	if (!shm_base || cpu >= STORAGE_SLOTS)
		return STORAGE_ENODEV;
	r = slot(cpu);
	*out = r;
	seq = r->seq + 1u;
	r->op = q->op;
	r->sector = q->sector;
	r->count = q->count;
	r->counter = q->counter;
	r->nseg = q->nseg;
	r->status = STORAGE_EIO;
	r->seq = seq;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	if (sys_signal(storage_cap, STORAGE_SIG_REQUEST) != 0)
		return STORAGE_ENODEV;
	sys_timer(STORAGE_TIMEOUT_MS * (vmm_config.timer_hz / 1000u), VMM_SIG_DEADLINE);
	for (unsigned round = 1;;) {
		/* (The vCPU's cap is the thread's index, main.c.) */
		uint32_t vcpu = resume[cpu] == RESUME_ARMED ? cpu : SYS_NO_VCPU;
		uint32_t sig = sys_wait(VMM_SIG_STORAGE | VMM_SIG_DEADLINE, vcpu);

		if (vcpu != SYS_NO_VCPU) {
			/* Resumed: not again. Refused (a vCPU that is not
			 * paused: only while the VMM restarts): the wait is made
			 * again without it, and the exit loop answers as usual. */
			resume[cpu] = (int32_t)sig >= 0 ? RESUME_DONE : RESUME_NONE;
			if ((int32_t)sig < 0)
				continue;
		}
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (r->done_seq == seq)
			break;
		if ((int32_t)sig >= 0 && (sig & VMM_SIG_DEADLINE) && round < rounds) {
			if (round++ == 1)
				ulog("storage: waiting for the storage component (still "
				     "mounting its medium?) up to %u s",
				     rounds * STORAGE_TIMEOUT_MS / 1000u);
			sys_timer(STORAGE_TIMEOUT_MS * (vmm_config.timer_hz / 1000u),
				  VMM_SIG_DEADLINE);
			continue;
		}
		if ((int32_t)sig < 0 || (sig & VMM_SIG_DEADLINE)) {
			ulog("storage: no answer to request %u on cpu %u in %u ms", (unsigned)seq,
			     cpu, round * STORAGE_TIMEOUT_MS);
			return STORAGE_EIO;
		}
	}
	sys_timer(0, VMM_SIG_DEADLINE);
	return r->status;
}

void storage_resume_on_wait(unsigned cpu)
{
	if (cpu < STORAGE_SLOTS)
		resume[cpu] = RESUME_ARMED;
}

bool storage_resumed(unsigned cpu)
{
	bool done = cpu < STORAGE_SLOTS && resume[cpu] == RESUME_DONE;

	if (cpu < STORAGE_SLOTS)
		resume[cpu] = RESUME_NONE;
	return done;
}

int storage_wait_idle(void)
{
	uint32_t ms_ticks = vmm_config.timer_hz / 1000u, ms = 0;

	if (!shm_base)
		return 0;
	/* One deadline for all the slots together: 10 s, not 10 s each. */
	for (unsigned cpu = 0; cpu < STORAGE_SLOTS; cpu++) {
		volatile struct storage_req *r = slot(cpu);

		/* (A slot never used holds seq 0 and done_seq 0.) */
		for (; r->done_seq != r->seq; ms++) {
			if (ms == STORAGE_TIMEOUT_MS)
				return -1;
			sys_timer(ms_ticks, VMM_SIG_DEADLINE);
			sys_wait(VMM_SIG_DEADLINE, SYS_NO_VCPU);
		}
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return 0;
}

/* A request for the guest (one period of waiting): its status, and the
 * capacity it answered when asked for. */
static uint32_t call(unsigned cpu, const struct storage_req *q, uint64_t *capacity)
{
	volatile struct storage_req *r = NULL;
	uint32_t status = request(cpu, q, &r, 1);

	if (capacity && r)
		*capacity = r->capacity;
	return status;
}

uint32_t storage_call(unsigned cpu, uint32_t op, uint32_t sector, uint32_t count,
		      uint64_t *capacity)
{
	const struct storage_req q = { .op = op, .sector = sector, .count = count };

	return call(cpu, &q, capacity);
}

uint32_t storage_call_segs(unsigned cpu, uint32_t op, uint32_t sector, uint32_t count,
			   uint32_t nseg)
{
	const struct storage_req q = { .op = op, .sector = sector, .count = count, .nseg = nseg };

	return call(cpu, &q, NULL);
}

uint32_t storage_counter(unsigned cpu, uint32_t op, uint32_t raise_to, uint32_t *value)
{
	const struct storage_req q = { .op = op, .counter = raise_to };
	volatile struct storage_req *r = NULL;
	uint32_t status = request(cpu, &q, &r, STORAGE_MOUNT_ROUNDS);

	*value = status == STORAGE_OK ? r->counter : 0;
	return status;
}
