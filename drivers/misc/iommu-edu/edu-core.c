// SPDX-License-Identifier: GPL-2.0
/*
 * iommu-edu: a DMA API exerciser built on QEMU's "edu" PCI device.
 *
 * edu owns a 4 KiB window and a copy engine that moves bytes between that
 * window and one contiguous bus address range.  Put an IOMMU in front of it
 * and the engine becomes a probe: user space creates buffers through the
 * streaming and coherent DMA API, aims the engine at their IOVAs (or at
 * IOVAs nobody mapped) and then looks at memory and at the IOMMU's fault
 * reports.  The driver itself checks nothing; it only keeps every request
 * inside what edu can do safely, so that a bad request cannot take the
 * virtual machine down.
 *
 * This file holds the binding, the engine and the file operations;
 * edu-buf.c the buffers, edu-domain.c the transfers and the domains,
 * edu-mmap.c the user mappings of buffers, edu-regions.c the firmware
 * regions of the function, edu-stress.c the mappings made from several
 * threads at once (edu.h).
 *
 * File map:
 *   device state        edu_to_dev(), edu_dev_free()
 *   engine              edu_engine_wait_idle(), edu_engine_run()
 *   ioctl dispatcher    edu_dispatch(), edu_ioctl()
 *   open and close      edu_file_drain(), edu_open(), edu_release()
 *   PCI driver          edu_domain_name(), edu_probe(), edu_remove()
 *
 * Locking: one mutex per device serialises the engine, the list of open
 * files and every buffer they own.  Files hold a reference on the device
 * state so that it outlives an unbind; an unbind releases all DMA
 * resources at once and leaves the files returning ENODEV.
 *
 * User mappings of buffers are the exception: mmap() runs with the mm's
 * lock held, which the ioctls take (through user copies) inside the device
 * mutex, so mmap() and the VMA callbacks never take that mutex.  They find
 * buffers under the xarray's own lock, and every VMA holds a reference on
 * its buffer: a mapped buffer cannot be freed through its handle (EBUSY).
 * An unbind empties every user mapping first, then gives all memory back;
 * the descriptors of mapped buffers wait for their last VMA.
 */

#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/iommu.h>
#include <linux/iopoll.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include <uapi/misc/iommu-edu.h>

#include "edu.h"

/* Driver and device node name; KBUILD_MODNAME would spell it iommu_edu. */
#define EDU_NAME		"iommu-edu"

#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8

/* Register block in BAR 0 */
#define EDU_ID			0x00
#define EDU_ID_MAGIC		0xed		/* low byte of the identity */
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_COUNT		0x90
#define EDU_DMA_CMD		0x98
#define EDU_CMD_START		BIT(0)		/* set to run, clears when done */
#define EDU_CMD_RAISE_IRQ	BIT(2)

/* A copy takes 100 ms of virtual time; leave room for a loaded host. */
#define EDU_POLL_US		2000
#define EDU_DONE_TIMEOUT_US	(5 * USEC_PER_SEC)

unsigned int edu_dma_bits = 28;
module_param_named(dma_bits, edu_dma_bits, uint, 0444);
MODULE_PARM_DESC(dma_bits,
		 "Address bits edu's engine drives, as QEMU's dma_mask property (default 28)");

static DEFINE_IDA(edu_minor_ida);

struct device *edu_to_dev(struct edu_dev *edu)
{
	return &edu->pdev->dev;
}

void edu_dev_free(struct kref *ref)
{
	struct edu_dev *edu = container_of(ref, struct edu_dev, ref);

	edu_regions_free(edu);
	mutex_destroy(&edu->mem_lock);
	mutex_destroy(&edu->lock);
	pci_dev_put(edu->pdev);
	kfree(edu);
}

/* Engine */

static int edu_engine_wait_idle(struct edu_dev *edu)
{
	u64 cmd;

	return readq_poll_timeout(edu->regs + EDU_DMA_CMD, cmd,
				  !(cmd & EDU_CMD_START), EDU_POLL_US,
				  EDU_DONE_TIMEOUT_US);
}

