// SPDX-License-Identifier: GPL-2.0-only
/*
 * Our IPMMU driver against the IPMMU model: each case brings a modelled
 * IPMMU system up, binds the driver, adds masters through "iommus" cells
 * and checks what the masters' DMA does in the model's memory.  Register
 * offsets the cases peek at are spelled out from the manual here, not
 * taken from the driver.
 *
 * File map:
 *   helpers            SoC presets, a master with a buffer mapped
 *   Gen2 sharing       one group, one domain, one context per IPMMU
 *   Gen3/4             allowlist, contexts, exhaustion, second bank
 *   faults             unmapped, just unmapped, flush timeout
 *   sleep              state after a power loss and resume
 *   runner             main(): TAP
 */
#include "harness.h"

/* Gen2 registers sit behind the non-secure alias at 0x800 */
#define G2_IMCTR0	0x800
#define G2_IMUCTR(n)	(0x800 + 0x300 + (n) * 16)
#define UCTR_CTX(v)	(((v) >> 4) & 0xf)
#define UCTR_EN		0x1

static u32 g3_imuctr(unsigned int n)
{
	return n < 32 ? 0x300 + n * 16 : 0x600 + (n - 32) * 16;
}

static void soc_gen2(void)
{
	hi_soc = (struct soc_device_attribute){ .family = "R-Car Gen2",
						.soc_id = "r8a7791" };
}

static void soc_gen3(void)
{
	hi_soc = (struct soc_device_attribute){ .family = "R-Car Gen3",
						.soc_id = "r8a77965",
						.revision = "ES1.0" };
}

/* map @len bytes at @iova to @pa read-write; 0 or the error */
static int map(struct hi_master *m, u64 iova, u64 pa, size_t len)
{
	return iommu_map(hi_domain(m), iova, pa, len, IOMMU_READ | IOMMU_WRITE,
			 GFP_KERNEL);
}

/* ---- Gen2 sharing ------------------------------------------------------ */

static int gen2_masters_share(void)
{
	static const char * const names[] = { "e6ef0000.vin", "fe930000.vsp",
					      "ee100000.mmc" };
	static const unsigned int ports[] = { 0, 5, 17 };
	struct hi_master m[3];
	struct hi h;
	int i, bad = 0;

	soc_gen2();
	if (hi_up(&h, 0, 2, NULL))
		return 1;
	for (i = 0; i < 3; i++)
		if (H_MISS(!hi_master_add(&h, &m[i], names[i], 0, ports[i]),
			   "%s not added", names[i])) {
			bad = 1;
			goto out;
		}
	for (i = 1; i < 3; i++) {
		bad |= H_MISS(hi_group(&m[i]) == hi_group(&m[0]),
			      "%s in another group", names[i]);
		bad |= H_MISS(hi_domain(&m[i]) == hi_domain(&m[0]),
			      "%s in another domain", names[i]);
	}
	bad |= H_MISS(hi_reg(&h, 0, G2_IMCTR0) & 1, "context 0 not enabled");
	for (i = 0; i < 3; i++) {
		u32 u = hi_reg(&h, 0, G2_IMUCTR(ports[i]));

		bad |= H_MISS((u & UCTR_EN) && UCTR_CTX(u) == 0,
			      "port %u IMUCTR %#x", ports[i], u);
	}
	/* each master's buffer, in the one address space, byte for byte */
	for (i = 0; i < 3 && !bad; i++)
		bad |= H_MISS(!map(&m[i], 0x10000000 + i * 0x100000,
				   HI_DATA_PA + i * 0x10000, 0x3000),
			      "map for %s", names[i]) ||
		       hi_roundtrip(&h, &m[i], 0x10000000 + i * 0x100000,
				    HI_DATA_PA + i * 0x10000, 0x3000, i);
	/* one space: the first master sees what the third one mapped */
	if (!bad)
		bad |= hi_roundtrip(&h, &m[0], 0x10200000, HI_DATA_PA + 0x20000,
				    256, 9);
	bad |= H_MISS(!kshim_last_fault.count || !h.irq_unhandled,
		      "no fault expected");
out:
	while (--i >= 0)
		hi_master_del(&m[i]);
	hi_down(&h);
	return bad;
}

