// SPDX-License-Identifier: GPL-2.0-only
/*
 * The OMAP IOMMU driver against the OMAP MMU model: each case sets up
 * MMUs as probe would, attaches domains with the driver's
 * omap_mmu_set_mode(), maps with omap_domain_map() and lets the model's
 * master move bytes, which are compared where they land.
 *
 * File map:
 *   helpers          t_fill(), t_rw(), t_faults(), t_dom_new()/_del()
 *   translation      blocked at power-up, every leaf size byte for byte,
 *                    identity, back to blocked
 *   faults           unmapped, just unmapped (report contents, line,
 *                    acknowledge), a remap never reads stale data, a
 *                    large unmap (global flush)
 *   power            state and locked entries over a power-off; attach
 *                    and unmap while off touch no register; an MMU stuck
 *                    in reset: an error and nothing written
 *   several MMUs     one domain on both MMUs of a DRA7 DSP
 *   bad input        sizes, alignments, ranges and protections the format
 *                    cannot express; allocation failure: nothing written,
 *                    nothing leaked
 */
#include <stdlib.h>

#include "harness.h"

#define DA	0x10000000u
#define PA	0x40000000u	/* data, outside the table arena */

/* what t_rw() expects: translated, or passed through by an MMU that is off */
static enum om_result t_expect = OM_OK;

static void t_fill(u8 *b, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (u8)(seed * 31 + i * 7 + (i >> 8));
}

/*
 * A master writes a pattern at @da and reads it back; the bytes must
 * land at @pa, the read must give them back.
 */
static int t_rw(struct h_mmu *h, u32 da, u32 pa, size_t len,
		unsigned int seed)
{
	u8 *w = malloc(len), *r = malloc(len), *mem = malloc(len);
	int bad = 0;

	t_fill(w, len, seed);
	bad |= H_MISS(h_dma(h, da, w, len, true) == t_expect,
		      "write at 0x%08x did not translate", da);
	bad |= H_MISS(h_dma(h, da, r, len, false) == t_expect,
		      "read at 0x%08x did not translate", da);
	h_get(h, pa, mem, len);
	bad |= H_MISS(!memcmp(w, mem, len), "bytes for 0x%08x not at 0x%08x",
		      da, pa);
	bad |= H_MISS(!memcmp(w, r, len), "read back at 0x%08x differs", da);
	free(w);
	free(r);
	free(mem);
	return bad;
}

/*
 * A master's write at @da must fault, reach no memory (checked around
 * @pa), and leave a report the driver reads back and acknowledges.
 */
static int t_faults(struct h_mmu *h, u32 da, u32 pa)
{
	struct mdl_snap *snap = mdl_snap_take(om_mem(h->om), pa, SZ_4K);
	struct omap_mmu_fault f = { 0 };
	u8 buf[64];
	int bad = 0;

	memset(buf, 0x5a, sizeof(buf));
	bad |= H_MISS(h_dma(h, da, buf, sizeof(buf), true) == OM_FAULT,
		      "0x%08x translated", da);
	bad |= H_MISS(mdl_snap_diff(om_mem(h->om), snap) < 0,
		      "memory at 0x%08x changed", pa);
	bad |= H_MISS(om_irq(h->om)->level, "no fault interrupt");
	bad |= H_MISS(omap_mmu_fault_read(&h->mmu, &f), "no fault pending");
	bad |= H_MISS(f.da == da, "fault at 0x%08x, expected 0x%08x", f.da,
		      da);
	bad |= H_MISS(!strcmp(omap_mmu_fault_kind(f.status),
			      "translation fault"), "kind %s",
		      omap_mmu_fault_kind(f.status));
	omap_mmu_fault_ack(&h->mmu, f.status);
	bad |= H_MISS(!om_irq(h->om)->level, "line high after the ack");
	mdl_snap_free(snap);
	return bad;
}

static struct omap_iommu_domain *t_dom_new(struct h_mmu *h)
{
	struct omap_iommu_domain *od = calloc(1, sizeof(*od));

	if (omap_domain_init(od, &h->dev)) {
		free(od);
		return NULL;
	}
	return od;
}

static void t_dom_del(struct omap_iommu_domain *od)
{
	omap_domain_fini(od);
	free(od);
}

static int t_map(struct omap_iommu_domain *od, u32 da, u32 pa, size_t pgsize,
		 size_t n)
{
	int ret, rw = IOMMU_READ | IOMMU_WRITE;
	size_t mapped = 0;

	ret = omap_domain_map(&od->domain, da, pa, pgsize, n, rw, GFP_KERNEL,
			      &mapped);
	return H_MISS(!ret && mapped == pgsize * n,
		      "map 0x%08x: %d, %zu mapped", da, ret, mapped);
}