int edu_engine_run(struct edu_dev *edu, u64 src, u64 dst, u32 count, u64 cmd)
{
	int ret;

	/* edu ignores register writes while a copy is in flight. */
	ret = edu_engine_wait_idle(edu);
	if (ret)
		return -EBUSY;

	writeq(src, edu->regs + EDU_DMA_SRC);
	writeq(dst, edu->regs + EDU_DMA_DST);
	writeq(count, edu->regs + EDU_DMA_COUNT);
	/* writeq() orders all earlier memory writes before the start bit. */
	writeq(cmd | EDU_CMD_START, edu->regs + EDU_DMA_CMD);

	ret = edu_engine_wait_idle(edu);
	if (ret)
		dev_warn(edu_to_dev(edu), "DMA engine did not finish\n");
	return ret;
}

/* File operations */

union edu_ioc_arg {
	struct iommu_edu_info info;
	struct iommu_edu_create create;
	struct iommu_edu_rw rw;
	struct iommu_edu_xfer xfer;
	struct iommu_edu_probe probe;
	struct iommu_edu_attach attach;
	struct iommu_edu_canary canary;
	struct iommu_edu_phys phys;
	struct iommu_edu_sync sync;
	struct iommu_edu_sgtable sgtable;
	struct iommu_edu_resource resource;
	struct iommu_edu_region region;
	struct iommu_edu_stress stress;
	struct iommu_edu_mapped mapped;
	struct iommu_edu_pasid pasid;
	u32 value;
};

static long edu_dispatch(struct edu_file *ef, unsigned int cmd,
			 union edu_ioc_arg *arg)
{
	switch (cmd) {
	case IOMMU_EDU_IOC_INFO:
		edu_ioc_info(ef->edu, &arg->info);
		return 0;
	case IOMMU_EDU_IOC_CREATE:
		return edu_ioc_create(ef, &arg->create);
	case IOMMU_EDU_IOC_WRITE:
		return edu_ioc_rw(ef, &arg->rw, true);
	case IOMMU_EDU_IOC_READ:
		return edu_ioc_rw(ef, &arg->rw, false);
	case IOMMU_EDU_IOC_XFER:
		return edu_ioc_xfer(ef, &arg->xfer);
	case IOMMU_EDU_IOC_UNMAP:
		return edu_ioc_unmap(ef, arg->value);
	case IOMMU_EDU_IOC_FREE:
		return edu_ioc_free(ef, arg->value);
	case IOMMU_EDU_IOC_PROBE:
		return edu_ioc_probe(ef, &arg->probe);
	case IOMMU_EDU_IOC_SET_DMA_BITS:
		return edu_set_dma_bits(ef->edu, arg->value);
	case IOMMU_EDU_IOC_ATTACH:
		return edu_ioc_attach(ef, &arg->attach);
	case IOMMU_EDU_IOC_SET_UNTRUSTED:
		return edu_set_untrusted(ef->edu, arg->value);
	case IOMMU_EDU_IOC_CANARY:
		return edu_ioc_canary(ef, &arg->canary);
	case IOMMU_EDU_IOC_PHYS:
		return edu_ioc_phys(ef, &arg->phys);
	case IOMMU_EDU_IOC_SYNC:
		return edu_ioc_sync(ef, &arg->sync);
	case IOMMU_EDU_IOC_SGTABLE:
		return edu_ioc_sgtable(ef, &arg->sgtable);
	case IOMMU_EDU_IOC_MAP_RESOURCE:
		return edu_ioc_map_resource(ef, &arg->resource);
	case IOMMU_EDU_IOC_REGION:
		return edu_ioc_region(ef->edu, &arg->region);
	case IOMMU_EDU_IOC_MAPPED:
		return edu_ioc_mapped(ef->edu, &arg->mapped);
	case IOMMU_EDU_IOC_PASID:
		return edu_ioc_pasid(ef->edu, &arg->pasid);
	}
	return -ENOTTY;
}

