# SPDX-License-Identifier: GPL-2.0-or-later
"""Ways to act unseen that podshark covers (docs/SECURITY.md, "Acting unseen"),
each against the real probe:

  - a process named like a capture tool (dumpcap, tshark) is captured: the
    probe leaves out podshark and its readers by process id, never by name;
  - a program executed from a memfd (execveat with AT_EMPTY_PATH) has the
    path /proc/PID/exe gives it, not "/dev/fd/N";
  - a thread created before the capture started is captured;
  - a bpf() call that loads a program is a frame with an expert warning;
  - podshark's probe cannot be detached from outside (BPF_LINK_DETACH of its
    links fails), and the attempt is a frame with an expert warning.

(int 0x80 from a 64-bit process: tests/live/test_syscall_selection.py;
io_uring: tests/iouring.)"""
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import EXTCAP, TempDir, main, require_root, tshark_fields, wait_for  # noqa: E402

# Opens the file named by each line on stdin in a thread started before
# anything is read; prints the thread's id first.
THREAD_CHILD = r"""
import sys, threading
def work():
    print(threading.get_native_id(), flush=True)
    for line in sys.stdin:
        try:
            open(line.strip())
        except OSError:
            pass
        print("done", flush=True)
t = threading.Thread(target=work)
t.start()
t.join()
"""

# Renames itself (prctl PR_SET_NAME), then opens the file named by argv[2].
RENAME_CHILD = r"""
import ctypes, sys
ctypes.CDLL(None).prctl(15, sys.argv[1].encode())
try:
    open(sys.argv[2])
except OSError:
    pass
"""

BPF_PROG_LOAD = 5
BPF_PROG_TYPE_SOCKET_FILTER = 1
SYS_BPF = 321  # x86_64


def load_trivial_bpf_program():
    """bpf(BPF_PROG_LOAD) of "r0 = 0; exit" as a socket filter; returns the result."""
    insns = (ctypes.c_uint64 * 2)(0x00000000000000b7, 0x0000000000000095)  # mov r0, 0; exit
    license_ = ctypes.create_string_buffer(b"GPL")
    attr = (ctypes.c_uint8 * 128)()
    ctypes.memmove(attr, ctypes.byref(ctypes.c_uint32(BPF_PROG_TYPE_SOCKET_FILTER)), 4)
    ctypes.memmove(ctypes.byref(attr, 4), ctypes.byref(ctypes.c_uint32(2)), 4)  # insn_cnt
    ctypes.memmove(ctypes.byref(attr, 8), ctypes.byref(ctypes.c_uint64(
        ctypes.addressof(insns))), 8)
    ctypes.memmove(ctypes.byref(attr, 16), ctypes.byref(ctypes.c_uint64(
        ctypes.addressof(license_))), 8)
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.syscall(SYS_BPF, BPF_PROG_LOAD, attr, ctypes.sizeof(attr))
    if fd >= 0:
        os.close(fd)
    return fd


