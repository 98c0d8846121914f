// SPDX-License-Identifier: GPL-2.0-only
/*
 * PASID harness: the SMMUv3 driver's real table, queue, domain and PASID
 * code and the real iommu_sva_map() family, driving the SMMUv3 model
 * (model/smmu3*.c) as their hardware, with DMA checked byte for byte.
 *
 * The scenario is the one the test driver's sample runs: one device,
 * its default domain on PASID 0, two private tables on two PASIDs, a
 * different page at the same IOVA in each.  It runs twice, with a linear
 * and with a two-level CD table.  Output is TAP; the exit status is the
 * number of failed checks (capped).
 *
 * File map: TAP helpers; the SMMU and the device; the scenario's steps;
 * main.
 */
#include <linux/iommu-pasid-table.h>

#include "arm-smmu-v3.h"
#include "glue.h"

static int tests, failed;

/* set-up that cannot fail unless the harness itself is broken */
static void need(bool ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "harness: %s failed\n", what);
	exit(2);
}

static void check(bool ok, const char *what, long a, long b)
{
	tests++;
	if (ok) {
		printf("ok %d - %s\n", tests, what);
		return;
	}
	failed++;
	printf("not ok %d - %s (got %ld, want %ld)\n", tests, what, a, b);
}

#define CHECK_EQ(a, b, what) \
	({ long __a = (long)(a), __b = (long)(b); \
	   check(__a == __b, what, __a, __b); __a == __b; })

/* The SMMU and the device */

#define SID		5
#define IOVA		0x40000000UL
#define PG		4096

static struct smmu3_device smmu;
static struct device smmu_dev;
static struct device dev;
static struct dev_iommu dev_iommu;
static struct smmu3_master master;
static u32 sids[1] = { SID };

static void smmu_setup(u32 features, unsigned int ssid_bits)
{
	memset(&smmu, 0, sizeof(smmu));
	smmu.dev = &smmu_dev;
	smmu.page0 = (void __iomem *)kshim_mmio_page;
	smmu.page1 = smmu.page0;
	smmu.features = SMMU3_FEAT_S1 | SMMU3_FEAT_COHERENT | features;
	smmu.ias = 48;
	smmu.oas = 48;
	smmu.asid_bits = 16;
	smmu.vmid_bits = 16;
	smmu.sid_bits = 8;
	smmu.ssid_bits = ssid_bits;
	smmu.pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G;
	smmu.paging_stage = SMMU3_STAGE1;
	if (smmu3_cdtab_max_bits(&smmu))
		smmu.iommu.max_pasids = BIT(smmu3_cdtab_max_bits(&smmu));

	need(!glue_model_init(), "model");
	need(!smmu3_queue_alloc(&smmu, &smmu.cmdq.q, 8, SMMU3_CMD_QWORDS,
				SMMU3_CMDQ_BASE, SMMU3_CMDQ_PROD,
				SMMU3_CMDQ_CONS, 0), "command queue");
	need(!smmu3_cmdq_init(&smmu), "command queue init");
	need(!smmu3_strtab_init(&smmu), "stream table");
	/* what the driver's reset writes, in its order */
	writeq_relaxed(smmu.strtab.dma & SMMU3_STRTAB_BASE_ADDR,
		       smmu.page0 + SMMU3_STRTAB_BASE);
	writel_relaxed(smmu.strtab.base_cfg, smmu.page0 + SMMU3_STRTAB_BASE_CFG);
	writeq_relaxed(smmu.cmdq.q.base_val, smmu.page0 + SMMU3_CMDQ_BASE);
	writel_relaxed(0, smmu.cmdq.q.prod_reg);
	writel_relaxed(0, smmu.cmdq.q.cons_reg);
	writel_relaxed(SMMU3_CR0_CMDQEN | SMMU3_CR0_SMMUEN,
		       smmu.page0 + SMMU3_CR0);
}

/* probe_device, and the core's PASID width: the device's, clamped */
static void dev_setup(u32 dev_pasids)
{
	memset(&master, 0, sizeof(master));
	master.smmu = &smmu;
	master.dev = &dev;
	master.sids = sids;
	master.num_sids = 1;
	need(!smmu3_strtab_prepare_sid(&smmu, SID), "stream");
	dev_iommu.priv = &master;
	dev_iommu.max_pasids = min(dev_pasids, smmu.iommu.max_pasids);
	dev.iommu = &dev_iommu;
}