static long edu_ioctl(struct file *file, unsigned int cmd, unsigned long uarg)
{
	struct edu_file *ef = file->private_data;
	struct edu_dev *edu = ef->edu;
	void __user *argp = (void __user *)uarg;
	unsigned int size = _IOC_SIZE(cmd);
	union edu_ioc_arg arg;
	long ret;

	if (_IOC_TYPE(cmd) != IOMMU_EDU_IOC_MAGIC || size > sizeof(arg))
		return -ENOTTY;

	memset(&arg, 0, sizeof(arg));
	if ((_IOC_DIR(cmd) & _IOC_WRITE) && copy_from_user(&arg, argp, size))
		return -EFAULT;

	if (edu_stress_cmd(cmd)) {
		/* Stress mappings run side by side: not under edu->lock. */
		ret = edu_stress_ioctl(edu, ef, cmd, &arg.stress);
	} else {
		mutex_lock(&edu->lock);
		ret = edu->gone ? -ENODEV : edu_dispatch(ef, cmd, &arg);
		mutex_unlock(&edu->lock);
	}

	if (!ret && (_IOC_DIR(cmd) & _IOC_READ) &&
	    copy_to_user(argp, &arg, size))
		ret = -EFAULT;
	return ret;
}

/* Give back every buffer of a file; called with the device lock held. */
static void edu_file_drain(struct edu_file *ef)
{
	struct edu_buf *buf;
	unsigned long handle;

	/* After a timed-out copy, give the engine a last chance to stop. */
	edu_engine_wait_idle(ef->edu);
	/* No domain may keep mapping pages that are about to be freed. */
	if (ef->edu->private_owner == ef)
		edu_back_to_default(ef->edu);
	/*
	 * At unbind, buffers still mapped give their memory back too (the
	 * caller zapped the mappings); their last VMA frees the descriptor.
	 */
	xa_for_each(&ef->bufs, handle, buf) {
		xa_erase(&ef->bufs, handle);
		edu_buf_give_back(buf);
		edu_buf_put(buf);
	}
}

static int edu_open(struct inode *inode, struct file *file)
{
	struct edu_dev *edu = container_of(file->private_data,
					   struct edu_dev, misc);
	struct edu_file *ef;

	ef = kzalloc(sizeof(*ef), GFP_KERNEL);
	if (!ef)
		return -ENOMEM;
	ef->edu = edu;
	xa_init_flags(&ef->bufs, XA_FLAGS_ALLOC1);
	ef->mapping = file->f_mapping;

	mutex_lock(&edu->lock);
	if (edu->gone) {
		mutex_unlock(&edu->lock);
		kfree(ef);
		return -ENODEV;
	}
	/* A test starting afresh finds the device as probe left it. */
	if (list_empty(&edu->files))
		edu_set_dma_bits(edu, edu_dma_bits);
	list_add(&ef->link, &edu->files);
	kref_get(&edu->ref);
	mutex_unlock(&edu->lock);

	file->private_data = ef;
	return 0;
}

static int edu_release(struct inode *inode, struct file *file)
{
	struct edu_file *ef = file->private_data;
	struct edu_dev *edu = ef->edu;

	edu_stress_release(edu, ef);
	mutex_lock(&edu->lock);
	if (!edu->gone) {
		edu_file_drain(ef);
		list_del(&ef->link);
		/* The next test finds edu in its default domain, trusted. */
		if (list_empty(&edu->files)) {
			edu_back_to_default(edu);
			edu->pdev->untrusted = edu->was_untrusted;
		}
	}
	mutex_unlock(&edu->lock);

	xa_destroy(&ef->bufs);
	kfree(ef);
	kref_put(&edu->ref, edu_dev_free);
	return 0;
}

