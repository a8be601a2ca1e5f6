# SPDX-License-Identifier: GPL-2.0-or-later
"""podshark-k8s end to end, with the real kubectl (1.32) against a STAND-IN
API server (tests/cluster/standin_apiserver.py: discovery, pods with label
and field selectors, exec over WebSocket v5.channel.k8s.io).  No Kubernetes
control plane can be installed here; everything after the API call is real:
the exec runs the real podshark in the stand-in node (tests/cluster/
ssh_nodes.py: its network namespace, NODE_NAME as the downward API gives it,
a host name that is the DaemonSet pod's, not the node's), with real
containerd pods on each node in their own cgroup subtrees.

What is known without podshark: which node each pod runs on (the test placed
them, and told the stand-in), the pods' init pids, the DaemonSet pods' names.
"""
import os
import shutil
import signal
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from podshark_test import (BUILD, CI, EXTCAP, TempDir, install_extcap_for,  # noqa: E402
                           main, require_root, tshark_fields, wait_for)
from ssh_nodes import NodesWithPods  # noqa: E402
from standin_apiserver import StandinApiServer  # noqa: E402
from test_ssh_cluster import interface_names  # noqa: E402

DAEMONSET_LABELS = {"app.kubernetes.io/name": "podshark"}
# A node whose clock is ahead: libfaketime moves CLOCK_REALTIME of the node's
# podshark (multi-threaded: libfaketimeMT), not CLOCK_MONOTONIC.
SKEW_S = 0.4
# The kubectl make test fetches (scripts/fetch-kubectl.sh): podshark-k8s runs
# "kubectl" from PATH, as a user's would.
KUBECTL_DIR = os.path.join(BUILD, "tools")
FAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"
FIELDS = ["frame.time_epoch", "frame.interface_name", "evt.hostname", "k8s.pod.name",
          "proc.pid", "podshark.node.event", "podshark.node.name", "podshark.node.clock_offset"]


