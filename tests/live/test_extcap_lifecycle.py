# SPDX-License-Identifier: GPL-2.0-or-later
"""The extcap run directly: how it stops (signals, a reader that goes away),
what it leaves behind (a readable capture, no BPF objects), and calls still
in progress at the end."""
import os
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import (EXTCAP, ISB_IFDROP, ISB_IFRECV, ISB_OSDROP, ISB_USRDELIV,  # noqa: E402
                           TempDir, bpf_objects, bpf_objects_left, main, require_root,
                           syscall_statistics,
                           tshark_fields, wait_for)

# every program of probe/podshark.bpf.c: both attachments, and the per-syscall pair
def start(fifo, *extra, **kw):
    return subprocess.Popen([EXTCAP, "--extcap-interface", "podshark", "--capture",
                             "--fifo", fifo, *extra], stderr=subprocess.PIPE, text=True, **kw)


class Lifecycle(unittest.TestCase):
    def setUp(self):
        require_root(self)

    def loaded(self, p):
        """The BPF programs, maps and links p holds once its probe is loaded
        (another capture on this node holds its own: they are not counted)."""
        self.assertTrue(wait_for(lambda: bpf_objects(p.pid)["link"], 20), "no probe loaded")
        return bpf_objects(p.pid)

    def assert_released(self, held):
        """Everything p held is gone: the kernel frees a program shortly after
        its last reference goes (RCU), and maps after their programs."""
        self.assertTrue(wait_for(lambda: not bpf_objects_left(held), 3), bpf_objects_left(held))

    def started(self, path):
        return wait_for(lambda: os.path.exists(path) and os.path.getsize(path) > 0, 20)

    def stop_with(self, sig):
        with TempDir() as tmp:
            out = os.path.join(tmp, "cap.pcapng")
            p = start(out)
            self.assertTrue(self.started(out))
            held = self.loaded(p)
            time.sleep(0.5)
            t0 = time.monotonic()
            p.send_signal(sig)
            _, err = p.communicate(timeout=10)
            elapsed = time.monotonic() - t0
            self.assertEqual(p.returncode, 0, err)
            self.assertLess(elapsed, 1.0, "must stop within one second")
            self.assertEqual(err, "")
            self.assert_released(held)
            r = subprocess.run(["capinfos", "-c", out], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            isbs = syscall_statistics(out)
            self.assertGreaterEqual(len(isbs), 1)
            # the final block carries the probe's own count of selected events
            # (pod interfaces, present when the node has other network
            # namespaces, write theirs after it)
            c = isbs[-1]
            self.assertEqual(c[ISB_IFRECV], c[ISB_USRDELIV] + c[ISB_IFDROP] + c[ISB_OSDROP])
            # every delivered syscall is a frame of the capture
            syscalls = tshark_fields(out, ["frame.number"], "podshark.record_type == 1")
            self.assertEqual(len(syscalls), c[ISB_USRDELIV])

    def test_sigint(self):
        self.stop_with(signal.SIGINT)

    def test_sigterm(self):
        self.stop_with(signal.SIGTERM)

    def test_reader_closes_fifo(self):
        with TempDir() as tmp:
            fifo = os.path.join(tmp, "fifo")
            os.mkfifo(fifo)
            p = start(fifo)
            with open(fifo, "rb") as reader:
                head = reader.read(4)
                held = self.loaded(p)
                self.assertEqual(head, b"\x0a\x0d\x0d\x0a")  # a pcapng section header
            t0 = time.monotonic()
            _, err = p.communicate(timeout=10)
            self.assertLess(time.monotonic() - t0, 1.0)
            self.assertEqual(p.returncode, 0, err)  # not killed by SIGPIPE
            self.assertEqual(err, "")
            self.assert_released(held)

    def test_stdout_reader_exits(self):
        p = start("-", stdout=subprocess.PIPE)
        held = self.loaded(p)
        # The readers of the extcap's output (this test, head) are left out of the
        # capture, and a quiet machine makes few other calls: make some, so that
        # 64 KiB of records arrive in seconds.
        busy = subprocess.Popen(["sh", "-c", "while :; do cat /proc/self/stat; done"],
                                stdout=subprocess.DEVNULL)
        try:
            head = subprocess.run(["head", "-c", "65536"], stdin=p.stdout,
                                  capture_output=True, timeout=60)
        finally:
            busy.kill()
            busy.wait()
        p.stdout.close()
        _, err = p.communicate(timeout=10)
        self.assertEqual(len(head.stdout), 65536)
        self.assertEqual(p.returncode, 0, err)
        self.assert_released(held)

    def test_raw_tracepoint_fallback(self):
        """Kernels without tp_btf get the same records from raw tracepoints."""
        with TempDir() as tmp:
            out = os.path.join(tmp, "cap.pcapng")
            log = os.path.join(tmp, "debug.log")
            # --debug is verbose (libbpf's log): to a file, not the stderr pipe
            p = start(out, "--debug", "--debug-file", log,
                      env=dict(os.environ, PODSHARK_ATTACH="raw_tracepoint"))
            self.assertTrue(self.started(out))
            r = subprocess.run(["cat", os.path.join(tmp, "raw-tp-missing")],
                               capture_output=True)
            time.sleep(0.5)
            p.send_signal(signal.SIGINT)
            _, err = p.communicate(timeout=10)
            self.assertEqual(p.returncode, 0, err)
            with open(log) as f:
                self.assertIn("probe attached (raw_tracepoint)", f.read())
            self.assertNotEqual(r.returncode, 0)
            rows = tshark_fields(out, ["proc.name", "evt.rawres", "evt.arg.name", "proc.ns.mnt"],
                                 'evt.type == "openat" && evt.res == "ENOENT" && '
                                 'evt.arg.name contains "raw-tp-missing"')
            self.assertEqual([(r["proc.name"], r["evt.rawres"]) for r in rows], [("cat", "-2")])
            self.assertEqual(int(rows[0]["proc.ns.mnt"]), os.stat("/proc/self/ns/mnt").st_ino)

    def test_unfinished_call(self):
        """A call still in progress when the capture stops is written, unfinished,
        whichever way the probe keeps its threads' entries (task storage, read
        back through a task iterator; or a hash for raw_tracepoint)."""
        for name, extra, env in (("tp_btf", (), {}),
                                 ("per-syscall tracepoints",
                                  ("--syscalls", "read", "--per-syscall-hooks"), {}),
                                 ("raw_tracepoint", (), {"PODSHARK_ATTACH": "raw_tracepoint"})):
            with self.subTest(name), TempDir() as tmp:
                out = os.path.join(tmp, "cap.pcapng")
                p = start(out, *extra, env=dict(os.environ, **env))
                self.assertTrue(self.started(out))
                # a process that blocks in read() on a pipe nobody writes to
                r, w = os.pipe()
                blocked = subprocess.Popen(["cat"], stdin=r, stdout=subprocess.DEVNULL)
                os.close(r)
                time.sleep(0.5)
                p.send_signal(signal.SIGINT)
                p.communicate(timeout=10)
                os.close(w)
                blocked.wait(timeout=10)
                rows = tshark_fields(out, ["evt.type", "evt.unfinished", "proc.name"],
                                     f"proc.pid == {blocked.pid} && evt.unfinished == 1")
                self.assertEqual([(r["evt.type"], r["proc.name"]) for r in rows],
                                 [("read", "cat")], rows)


if __name__ == "__main__":
    main()