static int gen2_two_ipmmus_apart(void)
{
	struct hi h0, h1;
	struct hi_master a, b;
	u8 buf[8] = { 0 };
	int bad = 1;

	soc_gen2();
	if (hi_up(&h0, 0, 2, NULL))
		return 1;
	if (hi_up(&h1, 1, 2, NULL))
		goto out0;
	if (H_MISS(!hi_master_add(&h0, &a, "e6ef0000.vin", 0, 1), "a") ||
	    H_MISS(!hi_master_add(&h1, &b, "e6ef1000.vin", 0, 1), "b"))
		goto out1;
	bad = H_MISS(hi_group(&a) != hi_group(&b), "two IPMMUs, one group") |
	      H_MISS(hi_domain(&a) != hi_domain(&b), "two IPMMUs, one domain");
	bad |= H_MISS(!map(&a, 0x20000000, HI_DATA_PA, 0x1000), "map a") ||
	       hi_roundtrip(&h0, &a, 0x20000000, HI_DATA_PA, 0x1000, 1);
	/* b's IPMMU has its own table: a's mapping is not there */
	kshim_last_fault.count = 0;
	bad |= H_MISS(hi_dma(&h1, &b, 0x20000000, buf, 8, false) ==
		      IPM_FAULT && kshim_last_fault.count == 1,
		      "b must fault on a's IOVA");
	hi_master_del(&b);
	hi_master_del(&a);
out1:
	hi_down(&h1);
out0:
	hi_down(&h0);
	return bad;
}

static int gen2_group_moves_to_new_domain(void)
{
	struct hi_master a, b, *all[2] = { &a, &b };
	struct iommu_domain *dflt, *d;
	struct hi h;
	int bad = 1;

	soc_gen2();
	if (hi_up(&h, 0, 2, NULL))
		return 1;
	if (H_MISS(!hi_master_add(&h, &a, "a.dev", 0, 2), "a") ||
	    H_MISS(!hi_master_add(&h, &b, "b.dev", 0, 3), "b"))
		goto out;
	dflt = hi_domain(&a);
	bad = H_MISS(!map(&a, 0x30000000, HI_DATA_PA, 0x1000), "map dflt") ||
	      hi_roundtrip(&h, &b, 0x30000000, HI_DATA_PA, 0x1000, 2);
	d = kshim_iommu_domain_alloc(&a.dev, IOMMU_DOMAIN_UNMANAGED);
	if (H_MISS(!IS_ERR_OR_NULL(d), "no second domain"))
		goto out_masters;
	/* the one context goes to the new domain, for both masters */
	bad |= H_MISS(!hi_group_attach(d, all, 2), "group attach");
	bad |= H_MISS(!iommu_map(d, 0x30000000, HI_DATA_PA + 0x8000, 0x1000,
				 IOMMU_READ | IOMMU_WRITE, GFP_KERNEL), "map d");
	bad |= hi_roundtrip(&h, &a, 0x30000000, HI_DATA_PA + 0x8000, 0x1000, 3) ||
	       hi_roundtrip(&h, &b, 0x30000000, HI_DATA_PA + 0x8000, 0x1000, 4);
	/* and back, to the default domain and its table */
	bad |= H_MISS(!hi_group_attach(dflt, all, 2), "back to default");
	bad |= hi_roundtrip(&h, &a, 0x30000000, HI_DATA_PA, 0x1000, 5);
	kshim_iommu_domain_free(d);
out_masters:
	hi_master_del(&b);
	hi_master_del(&a);
out:
	hi_down(&h);
	return bad;
}

/* ---- Gen3/4 ------------------------------------------------------------- */

