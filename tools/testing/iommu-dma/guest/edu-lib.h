/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the suites that drive QEMU's edu device through
 * /dev/iommu-edu (edu, domains).
 */
#ifndef IOMMU_DMA_GUEST_EDU_LIB_H
#define IOMMU_DMA_GUEST_EDU_LIB_H

#include <stdint.h>

#include <misc/iommu-edu.h>

#include "guest.h"

#define EDU_NODE	"/dev/iommu-edu"
#define PAGE		4096u

/*
 * QEMU's SMMU reports a refused DMA write once per 4-byte chunk, and the
 * kernel prints at most 10 events in 5 s: one chunk per attack keeps every
 * fault case's event visible.
 */
#define ATTACK_LEN	4

struct edu {
	int fd;
	struct iommu_edu_info info;
};

struct ebuf {
	uint32_t handle;
	uint32_t size;
	unsigned long long iova;
};

/* One SMMU fault report: event id and up to four raw dwords. */
struct smmu_event {
	unsigned int id;
	int ndw;
	unsigned long long dw[4];
};

/* Wrappers: 0 or -errno. */
int edu_call(struct edu *e, unsigned long cmd, void *arg);
int edu_open(struct edu *e);
int buf_new(struct edu *e, uint32_t kind, uint32_t dir, uint32_t size,
	    uint32_t offset, struct ebuf *b);
/* A FIXED or FIXED_MAP buffer at @iova. */
int buf_new_fixed(struct edu *e, uint32_t kind, uint32_t dir, uint32_t size,
		  uint64_t iova, struct ebuf *b);
int buf_new_sg(struct edu *e, uint32_t dir, uint32_t size,
	       const struct iommu_edu_seg *segs, uint32_t nsegs,
	       struct iommu_edu_dma_seg *out, uint32_t *nout,
	       struct ebuf *b);
int buf_io(struct edu *e, unsigned long cmd, struct ebuf *b,
	   uint32_t offset, void *data, uint32_t len);
int buf_put(struct edu *e, struct ebuf *b, const void *data);
int buf_get(struct edu *e, struct ebuf *b, void *data);
int xfer(struct edu *e, uint64_t iova, uint32_t window, uint32_t len,
	 uint32_t dir);
/* 1 when edu's domain translates @iova, 0 when not, or -errno. */
int iova_mapped(struct edu *e, uint64_t iova);

/*
 * Stress mappings (IOMMU_EDU_IOC_STRESS_MAP): 0 or -errno.  stress_fill()
 * maps @size-byte mappings until the DMA layer refuses one and returns how
 * many it made, or -errno when the refusal was not ENOMEM; *@hi gets the
 * highest bus address mapped.  stress_capacity() fills, releases and
 * returns the count.
 */
int stress_map(struct edu *e, uint32_t size, uint32_t count,
	       struct iommu_edu_stress *out);
int stress_unmap(struct edu *e, uint32_t *released, uint32_t *live);
long stress_fill(struct edu *e, uint32_t size, uint64_t *hi);
long stress_capacity(struct edu *e, uint32_t size);
/* Pages of [@first, @last] that edu's domain maps; 0 or -errno. */
int mapped_pages(struct edu *e, uint64_t first, uint64_t last,
		 uint64_t *pages);

/* Note a failed step in @tc; true when @err says the step failed. */
int step(struct tcase *tc, int err, const char *what);
const char *domain_name(uint32_t type);
/* Count differing bytes and describe the first one. */
size_t count_diffs(const unsigned char *got, const unsigned char *want,
		   size_t len, const char *what);
/* Seed @r from the run's seed and a case name. */
void seed_for(struct prng *r, const char *name);

/* Faults */
int kmsg_from_now(void);
int kmsg_events(int fd, struct smmu_event *ev, int max, unsigned int wait_ms);
/* edu's stream ID, or -1 when edu is missing. */
long edu_stream_id(void);
int fault_reported(const struct smmu_event *ev, int n, uint64_t iova,
		   uint32_t len, long sid);
/* Write @len bytes of edu's window to @iova and watch for the fault. */
int attack(struct edu *e, uint64_t iova, uint32_t len, int *caught);
int fault_verdict(struct tcase *tc, const char *name, unsigned long long iova,
		  int caught, int changed);
/* Fill @len bytes with words that name their offset, varied by @salt. */
void pattern(unsigned char *p, uint32_t len, uint32_t salt);
/* Move @len bytes from bus address @src to @dst through edu's window. */
int dma_copy(struct edu *e, uint64_t src, uint64_t dst, uint32_t len);
/* Load edu's window with fresh bytes from a buffer of our own. */
int load_window(struct edu *e, struct prng *r, struct ebuf *b,
		unsigned char *data);

/*
 * The edu suite's cases for the allocation attributes, mmap and the
 * non-contiguous API (edu-alloc.c): run them in @s, return how many.
 */
#define EDU_ALLOC_CASES	7
int edu_alloc_cases(struct suite *s);

/* The edu suite's cases for fixed device addresses (edu-fixed.c). */
#define EDU_FIXED_CASES	6
int edu_fixed_cases(struct suite *s);

/* The edu suite's cases for firmware regions on edu-fw (edu-regions.c). */
#define EDU_REGIONS_CASES	6
int edu_regions_cases(struct suite *s);
/* edu-pasid.c: the sample client of private PASID tables */
#define EDU_PASID_CASES		1
int edu_pasid_cases(struct suite *s);

#endif /* IOMMU_DMA_GUEST_EDU_LIB_H */
