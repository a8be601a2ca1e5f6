# SPDX-License-Identifier: GPL-2.0-or-later
"""Live end to end: tshark -i podshark while a workload of our own runs in
fresh namespaces; its records must carry the right process, results and
namespace inodes (as stat -L /proc/PID/ns/* says)."""
import os
import subprocess
import sys
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import (BUILD, ISB_IFDROP, ISB_IFRECV, ISB_OSDROP,  # noqa: E402
                           ISB_USRDELIV, TempDir, install_extcap_for, isb_counters, main,
                           pcapng_blocks, require_root, tshark_fields, wait_for)

WORKLOAD = os.path.join(BUILD, "tests", "live", "podshark-wl")
NAMESPACES = ("pid", "net", "mnt", "uts", "ipc", "user", "cgroup")
UNSHARED = ("pid", "net", "mnt", "uts", "ipc")
FIELDS = ["frame.number", "evt.num", "evt.type", "evt.rawres", "evt.res", "evt.failed",
          "evt.unfinished", "proc.pid", "proc.tid", "proc.ppid", "proc.vpid", "proc.name",
          "user.uid", "evt.rawarg.fd", "evt.rawarg.count", "evt.rawarg.flags"] + \
         [f"proc.ns.{n}" for n in NAMESPACES]


def ns_inodes(pid):
    return {n: os.stat(f"/proc/{pid}/ns/{n}").st_ino for n in NAMESPACES}