static int gen3_allowed_master_translates(void)
{
	struct hi_master mmc, vin;
	struct hi h;
	u32 u;
	int bad = 1;

	soc_gen3();
	if (hi_up(&h, 0, 3, NULL))
		return 1;
	if (H_MISS(!hi_master_add(&h, &mmc, "ee100000.mmc", 1, 7), "mmc") ||
	    H_MISS(!hi_master_add(&h, &vin, "ee120000.mmc", 2, 7), "mmc2"))
		goto out;
	u = hi_reg(&h, 1, g3_imuctr(7));
	bad = H_MISS((u & UCTR_EN) && UCTR_CTX(u) >= 1,
		     "port 7 IMUCTR %#x: context 0 is the firmware's", u);
	bad |= H_MISS(hi_group(&mmc) != hi_group(&vin), "one group per master");
	bad |= H_MISS(UCTR_CTX(hi_reg(&h, 2, g3_imuctr(7))) != UCTR_CTX(u),
		      "two domains, one context");
	bad |= H_MISS(!map(&mmc, 0x1000000, HI_DATA_PA + 0x4000, 0x2000), "map") ||
	       hi_roundtrip(&h, &mmc, 0x1000000, HI_DATA_PA + 0x4000, 0x2000, 6);
	hi_master_del(&vin);
	hi_master_del(&mmc);
out:
	hi_down(&h);
	return bad;
}

static int gen3_master_not_allowed_never_translates(void)
{
	struct hi_master vin;
	u8 buf[64], back[64];
	struct hi h;
	int bad = 0, ret;

	soc_gen3();
	if (hi_up(&h, 0, 3, NULL))
		return 1;
	kshim_last_fault.count = 0;
	ret = hi_master_add(&h, &vin, "e6ef0000.vin", 1, 9);
	bad |= H_MISS(ret == -ENODEV, "of_xlate gave %d, not -ENODEV", ret);
	bad |= H_MISS(hi_reg(&h, 1, g3_imuctr(9)) == 0,
		      "its port must stay off");
	/* its DMA reaches memory at the address it names, untranslated */
	hi_fill(buf, sizeof(buf), 11);
	bad |= H_MISS(hi_dma(&h, &vin, HI_DATA_PA + 0x100, buf, sizeof(buf),
			     true) == IPM_BYPASS, "not bypassed");
	mdl_mem_read(ipm_mem(h.m), HI_DATA_PA + 0x100, back, sizeof(back));
	bad |= H_MISS(!memcmp(buf, back, sizeof(buf)), "bytes not at pa == iova");
	bad |= H_MISS(!kshim_last_fault.count, "no fault may be reported");
	hi_down(&h);
	return bad;
}

static int gen3_denied_soc_allows_nobody(void)
{
	struct hi_master mmc;
	struct hi h;
	int bad, ret;

	hi_soc = (struct soc_device_attribute){ .family = "R-Car Gen3",
						.soc_id = "r8a7795",
						.revision = "ES2.0" };
	if (hi_up(&h, 0, 3, NULL))
		return 1;
	ret = hi_master_add(&h, &mmc, "ee100000.mmc", 1, 3);
	bad = H_MISS(ret == -ENODEV, "allowed on a denied SoC: %d", ret);
	hi_down(&h);
	return bad;
}

