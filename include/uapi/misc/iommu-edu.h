/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * User interface of iommu-edu, the test driver for QEMU's "edu" PCI device.
 *
 * /dev/iommu-edu hands out DMA buffers of the kinds the DMA API offers and
 * fires edu's one-shot copy engine between the device's internal 4 KiB
 * window and any bus address (IOVA).  A test in the guest combines these
 * steps to check that a translated device reaches exactly the memory it was
 * given, and nothing else.
 *
 * Buffers belong to the open file that created them: their handles mean
 * nothing through another file, and closing the file releases all of them.
 * Invalid arguments fail with EINVAL and leave every buffer as it was.
 */
#ifndef _UAPI_MISC_IOMMU_EDU_H
#define _UAPI_MISC_IOMMU_EDU_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Where edu keeps its window, in the device's own address space. */
#define IOMMU_EDU_WINDOW_ADDR	0x40000
#define IOMMU_EDU_WINDOW_SIZE	4096

/*
 * Longest single transfer.  QEMU 7.2 stops the whole machine when a transfer
 * touches the last byte of the window, so offset + length must stay strictly
 * below IOMMU_EDU_WINDOW_SIZE.
 */
#define IOMMU_EDU_XFER_MAX	(IOMMU_EDU_WINDOW_SIZE - 1)

/* Limits on what one buffer may be. */
#define IOMMU_EDU_BUF_MAX	0x100000	/* 1 MiB */
#define IOMMU_EDU_SEGS_MAX	256

/* Smallest DMA mask, in bits, that IOMMU_EDU_IOC_SET_DMA_BITS accepts. */
#define IOMMU_EDU_DMA_BITS_MIN	16

/* Values of iommu_edu_create.kind */
#define IOMMU_EDU_KIND_SINGLE	1	/* page memory, dma_map_single() */
#define IOMMU_EDU_KIND_COHERENT	2	/* dma_alloc_coherent() */
#define IOMMU_EDU_KIND_SG	3	/* page memory, scatterlist, dma_map_sg() */
/*
 * dma_alloc_coherent() without sleeping (GFP_ATOMIC): a device that is not
 * cache coherent gets it from the DMA atomic pool.  Otherwise a COHERENT
 * buffer: handles, transfers and IOMMU_EDU_IOC_FREE treat it as one.
 */
#define IOMMU_EDU_KIND_COHERENT_ATOMIC	4
/*
 * dma_alloc_attrs() with one attribute each; otherwise COHERENT buffers.
 * CONTIG asks for DMA_ATTR_FORCE_CONTIGUOUS (physically contiguous pages),
 * PAGES for DMA_ATTR_ALLOC_SINGLE_PAGES (no large blocks) and NOKMAP for
 * DMA_ATTR_NO_KERNEL_MAPPING: the kernel keeps no address for an NOKMAP
 * buffer, so IOMMU_EDU_IOC_READ and IOMMU_EDU_IOC_WRITE refuse it (EINVAL)
 * and only mmap() of the device file reaches its memory.
 */
#define IOMMU_EDU_KIND_COHERENT_CONTIG	5
#define IOMMU_EDU_KIND_COHERENT_PAGES	6
#define IOMMU_EDU_KIND_COHERENT_NOKMAP	7
/*
 * dma_alloc_noncontiguous(), with the direction of iommu_edu_create.dir,
 * mapped for the kernel with dma_vmap_noncontiguous().  Its memory is
 * cached on the CPU side even for a device that is not cache coherent:
 * READ and WRITE synchronise it around their copy; a user mapping is
 * handed over with IOMMU_EDU_IOC_SYNC.
 */
#define IOMMU_EDU_KIND_NONCONTIG	8
/*
 * A window onto a memory BAR of another PCI function, mapped for edu with
 * dma_map_resource() by IOMMU_EDU_IOC_MAP_RESOURCE.  It has no memory of
 * its own: READ, WRITE, SYNC, SGTABLE and mmap() refuse it (EINVAL), while
 * transfers, UNMAP and FREE treat it like a streaming buffer.
 */
