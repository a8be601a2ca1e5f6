# SPDX-License-Identifier: GPL-2.0-or-later
"""io_uring operations of a process in a pod: the same workload as
test_iouring.py, run in a real containerd pod (tests/lib/pods.py) and
connecting to a listener in the pod's own network namespace.  Every io_uring
frame, the SQPOLL thread's included, must carry the pod and the container."""
import os
import shutil
import signal
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import BUILD, EXTCAP, TempDir, main, require_root, tshark_fields, wait_for  # noqa: E402
from pods import Containerd, Pod  # noqa: E402
from test_iouring import FIELDS, check_operations  # noqa: E402

STATIC_OPS = os.path.join(BUILD, "tests", "iouring", "podshark-uring-ops-static")
PORT = 7077


class IoUringInPod(unittest.TestCase):
    def setUp(self):
        require_root(self)

    def test_operations_carry_the_pod(self):
        with TempDir() as tmp, Containerd() as cd:
            pod = Pod(cd, "iouring-0", "iouring-test", layout="systemd")
            app = pod.add_container("app", "docker.io/library/busybox:1.35", ["sleep", "120"])
            shutil.copy2(STATIC_OPS, os.path.join(app.rootfs, "bin", "uring-ops"))
            out = os.path.join(tmp, "pod.pcapng")
            cap = subprocess.Popen([EXTCAP, "--extcap-interface", "podshark", "--capture",
                                    "--fifo", out, "--no-packets", "--payload-snaplen", "64",
                                    "--pods", "iouring-test/iouring-0",
                                    "--containerd-state", cd.state],
                                   stderr=subprocess.PIPE, text=True)
            try:
                self.assertTrue(wait_for(lambda: os.path.exists(out) and
                                         os.path.getsize(out) > 0, 30))
                app.exec(["sh", "-c", f"nc -l -p {PORT} >/dev/null & sleep 0.5; "
                          f"uring-ops /tmp {PORT} now > /tmp/ops.txt"])
            finally:
                cap.send_signal(signal.SIGINT)
                _, err = cap.communicate(timeout=30)
            self.assertEqual(cap.returncode, 0, err)
            with open(os.path.join(app.rootfs, "tmp", "ops.txt")) as f:
                lines = [line.split() for line in f]
            self.assertEqual(lines[-1], ["done"])
            pid = int(lines[0][1])
            lines = lines[1:-1]
            rows = tshark_fields(out, FIELDS + ["k8s.pod.name", "k8s.ns.name",
                                                "container.name"],
                                 f"evt.is_io_uring && proc.vpid == {pid} && "
                                 f'k8s.pod.name == "iouring-0"')
            self.assertTrue(rows, "no io_uring frame of the pod")
            host_pid = rows[0]["proc.pid"]
            check_operations(self, rows, lines, pid, host_pid, "/tmp")
            for r in rows:
                self.assertEqual((r["k8s.ns.name"], r["container.name"]),
                                 ("iouring-test", "app"), r["_ws.col.Info"])


if __name__ == "__main__":
    main()
