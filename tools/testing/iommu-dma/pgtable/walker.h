/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An independent reader of Arm translation tables for the host tests.
 *
 * It is written from the architecture's descriptor formats (VMSAv8-64
 * stage 1 and stage 2, the Mali variant, and the VMSAv7 short-descriptor
 * format with TEX remap) and shares no code with the backends under test:
 * it starts from the register values the backend reported in its
 * io_pgtable_cfg, reads memory as the walker hardware would see it (the
 * device copy for non-coherent walks), and decodes every bit of every
 * descriptor into a meaning or a complaint.
 */
#ifndef PGTABLE_WALKER_H
#define PGTABLE_WALKER_H

#include <stdbool.h>
#include <linux/types.h>

struct io_pgtable_cfg;

enum wk_fmt { WK_S1, WK_S2, WK_MALI, WK_V7S };
enum wk_mem { WK_MEM_DEVICE = 1, WK_MEM_NC, WK_MEM_WB, WK_MEM_OTHER };

/* What one leaf grants, decoded from its bits */
struct wk_attr {
	bool r, w, x;		/* device-side permissions */
	bool unpriv;		/* unprivileged accesses allowed */
	bool ns;		/* non-secure output */
	bool ng;		/* not global (stage 1) */
	bool dbm, dirty;	/* hardware dirty state (stage 1 HD) */
	int mem;		/* enum wk_mem */
	int sh;			/* 0 none, 2 outer, 3 inner */
};

struct wk_leaf {
	u64 iova, size, pa;
	int lvl;
	struct wk_attr a;
};

/* Called per leaf in IOVA order; a nonzero return stops the walk. */
typedef int (*wk_leaf_fn)(const struct wk_leaf *leaf, void *arg);

/*
 * Walk everything reachable from the tables described by @cfg.  Returns 0
 * or the first nonzero callback result; malformed tables print a reason to
 * stderr and return -1.  *@tables counts the table pages reached.
 */
int wk_walk(enum wk_fmt fmt, const struct io_pgtable_cfg *cfg, wk_leaf_fn fn,
	    void *arg, long *tables);

/* The attributes the io-pgtable contract promises for IOMMU_* @prot. */
struct wk_attr wk_expected(enum wk_fmt fmt, const struct io_pgtable_cfg *cfg,
			   int prot);

/* Check the register values in @cfg; 0 if they are right. */
int wk_check_regs(enum wk_fmt fmt, const struct io_pgtable_cfg *cfg);

#endif
