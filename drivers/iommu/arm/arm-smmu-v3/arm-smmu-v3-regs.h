/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arm SMMUv3 hardware layouts: MMIO registers, stream table entries,
 * context descriptors, commands and event records.
 *
 * Everything here is taken from the Arm SMMUv3 architecture specification
 * (IHI 0070); section numbers refer to that document.  Only layouts live
 * here; the code that fills them in lives in the .c files.
 *
 * Naming: SMMU3_<REG> is a register offset, SMMU3_<REG>_<FIELD> a field of
 * it.  In-memory structures use STE<n>_, CD<n>_, CMD<n>_ and EVT<n>_ where
 * <n> is the index of the 64-bit word that holds the field.  Field values
 * are listed under their field and named <FIELD>_<VALUE>.
 */
#ifndef _ARM_SMMU_V3_REGS_H
#define _ARM_SMMU_V3_REGS_H

#include <linux/bits.h>

/* Register pages: most registers sit in page 0, queue indexes in page 1. */
#define SMMU3_PAGE_SIZE			0x10000
#define SMMU3_PAGE1			SMMU3_PAGE_SIZE

/* §6.3.1 SMMU_IDR0 */
#define SMMU3_IDR0			0x00
#define SMMU3_IDR0_S2P			BIT(0)
#define SMMU3_IDR0_S1P			BIT(1)
#define SMMU3_IDR0_TTF			GENMASK(3, 2)
#define  TTF_AARCH32			1
#define  TTF_AARCH64			2
#define  TTF_BOTH			3
#define SMMU3_IDR0_COHACC		BIT(4)
#define SMMU3_IDR0_BTM			BIT(5)
#define SMMU3_IDR0_HTTU			GENMASK(7, 6)
#define SMMU3_IDR0_HYP			BIT(9)
#define SMMU3_IDR0_ATS			BIT(10)
#define SMMU3_IDR0_ASID16		BIT(12)
#define SMMU3_IDR0_MSI			BIT(13)
#define SMMU3_IDR0_SEV			BIT(14)
#define SMMU3_IDR0_PRI			BIT(16)
#define SMMU3_IDR0_VMID16		BIT(18)
#define SMMU3_IDR0_CD2L			BIT(19)
#define SMMU3_IDR0_TTENDIAN		GENMASK(22, 21)
#define  TTENDIAN_MIXED			0
#define  TTENDIAN_LITTLE		2
#define  TTENDIAN_BIG			3
#define SMMU3_IDR0_STALL_MODEL		GENMASK(25, 24)
#define  STALL_MODEL_BOTH		0
#define  STALL_MODEL_NONE		1
#define  STALL_MODEL_FORCED		2
#define SMMU3_IDR0_TERM_MODEL		BIT(26)
#define SMMU3_IDR0_ST_LEVEL		GENMASK(28, 27)
#define  ST_LEVEL_LINEAR		0
#define  ST_LEVEL_TWO			1

/* §6.3.2 SMMU_IDR1 */
#define SMMU3_IDR1			0x04
#define SMMU3_IDR1_SIDSIZE		GENMASK(5, 0)
#define SMMU3_IDR1_SSIDSIZE		GENMASK(10, 6)
#define SMMU3_IDR1_PRIQS		GENMASK(15, 11)
#define SMMU3_IDR1_EVENTQS		GENMASK(20, 16)
#define SMMU3_IDR1_CMDQS		GENMASK(25, 21)
#define SMMU3_IDR1_REL			BIT(28)
#define SMMU3_IDR1_QUEUES_PRESET	BIT(29)
#define SMMU3_IDR1_TABLES_PRESET	BIT(30)

/* §6.3.4 SMMU_IDR3 */
#define SMMU3_IDR3			0x0c
#define SMMU3_IDR3_RIL			BIT(10)

