/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal <kunit/test.h> for running the driver's pure KUnit suite
 * (drivers/iommu/ipmmu-vmsa-kunit.c) on the host: the expectation macros
 * the suite uses, each counting a failure and printing where, and the
 * suite registered for kunit-run.c.  Not KUnit: no resources, no
 * assertions that abort, one suite per binary.
 */
#ifndef IPMMU_DRV_KUNIT_TEST_H
#define IPMMU_DRV_KUNIT_TEST_H

#include <stdio.h>
#include <string.h>

struct kunit {
	int failures;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
};

struct kunit_suite {
	const char *name;
	struct kunit_case *test_cases;
};

extern struct kunit_suite *hk_suite;

static inline void hk_fail(struct kunit *test, const char *fn, int line,
			   const char *what)
{
	test->failures++;
	printf("# %s:%d: expectation failed: %s\n", fn, line, what);
}

static inline bool hk_streq(const char *a, const char *b)
{
	return a && !strcmp(a, b);
}

#define HK_EXPECT(test, cond, what) \
	((cond) ? (void)0 : hk_fail(test, __func__, __LINE__, what))

#define KUNIT_CASE(fn)	{ .run_case = fn, .name = #fn }
#define KUNIT_EXPECT_TRUE(test, c)	HK_EXPECT(test, (c), #c)
#define KUNIT_EXPECT_FALSE(test, c)	HK_EXPECT(test, !(c), "!" #c)
#define KUNIT_EXPECT_EQ(test, a, b)	HK_EXPECT(test, (a) == (b), #a " == " #b)
#define KUNIT_EXPECT_NULL(test, p)	HK_EXPECT(test, !(p), #p " == NULL")
#define KUNIT_EXPECT_STREQ(test, a, b)	HK_EXPECT(test, hk_streq(a, b), #a " == " #b)
#define kunit_test_suite(s)	struct kunit_suite *hk_suite = &(s)

#ifndef MODULE_IMPORT_NS
/* the namespace a KUnit module imports, kept for nobody */
#define MODULE_IMPORT_NS(ns)	\
	static const char hk_import_ns[] __maybe_unused = #ns
#endif

#endif /* IPMMU_DRV_KUNIT_TEST_H */
