/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Harness replacement for drivers/iommu/iova_internal.h.  Defining its
 * include guard first makes iova.c's own #include of the real header a
 * no-op, so iova.c compiles against the stand-ins of kshim.h instead.
 */
#ifndef _IOVA_INTERNAL_H
#define _IOVA_INTERNAL_H

#include "kshim.h"
#include <linux/iova.h>

unsigned long iova_pcache_held(struct iova_domain *iovad);
unsigned long iova_pcache_shrink(struct iova_domain *iovad,
				 unsigned long budget);
int iova_domain_check(struct iova_domain *iovad);

#endif /* _IOVA_INTERNAL_H */