static int t_unmap(struct omap_iommu_domain *od, u32 da, size_t pgsize,
		   size_t n)
{
	size_t done = omap_domain_unmap(&od->domain, da, pgsize, n, NULL);

	return H_MISS(done == pgsize * n, "unmap 0x%08x: %zu", da, done);
}

/* ---- translation -------------------------------------------------- */

static int t_blocked_at_power_up(void)
{
	struct h_mmu *h = h_mmu_new(NULL);
	int bad = 0;

	bad |= H_MISS(!h_power_on(h), "power on");
	bad |= H_MISS(om_read32(h->om, OM_R_CNTL) ==
		      (OM_CNTL_MMU_EN | OM_CNTL_TWL_EN), "CNTL 0x%x",
		      om_read32(h->om, OM_R_CNTL));
	bad |= H_MISS(om_read32(h->om, OM_R_TTB) == h->mmu.blocked.l1_pa,
		      "TTB not the all-fault table");
	bad |= t_faults(h, DA, PA);
	h_mmu_del(h);
	return bad;
}

static int t_each_size(void)
{
	struct h_mmu *h = h_mmu_new(NULL);
	struct omap_iommu_domain *od = t_dom_new(h);
	int bad = 0;

	h_power_on(h);
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_PAGING, od);
	bad |= H_MISS(om_read32(h->om, OM_R_TTB) == od->pt.l1_pa, "TTB");
	bad |= t_map(od, DA, PA, SZ_4K, 3);
	bad |= t_map(od, DA + SZ_1M, PA + SZ_1M, SZ_64K, 2);
	bad |= t_map(od, DA + SZ_2M, PA + SZ_2M, SZ_1M, 1);
	bad |= t_map(od, DA + SZ_16M, PA + SZ_16M, SZ_16M, 1);
	/* across page boundaries, into the middle of each leaf */
	bad |= t_rw(h, DA + 0x800, PA + 0x800, 3 * SZ_4K - 0x800, 1);
	bad |= t_rw(h, DA + SZ_1M + 0xfff0, PA + SZ_1M + 0xfff0, 0x20, 2);
	bad |= t_rw(h, DA + SZ_2M + 0x12345, PA + SZ_2M + 0x12345, 5000, 3);
	bad |= t_rw(h, DA + SZ_16M + 0xabcdef, PA + SZ_16M + 0xabcdef, 9000,
		    4);
	bad |= H_MISS(omap_pt_iova_to_phys(&od->pt, DA + SZ_16M + 7) ==
		      PA + SZ_16M + 7, "iova_to_phys");
	/* just past what was mapped */
	bad |= t_faults(h, DA + 3 * SZ_4K, PA + 3 * SZ_4K);
	bad |= t_unmap(od, DA, SZ_4K, 3);
	bad |= t_unmap(od, DA + SZ_1M, SZ_64K, 2);
	bad |= t_unmap(od, DA + SZ_2M, SZ_1M, 1);
	bad |= t_unmap(od, DA + SZ_16M, SZ_16M, 1);
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_BLOCKED, NULL);
	t_dom_del(od);
	h_mmu_del(h);
	return bad;
}

static int t_identity_and_back(void)
{
	struct h_mmu *h = h_mmu_new(NULL);
	struct omap_iommu_domain *od = t_dom_new(h);
	int bad = 0;

	h_power_on(h);
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_PAGING, od);
	bad |= t_map(od, DA, PA, SZ_64K, 1);
	bad |= t_rw(h, DA, PA, 256, 5);
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_IDENTITY, NULL);
	bad |= H_MISS(om_read32(h->om, OM_R_CNTL) == 0, "MMU still on");
	t_expect = OM_BYPASS;
	bad |= t_rw(h, PA + SZ_1M, PA + SZ_1M, 256, 6);
	t_expect = OM_OK;
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_PAGING, od);
	bad |= t_rw(h, DA + 16, PA + 16, 256, 7);
	/* blocked: what was mapped faults, the domain keeps its table */
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_BLOCKED, NULL);
	bad |= H_MISS(list_empty(&od->mmus), "still on the domain's list");
	bad |= t_faults(h, DA, PA);
	bad |= t_unmap(od, DA, SZ_64K, 1);
	t_dom_del(od);
	h_mmu_del(h);
	return bad;
}

/* ---- faults ------------------------------------------------------- */

