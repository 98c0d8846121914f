/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the files of the IOVA allocator, iova-tree.c, iova-domain.c
 * and iova-pcache.c: first everything they take from the rest of the
 * kernel, in one place, then what each offers the others.
 *
 * The userspace harness in tools/testing/iommu-dma/iova defines
 * _IOVA_INTERNAL_H and supplies its own stand-ins for the first part
 * before it includes the three files, so nothing may reach them from the
 * kernel except through this header.  The second part has a guard of its
 * own and is compiled by the harness as it is.
 */
#ifndef _IOVA_INTERNAL_H
#define _IOVA_INTERNAL_H

#include <linux/bitops.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/iova.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/rbtree_augmented.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <kunit/visibility.h>

#if IS_ENABLED(CONFIG_KUNIT)
/* Allocator internals that the KUnit suite drives directly. */
unsigned long iova_pcache_held(struct iova_domain *iovad);
bool iova_pcache_trim(struct iova_domain *iovad);
int iova_domain_check(struct iova_domain *iovad);
#endif

#endif /* _IOVA_INTERNAL_H */

#ifndef _IOVA_INTERNAL_SHARED_H
#define _IOVA_INTERNAL_SHARED_H

/*
 * Requests of up to 2^(IOVA_PCACHE_CLASSES - 1) pfns go through the per-CPU
 * cache and are rounded up to a power of two, so any cached range of a
 * class serves any request of that class.  2048 pfns (8MiB with 4KiB
 * pages) covers what block and network drivers map at once and the video
 * frames and GPU buffers of the common sizes; it is also the span of one
 * magazine (IOVA_MAG_SPAN in iova-pcache.c), so the largest class holds
 * one range per magazine.  The tree uses the bound too: requests above it
 * come in streams, which its placement hint follows.
 */
#define IOVA_PCACHE_CLASSES	12

/* The ceiling range occupies the last pfn; allocation never reaches it. */
#define IOVA_CEILING_PFN	ULONG_MAX

static inline struct iova *node_iova(struct rb_node *rb)
{
	return rb_entry(rb, struct iova, node);
}

/* iova-tree.c, for the cache. */
unsigned long iova_release_pfns(struct iova_domain *iovad,
				const unsigned long *pfns, unsigned int n);

/* iova-tree.c, for the cold entry points of iova-domain.c. */
extern struct kmem_cache *iova_node_cache;
struct iova *iova_node_alloc(void);
void iova_node_free(struct iova *iova);
struct iova *iova_first_reaching(struct iova_domain *iovad,
				 unsigned long pfn);
void iova_link_span(struct iova_domain *iovad, struct iova *host,
		    struct iova *fresh);

/* iova-pcache.c, for the tree (and the KUnit suite: iova_pcache_shrink). */
unsigned long iova_pcache_shrink(struct iova_domain *iovad,
				 unsigned long budget);
int iova_pcache_cpu_dead(unsigned int cpu, struct hlist_node *node);
void iova_pcache_destroy(struct iova_domain *iovad);

#endif /* _IOVA_INTERNAL_SHARED_H */
