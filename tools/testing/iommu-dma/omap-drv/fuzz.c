// SPDX-License-Identifier: GPL-2.0-only
/*
 * The OMAP IOMMU driver against the model under random operations:
 * maps of every leaf size, unmaps, DMA reads and writes, and power
 * cycles, for a number of seconds; every transfer is checked against a
 * shadow of what should be mapped (a translation where the shadow has
 * none, a fault where it has one, or a byte at the wrong place fails).
 *
 *   fuzz [seconds [seed]]
 *
 * File map:
 *   shadow      struct f_map list: what the driver was told to map
 *   operations  f_map_one(), f_unmap_one(), f_dma_one(), power cycles
 *   main        the loop, the verdict, leak check at the end
 */
#include <stdlib.h>
#include <time.h>

#include "harness.h"

#define F_DA		0x20000000u	/* a 64 MiB window of device addresses */
#define F_SPAN		(64u << 20)
#define F_PA		0x40000000u	/* and of physical addresses */
#define F_MAX		64

struct f_map {
	u32 da, pa, size;
};

static struct f_map f_maps[F_MAX];
static unsigned int f_n;
static u64 f_rng;

static u32 f_rand(void)
{
	f_rng ^= f_rng << 13;
	f_rng ^= f_rng >> 7;
	f_rng ^= f_rng << 17;
	return (u32)f_rng;
}

static const struct f_map *f_find(u32 da)
{
	unsigned int i;

	for (i = 0; i < f_n; i++)
		if (da - f_maps[i].da < f_maps[i].size)
			return &f_maps[i];
	return NULL;
}

static bool f_overlaps(u32 da, u32 size)
{
	unsigned int i;

	for (i = 0; i < f_n; i++)
		if (da < f_maps[i].da + f_maps[i].size &&
		    f_maps[i].da < da + size)
			return true;
	return false;
}

static int f_map_one(struct omap_iommu_domain *od)
{
	static const u32 sizes[] = { SZ_4K, SZ_64K, SZ_1M, SZ_16M };
	u32 size = sizes[f_rand() % 4], da, pa;
	size_t mapped = 0;
	int ret;

	da = F_DA + round_down(f_rand() % F_SPAN, size);
	pa = F_PA + round_down(f_rand() % F_SPAN, size);
	if (f_n == F_MAX)
		return 0;
	ret = omap_domain_map(&od->domain, da, pa, size, 1, IOMMU_READ,
			      GFP_KERNEL, &mapped);
	if (f_overlaps(da, size))
		return H_MISS(ret == -EEXIST && !mapped,
			      "overlapping map at 0x%08x gave %d", da, ret);
	if (H_MISS(!ret && mapped == size, "map 0x%08x+0x%x: %d", da, size,
		   ret))
		return 1;
	f_maps[f_n++] = (struct f_map){ da, pa, size };
	return 0;
}

static int f_unmap_one(struct omap_iommu_domain *od)
{
	unsigned int i;
	size_t done;

	if (!f_n)
		return 0;
	i = f_rand() % f_n;
	done = omap_domain_unmap(&od->domain, f_maps[i].da, f_maps[i].size, 1,
				 NULL);
	if (H_MISS(done == f_maps[i].size, "unmap 0x%08x: %zu", f_maps[i].da,
		   done))
		return 1;
	f_maps[i] = f_maps[--f_n];
	return 0;
}

static int f_dma_one(struct h_mmu *h)
{
	u8 buf[64], mem[64];
	struct omap_mmu_fault f;
	const struct f_map *m;
	u32 len = 1 + f_rand() % 64, da;
	enum om_result res;
	unsigned int i;
	bool wr = f_rand() & 1;

	/* mostly where something is mapped, sometimes anywhere */
	if (f_n && f_rand() % 4) {
		i = f_rand() % f_n;
		da = f_maps[i].da + f_rand() % f_maps[i].size;
	} else {
		da = F_DA + f_rand() % F_SPAN;
	}
	da = round_down(da, 64);
	m = f_find(da);
	for (i = 0; i < len; i++)
		buf[i] = (u8)f_rand();
	res = h_dma(h, da, buf, len, wr);
	if (!m) {
		if (H_MISS(res == OM_FAULT, "0x%08x translated, nothing maps it",
			   da))
			return 1;
		if (H_MISS(omap_mmu_fault_read(&h->mmu, &f) && f.da == da,
			   "fault at 0x%08x not reported", da))
			return 1;
		omap_mmu_fault_ack(&h->mmu, f.status);
		return 0;
	}
	if (H_MISS(res == OM_OK, "0x%08x faulted, mapped to 0x%08x", da,
		   m->pa + (da - m->da)))
		return 1;
	h_get(h, m->pa + (da - m->da), mem, len);
	return H_MISS(!memcmp(buf, mem, len),
		      "0x%08x: %s bytes differ at pa 0x%08x", da,
		      wr ? "written" : "read", m->pa + (da - m->da));
}

int main(int argc, char **argv)
{
	unsigned int seconds = argc > 1 ? atoi(argv[1]) : 10;
	struct omap_iommu_domain od = { 0 };
	unsigned long ops = 0, cycles = 0;
	struct h_mmu *h;
	time_t end;
	int bad = 0;

	f_rng = argc > 2 ? strtoull(argv[2], NULL, 0) : (u64)time(NULL);
	if (!f_rng)
		f_rng = 1;
	printf("# seed 0x%llx\n", (unsigned long long)f_rng);
	h = h_mmu_new(NULL);
	if (!h || omap_domain_init(&od, &h->dev) || h_power_on(h))
		return 2;
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_PAGING, &od);
	end = time(NULL) + seconds;
	while (!bad && time(NULL) < end) {
		for (int k = 0; k < 1000 && !bad; k++, ops++) {
			u32 r = f_rand() % 100;

			if (r < 20) {
				bad |= f_map_one(&od);
			} else if (r < 35) {
				bad |= f_unmap_one(&od);
			} else if (r < 99) {
				bad |= f_dma_one(h);
			} else {
				h_power_off(h);
				bad |= H_MISS(!h_power_on(h), "power on");
				cycles++;
			}
		}
	}
	while (f_n && !bad)
		bad |= f_unmap_one(&od);
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_BLOCKED, NULL);
	omap_domain_fini(&od);
	h_mmu_del(h);
	bad |= H_MISS(!h_live_allocs && !h_warnings, "%ld leaked, %d warnings",
		      h_live_allocs, h_warnings);
	printf("%sok - omap-drv fuzz: %lu operations, %lu power cycles\n",
	       bad ? "not " : "", ops, cycles);
	return bad;
}
