/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Everything iova.c takes from the rest of the kernel, in one place.
 *
 * The userspace harness in tools/testing/iommu-dma/iova defines
 * _IOVA_INTERNAL_H and supplies its own stand-ins before it includes
 * iova.c, so nothing below may be needed by iova.c except through this
 * header.
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
#include <kunit/visibility.h>

#if IS_ENABLED(CONFIG_KUNIT)
/* Allocator internals that the KUnit suite drives directly. */
unsigned long iova_pcache_held(struct iova_domain *iovad);
unsigned long iova_pcache_shrink(struct iova_domain *iovad,
				 unsigned long budget);
int iova_domain_check(struct iova_domain *iovad);
#endif

#endif /* _IOVA_INTERNAL_H */
