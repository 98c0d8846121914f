// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SMMUv2 driver harness: wiring between the kernel shims and the
 * model.  See harness.h for the interface.
 *
 * File map:
 *   MMIO window      the model's registers behind kshim's ioremap()
 *   bring-up         h2_up(): model, RAM window, DT node, platform device,
 *                    bind; h2_down()
 *   masters          h2_master_add(): "iommus" cells, probe, default domain
 *   interrupts       h2_service_irqs(): the model's lines to the handlers
 *   transactions     h2_dma(), h2_roundtrip()
 *   register peeks   h2_gr0(), h2_cb(), h2_valid_smrs()
 */
#include "harness.h"
#include "smmu2-regs.h"

/* ---- MMIO window ------------------------------------------------------- */

void (*h2_mmio_hook)(bool enter);

static u64 h2_mmio_read(void *ctx, u32 off, unsigned int size)
{
	struct smmu2 *m = ctx;
	u64 val;

	if (h2_mmio_hook)
		h2_mmio_hook(true);
	val = size == 8 ? smmu2_read64(m, off) : smmu2_read32(m, off);
	if (h2_mmio_hook)
		h2_mmio_hook(false);
	return val;
}

static void h2_mmio_write(void *ctx, u32 off, unsigned int size, u64 val)
{
	struct smmu2 *m = ctx;

	if (h2_mmio_hook)
		h2_mmio_hook(true);
	if (size == 8)
		smmu2_write64(m, off, val);
	else
		smmu2_write32(m, off, (u32)val);
	if (h2_mmio_hook)
		h2_mmio_hook(false);
}

static const struct kshim_mmio_ops h2_mmio_ops = {
	.read = h2_mmio_read,
	.write = h2_mmio_write,
};

/*
 * The vendor implementations are not built (the Makefile renames their
 * entry points to this): the model is neither an NVIDIA nor a Qualcomm
 * SMMU, so reaching one is a harness error.
 */
void *h2_vendor_impl_absent(void *smmu);
void *h2_vendor_impl_absent(void *smmu)
{
	fprintf(stderr, "# harness: vendor implementation not built\n");
	return ERR_PTR(-ENODEV);
}

/* ---- bring-up ------------------------------------------------------------ */

int h2_up(struct h2 *h, const struct smmu2_config *cfg,
	  const char *compatible)
{
	static const u32 one = 1;
	char err[128];
	int i, ret;

	memset(h, 0, sizeof(*h));
	if (cfg)
		h->cfg = *cfg;
	else
		smmu2_default_config(&h->cfg);
	h->m = smmu2_create(&h->cfg, err, sizeof(err));
	if (!h->m) {
		fprintf(stderr, "# model refused the configuration: %s\n", err);
		return -EINVAL;
	}
	smmu2_log(h->m)->echo = !!getenv("MODEL_VERBOSE");
	/* the driver's tables are written by CPU stores into RAM */
	if (!kshim_ram)
		kshim_ram_free_pages(kshim_ram_alloc_pages(0), 0);
	if (mdl_mem_attach(smmu2_mem(h->m), KSHIM_RAM_PA, kshim_ram,
			   KSHIM_RAM_BYTES)) {
		fprintf(stderr, "# RAM does not fit the model's memory\n");
		smmu2_destroy(h->m);
		return -EINVAL;
	}
	kshim_mmio_reset();
	kshim_mmio_add(H2_MMIO_PA, smmu2_mmio_size(h->m), &h2_mmio_ops, h->m);

	kshim_of_init(&h->np, "iommu@2b400000", compatible);
	kshim_of_set_u32s(&h->np, "#global-interrupts", &one, 1);
	kshim_of_set_u32s(&h->np, "#iommu-cells", &one, 1);
	kshim_of_set_flag(&h->np, "dma-coherent");

	h->res.start = H2_MMIO_PA;
	h->res.end = H2_MMIO_PA + smmu2_mmio_size(h->m) - 1;
	h->res.flags = IORESOURCE_MEM;
	h->pdev.name = "smmu";
	h->pdev.dev.name = "2b400000.iommu";
	h->pdev.dev.of_node = &h->np;
	h->pdev.resource = &h->res;
	h->pdev.num_resources = 1;
	h->pdev.irq[0] = H2_IRQ_GLOBAL;
	for (i = 0; i < (int)h->cfg.num_cb; i++)
		h->pdev.irq[1 + i] = H2_IRQ_CB0 + i;
	h->pdev.num_irqs = 1 + h->cfg.num_cb;

	ret = kshim_platform_bind(&h->pdev);
	if (ret) {
		smmu2_destroy(h->m);
		h->m = NULL;
		return ret;
	}
	h->bound = true;
	return 0;
}

void h2_down(struct h2 *h)
{
	if (h->bound)
		kshim_platform_unbind(&h->pdev);
	h->bound = false;
	kshim_mmio_reset();
	smmu2_destroy(h->m);
	h->m = NULL;
}

/* ---- masters --------------------------------------------------------------- */

