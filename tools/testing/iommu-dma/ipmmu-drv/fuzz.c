// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: random map, unmap, DMA and suspend through our IPMMU
 * driver on a modelled Gen3 system with two masters in two domains,
 * every DMA held to a shadow of what each domain maps.
 *
 * Input: records of 4 bytes: op, master, page, extra.
 *   op 0   map page -> data page (extra), read-only when extra is odd
 *   op 1   unmap page, if the shadow has it
 *   op 2   DMA write of 8 bytes at page + extra * 8
 *   op 3   DMA read of 8 bytes at page + extra * 8
 *   op 4   suspend and resume
 */
#include "harness.h"

#define F_PAGES		64
#define F_IOVA(p)	(0x10000000ULL + (u64)(p) * 0x1000)
#define F_PA(p)		(HI_DATA_PA + (u64)(p) * 0x1000)

struct f_page {
	bool mapped, ro;
	u8 data;	/* which data page */
};

static void f_fail(const char *what, unsigned int step)
{
	fprintf(stderr, "fuzz: step %u: %s\n", step, what);
	abort();
}

/* libFuzzer's entry point; its name comes from the Makefile */
int FUZZ_ENTRY(const u8 *in, size_t len);

int FUZZ_ENTRY(const u8 *in, size_t len)
{
	static struct f_page shadow[2][F_PAGES];
	static const char * const names[2] = { "ee100000.mmc", "ee120000.mmc" };
	struct hi_master m[2];
	unsigned int step;
	struct hi h;
	int i;

	hi_soc = (struct soc_device_attribute){ .family = "R-Car Gen3",
						.soc_id = "r8a77965" };
	if (hi_up(&h, 0, 3, NULL))
		f_fail("bring-up", 0);
	for (i = 0; i < 2; i++)
		if (hi_master_add(&h, &m[i], names[i], 1 + i, 3))
			f_fail("master", 0);
	memset(shadow, 0, sizeof(shadow));
	for (step = 0; step + 4 <= len; step += 4) {
		unsigned int op = in[step] % 5, w = in[step + 1] & 1;
		unsigned int pg = in[step + 2] % F_PAGES, x = in[step + 3];
		struct f_page *sp = &shadow[w][pg];
		u64 iova = F_IOVA(pg) + (x % 512) * 8;
		u8 buf[8], got[8];
		enum ipm_result r;
		int prot;

		switch (op) {
		case 0:
			prot = IOMMU_READ | (x & 1 ? 0 : IOMMU_WRITE);
			if (iommu_map(hi_domain(&m[w]), F_IOVA(pg), F_PA(x % 32),
				      0x1000, prot, GFP_KERNEL)) {
				if (!sp->mapped)
					f_fail("map of a free page failed", step);
				break;
			}
			if (sp->mapped)
				f_fail("map over a mapped page", step);
			*sp = (struct f_page){ true, x & 1, x % 32 };
			break;
		case 1:
			if (!sp->mapped)
				break;
			if (iommu_unmap(hi_domain(&m[w]), F_IOVA(pg), 0x1000) !=
			    0x1000)
				f_fail("unmap", step);
			sp->mapped = false;
			break;
		case 2:
		case 3:
			hi_fill(buf, 8, step);
			r = hi_dma(&h, &m[w], iova, buf, 8, op == 2);
			if (!sp->mapped || (op == 2 && sp->ro)) {
				if (r != IPM_FAULT)
					f_fail("DMA the shadow refuses went through",
					       step);
				break;
			}
			if (r != IPM_OK)
				f_fail("DMA the shadow allows failed", step);
			mdl_mem_read(ipm_mem(h.m), F_PA(sp->data) + (x % 512) * 8,
				     got, 8);
			if (op == 2 && memcmp(got, buf, 8))
				f_fail("write landed elsewhere", step);
			if (op == 3 && memcmp(got, buf, 8))
				f_fail("read returned other bytes", step);
			break;
		case 4:
			if (hi_suspend_resume(&h))
				f_fail("resume", step);
			break;
		}
	}
	for (i = 1; i >= 0; i--)
		hi_master_del(&m[i]);
	hi_down(&h);
	return 0;
}
