/* SPDX-License-Identifier: GPL-2.0 */
/* Harness stand-in: everything lives in kshim.h. */
#ifndef SHIM_KUNIT_VISIBILITY_H
#define SHIM_KUNIT_VISIBILITY_H
#include "../../kshim.h"
#endif
