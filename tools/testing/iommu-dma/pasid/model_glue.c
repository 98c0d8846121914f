// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model half of the PASID harness: one SMMUv3 model (model/smmu3*.c)
 * whose bus is the shims' arena, reached through glue.h.
 */
#include <stdio.h>
#include <string.h>

#include "../model/smmu3.h"
#include "glue.h"

static struct s3m model;

static bool bus_read(void *ctx, u64 pa, void *buf, size_t len)
{
	if (!kshim_in_arena(pa, len))
		return false;
	memcpy(buf, (void *)(uintptr_t)pa, len);
	return true;
}

static bool bus_write(void *ctx, u64 pa, const void *buf, size_t len)
{
	if (!kshim_in_arena(pa, len))
		return false;
	memcpy((void *)(uintptr_t)pa, buf, len);
	return true;
}

int glue_model_init(void)
{
	struct s3m_bus bus = { bus_read, bus_write, NULL };

	return s3m_init(&model, bus, 64);
}

void glue_model_free(void)
{
	s3m_free(&model);
}

unsigned long long glue_mmio_read(unsigned int off, unsigned int size)
{
	return s3m_mmio_read(&model, off, size);
}

void glue_mmio_write(unsigned int off, unsigned int size,
		     unsigned long long val)
{
	s3m_mmio_write(&model, off, size, val);
}

unsigned int glue_dma(unsigned int sid, bool ssv, unsigned int ssid,
		      unsigned long long iova, void *buf, size_t len,
		      bool write)
{
	return s3m_dma(&model, sid, ssv, ssid, iova, buf, len, write);
}

unsigned int glue_last_fault(bool *ssv, unsigned int *ssid)
{
	*ssv = model.fault.ssv;
	*ssid = model.fault.ssid;
	return model.fault.id;
}

unsigned long long glue_tlb_hits(void)
{
	return model.st.tlb_hits;
}

unsigned long long glue_syncs(void)
{
	return model.st.syncs;
}

bool glue_cmdq_error(void)
{
	return model.cmdq_error;
}