static int gen3_contexts_exhausted(void)
{
	struct hi_master m[8];
	char name[8][16];
	struct hi h;
	int i, n = 0, bad = 0, ret;

	soc_gen2();	/* not an opt-in SoC: every master is allowed */
	if (hi_up(&h, 0, 3, NULL))
		return 1;
	for (i = 0; i < 7; i++) {
		snprintf(name[i], sizeof(name[i]), "m%d.dev", i);
		if (H_MISS(!hi_master_add(&h, &m[i], name[i], 1, i), "%s", name[i])) {
			bad = 1;
			goto out;
		}
		n++;
	}
	/* contexts 1..7 taken; the eighth master finds none */
	ret = hi_master_add(&h, &m[7], "m7.dev", 1, 7);
	bad |= H_MISS(ret == -ENOSPC, "eighth master: %d, not -ENOSPC", ret);
	/* a master gone gives its context back */
	hi_master_del(&m[3]);
	ret = hi_master_add(&h, &m[3], "m7.dev", 1, 7);
	bad |= H_MISS(!ret, "context not given back: %d", ret);
	bad |= H_MISS(!map(&m[3], 0x40000000, HI_DATA_PA, 0x1000), "map") ||
	       hi_roundtrip(&h, &m[3], 0x40000000, HI_DATA_PA, 0x1000, 7);
out:
	while (--n >= 0)
		hi_master_del(&m[n]);
	hi_down(&h);
	return bad;
}

static int gen4_second_context_bank(void)
{
	struct hi_master m[9];
	char name[9][16];
	struct hi h;
	int i, n = 0, bad = 0;

	soc_gen2();
	if (hi_up(&h, 0, 4, NULL))
		return 1;
	for (i = 0; i < 9; i++) {
		snprintf(name[i], sizeof(name[i]), "g4m%d.dev", i);
		if (H_MISS(!hi_master_add(&h, &m[i], name[i], 1, 32 + i),
			   "%s", name[i])) {
			bad = 1;
			goto out;
		}
		n++;
	}
	/* the ninth master's context is 9, in the second bank */
	bad |= H_MISS(!map(&m[8], 0x50000000, HI_DATA_PA + 0x9000, 0x1000),
		      "map") ||
	       hi_roundtrip(&h, &m[8], 0x50000000, HI_DATA_PA + 0x9000, 0x1000, 8);
	bad |= H_MISS(mdl_log_count(ipm_log(h.m), MDL_EV_ACCESS) == 0,
		      "the driver touched offsets that are no register");
out:
	while (--n >= 0)
		hi_master_del(&m[n]);
	hi_down(&h);
	return bad;
}

/* ---- faults ------------------------------------------------------------- */

static int fault_unmapped(void)
{
	struct hi_master m;
	struct mdl_snap *snap;
	u8 buf[32] = { 1, 2, 3 };
	struct hi h;
	int bad = 1;

	soc_gen3();
	if (hi_up(&h, 0, 3, NULL))
		return 1;
	if (H_MISS(!hi_master_add(&h, &m, "ee140000.mmc", 1, 4), "add"))
		goto out;
	bad = H_MISS(!map(&m, 0x60000000, HI_DATA_PA, 0x1000), "map");
	snap = mdl_snap_take(ipm_mem(h.m), HI_DATA_PA, 0x2000);
	kshim_last_fault.count = 0;
	bad |= H_MISS(hi_dma(&h, &m, 0x60001040, buf, sizeof(buf), true) ==
		      IPM_FAULT, "unmapped write not stopped");
	bad |= H_MISS(kshim_last_fault.count == 1 &&
		      kshim_last_fault.iova == 0x60001040 &&
		      kshim_last_fault.dev == &m.dev,
		      "fault not reported for the master and IOVA (%lu, %#lx)",
		      kshim_last_fault.count, kshim_last_fault.iova);
	bad |= H_MISS(!ipm_irq(h.m) && !h.irq_unhandled,
		      "the handler must clear IMSTR");
	bad |= H_MISS(mdl_snap_diff(ipm_mem(h.m), snap) < 0, "memory changed");
	mdl_snap_free(snap);
	hi_master_del(&m);
out:
	hi_down(&h);
	return bad;
}

