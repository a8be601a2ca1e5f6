# SPDX-License-Identifier: GPL-2.0-or-later
"""The extcap run by an ordinary user with file capabilities instead of root
(docs/SECURITY.md), and captures read with no privilege at all.

Root is needed to create the user, to set the file capabilities and to
switch to the user; under CI=true these tests must run, elsewhere they skip
without root."""
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import EXTCAP, PLUGINS, main, require_root, tshark_fields, wait_for  # noqa: E402

USER = "podshark-cap-test"
# docs/SECURITY.md: the set to give the extcap, and the smallest one that
# records system calls (no packets, no fds of other users' processes).
FULL_SET = "cap_bpf,cap_perfmon,cap_net_raw,cap_sys_admin,cap_sys_ptrace,cap_dac_read_search"
SYSCALLS_SET = "cap_bpf,cap_perfmon"
# From linux/capability.h: the bit of each capability in /proc/PID/status.
CAP_BIT = {"cap_dac_read_search": 2, "cap_net_raw": 13, "cap_sys_ptrace": 19,
           "cap_sys_admin": 21, "cap_perfmon": 38, "cap_bpf": 39}


def ensure_user():
    try:
        return pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell",
                        "/usr/sbin/nologin", USER], check=True)
        return pwd.getpwnam(USER)


def folder_allowing_file_caps():
    """A new folder on a file system mounted without nosuid (which would make
    the kernel ignore file capabilities)."""
    for parent in (tempfile.gettempdir(), "/var/tmp", "/opt", "/usr/local"):
        if os.path.isdir(parent) and not os.statvfs(parent).f_flag & os.ST_NOSUID:
            return tempfile.mkdtemp(prefix="podshark-caps.", dir=parent)
    raise unittest.SkipTest("no file system without nosuid to hold a copy of the extcap")


def status_fields(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


class FileCapabilities(unittest.TestCase):
    def setUp(self):
        require_root(self)
        self.user = ensure_user()
        self.dir = folder_allowing_file_caps()
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        os.chmod(self.dir, 0o755)
        self.extcap = os.path.join(self.dir, "podshark")
        shutil.copy(EXTCAP, self.extcap)
        os.chmod(self.extcap, 0o755)
        self.out_dir = os.path.join(self.dir, "out")
        os.mkdir(self.out_dir)
        os.chown(self.out_dir, self.user.pw_uid, self.user.pw_gid)
        self.out = os.path.join(self.out_dir, "cap.pcapng")

    def setcap(self, caps):
        if caps:
            subprocess.run(["setcap", f"{caps}+ep", self.extcap], check=True)
        else:
            subprocess.run(["setcap", "-r", self.extcap], check=False,
                           stderr=subprocess.DEVNULL)

    def start_as_user(self, *extra):
        return subprocess.Popen(
            ["setpriv", f"--reuid={self.user.pw_uid}", f"--regid={self.user.pw_gid}",
             "--clear-groups", self.extcap, "--extcap-interface", "podshark", "--capture",
             "--fifo", self.out, *extra], stderr=subprocess.PIPE, text=True)

    def started(self):
        return wait_for(lambda: os.path.exists(self.out) and os.path.getsize(self.out) > 0, 20)

    def capture_workload(self, *extra):
        """Captures while a process of another user (root) fails to open a
        file; returns (the workload's pid, its missing path, the extcap's
        /proc status after the start)."""
        p = self.start_as_user(*extra)
        self.addCleanup(lambda: p.poll() is None and p.kill())
        self.assertTrue(self.started(), "no capture started")
        status = status_fields(p.pid)
        missing = f"/nonexistent-podshark-{os.getpid()}"
        cat = subprocess.run(["cat", missing], capture_output=True)
        self.assertNotEqual(cat.returncode, 0)
        time.sleep(0.5)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=10)
        self.assertEqual(p.returncode, 0, err)
        return missing, status

    def assert_openat_recorded(self, missing):
        # the path travels in the record as the probe read it
        rows = tshark_fields(self.out, ["proc.name", "user.uid", "evt.type", "evt.res"],
                             f'evt.type == "openat" && frame contains "{missing}"')
        self.assertEqual(len(rows), 1, rows)
        self.assertEqual(rows[0]["proc.name"], "cat")
        self.assertEqual(rows[0]["user.uid"], "0")
        self.assertEqual(rows[0]["evt.res"], "ENOENT")

    def test_without_capabilities_refuses(self):
        self.setcap(None)
        p = self.start_as_user("--no-packets")
        _, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 1)
        self.assertIn("CAP_BPF and CAP_PERFMON", err)

    def test_syscalls_with_bpf_and_perfmon(self):
        self.setcap(SYSCALLS_SET)
        missing, _ = self.capture_workload("--no-packets")
        self.assert_openat_recorded(missing)

    def test_full_set_captures_and_drops(self):
        self.setcap(FULL_SET)
        missing, status = self.capture_workload()
        self.assert_openat_recorded(missing)
        # after the attach only what the capture still uses is left, and no
        # exec can give anything back (extcap/privileges.c)
        eff = int(status["CapEff"], 16)
        kept = {c for c, bit in CAP_BIT.items() if eff >> bit & 1}
        self.assertEqual(kept, {"cap_net_raw", "cap_sys_admin", "cap_sys_ptrace",
                                "cap_dac_read_search"})
        self.assertEqual(int(status["CapPrm"], 16), eff)
        self.assertEqual(status["NoNewPrivs"], "1")

    def test_reading_needs_no_privilege(self):
        """tshark reads a capture as nobody with an empty bounding set and
        no_new_privs: nothing it could use to gain a privilege.  (TSHARK: the
        tshark to run, as for tests/lib/tshark-user.sh.)"""
        self.setcap(SYSCALLS_SET)
        missing, _ = self.capture_workload("--no-packets")
        home = tempfile.mkdtemp(prefix="podshark-nobody.")
        self.addCleanup(shutil.rmtree, home, ignore_errors=True)
        plugins = os.path.join(home, "plugins")
        shutil.copytree(PLUGINS, plugins)
        capture = os.path.join(home, "cap.pcapng")
        shutil.copy(self.out, capture)
        subprocess.run(["chown", "-R", "nobody:nogroup", home], check=True)
        r = subprocess.run(
            ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
             "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs",
             "env", "-i", f"HOME={home}", "PATH=/usr/bin:/bin", f"WIRESHARK_PLUGIN_DIR={plugins}",
             os.environ.get("TSHARK", "tshark"), "-r", capture, "-T", "fields", "-e", "proc.name", "-e", "evt.type",
             "-Y", f'evt.type == "openat" && frame contains "{missing}"'],
            capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split(), ["cat", "openat"])


if __name__ == "__main__":
    main()
