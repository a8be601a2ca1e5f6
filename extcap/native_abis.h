/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The syscall ABIs a task on this machine can use, and where each one's
 * calls sit in the probe's per-syscall tables (selection bitmap, capture
 * plans): x86_64 has its own calls and the i386 compat ones.
 */
#ifndef PODSHARK_NATIVE_ABIS_H
#define PODSHARK_NATIVE_ABIS_H

#include "podshark_probe.h"

static const struct native_abi {
	unsigned arch; /* PODSHARK_ARCH_* */
	unsigned base; /* first slot of its calls */
} native_abis[] = {
#if defined(__x86_64__)
	{ PODSHARK_ARCH_X86_64, 0 },
	{ PODSHARK_ARCH_I386, PODSHARK_SELECT_COMPAT_BASE },
#elif defined(__aarch64__)
	{ PODSHARK_ARCH_AARCH64, 0 },
#else
#error "podshark's extcap supports x86_64 and aarch64"
#endif
};

#define N_NATIVE_ABIS (sizeof(native_abis) / sizeof(native_abis[0]))

#endif /* PODSHARK_NATIVE_ABIS_H */
