# SPDX-License-Identifier: GPL-2.0-or-later
"""podshark-ssh end to end: two stand-in nodes (tests/cluster/ssh_nodes.py:
network and UTS namespaces, a real sshd each, key-only login, known_hosts),
each with its own containerd and a pod in its own cgroup subtree; the real
podshark runs on each node through ssh.  The workstation side is a process in
the root namespace with only an SSH key and known_hosts.

What is known without podshark: which node each pod and container was started
on and their init pids (the test started them), the nodes' names and their
cgroup subtrees (the test gave them), the processes and BPF programs that
exist before and after a capture (/proc, bpftool).

Two nodes share this kernel, so a pid cannot be on both here: the same pid on
two nodes is tested with a generated capture (tests/dissector/gen_cluster.c).
"""
import os
import signal
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from podshark_test import (EXTCAP, ISB_IFDROP, ISB_IFRECV, ISB_OSDROP,  # noqa: E402
                           ISB_USRDELIV, TempDir, install_extcap_for, isb_counters, main,
                           pcapng_blocks, require_root, tshark_fields, wait_for)
from ssh_nodes import NodesWithPods  # noqa: E402

IDB, ISB, EPB = 1, 5, 6
FIELDS = ["frame.time_epoch", "frame.interface_name", "evt.hostname", "k8s.pod.name",
          "proc.pid", "proc.cgroup.path", "podshark.record_type", "podshark.node.event",
          "podshark.node.name", "podshark.node.message", "podshark.node.clock_offset", "icmp.type"]


def interface_names(path):
    """if_name of each interface, in interface-id order."""
    names = []
    for btype, body in pcapng_blocks(path):
        if btype != IDB:
            continue
        name, pos = None, 8
        while pos + 4 <= len(body):
            code = int.from_bytes(body[pos:pos + 2], "little")
            olen = int.from_bytes(body[pos + 2:pos + 4], "little")
            if code == 0:
                break
            if code == 2:
                name = body[pos + 4:pos + 4 + olen].decode()
            pos += 4 + ((olen + 3) & ~3)
        names.append(name)
    return names


def final_isbs(path):
    """The last Interface Statistics Block of each interface: {id: counters}."""
    return {int.from_bytes(body[:4], "little"): isb_counters(body)
            for btype, body in pcapng_blocks(path) if btype == ISB}


