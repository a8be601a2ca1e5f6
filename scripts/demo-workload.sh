#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The small workload of "make demo": file reads, a failing open, a pipeline,
# a process tree.  Runs for about $1 seconds (default 2).
end=$(($(date +%s) + ${1:-2}))
while [ "$(date +%s)" -lt "$end" ]; do
	cat /etc/hostname >/dev/null
	cat /etc/podshark-demo-missing 2>/dev/null
	ls /etc >/dev/null
	sh -c 'cat /etc/os-release | wc -l' >/dev/null
	sleep 0.3
done
