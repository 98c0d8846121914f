// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: random sequences of map, unmap, attach, flush and
 * device transactions through an SMMUv2 driver on the model, every
 * transaction checked against a shadow of what the IOMMU API was told.
 *
 * Two masters (streams 0x10 and 0x11), each probed into its own DMA
 * domain; attach moves either between the two paging domains, the
 * identity and the blocked domain.  IOVA space: 8 regions of 2 MiB at
 * F_IOVA, each mapped as one block or as 4 KiB pages.
 *
 * A transaction must: through a paging domain, move exactly the shadow's
 * bytes (at the shadow's PA, with its permissions) or fault, be reported
 * once with its IOVA and direction, and write nothing; through identity,
 * bypass to PA == IOVA; through blocked, fault and write nothing.  Any
 * disagreement prints what happened and aborts, which libFuzzer records.
 *
 * File map:
 *   shadow           per paging domain: region block or page table
 *   operations       op_map(), op_unmap(), op_attach(), op_dma()
 *   entry            FUZZ_ENTRY(): bring-up, script, teardown
 */
#include "harness.h"

#define F_IOVA		0x40000000ULL	/* inside the data area: identity works */
#define F_REGIONS	8
#define F_PAGES		512
#define F_FRAMES	64		/* 2 MiB physical frames of data */

struct f_page {
	u64 pa;			/* 0: unmapped */
	int prot;
};

struct f_dom {
	struct iommu_domain *d;
	bool block[F_REGIONS];		/* the region is one block */
	struct f_page blk[F_REGIONS];
	struct f_page pg[F_REGIONS][F_PAGES];
};

struct f_state {
	struct h2 h;
	struct h2_master m[2];
	struct f_dom dom[2];
	struct iommu_domain *ident, *blocked;
	struct iommu_domain *cur[2];	/* attached now */
	const u8 *in;
	size_t left;
};

static __printf(1, 2) void f_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static unsigned int f_byte(struct f_state *f)
{
	if (!f->left)
		return 0;
	f->left--;
	return *f->in++;
}

static struct f_dom *f_dom_of(struct f_state *f, struct iommu_domain *d)
{
	int i;

	for (i = 0; i < 2; i++)
		if (f->dom[i].d == d)
			return &f->dom[i];
	return NULL;
}

static bool f_region_used(struct f_dom *fd, int r)
{
	int p;

	if (fd->block[r])
		return true;
	for (p = 0; p < F_PAGES; p++)
		if (fd->pg[r][p].pa)
			return true;
	return false;
}

/* ---- operations ------------------------------------------------------- */

static const int f_prots[] = { IOMMU_READ, IOMMU_WRITE,
			       IOMMU_READ | IOMMU_WRITE };

static void op_map(struct f_state *f)
{
	struct f_dom *fd = &f->dom[f_byte(f) & 1];
	unsigned int r = f_byte(f) % F_REGIONS, p = f_byte(f) % F_PAGES;
	u64 frame = H2_DATA_PA + (u64)(f_byte(f) % F_FRAMES) * SZ_2M;
	int prot = f_prots[f_byte(f) % 3], ret;
	bool block = f_byte(f) & 1, busy;

	/* mapping over a live mapping is a caller's bug: not asked */
	busy = block ? f_region_used(fd, r) : fd->block[r] || fd->pg[r][p].pa;
	if (busy)
		return;
	if (block) {
		ret = iommu_map(fd->d, F_IOVA + r * SZ_2M, frame, SZ_2M, prot,
				GFP_KERNEL);
	} else {
		frame += (u64)(f_byte(f) % F_PAGES) * SZ_4K;
		ret = iommu_map(fd->d, F_IOVA + r * SZ_2M + p * SZ_4K, frame,
				SZ_4K, prot, GFP_KERNEL);
	}
	if (ret)
		f_fail("map into free space returned %d", ret);
	if (block) {
		fd->block[r] = true;
		fd->blk[r] = (struct f_page){ frame, prot };
	} else {
		fd->pg[r][p] = (struct f_page){ frame, prot };
	}
}

static void op_unmap(struct f_state *f)
{
	struct f_dom *fd = &f->dom[f_byte(f) & 1];
	unsigned int r = f_byte(f) % F_REGIONS, p = f_byte(f) % F_PAGES;
	size_t got, want;

	if (fd->block[r]) {
		got = iommu_unmap(fd->d, F_IOVA + r * SZ_2M, SZ_2M);
		want = SZ_2M;
		fd->block[r] = false;
	} else if (fd->pg[r][p].pa) {
		got = iommu_unmap(fd->d, F_IOVA + r * SZ_2M + p * SZ_4K, SZ_4K);
		want = SZ_4K;
		fd->pg[r][p].pa = 0;
	} else {
		/* nothing there: io-pgtable warns, as it should; not asked */
		return;
	}
	if (got != want)
		f_fail("unmap returned %zu, expected %zu", got, want);
}

static void op_attach(struct f_state *f)
{
	unsigned int dev = f_byte(f) & 1, which = f_byte(f) % 4;
	struct iommu_domain *to[4] = { f->dom[0].d, f->dom[1].d, f->ident,
				       f->blocked };
	int ret;

	if (!to[which])
		return;
	ret = kshim_iommu_attach(to[which], &f->m[dev].dev);
	if (ret)
		f_fail("attach of device %u to domain %u: %d", dev, which, ret);
	f->cur[dev] = to[which];
}

/* what the shadow says of @iova in @fd: PA (0 = unmapped) and prot */
static u64 f_lookup(struct f_dom *fd, u64 iova, int *prot)
{
	unsigned int r = (iova - F_IOVA) / SZ_2M;
	unsigned int p = (iova - F_IOVA) % SZ_2M / SZ_4K;

	if (fd->block[r]) {
		*prot = fd->blk[r].prot;
		return fd->blk[r].pa + (iova - F_IOVA) % SZ_2M;
	}
	*prot = fd->pg[r][p].prot;
	return fd->pg[r][p].pa ? fd->pg[r][p].pa + iova % SZ_4K : 0;
}

static void op_dma(struct f_state *f)
{
	unsigned int dev = f_byte(f) & 1, r = f_byte(f) % F_REGIONS;
	unsigned int p = f_byte(f) % F_PAGES, off = f_byte(f) * 16 % SZ_4K;
	size_t len = 1 + f_byte(f) % 256;
	bool write = f_byte(f) & 1;
	u64 iova = F_IOVA + r * SZ_2M + p * SZ_4K + off, pa = 0;
	struct mdl_mem *mem = smmu2_mem(f->h.m);
	struct iommu_domain *d = f->cur[dev];
	unsigned long reports = kshim_last_fault.count;
	u64 written = mem->bytes_written;
	enum smmu2_result want, got;
	u8 buf[256], at[256];
	struct f_dom *fd;
	int prot = 0;

	if (off + len > SZ_4K)
		len = SZ_4K - off;
	h2_fill(buf, len, f_byte(f));
	fd = f_dom_of(f, d);
	if (fd) {
		pa = f_lookup(fd, iova, &prot);
		/* the Arm formats have no write-only: any mapping reads */
		want = pa && (!write || (prot & IOMMU_WRITE)) ?
		       SMMU2_OK : SMMU2_FAULT;
	} else if (d == f->ident) {
		pa = iova;
		want = SMMU2_BYPASS;
	} else {
		want = SMMU2_FAULT;
	}
	got = h2_dma(&f->h, f->m[dev].sids[0], iova, buf, len, write);
	if (got != want)
		f_fail("device %u %s %zu at %#llx: result %d, shadow says %d (pa %#llx prot %d)",
		       dev, write ? "write" : "read", len,
		       (unsigned long long)iova, got, want,
		       (unsigned long long)pa, prot);
	if (got == SMMU2_FAULT) {
		if (mem->bytes_written != written)
			f_fail("a faulting write changed memory");
		if (fd && (kshim_last_fault.count != reports + 1 ||
			   kshim_last_fault.iova != iova ||
			   kshim_last_fault.flags != (write ? IOMMU_FAULT_WRITE
							    : IOMMU_FAULT_READ)))
			f_fail("fault at %#llx: %lu reports, last %#lx flags %d",
			       (unsigned long long)iova,
			       kshim_last_fault.count - reports,
			       kshim_last_fault.iova, kshim_last_fault.flags);
		return;
	}
	mdl_mem_read(mem, pa, at, len);
	if (memcmp(at, buf, len))
		f_fail("%s at %#llx: bytes differ from pa %#llx",
		       write ? "write" : "read", (unsigned long long)iova,
		       (unsigned long long)pa);
}

/* ---- entry --------------------------------------------------------- */

/* FUZZ_ENTRY is libFuzzer's entry point, named by the Makefile */
int FUZZ_ENTRY(const u8 *data, size_t size);
int FUZZ_ENTRY(const u8 *data, size_t size)
{
	static const u32 sids[2] = { 0x10, 0x11 };
	static struct f_state f;
	int i, ret;

	memset(&f, 0, sizeof(f));
	f.in = data;
	f.left = size;
	if (h2_up(&f.h, NULL, "arm,mmu-500"))
		f_fail("driver probe failed");
	for (i = 0; i < 2; i++) {
		ret = h2_master_add(&f.h, &f.m[i], i ? "dev1" : "dev0",
				    &sids[i], NULL, 1, IOMMU_DOMAIN_DMA);
		if (ret)
			f_fail("master %d: %d", i, ret);
		f.dom[i].d = h2_domain(&f.m[i]);
		f.cur[i] = f.dom[i].d;
	}
	f.ident = kshim_iommu_domain_alloc(&f.m[0].dev, IOMMU_DOMAIN_IDENTITY);
	f.blocked = kshim_iommu_domain_alloc(&f.m[0].dev, IOMMU_DOMAIN_BLOCKED);
	if (IS_ERR(f.ident))
		f.ident = NULL;
	if (IS_ERR(f.blocked))
		f.blocked = NULL;

	while (f.left) {
		switch (f_byte(&f) % 8) {
		case 0:
		case 1:
			op_map(&f);
			break;
		case 2:
			op_unmap(&f);
			break;
		case 3:
			op_attach(&f);
			break;
		case 4:
			iommu_flush_iotlb_all(f.dom[f_byte(&f) & 1].d);
			break;
		default:
			op_dma(&f);
			break;
		}
	}
	if (f.h.irq_unhandled)
		f_fail("an interrupt line stayed high");
	if (kshim_warnings)
		f_fail("the driver warned %d times", kshim_warnings);
	/* back to the default domains, so that release finds them */
	for (i = 0; i < 2; i++)
		kshim_iommu_attach(f.dom[i].d, &f.m[i].dev);
	h2_master_del(&f.m[1]);
	h2_master_del(&f.m[0]);
	h2_down(&f.h);
	return 0;
}