class BlindSpots(unittest.TestCase):
    def setUp(self):
        require_root(self)
        self.tmpdir = TempDir()
        self.tmp = self.tmpdir.__enter__()
        self.mark = uuid.uuid4().hex[:8]
        self.out = os.path.join(self.tmp, "cap.pcapng")
        self.cap = None

    def tearDown(self):
        if self.cap and self.cap.poll() is None:
            self.cap.kill()
            self.cap.wait()
        self.tmpdir.__exit__(None, None, None)

    def start_capture(self):
        self.cap = subprocess.Popen([EXTCAP, "--extcap-interface", "podshark", "--capture",
                                     "--no-packets", "--fifo", self.out],
                                    stderr=subprocess.PIPE, text=True)
        self.assertTrue(wait_for(lambda: os.path.exists(self.out) and
                                 os.path.getsize(self.out) > 0, 20))

    def stop_capture(self):
        self.cap.send_signal(signal.SIGINT)
        _, err = self.cap.communicate(timeout=30)
        self.assertEqual(self.cap.returncode, 0, err)

    def missing(self, name):
        return os.path.join(self.tmp, f"{self.mark}-{name}")

    def opens_of(self, fields, extra=""):
        return tshark_fields(self.out, fields, f'evt.type == "openat" && '
                             f'evt.arg.name contains "{self.mark}"{extra}')

    def test_named_like_capture_tools(self):
        tool_copy = os.path.join(self.tmp, "tshark")
        shutil.copy("/bin/cat", tool_copy)
        self.start_capture()
        subprocess.run([sys.executable, "-c", RENAME_CHILD, "dumpcap", self.missing("renamed")])
        subprocess.run([tool_copy, self.missing("executed")], capture_output=True)
        self.stop_capture()
        rows = self.opens_of(["proc.name", "evt.arg.name"])
        self.assertIn(("dumpcap", self.missing("renamed")),
                      [(r["proc.name"], r["evt.arg.name"]) for r in rows])
        self.assertIn(("tshark", self.missing("executed")),
                      [(r["proc.name"], r["evt.arg.name"]) for r in rows])

    def test_program_from_memfd(self):
        self.start_capture()
        fd = os.memfd_create(f"podshark-{self.mark}", 0)
        with open("/bin/sleep", "rb") as f:
            os.write(fd, f.read())
        pid = os.fork()
        if pid == 0:
            os.execve(fd, ["sleep", "1"], {})  # glibc: execveat(fd, "", ..., AT_EMPTY_PATH)
        os.close(fd)
        # what the kernel itself says the program is
        self.assertTrue(wait_for(lambda: os.readlink(f"/proc/{pid}/exe") != sys.executable
                                 and os.readlink(f"/proc/{pid}/exe").startswith("/memfd:"), 5))
        exe = os.readlink(f"/proc/{pid}/exe")
        os.waitpid(pid, 0)
        self.stop_capture()
        self.assertEqual(exe, f"/memfd:podshark-{self.mark} (deleted)")
        calls = tshark_fields(self.out, ["evt.type", "proc.exepath"],
                              f"proc.pid == {pid} && podshark.record_type == 1")
        execs = [c for c in calls if c["evt.type"] == "execveat"]
        self.assertTrue(execs, calls[:5])
        after = calls[calls.index(execs[0]):]
        self.assertEqual({c["proc.exepath"] for c in after}, {exe})

    def test_thread_started_before_capture(self):
        child = subprocess.Popen([sys.executable, "-c", THREAD_CHILD], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True)
        try:
            tid = int(child.stdout.readline())
            self.start_capture()
            child.stdin.write(self.missing("thread") + "\n")
            child.stdin.flush()
            self.assertEqual(child.stdout.readline().strip(), "done")
        finally:
            child.stdin.close()
            child.wait(timeout=10)
            child.stdout.close()
        self.stop_capture()
        rows = self.opens_of(["proc.pid", "proc.tid"])
        self.assertEqual([(r["proc.pid"], r["proc.tid"]) for r in rows],
                         [(str(child.pid), str(tid))])
        self.assertNotEqual(tid, child.pid)

    def test_bpf_program_load_is_a_warning(self):
        self.start_capture()
        fd = load_trivial_bpf_program()
        self.stop_capture()
        self.assertGreaterEqual(fd, 0, "the kernel refused a trivial socket filter")
        rows = tshark_fields(self.out, ["evt.type", "evt.rawres", "_ws.expert.severity"],
                             f'proc.pid == {os.getpid()} && evt.type == "bpf" && '
                             f'_ws.expert.message contains "BPF programs changed: BPF_PROG_LOAD"')
        self.assertEqual([r["evt.rawres"] for r in rows], [str(fd)])


    def test_probe_cannot_be_detached(self):
        self.start_capture()
        links = []
        for name in os.listdir(f"/proc/{self.cap.pid}/fdinfo"):
            try:
                with open(f"/proc/{self.cap.pid}/fdinfo/{name}") as f:
                    links += [int(line.split()[1]) for line in f
                              if line.startswith("link_id:")]
            except FileNotFoundError:
                pass  # an fd closed meanwhile (not a link: those stay)
        self.assertTrue(links, "the capture holds no BPF link")
        bpftool = shutil.which("bpftool") or "/usr/sbin/bpftool"
        tried = subprocess.run([bpftool, "link", "detach", "id", str(links[0])],
                               capture_output=True, text=True)
        after = subprocess.run(["cat", self.missing("after-detach")], capture_output=True)
        self.stop_capture()
        self.assertNotEqual(tried.returncode, 0, "the kernel detached the probe's link")
        self.assertNotEqual(after.returncode, 0)
        rows = tshark_fields(self.out, ["evt.res"],
                             f'proc.pid == {tried_pid(self.out)} && '
                             f'_ws.expert.message contains "BPF programs changed: BPF_LINK_DETACH"')
        self.assertEqual(rows, [{"evt.res": "EOPNOTSUPP"}])
        # still recording afterwards
        self.assertEqual(len(self.opens_of(["proc.name"], ' && proc.name == "cat"')), 1)


def tried_pid(capture):
    """The pid of the bpftool that called BPF_LINK_DETACH."""
    rows = tshark_fields(capture, ["proc.pid"],
                         'proc.name == "bpftool" && evt.arg.cmd == "BPF_LINK_DETACH"')
    return rows[0]["proc.pid"] if rows else 0


if __name__ == "__main__":
    main()
