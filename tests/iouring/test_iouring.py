# SPDX-License-Identifier: GPL-2.0-or-later
"""io_uring operations are recorded like the calls they stand for.

podshark-uring-ops opens, writes and closes files through io_uring (submitted
inline, forced to io-wq workers with IOSQE_ASYNC, and on an SQPOLL ring where
the kernel thread submits without any system call), creates a socket and
connects it to a listener of ours, and reads a file.  It prints what each
completion said (the kernel's results, not podshark's); the capture must hold
one io_uring frame per operation, of that process, with the path or address
decoded, the same result, and the payload under --payload-snaplen."""
import os
import socket
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import BUILD, EXTCAP, TempDir, main, require_root, tshark_fields, wait_for  # noqa: E402

URING_OPS = os.path.join(BUILD, "tests", "iouring", "podshark-uring-ops")
TEXT = "written through io_uring\n"
FIELDS = ["evt.type", "proc.pid", "proc.vpid", "proc.vtid", "proc.name", "evt.arg.name", "evt.arg.fd",
          "evt.arg.addr", "evt.rawres", "evt.arg.buf", "fd.name", "evt.io_uring.op",
          "evt.io_uring.async", "evt.io_uring.sqpoll", "evt.io_uring.fixed_file", "_ws.col.Info"]


