/* SPDX-License-Identifier: GPL-2.0-only */
/* What the test walker asks of the shims: the device's view of memory. */
#ifndef SHIM_MEM_H
#define SHIM_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

/* Is @pa inside live table memory? */
bool shim_is_table(u64 pa);
/* Read @n bytes at @pa as the (possibly non-coherent) walker sees them. */
void shim_dev_read(u64 pa, void *out, size_t n);

#endif