#define IOMMU_EDU_KIND_RESOURCE		9
/*
 * Buffers at a device address the caller chooses (<linux/dma-fixed.h>):
 * iommu_edu_create.iova is then an input, and size a multiple of the page
 * size.  FIXED is dma_alloc_fixed() memory (dir 0), live until FREE;
 * FIXED_MAP is page memory mapped with dma_map_fixed() in the direction
 * of iommu_edu_create.dir, released by UNMAP or FREE.  The errors of those
 * calls come back as they are: EOPNOTSUPP (edu's DMA is not translated),
 * EINVAL, ERANGE, EEXIST (another fixed buffer), EBUSY (a live mapping).
 */
#define IOMMU_EDU_KIND_FIXED		10
#define IOMMU_EDU_KIND_FIXED_MAP	11

/* Values of iommu_edu_create.dir (streaming kinds only) */
#define IOMMU_EDU_DIR_BIDIRECTIONAL	0
#define IOMMU_EDU_DIR_TO_DEVICE		1
#define IOMMU_EDU_DIR_FROM_DEVICE	2

/* Values of iommu_edu_xfer.dir */
#define IOMMU_EDU_XFER_RAM_TO_EDU	0	/* device reads the IOVA */
#define IOMMU_EDU_XFER_EDU_TO_RAM	1	/* device writes the IOVA */

/* Values of iommu_edu_info.domain */
#define IOMMU_EDU_DOMAIN_NONE		0	/* no IOMMU in front of edu */
#define IOMMU_EDU_DOMAIN_BLOCKED	1
#define IOMMU_EDU_DOMAIN_IDENTITY	2
#define IOMMU_EDU_DOMAIN_UNMANAGED	3
#define IOMMU_EDU_DOMAIN_DMA		4	/* DMA API, strict invalidation */
#define IOMMU_EDU_DOMAIN_DMA_FQ		5	/* DMA API, flush queue (lazy) */
#define IOMMU_EDU_DOMAIN_OTHER		6

/* Values of iommu_edu_attach.target */
#define IOMMU_EDU_ATTACH_DEFAULT	0	/* the group's default domain */
#define IOMMU_EDU_ATTACH_BLOCKED	1	/* DMA ownership taken: blocked */
#define IOMMU_EDU_ATTACH_PRIVATE	2	/* a paging domain of the driver */

/* Values of iommu_edu_sync.to */
#define IOMMU_EDU_SYNC_FOR_CPU		0
#define IOMMU_EDU_SYNC_FOR_DEVICE	1

/*
 * mmap() of /dev/iommu-edu maps the memory of one COHERENT (any of its
 * variants) or NONCONTIG buffer, shared (MAP_SHARED), never more than the
 * buffer's pages.  The file offset names the buffer and a page inside it:
 * IOMMU_EDU_MMAP_OFFSET(handle) plus a multiple of the page size.  An
 * unknown handle, another kind of buffer, a private mapping or a range
 * that passes the buffer's last page fails with EINVAL.
 *
 * A buffer stays allocated while it is mapped: IOMMU_EDU_IOC_FREE fails
 * with EBUSY until every mapping of it is gone (munmap, or the process's
 * exit).  When the driver is unbound, every buffer goes back to the DMA
 * API at once: mappings still in place are emptied first, and touching
 * them afterwards raises SIGBUS; munmap() still works.
 */
#define IOMMU_EDU_MMAP_SHIFT		20	/* log2(IOMMU_EDU_BUF_MAX) */
#define IOMMU_EDU_MMAP_OFFSET(handle)	((__u64)(handle) << IOMMU_EDU_MMAP_SHIFT)

/* Entries of a buffer's table that IOMMU_EDU_IOC_SGTABLE describes one by one. */
#define IOMMU_EDU_SGT_ENTRIES	8

/* Byte the driver writes around a SINGLE buffer, inside its pages. */
#define IOMMU_EDU_CANARY	0x5a

