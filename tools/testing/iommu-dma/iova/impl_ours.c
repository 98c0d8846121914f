// SPDX-License-Identifier: GPL-2.0
/*
 * Our allocator for the host: the shim header takes the place of the
 * kernel part of drivers/iommu/iova_internal.h, then the real iova-tree.c,
 * iova-domain.c and iova-pcache.c are compiled as they are, in one
 * translation unit.
 */
#include "shim/iova_internal.h"
#include "../../../../drivers/iommu/iova-tree.c"
#include "../../../../drivers/iommu/iova-domain.c"
#include "../../../../drivers/iommu/iova-pcache.c"