/* §6.3.6 SMMU_IDR5 */
#define SMMU3_IDR5			0x14
#define SMMU3_IDR5_OAS			GENMASK(2, 0)
#define SMMU3_IDR5_GRAN4K		BIT(4)
#define SMMU3_IDR5_GRAN16K		BIT(5)
#define SMMU3_IDR5_GRAN64K		BIT(6)
#define SMMU3_IDR5_VAX			GENMASK(11, 10)

#define SMMU3_IIDR			0x18
#define SMMU3_AIDR			0x1c

/* §6.3.9 SMMU_CR0 and §6.3.10 SMMU_CR0ACK */
#define SMMU3_CR0			0x20
#define SMMU3_CR0ACK			0x24
#define SMMU3_CR0_SMMUEN		BIT(0)
#define SMMU3_CR0_PRIQEN		BIT(1)
#define SMMU3_CR0_EVENTQEN		BIT(2)
#define SMMU3_CR0_CMDQEN		BIT(3)
#define SMMU3_CR0_ATSCHK		BIT(4)

/* §6.3.11 SMMU_CR1: attributes of table walks and queue accesses */
#define SMMU3_CR1			0x28
#define SMMU3_CR1_QUEUE_IC		GENMASK(1, 0)
#define SMMU3_CR1_QUEUE_OC		GENMASK(3, 2)
#define SMMU3_CR1_QUEUE_SH		GENMASK(5, 4)
#define SMMU3_CR1_TABLE_IC		GENMASK(7, 6)
#define SMMU3_CR1_TABLE_OC		GENMASK(9, 8)
#define SMMU3_CR1_TABLE_SH		GENMASK(11, 10)
#define  CACHE_NC			0
#define  CACHE_WBRA			1
#define  SHARE_NONE			0
#define  SHARE_OUTER			2
#define  SHARE_INNER			3

/* §6.3.12 SMMU_CR2 */
#define SMMU3_CR2			0x2c
#define SMMU3_CR2_E2H			BIT(0)
#define SMMU3_CR2_RECINVSID		BIT(1)
#define SMMU3_CR2_PTM			BIT(2)

/* §6.3.14 SMMU_GBPA: what happens to traffic while SMMUEN is 0 */
#define SMMU3_GBPA			0x44
#define SMMU3_GBPA_ABORT		BIT(20)
#define SMMU3_GBPA_UPDATE		BIT(31)

/* §6.3.16 SMMU_IRQ_CTRL and SMMU_IRQ_CTRLACK */
#define SMMU3_IRQ_CTRL			0x50
#define SMMU3_IRQ_CTRLACK		0x54
#define SMMU3_IRQ_CTRL_GERROR		BIT(0)
#define SMMU3_IRQ_CTRL_PRIQ		BIT(1)
#define SMMU3_IRQ_CTRL_EVENTQ		BIT(2)

/* §6.3.18 SMMU_GERROR and SMMU_GERRORN: a bit is active while they differ */
#define SMMU3_GERROR			0x60
#define SMMU3_GERRORN			0x64
#define SMMU3_GERROR_CMDQ_ERR		BIT(0)
#define SMMU3_GERROR_EVTQ_ABT		BIT(2)
#define SMMU3_GERROR_PRIQ_ABT		BIT(3)
#define SMMU3_GERROR_MSI_CMDQ_ABT	BIT(4)
#define SMMU3_GERROR_MSI_EVTQ_ABT	BIT(5)
#define SMMU3_GERROR_MSI_PRIQ_ABT	BIT(6)
#define SMMU3_GERROR_MSI_GERROR_ABT	BIT(7)
#define SMMU3_GERROR_SFM		BIT(8)
#define SMMU3_GERROR_KNOWN		GENMASK(8, 0)