/**
 * struct iommu_edu_info - what the driver knows about its device
 * @domain: kind of IOMMU domain edu is attached to, IOMMU_EDU_DOMAIN_*
 * @domain_raw: the kernel's own type bits of that domain (0 without one)
 * @dma_bits: width of the DMA mask currently set on the device
 * @max_dma_bits: address width edu's engine drives (module parameter)
 * @dma_mask: the DMA mask currently set on the device
 * @iova_last: highest bus address a transfer may touch
 * @features: IOMMU_EDU_FEAT_* of the kernel's DMA layer
 * @pad: 0
 */
struct iommu_edu_info {
	__u32 domain;
	__u32 domain_raw;
	__u32 dma_bits;
	__u32 max_dma_bits;
	__u64 dma_mask;
	__u64 iova_last;
	__u32 features;
	__u32 pad;
};

/* The DMA layer places buffers at fixed device addresses (FIXED kinds). */
#define IOMMU_EDU_FEAT_FIXED		0x1

/**
 * struct iommu_edu_seg - one piece of a scatterlist buffer
 * @offset: where the piece starts inside the buffer's memory
 * @len: its length in bytes, at least 1
 *
 * Pieces are listed in ascending order and must not overlap; the bytes
 * between them belong to the buffer but are not mapped.
 */
struct iommu_edu_seg {
	__u32 offset;
	__u32 len;
};

/**
 * struct iommu_edu_dma_seg - one DMA segment produced by dma_map_sg()
 * @addr: its bus address
 * @len: its length in bytes
 */
struct iommu_edu_dma_seg {
	__u64 addr;
	__u64 len;
};

/**
 * struct iommu_edu_create - argument of IOMMU_EDU_IOC_CREATE
 * @kind: IOMMU_EDU_KIND_*
 * @dir: IOMMU_EDU_DIR_* of a streaming mapping or of a NONCONTIG buffer;
 *	0 for the COHERENT kinds
 * @size: bytes the handle gives access to, 1 to IOMMU_EDU_BUF_MAX.
 *	SINGLE: the mapped length; SG: the memory the pieces are cut from
 * @offset: SINGLE: where the mapping starts inside its first page (so that
 *	IOVAs need not be page aligned); 0 for the other kinds.  The bytes
 *	of a SINGLE buffer's pages before and after it hold IOMMU_EDU_CANARY
 * @nsegs: SG: number of entries at @segs, 1 to IOMMU_EDU_SEGS_MAX
 * @dma_nsegs: out, SG: number of DMA segments written to @dma_segs
 * @handle: out: names the buffer in later calls, never 0
 * @pad: must be 0
 * @iova: out: bus address of the buffer (SG: of its first DMA segment);
 *	in for the FIXED kinds: where the buffer must be
 * @segs: SG: user pointer to @nsegs struct iommu_edu_seg
 * @dma_segs: SG: user pointer to room for @nsegs struct iommu_edu_dma_seg
 *
 * Memory of every kind starts zeroed.  The DMA API rounds the COHERENT
 * and NONCONTIG kinds up to whole pages; a user mapping may cover them.
 */
struct iommu_edu_create {
	__u32 kind;
	__u32 dir;
	__u32 size;
	__u32 offset;
	__u32 nsegs;
	__u32 dma_nsegs;
	__u32 handle;
	__u32 pad;
	__u64 iova;
	__u64 segs;
	__u64 dma_segs;
};

/**
 * struct iommu_edu_rw - argument of IOMMU_EDU_IOC_WRITE and IOMMU_EDU_IOC_READ
 * @handle: the buffer
 * @offset: first byte of the buffer to access
 * @len: number of bytes, at least 1; @offset + @len must not pass its size
 * @pad: must be 0
 * @data: user pointer to @len bytes
 *
 * A mapped streaming buffer is synchronised for the CPU around the copy and
 * handed back to the device afterwards.  After IOMMU_EDU_IOC_UNMAP the memory
 * is accessed as it is, which is how a test sees whether a device wrote to a
 * stale IOVA.
 */
struct iommu_edu_rw {
	__u32 handle;
	__u32 offset;
	__u32 len;
	__u32 pad;
	__u64 data;
};

