# SPDX-License-Identifier: GPL-2.0-or-later
"""The extcap protocol as Wireshark speaks it, and the extcap's one-line errors."""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import CI, EXTCAP, TempDir, install_extcap_for, main  # noqa: E402

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
        self.assertEqual([d["value"] for d in interfaces],
                         ["podshark", "podshark-ssh", "podshark-k8s"])
        self.assertTrue(all(d["display"] for d in interfaces))

    def test_tshark_lists_the_interfaces(self):
        """Wireshark's interface list (tshark -D) shows all three, from a
        personal extcap folder."""
        with TempDir() as home:
            install_extcap_for(home)
            r = subprocess.run(["tshark", "-D"], capture_output=True, text=True, timeout=60,
                               env=dict(os.environ, HOME=home))
        listed = {line.split(". ", 1)[1].split(" ", 1)[0] for line in r.stdout.splitlines()
                  if ". " in line}
        self.assertLessEqual({"podshark", "podshark-ssh", "podshark-k8s"}, listed, r.stdout)

    def test_dlts(self):
        r = run("--extcap-interface", "podshark", "--extcap-dlts")
        self.assertEqual(r.returncode, 0, r.stderr)
        dlts = [parse(l) for l in r.stdout.splitlines()]
        self.assertEqual(len(dlts), 1)
        self.assertEqual(dlts[0][0], "dlt")
        self.assertEqual(dlts[0][1]["number"], "252")  # LINKTYPE_WIRESHARK_UPPER_PDU

    def config(self, interface):
        r = run("--extcap-interface", interface, "--extcap-config")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = [parse(l) for l in r.stdout.splitlines()]
        args = [a for kind, a in lines if kind == "arg"]
        values = [a for kind, a in lines if kind == "value"]
        self.assertEqual(len(args) + len(values), len(lines))
        return args, values

    def check_config(self, interface):
        args, values = self.config(interface)
        self.assertGreaterEqual(len(args), 4)
        for i, a in enumerate(args):
            with self.subTest(interface=interface, arg=a.get("call")):
                self.assertEqual(a["number"], str(i))
                for key in ("call", "display", "type", "tooltip", "group"):
                    self.assertIn(key, a)
                self.assertIn(a["type"], ("string", "boolflag", "integer", "unsigned",
                                          "selector", "boolean", "long", "double",
                                          "password", "fileselect"))
                if a["type"] in ("integer", "unsigned"):
                    lo, hi = map(int, a["range"].split(","))
                    self.assertTrue(lo <= int(a["default"]) <= hi)
                # Wireshark passes every option with a value: the program must accept it
                if a["type"] == "selector":
                    choices = [v["value"] for v in values if v["arg"] == a["number"]]
                    self.assertTrue(choices)
                    value = [choices[0]]
                elif a["type"] in ("password", "fileselect"):
                    continue  # no default: passed only when the user gives one
                else:
                    value = [] if a["type"] == "boolflag" else [a["default"]]
                ok = run("--extcap-interface", interface, a["call"], *value, "--extcap-dlts")
                self.assertEqual(ok.returncode, 0, ok.stderr)

    def test_config_is_well_formed_and_accepted(self):
        self.check_config("podshark")

    def test_ssh_config_is_well_formed_and_accepted(self):
        self.check_config("podshark-ssh")

    def test_k8s_config_is_well_formed_and_accepted(self):
        self.check_config("podshark-k8s")

    def test_k8s_config_groups(self):
        args, _ = self.config("podshark-k8s")
        groups = {a["call"]: a["group"] for a in args}
        self.assertEqual([g for g in dict.fromkeys(groups.values())],
                         ["Server", "Authentication", "Cluster", "Capture"])
        self.assertEqual(groups["--all-nodes"], "Cluster")

    def test_ssh_config_groups(self):
        args, _ = self.config("podshark-ssh")
        groups = {a["call"]: a["group"] for a in args}
        self.assertEqual(groups["--remote-host"], "Server")
        self.assertEqual(groups["--sshkey"], "Authentication")
        self.assertEqual(groups["--reorder-window"], "Cluster")
        self.assertEqual(groups["--syscalls"], "Capture")
        self.assertEqual([g for g in dict.fromkeys(groups.values())],
                         ["Server", "Authentication", "Cluster", "Capture"])
        # a node's runtime folders are the node's business
        self.assertNotIn("--containerd-state", groups)

    def test_capture_filter_check(self):
        good = run("--extcap-interface", "podshark", "--extcap-capture-filter", "tcp port 80")
        self.assertEqual((good.returncode, good.stdout), (0, ""))
        bad = run("--extcap-interface", "podshark", "--extcap-capture-filter", "tcp port")
        self.assertEqual(bad.returncode, 0)
        self.assertTrue(bad.stdout.strip(), "an invalid filter must be explained on stdout")


