# SPDX-License-Identifier: GPL-2.0-or-later
"""--pods keeps one pod's system calls and leaves the others, and the host's, out
(decided in the kernel); a container of the selected pod started during the
capture joins."""
import os
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import EXTCAP, TempDir, main, require_root, tshark_fields, wait_for  # noqa: E402
from pods import Containerd, Pod  # noqa: E402

LOOP = "while true; do cat /etc/hostname >/dev/null; sleep 0.2; done"


class PodSelection(unittest.TestCase):
    def setUp(self):
        require_root(self)

    def test_only_the_selected_pod(self):
        with TempDir() as tmp, Containerd() as cd:
            web = Pod(cd, "web-0", "shop", layout="systemd")
            web.add_container("app", "docker.io/library/busybox:1.35", ["sh", "-c", LOOP])
            ledger = Pod(cd, "ledger-0", "billing", layout="cgroupfs")
            ledger.add_container("worker", "docker.io/library/busybox:1.35", ["sh", "-c", LOOP])
            out = os.path.join(tmp, "web.pcapng")
            p = subprocess.Popen([EXTCAP, "--extcap-interface", "podshark", "--capture",
                                  "--fifo", out, "--no-packets", "--pods", "shop/web-*",
                                  "--containerd-state", cd.state],
                                 stderr=subprocess.PIPE, text=True)
            try:
                self.assertTrue(wait_for(lambda: os.path.exists(out) and
                                         os.path.getsize(out) > 0, 30))
                time.sleep(1)
                # a second container of the selected pod, started during the capture
                web.add_container("sidecar", "docker.io/library/busybox:1.35",
                                  ["sh", "-c", LOOP])
                time.sleep(2)
                subprocess.run(["ls", "/"], capture_output=True)  # a host process
            finally:
                p.send_signal(signal.SIGINT)
                _, err = p.communicate(timeout=20)
            self.assertEqual(p.returncode, 0, err)
            rows = tshark_fields(out, ["k8s.pod.name", "k8s.ns.name", "container.name",
                                       "container.id", "proc.name"],
                                 "podshark.record_type == 1")
            by_pod = {}
            for r in rows:
                key = (r["k8s.ns.name"], r["k8s.pod.name"]) if r["container.id"] != "host" \
                    else ("host", "")
                by_pod[key] = by_pod.get(key, 0) + 1
            print("system calls by pod:", by_pod)
            self.assertGreater(by_pod.get(("shop", "web-0"), 0), 0)
            self.assertEqual(set(by_pod), {("shop", "web-0")}, by_pod)
            containers = {r["container.name"] for r in rows}
            self.assertIn("app", containers)
            self.assertIn("sidecar", containers, "the container started during the capture")
            for pod in (web, ledger):
                pod.stop()


if __name__ == "__main__":
    main()
