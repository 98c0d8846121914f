/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kshim IOMMU: the structures of <linux/iommu.h> an IOMMU driver fills
 * in or reads, and a mini core that drives them the way the 6.12 core
 * does for one device at a time: fwspec from a DT phandle, probe_device,
 * device_group, a default domain (identity, blocked or paging), attach,
 * and iommu_map()/iommu_unmap() split by page size with the driver's
 * sync calls.  Fault reports land in a record the tests read.
 *
 * File map:
 *   constants         IOMMU_* protections, domain types, capabilities
 *   structures        iommu_domain, iommu_ops, iommu_domain_ops,
 *                     iommu_device, iommu_fwspec, dev_iommu, groups
 *   driver side       fwspec and priv accessors, iommu_device_register(),
 *                     report_iommu_fault(), gather helpers
 *   harness side      kshim_iommu_*(): of_xlate, probe, domains, map
 */
#ifndef KSHIM_IOMMU_H
#define KSHIM_IOMMU_H

#define IOMMU_READ	BIT(0)
#define IOMMU_WRITE	BIT(1)
#define IOMMU_CACHE	BIT(2)
#define IOMMU_NOEXEC	BIT(3)
#define IOMMU_MMIO	BIT(4)
#define IOMMU_PRIV	BIT(5)
#define IOMMU_DIRTY_NO_CLEAR BIT(0)

#define IOMMU_FAULT_READ	0x0
#define IOMMU_FAULT_WRITE	0x1

#define __IOMMU_DOMAIN_PAGING	BIT(0)
#define __IOMMU_DOMAIN_DMA_API	BIT(1)
#define __IOMMU_DOMAIN_PT	BIT(2)
#define __IOMMU_DOMAIN_DMA_FQ	BIT(3)
#define IOMMU_DOMAIN_BLOCKED	0U
#define IOMMU_DOMAIN_IDENTITY	__IOMMU_DOMAIN_PT
#define IOMMU_DOMAIN_UNMANAGED	__IOMMU_DOMAIN_PAGING
#define IOMMU_DOMAIN_DMA	(__IOMMU_DOMAIN_PAGING | __IOMMU_DOMAIN_DMA_API)
#define IOMMU_DOMAIN_DMA_FQ	(IOMMU_DOMAIN_DMA | __IOMMU_DOMAIN_DMA_FQ)
#define IOMMU_DOMAIN_NESTED	BIT(6)
#define IOMMU_NO_PASID		0U

enum iommu_cap {
	IOMMU_CAP_CACHE_COHERENCY,
	IOMMU_CAP_NOEXEC,
	IOMMU_CAP_PRE_BOOT_PROTECTION,
	IOMMU_CAP_ENFORCE_CACHE_COHERENCY,
	IOMMU_CAP_DEFERRED_FLUSH,
	IOMMU_CAP_DIRTY_TRACKING,
};

enum iommu_resv_type {
	IOMMU_RESV_DIRECT,
	IOMMU_RESV_DIRECT_RELAXABLE,
	IOMMU_RESV_RESERVED,
	IOMMU_RESV_MSI,
	IOMMU_RESV_SW_MSI,
};

enum iommu_dev_features { IOMMU_DEV_FEAT_SVA, IOMMU_DEV_FEAT_IOPF };

struct iommu_domain;
struct iommu_group;
struct iommu_dirty_ops;
struct iommu_user_data;
struct iommu_page_response;
struct iopf_group;
struct mm_struct;
typedef int (*iommu_fault_handler_t)(struct iommu_domain *domain,
				     struct device *dev, unsigned long iova,
				     int flags, void *token);

struct iommu_domain_geometry {
	dma_addr_t aperture_start;
	dma_addr_t aperture_end;
	bool force_aperture;
};

struct iommu_domain {
	unsigned int type;
	const struct iommu_domain_ops *ops;
	const struct iommu_dirty_ops *dirty_ops;
	const struct iommu_ops *owner;
	unsigned long pgsize_bitmap;
	struct iommu_domain_geometry geometry;
	struct iommu_dma_cookie *iova_cookie;
	iommu_fault_handler_t handler;
	void *handler_token;
};

struct iommu_iotlb_gather {
	unsigned long start;
	unsigned long end;
	size_t pgsize;
	struct list_head freelist;
	bool queued;
};

struct iommu_dirty_bitmap {
	void *bitmap;
	struct iommu_iotlb_gather *gather;
};

struct iommu_resv_region {
	struct list_head list;
	phys_addr_t start;
	size_t length;
	int prot;
	enum iommu_resv_type type;
	void (*free)(struct device *dev, struct iommu_resv_region *region);
};

/* IORT reserved memory regions: never present without ACPI */
struct iommu_iort_rmr_data {
	struct iommu_resv_region rr;
	const u32 *sids;
	u32 num_sids;
};

