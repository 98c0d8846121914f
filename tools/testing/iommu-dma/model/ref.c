// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tests' page-table writer and reference reader; see ref.h.
 *
 * File map:
 *   geometry        ref_bits(), ref_index(): which input bits a level uses
 *   encoding        ref_leaf(), ref_prot(): descriptor bits as numbers
 *   building        ref_pt_init(), ref_new_table(), ref_map()
 *   changing        ref_set_leaf()
 *   reading         ref_walk()
 */
#include <string.h>

#include "ref.h"

/* lowest input bit resolved at @level */
static unsigned int ref_lo(const struct ref_pt *pt, int level)
{
	return pt->gran + (unsigned int)(3 - level) * (pt->gran - 3);
}

/* how many index bits @level has in this tree */
static unsigned int ref_bits(const struct ref_pt *pt, int level)
{
	if (level == pt->start)
		return pt->ias - ref_lo(pt, level);
	return pt->gran - 3;
}

static u64 ref_index(const struct ref_pt *pt, u64 va, int level)
{
	return (va >> ref_lo(pt, level)) & ((1ULL << ref_bits(pt, level)) - 1);
}

static u64 ref_oa(const struct ref_pt *pt, u64 d, int level)
{
	return d & (0xffffffffffffULL & ~((1ULL << ref_lo(pt, level)) - 1));
}

/* leaf descriptor: page (0b11) at level 3, block (0b01) above */
static u64 ref_leaf(const struct ref_pt *pt, u64 pa, int level,
		    unsigned int prot)
{
	u64 d = pa | (level == 3 ? 3 : 1) | (3ULL << 8);	/* inner shareable */

	if (!(prot & REF_NOAF))
		d |= 1ULL << 10;
	if (pt->stage2) {
		d |= 0xfULL << 2;				/* MemAttr */
		d |= (prot & REF_R ? 1ULL << 6 : 0) | (prot & REF_W ? 1ULL << 7 : 0);
	} else {
		d |= prot & REF_W ? 0 : 1ULL << 7;		/* AP[2] */
		d |= prot & REF_U ? 1ULL << 6 : 0;		/* AP[1] */
		d |= prot & REF_GLOBAL ? 0 : 1ULL << 11;	/* nG */
	}
	return d;
}

static unsigned int ref_prot(const struct ref_pt *pt, u64 d)
{
	unsigned int p = d & (1ULL << 10) ? 0 : REF_NOAF;

	if (pt->stage2)
		return p | (d & (1ULL << 6) ? REF_R : 0) |
		       (d & (1ULL << 7) ? REF_W : 0);
	return p | REF_R | (d & (1ULL << 7) ? 0 : REF_W) |
	       (d & (1ULL << 6) ? REF_U : 0) | (d & (1ULL << 11) ? 0 : REF_GLOBAL);
}

static u64 ref_new_table(struct ref_pt *pt, unsigned int bits)
{
	u64 size = 8ULL << bits, t = (pt->pool + size - 1) & ~(size - 1);
	u64 i;

	if (t + size > pt->pool_end)
		return 0;
	for (i = 0; i < size; i += 8)
		mdl_mem_wr64(pt->mem, t + i, 0);
	pt->pool = t + size;
	return t;
}

int ref_pt_init(struct ref_pt *pt, struct mdl_mem *mem, u64 pool,
		u64 pool_len, unsigned int gran, unsigned int ias, bool stage2,
		int start)
{
	unsigned int per = gran - 3, levels = (ias - gran + per - 1) / per;

	memset(pt, 0, sizeof(*pt));
	pt->mem = mem;
	pt->gran = gran;
	pt->ias = ias;
	pt->stage2 = stage2;
	pt->start = start < 0 ? 4 - (int)levels : start;
	pt->pool = pool;
	pt->pool_end = pool + pool_len;
	pt->root = ref_new_table(pt, ref_bits(pt, pt->start));
	return pt->root ? 0 : -1;
}

int ref_map(struct ref_pt *pt, u64 va, u64 pa, int level, unsigned int prot)
{
	u64 table = pt->root, slot, d;
	int l;

	for (l = pt->start; l < level; l++) {
		slot = table + 8 * ref_index(pt, va, l);
		d = mdl_mem_rd64(pt->mem, slot);
		if (!(d & 1)) {
			d = ref_new_table(pt, pt->gran - 3);
			if (!d)
				return -1;
			mdl_mem_wr64(pt->mem, slot, d | 3);
		} else if ((d & 3) != 3) {
			return -1;	/* a block is in the way */
		}
		table = ref_oa(pt, d, 3);
	}
	mdl_mem_wr64(pt->mem, table + 8 * ref_index(pt, va, level),
		     ref_leaf(pt, pa, level, prot));
	return 0;
}

/* the slot holding the leaf for @va and its level, or 0 */
static u64 ref_find(const struct ref_pt *pt, u64 va, int *level, u64 *desc)
{
	u64 table = pt->root, slot, d;
	int l;

	for (l = pt->start; l <= 3; l++) {
		slot = table + 8 * ref_index(pt, va, l);
		d = mdl_mem_rd64(pt->mem, slot);
		if (!(d & 1))
			return 0;
		if (l < 3 && (d & 3) == 3) {
			table = ref_oa(pt, d, 3);
			continue;
		}
		if (l == 3 && (d & 3) != 3)
			return 0;
		*level = l;
		*desc = d;
		return slot;
	}
	return 0;
}

int ref_set_leaf(struct ref_pt *pt, u64 va, u64 pa, unsigned int prot)
{
	int level;
	u64 d, slot = ref_find(pt, va, &level, &d);

	if (!slot)
		return -1;
	mdl_mem_wr64(pt->mem, slot, prot ? ref_leaf(pt, pa, level, prot) : 0);
	return 0;
}

int ref_walk(const struct ref_pt *pt, u64 va, u64 *pa, unsigned int *prot,
	     int *level)
{
	u64 d;

	if (pt->ias < 64 && va >> pt->ias)
		return -1;
	if (!ref_find(pt, va, level, &d))
		return -1;
	/* blocks exist at levels 1 and 2 (4 KiB) or only 2 (64 KiB) */
	if (*level < 3 && (*level == 0 || (pt->gran == 16 && *level == 1)))
		return -1;
	*pa = ref_oa(pt, d, *level) | (va & ((1ULL << ref_lo(pt, *level)) - 1));
	*prot = ref_prot(pt, d);
	return 0;
}
