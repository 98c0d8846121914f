// SPDX-License-Identifier: GPL-2.0
/*
 * Our allocator for the host: the shim header takes the place of
 * drivers/iommu/iova_internal.h, then the real iova.c is compiled as is.
 */
#include "shim/iova_internal.h"
#include "../../../../drivers/iommu/iova.c"
