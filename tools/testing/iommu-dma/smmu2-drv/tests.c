// SPDX-License-Identifier: GPL-2.0-only
/*
 * SMMUv2 driver tests, part 1: the TAP runner and translation through
 * every domain type.  Each case brings a model up, lets the driver under
 * test probe it, and checks what simulated devices see, byte for byte in
 * the model's memory.
 *
 * File map:
 *   runner             main(): cases of both files, TAP
 *   cases              probe, AArch64 4K pages and 2M blocks, AArch32
 *                      LPAE, stage 2, two domains, identity, blocked
 */
#include "harness.h"
#include "smmu2-regs.h"

const char *h_skip_why;

#ifdef KSHIM_DRIVER_BASE
const char *h_driver = "base";
#else
const char *h_driver = "ours";
#endif

bool h_ours(void)
{
	return !strcmp(h_driver, "ours");
}

/* a master with one stream ID in a DMA domain of a fresh model */
static int h_one(struct h2 *h, struct h2_master *m, const struct smmu2_config *c,
		 u32 sid)
{
	int ret = h2_up(h, c, "arm,mmu-500");

	if (H_MISS(!ret, "driver probe: %d", ret))
		return 1;
	ret = h2_master_add(h, m, "dev0", &sid, NULL, 1, IOMMU_DOMAIN_DMA);
	if (H_MISS(!ret, "master probe: %d", ret)) {
		h2_down(h);
		return 1;
	}
	return 0;
}

static void h_done(struct h2 *h, struct h2_master *m, int n)
{
	while (n--)
		h2_master_del(&m[n]);
	h2_down(h);
}

/* ---- cases ----------------------------------------------------------- */

static int c_probe(void)
{
	struct h2 h;
	int bad;

	if (H_MISS(!h2_up(&h, NULL, "arm,mmu-500"), "probe failed"))
		return 1;
	bad = H_MISS(!(h2_gr0(&h, SM2_SCR0) & SM2_SCR0_CLIENTPD),
		     "sCR0.CLIENTPD still set after the driver's reset") ||
	      H_MISS(!mdl_log_count(smmu2_log(h.m), MDL_EV_ACCESS),
		     "%llu register accesses the architecture refuses",
		     mdl_log_count(smmu2_log(h.m), MDL_EV_ACCESS)) ||
	      H_MISS(kshim_irq_handlers(H2_IRQ_GLOBAL) == 1,
		     "global fault handler not registered");
	h2_down(&h);
	bad |= H_MISS(!kshim_irq_handlers(H2_IRQ_GLOBAL),
		      "handler left after unbind");
	return bad;
}

/* four 4 KiB pages to scattered PAs, one transaction across them */
static int c_pages_4k(void)
{
	static const u64 pa[4] = { 0x5000, 0x2000, 0x9000, 0x1000 };
	struct h2_master m;
	struct iommu_domain *d;
	struct h2 h;
	u64 iova = 0x10000;
	int i, bad = 0;

	if (h_one(&h, &m, NULL, 0x10))
		return 1;
	d = h2_domain(&m);
	for (i = 0; i < 4 && !bad; i++)
		bad = H_MISS(!iommu_map(d, iova + i * SZ_4K, H2_DATA_PA + pa[i],
					SZ_4K, IOMMU_READ | IOMMU_WRITE,
					GFP_KERNEL), "map page %d", i);
	for (i = 0; i < 4 && !bad; i++)
		bad = H_MISS(iommu_iova_to_phys(d, iova + i * SZ_4K + 8) ==
			     H2_DATA_PA + pa[i] + 8, "iova_to_phys page %d", i);
	/* one 16 KiB transaction, then each page on its own */
	for (i = 0; i < 4 && !bad; i++)
		bad = h2_roundtrip(&h, 0x10, iova + i * SZ_4K,
				   H2_DATA_PA + pa[i], SZ_4K, i);
	if (!bad) {
		u8 buf[4 * SZ_4K], got[SZ_4K];

		h2_fill(buf, sizeof(buf), 99);
		bad = H_MISS(h2_dma(&h, 0x10, iova, buf, sizeof(buf), true) ==
			     SMMU2_OK, "16K write");
		for (i = 0; i < 4 && !bad; i++) {
			mdl_mem_read(smmu2_mem(h.m), H2_DATA_PA + pa[i], got,
				     SZ_4K);
			bad = H_MISS(!memcmp(got, buf + i * SZ_4K, SZ_4K),
				     "page %d of the 16K write misplaced", i);
		}
	}
	h_done(&h, &m, 1);
	return bad;
}