class K8sClusterTest(NodesWithPods, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmpdir = cls.api = None
        if os.geteuid() != 0:
            return
        os.environ["PATH"] = KUBECTL_DIR + os.pathsep + os.environ.get("PATH", "")
        if not shutil.which("kubectl"):
            reason = "no kubectl: make test fetches it (scripts/fetch-kubectl.sh)"
            if CI:
                raise AssertionError(reason)
            raise unittest.SkipTest(reason)
        try:
            cls.tmpdir = TempDir()
            cls.tmp = cls.tmpdir.__enter__()
            cls.start_nodes(os.path.realpath(EXTCAP), sshd=False)
            nodes = {n.name: n for n in cls.cluster.nodes}
            pods = []
            for node in cls.cluster.nodes:
                pods.append({"name": f"podshark-{node.name[-1]}x7k", "namespace": "podshark",
                             "node": node.name, "labels": DAEMONSET_LABELS,
                             "container": "podshark"})
                pod, _ = cls.pods[node.name]
                pods.append({"name": pod.name, "namespace": pod.namespace, "node": node.name,
                             "labels": {"app": "web"}})
            cls.daemon_pods = {p["node"]: p["name"] for p in pods
                               if p["namespace"] == "podshark"}
            cls.node_env = {}  # node name -> extra environment of its exec'd processes
            cls.api = StandinApiServer(
                pods, lambda pod, argv: nodes[pod["node"]].spawn(
                    argv, hostname=pod["name"], extra_env=cls.node_env.get(pod["node"])))
            cls.api.__enter__()
            cls.kubeconfig = os.path.join(cls.tmp, "kubeconfig")
            cls.api.kubeconfig(cls.kubeconfig)
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.api:
            cls.api.__exit__(None, None, None)
        cls.stop_nodes()
        if cls.tmpdir:
            cls.tmpdir.__exit__(None, None, None)

    def setUp(self):
        require_root(self)
        self.node_pids = set()

    def start_extcap(self, out, *extra):
        return subprocess.Popen(
            [EXTCAP, "--extcap-interface", "podshark-k8s", "--capture", "--fifo", out,
             "--kubeconfig", self.kubeconfig, "--no-packets", *extra],
            stderr=subprocess.PIPE, text=True, env=dict(os.environ, HOME=self.tmp))

    def test_tshark_all_nodes(self):
        home = os.path.join(self.tmp, "home")
        install_extcap_for(home)
        out = os.path.join(self.tmp, "k8s.pcapng")
        tshark = subprocess.Popen(
            ["tshark", "-q", "-i", "podshark-k8s",
             "-o", f"extcap.podshark_k8s.kubeconfig:{self.kubeconfig}",
             "-o", "extcap.podshark_k8s.allnodes:true", "-a", "duration:8", "-w", out],
            env=dict(os.environ, HOME=home), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        for node in self.cluster.nodes:
            self.assertTrue(wait_for(self.node_started(node), 30), node.name)
        _, err = tshark.communicate(timeout=120)
        self.assertEqual(tshark.returncode, 0, err)
        self.assert_nothing_left()
        rows = tshark_fields(out, FIELDS)
        self.assert_time_order(rows)
        for node in self.cluster.nodes:
            pod, app = self.pods[node.name]
            mine = [r for r in rows if r["evt.hostname"] == node.name]
            # evt.hostname is NODE_NAME, not the DaemonSet pod's host name
            self.assertTrue(mine, node.name)
            self.assertNotIn(self.daemon_pods[node.name], {r["evt.hostname"] for r in rows})
            self.assertIn(str(app.pid), {r["proc.pid"] for r in mine})
            self.assertEqual({r["evt.hostname"] for r in rows
                              if r["k8s.pod.name"] == pod.name}, {node.name})
            self.assertIn(f"{node.name}: podshark", interface_names(out))
            self.assertIn(f"{node.name}: shop/{pod.name} eth0", interface_names(out))
        # what kubectl asked the API server: the DaemonSet's pods by label, then exec
        self.assertTrue(any("labelSelector=app.kubernetes.io%2Fname%3Dpodshark" in r
                            for r in self.api.requests))

    def test_nodes_of_the_selected_pods(self):
        """--pods alone: the node that runs the pod (spec.nodeName), no other."""
        node_b = self.cluster.nodes[1]
        pod_b, _ = self.pods[node_b.name]
        out = os.path.join(self.tmp, "pods.pcapng")
        p = self.start_extcap(out, "--pods", f"shop/{pod_b.name}")
        self.assertTrue(wait_for(self.node_started(node_b), 30))
        time.sleep(3)
        self.assertFalse(self.node_podsharks(self.cluster.nodes[0]))
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 0, err)
        self.assert_nothing_left()
        rows = tshark_fields(out, FIELDS, "podshark")
        self.assertEqual({r["evt.hostname"] for r in rows}, {node_b.name})
        self.assertEqual({r["k8s.pod.name"] for r in rows if r["k8s.pod.name"]}, {pod_b.name})

    def test_clock_offset_measured_not_applied(self):
        """node-b's clock runs SKEW_S ahead: the capture says so, keeps node-b's
        timestamps as they are, and is in time order."""
        if not os.path.exists(FAKETIME):
            self.fail("libfaketime is missing (scripts/install-deps.sh test)")
        node_a, node_b = self.cluster.nodes
        self.node_env[node_b.name] = {"LD_PRELOAD": FAKETIME, "FAKETIME": f"+{SKEW_S}",
                                      "DONT_FAKE_MONOTONIC": "1"}
        out = os.path.join(self.tmp, "skew.pcapng")
        try:
            p = self.start_extcap(out, "--all-nodes")
            for node in self.cluster.nodes:
                self.assertTrue(wait_for(self.node_started(node), 30), node.name)
            time.sleep(5)
            p.send_signal(signal.SIGTERM)
            _, err = p.communicate(timeout=30)
        finally:
            del self.node_env[node_b.name]
        self.assertEqual(p.returncode, 0, err)
        self.assertNotIn("out of time order", err)
        self.assert_nothing_left()
        offsets = {r["podshark.node.name"]: int(r["podshark.node.clock_offset"]) / 1e9
                   for r in tshark_fields(out, FIELDS, "podshark.node.event == 4")}
        # less the one-way delay (a few ms here), on a loaded machine: 0.1 s of room
        self.assertLess(abs(offsets[node_a.name]), 0.1, offsets)
        self.assertLess(abs(offsets[node_b.name] - SKEW_S), 0.1, offsets)
        rows = tshark_fields(out, FIELDS)
        self.assert_time_order(rows)
        # not applied: node-b's last frame is stamped ahead of node-a's by about the skew
        last = {n.name: max(float(r["frame.time_epoch"]) for r in rows
                            if r["evt.hostname"] == n.name and r["proc.pid"])
                for n in self.cluster.nodes}
        self.assertGreater(last[node_b.name] - last[node_a.name], SKEW_S / 2, last)

    def test_every_node_needs_all_nodes(self):
        p = self.start_extcap(os.path.join(self.tmp, "refused.pcapng"))
        _, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("--all-nodes to capture every node", err)

    def test_sigkill_of_the_local_side(self):
        p = self.start_extcap(os.path.join(self.tmp, "killed.pcapng"), "--nodes", "node-*")
        for node in self.cluster.nodes:
            self.assertTrue(wait_for(self.node_started(node), 30), node.name)
        p.kill()
        p.communicate(timeout=10)
        self.assert_nothing_left()


if __name__ == "__main__":
    main()
