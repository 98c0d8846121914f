/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iommu-edu: what the files of the driver share.
 *
 * edu-core.c	binding, the engine, the ioctl dispatcher, open and close
 * edu-buf.c	the buffers: every kind of IOMMU_EDU_IOC_CREATE, their
 *		release and synchronisation, reads and writes
 * edu-domain.c	transfers, the buffer ioctls and edu's domains
 * edu-mmap.c	user mappings of buffers, taken away at unbind
 * edu-regions.c  the reserved regions of edu's function: checked with real
 *		DMA when the driver binds, inspected by IOMMU_EDU_IOC_REGION
 * edu-stress.c	mappings made from several threads at once, without the
 *		device lock, and a count of what edu's domain still maps
 */
#ifndef _IOMMU_EDU_H
#define _IOMMU_EDU_H

#include <linux/atomic.h>
#include <linux/dma-direction.h>
#include <linux/errno.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/xarray.h>

struct address_space;
struct edu_region;
struct file;
struct iommu_domain;
struct iommu_edu_attach;
struct iommu_edu_canary;
struct iommu_edu_create;
struct iommu_edu_info;
struct iommu_edu_mapped;
struct iommu_edu_phys;
struct iommu_edu_probe;
struct iommu_edu_region;
struct iommu_edu_resource;
struct iommu_edu_rw;
struct iommu_edu_sgtable;
struct iommu_edu_stress;
struct iommu_edu_sync;
struct iommu_edu_xfer;
struct pci_dev;
struct vm_area_struct;

/* The engine copies from the bus into its window unless this is set. */
#define EDU_CMD_WINDOW_TO_BUS	BIT(1)

/**
 * struct edu_stress - stress mappings of one device (edu-stress.c)
 * @sem: held for reading by every map and unmap, for writing by the unbind
 * @lock: protects @maps and @live
 * @maps: live mappings (struct edu_stress_map), of every file
 * @live: entries in @maps
 * @backing: the buffer every mapping maps, allocated on first use
 * @gone: set by the unbind under @sem; maps then fail with ENODEV
 */
struct edu_stress {
	struct rw_semaphore sem;
	spinlock_t lock;		/* maps, live */
	struct list_head maps;
	u32 live;
	void *backing;
	bool gone;
};

/**
 * struct edu_dev - state of one bound edu function
 * @pdev: the PCI function
 * @regs: its register block
 * @misc: the character device user space opens
 * @name: name of @misc, "iommu-edu" for the first device
 * @index: number that made @name unique
 * @lock: serialises the engine, @files, @gone and all buffers
 * @files: open files (struct edu_file) of this device
 * @gone: set once the driver was unbound; files then fail with ENODEV
 * @ref: held by the binding and by every open file
 * @private: paging domain of our own attached by IOMMU_EDU_ATTACH_PRIVATE
 * @private_buf: the buffer @private maps; it cannot be unmapped or freed
 *	while @private exists
 * @private_owner: the file that owns @private_buf
 * @owned: DMA ownership taken (IOMMU_EDU_ATTACH_BLOCKED)
 * @was_untrusted: what the PCI core said of the device at probe
 * @mem_lock: orders mmap() against the memory going back at unbind
 * @mms: address spaces that mapped buffers (struct edu_mm), under @mem_lock
 * @regions: the function's reserved regions, checked when the driver bound
 * @nr_regions: entries in @regions
 * @stress: mappings of IOMMU_EDU_IOC_STRESS_MAP, outside @lock
 */
struct edu_dev {
	struct pci_dev *pdev;
	void __iomem *regs;
	struct miscdevice misc;
	char name[24];
	int index;
	struct mutex lock;		/* engine, files, buffers */
	struct list_head files;
	bool gone;
	struct kref ref;
	struct iommu_domain *private;
	struct edu_buf *private_buf;
	struct edu_file *private_owner;
	bool owned;
	bool was_untrusted;
	struct mutex mem_lock;		/* mmap vs. unbind; inside mmap_lock */
	struct list_head mms;
	struct edu_region *regions;
	unsigned int nr_regions;
	struct edu_stress stress;
};

/**
 * struct edu_file - one open file and the buffers it created
 * @edu: device the file was opened on
 * @link: entry in edu_dev.files
 * @bufs: buffers of this file, by handle
 * @mapping: address space of the file, whose user mappings an unbind zaps
 */
struct edu_file {
	struct edu_dev *edu;
	struct list_head link;
	struct xarray bufs;
	struct address_space *mapping;
};

