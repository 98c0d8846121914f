/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The seam between the two halves of the PASID harness.  The kernel half
 * (the driver, the API, the shims) is built on tools/include's types, the
 * model half on <stdint.h>; neither includes the other's headers, so this
 * interface uses plain C types only.
 */
#ifndef PASID_GLUE_H
#define PASID_GLUE_H

#include <stdbool.h>
#include <stddef.h>

#define GLUE_MMIO_SIZE	0x20000

/* model half (model_glue.c) */
int glue_model_init(void);
void glue_model_free(void);
unsigned long long glue_mmio_read(unsigned int off, unsigned int size);
void glue_mmio_write(unsigned int off, unsigned int size,
		     unsigned long long val);
/* a device's DMA: 0, or the fault id of the first page that failed */
unsigned int glue_dma(unsigned int sid, bool ssv, unsigned int ssid,
		      unsigned long long iova, void *buf, size_t len,
		      bool write);
/* the last fault: its id, whether it named a PASID, and which */
unsigned int glue_last_fault(bool *ssv, unsigned int *ssid);
/* model counters */
unsigned long long glue_tlb_hits(void);
unsigned long long glue_syncs(void);
bool glue_cmdq_error(void);

/* kernel half (shim/kshim.c) */
extern unsigned char kshim_mmio_page[GLUE_MMIO_SIZE];
bool kshim_in_arena(unsigned long long pa, size_t len);

#endif /* PASID_GLUE_H */
