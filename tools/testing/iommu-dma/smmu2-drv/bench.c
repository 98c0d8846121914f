// SPDX-License-Identifier: GPL-2.0-only
/*
 * Instructions per map (map_pages) and per strict unmap (unmap_pages, then
 * iotlb_sync with its TLB invalidation and sync) of an SMMUv2 driver's
 * domain ops on the model, for 4 KiB pages and 2 MiB blocks.  Run under
 * callgrind by bench.sh: collection is on only around the measured batch
 * and off inside the model's MMIO callbacks, so the count is the
 * driver's and its io-pgtable's, never the simulated hardware's.
 * MMIO accesses per operation are printed beside it.
 *
 *   bench CASE      CASE: map4k unmap4k map2m unmap2m; prints
 *                   "batch N mmio M" (M accesses in the batch)
 */
#include <valgrind/callgrind.h>

#include "harness.h"

#define B_BATCH		64
#define B_IOVA		0x100000000ULL

static void b_mmio_hook(bool enter)
{
	CALLGRIND_TOGGLE_COLLECT;
}

/*
 * The driver's domain ops as the core calls them, one page or block per
 * call, so that the mini core's own work is not counted.
 */
static void b_maps(struct iommu_domain *d, size_t size)
{
	size_t mapped;
	int i;

	for (i = 0; i < B_BATCH; i++) {
		mapped = 0;
		if (d->ops->map_pages(d, B_IOVA + i * (u64)SZ_2M,
				      H2_DATA_PA + i * (u64)SZ_2M, size, 1,
				      IOMMU_READ | IOMMU_WRITE, GFP_KERNEL,
				      &mapped) || mapped != size)
			abort();
	}
}

/* strict: each unmap followed by its sync, as iommu_unmap() does */
static void b_unmaps(struct iommu_domain *d, size_t size)
{
	struct iommu_iotlb_gather g;
	int i;

	for (i = 0; i < B_BATCH; i++) {
		iommu_iotlb_gather_init(&g);
		if (d->ops->unmap_pages(d, B_IOVA + i * (u64)SZ_2M, size, 1,
					&g) != size)
			abort();
		d->ops->iotlb_sync(d, &g);
	}
}

int main(int argc, char **argv)
{
	static const u32 sid = 0x10;
	struct h2_master m;
	struct iommu_domain *d;
	unsigned long mmio;
	struct h2 h;
	size_t size;
	bool map;

	if (argc != 2)
		return 2;
	size = strstr(argv[1], "2m") ? SZ_2M : SZ_4K;
	map = !strncmp(argv[1], "map", 3);
	if (h2_up(&h, NULL, "arm,mmu-500") ||
	    h2_master_add(&h, &m, "dev0", &sid, NULL, 1, IOMMU_DOMAIN_DMA))
		return 1;
	d = h2_domain(&m);
	/* steady state: the tables of the range exist */
	b_maps(d, size);
	b_unmaps(d, size);
	if (!map)
		b_maps(d, size);
	mmio = kshim_mmio_accesses;
	h2_mmio_hook = b_mmio_hook;
	CALLGRIND_ZERO_STATS;
	CALLGRIND_TOGGLE_COLLECT;
	if (map)
		b_maps(d, size);
	else
		b_unmaps(d, size);
	CALLGRIND_TOGGLE_COLLECT;
	CALLGRIND_DUMP_STATS_AT(argv[1]);
	h2_mmio_hook = NULL;
	printf("batch %d mmio %lu\n", B_BATCH, kshim_mmio_accesses - mmio);
	if (map)
		b_unmaps(d, size);
	h2_master_del(&m);
	h2_down(&h);
	return 0;
}
