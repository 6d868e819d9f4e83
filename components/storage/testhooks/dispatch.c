/* Which test hook the run's arguments name (../testhooks.h). */
#include <lib/string.h>
#include <ulib/ulog.h>
#include "../storage_testhooks.h"
#include "hooks.h"

void storage_testhook(const char *args)
{
	if (strcmp(args, "selftest") == 0)
		selftest_run();
	else if (strcmp(args, "bench") == 0)
		bench_run();
	else
		ulog("error: run arguments \"%s\" not understood (the test image knows selftest "
		     "and bench)", args);
}
