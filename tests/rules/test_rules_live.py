# SPDX-License-Identifier: GPL-2.0-or-later
"""End to end: Falco rules over a live capture of a real containerd pod.

While `tshark -i podshark` captures, the test runs in its pod a shell
(`ctr task exec ... sh -c ...`), a read of /etc/shadow (cat) and an outbound
connection (nc to a listener of the test on the pod bridge's host side).
Reading the capture with live_rules.yaml as podshark.falco_rules, each rule
must mark, in the test's container, the frames of what the test did, and only
those: which frames those are is worked out from the capture's own fields
(call, process, container), not from the rule fields.  The capture is of the
whole node: other containers on it may break the rules as well, the host must
not (every rule is about containers).  The profile button "Rule hits" selects the union.

PODSHARK_RULES_KEEP_CAPTURE=PATH keeps the capture there (for a screenshot).
"""
import os
import shutil
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "profiles"))
from check_profile import read_uat  # noqa: E402
from podshark_test import (PLUGINS, SOURCE, TSHARK_USER, main, require_root,  # noqa: E402
                           wait_for)
from pods import Network, Pod, PodCaptureTest  # noqa: E402

CAPTURE_SECONDS = 12
PORT = 47161  # the listener on the bridge's host side
BRIDGE_INDEX = 61  # the pod's address on the run's bridge: 10.213.<run>.61
SHADOW = "root:$6$podshark-rules-test$:19000:0:99999:7:::\n"
FIELDS = ["frame.number", "evt.type", "evt.res", "proc.name", "container.id", "fd.name",
          "k8s.pod.name", "podshark.rule.name"]


def listen_once(ready, address):
    """Accepts connections on address:PORT until the capture ends."""
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((address, PORT))
    srv.listen(4)
    srv.settimeout(1)
    ready.set()
    deadline = time.monotonic() + CAPTURE_SECONDS + 30
    while time.monotonic() < deadline:
        try:
            conn, _ = srv.accept()
            conn.close()
        except socket.timeout:
            continue
    srv.close()