/* the one bank with translation on (SCTLR.M), or -1 */
static int h_live_bank(struct h2 *h)
{
	int cb, found = -1;

	for (cb = 0; cb < (int)h->cfg.num_cb; cb++) {
		if (!(h2_cb(h, cb, SM2_CB_SCTLR) & SM2_SCTLR_M))
			continue;
		if (found >= 0)
			return -1;
		found = cb;
	}
	return found;
}

static u32 h_gr1(struct h2 *h, u32 off)
{
	return smmu2_read32(h->m, smmu2_gr1_base(h->m) + off);
}

static bool h_tlb_has_block(struct h2 *h, unsigned int size_lg2)
{
	struct mdl_tlb *t = smmu2_tlb(h->m);
	unsigned int i;

	for (i = 0; i < t->n; i++)
		if (t->ent[i].valid && t->ent[i].size_lg2 == size_lg2)
			return true;
	return false;
}

static int c_blocks_2m(void)
{
	struct h2_master m;
	struct h2 h;
	u64 iova = 0x40000000, pa = H2_DATA_PA + SZ_2M * 3;
	int bad;

	if (h_one(&h, &m, NULL, 0x11))
		return 1;
	bad = H_MISS(!iommu_map(h2_domain(&m), iova, pa, SZ_2M,
				IOMMU_READ | IOMMU_WRITE, GFP_KERNEL), "map") ||
	      h2_roundtrip(&h, 0x11, iova, pa, SZ_4K, 1) ||
	      h2_roundtrip(&h, 0x11, iova + SZ_2M - SZ_8K, pa + SZ_2M - SZ_8K,
			   SZ_8K, 2) ||
	      H_MISS(h_tlb_has_block(&h, 21),
		     "no 2 MiB translation cached: the mapping is not a block");
	h_done(&h, &m, 1);
	return bad;
}

