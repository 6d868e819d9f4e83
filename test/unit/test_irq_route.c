/*
 * Interrupts granted to components (kernel/irq_route.c) and SYS_IRQ_ACK:
 * a granted interrupt is masked and signalled to its thread when it
 * arrives; only a thread of the component it was granted to can unmask it,
 * on the CPU its enable lives on, and only after it arrived.
 */
#include <tzvmm/syscall.h>
#include "kernel.h"
#include "syscall_decode.h"
#include "unit.h"

/* Two components with one thread each on CPU 0, a third thread of
 * component 0 on CPU 1; SGI 11 granted to component 0's thread 0. */
static void route_fixture(void)
{
	kernel.ncpus = 2;
	kernel.nthreads = 3;
	for (unsigned i = 0; i < 3; i++)
		kernel.threads[i] = (struct thread){ .comp = &kernel.components[i == 1],
						     .index = i == 2, .cpu = i == 2,
						     .state = THREAD_BLOCKED };
	kernel.threads[0].wait_mask = 1u << 16;
	kernel.nirq_routes = 0;
	kernel.irq_delivered = 0;
	irq_route_add(11, &kernel.threads[0], 1u << 16);
}

static int32_t ack(unsigned thread, uint32_t intid)
{
	uint32_t args[4] = { intid };

	return syscall_invoke(&kernel.threads[thread], SYS_IRQ_ACK, args);
}

static void test_irq_route_deliver_and_ack(void **state)
{
	(void)state;
	route_fixture();
	irq_routes_enable_cpu(0);
	assert_int_equal(fake.irq_unmasks, 1);
	assert_int_equal(ack(0, 11), -SYS_ESTATE);   /* nothing arrived yet */
	assert_true(irq_route_deliver(11));
	assert_true(fake.irq_masked & (1u << 11));
	/* The waiting thread got the bits as its SYS_WAIT result. */
	assert_int_equal(kernel.threads[0].state, THREAD_RUNNABLE);
	assert_int_equal(kernel.threads[0].ctx.r[0], 1u << 16);
	assert_int_equal(kernel.irq_delivered, 1);
	assert_int_equal(ack(0, 11), 0);
	assert_false(fake.irq_masked & (1u << 11));
	assert_int_equal(ack(0, 11), -SYS_ESTATE);   /* once per arrival */
}

static void test_irq_route_not_granted(void **state)
{
	(void)state;
	route_fixture();
	assert_false(irq_route_deliver(12));         /* nobody's: unexpected */
	assert_true(irq_route_deliver(11));
	assert_int_equal(ack(1, 11), -SYS_EPERM);    /* another component */
	assert_int_equal(ack(0, 12), -SYS_EPERM);    /* not granted at all */
	assert_int_equal(ack(0, 0xffffffffu), -SYS_EPERM);
	assert_int_equal(ack(2, 11), -SYS_EINVAL);   /* its own, from the wrong CPU */
	assert_true(fake.irq_masked & (1u << 11));   /* still masked */
	assert_int_equal(fake.irq_unmasks, 0);
}

static void test_irq_route_bad_grants_panic(void **state)
{
	bool escaped;

	(void)state;
	route_fixture();
	/* Boot-list data: a grant the board does not allow, or twice, is a
	 * build mistake and stops the boot. */
	ESCAPES(irq_route_add(9, &kernel.threads[0], 1u), escaped);
	assert_true(escaped);
	ESCAPES(irq_route_add(11, &kernel.threads[1], 1u), escaped);
	assert_true(escaped);
	ESCAPES(irq_route_add(12, &kernel.threads[1], 0), escaped);
	assert_true(escaped);
}

int run_irq_route_tests(unsigned *ncases)
{
	static const struct CMUnitTest tests[] = {
		UNIT_TEST(test_irq_route_deliver_and_ack),
		UNIT_TEST(test_irq_route_not_granted),
		UNIT_TEST(test_irq_route_bad_grants_panic),
	};

	return UNIT_RUN_GROUP("irq_route", tests, ncases);
}