/**
 * struct edu_buf - one buffer handed out to user space
 * @edu: device whose DMA API made the buffer
 * @ref: held by the owning file's table and by every VMA mapping it; the
 *	last one gives the memory back to the DMA API
 * @mmaps: VMAs mapping the buffer (changed under the xarray lock of the
 *	owning file, or by the VMA callbacks of a VMA that holds one)
 * @kind: IOMMU_EDU_KIND_*; the COHERENT variants are COHERENT with @attrs
 * @dir: direction of a streaming mapping or of a NONCONTIG buffer
 * @attrs: DMA_ATTR_* the COHERENT buffer was allocated with
 * @size: bytes user space sees (see struct iommu_edu_create)
 * @mem: start of the memory: page allocation, the coherent buffer (an
 *	opaque cookie with DMA_ATTR_NO_KERNEL_MAPPING) or the vmap of a
 *	NONCONTIG buffer
 * @mem_bytes: length of the page allocation
 * @cpu: first byte user space sees, @mem plus the in-page offset; NULL
 *	when the kernel has no mapping
 * @iova: bus address of @cpu (SINGLE, COHERENT, NONCONTIG)
 * @mapped: streaming mapping is live
 * @sgt: the scatterlist (SG)
 * @nc_sgt: table from dma_alloc_noncontiguous() (NONCONTIG)
 */
struct edu_buf {
	struct edu_dev *edu;
	struct kref ref;
	atomic_t mmaps;
	u32 kind;
	enum dma_data_direction dir;
	unsigned long attrs;
	u32 size;
	void *mem;
	size_t mem_bytes;
	void *cpu;
	dma_addr_t iova;
	bool mapped;
	struct sg_table sgt;
	struct sg_table *nc_sgt;
};

/* edu-core.c */
extern unsigned int edu_dma_bits;

struct device *edu_to_dev(struct edu_dev *edu);
int edu_engine_run(struct edu_dev *edu, u64 src, u64 dst, u32 count, u64 cmd);
void edu_dev_free(struct kref *ref);

/* edu-buf.c */
void edu_buf_unmap(struct edu_dev *edu, struct edu_buf *buf);
void edu_buf_give_back(struct edu_buf *buf);
void edu_buf_put(struct edu_buf *buf);
void edu_buf_sync(struct edu_dev *edu, struct edu_buf *buf,
		  bool for_cpu);
void edu_buf_cpu_access(struct edu_dev *edu, struct edu_buf *buf,
			bool begin);
int edu_ioc_create(struct edu_file *ef, struct iommu_edu_create *arg);
int edu_ioc_map_resource(struct edu_file *ef,
			 struct iommu_edu_resource *arg);
int edu_ioc_rw(struct edu_file *ef, struct iommu_edu_rw *arg,
	       bool to_buf);

/* edu-domain.c */
struct iommu_domain *edu_domain(struct edu_dev *edu);
bool edu_translated(struct edu_dev *edu);
int edu_ioc_xfer(struct edu_file *ef, struct iommu_edu_xfer *arg);
int edu_ioc_unmap(struct edu_file *ef, u32 handle);
int edu_ioc_free(struct edu_file *ef, u32 handle);
int edu_ioc_sync(struct edu_file *ef, struct iommu_edu_sync *arg);
int edu_ioc_sgtable(struct edu_file *ef, struct iommu_edu_sgtable *arg);
int edu_ioc_probe(struct edu_file *ef, struct iommu_edu_probe *arg);
u32 edu_domain_to_uapi(struct iommu_domain *domain);
void edu_ioc_info(struct edu_dev *edu, struct iommu_edu_info *arg);
int edu_set_dma_bits(struct edu_dev *edu, u32 bits);
void edu_back_to_default(struct edu_dev *edu);
int edu_ioc_attach(struct edu_file *ef, struct iommu_edu_attach *arg);
int edu_set_untrusted(struct edu_dev *edu, u32 value);
int edu_ioc_canary(struct edu_file *ef, struct iommu_edu_canary *arg);
int edu_ioc_phys(struct edu_file *ef, struct iommu_edu_phys *arg);

/* edu-mmap.c */
void edu_revoke_mmaps(struct edu_dev *edu);
int edu_mmap(struct file *file, struct vm_area_struct *vma);

void edu_regions_probe(struct edu_dev *edu);
void edu_regions_free(struct edu_dev *edu);
int edu_ioc_region(struct edu_dev *edu, struct iommu_edu_region *arg);

void edu_stress_init(struct edu_stress *st);
bool edu_stress_cmd(unsigned int cmd);
int edu_stress_ioctl(struct edu_dev *edu, const void *owner, unsigned int cmd,
		     struct iommu_edu_stress *arg);
void edu_stress_release(struct edu_dev *edu, const void *owner);
void edu_stress_remove(struct edu_dev *edu);
int edu_stress_set_untrusted(struct edu_dev *edu, bool untrusted);
int edu_ioc_mapped(struct edu_dev *edu, struct iommu_edu_mapped *arg);

/* edu-pasid.c: the sample client of private PASID tables, when built */
struct iommu_edu_pasid;
#if IS_ENABLED(CONFIG_IOMMU_PASID_TABLE)
int edu_ioc_pasid(struct edu_dev *edu, struct iommu_edu_pasid *arg);
#else
static inline int edu_ioc_pasid(struct edu_dev *edu,
				struct iommu_edu_pasid *arg)
{
	return -ENOTTY;
}
#endif

#endif /* _IOMMU_EDU_H */
