/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dio: random O_DIRECT I/O on one slice of a disk, every completed read
 * held against a copy of what was written (faults, soak).
 */
#ifndef IOMMU_DMA_GUEST_DIO_H
#define IOMMU_DMA_GUEST_DIO_H

#include <stdint.h>

#include "guest.h"

/*
 * One worker's slice [base, base + bytes) of a disk.  Sectors hold what
 * the shadow says once the bitmap marks them known; a write that failed
 * leaves its sectors unknown until a later write succeeds.
 */
struct dio {
	int fd;
	char name[32];
	uint64_t base, bytes;
	uint32_t max_len;		/* longest request, a multiple of 512 */
	unsigned char *shadow;		/* what the slice should hold */
	unsigned char *known;		/* one bit per sector of the slice */
	unsigned char *wpool, *rpool;	/* max_len + 4096 each */
	struct prng rng;
	/* Counters */
	uint64_t ios;			/* requests that completed */
	uint64_t bytes_moved;
	uint64_t verified;		/* bytes compared */
	uint64_t mismatches;		/* bytes that differed */
	uint64_t errors;		/* requests that failed cleanly */
	int bad_errno;			/* first errno that is not a clean one */
	unsigned int reports;		/* mismatch reports printed */
	int quiet;			/* no diag lines (fault injection on) */
};

/*
 * Open /dev/@disk with O_DIRECT and take slice @index of @slices.  All
 * memory is touched here, so that the I/O loop allocates nothing of its
 * own.  Returns 0 or -errno.
 */
int dio_open(struct dio *d, const char *disk, unsigned int index,
	     unsigned int slices, uint32_t max_len, uint64_t seed);
void dio_close(struct dio *d);
/*
 * One request: a write of random bytes (then read back) or a read of a
 * random extent, compared where the shadow knows the bytes.  @clean_ok
 * says which errnos count as a clean failure (EIO, ENOMEM under fault
 * injection); 0 without injection.  Returns 0, or -errno of a failure
 * that is not clean.
 */
int dio_step(struct dio *d, int clean_ok);
/* Read the whole slice back and compare every known sector; 0 or -errno. */
int dio_verify_all(struct dio *d);

#endif /* IOMMU_DMA_GUEST_DIO_H */