int h2_master_add(struct h2 *h, struct h2_master *mst, const char *name,
		  const u32 *sids, const u32 *mask, int n, unsigned int type)
{
	int i, ret;

	memset(mst, 0, sizeof(*mst));
	snprintf(mst->name, sizeof(mst->name), "%s", name);
	mst->dev.name = mst->name;
	for (i = 0; i < n && i < (int)ARRAY_SIZE(mst->sids); i++) {
		u32 cells[2] = { sids[i], mask ? mask[i] : 0 };

		mst->sids[i] = sids[i];
		ret = kshim_iommu_of_xlate(&mst->dev, &h->np, cells,
					   mask ? 2 : 1);
		if (ret) {
			kshim_iommu_release(&mst->dev);
			return ret;
		}
	}
	mst->nsid = i;
	ret = kshim_iommu_probe(&mst->dev, type);
	if (ret)
		kshim_iommu_release(&mst->dev);
	return ret;
}

void h2_master_del(struct h2_master *mst)
{
	kshim_iommu_release(&mst->dev);
}

struct iommu_domain *h2_domain(struct h2_master *mst)
{
	return kshim_iommu_get_domain(&mst->dev);
}

/* ---- interrupts ------------------------------------------------------------ */

/*
 * A level-triggered line stays high until the handler clears its cause;
 * a line still high after a few rounds is one the driver did not
 * service, counted in irq_unhandled.
 */
int h2_service_irqs(struct h2 *h)
{
	int round, cb, serviced = 0;
	bool high;

	for (round = 0; round < 4; round++) {
		high = false;
		if (smmu2_global_irq(h->m)) {
			high = true;
			serviced++;
			kshim_irq_raise(H2_IRQ_GLOBAL);
		}
		for (cb = 0; cb < (int)h->cfg.num_cb; cb++) {
			if (!smmu2_context_irq(h->m, cb))
				continue;
			high = true;
			serviced++;
			kshim_irq_raise(H2_IRQ_CB0 + cb);
		}
		if (!high)
			return serviced;
	}
	h->irq_unhandled++;
	return serviced;
}

/* ---- transactions ---------------------------------------------------------- */

enum smmu2_result h2_dma(struct h2 *h, u32 sid, u64 iova, void *buf,
			 size_t len, bool write)
{
	enum smmu2_result r;

	r = smmu2_dma(h->m, sid, iova, buf, len, write ? SMMU2_TXN_WRITE : 0,
		      NULL);
	h2_service_irqs(h);
	return r;
}

/* ---- expectations --------------------------------------------------- */

bool h_report(const char *fn, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "# %s:%d: ", fn, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return true;
}

/* ---- roundtrip -------------------------------------------------------- */

/*
 * The device writes @len bytes at @iova, which must land at @pa; then the
 * CPU puts other bytes at @pa and the device must read them back.
 */
int h2_roundtrip(struct h2 *h, u32 sid, u64 iova, u64 pa, size_t len,
		 unsigned int seed)
{
	u8 *out = malloc(len), *in = malloc(len), *got = malloc(len);
	enum smmu2_result r;
	int bad = 1;

	if (!out || !in || !got)
		goto out;
	h2_fill(out, len, seed);
	h2_fill(in, len, seed + 1);
	r = h2_dma(h, sid, iova, out, len, true);
	if (H_MISS(r == SMMU2_OK, "write at %#llx: result %d", iova, r))
		goto out;
	mdl_mem_read(smmu2_mem(h->m), pa, got, len);
	if (H_MISS(!memcmp(got, out, len), "write at %#llx missed pa %#llx",
		   iova, pa))
		goto out;
	mdl_mem_write(smmu2_mem(h->m), pa, in, len);
	r = h2_dma(h, sid, iova, got, len, false);
	if (H_MISS(r == SMMU2_OK, "read at %#llx: result %d", iova, r) ||
	    H_MISS(!memcmp(got, in, len), "read at %#llx: wrong bytes", iova))
		goto out;
	bad = 0;
out:
	free(out);
	free(in);
	free(got);
	return bad;
}

/* ---- register peeks -------------------------------------------------------- */

u32 h2_gr0(struct h2 *h, u32 off)
{
	return smmu2_read32(h->m, off);
}

u32 h2_cb(struct h2 *h, unsigned int cb, u32 off)
{
	return smmu2_read32(h->m, smmu2_cb_base(h->m, cb) + off);
}

int h2_valid_smrs(struct h2 *h)
{
	int i, n = 0;

	for (i = 0; i < (int)h->cfg.num_smr; i++) {
		u32 smr = smmu2_read32(h->m, SM2_SMR(i));
		u32 s2cr = smmu2_read32(h->m, SM2_S2CR(i));
		bool exids = h2_gr0(h, SM2_SCR0) & SM2_SCR0_EXIDENABLE;

		n += exids ? !!(s2cr & SM2_S2CR_EXIDVALID)
			   : !!(smr & SM2_SMR_VALID);
	}
	return n;
}

void h2_fill(u8 *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (u8)(seed * 131 + i * 7 + (i >> 8));
}
