# SPDX-License-Identifier: GPL-2.0-or-later
"""Faults the extcap must survive, against the real binary and probe (root):
a reader killed outright, a full or read-only disk, SIGKILL of the extcap
itself, a ring buffer far too small for the load, and a container runtime
whose state directory disappears.  tests/live/test_extcap_lifecycle.py covers
the ordinary stops (SIGINT, SIGTERM, a reader closing the fifo)."""
import os
import signal
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import (EXTCAP, ISB_IFDROP, ISB_IFRECV, ISB_OSDROP, ISB_USRDELIV,  # noqa: E402
                           TempDir, bpf_objects, bpf_objects_left, isb_counters, main,
                           pcapng_blocks, require_root, tshark_fields, wait_for)

ISB = 5
# A few seconds of an idle machine are some MB of capture: a 2 MiB disk
# fills within the first seconds.
SMALL_DISK = "2m"
# The extcap's own memory with a 1 MiB ring under heavy load: about 13 MB
# idle (8 MB of it the mapped libraries), the ring, a 1 MiB output buffer and
# the reorder window, bounded at 58 MiB (extcap/event_queue.h; docs/SECURITY.md
# "Memory: the bound"): about 73 MiB.  An unbounded window exceeds this in 3 s
# at ~1 M calls/s.
RSS_LIMIT_KB = 80 * 1024


def start(out, *extra, **kw):
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen([EXTCAP, "--extcap-interface", "podshark", "--capture",
                             "--fifo", out, *extra], text=True, **kw)


def vm_rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def capture_readable(test, path):
    """capinfos and tshark read the whole file without an error."""
    r = subprocess.run(["capinfos", "-c", path], capture_output=True, text=True)
    test.assertEqual(r.returncode, 0, f"capinfos: {r.stderr}")
    test.assertNotIn("cut short", r.stdout + r.stderr)
    # tshark_read fails the test on a non-zero exit
    rows = tshark_fields(path, ["frame.number"])
    test.assertGreater(len(rows), 0)
    return len(rows)


class Mount:
    """A tmpfs mounted on a new temporary folder, unmounted at the end."""

    def __init__(self, options):
        self.options = options

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="podshark-fault.")
        subprocess.run(["mount", "-t", "tmpfs", "-o", self.options, "podshark-fault",
                        self.path], check=True)
        return self.path

    def __exit__(self, *exc):
        subprocess.run(["umount", self.path], check=False)
        os.rmdir(self.path)


class Load:
    """n processes making system calls as fast as they can (1-byte reads and
    writes: two calls per byte) until stopped."""

    def __init__(self, n):
        self.n = n

    def __enter__(self):
        self.procs = [subprocess.Popen(["dd", "if=/dev/zero", "of=/dev/null", "bs=1"],
                                       stderr=subprocess.DEVNULL) for _ in range(self.n)]
        return self

    def stop(self):
        for p in self.procs:
            p.kill()
            p.wait()

    def __exit__(self, *exc):
        self.stop()