class RulesLive(PodCaptureTest):
    @classmethod
    def capture_and_read(cls):
        cls.start_containerd()
        cls.pod = Pod(cls.cd, "rules-web-0", "rules-shop", layout="systemd")
        cls.pod.connect(BRIDGE_INDEX)
        cls.gateway = Network.gateway()  # the listener's address; gone with the pods
        cls.app = cls.pod.add_container("app", "docker.io/library/busybox:1.35",
                                        ["sleep", "2147483647"])
        with open(os.path.join(cls.app.rootfs, "etc", "shadow"), "w") as f:
            f.write(SHADOW)
        ready = threading.Event()
        listener = threading.Thread(target=listen_once, args=(ready, cls.gateway), daemon=True)
        listener.start()
        ready.wait(10)

        tshark = cls.start_capture(256, CAPTURE_SECONDS)
        if not wait_for(lambda: os.path.exists(cls.capture) and
                        os.path.getsize(cls.capture) > 0, 30):
            tshark.kill()
            raise AssertionError("tshark -i podshark wrote nothing: " + tshark.stderr.read())
        time.sleep(1)
        # a shell in the container that reads /etc/shadow, then an outbound connection
        cls.app.exec(["sh", "-c", "cat /etc/shadow > /tmp/shadow.out; echo done"])
        cls.app.exec(["nc", "-w", "2", cls.gateway, str(PORT)], check=False)
        with open(os.path.join(cls.app.rootfs, "tmp", "shadow.out")) as f:
            cls.shadow_read = f.read()
        _, err = tshark.communicate(timeout=CAPTURE_SECONDS + 60)
        cls.tshark_rc, cls.tshark_err = tshark.returncode, err
        cls.cd.stop()
        if os.environ.get("PODSHARK_RULES_KEEP_CAPTURE"):
            shutil.copyfile(cls.capture, os.environ["PODSHARK_RULES_KEEP_CAPTURE"])

        rules = os.path.join(cls.tmp, "live_rules.yaml")
        with open(os.path.join(HERE, "live_rules.yaml")) as src, open(rules, "w") as dst:
            dst.write(src.read())
        os.chmod(rules, 0o644)
        os.chmod(cls.tmp, 0o755)
        cls.rules_opt = f"podshark.falco_rules:{rules}"
        cls.rows = cls.read(FIELDS, f'container.id == "{cls.app.short_id}"')
        cls.host_hits = cls.read(["frame.number"], 'podshark.rule && container.id == "host"')

    @classmethod
    def read(cls, fields, display_filter):
        args = ["-o", cls.rules_opt, "-T", "fields", "-E", "occurrence=a", "-E",
                "aggregator=;", "-Y", display_filter]
        for f in fields:
            args += ["-e", f]
        r = subprocess.run([TSHARK_USER, PLUGINS, "-r", cls.capture, *args],
                           capture_output=True, text=True, timeout=300)
        if r.returncode:
            raise AssertionError(f"tshark failed: {r.stderr}")
        cls.load_messages = r.stderr
        return [dict(zip(fields, line.split("\t"))) for line in r.stdout.splitlines()]

    def setUp(self):
        require_root(self)

    def hits(self, rule):
        return {int(r["frame.number"]) for r in self.rows
                if rule in r["podshark.rule.name"].split(";")}

    def test_capture_worked(self):
        self.assertEqual(self.tshark_rc, 0, self.tshark_err)
        self.assertEqual(self.shadow_read, SHADOW)

    def test_rules_load_without_messages(self):
        self.assertEqual(self.load_messages.strip(), "")

    def test_shell_in_container(self):
        # what the test did: ctr exec started sh (its execve returns as "sh")
        shells = {int(r["frame.number"]) for r in self.rows
                  if r["evt.type"] == "execve" and r["proc.name"] == "sh"
                  and r["evt.res"] == "SUCCESS"}
        self.assertGreaterEqual(len(shells), 1)
        self.assertEqual(self.hits("Terminal shell in container"), shells)

    def test_shadow_read(self):
        reads = {int(r["frame.number"]) for r in self.rows
                 if r["evt.type"] in ("open", "openat") and r["fd.name"] == "/etc/shadow"
                 and r["proc.name"] == "cat" and r["evt.res"] == "SUCCESS"}
        self.assertGreaterEqual(len(reads), 1)
        self.assertEqual(self.hits("Read sensitive file untrusted"), reads)

    def test_outbound_connection(self):
        connects = {int(r["frame.number"]) for r in self.rows
                    if r["evt.type"] == "connect" and r["proc.name"] == "nc"
                    and r["fd.name"].endswith(f"->{self.gateway}:{PORT}")}
        self.assertGreaterEqual(len(connects), 1)
        self.assertEqual(self.hits("Outbound connection from container"), connects)

    def test_no_rule_fires_on_the_host(self):
        self.assertEqual(self.host_hits, [])

    def test_output_names_the_pod(self):
        outputs = self.read(["podshark.rule.output"],
                            'podshark.rule.name == "Terminal shell in container" && '
                            f'container.id == "{self.app.short_id}"')
        self.assertTrue(outputs)
        for o in outputs:
            self.assertIn(f"container_id={self.app.short_id}", o["podshark.rule.output"])
            self.assertIn("k8s.ns=rules-shop k8s.pod=rules-web-0", o["podshark.rule.output"])

    def test_profile_button_selects_the_hits(self):
        buttons = {label: text for _, (_, label, text, _) in read_uat(
            os.path.join(SOURCE, "profiles", "podshark-k8s-security", "dfilter_buttons"), 4)}
        # the node's other containers (other tests) may break the rules too
        selected = {int(r["frame.number"]) for r in self.read(
            ["frame.number"], f'({buttons["Rule hits"]}) && container.id == "{self.app.short_id}"')}
        hit = {int(r["frame.number"]) for r in self.rows if r["podshark.rule.name"]}
        self.assertEqual(selected, hit)


if __name__ == "__main__":
    main()