/* an SMMU offering only the AArch32 long-descriptor format */
static int c_aarch32_lpae(void)
{
	struct smmu2_config c;
	struct h2_master m;
	struct h2 h;
	int bad, cb;

	smmu2_default_config(&c);
	c.aarch64_4k = false;
	c.aarch64_64k = false;
	c.ias = 40;
	c.oas = 40;
	if (h_one(&h, &m, &c, 0x12))
		return 1;
	bad = H_MISS(!iommu_map(h2_domain(&m), 0x200000, H2_DATA_PA + 0x7000,
				SZ_4K, IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
		     "map") ||
	      H_MISS(!iommu_map(h2_domain(&m), 0x400000, H2_DATA_PA + SZ_2M,
				SZ_2M, IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
		     "map block") ||
	      h2_roundtrip(&h, 0x12, 0x200000, H2_DATA_PA + 0x7000, 256, 3) ||
	      h2_roundtrip(&h, 0x12, 0x400000 + SZ_1M,
			   H2_DATA_PA + SZ_2M + SZ_1M, SZ_4K, 4);
	cb = h_live_bank(&h);
	bad = bad || H_MISS(cb >= 0, "no single live bank") ||
	      H_MISS(!(h_gr1(&h, SM2_CBA2R(cb)) & SM2_CBA2R_VA64),
		     "bank %d is AArch64 (CBA2R.VA64)", cb) ||
	      H_MISS(!mdl_log_count(smmu2_log(h.m), MDL_EV_CONFIG),
		     "the model could not honour the programming");
	h_done(&h, &m, 1);
	return bad;
}

/* an SMMU with stage 2 only: the driver must use a stage 2 context */
static int c_stage2(void)
{
	struct smmu2_config c;
	struct h2_master m;
	struct h2 h;
	int bad, cb;

	smmu2_default_config(&c);
	c.s1 = false;
	c.num_s2cb = c.num_cb;
	if (h_one(&h, &m, &c, 0x13))
		return 1;
	bad = H_MISS(!iommu_map(h2_domain(&m), 0x300000, H2_DATA_PA + 0xa000,
				SZ_4K, IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
		     "map") ||
	      H_MISS(!iommu_map(h2_domain(&m), 0x800000, H2_DATA_PA + SZ_4M,
				SZ_2M, IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
		     "map block") ||
	      h2_roundtrip(&h, 0x13, 0x300000, H2_DATA_PA + 0xa000, SZ_4K, 5) ||
	      h2_roundtrip(&h, 0x13, 0x800000 + SZ_8K,
			   H2_DATA_PA + SZ_4M + SZ_8K, SZ_4K, 6);
	cb = h_live_bank(&h);
	bad = bad || H_MISS(cb >= 0, "no single live bank") ||
	      H_MISS(mdl_get(h_gr1(&h, SM2_CBAR(cb)), SM2_CBAR_TYPE) ==
		     SM2_CBAR_S2, "bank %d is not a stage 2 context", cb);
	h_done(&h, &m, 1);
	return bad;
}

/* two masters, two domains, the same IOVA: each sees its own page */
static int c_two_domains(void)
{
	static const u32 sa = 0x20, sb = 0x21;
	struct h2_master m[2];
	struct h2 h;
	u8 a[64], b[64], got[64];
	int bad;

	if (h_one(&h, &m[0], NULL, sa))
		return 1;
	if (H_MISS(!h2_master_add(&h, &m[1], "dev1", &sb, NULL, 1,
				  IOMMU_DOMAIN_DMA), "second master")) {
		h_done(&h, m, 1);
		return 1;
	}
	h2_fill(a, sizeof(a), 7);
	h2_fill(b, sizeof(b), 8);
	mdl_mem_write(smmu2_mem(h.m), H2_DATA_PA + 0x1000, a, sizeof(a));
	mdl_mem_write(smmu2_mem(h.m), H2_DATA_PA + 0x2000, b, sizeof(b));
	bad = H_MISS(h2_domain(&m[0]) != h2_domain(&m[1]),
		     "both devices in one domain") ||
	      H_MISS(!iommu_map(h2_domain(&m[0]), 0x5000, H2_DATA_PA + 0x1000,
				SZ_4K, IOMMU_READ, GFP_KERNEL), "map a") ||
	      H_MISS(!iommu_map(h2_domain(&m[1]), 0x5000, H2_DATA_PA + 0x2000,
				SZ_4K, IOMMU_READ, GFP_KERNEL), "map b");
	if (!bad) {
		bad = H_MISS(h2_dma(&h, sa, 0x5000, got, 64, false) == SMMU2_OK &&
			     !memcmp(got, a, 64), "device a read a's page") ||
		      H_MISS(h2_dma(&h, sb, 0x5000, got, 64, false) == SMMU2_OK &&
			     !memcmp(got, b, 64), "device b read b's page");
	}
	h_done(&h, m, 2);
	return bad;
}

static int c_identity(void)
{
	static const u32 sid = 0x14;
	struct h2_master m;
	struct h2 h;
	u8 buf[128], got[128];
	u64 pa = H2_DATA_PA + 0x33000;
	int bad;

	if (H_MISS(!h2_up(&h, NULL, "arm,mmu-500"), "probe"))
		return 1;
	if (H_MISS(!h2_master_add(&h, &m, "dev0", &sid, NULL, 1,
				  IOMMU_DOMAIN_IDENTITY), "master")) {
		h2_down(&h);
		return 1;
	}
	h2_fill(buf, sizeof(buf), 11);
	bad = H_MISS(h2_domain(&m)->type == IOMMU_DOMAIN_IDENTITY,
		     "not an identity domain") ||
	      H_MISS(h2_dma(&h, sid, pa, buf, sizeof(buf), true) ==
		     SMMU2_BYPASS, "write did not bypass");
	if (!bad) {
		mdl_mem_read(smmu2_mem(h.m), pa, got, sizeof(got));
		bad = H_MISS(!memcmp(buf, got, sizeof(got)),
			     "bypassed write missed its PA");
	}
	h_done(&h, &m, 1);
	return bad;
}

static int c_blocked(void)
{
	struct iommu_domain *dma, *blk;
	struct h2_master m;
	struct h2 h;
	struct mdl_snap *snap;
	u8 buf[64];
	int bad;

	if (h_one(&h, &m, NULL, 0x15))
		return 1;
	dma = h2_domain(&m);
	blk = kshim_iommu_domain_alloc(&m.dev, IOMMU_DOMAIN_BLOCKED);
	if (H_MISS(!IS_ERR_OR_NULL(blk), "the driver has no blocked domain")) {
		h_done(&h, &m, 1);
		return 1;
	}
	h2_fill(buf, sizeof(buf), 12);
	snap = mdl_snap_take(smmu2_mem(h.m), H2_DATA_PA, SZ_8K);
	bad = H_MISS(!iommu_map(dma, 0x6000, H2_DATA_PA, SZ_8K,
				IOMMU_READ | IOMMU_WRITE, GFP_KERNEL), "map") ||
	      H_MISS(!kshim_iommu_attach(blk, &m.dev), "attach blocked") ||
	      H_MISS(h2_dma(&h, 0x15, 0x6000, buf, sizeof(buf), true) ==
		     SMMU2_FAULT, "write through a blocked domain got out") ||
	      H_MISS(h2_dma(&h, 0x15, H2_DATA_PA, buf, sizeof(buf), true) ==
		     SMMU2_FAULT, "blocked domain bypassed") ||
	      H_MISS(mdl_snap_diff(smmu2_mem(h.m), snap) < 0,
		     "memory changed through a blocked domain") ||
	      H_MISS(!kshim_iommu_attach(dma, &m.dev), "back to DMA") ||
	      h2_roundtrip(&h, 0x15, 0x6000, H2_DATA_PA, 64, 13);
	mdl_snap_free(snap);
	h_done(&h, &m, 1);
	return bad;
}

/* an unmapped read faults and moves nothing */
static int h_fault_unmapped_read(struct h2 *h, u32 sid, u64 iova)
{
	u8 buf[16];

	return H_MISS(h2_dma(h, sid, iova, buf, sizeof(buf), false) ==
		      SMMU2_FAULT, "read at unmapped %#llx got through", iova);
}

/* a fresh model of @c under @compat, one master, a page both ways */
static int h_variant(const struct smmu2_config *c, const char *compat,
		     u32 sid)
{
	struct h2_master m;
	struct h2 h;
	int ret, bad;

	ret = h2_up(&h, c, compat);
	if (H_MISS(!ret, "%s: driver probe: %d", compat, ret))
		return 1;
	ret = h2_master_add(&h, &m, "dev0", &sid, NULL, 1, IOMMU_DOMAIN_DMA);
	if (H_MISS(!ret, "master %#x: %d", sid, ret)) {
		h2_down(&h);
		return 1;
	}
	bad = H_MISS(!iommu_map(h2_domain(&m), 0x5000, H2_DATA_PA + 0x3000,
				SZ_4K, IOMMU_READ | IOMMU_WRITE, GFP_KERNEL),
		     "map") ||
	      h2_roundtrip(&h, sid, 0x5000, H2_DATA_PA + 0x3000, 128, 14) ||
	      h_fault_unmapped_read(&h, sid, 0x9000) ||
	      H_MISS(!mdl_log_count(smmu2_log(h.m), MDL_EV_ACCESS),
		     "register accesses the architecture refuses");
	h_done(&h, &m, 1);
	return bad;
}

/*
 * SMMUv1: AArch32 LPAE only, no CBA2R.  The generic compatible: 6.12
 * takes arm,mmu-401 for a v1 with the AArch64 64K format and CBA2R,
 * which the architecture's v1 (and so the model) does not have.
 */
static int c_smmu_v1(void)
{
	struct smmu2_config c;

	smmu2_default_config(&c);
	c.version = 1;
	c.aarch64_4k = false;
	c.aarch64_64k = false;
	c.ias = 40;
	c.oas = 40;
	return h_variant(&c, "arm,smmu-v1", 0x16);
}

/* no SMRs: the stream ID indexes the S2CRs */
static int c_stream_indexing(void)
{
	struct smmu2_config c;

	smmu2_default_config(&c);
	c.stream_match = false;
	c.sid_bits = 7;
	c.num_smr = 128;
	return h_variant(&c, "arm,mmu-500", 0x45);
}

/* extended stream IDs: a 16-bit ID only EXIDENABLE can match */
static int c_extended_ids(void)
{
	struct smmu2_config c;

	smmu2_default_config(&c);
	c.exids = true;
	c.sid_bits = 16;
	return h_variant(&c, "arm,mmu-500", 0xc123);
}

const struct h_case h_xlate_cases[] = {
	{ "probe: ID registers read, reset leaves translation on", c_probe },
	{ "DMA domain, AArch64 4K pages: bytes land at each page's PA",
	  c_pages_4k },
	{ "DMA domain, 2M block: bytes land, the TLB holds a 2M entry",
	  c_blocks_2m },
	{ "DMA domain, AArch32 LPAE context (no AArch64 formats)",
	  c_aarch32_lpae },
	{ "DMA domain, stage 2 only SMMU", c_stage2 },
	{ "SMMUv1 (arm,smmu-v1), AArch32 LPAE", c_smmu_v1 },
	{ "stream indexing (no SMRs)", c_stream_indexing },
	{ "extended stream IDs: a 16-bit stream", c_extended_ids },
	{ "two domains, one IOVA: each device sees its own page",
	  c_two_domains },
	{ "identity domain: transactions bypass to PA == IOVA", c_identity },
	{ "blocked domain: transactions fault, memory unchanged", c_blocked },
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	const struct h_case *sets[] = { h_xlate_cases, h_fault_cases };
	const char *prefix = argc > 2 && !strcmp(argv[1], "--prefix") ?
			     argv[2] : h_driver;
	const char *only = getenv("H2_ONLY");
	int n = 0, failed = 0, total = 0, s, r;
	const struct h_case *c;

	for (s = 0; s < 2; s++)
		for (c = sets[s]; c->name; c++)
			total++;
	printf("TAP version 13\n1..%d\n", total);
	for (s = 0; s < 2; s++) {
		for (c = sets[s]; c->name; c++) {
			n++;
			if (only && !strstr(c->name, only)) {
				printf("ok %d - %s: %s # SKIP H2_ONLY\n", n,
				       prefix, c->name);
				continue;
			}
			h_skip_why = NULL;
			r = c->fn();
			if (r == H_SKIP)
				printf("ok %d - %s: %s # SKIP %s\n", n, prefix,
				       c->name, h_skip_why);
			else
				printf("%sok %d - %s: %s\n", r ? "not " : "", n,
				       prefix, c->name);
			failed += r == 1;
			fflush(stdout);
		}
	}
	printf("# %s: %d of %d failed\n", prefix, failed, total);
	return failed ? 1 : 0;
}