def run_workload(tmp, capture_args=(), attach=""):
    """Runs the workload under a capture; returns (its pid, its lines, the capture path)."""
    out = os.path.join(tmp, "cap.pcapng")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    cap = subprocess.Popen([EXTCAP, "--extcap-interface", "podshark", "--capture", "--no-packets",
                            "--fifo", out, *capture_args], stderr=subprocess.PIPE, text=True,
                           env=dict(os.environ, PODSHARK_ATTACH=attach))
    try:
        if not wait_for(lambda: os.path.exists(out) and os.path.getsize(out) > 0, 20):
            raise AssertionError("the capture did not start")
        work = subprocess.Popen([URING_OPS, tmp, str(port)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
        ready = work.stdout.readline().split()
        work.stdin.write("go\n")
        work.stdin.close()
        with work.stdout:
            lines = [line.split() for line in work.stdout]
        if work.wait(timeout=30) != 0 or lines[-1] != ["done"]:
            raise AssertionError(f"podshark-uring-ops failed: {lines}")
    finally:
        listener.close()
        if cap.poll() is None:
            cap.send_signal(2)
        _, err = cap.communicate(timeout=30)
    if cap.returncode != 0:
        raise AssertionError(f"the capture failed: {err}")
    return int(ready[1]), lines[:-1], out, err


def check_operations(test, frames, lines, pid, host_pid, folder):
    """One io_uring frame per line of the workload's, in order, saying the same.
    pid: the workload's as it saw itself; host_pid: as the host sees it."""
    # one frame per operation, in order, whatever else the ring did
    test.assertEqual(len(frames), len(lines), [f["_ws.col.Info"] for f in frames])
    for (mode, op, arg, res), f in zip(lines, frames):
        with test.subTest(mode=mode, op=op):
            info = f["_ws.col.Info"]
            test.assertEqual(f["evt.rawres"], res, info)
            if mode == "refused":
                # never prepared: the operation's name, no arguments, the error
                test.assertEqual(f["evt.type"], "io_uring_" + op.lower(), info)
                test.assertEqual(info, f"io_uring {op}(<not decoded>) = -1 EFAULT "
                                 "(Bad address)", info)
                continue
            if mode == "fixed":
                # a registered file: its index, no fd of the process's
                test.assertEqual(f["evt.type"], op, info)
                test.assertTrue(info.startswith(f"io_uring {op}(fixed:{arg}, "), info)
                test.assertEqual(f["evt.io_uring.fixed_file"], "1", info)
                test.assertEqual(f["fd.name"], "", info)
                continue
            test.assertEqual(f["evt.type"], op, info)
            test.assertTrue(info.startswith(f"io_uring {op}("), info)
            test.assertEqual(f["evt.rawres"], res, info)
            test.assertEqual(f["proc.vpid"], str(pid), info)
            if mode == "sqpoll":
                # submitted by the ring's kernel thread, a thread of the process
                test.assertNotEqual(f["proc.vtid"], str(pid), info)
                test.assertEqual(f["proc.name"], f"iou-sqp-{host_pid}", info)
                test.assertEqual(f["evt.io_uring.sqpoll"], "1", info)
            else:
                test.assertEqual(f["proc.vtid"], str(pid), info)
                test.assertEqual(f["evt.io_uring.sqpoll"], "0", info)
            if mode == "async":
                test.assertEqual(f["evt.io_uring.async"], "1", info)
            if op == "openat":
                test.assertEqual(f["evt.arg.name"], arg, info)
                test.assertEqual(f["fd.name"], arg, info)  # the new fd, named
            elif op in ("write", "read", "close"):
                test.assertEqual(f["evt.arg.fd"], arg, info)
                path = os.path.join(folder, f"{mode}.txt")
                test.assertEqual(f["fd.name"], path, info)  # fd context followed
            if op in ("write", "read"):
                test.assertIn(TEXT.strip(), f["evt.arg.buf"], info)
            if op == "connect":
                test.assertEqual(f["evt.arg.addr"], arg, info)
                test.assertTrue(f["fd.name"].endswith("->" + arg), info)
            if op == "socket":
                test.assertIn("AF_INET, SOCK_STREAM", info)


class IoUringOperations(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_root(cls)

    def setUp(self):
        self.tmpdir = TempDir()
        self.tmp = self.tmpdir.__enter__()

    def tearDown(self):
        self.tmpdir.__exit__(None, None, None)

    def frames(self, pid, out):
        return tshark_fields(out, FIELDS, f"evt.is_io_uring && proc.pid == {pid}")

    def test_every_operation(self):
        pid, lines, out, err = run_workload(self.tmp, ["--payload-snaplen", "64"])
        self.assertNotIn("io_uring operations", err)  # no "not recorded" warning
        check_operations(self, self.frames(pid, out), lines, pid, pid, self.tmp)
        # the rings, as strace shows io_uring_setup, with their expert infos
        setups = tshark_fields(out, ["_ws.col.Info", "_ws.expert.message"],
                               f'evt.type == "io_uring_setup" && proc.pid == {pid}')
        self.assertEqual(len(setups), 2, setups)
        self.assertTrue(setups[0]["_ws.col.Info"].startswith(
            "io_uring_setup(8, {flags=0, "), setups[0])
        self.assertIn("{flags=IORING_SETUP_SQPOLL, sq_thread_cpu=0, sq_thread_idle=2000, "
                      "sq_entries=8, ", setups[1]["_ws.col.Info"])
        self.assertIn("io_uring ring set up (fd 3)", setups[0]["_ws.expert.message"])
        sqpoll = tshark_fields(out, ["evt.rawres"], f'proc.pid == {pid} && '
                               f'_ws.expert.message contains "SQPOLL io_uring ring"')
        self.assertEqual(sqpoll, [{"evt.rawres": setups[1]["_ws.col.Info"].split()[-1]}])

    def test_syscall_selection_selects_operations(self):
        """--syscalls openat keeps the io_uring openat requests, and only them
        (the refused one too, without its path)."""
        pid, lines, out, _ = run_workload(self.tmp, ["--syscalls", "openat"])
        frames = self.frames(pid, out)
        opened = [arg if op == "openat" else "" for mode, op, arg, res in lines
                  if op.lower() == "openat"]
        self.assertEqual([f["evt.arg.name"] for f in frames], opened)
        self.assertEqual({f["evt.type"] for f in frames}, {"openat", "io_uring_openat"})

    def test_unseen_without_tp_btf(self):
        """The raw_tracepoint fallback cannot see io_uring requests: it says so,
        on stderr and in the capture, and records none."""
        pid, _, out, err = run_workload(self.tmp, attach="raw_tracepoint")
        self.assertIn("podshark: warning: io_uring operations (the probe is attached "
                      "without tp_btf) are not recorded", err)
        self.assertEqual(self.frames(pid, out), [])
        descriptions = tshark_fields(out, ["frame.interface_description"],
                                     f"proc.pid == {pid}")
        self.assertIn("probe.unseen=io_uring operations (the probe is attached without "
                      "tp_btf)", descriptions[0]["frame.interface_description"])


if __name__ == "__main__":
    main()
