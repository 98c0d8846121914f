// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runs the driver's KUnit suite on the host (kunit/test.h here is the
 * minimal stand-in), TAP lines and a non-zero exit on any failure.  The
 * driver's ipmmu-vmsa.c is compiled into this binary with
 * VISIBLE_IF_KUNIT made empty, as a KUnit kernel build has it.
 */
#include "harness.h"
#include <kunit/test.h>

int main(void)
{
	struct kunit_case *c;
	int n = 0, failed = 0;

	for (c = hk_suite->test_cases; c->run_case; c++)
		n++;
	printf("TAP version 13\n1..%d\n", n);
	n = 0;
	for (c = hk_suite->test_cases; c->run_case; c++) {
		struct kunit test = { 0 };

		c->run_case(&test);
		printf("%sok %d - %s: %s\n", test.failures ? "not " : "", ++n,
		       hk_suite->name, c->name);
		failed += !!test.failures;
	}
	return failed ? 1 : 0;
}