class SshClusterTest(NodesWithPods, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmpdir = None
        if os.geteuid() != 0:
            return
        try:
            cls.tmpdir = TempDir()
            cls.tmp = cls.tmpdir.__enter__()
            cls.start_nodes(os.path.realpath(EXTCAP), sshd=True)
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.stop_nodes()
        if cls.tmpdir:
            cls.tmpdir.__exit__(None, None, None)

    def setUp(self):
        require_root(self)
        self.node_pids = set()

    # --- helpers ------------------------------------------------------------------------

    def start_extcap(self, out, *extra):
        """The extcap as the workstation runs it (Wireshark would), by hand."""
        argv = [EXTCAP, "--extcap-interface", "podshark-ssh", "--capture", "--fifo", out,
                "--remote-host", self.cluster.host_list(), "--sshkey", self.cluster.key,
                "--no-packets", *extra]
        return subprocess.Popen(self.cluster.client_command(argv), stderr=subprocess.PIPE,
                                text=True)

    def rows(self, path, display_filter=None):
        return tshark_fields(path, FIELDS, display_filter)

    # --- the main capture, through tshark ----------------------------------------------

    def test_tshark_two_nodes(self):
        home = os.path.join(self.tmp, "home")
        install_extcap_for(home)
        out = os.path.join(self.tmp, "cluster.pcapng")
        argv = ["tshark", "-q", "-i", "podshark-ssh",
                "-o", f"extcap.podshark_ssh.remotehost:{self.cluster.host_list()}",
                "-o", f"extcap.podshark_ssh.sshkey:{self.cluster.key}",
                "-a", "duration:8", "-w", out]
        tshark = subprocess.Popen(self.cluster.client_command(argv),
                                  env=dict(os.environ, HOME=home), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
        for node in self.cluster.nodes:
            self.assertTrue(wait_for(self.node_started(node), 30), node.name)
        _, err = tshark.communicate(timeout=120)
        self.assertEqual(tshark.returncode, 0, err)
        self.assert_nothing_left()
        rows = self.rows(out)

        self.assert_time_order(rows)

        for node in self.cluster.nodes:
            pod, app = self.pods[node.name]
            mine = [r for r in rows if r["evt.hostname"] == node.name]
            others = [r for r in rows if r["evt.hostname"] not in (node.name, "")]
            # the node's pod: its processes, by pid, on this node and no other
            self.assertIn(str(app.pid), {r["proc.pid"] for r in mine}, node.name)
            self.assertNotIn(str(app.pid), {r["proc.pid"] for r in others}, node.name)
            self.assertEqual({r["evt.hostname"] for r in rows
                              if r["k8s.pod.name"] == pod.name}, {node.name})
            # its share of the machine only: every process is in its cgroup subtree
            paths = {r["proc.cgroup.path"] for r in mine if r["proc.pid"]}
            self.assertTrue(paths)
            self.assertTrue(all(p.startswith(node.cgroup_root + "/") for p in paths), paths)
            # the pod's packets, on an interface named with the node
            pings = {r["frame.interface_name"] for r in rows
                     if r["icmp.type"] and r["k8s.pod.name"] == pod.name}
            self.assertEqual(pings, {f"{node.name}: shop/{pod.name} eth0"})
            # the clock offset, measured and reported: one kernel, one clock
            clock = [r for r in rows if r["podshark.node.event"] == "2" and
                     r["podshark.node.name"] == node.name]
            self.assertTrue(clock, f"no clock record for {node.name}")
            self.assertLess(abs(int(clock[0]["podshark.node.clock_offset"])), 50_000_000)

        # each node's statistics, on its own interface, add up (dumpcap
        # passes on the last block it read: a running total)
        names, isbs = interface_names(out), final_isbs(out)
        for node in self.cluster.nodes:
            c = isbs[names.index(f"{node.name}: podshark")]
            self.assertGreater(c[ISB_USRDELIV], 0, node.name)
            self.assertEqual(c[ISB_IFRECV], c[ISB_USRDELIV] + c[ISB_IFDROP] + c[ISB_OSDROP], c)

    # --- the extcap by hand: exact totals, and faults ----------------------------------

    def test_isbs_add_up_per_node(self):
        out = os.path.join(self.tmp, "exact.pcapng")
        p = self.start_extcap(out)
        for node in self.cluster.nodes:
            self.assertTrue(wait_for(self.node_started(node), 30), node.name)
        time.sleep(3)
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 0, err)
        # Wireshark shows whatever an extcap writes to stderr as an error
        self.assertEqual(err, "", "a normal stop writes nothing to stderr")
        self.assert_nothing_left()
        # the final block of each node's podshark interface counts exactly the
        # system calls of that node in the file
        names, final = interface_names(out), final_isbs(out)
        rows = self.rows(out, "podshark.record_type == 1")
        for node in self.cluster.nodes:
            c = final[names.index(f"{node.name}: podshark")]
            calls = sum(1 for r in rows if r["evt.hostname"] == node.name)
            self.assertGreater(calls, 0, node.name)
            self.assertEqual(c[ISB_USRDELIV], calls, node.name)
            self.assertEqual(c[ISB_IFRECV], c[ISB_USRDELIV] + c[ISB_IFDROP] + c[ISB_OSDROP])
        ended = {r["podshark.node.name"] for r in self.rows(out, "podshark.node.event == 4")}
        self.assertEqual(ended, {n.name for n in self.cluster.nodes})

    def test_sigkill_of_the_local_side(self):
        out = os.path.join(self.tmp, "killed.pcapng")
        p = self.start_extcap(out)
        for node in self.cluster.nodes:
            self.assertTrue(wait_for(self.node_started(node), 30), node.name)
        p.kill()
        p.communicate(timeout=10)
        self.assert_nothing_left()

    def fail_one(self, break_node, expect, restore=None):
        """node-b broken by break_node(node): node-a goes on, node-b is named."""
        node_a, node_b = self.cluster.nodes
        out = os.path.join(self.tmp, "fault.pcapng")
        p = self.start_extcap(out)
        try:
            self.assertTrue(wait_for(self.node_started(node_a), 30))
            broke_at = break_node(node_b)
            failed = lambda: any(r["podshark.node.event"] == "3"  # noqa: E731
                                 for r in self.rows(out, "podshark.node"))
            self.assertTrue(wait_for(failed, 30, 0.5), "no failure recorded")
            time.sleep(2)
            p.send_signal(signal.SIGTERM)
            _, err = p.communicate(timeout=30)
        finally:
            if p.poll() is None:
                p.kill()
            if restore:
                restore(node_b)
        self.assertEqual(p.returncode, 0, err)
        lines = [line for line in err.splitlines() if expect in line]
        self.assertTrue(lines, err)
        self.assertTrue(lines[0].startswith(f"podshark: {node_b.addr}: ") or
                        lines[0].startswith(f"podshark: {node_b.name}: "), lines[0])
        failed = [r for r in self.rows(out, "podshark.node.event == 3")]
        self.assertEqual(len({r["podshark.node.name"] for r in failed}), 1, failed)
        self.assertIn(expect, failed[0]["podshark.node.message"])
        # node-a went on after node-b failed
        late_a = [r for r in self.rows(out, f'evt.hostname == "{node_a.name}" && podshark')
                  if float(r["frame.time_epoch"]) > broke_at + 1]
        self.assertTrue(late_a, "nothing from node-a after node-b failed")
        self.assert_nothing_left()

    def test_refused_host_key(self):
        node_b = self.cluster.nodes[1]
        # known_hosts is read when ssh starts: break it before
        self.cluster.write_known_hosts(wrong_for=[node_b.name])
        try:
            self.fail_one(lambda node: time.time(), "Host key verification failed")
        finally:
            self.cluster.write_known_hosts()

    def test_no_podshark_on_a_node(self):
        node_b = self.cluster.nodes[1]
        link = os.path.join(node_b.bin, "podshark")
        os.unlink(link)
        try:
            self.fail_one(lambda node: time.time(), "no podshark to run on the node")
        finally:
            os.symlink(os.path.realpath(EXTCAP), link)

    def test_node_sshd_killed(self):
        def kill(node):
            self.assertTrue(wait_for(self.node_started(node), 30))
            node.kill_sshd()
            return time.time()

        def restart(node):
            node.stop()
            node.start(node.containerd.state)
        self.fail_one(kill, "cannot reach the node", restart)

    def test_network_cut(self):
        def cut(node):
            self.assertTrue(wait_for(self.node_started(node), 30))
            node.cut()
            return time.time()

        def restore(node):
            node.stop()
            node.start(node.containerd.state)
        # the node's podshark stops by itself: no heartbeat reaches it
        self.fail_one(cut, "cannot reach the node", restore)


if __name__ == "__main__":
    main()
