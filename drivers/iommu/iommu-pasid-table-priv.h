/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private PASID tables: the steps of setup and teardown that the KUnit
 * suite (iommu-pasid-table-kunit.c) calls on its own, with a fake domain
 * in place of a driver's.
 */
#ifndef __IOMMU_PASID_TABLE_PRIV_H
#define __IOMMU_PASID_TABLE_PRIV_H

#include <linux/iommu-pasid-table.h>

#if IS_ENABLED(CONFIG_KUNIT)
void iommu_sva_table_adopt(struct iommu_sva_table *tbl, struct device *dev,
			   struct iommu_domain *domain, ioasid_t pasid);
int iommu_sva_table_disown(struct iommu_sva_table *tbl);
int iommu_sva_pasid_check_dev(struct device *dev);
#endif

#endif /* __IOMMU_PASID_TABLE_PRIV_H */
