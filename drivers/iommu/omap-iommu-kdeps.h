/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every kernel header the OMAP IOMMU's page-table, register and domain
 * code needs, in one place: the host harness
 * (tools/testing/iommu-dma/model/omap-harness*) defines this guard and
 * supplies its own shims before it compiles omap-iommu-pgtable.c,
 * omap-iommu-hw.c and omap-iommu-domain.c against the OMAP MMU model.
 * The probe and iommu_ops glue (omap-iommu.c) is kernel-only and includes
 * what it needs itself.
 */
#ifndef _OMAP_IOMMU_KDEPS_H
#define _OMAP_IOMMU_KDEPS_H

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/iommu.h>
#include <linux/iopoll.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <kunit/visibility.h>

#endif /* _OMAP_IOMMU_KDEPS_H */
