/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A host model of the parts of an Arm SMMUv3 (IHI 0070) that PASIDs
 * exercise: the stream table, context descriptor tables (linear and
 * two-level), the VMSAv8-64 stage 1 walk, a TLB tagged by ASID, the
 * command queue and the fault record.  A second opinion on a driver: its
 * names and its decoding of every field are its own, written from the
 * specification; it includes no header of any driver.
 *
 * File map:
 *   smmu3.h       this interface, the register offsets and the fault ids
 *   smmu3.c       register file, command queue, configuration caches
 *   smmu3-walk.c  STE, L1CD and CD decoding, the stage 1 walk, DMA
 *
 * Not modelled: stage 2, the event queue (the last fault is kept in
 * struct s3m_fault and logged instead), ATS/PRI, stalls, secure state,
 * VMSAv8-32 descriptors, hardware access/dirty flags, the 2-level stream
 * table (the model takes a linear one).
 */
#ifndef IOMMU_DMA_MODEL_SMMU3_H
#define IOMMU_DMA_MODEL_SMMU3_H

#include "model.h"

/* Register offsets in page 0 (§6.2). */
#define S3M_REG_CR0		0x20
#define S3M_REG_GERROR		0x60
#define S3M_REG_GERRORN		0x64
#define S3M_REG_STRTAB_BASE	0x80
#define S3M_REG_STRTAB_CFG	0x88
#define S3M_REG_CMDQ_BASE	0x90
#define S3M_REG_CMDQ_PROD	0x98
#define S3M_REG_CMDQ_CONS	0x9c
#define S3M_MMIO_SIZE		0x20000

/* Event record ids the walk reports (§7.3). */
enum s3m_fault_id {
	S3M_OK			= 0x00,
	S3M_C_BAD_STREAMID	= 0x02,
	S3M_F_STE_FETCH		= 0x03,
	S3M_C_BAD_STE		= 0x04,
	S3M_F_STREAM_DISABLED	= 0x06,
	S3M_C_BAD_SUBSTREAMID	= 0x08,
	S3M_F_CD_FETCH		= 0x09,
	S3M_C_BAD_CD		= 0x0a,
	S3M_F_WALK_EABT		= 0x0b,
	S3M_F_TRANSLATION	= 0x10,
	S3M_F_ADDR_SIZE		= 0x11,
	S3M_F_ACCESS		= 0x12,
	S3M_F_PERMISSION	= 0x13,
	/* not an event: STE.Config = abort terminates silently */
	S3M_ABORT_SILENT	= 0x100,
};

/* The last translation that did not complete, as the event would say. */
struct s3m_fault {
	u32 id;			/* enum s3m_fault_id */
	u32 sid;
	bool ssv;		/* a SubstreamID came with the transaction */
	u32 ssid;
	u64 addr;		/* input address */
	bool write;
	u8 level;		/* walk level, for translation faults */
};

/*
 * How the model reaches memory: the bus the SMMU masters.  A harness whose
 * driver writes tables with CPU stores gives its own; model tests use
 * s3m_bus_mdl() over a struct mdl_mem.
 */
struct s3m_bus {
	bool (*read)(void *ctx, u64 pa, void *buf, size_t len);
	bool (*write)(void *ctx, u64 pa, const void *buf, size_t len);
	void *ctx;
};

struct s3m_bus s3m_bus_mdl(struct mdl_mem *mem);

/* Configuration caches: entries the SMMU keeps until a CMD_CFGI_*. */
#define S3M_CFG_CACHE		32

struct s3m_cached {
	bool valid;
	bool is_cd;
	u32 sid;
	u32 ssid;		/* CDs only */
	u64 w[8];
};

struct s3m_stats {
	u64 cmds, syncs, cfgi, tlbi, walks, tlb_hits, faults, dma_bytes;
};

struct s3m {
	struct mdl_log log;
	struct mdl_regfile rf;
	struct mdl_tlb tlb;
	struct s3m_bus bus;
	struct s3m_cached cache[S3M_CFG_CACHE];
	unsigned int cache_next;
	struct s3m_fault fault;
	struct s3m_stats st;
	bool cmdq_error;	/* CONS.ERR set: the queue stopped */
};

int s3m_init(struct s3m *m, struct s3m_bus bus, unsigned int tlb_entries);
void s3m_free(struct s3m *m);

/* MMIO from the driver's side. */
u64 s3m_mmio_read(struct s3m *m, u32 off, unsigned int size);
void s3m_mmio_write(struct s3m *m, u32 off, unsigned int size, u64 val);

/* Run one command (two 64-bit words) as if consumed from the queue. */
bool s3m_command(struct s3m *m, const u64 cmd[2]);

/*
 * Translate (stream, substream, address): 0 and *@pa, or an enum
 * s3m_fault_id, recorded in m->fault.  @ssv false: no SubstreamID.
 */
u32 s3m_translate(struct s3m *m, u32 sid, bool ssv, u32 ssid, u64 iova,
		  bool write, u64 *pa);

/*
 * A device's DMA through the SMMU, page by page: 0 when every byte
 * moved, else the fault id of the first page that failed (nothing of it
 * moved).
 */
u32 s3m_dma(struct s3m *m, u32 sid, bool ssv, u32 ssid, u64 iova, void *buf,
	    size_t len, bool write);

/* smmu3.c internals shared with smmu3-walk.c */
bool s3m_cache_get(struct s3m *m, bool is_cd, u32 sid, u32 ssid, u64 *w);
void s3m_cache_put(struct s3m *m, bool is_cd, u32 sid, u32 ssid,
		   const u64 *w);

#endif /* IOMMU_DMA_MODEL_SMMU3_H */
