// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer entry: every input is a script of alloc/free/reserve/cache
 * operations (see sim.c) replayed against our allocator and the shadow
 * model.  A disagreement, a broken tree invariant, a leak or a sanitizer
 * report ends the run.
 */
#include "sim.h"

/* FUZZ_ENTRY is libFuzzer's entry point name, set by the Makefile. */
int FUZZ_ENTRY(const u8 *data, size_t size);

int FUZZ_ENTRY(const u8 *data, size_t size)
{
	sim_run(data, size, false);
	return 0;
}