/* §6.3.20 *_IRQ_CFG0..2: MSI address, payload and memory attributes */
#define SMMU3_GERROR_IRQ_CFG0		0x68
#define SMMU3_EVENTQ_IRQ_CFG0		0xb0
#define SMMU3_PRIQ_IRQ_CFG0		0xd0
#define SMMU3_IRQ_CFG1			0x08	/* from CFG0 */
#define SMMU3_IRQ_CFG2			0x0c	/* from CFG0 */
#define SMMU3_IRQ_CFG0_ADDR		GENMASK_ULL(51, 2)
#define SMMU3_IRQ_CFG2_MEMATTR		GENMASK(3, 0)
#define  MEMATTR_DEVICE			0x1	/* Device-nGnRE */
#define  MEMATTR_OIWB			0xf

/* §6.3.23 SMMU_STRTAB_BASE and §6.3.24 SMMU_STRTAB_BASE_CFG */
#define SMMU3_STRTAB_BASE		0x80
#define SMMU3_STRTAB_BASE_ADDR		GENMASK_ULL(51, 6)
#define SMMU3_STRTAB_BASE_RA		BIT_ULL(62)
#define SMMU3_STRTAB_BASE_CFG		0x88
#define SMMU3_STRTAB_CFG_LOG2SIZE	GENMASK(5, 0)
#define SMMU3_STRTAB_CFG_SPLIT		GENMASK(10, 6)
#define SMMU3_STRTAB_CFG_FMT		GENMASK(17, 16)
#define  STRTAB_FMT_LINEAR		0
#define  STRTAB_FMT_TWO_LEVEL		1

/*
 * §6.3.25.. queue registers.  The base registers share one layout; the
 * index registers hold an index, a wrap bit just above it and, for the
 * producer side of output queues, an overflow flag.
 */
#define SMMU3_CMDQ_BASE			0x90
#define SMMU3_CMDQ_PROD			0x98
#define SMMU3_CMDQ_CONS			0x9c
#define SMMU3_EVENTQ_BASE		0xa0
#define SMMU3_EVENTQ_PROD		(SMMU3_PAGE1 + 0xa8)
#define SMMU3_EVENTQ_CONS		(SMMU3_PAGE1 + 0xac)
#define SMMU3_PRIQ_BASE			0xc0
#define SMMU3_QBASE_LOG2SIZE		GENMASK_ULL(4, 0)
#define SMMU3_QBASE_ADDR		GENMASK_ULL(51, 5)
#define SMMU3_QBASE_RWA			BIT_ULL(62)
#define SMMU3_Q_OVERFLOW		BIT(31)
#define SMMU3_CMDQ_CONS_ERR		GENMASK(30, 24)
#define  CMDQ_ERR_NONE			0
#define  CMDQ_ERR_ILL			1
#define  CMDQ_ERR_ABT			2
#define  CMDQ_ERR_ATC_INV_SYNC		3

/* Queue entry sizes in 64-bit words (§4.1, §7.2, §8.1). */
#define SMMU3_CMD_QWORDS		2
#define SMMU3_EVT_QWORDS		4

/*
 * §5.2 Stream table entry: 64 bytes.  Word 0 holds V and Config, which
 * decide which of the other fields the SMMU reads at all.
 */
#define STE_QWORDS			8
#define STE0_V				BIT_ULL(0)
#define STE0_CONFIG			GENMASK_ULL(3, 1)
#define  STE_CFG_ABORT			0
#define  STE_CFG_BYPASS			4
#define  STE_CFG_S1			5
#define  STE_CFG_S2			6
#define  STE_CFG_NESTED			7
#define STE0_S1FMT			GENMASK_ULL(5, 4)
#define  S1FMT_LINEAR			0
#define  S1FMT_TWO_LEVEL_4K		1
#define  S1FMT_TWO_LEVEL_64K		2
#define STE0_S1CTXPTR			GENMASK_ULL(51, 6)
#define STE0_S1CDMAX			GENMASK_ULL(63, 59)

