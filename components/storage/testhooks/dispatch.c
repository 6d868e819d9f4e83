/* Which test hook the run's arguments name (../testhooks.h). */
#include <lib/string.h>
#include "../testhooks.h"
#include "hooks.h"

bool storage_testhook(const char *args)
{
	if (strcmp(args, "selftest") == 0)
		selftest_run();
	else if (strcmp(args, "bench") == 0)
		bench_run();
	else
		return false;
	return true;
}