/**
 * struct iommu_edu_xfer - argument of IOMMU_EDU_IOC_XFER
 * @iova: bus address on the RAM side; need not belong to any buffer when
 *	the device is translated by an IOMMU
 * @window_offset: offset in edu's window
 * @len: bytes to move, 1 to IOMMU_EDU_XFER_MAX, and
 *	@window_offset + @len <= IOMMU_EDU_XFER_MAX
 * @dir: IOMMU_EDU_XFER_*
 * @pad: must be 0
 *
 * Returns once edu reports the copy done (about 100 ms of virtual time),
 * or fails with ETIMEDOUT.  edu does not report faults: a transfer the IOMMU
 * refused still returns 0, and the fault shows up in the kernel log.
 */
struct iommu_edu_xfer {
	__u64 iova;
	__u32 window_offset;
	__u32 len;
	__u32 dir;
	__u32 pad;
};

/**
 * struct iommu_edu_probe - argument of IOMMU_EDU_IOC_PROBE
 * @iova: bus address to look up in edu's IOMMU domain
 * @mapped: out: 1 when the domain translates @iova, else 0
 * @pad: must be 0
 */
struct iommu_edu_probe {
	__u64 iova;
	__u32 mapped;
	__u32 pad;
};

/**
 * struct iommu_edu_attach - argument of IOMMU_EDU_IOC_ATTACH
 * @target: IOMMU_EDU_ATTACH_*
 * @handle: PRIVATE: a SINGLE buffer whose pages are mapped at @iova, or 0
 * @iova: PRIVATE: page-aligned address for the first page of @handle
 *
 * DEFAULT puts edu back in its group's default domain; buffers made before
 * any switch work again there.  BLOCKED takes DMA ownership of the group,
 * which attaches the blocking domain: every DMA must be stopped.  PRIVATE
 * attaches a fresh paging domain that maps nothing but @handle, the way a
 * remote processor's driver places firmware at a fixed address; while it
 * is attached, @handle cannot be unmapped or freed (EBUSY), and closing
 * the file that owns @handle returns edu to DEFAULT first.  The driver
 * also returns to DEFAULT when the last file closes and on unbind.
 */
struct iommu_edu_attach {
	__u32 target;
	__u32 handle;
	__u64 iova;
};

/**
 * struct iommu_edu_canary - argument of IOMMU_EDU_IOC_CANARY
 * @handle: a SINGLE buffer
 * @pad: must be 0
 * @changed: out: bytes of its pages outside the buffer that no longer hold
 *	IOMMU_EDU_CANARY
 */
struct iommu_edu_canary {
	__u32 handle;
	__u32 pad;
	__u64 changed;
};

/**
 * struct iommu_edu_phys - argument of IOMMU_EDU_IOC_PHYS
 * @handle: a SINGLE buffer
 * @pad: must be 0
 * @phys: out: CPU physical address of the buffer's first byte
 *
 * With no translating domain (identity, blocked), edu's engine may also be
 * aimed at this address: a test checks that a blocked device cannot reach
 * the buffer through it either.
 */
struct iommu_edu_phys {
	__u32 handle;
	__u32 pad;
	__u64 phys;
};

/**
 * struct iommu_edu_sync - argument of IOMMU_EDU_IOC_SYNC
 * @handle: a NONCONTIG buffer, or a SINGLE or SG buffer still mapped
 * @to: IOMMU_EDU_SYNC_FOR_CPU before the CPU reads what the device wrote,
 *	IOMMU_EDU_SYNC_FOR_DEVICE after the CPU wrote through a user mapping
 *	and before the device reads
 */
struct iommu_edu_sync {
	__u32 handle;
	__u32 to;
};

/**
 * struct iommu_edu_sgt_entry - one entry of a buffer's page table
 * @pfn: CPU page frame number of the entry's first byte
 * @len: its length in bytes
 */
struct iommu_edu_sgt_entry {
	__u64 pfn;
	__u64 len;
};

