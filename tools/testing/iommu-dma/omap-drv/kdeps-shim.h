/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the OMAP IOMMU's page-table, register and domain code takes from
 * the kernel (drivers/iommu/omap-iommu-kdeps.h), done on the host: the
 * Makefile force-includes this file, whose guard keeps the real
 * omap-iommu-kdeps.h out, so the driver's .c files compile unchanged.
 *
 * File map:
 *   basics          types, bits and fields, sizes, errors, helpers
 *   locks           spinlocks that count and assert (single-threaded)
 *   lists           the few list_head operations the driver uses
 *   iommu           struct iommu_domain and friends, only the fields used
 *   memory          kzalloc()/kfree() from an arena the model can see:
 *                   virt_to_phys() is arena-relative, and table bytes reach
 *                   the model's memory only through dma_map_single() and
 *                   dma_sync_single_for_device() (a walker that does not
 *                   snoop, as on OMAP)
 *   MMIO            readl_relaxed()/writel_relaxed() routed to the model
 *                   instance whose window holds the address
 *
 * The smmu2 driver harness's kshim (../kshim) is the general shim set;
 * this one stays because the OMAP code was written against one narrow
 * header and its tables must come from the model-visible arena.
 */
#ifndef _OMAP_IOMMU_KDEPS_H
#define _OMAP_IOMMU_KDEPS_H

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "model.h"

/* ---- basics ------------------------------------------------------- */

typedef u64 phys_addr_t;	/* as with LPAE: wider than the walker */
typedef u64 dma_addr_t;
#define gfp_t unsigned int	/* a plain int here; no typedef to add */

#define __iomem
#define GFP_KERNEL	0u
#define GFP_ATOMIC	1u

#define BIT(n)			(1UL << (n))
#define GENMASK(h, l)		((~0UL >> (63 - (h))) & (~0UL << (l)))
#define FIELD_PREP(m, v)	((((unsigned long)(v)) << __builtin_ctzl(m)) & (m))
#define FIELD_GET(m, r)		((((unsigned long)(r)) & (m)) >> __builtin_ctzl(m))
/* <assert.h> gives static_assert(); gnu11 takes the one-argument form */

#define SZ_1K		0x400u
#define SZ_4K		0x1000u
#define SZ_8K		0x2000u
#define SZ_16K		0x4000u
#define SZ_32K		0x8000u
#define SZ_64K		0x10000u
#define SZ_512K		0x80000u
#define SZ_1M		0x100000u
#define SZ_2M		0x200000u
#define SZ_16M		0x1000000u
#define SZ_32M		0x2000000u
#define SZ_4G		0x100000000ULL
#define U32_MAX		0xffffffffu

#define IS_ALIGNED(x, a)	(((x) & ((typeof(x))(a) - 1)) == 0)
#define round_down(x, y)	((x) & ~((typeof(x))(y) - 1))
#define min(a, b)		({ typeof(a) _a = (a); typeof(b) _b = (b); \
				   _a < _b ? _a : _b; })
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define container_of(p, t, m)	((typeof(t) *)((char *)(p) - offsetof(t, m)))
/* EXPORT_SYMBOL_IF_KUNIT() and VISIBLE_IF_KUNIT: the Makefile's stub */
#include <kunit/visibility.h>

void h_warn(const char *file, int line);
#define WARN_ON(c)	({ bool _c = !!(c); if (_c) h_warn(__FILE__, __LINE__); _c; })

/* ---- locks -------------------------------------------------------- */

struct h_spinlock {
	int held;
};

#define spinlock_t struct h_spinlock

void h_lock(spinlock_t *l);
void h_unlock(spinlock_t *l);
#define spin_lock_init(l)		((l)->held = 0)
#define spin_lock(l)			h_lock(l)
#define spin_unlock(l)			h_unlock(l)
#define spin_lock_irqsave(l, f)		((f) = 0, h_lock(l))
#define spin_unlock_irqrestore(l, f)	((void)(f), h_unlock(l))
#define lockdep_assert_held(l)		WARN_ON(!(l)->held)

/* ---- lists -------------------------------------------------------- */