static int fault_just_unmapped(unsigned int gen)
{
	struct hi_master m;
	struct mdl_snap *snap;
	u8 buf[64];
	struct hi h;
	size_t gone;
	int bad = 1;

	gen == 2 ? soc_gen2() : soc_gen3();
	if (hi_up(&h, 0, gen, NULL))
		return 1;
	/* on Gen3 the cache instance keeps a copy the root's flush spares */
	if (H_MISS(!hi_master_add(&h, &m, "ee100000.mmc", gen == 2 ? 0 : 1, 6),
		   "add"))
		goto out;
	bad = H_MISS(!map(&m, 0x70000000, HI_DATA_PA + 0x3000, 0x1000), "map") ||
	      hi_roundtrip(&h, &m, 0x70000000, HI_DATA_PA + 0x3000, 0x1000, 12);
	/* the translation is cached now; unmapping must flush it */
	gone = iommu_unmap(hi_domain(&m), 0x70000000, 0x1000);
	bad |= H_MISS(gone == 0x1000, "unmapped %zu bytes", gone);
	snap = mdl_snap_take(ipm_mem(h.m), HI_DATA_PA + 0x3000, 0x1000);
	kshim_last_fault.count = 0;
	hi_fill(buf, sizeof(buf), 13);
	bad |= H_MISS(hi_dma(&h, &m, 0x70000010, buf, sizeof(buf), true) ==
		      IPM_FAULT, "DMA to a just-unmapped IOVA went through");
	bad |= H_MISS(kshim_last_fault.count == 1 &&
		      kshim_last_fault.iova == 0x70000010, "fault not reported");
	bad |= H_MISS(mdl_snap_diff(ipm_mem(h.m), snap) < 0,
		      "the old buffer was written");
	mdl_snap_free(snap);
	hi_master_del(&m);
out:
	hi_down(&h);
	return bad;
}

static int fault_names_no_departed_master(void)
{
	struct hi_master a, b;
	u8 buf[8] = { 0 };
	struct hi h;
	int bad = 1;

	soc_gen2();
	if (hi_up(&h, 0, 2, NULL))
		return 1;
	if (H_MISS(!hi_master_add(&h, &a, "a.dev", 0, 1), "a") ||
	    H_MISS(!hi_master_add(&h, &b, "b.dev", 0, 2), "b"))
		goto out;
	/* b attached last and leaves: a fault of a must not name b */
	hi_master_del(&b);
	kshim_last_fault.count = 0;
	bad = H_MISS(hi_dma(&h, &a, 0x7f000000, buf, 8, false) == IPM_FAULT,
		     "unmapped read not stopped");
	bad |= H_MISS(kshim_last_fault.count == 1 &&
		      kshim_last_fault.dev != &b.dev,
		      "the fault names a master that left");
	hi_master_del(&a);
out:
	hi_down(&h);
	return bad;
}

static int fault_just_unmapped_gen2(void) { return fault_just_unmapped(2); }
static int fault_just_unmapped_gen3(void) { return fault_just_unmapped(3); }

static int flush_timeout_propagates(void)
{
	struct hi_master m, late;
	struct hi h;
	int bad = 1, ret;

	soc_gen3();
	if (hi_up(&h, 0, 3, NULL))
		return 1;
	if (H_MISS(!hi_master_add(&h, &m, "ee100000.mmc", 1, 2), "add"))
		goto out;
	bad = H_MISS(!map(&m, 0x1000000, HI_DATA_PA, 0x2000), "map");
	ipm_set_flush_stuck(h.m, true);
	iommu_unmap(hi_domain(&m), 0x1000000, 0x1000);
	ret = map(&m, 0x2000000, HI_DATA_PA, 0x1000);
	bad |= H_MISS(ret == -EIO, "map after a timed-out flush: %d", ret);
	/* a new context's first flush times out too: the attach fails */
	ret = hi_master_add(&h, &late, "ee160000.mmc", 2, 2);
	bad |= H_MISS(ret == -ETIMEDOUT, "attach with a stuck flush: %d", ret);
	ipm_set_flush_stuck(h.m, false);
	hi_master_del(&m);
out:
	hi_down(&h);
	return bad;
}

/* ---- sleep ---------------------------------------------------------------- */