static void *page_filled(u8 seed)
{
	u8 *p = kshim_arena_alloc(PG, PG);
	unsigned int i;

	need(p, "data page");
	for (i = 0; i < PG; i++)
		p[i] = (u8)(seed + i * 7);
	return p;
}

/* Read a page at (pasid, iova) through the model; 0 or the fault id */
static unsigned int dma_read(bool ssv, u32 pasid, unsigned long iova,
			     u8 *out)
{
	return glue_dma(SID, ssv, pasid, iova, out, PG, false);
}

static bool same_page(const u8 *a, const u8 *b)
{
	return !memcmp(a, b, PG);
}

/* The scenario's steps */

/* Fault ids of the SMMUv3 event records (IHI 0070 §7.3) */
#define EVT_BAD_SUBSTREAMID	0x08
#define EVT_BAD_CD		0x0a
#define EVT_TRANSLATION		0x10

static void scenario(const char *name, u32 features, unsigned int ssid_bits,
		     u32 dev_pasids)
{
	struct iommu_sva_table ta = {}, tb = {};
	struct iommu_iotlb_gather gather;
	u8 *d0, *pa, *pb, *pc, buf[PG];
	struct iommu_domain *def;
	u32 pasid_a, pasid_b, fid;
	unsigned int ssid;
	phys_addr_t phys;
	long live;
	bool ssv;
	char what[160];

	printf("# %s\n", name);
	smmu_setup(features, ssid_bits);
	dev_setup(dev_pasids);
	live = kshim_live;

	/* PASID 0: the default domain, as the core attaches it */
	def = iommu_paging_domain_alloc(&dev);
	need(!IS_ERR(def), "default domain");
	CHECK_EQ(def->ops->attach_dev(def, &dev), 0, "default domain attached");
	d0 = page_filled(0x10);
	CHECK_EQ(iommu_map(def, IOVA, virt_to_phys(d0), PG,
			   IOMMU_READ | IOMMU_WRITE, GFP_KERNEL), 0,
		 "default domain mapped");
	CHECK_EQ(dma_read(false, 0, IOVA, buf), 0, "untagged DMA translates");
	check(same_page(buf, d0), "untagged DMA sees the default domain", 0, 0);

	/* two private tables */
	CHECK_EQ(iommu_sva_alloc_pasid(&dev, &ta), 0, "PASID table A");
	CHECK_EQ(iommu_sva_alloc_pasid(&dev, &tb), 0, "PASID table B");
	pasid_a = iommu_sva_table_pasid(&ta);
	pasid_b = iommu_sva_table_pasid(&tb);
	check(pasid_a && pasid_b && pasid_a != pasid_b,
	      "two distinct PASIDs, neither 0", pasid_a, pasid_b);
	/* empty tables fault */
	CHECK_EQ(dma_read(true, pasid_a, IOVA, buf), EVT_TRANSLATION,
		 "empty table A faults");
	fid = glue_last_fault(&ssv, &ssid);
	check(ssv && ssid == pasid_a, "fault record names PASID A", ssid,
	      pasid_a);

	pa = page_filled(0xa0);
	pb = page_filled(0xb0);
	CHECK_EQ(iommu_sva_map(&ta, IOVA, virt_to_phys(pa), PG,
			       IOMMU_READ | IOMMU_WRITE, GFP_KERNEL), 0,
		 "map page A at IOVA in A");
	CHECK_EQ(iommu_sva_map(&tb, IOVA, virt_to_phys(pb), PG, IOMMU_READ,
			       GFP_KERNEL), 0, "map page B at the same IOVA in B");
	CHECK_EQ(iommu_sva_map(&ta, IOVA, virt_to_phys(pb), PG, IOMMU_READ,
			       GFP_KERNEL), -EEXIST, "overlapping map refused");
	CHECK_EQ(iommu_sva_iova_to_phys(&ta, IOVA, &phys), 0, "A still maps");
	CHECK_EQ(phys, virt_to_phys(pa), "A's mapping unchanged by the refusal");

	CHECK_EQ(dma_read(true, pasid_a, IOVA, buf), 0, "PASID A translates");
	check(same_page(buf, pa), "PASID A sees page A byte for byte", 0, 0);
	CHECK_EQ(dma_read(true, pasid_b, IOVA, buf), 0, "PASID B translates");
	check(same_page(buf, pb), "PASID B sees page B byte for byte", 0, 0);
	CHECK_EQ(dma_read(false, 0, IOVA, buf), 0, "untagged still translates");
	check(same_page(buf, d0), "untagged still sees the default domain", 0,
	      0);
	/* writes land in the PASID's own page only */
	memset(buf, 0x5c, PG);
	CHECK_EQ(glue_dma(SID, true, pasid_a, IOVA, buf, PG, true), 0,
		 "PASID A writes");
	check(pa[0] == 0x5c && pa[PG - 1] == 0x5c && pb[0] == 0xb0 &&
	      d0[0] == 0x10, "the write reached page A only", pa[0], 0x5c);
	CHECK_EQ(glue_dma(SID, true, pasid_b, IOVA, buf, PG, true), 0x13,
		 "PASID B's read-only page refuses a write");
	/* tagged traffic with SSID 0 or beyond the table is refused */
	CHECK_EQ(dma_read(true, 0, IOVA, buf), EVT_BAD_SUBSTREAMID,
		 "SSID 0 is not a PASID (S1DSS = substream 0)");
	CHECK_EQ(dma_read(true, BIT(master.cdtab.ssid_bits), IOVA, buf),
		 EVT_BAD_SUBSTREAMID, "SSID beyond S1CDMax refused");

	/* unmap: synchronous, the device loses the page at once */
	CHECK_EQ(dma_read(true, pasid_a, IOVA, buf), 0, "A cached in the TLB");
	CHECK_EQ(iommu_sva_unmap(&ta, IOVA, PG), PG, "unmap A");
	snprintf(what, sizeof(what),
		 "after unmap, PASID A faults (stale TLB entry if not)");
	fid = dma_read(true, pasid_a, IOVA, buf);
	check(fid == EVT_TRANSLATION, what, fid, EVT_TRANSLATION);
	pc = page_filled(0xc0);
	CHECK_EQ(iommu_sva_map(&ta, IOVA, virt_to_phys(pc), PG, IOMMU_READ,
			       GFP_KERNEL), 0, "remap A to page C");
	CHECK_EQ(dma_read(true, pasid_a, IOVA, buf), 0, "A translates again");
	check(same_page(buf, pc), "A sees page C, not the stale page A", 0, 0);

	/* unmap_fast: stale until the sync, per the contract */
	iommu_iotlb_gather_init(&gather);
	CHECK_EQ(iommu_sva_unmap_fast(&ta, IOVA, PG, &gather), PG,
		 "unmap_fast A");
	CHECK_EQ(iommu_sva_iova_to_phys(&ta, IOVA, &phys), -ENOENT,
		 "the table no longer maps it");
	CHECK_EQ(dma_read(true, pasid_a, IOVA, buf), 0,
		 "before the sync the device still reaches page C");
	CHECK_EQ(iommu_sva_iotlb_sync(&ta, &gather), 0, "iotlb_sync");
	CHECK_EQ(dma_read(true, pasid_a, IOVA, buf), EVT_TRANSLATION,
		 "after the sync PASID A faults");
	CHECK_EQ(dma_read(true, pasid_b, IOVA, buf), 0, "B unaffected");
	check(same_page(buf, pb), "B still sees page B", 0, 0);

	/* free A: a freed PASID faults, B and PASID 0 carry on */
	CHECK_EQ(iommu_sva_map(&ta, IOVA, virt_to_phys(pc), PG, IOMMU_READ,
			       GFP_KERNEL), 0, "map A once more");
	CHECK_EQ(dma_read(true, pasid_a, IOVA, buf), 0, "A cached again");
	CHECK_EQ(iommu_sva_free_pasid(&ta), 0, "free A");
	fid = dma_read(true, pasid_a, IOVA, buf);
	CHECK_EQ(fid, EVT_BAD_CD, "freed PASID A faults (CD invalid)");
	CHECK_EQ(iommu_sva_map(&ta, IOVA, virt_to_phys(pc), PG, IOMMU_READ,
			       GFP_KERNEL), -ESTALE, "freed handle refused");
	CHECK_EQ(dma_read(true, pasid_b, IOVA, buf), 0, "B after A's free");
	check(same_page(buf, pb), "B still sees page B after A's free", 0, 0);
	CHECK_EQ(dma_read(false, 0, IOVA, buf), 0, "untagged after A's free");
	check(same_page(buf, d0), "PASID 0 unchanged throughout", 0, 0);
	/* A's PASID (and likely its ASID) reused: nothing of A shows */
	CHECK_EQ(iommu_sva_alloc_pasid(&dev, &ta), 0, "a new table");
	CHECK_EQ(iommu_sva_table_pasid(&ta), pasid_a, "it reuses A's PASID");
	CHECK_EQ(dma_read(true, pasid_a, IOVA, buf), EVT_TRANSLATION,
		 "the new table is empty: A's pages unreachable");
	CHECK_EQ(iommu_sva_free_pasid(&ta), 0, "free it");
	CHECK_EQ(iommu_sva_free_pasid(&tb), 0, "free B");
	CHECK_EQ(dma_read(true, pasid_b, IOVA, buf), EVT_BAD_CD,
		 "freed PASID B faults");
	check(!glue_cmdq_error(), "no command was refused", 0, 0);

	/* exhaustion, then everything given back */
	{
		struct iommu_sva_table t[80] = {};
		unsigned int n = 0, i;
		int ret = 0;

		while (n < ARRAY_SIZE(t) &&
		       !(ret = iommu_sva_alloc_pasid(&dev, &t[n])))
			n++;
		snprintf(what, sizeof(what), "%u tables, then -ENOSPC", n);
		if (dev_iommu.max_pasids <= ARRAY_SIZE(t))
			CHECK_EQ(ret, -ENOSPC, what);
		/* the last one, in the highest leaf used: DMA through it */
		if (n) {
			i = n - 1;
			CHECK_EQ(iommu_sva_map(&t[i], IOVA, virt_to_phys(pb),
					       PG, IOMMU_READ, GFP_KERNEL), 0,
				 "map in the last table");
			CHECK_EQ(dma_read(true, iommu_sva_table_pasid(&t[i]),
					  IOVA, buf), 0,
				 "DMA through the last PASID");
			check(same_page(buf, pb), "it sees its page", 0, 0);
		}
		for (i = 0; i < n; i++)
			need(!iommu_sva_free_pasid(&t[i]), "free");
	}

	iommu_unmap(def, IOVA, PG);
	kshim_arena_free(pa);
	kshim_arena_free(pb);
	kshim_arena_free(pc);
	kshim_arena_free(d0);
	iommu_domain_free(def);
	/* the CD table (and its leaves) stays with the master until release */
	smmu3_cdtab_free(&master);
	CHECK_EQ(kshim_live, live, "every table, page and leaf freed");
	glue_model_free();
}

