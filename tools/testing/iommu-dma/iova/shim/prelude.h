/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced in front of every harness source (-include): give both
 * allocators the single-instruction bit scans the kernel has, not the
 * portable fallbacks of tools/include, so measurements are like-for-like.
 */
#ifndef IOVA_SHIM_PRELUDE_H
#define IOVA_SHIM_PRELUDE_H

#define __HAVE_ARCH___FLS
#define __fls(word)	((unsigned int)(sizeof(long) * 8 - 1 - __builtin_clzl(word)))

#endif /* IOVA_SHIM_PRELUDE_H */