/**
 * struct iommu_edu_sgtable - argument of IOMMU_EDU_IOC_SGTABLE
 * @handle: a COHERENT (any variant) or NONCONTIG buffer
 * @nents: out: number of entries in the table
 * @length: out: sum of the entries' lengths
 * @contiguous: out: 1 when every entry starts at the physical address
 *	where the previous one ends (the whole buffer is one physical
 *	range), else 0
 * @pad: must be 0
 * @entry: out: the first min(@nents, IOMMU_EDU_SGT_ENTRIES) entries; the
 *	rest are zero
 *
 * A COHERENT buffer's table is the one dma_get_sgtable_attrs() builds for
 * it, with the attributes it was allocated with; a NONCONTIG buffer's is
 * the CPU side of the table dma_alloc_noncontiguous() returned.  Streaming
 * buffers have no such table: EINVAL.
 */
struct iommu_edu_sgtable {
	__u32 handle;
	__u32 nents;
	__u64 length;
	__u32 contiguous;
	__u32 pad;
	struct iommu_edu_sgt_entry entry[IOMMU_EDU_SGT_ENTRIES];
};

/**
 * struct iommu_edu_resource - argument of IOMMU_EDU_IOC_MAP_RESOURCE
 * @domain: PCI segment of the function whose BAR is mapped
 * @bus: its bus number
 * @devfn: its device and function numbers, (device << 3) | function
 * @bar: index of one of its memory BARs, 0 to 5
 * @offset: first byte of the window inside the BAR
 * @size: bytes, 1 to IOMMU_EDU_BUF_MAX, all inside the BAR
 * @dir: IOMMU_EDU_DIR_TO_DEVICE: edu only ever reads a window
 * @handle: out: names the window for IOMMU_EDU_IOC_UNMAP and _FREE
 * @iova: out: bus address at which edu reaches the window's first byte
 *
 * An unknown function, edu itself, a BAR that is not assigned memory (or
 * the upper half of a 64-bit BAR), a window that passes the BAR's end and
 * any other direction fail with EINVAL.  Without a translating IOMMU,
 * transfers that would write into a window are refused (EPERM); with one,
 * the IOMMU stops them.
 */
struct iommu_edu_resource {
	__u32 domain;
	__u32 bus;
	__u32 devfn;
	__u32 bar;
	__u32 offset;
	__u32 size;
	__u32 dir;
	__u32 handle;
	__u64 iova;
};

/**
 * struct iommu_edu_region - argument of IOMMU_EDU_IOC_REGION
 * @index: which reserved region of edu's function, counting from 0 in
 *	the order the IOMMU core lists them (ENOENT past the last)
 * @op: IOMMU_EDU_REGION_INFO, or _FILL / _CHECK on the region's memory
 * @offset: FILL, CHECK: first byte, inside the region
 * @len: FILL, CHECK: bytes, 1 to IOMMU_EDU_BUF_MAX, inside the region
 * @seed: FILL, CHECK: the byte at region offset o is
 *	(@seed ^ o ^ (o >> 8)) & 0xff
 * @type: out: the kernel's own number for the region's type (for the
 *	record only: user space reads the type's name from the group's
 *	reserved_regions file)
 * @iova: out: first bus address of the region
 * @length: out: its size in bytes
 * @phys: out: memory edu's domain translates @iova to, 0 when it does not
 *	translate it
 * @mapped: out: 1 when every page of the region is translated, to memory
 *	that runs on from @phys without a gap
 * @at_bind: out: IOMMU_EDU_REGION_BIND_*: what edu read from the region
 *	when the driver bound
 * @bad: out: CHECK: bytes that differ from the pattern
 * @pad: must be 0
 *
 * FILL and CHECK let the CPU write and compare the memory behind a mapped
 * region (EINVAL when the region is not mapped whole); edu's engine then
 * reaches the same bytes through IOMMU_EDU_IOC_XFER at the region's IOVAs.
 */
struct iommu_edu_region {
	__u32 index;
	__u32 op;
	__u32 offset;
	__u32 len;
	__u32 seed;
	__u32 type;
	__u64 iova;
	__u64 length;
	__u64 phys;
	__u32 mapped;
	__u32 at_bind;
	__u64 bad;
	__u64 pad;
};

#define IOMMU_EDU_REGION_INFO		0
#define IOMMU_EDU_REGION_FILL		1
#define IOMMU_EDU_REGION_CHECK		2