static void no_pasid_device(void)
{
	struct iommu_sva_table t = {};
	struct iommu_domain *def;
	u8 buf[PG];

	printf("# a device without PASIDs\n");
	smmu_setup(SMMU3_FEAT_2LVL_CDTAB, 16);
	dev_setup(0);
	def = iommu_paging_domain_alloc(&dev);
	need(!IS_ERR(def), "default domain");
	CHECK_EQ(def->ops->attach_dev(def, &dev), 0, "default domain attached");
	CHECK_EQ(master.cdtab.ssid_bits, 0, "one-CD table, as before PASIDs");
	CHECK_EQ(iommu_sva_alloc_pasid(&dev, &t), -EOPNOTSUPP,
		 "no PASID support: -EOPNOTSUPP");
	CHECK_EQ(t.state, 0, "handle untouched");
	CHECK_EQ(dma_read(true, 1, IOVA, buf), EVT_BAD_SUBSTREAMID,
		 "tagged DMA refused (S1CDMax = 0)");
	iommu_domain_free(def);
	smmu3_cdtab_free(&master);
	glue_model_free();
}

int main(void)
{
	printf("TAP version 13\n");
	scenario("linear CD table (no two-level support)", 0, 16, 1U << 16);
	scenario("two-level CD table, 16-bit PASIDs",
		 SMMU3_FEAT_2LVL_CDTAB, 16, 1U << 16);
	scenario("two-level CD table, device with 64 PASIDs",
		 SMMU3_FEAT_2LVL_CDTAB, 16, 64);
	no_pasid_device();
	printf("1..%d\n", tests);
	printf("# %d passed, %d failed, %d kernel warnings\n",
	       tests - failed, failed, kshim_warnings);
	return (failed || kshim_warnings) ? 1 : 0;
}
