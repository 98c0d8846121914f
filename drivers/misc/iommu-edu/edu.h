/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iommu-edu: what the files of the driver share.
 *
 * edu-core.c   binding, buffers, the engine, the ioctls and mmap()
 * edu-regions.c  the reserved regions of edu's function: checked with real
 *		DMA when the driver binds, inspected by IOMMU_EDU_IOC_REGION
 * edu-stress.c	mappings made from several threads at once, without the
 *		device lock, and a count of what edu's domain still maps
 */
#ifndef _IOMMU_EDU_H
#define _IOMMU_EDU_H

#include <linux/errno.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct edu_buf;
struct edu_file;
struct edu_region;
struct iommu_domain;
struct iommu_edu_mapped;
struct iommu_edu_region;
struct iommu_edu_stress;
struct pci_dev;

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

struct device *edu_to_dev(struct edu_dev *edu);
struct iommu_domain *edu_domain(struct edu_dev *edu);
bool edu_translated(struct edu_dev *edu);
int edu_engine_run(struct edu_dev *edu, u64 src, u64 dst, u32 count, u64 cmd);

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
