# SPDX-License-Identifier: GPL-2.0-or-later
"""--syscalls, decided in the kernel: only the selected calls are recorded,
complete (arguments, path, result), whichever way the probe is attached: the
hooks that see every call (the default, 32-bit calls included), or, with
--per-syscall-hooks and 16 calls or fewer, the selected calls' own tracepoints
(the other calls then run no BPF at all)."""
import os
import signal
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import (BUILD, EXTCAP, ISB_IFDROP, ISB_IFRECV, ISB_OSDROP,  # noqa: E402
                           ISB_USRDELIV, TempDir, isb_counters, main, pcapng_blocks,
                           require_root, tshark_fields, wait_for)

WORKLOAD = os.path.join(BUILD, "tests", "live", "podshark-wl")
INT80 = os.path.join(BUILD, "tests", "live", "podshark-int80")
# 17 calls: one more than get tracepoints of their own
MANY = ("openat,close,read,write,getppid,getpid,fstat,lseek,mmap,munmap,brk,ioctl,"
        "pread64,pwrite64,readv,writev,access")
# Runs a command in a mount namespace of its own without tracefs, as on a
# freshly booted machine (what the command mounts there goes with it).
WITHOUT_TRACEFS = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                   "for d in /sys/kernel/tracing /sys/kernel/debug; do "
                   "while umount -l $d 2>/dev/null; do :; done; done; "
                   "test ! -e /sys/kernel/tracing/events || exit 99; exec \"$@\"", "sh"]


