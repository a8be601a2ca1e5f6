/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which argument memory the probe reads for each syscall, worked out from
 * the argument types of record/syscalls.def: paths and strings, argv,
 * socket addresses given (at entry) or returned (at exit), payload, and the
 * output values that answer a question (pipe fds, wait status).
 */
#ifndef PODSHARK_ARG_PLAN_H
#define PODSHARK_ARG_PLAN_H

#include <stdbool.h>

#include "podshark_probe.h"

/* Fills plans[PODSHARK_SELECT_SLOTS].  The environment of execve/execveat is
 * read only with capture_env: it carries secrets. */
void arg_plan_build(struct podshark_arg_plan *plans, bool capture_env);

#endif /* PODSHARK_ARG_PLAN_H */
