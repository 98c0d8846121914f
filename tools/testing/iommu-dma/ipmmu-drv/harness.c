// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IPMMU driver harness: wiring between the kernel shims and the IPMMU
 * model.  See harness.h for the interface.
 *
 * File map:
 *   extra shims      the SoC, iommu_group_alloc(), iommu_get_domain_for_dev()
 *   MMIO windows     one per instance, offsets straight into the model
 *   bring-up         hi_up(), hi_down()
 *   masters          hi_master_add(), hi_group_attach()
 *   interrupts       hi_service_irq()
 *   transactions     hi_dma(), hi_roundtrip(), hi_suspend_resume()
 *   reports          h_report(), for H_MISS()
 */
#include "harness.h"

struct soc_device_attribute hi_soc;

static int hi_next_group_id = 1000;

struct iommu_group *iommu_group_alloc(void)
{
	struct iommu_group *g = kzalloc(sizeof(*g), GFP_KERNEL);

	if (!g)
		return ERR_PTR(-ENOMEM);
	g->refs = 1;
	g->id = hi_next_group_id++;
	return g;
}

struct iommu_domain *iommu_get_domain_for_dev(struct device *dev)
{
	return kshim_iommu_get_domain(dev);
}

/* ---- MMIO windows ------------------------------------------------------ */

struct hi_win {
	struct ipm *m;
	unsigned int inst;
};

static struct hi_win hi_wins[4][HI_MAX_INST];

static u64 hi_mmio_read(void *ctx, u32 off, unsigned int size)
{
	struct hi_win *w = ctx;

	return ipm_read32(w->m, w->inst, off);
}

static void hi_mmio_write(void *ctx, u32 off, unsigned int size, u64 val)
{
	struct hi_win *w = ctx;

	ipm_write32(w->m, w->inst, off, (u32)val);
}

static const struct kshim_mmio_ops hi_mmio_ops = {
	.read = hi_mmio_read,
	.write = hi_mmio_write,
};

static u64 hi_base(struct hi *h, unsigned int inst)
{
	return HI_MMIO_PA + (u64)h->id * 0x100000 + inst * 0x20000;
}

/* ---- bring-up ------------------------------------------------------------ */

static const char *hi_compatible(unsigned int gen)
{
	return gen == 2 ? "renesas,ipmmu-vmsa" :
	       gen == 3 ? "renesas,ipmmu-r8a77965" :
			  "renesas,rcar-gen4-ipmmu-vmsa";
}

int hi_up(struct hi *h, int id, unsigned int gen, const struct ipm_config *cfg)
{
	static const u32 one = 1;
	char err[128];
	unsigned int i;
	int ret;

	memset(h, 0, sizeof(*h));
	h->id = id;
	if (cfg)
		h->cfg = *cfg;
	else
		ipm_default_config(&h->cfg, gen);
	h->m = ipm_create(&h->cfg, err, sizeof(err));
	if (!h->m) {
		fprintf(stderr, "# model refused the configuration: %s\n", err);
		return -EINVAL;
	}
	ipm_log(h->m)->echo = !!getenv("MODEL_VERBOSE");
	if (!kshim_ram)
		kshim_ram_free_pages(kshim_ram_alloc_pages(0), 0);
	if (mdl_mem_attach(ipm_mem(h->m), KSHIM_RAM_PA, kshim_ram,
			   KSHIM_RAM_BYTES)) {
		fprintf(stderr, "# RAM does not fit the model's memory\n");
		ipm_destroy(h->m);
		return -EINVAL;
	}
	if (!id)
		kshim_mmio_reset();
	/* the root first: cache instances defer until it is bound */
	for (i = 0; i < ipm_instances(h->m); i++) {
		struct platform_device *pd = &h->pdev[i];

		hi_wins[id][i] = (struct hi_win){ h->m, i };
		kshim_mmio_add(hi_base(h, i), ipm_mmio_size(h->m), &hi_mmio_ops,
			       &hi_wins[id][i]);
		snprintf(h->node_name[i], 32, "iommu@%llx",
			 (unsigned long long)hi_base(h, i));
		snprintf(h->dev_name[i], 32, "%llx.iommu",
			 (unsigned long long)hi_base(h, i));
		kshim_of_init(&h->np[i], h->node_name[i], hi_compatible(gen));
		kshim_of_set_u32s(&h->np[i], "#iommu-cells", &one, 1);
		if (i)
			kshim_of_set_flag(&h->np[i], "renesas,ipmmu-main");
		h->res[i].start = hi_base(h, i);
		h->res[i].end = hi_base(h, i) + ipm_mmio_size(h->m) - 1;
		h->res[i].flags = IORESOURCE_MEM;
		pd->name = "ipmmu";
		pd->dev.name = h->dev_name[i];
		pd->dev.of_node = &h->np[i];
		pd->resource = &h->res[i];
		pd->num_resources = 1;
		pd->irq[0] = HI_IRQ_BASE + id;
		pd->num_irqs = i ? 0 : 1;
		ret = kshim_platform_bind(pd);
		if (ret) {
			fprintf(stderr, "# instance %u did not bind: %d\n", i, ret);
			hi_down(h);
			return ret;
		}
		h->bound[i] = true;
	}
	return 0;
}