#define STE1_S1DSS			GENMASK_ULL(1, 0)
#define  S1DSS_TERMINATE		0
#define  S1DSS_BYPASS			1
#define  S1DSS_SSID0			2
#define STE1_S1CIR			GENMASK_ULL(3, 2)
#define STE1_S1COR			GENMASK_ULL(5, 4)
#define STE1_S1CSH			GENMASK_ULL(7, 6)
#define STE1_MEV			BIT_ULL(19)
#define STE1_S1STALLD			BIT_ULL(27)
#define STE1_EATS			GENMASK_ULL(29, 28)
#define STE1_STRW			GENMASK_ULL(31, 30)
#define  STRW_NSEL1			0
#define  STRW_EL2			2
#define STE1_SHCFG			GENMASK_ULL(45, 44)
#define  SHCFG_INCOMING			1

#define STE2_S2VMID			GENMASK_ULL(15, 0)
#define STE2_S2T0SZ			GENMASK_ULL(37, 32)
#define STE2_S2SL0			GENMASK_ULL(39, 38)
#define STE2_S2IR0			GENMASK_ULL(41, 40)
#define STE2_S2OR0			GENMASK_ULL(43, 42)
#define STE2_S2SH0			GENMASK_ULL(45, 44)
#define STE2_S2TG			GENMASK_ULL(47, 46)
#define STE2_S2PS			GENMASK_ULL(50, 48)
#define STE2_S2AA64			BIT_ULL(51)
#define STE2_S2ENDI			BIT_ULL(52)
#define STE2_S2AFFD			BIT_ULL(53)
#define STE2_S2PTW			BIT_ULL(54)
#define STE2_S2R			BIT_ULL(58)

#define STE3_S2TTB			GENMASK_ULL(51, 4)

/* §5.2 (Level 1 stream table descriptor): 8 bytes. */
#define L1STD_SPAN			GENMASK_ULL(4, 0)
#define L1STD_L2PTR			GENMASK_ULL(51, 6)

/* §5.4 Context descriptor: 64 bytes.  V sits in word 0 with the TCR. */
#define CD_QWORDS			8
#define CD0_T0SZ			GENMASK_ULL(5, 0)
#define CD0_TG0				GENMASK_ULL(7, 6)
#define CD0_IR0				GENMASK_ULL(9, 8)
#define CD0_OR0				GENMASK_ULL(11, 10)
#define CD0_SH0				GENMASK_ULL(13, 12)
#define CD0_EPD0			BIT_ULL(14)
#define CD0_ENDI			BIT_ULL(15)
#define CD0_EPD1			BIT_ULL(30)
#define CD0_V				BIT_ULL(31)
#define CD0_IPS				GENMASK_ULL(34, 32)
#define CD0_AFFD			BIT_ULL(35)
#define CD0_TBI				GENMASK_ULL(39, 38)
#define CD0_AA64			BIT_ULL(41)
#define CD0_HD				BIT_ULL(42)
#define CD0_HA				BIT_ULL(43)
#define CD0_S				BIT_ULL(44)
#define CD0_R				BIT_ULL(45)
#define CD0_A				BIT_ULL(46)
#define CD0_ASET			BIT_ULL(47)
#define CD0_ASID			GENMASK_ULL(63, 48)
#define CD1_TTB0			GENMASK_ULL(51, 4)
#define CD3_MAIR			GENMASK_ULL(63, 0)

/* §5.4 (Level 1 CD table descriptor): 8 bytes. */
#define L1CD_V				BIT_ULL(0)
#define L1CD_L2PTR			GENMASK_ULL(51, 12)

