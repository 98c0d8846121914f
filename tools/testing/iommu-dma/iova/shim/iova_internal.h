/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Harness replacement for the kernel part of drivers/iommu/iova_internal.h.
 * Defining its include guard first makes the allocator's own #include of
 * the real header skip that part, so iova-tree.c, iova-domain.c and
 * iova-pcache.c compile against the stand-ins of kshim.h instead; the part
 * the three files share has a guard of its own and comes from the real
 * header.
 */
#ifndef _IOVA_INTERNAL_H
#define _IOVA_INTERNAL_H

#include "kshim.h"
#include <linux/iova.h>

unsigned long iova_pcache_held(struct iova_domain *iovad);
bool iova_pcache_trim(struct iova_domain *iovad);
unsigned long iova_pcache_shrink(struct iova_domain *iovad,
				 unsigned long budget);
int iova_domain_check(struct iova_domain *iovad);

#endif /* _IOVA_INTERNAL_H */
