# SPDX-License-Identifier: GPL-2.0-or-later
"""What changes under a running thread without an exec: its name (prctl, or a
write to /proc/PID/comm from another process) and its cgroup (a migration).
The probe keeps both per thread between calls; the records after the change
must carry the new value, the ones before it the old one."""
import os
import subprocess
import sys
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import EXTCAP, TempDir, main, require_root, tshark_fields, wait_for  # noqa: E402

# A thread that opens a missing file named after each line it reads on stdin;
# "prctl NAME" renames itself first, "thread NAME" has another of its threads
# rename it through /proc (the kernel lets only the process itself write there).
CHILD = r"""
import ctypes, os, sys, threading
libc = ctypes.CDLL(None)
main_tid = threading.get_native_id()
def rename_main(name):
    with open(f"/proc/self/task/{main_tid}/comm", "w") as f:
        f.write(name)
print("ready", flush=True)
for line in sys.stdin:
    word = line.split()
    if word[0] == "prctl":
        libc.prctl(15, word[1].encode())  # PR_SET_NAME
        word = word[2:]
    elif word[0] == "thread":
        t = threading.Thread(target=rename_main, args=(word[1],))
        t.start()
        t.join()
        word = word[2:]
    try:
        open(word[0])
    except OSError:
        pass
    print("done", flush=True)
"""

def cgroup2_root():
    for root in ("/sys/fs/cgroup/unified", "/sys/fs/cgroup"):
        if os.path.exists(os.path.join(root, "cgroup.procs")) and \
                os.path.exists(os.path.join(root, "cgroup.controllers")):
            return root
    raise unittest.SkipTest("no cgroup2 hierarchy")


class ThreadChanges(unittest.TestCase):
    attach = None  # the probe's choice (tp_btf here)

    def setUp(self):
        require_root(self)
        self.tmpdir = TempDir()
        self.tmp = self.tmpdir.__enter__()
        self.mark = uuid.uuid4().hex[:8]
        self.out = os.path.join(self.tmp, "cap.pcapng")
        self.cap = subprocess.Popen([EXTCAP, "--extcap-interface", "podshark", "--capture",
                                     "--no-packets", "--fifo", self.out],
                                    stderr=subprocess.PIPE, text=True,
                                    env=dict(os.environ, PODSHARK_ATTACH=self.attach or ""))
        self.assertTrue(wait_for(lambda: os.path.exists(self.out) and
                                 os.path.getsize(self.out) > 0, 20))
        self.child = subprocess.Popen([sys.executable, "-c", CHILD], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)
        self.assertEqual(self.child.stdout.readline().strip(), "ready")
        with open(f"/proc/{self.child.pid}/comm") as f:
            self.first_name = f.read().strip()  # python3, or what runs the tests

    def tearDown(self):
        if self.child.poll() is None:
            self.child.kill()
            self.child.wait()
        if self.cap.poll() is None:
            self.cap.kill()
            self.cap.wait()
        self.tmpdir.__exit__(None, None, None)

    def step(self, line):
        """Has the child open the missing file named by line's last word."""
        self.child.stdin.write(line + "\n")
        self.child.stdin.flush()
        self.assertEqual(self.child.stdout.readline().strip(), "done")

    def missing(self, name):
        return os.path.join(self.tmp, f"{self.mark}-{name}")

    def opens(self, fields):
        """The child's failed opens of our missing files, in capture order."""
        self.child.stdin.close()
        self.child.wait(timeout=10)
        self.cap.send_signal(2)
        _, err = self.cap.communicate(timeout=20)
        self.assertEqual(self.cap.returncode, 0, err)
        rows = tshark_fields(self.out, ["evt.arg.name"] + fields,
                             f'proc.pid == {self.child.pid} && evt.type == "openat" && '
                             f'evt.arg.name contains "{self.mark}"')
        return [(os.path.basename(r["evt.arg.name"]).split("-", 1)[1],
                 *(r[f] for f in fields)) for r in rows]

    def test_names(self):
        self.step(self.missing("before"))
        self.step("prctl own-name " + self.missing("after-prctl"))
        self.step("thread other-name " + self.missing("after-thread"))
        self.assertEqual(self.opens(["proc.name"]), [
            ("before", self.first_name), ("after-prctl", "own-name"),
            ("after-thread", "other-name")])

    def test_cgroup_migration(self):
        root = cgroup2_root()
        home = self.cgroup_of(root, self.child.pid)
        group = os.path.join(root, f"podshark-test-{self.mark}")
        os.mkdir(group)
        try:
            group_id = os.stat(group).st_ino
            self.step(self.missing("before"))
            self.move(self.child.pid, group)
            self.step(self.missing("moved"))
            self.move(self.child.pid, home)  # back, so that the group can go
            self.step(self.missing("back"))
            rows = self.opens(["proc.cgroup.id"])
        finally:
            os.rmdir(group)
        home_id = str(os.stat(home).st_ino)
        self.assertNotEqual(home_id, str(group_id))
        self.assertEqual(rows, [("before", home_id), ("moved", str(group_id)),
                                ("back", home_id)])

    @staticmethod
    def cgroup_of(root, pid):
        with open(f"/proc/{pid}/cgroup") as f:
            for line in f:
                if line.startswith("0::"):
                    return os.path.join(root, line[3:].strip().lstrip("/"))
        raise AssertionError(f"/proc/{pid}/cgroup has no cgroup2 line")

    @staticmethod
    def move(pid, group):
        with open(os.path.join(group, "cgroup.procs"), "w") as f:
            f.write(str(pid))


class ThreadChangesRawTracepoint(ThreadChanges):
    """The same with the raw_tracepoint programs (kernels without tp_btf)."""
    attach = "raw_tracepoint"


if __name__ == "__main__":
    main()
