/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shadow model of an IOVA domain and a driver that replays an operation
 * script against the real allocator and the model side by side.
 */
#ifndef IOVA_SIM_H
#define IOVA_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "shim/iova_internal.h"

/* Every operation of a script stays below this pfn. */
#define SHADOW_PFNS		16384
#define SHADOW_MAX_RANGES	SHADOW_PFNS

enum shadow_kind {
	SH_FREE,
	SH_ALLOC,	/* from alloc_iova() */
	SH_RESERVED,	/* a piece made by reserve_iova() */
	SH_FAST,	/* from alloc_iova_fast(), owned by the caller */
	SH_CACHED,	/* from alloc_iova_fast(), parked by free_iova_fast() */
};

struct shadow_range {
	unsigned long		lo, hi;
	enum shadow_kind	kind;
	unsigned long		asked;	/* size given to alloc_iova_fast() */
};

/*
 * The model: who owns each pfn, and the ranges.  Slot 0 of @range is
 * unused so that an owner of 0 means free.
 */
struct shadow {
	unsigned long		start_pfn;
	u16		owner[SHADOW_PFNS];
	struct shadow_range	range[SHADOW_MAX_RANGES + 1];
	unsigned int		nr_live;
};

void shadow_init(struct shadow *sh, unsigned long start_pfn);
unsigned int shadow_add(struct shadow *sh, unsigned long lo, unsigned long hi,
			enum shadow_kind kind);
void shadow_remove(struct shadow *sh, unsigned int id);
/*
 * Where the documented placement rule puts a request: the highest
 * (aligned, if asked) position under @limit where it fits.
 */
bool shadow_predict(const struct shadow *sh, unsigned long size,
		    unsigned long limit, bool aligned, unsigned long *pfn);
/* The id of the @n-th live range of one of @kinds (a bit mask), or 0. */
unsigned int shadow_pick(const struct shadow *sh, unsigned int kinds,
			 unsigned int n);

/*
 * Replay @len bytes of script.  @verify_every checks the whole model
 * against the allocator after every step instead of only at the end.
 * Failures abort with a message; returns the number of steps run.
 */
unsigned long sim_run(const u8 *data, size_t len, bool verify_every);

#endif /* IOVA_SIM_H */
