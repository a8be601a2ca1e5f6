# SPDX-License-Identifier: GPL-2.0-or-later
"""The live comparison with strace (the acceptance test of the capture's
fidelity): workloads run under strace -ff while podshark captures; for every
call strace reports, the capture must have a record of the same thread with
the same name and result, and the same paths, socket addresses, argv and
flag names (strace_compare.py says exactly what is compared and how).
Required: at least 99 % of calls and 95 % of decoded arguments, for the
suite's own workload and for programs of the system run unchanged.

On the same capture, the process and fd fields of a shell pipeline and of a
TCP client and server must be right: which thread ran which program, which fd
it opened a file on and which port the client got, as strace saw them.

Differences that strace itself causes, and how they are kept out:
  * the capture sees the workload's first thread before its first execve,
    running strace's own code (PTRACE_TRACEME, kill(SIGSTOP)); strace reports
    nothing of it.  The alignment skips records strace does not report.
  * strace is a process of its own: only the threads strace reports are looked at.
  * a call strace saw begin but not end (a thread killed inside it, before
    strace could see the exit) is compared by name and arguments only.
  * restarted calls are no difference: both see the kernel's ERESTARTSYS at
    the call's exit (the HTTP server stopped in accept shows it).
Set PODSHARK_STRACE_KEEP=DIR to keep the capture and strace's files in DIR.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from podshark_test import (BUILD, CI, EXTCAP, ISB_IFDROP, ISB_IFRECV, ISB_OSDROP,  # noqa: E402
                           ISB_USRDELIV, isb_counters, main, pcapng_blocks, require_root,
                           tshark_fields, wait_for)
from strace_compare import (Agreement, decoded_args, keep_threads, parse_strace_dir,  # noqa: E402
                            split_top)

WORKLOAD = os.path.join(BUILD, "tests", "strace", "podshark-strace-wl")
CALLS_REQUIRED, ARGS_REQUIRED = 0.99, 0.95
STRACE_OPTS = ["-ff", "-qq", "-e", "signal=none", "-s", "4096"]
FIELDS = ["evt.num", "proc.tid", "evt.type", "evt.rawres", "_ws.col.Info", "proc.name",
          "proc.pname", "proc.cmdline", "fd.name", "fd.type", "evt.rawarg.fd"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StraceComparison(unittest.TestCase):
    """One capture, all workloads in it; each test looks at its part."""

    @classmethod
    def setUpClass(cls):
        cls.ready = False
        if os.geteuid() != 0 or not shutil.which("strace"):
            return
        keep = os.environ.get("PODSHARK_STRACE_KEEP")
        if keep:
            shutil.rmtree(keep, ignore_errors=True)  # no strace files of an earlier run
        cls.tmp = keep or tempfile.mkdtemp(prefix="podshark-strace.")
        os.makedirs(cls.tmp, exist_ok=True)
        os.chmod(cls.tmp, 0o755)
        cls.scratch = os.path.join(cls.tmp, "scratch")
        os.makedirs(cls.scratch)
        cls.capture = os.path.join(cls.tmp, "capture.pcapng")
        cls.port = free_port()
        # the suite's own workload, then programs of the system run unchanged
        # (not written for this test)
        cls.workloads = {
            "suite": [WORKLOAD, cls.scratch],
            "ls": ["ls", "-la", "/etc"],
            "cat": ["cat", "/etc/hostname", "/etc/os-release"],
            "pipeline": ["sh", "-c", "cat /etc/hostname | wc -c"],
            "find": ["find", "/usr/share/doc", "-maxdepth", "1"],
            "tar": ["tar", "-czf", os.path.join(cls.scratch, "etc.tgz"), "-C", "/etc",
                    "hostname", "os-release", "passwd"],
            "python3": ["/usr/bin/python3", "-c",
                        "import json, os; print(json.dumps(sorted(os.listdir('/etc'))[:3]))"],
            "getent": ["getent", "hosts", "localhost"],
            "ip": ["ip", "-brief", "address"],
            "wget": ["busybox", "wget", "-q", "-O", os.path.join(cls.scratch, "got.txt"),
                     f"http://127.0.0.1:{cls.port}/hostname"],
        }
        with open(os.path.join(cls.scratch, "hostname"), "w") as f:
            f.write("served\n")

        # a larger ring than the default: the node is busy with other work too
        extcap = subprocess.Popen([EXTCAP, "--extcap-interface", "podshark", "--capture",
                                   "--fifo", cls.capture, "--no-packets", "--string-max", "4096",
                                   "--ring-size", "64"], stderr=subprocess.PIPE, text=True)
        # the extcap writes its first bytes once the probe is attached
        if not wait_for(lambda: os.path.exists(cls.capture) and
                        os.path.getsize(cls.capture) > 0, 30):
            extcap.kill()
            raise AssertionError("the extcap wrote nothing: " + extcap.stderr.read())
        httpd = None
        try:
            httpd = subprocess.Popen(["strace", *STRACE_OPTS, "-o",
                                      os.path.join(cls.tmp, "httpd"), "busybox", "httpd",
                                      "-f", "-p", f"127.0.0.1:{cls.port}", "-h", cls.scratch])
            assert wait_for(lambda: subprocess.run(
                ["ss", "-Htln", f"sport = :{cls.port}"], capture_output=True,
                text=True).stdout.strip() != "", 10), "busybox httpd did not listen"
            cls.results = {}
            for name, argv in cls.workloads.items():
                cls.results[name] = subprocess.run(
                    ["strace", *STRACE_OPTS, "-o", os.path.join(cls.tmp, name), *argv],
                    cwd=cls.scratch, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                    timeout=60)
            # stop the server itself (strace then ends): inside the capture, so
            # that its last accept ends too
            with open(f"/proc/{httpd.pid}/task/{httpd.pid}/children") as f:
                for pid in f.read().split():
                    os.kill(int(pid), signal.SIGTERM)
            httpd.wait(timeout=10)
            time.sleep(0.3)  # the last records leave the ring
        finally:
            if httpd and httpd.poll() is None:
                httpd.kill()
            extcap.send_signal(signal.SIGINT)
            _, err = extcap.communicate(timeout=30)
        cls.extcap_rc, cls.extcap_err = extcap.returncode, err
        cls.stats = [isb_counters(b) for t, b in pcapng_blocks(cls.capture) if t == 5]

        cls.strace = {name: parse_strace_dir(cls.tmp, name)
                      for name in list(cls.workloads) + ["httpd"]}
        tids = {tid for calls in cls.strace.values() for tid in calls}
        # the syscalls of the threads strace reports, with every other record
        small = os.path.join(cls.tmp, "workloads.pcapng")
        keep_threads(cls.capture, small, tids)
        rows = tshark_fields(small, FIELDS, "podshark.record_type == 1")
        cls.records = {}
        for r in rows:
            cls.records.setdefault(int(r["proc.tid"]), []).append(r)
        for recs in cls.records.values():
            recs.sort(key=lambda r: int(r["evt.num"]))
        cls.ready = True

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "tmp", None) and not os.environ.get("PODSHARK_STRACE_KEEP"):
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        require_root(self)
        if not shutil.which("strace"):
            if CI:
                self.fail("CI=true but strace is not installed")
            self.skipTest("needs strace")
        self.assertTrue(self.ready, "the capture was not made")

    def agreement(self, name):
        agreement = Agreement(name)
        for tid, calls in sorted(self.strace[name].items()):
            agreement.add(calls, self.records.get(tid, []))
        return agreement

    def test_capture_succeeded(self):
        self.assertEqual(self.extcap_rc, 0, self.extcap_err)
        for name, r in self.results.items():
            self.assertEqual(r.returncode, 0, f"{name}: {r.stderr}")
        self.assertTrue(self.strace["suite"], "strace wrote nothing")

    def test_capture_lost_nothing(self):
        c = self.stats[-1]
        print(f"\ncapture: {c[ISB_IFRECV]} events, {c[ISB_USRDELIV]} written, "
              f"{c[ISB_IFDROP]} dropped in the kernel, {c[ISB_OSDROP]} by the extcap",
              file=sys.stderr)
        self.assertEqual(c[ISB_IFDROP] + c[ISB_OSDROP], 0, "events were lost: see the counts")

    def test_agreement(self):
        """Every workload at the required levels; the table is printed either way."""
        table = [self.agreement(name) for name in list(self.workloads) + ["httpd"]]
        print("\nstrace agreement (calls: name and result; args: paths, socket addresses, "
              "argv, flag names)", file=sys.stderr)
        for a in table:
            print(a.report(), file=sys.stderr)
        for a in table:
            with self.subTest(workload=a.name):
                self.assertGreater(a.calls, 0)
                self.assertGreaterEqual(a.call_rate(), CALLS_REQUIRED, a.report())
                self.assertGreaterEqual(a.arg_rate(), ARGS_REQUIRED, a.report())

    def exec_of(self, workload, exe):
        """(tid, argv) of the thread of a workload that strace saw execve exe."""
        for tid, calls in self.strace[workload].items():
            for c in calls:
                if c.name == "execve" and c.value == 0 and c.args.startswith(f'"{exe}"'):
                    return tid, json.loads(split_top(c.args)[1])
        self.fail(f"strace saw no execve of {exe} in {workload}")

    def after_exec(self, tid):
        """The records of a thread after its successful execve."""
        recs = self.records.get(tid, [])
        execs = [i for i, r in enumerate(recs)
                 if r["evt.type"] == "execve" and r["evt.rawres"] == "0"]
        self.assertTrue(execs, f"no execve record of {tid}")
        return recs[execs[-1] + 1:]

    def assert_process(self, recs, exe, argv, parent):
        """proc.name is the executable's name as the kernel keeps it (15
        characters), proc.cmdline Falco's: that name and the arguments."""
        name = os.path.basename(exe)[:15]
        self.assertTrue(recs)
        for r in recs:
            self.assertEqual((r["proc.name"], r["proc.cmdline"], r["proc.pname"]),
                             (name, " ".join([name] + argv[1:]), parent), r["_ws.col.Info"])

    def on_fd(self, recs, call, fd):
        return [r for r in recs if r["evt.type"] == call and r["evt.rawarg.fd"] != ""
                and int(r["evt.rawarg.fd"], 0) == fd]

    def test_pipeline_fields(self):
        """sh -c 'cat /etc/hostname | wc -c': strace says which thread is which."""
        sh, sh_argv = self.exec_of("pipeline", "/usr/bin/sh")
        cat, cat_argv = self.exec_of("pipeline", "/usr/bin/cat")
        wc, wc_argv = self.exec_of("pipeline", "/usr/bin/wc")
        self.assert_process(self.after_exec(sh), "/usr/bin/sh", sh_argv, "strace")
        self.assert_process(self.after_exec(cat), "/usr/bin/cat", cat_argv, "sh")
        self.assert_process(self.after_exec(wc), "/usr/bin/wc", wc_argv, "sh")

        recs = self.after_exec(cat)
        opened = [i for i, r in enumerate(recs)
                  if r["evt.type"] == "openat" and '"/etc/hostname"' in r["_ws.col.Info"]]
        self.assertEqual(len(opened), 1)
        fd = [c.value for c in self.strace["pipeline"][cat]
              if c.name == "openat" and '"/etc/hostname"' in c.args][0]
        self.assertEqual(int(recs[opened[0]]["evt.rawres"]), fd)
        reads = []
        for r in recs[opened[0] + 1:]:
            if r["evt.rawarg.fd"] != "" and int(r["evt.rawarg.fd"], 0) == fd:
                if r["evt.type"] == "close":
                    break
                reads.append(r)
        self.assertGreaterEqual(len(reads), 1)
        for r in reads:
            self.assertEqual((r["fd.name"], r["fd.type"]), ("/etc/hostname", "file"), r)
        # the shell's pipe is cat's standard output and wc's standard input
        for tid, call, fd in ((cat, "write", 1), (wc, "read", 0)):
            recs = self.on_fd(self.after_exec(tid), call, fd)
            self.assertGreaterEqual(len(recs), 1, (tid, call))
            for r in recs:
                self.assertEqual(r["fd.type"], "pipe", r)

    def test_tcp_fields(self):
        """busybox wget from busybox httpd: both ends of the connection show it
        as client:port->server:port, the client's port as strace saw accept
        return it."""
        client, client_argv = self.exec_of("wget", "/usr/bin/busybox")
        server, server_argv = self.exec_of("httpd", "/usr/bin/busybox")
        accepted = [decoded_args(c.name, c.args) for c in self.strace["httpd"][server]
                    if c.name == "accept" and c.value is not None and c.value >= 0]
        self.assertEqual(len(accepted), 1, "one connection")
        peer = [v for kind, v in accepted[0] if kind == "sockaddr"]
        self.assertRegex(peer[0], r"^127\.0\.0\.1:\d+$")
        tuple_name = f"{peer[0]}->127.0.0.1:{self.port}"

        recs = self.after_exec(client)
        self.assert_process(recs, "/usr/bin/busybox", client_argv, "strace")
        connects = [r for r in recs if r["evt.type"] == "connect"]
        self.assertEqual(len(connects), 1)
        fd = int(connects[0]["evt.rawarg.fd"], 0)
        for r in connects + self.on_fd(recs, "write", fd) + self.on_fd(recs, "read", fd):
            self.assertEqual((r["fd.name"], r["fd.type"]), (tuple_name, "ipv4"), r)

        # the server's child for the connection: the accepted socket is its
        # standard input and output
        children = [tid for tid in self.strace["httpd"] if tid != server]
        self.assertEqual(len(children), 1)
        recs = self.records.get(children[0], [])
        self.assert_process(recs, "/usr/bin/busybox", server_argv, "busybox")
        io = self.on_fd(recs, "read", 0) + self.on_fd(recs, "write", 1)
        self.assertGreaterEqual(len(io), 2)
        for r in io:
            self.assertEqual((r["fd.name"], r["fd.type"]), (tuple_name, "ipv4"), r)


if __name__ == "__main__":
    main()