static int t_just_unmapped(void)
{
	struct h_mmu *h = h_mmu_new(NULL);
	struct omap_iommu_domain *od = t_dom_new(h);
	int bad = 0;

	h_power_on(h);
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_PAGING, od);
	bad |= t_map(od, DA, PA, SZ_4K, 1);
	bad |= t_rw(h, DA, PA, 64, 8);
	bad |= H_MISS(om_tlb_covers(h->om, DA), "the walk was not cached");
	bad |= t_unmap(od, DA, SZ_4K, 1);
	bad |= H_MISS(!om_tlb_covers(h->om, DA), "TLB entry left after unmap");
	bad |= t_faults(h, DA, PA);
	/* the same for a supersection */
	bad |= t_map(od, DA + SZ_32M, PA, SZ_16M, 1);
	bad |= t_rw(h, DA + SZ_32M + SZ_1M, PA + SZ_1M, 64, 9);
	bad |= t_unmap(od, DA + SZ_32M, SZ_16M, 1);
	bad |= t_faults(h, DA + SZ_32M + SZ_1M, PA + SZ_1M);
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_BLOCKED, NULL);
	t_dom_del(od);
	h_mmu_del(h);
	return bad;
}

static int t_remap_not_stale(void)
{
	struct h_mmu *h = h_mmu_new(NULL);
	struct omap_iommu_domain *od = t_dom_new(h);
	u8 a[256], b[256], got[256];
	int bad = 0;

	t_fill(a, sizeof(a), 10);
	t_fill(b, sizeof(b), 11);
	h_put(PA, a, sizeof(a));
	h_put(PA + SZ_1M, b, sizeof(b));
	h_power_on(h);
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_PAGING, od);
	bad |= t_map(od, DA, PA, SZ_4K, 1);
	h_dma(h, DA, got, sizeof(got), false);
	bad |= H_MISS(!memcmp(got, a, sizeof(a)), "first buffer");
	bad |= t_unmap(od, DA, SZ_4K, 1);
	bad |= t_map(od, DA, PA + SZ_1M, SZ_4K, 1);
	bad |= H_MISS(h_dma(h, DA, got, sizeof(got), false) == OM_OK, "read");
	bad |= H_MISS(!memcmp(got, b, sizeof(b)),
		      "stale data: the old page was read after the remap");
	bad |= t_unmap(od, DA, SZ_4K, 1);
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_BLOCKED, NULL);
	t_dom_del(od);
	h_mmu_del(h);
	return bad;
}

static int t_large_unmap(void)
{
	struct h_mmu *h = h_mmu_new(NULL);
	struct omap_iommu_domain *od = t_dom_new(h);
	unsigned int i;
	int bad = 0;

	h_power_on(h);
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_PAGING, od);
	bad |= t_map(od, DA, PA, SZ_4K, 40);
	for (i = 0; i < 40; i++)
		bad |= t_rw(h, DA + i * SZ_4K, PA + i * SZ_4K, 16, i);
	bad |= H_MISS(om_tlb_live(h->om) > 8, "TLB not filled");
	bad |= t_unmap(od, DA, SZ_4K, 40);
	bad |= H_MISS(om_tlb_live(h->om) == 0, "%u entries after the unmap",
		      om_tlb_live(h->om));
	for (i = 0; i < 40; i += 13)
		bad |= t_faults(h, DA + i * SZ_4K, PA + i * SZ_4K);
	bad |= H_MISS(od->pt.nr_l2 == 0, "level 2 table kept");
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_BLOCKED, NULL);
	t_dom_del(od);
	h_mmu_del(h);
	return bad;
}

/* ---- power -------------------------------------------------------- */