class SyscallSelection(unittest.TestCase):
    def setUp(self):
        require_root(self)

    def capture(self, *options, prefix=()):
        """Runs the workload (tests/live/workload.c) under a capture with options
        (the extcap's command line after prefix); returns (the workload's rows,
        all syscall types seen, the extcap's log and stderr, the last statistics,
        the workload's result, the file it created)."""
        with TempDir() as tmp:
            out = os.path.join(tmp, "cap.pcapng")
            log = os.path.join(tmp, "debug.log")
            cap = subprocess.Popen([*prefix, EXTCAP, "--extcap-interface", "podshark", "--capture",
                                    "--no-packets", "--fifo", out, "--debug", "--debug-file",
                                    log, *options], stderr=subprocess.PIPE, text=True)
            self.assertTrue(wait_for(lambda: os.path.exists(out) and os.path.getsize(out) > 0,
                                     20), cap.stderr.read() if cap.poll() is not None else "")
            target = os.path.join(tmp, "target")
            wl = subprocess.Popen([WORKLOAD, target], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
            self.assertEqual(wl.stdout.readline().strip(), "ready")
            wl.stdin.write("go\n")
            wl.stdin.flush()
            result = dict(kv.split("=") for kv in wl.stdout.readline().split())
            wl.stdin.close()
            wl.stdout.close()
            wl.wait(timeout=10)
            cap.send_signal(signal.SIGINT)
            _, err = cap.communicate(timeout=20)
            self.assertEqual(cap.returncode, 0, err)
            with open(log) as f:
                log_text = f.read() + err
            # the per-syscall links go with the rest (the kernel frees a program
            # shortly after its last link)
            self.assertTrue(wait_for(lambda: "name tp_sys_enter " not in subprocess.run(
                ["bpftool", "prog", "show"], capture_output=True, text=True).stdout, 3))
            rows = tshark_fields(out, ["evt.type", "evt.rawres", "evt.res", "evt.arg.name",
                                       "evt.rawarg.fd", "evt.latency"],
                                 f"podshark.record_type == 1 && proc.pid == {wl.pid}")
            types = {r["evt.type"] for r in tshark_fields(out, ["evt.type"],
                                                           "podshark.record_type == 1")}
            isbs = [isb_counters(b) for t, b in pcapng_blocks(out) if t == 5]
            return rows, types, log_text, isbs[-1], result, target

    def check_workload(self, rows, result, target):
        """The workload's openat/close calls in order, and nothing else of it
        (before them, the dynamic loader's own openat and close)."""
        fd = int(result["fd"])
        names = [r["evt.arg.name"] for r in rows]
        self.assertIn(target, names, rows)
        after = rows[names.index(target):]
        closes = [r for r in after if r["evt.type"] == "close" and r["evt.rawarg.fd"]
                  and int(r["evt.rawarg.fd"], 0) == fd]
        missing = [r for r in after if r["evt.arg.name"] == target + ".missing"]
        self.assertEqual(after[0]["evt.rawres"], str(fd))
        self.assertEqual([r["evt.rawres"] for r in closes], ["0"])
        self.assertEqual([(r["evt.rawres"], r["evt.res"]) for r in missing], [("-2", "ENOENT")])
        self.assertLess(after.index(closes[0]), after.index(missing[0]))
        for r in rows:
            self.assertIn(r["evt.type"], ("openat", "close"))
            self.assertGreater(int(r["evt.latency"]), 0, r)

    def check_counts(self, c):
        self.assertEqual(c[ISB_IFRECV], c[ISB_USRDELIV] + c[ISB_IFDROP] + c[ISB_OSDROP], c)

    def test_per_syscall_hooks(self):
        """On a machine without tracefs (freshly booted), the extcap mounts it."""
        rows, types, log, isb, result, target = self.capture("--syscalls", "openat,close",
                                                             "--per-syscall-hooks",
                                                             prefix=WITHOUT_TRACEFS)
        self.assertIn("mounted tracefs at /sys/kernel/tracing", log)
        self.assertIn("probe attached (syscall tracepoints of 2 calls)", log)
        self.assertEqual(types, {"openat", "close"})
        self.check_workload(rows, result, target)
        self.check_counts(isb)

    def test_per_syscall_hooks_refused_without_tracefs(self):
        """Without tracefs and without the right to mount it, --per-syscall-hooks
        is refused in one line, rather than quietly hooking every call."""
        with TempDir() as tmp:
            out = os.path.join(tmp, "cap.pcapng")
            r = subprocess.run([*WITHOUT_TRACEFS, "capsh", "--drop=cap_sys_admin", "--",
                                "-c", 'exec "$@"', "capsh", EXTCAP, "--extcap-interface",
                                "podshark", "--capture", "--no-packets", "--fifo", out,
                                "--syscalls", "openat", "--per-syscall-hooks"],
                               capture_output=True, text=True, timeout=30)
            self.assertNotEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
            self.assertRegex(r.stderr, r"^podshark: --per-syscall-hooks: tracefs is not mounted "
                             r"at /sys/kernel/tracing and mounting it failed: Operation not "
                             r"permitted")

    def test_raw_hooks_by_default(self):
        rows, types, log, isb, result, target = self.capture("--syscalls", "openat,close")
        self.assertIn("probe attached (tp_btf)", log)
        self.assertEqual(types, {"openat", "close"})
        self.check_workload(rows, result, target)
        self.check_counts(isb)

    @unittest.skipUnless(os.path.exists(INT80), "x86_64 only")
    def test_32bit_call_of_a_64bit_process(self):
        """int 0x80 from a 64-bit program: the default hooks see it (the per-syscall
        tracepoints would not: the reason they are not the default)."""
        with TempDir() as tmp:
            out = os.path.join(tmp, "cap.pcapng")
            cap = subprocess.Popen([EXTCAP, "--extcap-interface", "podshark", "--capture",
                                    "--no-packets", "--fifo", out, "--syscalls", "openat,open"])
            self.assertTrue(wait_for(lambda: os.path.exists(out) and os.path.getsize(out) > 0,
                                     20))
            path = os.path.join(tmp, "int80-marker")
            r = subprocess.run([INT80, path], capture_output=True, text=True)
            self.assertEqual(r.stdout.strip(), "-2")  # ENOENT, from the 32-bit open
            cap.send_signal(signal.SIGINT)
            cap.wait(timeout=20)
            rows = tshark_fields(out, ["evt.type", "evt.arch", "evt.res", "evt.arg.name"],
                                 'proc.name == "podshark-int80" && podshark.record_type == 1')
            self.assertEqual([(r["evt.type"], r["evt.res"], r["evt.arg.name"]) for r in rows],
                             [("open", "ENOENT", path)])
            self.assertEqual(rows[0]["evt.arch"], "3")  # i386 (PODSHARK_ARCH_I386)

    def test_renamed_calls(self):
        """uname and umount2 are newuname and umount in the kernel's tracepoints."""
        with TempDir() as tmp:
            out = os.path.join(tmp, "cap.pcapng")
            log = os.path.join(tmp, "debug.log")
            cap = subprocess.Popen([*WITHOUT_TRACEFS, EXTCAP, "--extcap-interface", "podshark",
                                    "--capture", "--no-packets", "--fifo", out, "--debug",
                                    "--debug-file", log, "--syscalls", "uname,umount2",
                                    "--per-syscall-hooks"],
                                   stderr=subprocess.PIPE, text=True)
            self.assertTrue(wait_for(lambda: os.path.exists(out) and os.path.getsize(out) > 0,
                                     20))
            missing = os.path.join(tmp, "not-mounted")
            child = subprocess.Popen([sys.executable, "-c",
                                      "import ctypes, os, sys; os.uname(); "
                                      "ctypes.CDLL(None).umount2(sys.argv[1].encode(), 0)",
                                      missing])
            self.assertEqual(child.wait(timeout=20), 0)
            cap.send_signal(signal.SIGINT)
            _, err = cap.communicate(timeout=20)
            with open(log) as f:
                self.assertIn("probe attached (syscall tracepoints of 2 calls)", f.read(), err)
            rows = tshark_fields(out, ["evt.type", "evt.res"],
                                 f'podshark.record_type == 1 && proc.pid == {child.pid} && '
                                 f'(evt.type == "uname" || evt.arg.name == "{missing}")')
            self.assertIn(("uname", "SUCCESS"), [(r["evt.type"], r["evt.res"]) for r in rows])
            self.assertIn(("umount2", "ENOENT"), [(r["evt.type"], r["evt.res"]) for r in rows])

    def test_many_calls_use_the_raw_hooks(self):
        rows, types, log, isb, result, target = self.capture("--syscalls", MANY,
                                                             "--per-syscall-hooks")
        self.assertIn("--per-syscall-hooks: 17 calls selected, more than 16: hooking every "
                      "call instead", log)
        self.assertIn("probe attached (tp_btf)", log)
        self.assertLessEqual(types, set(MANY.split(",")))
        wl_types = [r["evt.type"] for r in rows]
        self.assertIn("write", wl_types)
        self.assertIn("getppid", wl_types)
        self.check_counts(isb)


if __name__ == "__main__":
    main()
