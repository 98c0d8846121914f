/* SPDX-License-Identifier: GPL-2.0 */
/* Harness stand-in: everything lives in kshim.h. */
#ifndef SHIM_LINUX_SPINLOCK_H
#define SHIM_LINUX_SPINLOCK_H
#include "../../kshim.h"
#endif