static int t_power_cycle(void)
{
	struct h_mmu *h = h_mmu_new(NULL);
	struct omap_iommu_domain *od = t_dom_new(h);
	u32 lock;
	int bad = 0;

	h_power_on(h);
	/* a locked 1 MiB entry, as boot firmware leaves it: no table entry */
	om_write32(h->om, OM_R_CAM, 0x70000000 | OM_CAM_PRESERVED |
		   OM_CAM_VALID | 0);
	om_write32(h->om, OM_R_RAM, PA + SZ_16M);
	om_write32(h->om, OM_R_LD_TLB, 1);
	om_write32(h->om, OM_R_LOCK, mdl_put(OM_LOCK_BASE, 1) |
		   mdl_put(OM_LOCK_VICTIM, 1));
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_PAGING, od);
	bad |= t_map(od, DA, PA, SZ_64K, 1);
	bad |= t_rw(h, DA, PA, 128, 12);
	bad |= t_rw(h, 0x70000100, PA + SZ_16M + 0x100, 128, 13);
	lock = om_read32(h->om, OM_R_LOCK);

	h_power_off(h);
	bad |= H_MISS(h->mmu.nr_saved == 1, "%u entries saved",
		      h->mmu.nr_saved);
	bad |= H_MISS(h_dma(h, DA, &lock, 1, false) == OM_OFF, "not off");
	bad |= H_MISS(!h_power_on(h), "power on");

	bad |= H_MISS(mdl_get(om_read32(h->om, OM_R_LOCK), OM_LOCK_BASE) ==
		      mdl_get(lock, OM_LOCK_BASE), "LOCK.BASE 0x%x",
		      om_read32(h->om, OM_R_LOCK));
	bad |= H_MISS(om_read32(h->om, OM_R_TTB) == od->pt.l1_pa, "TTB");
	bad |= H_MISS(om_read32(h->om, OM_R_IRQENABLE) == 0x1e, "IRQENABLE");
	bad |= t_rw(h, DA + 64, PA + 64, 128, 14);
	bad |= t_rw(h, 0x70000200, PA + SZ_16M + 0x200, 128, 15);
	bad |= H_MISS(!mdl_log_count(om_log(h->om), MDL_EV_ACCESS),
		      "a register was touched while powered off");
	bad |= t_unmap(od, DA, SZ_64K, 1);
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_BLOCKED, NULL);
	t_dom_del(od);
	h_mmu_del(h);
	return bad;
}

static int t_while_off(void)
{
	struct h_mmu *h = h_mmu_new(NULL);
	struct omap_iommu_domain *od = t_dom_new(h);
	int bad = 0;

	/* never powered: attach records, map and unmap touch no register */
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_PAGING, od);
	om_power_off(h->om);
	bad |= t_map(od, DA, PA, SZ_4K, 2);
	bad |= t_unmap(od, DA + SZ_4K, SZ_4K, 1);
	bad |= H_MISS(!mdl_log_count(om_log(h->om), MDL_EV_ACCESS),
		      "a register was touched while off");
	bad |= H_MISS(!h_power_on(h), "power on");
	bad |= H_MISS(om_read32(h->om, OM_R_TTB) == od->pt.l1_pa,
		      "the attach was not programmed at power-on");
	bad |= t_rw(h, DA, PA, 64, 16);
	bad |= t_faults(h, DA + SZ_4K, PA + SZ_4K);
	bad |= t_unmap(od, DA, SZ_4K, 1);
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_BLOCKED, NULL);
	t_dom_del(od);
	h_mmu_del(h);
	return bad;
}

static int t_stuck_in_reset(void)
{
	struct om_config cfg;
	struct h_mmu *h;
	int bad = 0, ret;

	om_default_config(&cfg);
	cfg.stuck_in_reset = true;
	h = h_mmu_new(&cfg);
	om_power_off(h->om);
	om_power_on(h->om);
	ret = omap_mmu_power_on(&h->mmu);
	bad |= H_MISS(ret == -ETIMEDOUT, "power on gave %d", ret);
	bad |= H_MISS(!h->mmu.hw_on, "marked powered");
	bad |= H_MISS(om_writes(h->om) == 0, "%llu registers written",
		      (unsigned long long)om_writes(h->om));
	h_mmu_del(h);
	return bad;
}

/* ---- several MMUs ------------------------------------------------- */

static int t_two_mmus(void)
{
	struct h_mmu *h0 = h_mmu_new(NULL), *h1 = h_mmu_new(NULL);
	struct omap_iommu_domain *od = t_dom_new(h0);
	int bad = 0;

	h_power_on(h0);
	h_power_on(h1);
	omap_mmu_set_mode(&h0->mmu, OMAP_MMU_PAGING, od);
	omap_mmu_set_mode(&h1->mmu, OMAP_MMU_PAGING, od);
	bad |= t_map(od, DA, PA, SZ_1M, 1);
	bad |= t_rw(h0, DA + 0x100, PA + 0x100, 512, 17);
	bad |= t_rw(h1, DA + 0x900, PA + 0x900, 512, 18);
	bad |= t_unmap(od, DA, SZ_1M, 1);
	bad |= t_faults(h0, DA + 0x100, PA + 0x100);
	bad |= t_faults(h1, DA + 0x900, PA + 0x900);
	omap_mmu_set_mode(&h0->mmu, OMAP_MMU_BLOCKED, NULL);
	omap_mmu_set_mode(&h1->mmu, OMAP_MMU_BLOCKED, NULL);
	t_dom_del(od);
	h_mmu_del(h1);
	h_mmu_del(h0);
	return bad;
}

