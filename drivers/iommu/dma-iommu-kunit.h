/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The toy IOMMU domain of the IOMMU DMA layer's KUnit suites: a flat array
 * of 4 KiB translations over a 4 MiB aperture that counts IOTLB syncs and
 * full flushes and can be told to fail a map call.  Defined in
 * dma-iommu-kunit.c, shared with dma-iommu-fixed-kunit.c.
 */
#ifndef __DMA_IOMMU_KUNIT_H
#define __DMA_IOMMU_KUNIT_H

#include <linux/iommu.h>
#include <linux/types.h>

struct kunit;

#define IDMA_TOY_PAGES	1024

struct idma_toy {
	struct iommu_domain	domain;
	u64			pte[IDMA_TOY_PAGES];
	unsigned int		map_calls;
	unsigned int		fail_call;	/* 1-based, 0: never */
	unsigned int		syncs;
	unsigned int		flush_alls;
};

/* A DMA domain (lazy: DMA-FQ) with its cookie, freed with the test */
struct idma_toy *idma_toy_new(struct kunit *test, bool lazy);
/* Translations present */
unsigned int idma_toy_mapped_pages(struct idma_toy *toy);
/* Ranges waiting in the domain's per-CPU flush queues */
unsigned int idma_toy_fq_pending(struct idma_toy *toy);

#endif /* __DMA_IOMMU_KUNIT_H */