/* Not mapped when the driver bound: nothing was tried. */
#define IOMMU_EDU_REGION_BIND_NONE	0
/* edu read the bytes the CPU had just written at the region's start. */
#define IOMMU_EDU_REGION_BIND_OK	1
/* edu read something else, or the copy failed. */
#define IOMMU_EDU_REGION_BIND_WRONG	2

/* Most mappings one IOMMU_EDU_IOC_STRESS_MAP call makes. */
#define IOMMU_EDU_STRESS_BATCH		64
/* Most pages one IOMMU_EDU_IOC_MAPPED call looks up (4 GiB of 4 KiB pages). */
#define IOMMU_EDU_MAPPED_MAX_PAGES	0x100000u	/* 2^20 */

/**
 * struct iommu_edu_stress - argument of IOMMU_EDU_IOC_STRESS_MAP and _UNMAP
 * @size: MAP: bytes per mapping, 1 to IOMMU_EDU_BUF_MAX; UNMAP: 0
 * @count: MAP: mappings to make, 1 to IOMMU_EDU_STRESS_BATCH; UNMAP: 0
 * @done: out: MAP: mappings made, fewer than @count when the DMA API
 *	refused one (it then stops); UNMAP: mappings released
 * @live: out: stress mappings of the device (all files) after the call
 * @iova_lo: out: MAP: lowest bus address among the mappings made
 * @iova_hi: out: MAP: highest bus address (last byte) among them
 *
 * Stress mappings are dma_map_single() mappings, DMA_TO_DEVICE, of one
 * shared 1 MiB buffer of the device, made without the device's lock so
 * that several threads reach the DMA layer at once.  They belong to the
 * file that made them: UNMAP releases the caller's, and closing the file
 * or unbinding the driver releases them too.  MAP fails with ENOMEM when
 * not even the first mapping could be made (an exhausted IOVA space, or
 * a failed allocation), and then changes nothing.
 */
struct iommu_edu_stress {
	__u32 size;
	__u32 count;
	__u32 done;
	__u32 live;
	__u64 iova_lo;
	__u64 iova_hi;
};

/**
 * struct iommu_edu_mapped - argument of IOMMU_EDU_IOC_MAPPED
 * @first: first bus address to look up, page aligned
 * @last: last byte to look up; at most IOMMU_EDU_MAPPED_MAX_PAGES pages
 * @pages: out: pages of [@first, @last] that edu's current domain
 *	translates
 * @lowest: out: first such page, or all ones when there is none
 *
 * EOPNOTSUPP when edu's domain does not translate (identity, none).
 */
struct iommu_edu_mapped {
	__u64 first;
	__u64 last;
	__u64 pages;
	__u64 lowest;
};

/**
 * struct iommu_edu_pasid - argument of IOMMU_EDU_IOC_PASID
 * @iova: in: page-aligned address both private tables map
 * @alloc_err: out: 0, or the (negative) error iommu_sva_alloc_pasid()
 *	gave for edu: -EOPNOTSUPP for a device without PASIDs, as edu is
 * @pasids: out: the two PASIDs, when they were allocated
 * @steps: out: steps of the sample sequence completed (all of
 *	IOMMU_EDU_PASID_STEPS when every check held)
 * @reserved: must be zero
 *
 * The sample GPU-style client of the iommu_sva_map() family
 * (Documentation/iommu-dma/pasid.rst): two private tables on two PASIDs
 * of edu, a different page at @iova in each, each looked up, an
 * overlapping map refused, both unmapped (one through unmap_fast and a
 * sync), both freed, a freed handle refused.  edu cannot tag DMA with a
 * PASID, so the DMA half of the sequence runs in the host harness
 * (tools/testing/iommu-dma/pasid).  ENOTTY when the kernel lacks
 * CONFIG_IOMMU_PASID_TABLE.
 */
struct iommu_edu_pasid {
	__u64 iova;
	__s32 alloc_err;
	__u32 pasids[2];
	__u32 steps;
	__u32 reserved;
};

#define IOMMU_EDU_PASID_STEPS	6

#define IOMMU_EDU_IOC_MAGIC	0xED