/* ---- bad input ---------------------------------------------------- */

static int t_bad_input(void)
{
	struct h_mmu *h = h_mmu_new(NULL);
	struct omap_iommu_domain *od = t_dom_new(h);
	struct iommu_domain *d = &od->domain;
	long live = h_live_allocs, cleans;
	size_t mapped = 0;
	int bad = 0, rw = IOMMU_READ | IOMMU_WRITE;

	h_power_on(h);
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_PAGING, od);
	cleans = h_cleans;
	bad |= H_MISS(omap_domain_map(d, DA, PA, SZ_8K, 1, rw, GFP_KERNEL,
				      &mapped) == -EINVAL, "8 KiB");
	bad |= H_MISS(omap_domain_map(d, DA + SZ_4K, PA, SZ_64K, 1, rw,
				      GFP_KERNEL, &mapped) == -EINVAL,
		      "misaligned device address");
	bad |= H_MISS(omap_domain_map(d, DA, PA + SZ_1M, SZ_16M, 1, rw,
				      GFP_KERNEL, &mapped) == -EINVAL,
		      "misaligned physical address");
	bad |= H_MISS(omap_domain_map(d, DA, SZ_4G, SZ_4K, 1, rw, GFP_KERNEL,
				      &mapped) == -EINVAL, "above 4 GiB");
	bad |= H_MISS(omap_domain_map(d, 0xfff00000u, PA, SZ_1M, 2, rw,
				      GFP_KERNEL, &mapped) == -EINVAL,
		      "past the device address space");
	bad |= H_MISS(omap_domain_map(d, SZ_4G, PA, SZ_4K, 1, rw, GFP_KERNEL,
				      &mapped) == -EINVAL, "iova above 4 GiB");
	bad |= H_MISS(omap_domain_map(d, DA, PA, SZ_4K, 1, 0, GFP_KERNEL,
				      &mapped) == -EINVAL, "no access");
	bad |= H_MISS(mapped == 0, "%zu mapped", mapped);
	bad |= H_MISS(h_cleans == cleans, "the walker's tables were touched");
	bad |= H_MISS(h_live_allocs == live, "allocated");

	/* the level 2 table cannot be allocated */
	h_fail_allocs = 1;
	bad |= H_MISS(omap_domain_map(d, DA, PA, SZ_4K, 1, rw, GFP_KERNEL,
				      &mapped) == -ENOMEM, "no -ENOMEM");
	h_fail_allocs = 0;
	bad |= H_MISS(!od->pt.l1[DA >> 20] && h_live_allocs == live,
		      "half a mapping left");
	bad |= t_faults(h, DA, PA);
	/* an overlap: the section stays as it was */
	bad |= t_map(od, DA, PA, SZ_1M, 1);
	bad |= H_MISS(omap_domain_map(d, DA + SZ_4K, PA, SZ_4K, 1, rw,
				      GFP_KERNEL, &mapped) == -EEXIST,
		      "overlap");
	bad |= t_rw(h, DA + SZ_4K, PA + SZ_4K, 64, 19);
	bad |= t_unmap(od, DA, SZ_1M, 1);
	omap_mmu_set_mode(&h->mmu, OMAP_MMU_BLOCKED, NULL);
	t_dom_del(od);
	h_mmu_del(h);
	return bad;
}

const struct h_case h_cases[] = {
	{ "omap-drv: blocked (all-fault table) at power-up",
	  t_blocked_at_power_up },
	{ "omap-drv: 4K, 64K, 1M, 16M mappings byte for byte", t_each_size },
	{ "omap-drv: identity passes through, blocked faults",
	  t_identity_and_back },
	{ "omap-drv: just-unmapped addresses fault", t_just_unmapped },
	{ "omap-drv: a remap never reads stale data", t_remap_not_stale },
	{ "omap-drv: a 40-page unmap empties the TLB", t_large_unmap },
	{ "omap-drv: state and locked entries survive a power-off",
	  t_power_cycle },
	{ "omap-drv: attach, map and unmap while off touch no register",
	  t_while_off },
	{ "omap-drv: an MMU stuck in reset: -ETIMEDOUT, nothing written",
	  t_stuck_in_reset },
	{ "omap-drv: one domain on two MMUs (DRA7 DSP)", t_two_mmus },
	{ "omap-drv: bad input refused, nothing written or leaked",
	  t_bad_input },
	{ }
};