/* §4 Commands: 16 bytes, opcode in the low byte of word 0. */
#define CMD0_OP				GENMASK_ULL(7, 0)
#define  OP_PREFETCH_CFG		0x01
#define  OP_CFGI_STE			0x03
#define  OP_CFGI_STE_RANGE		0x04
#define  OP_CFGI_CD			0x05
#define  OP_CFGI_CD_ALL			0x06
#define  OP_TLBI_NH_ALL			0x10
#define  OP_TLBI_NH_ASID		0x11
#define  OP_TLBI_NH_VA			0x12
#define  OP_TLBI_EL2_ALL		0x20
#define  OP_TLBI_S12_VMALL		0x28
#define  OP_TLBI_S2_IPA			0x2a
#define  OP_TLBI_NSNH_ALL		0x30
#define  OP_CMD_SYNC			0x46
#define CMD0_SSID			GENMASK_ULL(31, 12)
#define CMD0_SID			GENMASK_ULL(63, 32)
#define CMD1_LEAF			BIT_ULL(0)
#define CMD1_STE_RANGE			GENMASK_ULL(4, 0)
#define  STE_RANGE_ALL			31
/* TLBI fields (§4.4) */
#define CMD0_TLBI_NUM			GENMASK_ULL(16, 12)
#define CMD0_TLBI_SCALE			GENMASK_ULL(24, 20)
#define CMD0_TLBI_VMID			GENMASK_ULL(47, 32)
#define CMD0_TLBI_ASID			GENMASK_ULL(63, 48)
#define CMD1_TLBI_TTL			GENMASK_ULL(9, 8)
#define CMD1_TLBI_TG			GENMASK_ULL(11, 10)
#define CMD1_TLBI_VA			GENMASK_ULL(63, 12)
#define CMD1_TLBI_IPA			GENMASK_ULL(51, 12)
#define TLBI_NUM_MAX			32	/* NUM encodes 1..32 */
#define TLBI_SCALE_MAX			31	/* SCALE is 5 bits */
/* CMD_SYNC fields (§4.7.3) */
#define CMD0_SYNC_CS			GENMASK_ULL(13, 12)
#define  SYNC_CS_NONE			0
#define  SYNC_CS_IRQ			1
#define  SYNC_CS_SEV			2
#define CMD0_SYNC_MSH			GENMASK_ULL(23, 22)
#define CMD0_SYNC_MSIATTR		GENMASK_ULL(27, 24)
#define CMD0_SYNC_MSIDATA		GENMASK_ULL(63, 32)
#define CMD1_SYNC_MSIADDR		GENMASK_ULL(51, 2)

/* §7.3 Event records: 32 bytes. */
#define EVT0_ID				GENMASK_ULL(7, 0)
#define  EVT_F_UUT			0x01
#define  EVT_C_BAD_STREAMID		0x02
#define  EVT_F_STE_FETCH		0x03
#define  EVT_C_BAD_STE			0x04
#define  EVT_F_BAD_ATS_TREQ		0x05
#define  EVT_F_STREAM_DISABLED		0x06
#define  EVT_F_TRANSL_FORBIDDEN		0x07
#define  EVT_C_BAD_SUBSTREAMID		0x08
#define  EVT_F_CD_FETCH			0x09
#define  EVT_C_BAD_CD			0x0a
#define  EVT_F_WALK_EABT		0x0b
#define  EVT_F_TRANSLATION		0x10
#define  EVT_F_ADDR_SIZE		0x11
#define  EVT_F_ACCESS			0x12
#define  EVT_F_PERMISSION		0x13
#define  EVT_F_TLB_CONFLICT		0x20
#define  EVT_F_CFG_CONFLICT		0x21
#define  EVT_E_PAGE_REQUEST		0x24
#define EVT0_SSV			BIT_ULL(11)
#define EVT0_SSID			GENMASK_ULL(31, 12)
#define EVT0_SID			GENMASK_ULL(63, 32)
#define EVT1_STALL			BIT_ULL(31)
#define EVT1_PNU			BIT_ULL(33)
#define EVT1_IND			BIT_ULL(34)
#define EVT1_RNW			BIT_ULL(35)
#define EVT1_S2				BIT_ULL(39)
#define EVT1_CLASS			GENMASK_ULL(41, 40)
#define EVT3_FETCH_ADDR			GENMASK_ULL(51, 3)

#endif /* _ARM_SMMU_V3_REGS_H */
