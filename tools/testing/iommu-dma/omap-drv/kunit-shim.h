/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Just enough of KUnit to run drivers/iommu/omap-iommu-kunit.c, unchanged,
 * on the host over the same shims as the driver harness: the suite's
 * cases run in order with its init and exit, each expectation that fails
 * prints a line and fails its case, and main() prints one TAP line per
 * case.  The arm32 strict boot runs the same file under real KUnit.
 */
#ifndef OMAP_DRV_KUNIT_SHIM_H
#define OMAP_DRV_KUNIT_SHIM_H

#include <stdlib.h>

struct kunit {
	void *priv;
	bool failed;
	bool aborted;
	void *allocs[16];
	unsigned int nallocs;
};

struct kunit_case {
	void (*run)(struct kunit *test);
	const char *name;
};

struct kunit_suite {
	const char *name;
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
};

#define KUNIT_CASE(fn)	{ .run = fn, .name = #fn }

static inline void *kunit_kzalloc(struct kunit *test, size_t n, gfp_t gfp)
{
	void *p = calloc(1, n);

	if (p && test->nallocs < 16)
		test->allocs[test->nallocs++] = p;
	return p;
}

#define KUNIT_EXPECT_EQ(test, a, b)					\
	do {								\
		long long _a = (long long)(a), _b = (long long)(b);	\
		if (_a != _b) {						\
			fprintf(stderr, "# %s:%d: %s == %lld, expected %s == %lld\n", \
				__func__, __LINE__, #a, _a, #b, _b);	\
			(test)->failed = true;				\
		}							\
	} while (0)

/* the host cannot unwind a case: an assertion that fails ends the run */
#define KUNIT_ASSERT_EQ(test, a, b)					\
	do {								\
		struct kunit *_t = (test);				\
									\
		KUNIT_EXPECT_EQ(_t, a, b);				\
		if (_t->failed) {					\
			fprintf(stderr, "# assertion failed\n");	\
			exit(1);					\
		}							\
	} while (0)

#define KUNIT_ASSERT_NOT_NULL(test, p)	KUNIT_ASSERT_EQ(test, !(p), 0)

#define kunit_test_suite(s)						\
	int main(void)							\
	{								\
		struct kunit_suite *_s = &(s);				\
		struct kunit_case *c;					\
		unsigned int n = 0, failed = 0;				\
									\
		for (c = _s->test_cases; c->run; c++) {			\
			struct kunit t = { 0 };				\
									\
			if (_s->init)					\
				_s->init(&t);				\
			c->run(&t);					\
			if (_s->exit)					\
				_s->exit(&t);				\
			while (t.nallocs)				\
				free(t.allocs[--t.nallocs]);		\
			failed += t.failed;				\
			printf("%sok %u - %s: %s\n", t.failed ? "not " : "", \
			       ++n, _s->name, c->name);			\
		}							\
		exit(failed ? 1 : 0);					\
	}

/* the module's strings: declarations sized by them, nothing emitted */
#define MODULE_IMPORT_NS(ns)	extern const char h_module_ns[sizeof(#ns)]
#define MODULE_DESCRIPTION(d)	extern const char h_module_desc[sizeof(d)]
#define MODULE_LICENSE(l)	extern const char h_module_license[sizeof(l)]

#endif /* OMAP_DRV_KUNIT_SHIM_H */