struct iommu_domain_ops {
	int (*attach_dev)(struct iommu_domain *domain, struct device *dev);
	int (*set_dev_pasid)(struct iommu_domain *domain, struct device *dev,
			     unsigned int pasid, struct iommu_domain *old);
	int (*map_pages)(struct iommu_domain *domain, unsigned long iova,
			 phys_addr_t paddr, size_t pgsize, size_t pgcount,
			 int prot, gfp_t gfp, size_t *mapped);
	size_t (*unmap_pages)(struct iommu_domain *domain, unsigned long iova,
			      size_t pgsize, size_t pgcount,
			      struct iommu_iotlb_gather *iotlb_gather);
	void (*flush_iotlb_all)(struct iommu_domain *domain);
	int (*iotlb_sync_map)(struct iommu_domain *domain, unsigned long iova,
			      size_t size);
	void (*iotlb_sync)(struct iommu_domain *domain,
			   struct iommu_iotlb_gather *iotlb_gather);
	phys_addr_t (*iova_to_phys)(struct iommu_domain *domain,
				    dma_addr_t iova);
	bool (*enforce_cache_coherency)(struct iommu_domain *domain);
	int (*enable_nesting)(struct iommu_domain *domain);
	int (*set_pgtable_quirks)(struct iommu_domain *domain,
				  unsigned long quirks);
	void (*free)(struct iommu_domain *domain);
};

struct iommu_ops {
	bool (*capable)(struct device *dev, enum iommu_cap cap);
	struct iommu_domain *(*domain_alloc)(unsigned int type);
	struct iommu_domain *(*domain_alloc_paging)(struct device *dev);
	struct iommu_device *(*probe_device)(struct device *dev);
	void (*release_device)(struct device *dev);
	void (*probe_finalize)(struct device *dev);
	struct iommu_group *(*device_group)(struct device *dev);
	void (*get_resv_regions)(struct device *dev, struct list_head *list);
	int (*of_xlate)(struct device *dev, const struct of_phandle_args *args);
	bool (*is_attach_deferred)(struct device *dev);
	int (*def_domain_type)(struct device *dev);
	const struct iommu_domain_ops *default_domain_ops;
	unsigned long pgsize_bitmap;
	struct module *owner;
	struct iommu_domain *identity_domain;
	struct iommu_domain *blocked_domain;
	struct iommu_domain *release_domain;
	struct iommu_domain *default_domain;
};

struct iommu_device {
	struct list_head list;
	const struct iommu_ops *ops;
	struct fwnode_handle *fwnode;
	struct device *dev;
	struct iommu_group *singleton_group;
	u32 max_pasids;
	bool in_sysfs;
};

struct iommu_fwspec {
	struct fwnode_handle *iommu_fwnode;
	u32 flags;
	unsigned int num_ids;
	u32 ids[];
};

struct dev_iommu {
	struct iommu_fwspec *fwspec;
	struct iommu_device *iommu_dev;
	void *priv;
	struct iommu_group *group;
};

/*
 * A group: its devices share one domain.  refs counts the driver's
 * references (device_group results); ndev the devices the core put in.
 */
struct iommu_group {
	int refs;
	int id;
	int ndev;
	struct iommu_domain *domain;		/* attached to every device */
	struct iommu_domain *default_domain;	/* the core allocated it */
};

/* ---- driver side ---------------------------------------------------- */

/* per-device state, created by the first fwspec */
static inline struct iommu_fwspec *dev_iommu_fwspec_get(struct device *dev)
{
	return dev->iommu ? dev->iommu->fwspec : NULL;
}

static inline void *dev_iommu_priv_get(struct device *dev)
{
	return dev->iommu ? dev->iommu->priv : NULL;
}

/* only after the fwspec: the state exists by then */
static inline void dev_iommu_priv_set(struct device *dev, void *priv)
{
	if (!WARN_ON(!dev->iommu))
		dev->iommu->priv = priv;
}

int iommu_fwspec_init(struct device *dev, struct fwnode_handle *iommu_fwnode);
int iommu_fwspec_add_ids(struct device *dev, const u32 *ids, int num_ids);
void iommu_fwspec_free(struct device *dev);

int iommu_device_register(struct iommu_device *iommu,
			  const struct iommu_ops *ops, struct device *hwdev);
void iommu_device_unregister(struct iommu_device *iommu);

/* no sysfs: the flag lets a test see the pairing */
static inline __printf(4, 5) int
iommu_device_sysfs_add(struct iommu_device *iommu, struct device *parent,
		       const void *groups, const char *fmt, ...)
{
	iommu->in_sysfs = true;
	return 0;
}

static inline void iommu_device_sysfs_remove(struct iommu_device *iommu)
{
	iommu->in_sysfs = false;
}

struct iommu_group *generic_device_group(struct device *dev);
void iommu_group_put(struct iommu_group *group);

static inline struct iommu_group *iommu_group_ref_get(struct iommu_group *g)
{
	g->refs++;
	return g;
}

