/* SPDX-License-Identifier: GPL-2.0 */
/* Harness stand-in: everything lives in kshim.h. */
#ifndef SHIM_LINUX_CPUHOTPLUG_H
#define SHIM_LINUX_CPUHOTPLUG_H
#include "../../kshim.h"
#endif
