// SPDX-License-Identifier: GPL-2.0-only
/*
 * Front end of the io-pgtable library: IOMMU drivers name a table format,
 * and get back the operations of the backend that implements it.
 *
 * Nothing here touches page tables.  The front end picks the backend for a
 * format, checks that a caller's own table allocator is acceptable to it,
 * and records in the generic part of the backend's structure what every
 * backend needs afterwards: the format, the driver's cookie and the final
 * configuration.  Teardown flushes the whole TLB context first, so that a
 * backend may release table memory straight away.
 */

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/io-pgtable.h>
#include <linux/types.h>

/*
 * The format table: which backend serves each format, listed under the
 * Kconfig symbol that builds it.  Formats not built have no entry.
 */
static const struct iop_format {
	enum io_pgtable_fmt			fmt;
	const struct io_pgtable_init_fns	*fns;
} iop_formats[] = {
#if IS_ENABLED(CONFIG_IOMMU_IO_PGTABLE_LPAE)
	{ ARM_32_LPAE_S1,	&io_pgtable_arm_32_lpae_s1_init_fns },
	{ ARM_32_LPAE_S2,	&io_pgtable_arm_32_lpae_s2_init_fns },
	{ ARM_64_LPAE_S1,	&io_pgtable_arm_64_lpae_s1_init_fns },
	{ ARM_64_LPAE_S2,	&io_pgtable_arm_64_lpae_s2_init_fns },
	{ ARM_MALI_LPAE,	&io_pgtable_arm_mali_lpae_init_fns },
#endif
#if IS_ENABLED(CONFIG_IOMMU_IO_PGTABLE_ARMV7S)
	{ ARM_V7S,		&io_pgtable_arm_v7s_init_fns },
#endif
#if IS_ENABLED(CONFIG_AMD_IOMMU)
	{ AMD_IOMMU_V1,		&io_pgtable_amd_iommu_v1_init_fns },
	{ AMD_IOMMU_V2,		&io_pgtable_amd_iommu_v2_init_fns },
#endif
#if IS_ENABLED(CONFIG_IOMMU_IO_PGTABLE_DART)
	{ APPLE_DART,		&io_pgtable_apple_dart_init_fns },
	{ APPLE_DART2,		&io_pgtable_apple_dart_init_fns },
#endif
};

static const struct io_pgtable_init_fns *iop_backend(enum io_pgtable_fmt fmt)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(iop_formats); i++)
		if (iop_formats[i].fmt == fmt)
			return iop_formats[i].fns;
	return NULL;
}

/*
 * A caller-supplied table allocator comes as a pair, and only to backends
 * that declared they can use one.
 */
static bool iop_allocator_ok(const struct io_pgtable_init_fns *fns,
			     const struct io_pgtable_cfg *cfg)
{
	if (!cfg->alloc && !cfg->free)
		return true;
	if (!cfg->alloc || !cfg->free)
		return false;
	return fns->caps & IO_PGTABLE_CAP_CUSTOM_ALLOCATOR;
}

/**
 * alloc_io_pgtable_ops() - Create a set of page tables of a given format.
 * @fmt:    The table format.
 * @cfg:    What the caller's hardware supports.  On success the backend
 *          narrows it to what it will actually use (page sizes, address
 *          sizes) and fills in the register values for @fmt.
 * @cookie: Opaque value passed back to the callbacks in @cfg.
 *
 * Context: process context; may sleep.
 * Return: the operations on the new tables, or NULL if @fmt is unknown or
 * not built, @cfg cannot be met, or memory ran out.
 */
struct io_pgtable_ops *
alloc_io_pgtable_ops(enum io_pgtable_fmt fmt, struct io_pgtable_cfg *cfg,
		     void *cookie)
{
	const struct io_pgtable_init_fns *fns = iop_backend(fmt);
	struct io_pgtable *iop;

	if (!fns || !iop_allocator_ok(fns, cfg))
		return NULL;

	iop = fns->alloc(cfg, cookie);
	if (!iop)
		return NULL;

	iop->fmt = fmt;
	iop->cookie = cookie;
	iop->cfg = *cfg;
	return &iop->ops;
}
EXPORT_SYMBOL_GPL(alloc_io_pgtable_ops);

/**
 * free_io_pgtable_ops() - Tear down page tables made by alloc_io_pgtable_ops().
 * @ops: The operations returned by alloc_io_pgtable_ops(); NULL is ignored.
 *
 * The caller must have stopped the hardware from walking the tables.  The
 * whole TLB context is invalidated before any table memory is released.
 */
void free_io_pgtable_ops(struct io_pgtable_ops *ops)
{
	const struct io_pgtable_init_fns *fns;
	struct io_pgtable *iop;

	if (!ops)
		return;

	iop = container_of(ops, struct io_pgtable, ops);
	io_pgtable_tlb_flush_all(iop);
	fns = iop_backend(iop->fmt);
	if (!WARN_ON(!fns))
		fns->free(iop);
}
EXPORT_SYMBOL_GPL(free_io_pgtable_ops);