void hi_down(struct hi *h)
{
	int i;

	for (i = HI_MAX_INST - 1; i >= 0; i--)
		if (h->bound[i])
			kshim_platform_unbind(&h->pdev[i]);
	memset(h->bound, 0, sizeof(h->bound));
	ipm_destroy(h->m);
	h->m = NULL;
}

/* ---- masters --------------------------------------------------------------- */

int hi_master_add(struct hi *h, struct hi_master *mst, const char *name,
		  unsigned int inst, unsigned int port)
{
	u32 cell = port;
	int ret;

	memset(mst, 0, sizeof(*mst));
	snprintf(mst->name, sizeof(mst->name), "%s", name);
	mst->dev.name = mst->name;
	mst->inst = inst;
	mst->port = port;
	ret = kshim_iommu_of_xlate(&mst->dev, &h->np[inst], &cell, 1);
	if (!ret)
		ret = kshim_iommu_probe(&mst->dev, IOMMU_DOMAIN_DMA);
	if (ret)
		kshim_iommu_release(&mst->dev);
	return ret;
}

void hi_master_del(struct hi_master *mst)
{
	kshim_iommu_release(&mst->dev);
}

struct iommu_domain *hi_domain(struct hi_master *mst)
{
	return kshim_iommu_get_domain(&mst->dev);
}

struct iommu_group *hi_group(struct hi_master *mst)
{
	return mst->dev.iommu ? mst->dev.iommu->group : NULL;
}

/*
 * As the core moves a group: every device attached while the group still
 * names its old domain, and the group's domain changed once all have.
 */
int hi_group_attach(struct iommu_domain *d, struct hi_master **all, int n)
{
	int i, ret;

	for (i = 0; i < n; i++) {
		ret = d->ops->attach_dev(d, &all[i]->dev);
		if (ret)
			return ret;
	}
	for (i = 0; i < n; i++)
		hi_group(all[i])->domain = d;
	return 0;
}

/* ---- interrupts ------------------------------------------------------------ */

int hi_service_irq(struct hi *h)
{
	int round;

	for (round = 0; round < 4; round++) {
		if (!ipm_irq(h->m))
			return round;
		kshim_irq_raise(HI_IRQ_BASE + h->id);
	}
	h->irq_unhandled++;
	return round;
}

/* ---- transactions ---------------------------------------------------------- */

enum ipm_result hi_dma(struct hi *h, struct hi_master *mst, u64 iova,
		       void *buf, size_t len, bool write)
{
	enum ipm_result r = ipm_dma(h->m, mst->inst, mst->port, iova, buf, len,
				    write, NULL);

	hi_service_irq(h);
	return r;
}

void hi_fill(u8 *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (u8)(seed * 151 + i * 13 + (i >> 9));
}

int hi_roundtrip(struct hi *h, struct hi_master *mst, u64 iova, u64 pa,
		 size_t len, unsigned int seed)
{
	u8 *out = malloc(len), *in = malloc(len), *got = malloc(len);
	enum ipm_result r;
	int bad = 1;

	if (!out || !in || !got)
		goto out;
	hi_fill(out, len, seed);
	hi_fill(in, len, seed + 1);
	r = hi_dma(h, mst, iova, out, len, true);
	if (H_MISS(r == IPM_OK, "%s: write at %#llx: result %d", mst->name,
		   (unsigned long long)iova, r))
		goto out;
	mdl_mem_read(ipm_mem(h->m), pa, got, len);
	if (H_MISS(!memcmp(got, out, len), "%s: write at %#llx missed pa %#llx",
		   mst->name, (unsigned long long)iova,
		   (unsigned long long)pa))
		goto out;
	mdl_mem_write(ipm_mem(h->m), pa, in, len);
	r = hi_dma(h, mst, iova, got, len, false);
	if (H_MISS(r == IPM_OK && !memcmp(got, in, len),
		   "%s: read at %#llx: result %d or wrong bytes", mst->name,
		   (unsigned long long)iova, r))
		goto out;
	bad = 0;
out:
	free(out);
	free(in);
	free(got);
	return bad;
}

int hi_suspend_resume(struct hi *h)
{
	unsigned int i;
	int ret;

	ipm_power_loss(h->m);
	for (i = 0; i < ipm_instances(h->m); i++) {
		const struct dev_pm_ops *pm = h->pdev[i].dev.driver->pm;

		ret = pm && pm->resume ? pm->resume(&h->pdev[i].dev) : -ENOENT;
		if (ret)
			return ret;
	}
	return 0;
}

u32 hi_reg(struct hi *h, unsigned int inst, u32 off)
{
	return ipm_read32(h->m, inst, off);
}

bool h_report(const char *fn, int line, const char *fmt, ...)
{
	va_list ap;

	printf("# %s:%d: ", fn, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return true;
}