static const struct file_operations edu_fops = {
	.owner = THIS_MODULE,
	.open = edu_open,
	.release = edu_release,
	.mmap = edu_mmap,
	.unlocked_ioctl = edu_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

/* PCI driver */

static const char *edu_domain_name(u32 type)
{
	static const char * const names[] = {
		[IOMMU_EDU_DOMAIN_NONE] = "none",
		[IOMMU_EDU_DOMAIN_BLOCKED] = "blocked",
		[IOMMU_EDU_DOMAIN_IDENTITY] = "identity",
		[IOMMU_EDU_DOMAIN_UNMANAGED] = "unmanaged",
		[IOMMU_EDU_DOMAIN_DMA] = "DMA",
		[IOMMU_EDU_DOMAIN_DMA_FQ] = "DMA-FQ",
		[IOMMU_EDU_DOMAIN_OTHER] = "other",
	};

	return type < ARRAY_SIZE(names) ? names[type] : "other";
}

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct edu_dev *edu;
	void __iomem *regs;
	int ret;

	if (edu_dma_bits < IOMMU_EDU_DMA_BITS_MIN || edu_dma_bits > 64)
		return dev_err_probe(dev, -EINVAL, "bad dma_bits %u\n",
				     edu_dma_bits);

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	regs = pcim_iomap_region(pdev, 0, EDU_NAME);
	if (IS_ERR(regs))
		return dev_err_probe(dev, PTR_ERR(regs), "cannot map BAR 0\n");

	if ((readl(regs + EDU_ID) & 0xff) != EDU_ID_MAGIC)
		return dev_err_probe(dev, -ENODEV, "not an edu device\n");

	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(edu_dma_bits));
	if (ret)
		return dev_err_probe(dev, ret, "cannot set a %u-bit DMA mask\n",
				     edu_dma_bits);
	/*
	 * edu's engine takes one IOVA per transfer, so a scatterlist segment
	 * may be as long as the buffer (the PCI default of 64 KiB would make
	 * DMA-API debugging report every larger one).
	 */
	dma_set_max_seg_size(dev, UINT_MAX);
	pci_set_master(pdev);

	edu = kzalloc(sizeof(*edu), GFP_KERNEL);
	if (!edu)
		return -ENOMEM;
	/* Buffers still mapped after an unbind free through the device. */
	edu->pdev = pci_dev_get(pdev);
	edu->regs = regs;
	edu->was_untrusted = pdev->untrusted;
	mutex_init(&edu->lock);
	mutex_init(&edu->mem_lock);
	INIT_LIST_HEAD(&edu->mms);
	INIT_LIST_HEAD(&edu->files);
	edu_stress_init(&edu->stress);
	kref_init(&edu->ref);

	edu->index = ida_alloc(&edu_minor_ida, GFP_KERNEL);
	if (edu->index < 0) {
		ret = edu->index;
		goto err_put;
	}
	if (edu->index)
		snprintf(edu->name, sizeof(edu->name), EDU_NAME "%d",
			 edu->index);
	else
		strscpy(edu->name, EDU_NAME, sizeof(edu->name));

	edu->misc.minor = MISC_DYNAMIC_MINOR;
	edu->misc.name = edu->name;
	edu->misc.fops = &edu_fops;
	edu->misc.parent = dev;
	edu->misc.mode = 0600;
	pci_set_drvdata(pdev, edu);
	/* What the firmware's regions hold, before user space can use edu. */
	edu_regions_probe(edu);

	ret = misc_register(&edu->misc);
	if (ret)
		goto err_ida;

	dev_info(dev, "/dev/%s: %s domain, %u-bit DMA\n", edu->name,
		 edu_domain_name(edu_domain_to_uapi(edu_domain(edu))),
		 edu_dma_bits);
	return 0;

err_ida:
	ida_free(&edu_minor_ida, edu->index);
err_put:
	kref_put(&edu->ref, edu_dev_free);
	return ret;
}

static void edu_remove(struct pci_dev *pdev)
{
	struct edu_dev *edu = pci_get_drvdata(pdev);
	struct edu_file *ef;

	/* No new opens after this; open files keep edu itself alive. */
	misc_deregister(&edu->misc);
	ida_free(&edu_minor_ida, edu->index);
	edu_stress_remove(edu);

	mutex_lock(&edu->lock);
	edu_revoke_mmaps(edu);
	list_for_each_entry(ef, &edu->files, link)
		edu_file_drain(ef);
	edu_back_to_default(edu);
	pdev->untrusted = edu->was_untrusted;
	mutex_unlock(&edu->lock);

	kref_put(&edu->ref, edu_dev_free);
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_ids);

static struct pci_driver edu_driver = {
	.name = EDU_NAME,
	.id_table = edu_ids,
	.probe = edu_probe,
	.remove = edu_remove,
	/*
	 * edu takes DMA ownership itself for IOMMU_EDU_ATTACH_BLOCKED and
	 * attaches its private domains; it only uses the DMA API while it is
	 * back in the default domain.
	 */
	.driver_managed_dma = true,
};
module_pci_driver(edu_driver);

MODULE_DESCRIPTION("DMA API and IOMMU test driver for QEMU's edu device");
MODULE_LICENSE("GPL");