#define pci_device_group(d) generic_device_group(d)
#define fsl_mc_device_group(d) generic_device_group(d)
#define generic_single_device_group(d) generic_device_group(d)

struct iommu_resv_region *iommu_alloc_resv_region(phys_addr_t start,
						  size_t length, int prot,
						  enum iommu_resv_type type,
						  gfp_t gfp);
static inline void iommu_dma_get_resv_regions(struct device *dev,
					      struct list_head *list)
{
}

/*
 * The last fault a driver reported, for the tests: report_iommu_fault()
 * records it and returns what the domain's handler returned, or
 * -KSHIM_ERRNO_NO_HANDLER when there is none, as the core does.
 */
struct kshim_fault {
	unsigned long count;
	struct iommu_domain *domain;
	struct device *dev;
	unsigned long iova;
	int flags;
};

extern struct kshim_fault kshim_last_fault;
/* the core's errno when no handler is installed ("no such function") */
#define KSHIM_ERRNO_NO_HANDLER 38
int report_iommu_fault(struct iommu_domain *domain, struct device *dev,
		       unsigned long iova, int flags);

static inline void iommu_iotlb_gather_init(struct iommu_iotlb_gather *g)
{
	*g = (struct iommu_iotlb_gather) {
		.start = ULONG_MAX,
		.freelist = LIST_HEAD_INIT(g->freelist),
	};
}

static inline bool iommu_iotlb_gather_queued(struct iommu_iotlb_gather *g)
{
	return g && g->queued;
}

static inline void iommu_iotlb_gather_add_range(struct iommu_iotlb_gather *g,
						unsigned long iova, size_t size)
{
	unsigned long end = iova + size - 1;

	if (g->start > iova)
		g->start = iova;
	if (g->end < end)
		g->end = end;
}

static inline void iommu_iotlb_gather_add_page(struct iommu_domain *domain,
					       struct iommu_iotlb_gather *g,
					       unsigned long iova, size_t size)
{
	g->pgsize = size;
	iommu_iotlb_gather_add_range(g, iova, size);
}

static inline bool iommu_iotlb_gather_is_disjoint(struct iommu_iotlb_gather *g,
						  unsigned long iova,
						  size_t size)
{
	unsigned long start = iova, end = start + size - 1;

	return g->end != 0 &&
	       (end + 1 < g->start || start > g->end + 1);
}

extern void (*kshim_dirty_record)(unsigned long iova, unsigned long len);
static inline void iommu_dirty_bitmap_record(struct iommu_dirty_bitmap *d,
					     unsigned long iova,
					     unsigned long len)
{
	if (kshim_dirty_record)
		kshim_dirty_record(iova, len);
}

static inline bool iommu_is_dma_domain(struct iommu_domain *domain)
{
	return domain->type & __IOMMU_DOMAIN_DMA_API;
}

/* ---- harness side --------------------------------------------------- */

/*
 * Give @dev the "iommus" entry <@iommu_np @cells...>: fwspec init and the
 * driver's of_xlate, as the OF layer does when a master is created.
 */
int kshim_iommu_of_xlate(struct device *dev, struct device_node *iommu_np,
			 const u32 *cells, int ncells);
/*
 * probe_device, device_group, then the default domain: the driver's
 * def_domain_type or @type (IOMMU_DOMAIN_DMA or _IDENTITY), attached.
 */
int kshim_iommu_probe(struct device *dev, unsigned int type);
/* undo kshim_iommu_probe(): release_device, group and domain dropped */
void kshim_iommu_release(struct device *dev);
/* a new paging domain for @dev, or the driver's identity/blocked one */
struct iommu_domain *kshim_iommu_domain_alloc(struct device *dev,
					      unsigned int type);
void kshim_iommu_domain_free(struct iommu_domain *domain);
int kshim_iommu_attach(struct iommu_domain *domain, struct device *dev);
struct iommu_domain *kshim_iommu_get_domain(struct device *dev);
/*
 * The core's iommu_map(): largest page sizes first, map_pages called
 * again on partial progress, iotlb_sync_map at the end; an error
 * unmaps what was mapped.  iommu_unmap(): unmap_pages by page size,
 * then iotlb_sync with the gathered range (strict mode); returns the
 * bytes unmapped.
 */
int iommu_map(struct iommu_domain *domain, unsigned long iova,
	      phys_addr_t paddr, size_t size, int prot, gfp_t gfp);
size_t iommu_unmap(struct iommu_domain *domain, unsigned long iova,
		   size_t size);
phys_addr_t iommu_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova);
void iommu_flush_iotlb_all(struct iommu_domain *domain);

/* what report_iommu_fault() calls, with @token */
static inline void iommu_set_fault_handler(struct iommu_domain *d,
					   iommu_fault_handler_t fn,
					   void *token)
{
	d->handler = fn;
	d->handler_token = token;
}

#endif /* KSHIM_IOMMU_H */