static int suspend_resume_keeps_state(unsigned int gen)
{
	struct hi_master a, b;
	struct hi h;
	int bad = 1, ret;

	gen == 2 ? soc_gen2() : soc_gen3();
	if (hi_up(&h, 0, gen, NULL))
		return 1;
	if (H_MISS(!hi_master_add(&h, &a, "ee100000.mmc", gen == 2 ? 0 : 1, 1),
		   "a") ||
	    H_MISS(!hi_master_add(&h, &b, "ee120000.mmc", gen == 2 ? 0 : 2, 40 % 32),
		   "b"))
		goto out;
	bad = H_MISS(!map(&a, 0x8000000, HI_DATA_PA, 0x2000), "map a") ||
	      H_MISS(!map(&b, 0x9000000, HI_DATA_PA + 0x6000, 0x1000), "map b");
	ret = hi_suspend_resume(&h);
	bad |= H_MISS(!ret, "resume: %d", ret);
	bad |= hi_roundtrip(&h, &a, 0x8000000, HI_DATA_PA, 0x2000, 14) ||
	       hi_roundtrip(&h, &b, 0x9000000, HI_DATA_PA + 0x6000, 0x1000, 15);
	/* and mappings made after the resume are seen */
	bad |= H_MISS(!map(&a, 0xa000000, HI_DATA_PA + 0xa000, 0x1000), "map") ||
	       hi_roundtrip(&h, &a, 0xa000000, HI_DATA_PA + 0xa000, 0x1000, 16);
	hi_master_del(&b);
	hi_master_del(&a);
out:
	hi_down(&h);
	return bad;
}

static int suspend_gen2(void) { return suspend_resume_keeps_state(2); }
static int suspend_gen3(void) { return suspend_resume_keeps_state(3); }

const struct h_case h_cases[] = {
	{ "gen2: masters of one IPMMU share group, domain and context",
	  gen2_masters_share },
	{ "gen2: two IPMMUs, two groups and tables", gen2_two_ipmmus_apart },
	{ "gen2: the group moves to a new domain and back",
	  gen2_group_moves_to_new_domain },
	{ "gen3: allowed masters translate, own groups, context 0 unused",
	  gen3_allowed_master_translates },
	{ "gen3: a master outside the allowlist never translates",
	  gen3_master_not_allowed_never_translates },
	{ "gen3: a denied SoC allows nobody", gen3_denied_soc_allows_nobody },
	{ "gen3: contexts exhausted, then given back", gen3_contexts_exhausted },
	{ "gen4: a context in the second bank", gen4_second_context_bank },
	{ "fault: unmapped IOVA", fault_unmapped },
	{ "fault: just-unmapped IOVA (gen2)", fault_just_unmapped_gen2 },
	{ "fault: just-unmapped IOVA behind a cache IPMMU (gen3)",
	  fault_just_unmapped_gen3 },
	{ "fault: a master that left is not named", fault_names_no_departed_master },
	{ "flush timeout reaches map and attach", flush_timeout_propagates },
	{ "suspend: gen2 state restored", suspend_gen2 },
	{ "suspend: gen3 contexts and ports restored", suspend_gen3 },
	{ NULL, NULL }
};

/* ---- runner ---------------------------------------------------------------- */

int main(int argc, char **argv)
{
	const char *only = getenv("HI_ONLY");
	const struct h_case *c;
	int n = 0, total = 0, failed = 0, r;

	for (c = h_cases; c->name; c++)
		total++;
	printf("TAP version 13\n1..%d\n", total);
	for (c = h_cases; c->name; c++) {
		n++;
		if (only && !strstr(c->name, only)) {
			printf("ok %d - ipmmu: %s # SKIP HI_ONLY\n", n, c->name);
			continue;
		}
		r = c->fn();
		printf("%sok %d - ipmmu: %s\n", r ? "not " : "", n, c->name);
		failed += !!r;
		fflush(stdout);
	}
	printf("# ipmmu driver: %d of %d failed\n", failed, total);
	return failed ? 1 : 0;
}