class RemoteCommandLine(unittest.TestCase):
    """What podshark-ssh runs, seen without a network: ProxyCommand=false makes
    every ssh fail at once."""

    def capture(self, *args):
        return run("--extcap-interface", "podshark-ssh", "--capture", "--fifo", "/dev/null",
                   "--proxycommand", "false", "--debug", *args)

    def test_capture_options_reach_every_node(self):
        r = self.capture("--remote-host", "n1,admin@n2:2222", "--syscalls", "file,net",
                         "--pods", "shop/*", "--redact", "token=(\\S+)", "--no-packets",
                         "--string-max", "512")
        commands = [l for l in r.stderr.splitlines() if " ssh " in l]
        self.assertEqual(len(commands), 2, r.stderr)
        for line in commands:
            for opt in ("'--syscalls=file,net'", "'--pods=shop/*'", "'--redact=token=(\\S+)'",
                        "'--no-packets'", "'--string-max=512'", "-o BatchMode=yes",
                        "-o StrictHostKeyChecking=yes", "'--heartbeat=5'"):
                self.assertIn(opt, line)
        self.assertIn("-p 2222 -l admin", commands[1])
        self.assertNotIn("-l ", commands[0])

    def test_privilege_and_command(self):
        r = self.capture("--remote-host", "n1", "--remote-priv", "sudo", "--remote-priv-user",
                         "ops", "--remote-capture-command", "/opt/podshark/bin/podshark")
        self.assertIn("-- sudo -n -u 'ops' /opt/podshark/bin/podshark '--extcap-interface=podshark'",
                      r.stderr)

    def test_unreachable_nodes_are_named(self):
        r = self.capture("--remote-host", "n1,n2")
        self.assertEqual(r.returncode, 1)
        for node in ("n1", "n2"):
            self.assertRegex(r.stderr, rf"(?m)^podshark: {node}: cannot reach the node: ")
        self.assertIn("podshark: no node could be captured", r.stderr)


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

    def test_k8s_refuses_every_node_unasked(self):
        self.assertOneLineError(run("--extcap-interface", "podshark-k8s", "--capture", "--fifo",
                                    "/dev/null"), r"name the nodes \(--nodes\).*--all-nodes")

    def test_ssh_needs_hosts(self):
        self.assertOneLineError(run("--extcap-interface", "podshark-ssh", "--capture", "--fifo",
                                    "/dev/null"), r"--remote-host: give the nodes")

    def test_ssh_bad_host(self):
        self.assertOneLineError(run("--extcap-interface", "podshark-ssh", "--capture", "--fifo",
                                    "/dev/null", "--remote-host", "n1,root@n2:99999"),
                                r'--remote-host: "root@n2:99999" is not \[user@\]host\[:port\]')

    def test_ssh_bad_priv(self):
        self.assertOneLineError(run("--extcap-interface", "podshark-ssh", "--capture", "--fifo",
                                    "/dev/null", "--remote-host", "n1", "--remote-priv", "su"),
                                r"--remote-priv must be none, sudo or doas")

    def test_bad_heartbeat(self):
        self.assertOneLineError(run("--extcap-interface", "podshark", "--capture", "--fifo",
                                    "/dev/null", "--heartbeat", "1"),
                                r"--heartbeat must be from 2 to 3600")

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
