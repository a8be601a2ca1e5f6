/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "errno_names.h"

#include <stddef.h>

static const char *const errno_names[] = {
#include "errno_names.inc"
};

const char *podshark_errno_name(int err)
{
	if (err <= 0 || (size_t)err >= sizeof(errno_names) / sizeof(errno_names[0]))
		return NULL;
	return errno_names[err];
}