class Faults(unittest.TestCase):
    def setUp(self):
        require_root(self)

    def started(self, path):
        return wait_for(lambda: os.path.exists(path) and os.path.getsize(path) > 0, 20)

    def test_stdout_reader_killed(self):
        """The process reading standard output is killed (SIGKILL): the
        extcap sees EPIPE, stops at once with status 0, not by SIGPIPE."""
        reader = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        p = start("-", stdout=reader.stdin)
        reader.stdin.close()  # the pipe's write end is the extcap's alone now
        time.sleep(1.0)
        held = bpf_objects(p.pid)
        self.assertTrue(held["prog"], "the probe is not loaded")
        reader.kill()
        reader.wait()
        t0 = time.monotonic()
        _, err = p.communicate(timeout=10)
        self.assertLess(time.monotonic() - t0, 1.0, "must stop within one second")
        self.assertEqual(p.returncode, 0, err)
        self.assertEqual(err, "")
        self.assert_released(held)

    def test_disk_full(self):
        """ENOSPC: one line on stderr, a non-zero exit, and what was written
        is a capture every tool reads."""
        with Mount(f"size={SMALL_DISK}") as disk:
            out = os.path.join(disk, "cap.pcapng")
            p = start(out)
            # load of the test's own (a write per line): a quiet machine would take
            # long to fill even a small disk
            load = subprocess.Popen(["yes"], stdout=subprocess.DEVNULL)
            try:
                _, err = p.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                self.fail("the extcap did not notice the full disk within 60 s")
            finally:
                load.kill()
                load.wait()
            self.assertNotEqual(p.returncode, 0)
            self.assertGreater(p.returncode, 0, "killed by a signal")
            lines = err.splitlines()
            self.assertEqual(len(lines), 1, err)
            self.assertIn("no space left on device", lines[0])
            self.assertIn(out, lines[0])
            capture_readable(self, out)

    def test_read_only_file_system(self):
        """Output on a read-only file system: one line naming the file and
        the reason, a non-zero exit, no probe left loaded."""
        with Mount("ro,size=1m") as disk:
            out = os.path.join(disk, "cap.pcapng")
            p = start(out)
            _, err = p.communicate(timeout=30)
            self.assertGreater(p.returncode, 0)
            self.assertEqual(err.splitlines(),
                             [f"podshark: cannot open {out}: Read-only file system"])
            self.assertFalse(os.path.exists(out))

    def test_sigkill_leaves_no_bpf_objects(self):
        """SIGKILL runs no cleanup: the kernel must still free every
        program, map and link the extcap held once its fds are gone."""
        with TempDir() as tmp:
            out = os.path.join(tmp, "cap.pcapng")
            p = start(out)
            self.assertTrue(self.started(out))
            held = bpf_objects(p.pid)
            self.assertTrue(held["prog"] and held["map"] and held["link"], held)
            p.kill()
            p.communicate(timeout=10)
            self.assertEqual(p.returncode, -signal.SIGKILL)
            self.assert_released(held)

    def assert_released(self, held):
        # freed after an RCU grace period, and maps after their programs
        self.assertTrue(wait_for(lambda: not bpf_objects_left(held), 3, 0.2),
                        bpf_objects_left(held))

    def test_ring_overflow(self):
        """A 1 MiB ring under more load than the extcap can write: events are
        dropped and counted, memory stays bounded, SIGINT still stops it
        within a second, and the final statistics add up exactly."""
        with TempDir() as tmp, Load(4) as load:
            out = os.path.join(tmp, "cap.pcapng")
            p = start(out, "--ring-size", "1", "--no-packets")
            self.assertTrue(self.started(out))
            peak = 0
            for _ in range(30):  # 3 s under load
                time.sleep(0.1)
                peak = max(peak, vm_rss_kb(p.pid))
            t0 = time.monotonic()
            p.send_signal(signal.SIGINT)
            _, err = p.communicate(timeout=30)
            elapsed = time.monotonic() - t0
            load.stop()
            self.assertEqual(p.returncode, 0, err)
            self.assertLess(elapsed, 1.0, "must stop within one second of SIGINT")
            if not sanitizer_build():  # ASan's shadow and quarantine are not ours
                self.assertLess(peak, RSS_LIMIT_KB, f"VmRSS peaked at {peak} kB")
            blocks = pcapng_blocks(out)
            isbs = [isb_counters(b) for t, b in blocks if t == ISB]
            self.assertTrue(isbs)
            c = isbs[-1]
            self.assertEqual(c[ISB_IFRECV], c[ISB_USRDELIV] + c[ISB_IFDROP] + c[ISB_OSDROP], c)
            self.assertGreater(c[ISB_IFDROP] + c[ISB_OSDROP], 0, c)
            # the loss is also in the stream, where it happened
            lost = tshark_fields(out, ["podshark.loss.total"], "podshark.loss")
            self.assertGreater(len(lost), 0)
            self.assertEqual(sum(int(r["podshark.loss.total"]) for r in lost),
                             c[ISB_IFDROP] + c[ISB_OSDROP])

    def test_runtime_state_disappears(self):
        """containerd's state directory is deleted mid-capture while a new
        container cgroup appears: the capture goes on, quietly, and the new
        container's calls are in it."""
        cgroup2 = cgroup2_mount()
        if not cgroup2:
            self.skipTest("no cgroup2 mount")
        state = tempfile.mkdtemp(prefix="podshark-containerd-state.")
        os.makedirs(os.path.join(state, "io.containerd.runtime.v2.task", "k8s.io"))
        container_id = os.urandom(32).hex()
        group = os.path.join(cgroup2, f"cri-containerd-{container_id}.scope")
        with TempDir() as tmp:
            out = os.path.join(tmp, "cap.pcapng")
            p = start(out, "--containerd-state", state, "--no-packets")
            try:
                self.assertTrue(self.started(out))
                shutil.rmtree(state)
                os.mkdir(group)
                # a process in the new container's cgroup, after the deletion
                child = subprocess.Popen(
                    ["sh", "-c", f"echo $$ > {group}/cgroup.procs && exec sleep 0.3"])
                child.wait(timeout=10)
                time.sleep(0.5)
                p.send_signal(signal.SIGINT)
                _, err = p.communicate(timeout=10)
            finally:
                if p.poll() is None:
                    p.kill()
                wait_for(lambda: try_rmdir(group), 5)
                shutil.rmtree(state, ignore_errors=True)
            self.assertEqual(p.returncode, 0, err)
            self.assertEqual(err, "")
            rows = tshark_fields(out, ["container.id"],
                                 f'proc.pid == {child.pid} && evt.type == "nanosleep" '
                                 f'|| proc.pid == {child.pid} && evt.type == "clock_nanosleep"')
            self.assertEqual([r["container.id"] for r in rows], [container_id[:12]], rows)


def sanitizer_build():
    with open(EXTCAP, "rb") as f:
        return b"__asan_init" in f.read()


def cgroup2_mount():
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            sep = fields.index("-")
            if fields[sep + 1] == "cgroup2":
                return fields[4]
    return None


def try_rmdir(path):
    try:
        os.rmdir(path)
    except FileNotFoundError:
        pass
    except OSError:
        return False
    return True


if __name__ == "__main__":
    main()