#define IOMMU_EDU_IOC_INFO	_IOR(IOMMU_EDU_IOC_MAGIC, 0x00, struct iommu_edu_info)
#define IOMMU_EDU_IOC_CREATE	_IOWR(IOMMU_EDU_IOC_MAGIC, 0x01, struct iommu_edu_create)
#define IOMMU_EDU_IOC_WRITE	_IOW(IOMMU_EDU_IOC_MAGIC, 0x02, struct iommu_edu_rw)
#define IOMMU_EDU_IOC_READ	_IOW(IOMMU_EDU_IOC_MAGIC, 0x03, struct iommu_edu_rw)
#define IOMMU_EDU_IOC_XFER	_IOW(IOMMU_EDU_IOC_MAGIC, 0x04, struct iommu_edu_xfer)
/* Unmap a streaming buffer but keep its memory (argument: the handle). */
#define IOMMU_EDU_IOC_UNMAP	_IOW(IOMMU_EDU_IOC_MAGIC, 0x05, __u32)
/* Unmap if needed and free a buffer (argument: the handle). */
#define IOMMU_EDU_IOC_FREE	_IOW(IOMMU_EDU_IOC_MAGIC, 0x06, __u32)
#define IOMMU_EDU_IOC_PROBE	_IOWR(IOMMU_EDU_IOC_MAGIC, 0x07, struct iommu_edu_probe)
/*
 * Set the device's DMA mask to the given number of bits, from
 * IOMMU_EDU_DMA_BITS_MIN to iommu_edu_info.max_dma_bits.  The mask returns
 * to max_dma_bits when a file is opened while no other file is open.
 */
#define IOMMU_EDU_IOC_SET_DMA_BITS _IOW(IOMMU_EDU_IOC_MAGIC, 0x08, __u32)
#define IOMMU_EDU_IOC_ATTACH	_IOW(IOMMU_EDU_IOC_MAGIC, 0x09, struct iommu_edu_attach)
/*
 * Treat edu as untrusted (1) or trusted (0), as if it sat behind an
 * external-facing port: the DMA API then bounces every buffer that does not
 * fill whole IOMMU pages.  Only while no buffer exists (EBUSY otherwise);
 * edu is trusted again when the last file closes.
 */
#define IOMMU_EDU_IOC_SET_UNTRUSTED _IOW(IOMMU_EDU_IOC_MAGIC, 0x0a, __u32)
#define IOMMU_EDU_IOC_CANARY	_IOWR(IOMMU_EDU_IOC_MAGIC, 0x0b, struct iommu_edu_canary)
#define IOMMU_EDU_IOC_PHYS	_IOWR(IOMMU_EDU_IOC_MAGIC, 0x0c, struct iommu_edu_phys)
#define IOMMU_EDU_IOC_SYNC	_IOW(IOMMU_EDU_IOC_MAGIC, 0x0d, struct iommu_edu_sync)
#define IOMMU_EDU_IOC_SGTABLE	_IOWR(IOMMU_EDU_IOC_MAGIC, 0x0e, struct iommu_edu_sgtable)
#define IOMMU_EDU_IOC_MAP_RESOURCE _IOWR(IOMMU_EDU_IOC_MAGIC, 0x0f, struct iommu_edu_resource)
#define IOMMU_EDU_IOC_REGION	_IOWR(IOMMU_EDU_IOC_MAGIC, 0x10, struct iommu_edu_region)
#define IOMMU_EDU_IOC_STRESS_MAP _IOWR(IOMMU_EDU_IOC_MAGIC, 0x11, struct iommu_edu_stress)
#define IOMMU_EDU_IOC_STRESS_UNMAP _IOWR(IOMMU_EDU_IOC_MAGIC, 0x12, struct iommu_edu_stress)
#define IOMMU_EDU_IOC_MAPPED	_IOWR(IOMMU_EDU_IOC_MAGIC, 0x13, struct iommu_edu_mapped)
#define IOMMU_EDU_IOC_PASID	_IOWR(IOMMU_EDU_IOC_MAGIC, 0x14, struct iommu_edu_pasid)

#endif /* _UAPI_MISC_IOMMU_EDU_H */