class LiveCapture(unittest.TestCase):
    """One capture through tshark, shared by the assertions below."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = None
        if os.geteuid() != 0:
            return
        cls.tmpdir = TempDir()
        cls.tmp = cls.tmpdir.__enter__()
        home = os.path.join(cls.tmp, "home")
        install_extcap_for(home)
        cls.capture = os.path.join(cls.tmp, "live.pcapng")
        env = dict(os.environ, HOME=home)
        tshark = subprocess.Popen(["tshark", "-q", "-i", "podshark", "-a", "duration:8",
                                   "-w", cls.capture], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        # the extcap writes its first bytes once the probe is attached
        if not wait_for(lambda: os.path.exists(cls.capture) and
                        os.path.getsize(cls.capture) > 0, 30):
            tshark.kill()
            raise AssertionError("tshark -i podshark wrote nothing: " + tshark.stderr.read())
        # tshark's children: dumpcap, which reads the extcap's pipe, and the extcap
        with open(f"/proc/{tshark.pid}/task/{tshark.pid}/children") as f:
            cls.capture_pids = [tshark.pid] + [int(p) for p in f.read().split()]

        cls.target = os.path.join(cls.tmp, f"podshark-live-{uuid.uuid4().hex[:8]}")
        wl = subprocess.Popen(["unshare", "--fork", "--pid", "--mount-proc", "--uts", "--ipc",
                               "--net", "--", WORKLOAD, cls.target],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert wl.stdout.readline().strip() == "ready"
        children = open(f"/proc/{wl.pid}/task/{wl.pid}/children").read().split()
        cls.unshare_pid, cls.wl_pid = wl.pid, int(children[0])
        cls.wl_ns = ns_inodes(cls.wl_pid)
        cls.host_ns = ns_inodes(os.getpid())
        wl.stdin.write("go\n")
        wl.stdin.flush()
        result = dict(kv.split("=") for kv in wl.stdout.readline().split())
        cls.fd, cls.ppid_seen = int(result["fd"]), int(result["ppid"])
        wl.wait(timeout=10)

        cat = subprocess.run(["cat", cls.target + ".cat-missing"], capture_output=True)
        cls.cat_failed = cat.returncode != 0
        _, err = tshark.communicate(timeout=60)
        cls.tshark_rc, cls.tshark_err = tshark.returncode, err
        cls.rows = tshark_fields(cls.capture, FIELDS, f"proc.pid == {cls.wl_pid}")

    @classmethod
    def tearDownClass(cls):
        if cls.tmp:
            cls.tmpdir.__exit__(None, None, None)

    def setUp(self):
        require_root(self)

    def calls(self, name):
        return [r for r in self.rows if r["evt.type"] == name]

    def test_tshark_capture_succeeded(self):
        self.assertEqual(self.tshark_rc, 0, self.tshark_err)
        r = subprocess.run(["capinfos", "-o", self.capture], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("True", r.stdout, "frames must be in time order")

    def after_exec(self):
        """The workload's own records: after the execve that the forked unshare child made."""
        execs = [i for i, r in enumerate(self.rows) if r["evt.type"] == "execve"
                 and r["evt.rawres"] == "0"]
        self.assertEqual(len(execs), 1, "one successful execve of the workload")
        return self.rows[execs[0] + 1:]

    def test_workload_sequence(self):
        rows = self.after_exec()
        opens = [r for r in rows if r["evt.type"] == "openat"]
        created = [r for r in opens if int(r["evt.rawarg.flags"], 0) ==
                   os.O_WRONLY | os.O_CREAT | os.O_TRUNC]
        self.assertEqual([r["evt.rawres"] for r in created], [str(self.fd)], opens)
        on_fd = [r for r in rows if r["evt.rawarg.fd"] and int(r["evt.rawarg.fd"], 0) == self.fd
                 and int(r["evt.num"]) > int(created[0]["evt.num"])]
        writes = [r for r in on_fd if r["evt.type"] == "write"]
        self.assertEqual([(w["evt.rawres"], int(w["evt.rawarg.count"], 0)) for w in writes],
                         [("8", 8)])
        closes = [r for r in on_fd if r["evt.type"] == "close"]
        self.assertEqual([c["evt.rawres"] for c in closes], ["0"])
        getppid = [r for r in rows if r["evt.type"] == "getppid"]
        # the parent (unshare) is outside the new pid namespace: getppid() says 0
        self.assertEqual([g["evt.rawres"] for g in getppid], [str(self.ppid_seen)])
        self.assertEqual(self.ppid_seen, 0)
        missing = [r for r in opens if r["evt.failed"] in ("1", "True")]
        self.assertEqual(len(missing), 1, opens)
        self.assertEqual((missing[0]["evt.rawres"], missing[0]["evt.res"]), ("-2", "ENOENT"))
        for r in created + writes + closes + getppid:
            self.assertEqual((r["evt.res"], r["evt.failed"]), ("SUCCESS", "0"), r)
        order = [int(r["evt.num"]) for r in (created + writes + closes + getppid + missing)]
        self.assertEqual(order, sorted(order), "calls must appear in the order they were made")

    def test_process_identity(self):
        rows = self.after_exec()
        self.assertTrue(rows)
        for r in self.rows:
            self.assertEqual(r["proc.pid"], str(self.wl_pid))
            self.assertEqual(r["proc.tid"], str(self.wl_pid))
            self.assertEqual(r["proc.ppid"], str(self.unshare_pid))
            self.assertEqual(r["proc.vpid"], "1")  # first process of its pid namespace
            self.assertEqual(r["user.uid"], "0")
        # before the exec the forked child still runs unshare's code
        self.assertEqual({r["proc.name"] for r in rows}, {"podshark-wl"})
        self.assertIn("unshare", {r["proc.name"] for r in self.rows[:-len(rows)]})

    def test_namespace_inodes(self):
        for name in UNSHARED:
            self.assertNotEqual(self.wl_ns[name], self.host_ns[name], name)
        after_go = [r for r in self.rows if r["evt.type"] in ("write", "close", "getppid")]
        self.assertTrue(after_go)
        for r in after_go:
            for name in NAMESPACES:
                self.assertEqual(int(r[f"proc.ns.{name}"]), self.wl_ns[name], name)

    def test_exit_frame_has_the_namespaces(self):
        """The workload's exit (a PROC record) carries the same proc.ns.* as its
        calls: a filter on its network namespace finds the exit too."""
        rows = tshark_fields(self.capture, ["proc.pid"] + [f"proc.ns.{n}" for n in NAMESPACES],
                             f"podshark.proc.kind == 4 && proc.pid == {self.wl_pid} && "
                             f"proc.ns.net == {self.wl_ns['net']}")
        self.assertEqual(len(rows), 1, rows)
        for name in NAMESPACES:
            self.assertEqual(int(rows[0][f"proc.ns.{name}"]), self.wl_ns[name], name)

    def test_filter_finds_failing_cat(self):
        self.assertTrue(self.cat_failed)
        rows = tshark_fields(self.capture, ["proc.name", "evt.rawres"],
                             'proc.name == "cat" && evt.type == "openat" && evt.res == "ENOENT"')
        self.assertGreaterEqual(len(rows), 1)
        self.assertTrue(all(r["proc.name"] == "cat" and r["evt.rawres"] == "-2" for r in rows))

    def test_capture_processes_left_out(self):
        """tshark, dumpcap and the extcap make calls for every record they pass
        on: recording them would feed the capture with itself."""
        self.assertEqual(len(self.capture_pids), 3, self.capture_pids)
        pids = ", ".join(map(str, self.capture_pids))
        rows = tshark_fields(self.capture, ["proc.pid", "proc.name"],
                             f"podshark.record_type == 1 && proc.pid in {{{pids}}}")
        self.assertEqual(len(rows), 0, rows[:5])

    def test_statistics_add_up(self):
        isbs = [isb_counters(body) for t, body in pcapng_blocks(self.capture) if t == 5]
        # tshark's file keeps the extcap's periodic statistics (dumpcap stops
        # reading before the final block); Wireshark shows the last one
        ours = [c for c in isbs if ISB_USRDELIV in c]
        self.assertTrue(ours, f"no interface statistics with delivered counts: {isbs}")
        c = ours[-1]
        self.assertEqual(c[ISB_IFRECV], c[ISB_USRDELIV] + c[ISB_IFDROP] + c[ISB_OSDROP], c)
        self.assertGreater(c[ISB_USRDELIV], 0)


if __name__ == "__main__":
    main()