struct list_head {
	struct list_head *next, *prev;
};

static inline void INIT_LIST_HEAD(struct list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline bool list_empty(const struct list_head *h)
{
	return h->next == h;
}

static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	n->prev = h->prev;
	n->next = h;
	h->prev->next = n;
	h->prev = n;
}

static inline void list_del_init(struct list_head *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	INIT_LIST_HEAD(n);
}

/*
 * An iterator that evaluates each argument once (typeof() evaluates
 * nothing): it stores each entry through a pointer to @pos.
 */
struct h_list_iter {
	struct list_head *head, *cur;
	size_t off;
	void **pos;
};

static inline struct h_list_iter h_list_iter(struct list_head *head,
					     size_t off, void **pos)
{
	return (struct h_list_iter){ head, head->next, off, pos };
}

static inline bool h_list_iter_more(struct h_list_iter *it)
{
	if (it->cur == it->head)
		return false;
	*it->pos = (char *)it->cur - it->off;
	return true;
}

#define list_for_each_entry(pos, head, member)				\
	for (struct h_list_iter _it = h_list_iter(head,			\
		offsetof(typeof(*(typeof(pos))NULL), member), (void **)&(pos)); \
	     h_list_iter_more(&_it); _it.cur = _it.cur->next)

/* ---- iommu -------------------------------------------------------- */

#define IOMMU_READ	1
#define IOMMU_WRITE	2

struct device {
	const char *name;
};

struct iommu_domain_geometry {
	dma_addr_t aperture_start, aperture_end;
	bool force_aperture;
};

struct iommu_domain {
	struct iommu_domain_geometry geometry;
	unsigned long pgsize_bitmap;
};

struct iommu_device {
	int unused;
};

struct dentry;
struct iommu_iotlb_gather;
struct regmap;
struct device_link;

/* ---- memory ------------------------------------------------------- */

/* the arena sits at this physical address in every model's memory */
#define H_ARENA_PA	0x80000000u
#define H_ARENA_SIZE	(8u << 20)

void *h_alloc(size_t n);
void h_free(const void *p);
phys_addr_t h_virt_to_phys(const void *p);
void *h_phys_to_virt(phys_addr_t pa);
void h_clean(phys_addr_t pa, size_t n);

static inline void *kzalloc(size_t n, gfp_t gfp)
{
	return h_alloc(n);
}

#define kfree(p)		h_free(p)
#define virt_to_phys(p)		h_virt_to_phys(p)
#define phys_to_virt(pa)	h_phys_to_virt(pa)

enum dma_data_direction { DMA_BIDIRECTIONAL, DMA_TO_DEVICE };

static inline dma_addr_t dma_map_single(struct device *dev, void *p, size_t n,
					enum dma_data_direction dir)
{
	h_clean(h_virt_to_phys(p), n);
	return h_virt_to_phys(p);
}

static inline int dma_mapping_error(struct device *dev, dma_addr_t a)
{
	return 0;
}

static inline void dma_unmap_single(struct device *dev, dma_addr_t a,
				    size_t n, enum dma_data_direction dir)
{
}

static inline void dma_sync_single_for_device(struct device *dev,
					      dma_addr_t a, size_t n,
					      enum dma_data_direction dir)
{
	h_clean(a, n);
}

/* ---- MMIO --------------------------------------------------------- */

u32 h_mmio_read(const void *addr);
void h_mmio_write(const void *addr, u32 val);
#define readl_relaxed(a)	h_mmio_read(a)
#define writel_relaxed(v, a)	h_mmio_write(a, v)

/* the model has no timing: a bounded number of reads stands for the time */
#define readl_poll_timeout_atomic(addr, val, cond, delay_us, timeout_us) \
	({								\
		int _ret = -ETIMEDOUT;					\
		(void)(delay_us);					\
		(void)(timeout_us);					\
		for (int _i = 0; _i < 64 && _ret; _i++) {		\
			(val) = readl_relaxed(addr);			\
			if (cond)					\
				_ret = 0;				\
		}							\
		_ret;							\
	})

#endif /* _OMAP_IOMMU_KDEPS_H */
