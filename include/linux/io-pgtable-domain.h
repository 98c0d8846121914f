/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A paging domain whose translations live in an io-pgtable: the part every
 * io-pgtable-backed IOMMU driver (SMMUv3 today; SMMUv2 and the R-Car IPMMU
 * next) would otherwise write for itself.
 *
 * The driver embeds struct io_pgtable_domain in its own domain structure,
 * fills an io_pgtable_cfg with what its hardware can do and calls
 * io_pgtable_domain_init().  What it keeps is what differs between
 * IOMMUs: tags (ASID, VMID, context bank), how it invalidates its TLB (two
 * hooks in struct io_pgtable_domain_tlb_ops) and attaching devices.  The
 * map, unmap, lookup and invalidation entry points below go straight into
 * the driver's iommu_domain_ops.
 *
 * Also here: Arm's 3-bit physical address size code, which SMMUv3 reports
 * in IDR5.OAS, SMMUv2 in IDR2.OAS and the LPAE format writes into TCR.IPS
 * and VTCR.PS.  One table serves every reader and writer of it.
 */
#ifndef __LINUX_IO_PGTABLE_DOMAIN_H
#define __LINUX_IO_PGTABLE_DOMAIN_H

#include <linux/errno.h>
#include <linux/iommu.h>
#include <linux/io-pgtable.h>
#include <linux/types.h>

/* Codes 0..6 are defined (Arm ARM D8.1.9, SMMUv3 §6.3.6); 7 is reserved. */
#define IO_PGTABLE_ARM_PA_CODES		7

/**
 * io_pgtable_arm_pa_bits() - decode an Arm physical address size code
 * @code: the 3-bit field (SMMU IDR OAS, TCR.IPS, VTCR.PS)
 *
 * Return: the size in bits (32, 36, 40, 42, 44, 48 or 52), or 0 for a
 * reserved code.
 */
static inline unsigned int io_pgtable_arm_pa_bits(unsigned int code)
{
	static const u8 bits[IO_PGTABLE_ARM_PA_CODES] = {
		32, 36, 40, 42, 44, 48, 52,
	};

	return code < IO_PGTABLE_ARM_PA_CODES ? bits[code] : 0;
}

/**
 * io_pgtable_arm_pa_code() - encode a physical address size
 * @bits: the size in bits; must be one the architecture names exactly
 *
 * Return: the 3-bit code for @bits, or -EINVAL when no code means @bits.
 */
static inline int io_pgtable_arm_pa_code(unsigned int bits)
{
	int code;

	for (code = 0; code < IO_PGTABLE_ARM_PA_CODES; code++)
		if (io_pgtable_arm_pa_bits(code) == bits)
			return code;
	return -EINVAL;
}

struct io_pgtable_domain;

/**
 * struct io_pgtable_domain_tlb_ops - how the driver invalidates its TLB
 * @inv_all: drop every entry the domain's tag may have cached
 * @inv_range: drop the entries for [@iova, @iova + @size); @granule is the
 *	size of the leaves that changed when @leaf is true (only leaf entries
 *	went), else the granule of a change to the table walk itself
 *
 * Both complete the invalidation before returning: io-pgtable frees table
 * memory after a walk change is flushed, and the core reuses IOVAs after
 * iotlb_sync.  Called with no lock of ours held; may be called concurrently.
 */
struct io_pgtable_domain_tlb_ops {
	void (*inv_all)(struct io_pgtable_domain *pgd);
	void (*inv_range)(struct io_pgtable_domain *pgd, unsigned long iova,
			  size_t size, size_t granule, bool leaf);
};

/**
 * struct io_pgtable_domain - a paging domain backed by an io-pgtable
 * @domain: the core's view; its ops are the driver's
 * @pgtbl: the page table, from alloc_io_pgtable_ops()
 * @tlb: the driver's invalidation hooks
 */
struct io_pgtable_domain {
	struct iommu_domain				domain;
	struct io_pgtable_ops				*pgtbl;
	const struct io_pgtable_domain_tlb_ops		*tlb;
};

static inline struct io_pgtable_domain *
to_io_pgtable_domain(struct iommu_domain *domain)
{
	return container_of(domain, struct io_pgtable_domain, domain);
}

int io_pgtable_domain_init(struct io_pgtable_domain *pgd,
			   enum io_pgtable_fmt fmt, struct io_pgtable_cfg *cfg,
			   const struct io_pgtable_domain_tlb_ops *tlb);
void io_pgtable_domain_destroy(struct io_pgtable_domain *pgd);

int io_pgtable_domain_map_pages(struct iommu_domain *domain,
				unsigned long iova, phys_addr_t paddr,
				size_t pgsize, size_t pgcount, int prot,
				gfp_t gfp, size_t *mapped);
size_t io_pgtable_domain_unmap_pages(struct iommu_domain *domain,
				     unsigned long iova, size_t pgsize,
				     size_t pgcount,
				     struct iommu_iotlb_gather *gather);
phys_addr_t io_pgtable_domain_iova_to_phys(struct iommu_domain *domain,
					   dma_addr_t iova);
void io_pgtable_domain_flush_iotlb_all(struct iommu_domain *domain);
void io_pgtable_domain_iotlb_sync(struct iommu_domain *domain,
				  struct iommu_iotlb_gather *gather);

#if IS_ENABLED(CONFIG_KUNIT)
void io_pgtable_domain_set_geometry(struct iommu_domain *domain,
				    const struct io_pgtable_cfg *cfg);
#endif

#endif /* __LINUX_IO_PGTABLE_DOMAIN_H */
