# SPDX-License-Identifier: GPL-2.0-or-later
"""The extcap protocol as Wireshark speaks it, and the extcap's one-line errors."""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import EXTCAP, CI, main  # noqa: E402

BRACES = re.compile(r"\{([a-z]+)=([^}]*)\}")


def run(*args, user=None):
    cmd = [EXTCAP, *args]
    if user:
        cmd = ["setpriv", f"--reuid={user}", "--regid=nogroup", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=30)


def parse(line):
    """'kind {k=v}{k=v}' -> (kind, {k: v})"""
    kind = line.split(" ", 1)[0]
    return kind, dict(BRACES.findall(line))


class ExtcapProtocol(unittest.TestCase):
    def test_interfaces(self):
        r = run("--extcap-interfaces")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = [parse(l) for l in r.stdout.splitlines()]
        self.assertEqual(lines[0][0], "extcap")
        self.assertRegex(lines[0][1]["version"], r"^\d+\.\d+\.\d+$")
        interfaces = [d for k, d in lines if k == "interface"]
        self.assertEqual([d["value"] for d in interfaces], ["podshark"])
        self.assertTrue(interfaces[0]["display"])

    def test_dlts(self):
        r = run("--extcap-interface", "podshark", "--extcap-dlts")
        self.assertEqual(r.returncode, 0, r.stderr)
        dlts = [parse(l) for l in r.stdout.splitlines()]
        self.assertEqual(len(dlts), 1)
        self.assertEqual(dlts[0][0], "dlt")
        self.assertEqual(dlts[0][1]["number"], "252")  # LINKTYPE_WIRESHARK_UPPER_PDU

    def test_config_is_well_formed_and_accepted(self):
        r = run("--extcap-interface", "podshark", "--extcap-config")
        self.assertEqual(r.returncode, 0, r.stderr)
        args = [parse(l) for l in r.stdout.splitlines()]
        self.assertGreaterEqual(len(args), 4)
        for i, (kind, a) in enumerate(args):
            with self.subTest(arg=a.get("call")):
                self.assertEqual(kind, "arg")
                self.assertEqual(a["number"], str(i))
                for key in ("call", "display", "type", "tooltip", "group", "default"):
                    self.assertIn(key, a)
                self.assertIn(a["type"], ("string", "boolflag", "integer", "unsigned",
                                          "selector", "boolean", "long", "double"))
                if a["type"] == "integer":
                    lo, hi = map(int, a["range"].split(","))
                    self.assertTrue(lo <= int(a["default"]) <= hi)
                # Wireshark passes every option with its default: the program must accept it
                value = [] if a["type"] == "boolflag" else [a["default"]]
                ok = run("--extcap-interface", "podshark", a["call"], *value, "--extcap-dlts")
                self.assertEqual(ok.returncode, 0, ok.stderr)

    def test_capture_filter_check(self):
        good = run("--extcap-interface", "podshark", "--extcap-capture-filter", "tcp port 80")
        self.assertEqual((good.returncode, good.stdout), (0, ""))
        bad = run("--extcap-interface", "podshark", "--extcap-capture-filter", "tcp port")
        self.assertEqual(bad.returncode, 0)
        self.assertTrue(bad.stdout.strip(), "an invalid filter must be explained on stdout")


class ExtcapErrors(unittest.TestCase):
    def assertOneLineError(self, r, pattern):
        self.assertNotEqual(r.returncode, 0)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertRegex(lines[0], r"^podshark: " + pattern)

    def test_unknown_interface(self):
        self.assertOneLineError(run("--extcap-interface", "eth0", "--extcap-dlts"),
                                r'no interface called "eth0"')

    def test_capture_needs_fifo(self):
        self.assertOneLineError(run("--extcap-interface", "podshark", "--capture"),
                                r"--capture needs --fifo")

    def test_unknown_syscall(self):
        self.assertOneLineError(run("--extcap-interface", "podshark", "--capture", "--fifo",
                                    "/dev/null", "--syscalls", "openat,nosuchcall"),
                                r'--syscalls: "nosuchcall" is neither')

    def test_bad_ring_size(self):
        self.assertOneLineError(run("--extcap-interface", "podshark", "--capture", "--fifo",
                                    "/dev/null", "--ring-size", "3"),
                                r"--ring-size must be a power of two")

    def test_unprivileged_capture_says_why(self):
        if os.geteuid() != 0:
            if CI:
                self.fail("CI=true but not root")
            self.skipTest("needs root to switch to an unprivileged user")
        r = run("--extcap-interface", "podshark", "--capture", "--fifo", "/dev/null",
                user="nobody")
        self.assertOneLineError(r, r"needs root, or the capabilities CAP_BPF and CAP_PERFMON")


if __name__ == "__main__":
    main()
