# SPDX-License-Identifier: GPL-2.0-or-later
"""End to end: pods' packets in the same stream as the system calls, each packet
attributed to its pod and to the process that owns its socket.

Real containerd + runc pods (tests/lib/pods.py), each with a network namespace
of its own (`ip netns add`) that its containers join, wired to the test run's bridge
by veth pairs.  busybox `httpd` serves in web-0 (Kubernetes namespace shop);
`wget` fetches from it in load-0 (qa), a pod that exists before the capture, and
in late-0 (batch), a pod started while `tshark -i podshark` captures the whole
node.

What is true without podshark: which pod an interface belongs to (the test
made the namespaces: `stat` of /var/run/netns/<name> and the ifindex of eth0
inside), the addresses (10.213.<run>.<index>), how many fetches each client made
(the files wget saved) and which container a process ran in (the records'
container.id, checked against what the test gave containerd by tests/pods).

Process names, as a user sees them: Debian's busybox-static runs a command of
the shell (`wget ...` in `sh -c`) by executing /proc/self/exe, so the kernel
first names the process "exe" (the execve record shows proc.name "exe");
busybox then renames itself to the applet (prctl PR_SET_NAME), so its sockets,
and the packets they own, are "wget".  httpd, the container's own command, is
executed as /bin/httpd and serves each connection in a forked child: "httpd"
for both.

The capture stops when a marker path that the test opens after the workload
shows up in the capture file: the extcap may run seconds behind a busy node,
and a fixed duration would cut the end of the workload off.
"""
import os
import shutil
import signal
import subprocess
import sys
import time
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import (CI, PLUGINS, TSHARK_USER,  # noqa: E402
                           main, pcapng_blocks, require_root,
                           tshark_fields, wait_for)
from pods import BUSYBOX, Pod, PodCaptureTest, run  # noqa: E402

IMAGE = "docker.io/library/busybox:1.35"
PAGE = "/index.html"  # in httpd's document root, /tmp (a folder the rootfs has)
PAGE_BODY = "web-0 says hello\n" * 1200  # about 20 kB: several data segments each way
CLIENT_FETCHES = 10
LATE_FETCHES = 20
LATE_INTERVAL = 0.25
# The extcap looks for new interfaces in known namespaces once a second
# (extcap/capture.c RESCAN_NS): fetches that start later than this after the
# late pod's eth0 came up must be captured from their SYN.
RESCAN_MARGIN = 2.0
RING_MIB = 256  # the whole node's system calls, without loss on a busy host
MARKER_TIMEOUT = 120
IDB, IDB_NAME, IDB_DESCRIPTION = 1, 2, 3
LINKTYPE_ETHERNET = 1
FIELDS = ["frame.number", "frame.time_epoch", "frame.interface_name", "eth.type", "ip.src",
          "ip.dst", "tcp.srcport", "tcp.dstport", "tcp.flags", "k8s.pod.name", "k8s.ns.name",
          "container.id", "proc.pid", "proc.name", "evt.type", "evt.rawres", "fd.lport",
          "fd.rport", "podshark.flow.opened_in", "podshark.flow.first_packet"]
TOOLS = ("containerd", "ctr", "runc", "ip", "tshark")


def interface_blocks(path):
    """(name, description, link type) of each interface, in interface-id order."""
    ifaces = []
    for btype, body in pcapng_blocks(path):
        if btype != IDB:
            continue
        linktype = int.from_bytes(body[0:2], "little")
        opts, pos = {}, 8
        while pos + 4 <= len(body):
            code = int.from_bytes(body[pos:pos + 2], "little")
            olen = int.from_bytes(body[pos + 2:pos + 4], "little")
            if code == 0:
                break
            opts[code] = body[pos + 4:pos + 4 + olen].decode("utf-8", "replace")
            pos += 4 + ((olen + 3) & ~3)
        ifaces.append((opts.get(IDB_NAME, ""), opts.get(IDB_DESCRIPTION, ""), linktype))
    return ifaces


def description_value(desc, key):
    for part in desc.split("; "):
        k, _, v = part.partition("=")
        if k == key:
            return v
    return None


def syn_only(row):
    return row["tcp.flags"] != "" and int(row["tcp.flags"], 16) & 0x12 == 0x02


def percent(part, whole):
    return 100.0 * part / whole if whole else 0.0


class PodPackets(PodCaptureTest):
    @classmethod
    def can_run(cls):
        return super().can_run() and not cls.missing_tools()

    @staticmethod
    def missing_tools():
        return [t for t in TOOLS if not shutil.which(t)] + \
            ([] if os.path.exists(BUSYBOX) else [BUSYBOX])

    @classmethod
    def capture_and_read(cls):
        started = time.monotonic()
        cls.start_containerd()
        cls.server = Pod(cls.cd, "web-0", "shop", layout="systemd", qos="besteffort")
        cls.server_ip = cls.server.connect(2)
        cls.httpd = cls.server.add_container("httpd", IMAGE,
                                             ["httpd", "-f", "-p", "80", "-h", "/tmp"])
        with open(os.path.join(cls.httpd.rootfs, "tmp", PAGE.lstrip("/")), "w") as f:
            f.write(PAGE_BODY)
        cls.client = Pod(cls.cd, "load-0", "qa", layout="cgroupfs", qos="burstable")
        cls.client_ip = cls.client.connect(3)
        cls.wget = cls.client.add_container("client", IMAGE, ["sleep", "2147483647"])

        tshark = cls.start_capture(RING_MIB)
        try:
            # what a user waits for: the pods' interfaces listed in the capture
            names = {f"{p.namespace}/{p.name} eth0" for p in (cls.server, cls.client)}
            if not wait_for(lambda: names <= {i[0] for i in interface_blocks(cls.capture)}
                            if os.path.exists(cls.capture) else False, 60, 0.2):
                raise AssertionError("no interface for the pods' eth0 in the capture")
            cls.run_workload()
            cls.caught_up = cls.wait_for_marker()
        finally:
            if tshark.poll() is None:
                tshark.send_signal(signal.SIGINT)
            _, err = tshark.communicate(timeout=120)
        cls.tshark_rc, cls.tshark_err = tshark.returncode, err
        cls.cd.stop()

        cls.ifaces = interface_blocks(cls.capture)
        pods = ", ".join(f'"{p.name}"' for p in cls.pods)
        cls.rows = tshark_fields(cls.capture, FIELDS, f"eth or k8s.pod.name in {{{pods}}}")
        cls.by_frame = {r["frame.number"]: r for r in cls.rows}
        # the filtered re-save, written by tshark-user.sh's unprivileged tshark
        out = os.path.join(cls.tmp, "out")
        os.mkdir(out)
        os.chmod(out, 0o777)
        cls.some = os.path.join(out, "some.pcapng")
        r = subprocess.run([TSHARK_USER, PLUGINS, "-r", cls.capture, "-Y",
                            f'k8s.pod.name == "{cls.client.name}"', "-w", cls.some],
                           capture_output=True, text=True, timeout=300)
        cls.resave_rc, cls.resave_err = r.returncode, r.stderr
        cls.some_rows = tshark_fields(cls.some, FIELDS) if r.returncode == 0 else []
        print(f"\n{os.path.getsize(cls.capture) >> 20} MiB captured; setup, capture and "
              f"reading took {time.monotonic() - started:.1f} s", file=sys.stderr)

    @classmethod
    def run_workload(cls):
        url = f"http://{cls.server_ip}{PAGE}"
        cls.wget.exec(["sh", "-c", f"i=0; while [ $i -lt {CLIENT_FETCHES} ]; do i=$((i + 1)); "
                                   f"wget -q -O /tmp/page.$i {url}; done"])
        cls.client_pages = cls.read_pages(cls.wget, CLIENT_FETCHES)
        # late-0: sandbox, then its network (as CNI does), then the app, which
        # fetches right away and keeps fetching
        cls.late = Pod(cls.cd, "late-0", "batch", layout="systemd", qos="guaranteed")
        cls.late_ip = cls.late.connect(4)
        cls.late_up = time.time()
        cls.runner = cls.late.add_container(
            "runner", IMAGE,
            ["sh", "-c", f"i=0; while [ $i -lt {LATE_FETCHES} ]; do i=$((i + 1)); "
                         f"wget -q -O /tmp/page.$i {url}; sleep {LATE_INTERVAL}; done; "
                         "touch /tmp/done; exec sleep 2147483647"])
        done = os.path.join(cls.runner.rootfs, "tmp", "done")
        wait_for(lambda: os.path.exists(done), LATE_FETCHES * (LATE_INTERVAL + 2) + 10)
        cls.late_pages = cls.read_pages(cls.runner, LATE_FETCHES)
        cls.pods = [cls.server, cls.client, cls.late]
        cls.netns = {p.name: os.stat(p.netns_path).st_ino for p in cls.pods}
        cls.ifindex = {p.name: int(run("ip", "netns", "exec", p.netns, "cat",
                                       "/sys/class/net/eth0/ifindex").stdout)
                       for p in cls.pods}

    @staticmethod
    def read_pages(container, n):
        pages = []
        for i in range(1, n + 1):
            try:
                with open(os.path.join(container.rootfs, "tmp", f"page.{i}")) as f:
                    pages.append(f.read())
            except OSError:
                pages.append(None)
        return pages

    @classmethod
    def wait_for_marker(cls):
        """Opens a path no one else names until the capture file holds it."""
        marker = f"/podshark-podnet-end-{uuid.uuid4().hex}"
        found, offset, end = False, 0, time.monotonic() + MARKER_TIMEOUT
        with open(cls.capture, "rb") as f:
            while not found and time.monotonic() < end:
                try:
                    open(marker).close()
                except FileNotFoundError:
                    pass
                time.sleep(0.5)
                f.seek(max(offset - len(marker), 0))
                chunk = f.read()
                offset = f.tell()
                found = marker.encode() in chunk
        return found

    @classmethod
    def tearDownClass(cls):
        keep = os.environ.get("PODSHARK_KEEP_CAPTURE")  # a file name, to look at a failure
        if keep and cls.tmp and os.path.exists(os.path.join(cls.tmp, "all.pcapng")):
            shutil.copy(os.path.join(cls.tmp, "all.pcapng"), keep)
        super().tearDownClass()

    def setUp(self):
        require_root(self)
        missing = self.missing_tools()
        if missing:
            if CI:
                self.fail(f"CI=true but {', '.join(missing)} missing: this test must run")
            raise unittest.SkipTest(f"needs {', '.join(missing)} (containerd, runc, "
                                    "busybox-static, iproute2, tshark)")

    # helpers over the rows

    def iface_name(self, pod):
        return f"{pod.namespace}/{pod.name} eth0"

    def exchange(self, pod, rows=None):
        """Packets of the HTTP exchanges on pod's interface."""
        return [r for r in (self.rows if rows is None else rows)
                if r["frame.interface_name"] == self.iface_name(pod) and r["eth.type"] and
                self.server_ip in (r["ip.src"], r["ip.dst"]) and
                "80" in (r["tcp.srcport"], r["tcp.dstport"])]

    def pids_of(self, container, name):
        """Processes named name that the records place in container."""
        return {r["proc.pid"] for r in self.rows if not r["eth.type"] and
                r["container.id"] == container.short_id and r["proc.name"] == name}

    def owned(self, rows, container, name):
        pids = self.pids_of(container, name)
        return [r for r in rows if r["proc.name"] == name and r["proc.pid"] in pids and
                r["container.id"] == container.short_id]

    def client_syns(self, pod, rows=None):
        ip = self.client_ip if pod is self.client else self.late_ip
        return [r for r in self.exchange(pod, rows) if syn_only(r) and r["ip.src"] == ip]

    def connects(self, container):
        return [r for r in self.rows if not r["eth.type"] and r["evt.type"] == "connect" and
                r["container.id"] == container.short_id and r["fd.rport"] == "80"]

    # the tests

    def test_capture_and_workload(self):
        self.assertEqual(self.tshark_rc, 0, self.tshark_err)
        self.assertTrue(self.caught_up, "the marker never reached the capture file")
        self.assertEqual(self.client_pages, [PAGE_BODY] * CLIENT_FETCHES)
        self.assertEqual(self.late_pages, [PAGE_BODY] * LATE_FETCHES)

    def test_each_pod_has_its_interface(self):
        for pod in self.pods:
            mine = [(d, t) for n, d, t in self.ifaces if n == self.iface_name(pod)]
            self.assertEqual(len(mine), 1, (self.iface_name(pod), [i[0] for i in self.ifaces]))
            desc, linktype = mine[0]
            self.assertEqual(linktype, LINKTYPE_ETHERNET)
            # the interface is the one the test made, in the pod's namespace
            self.assertEqual(description_value(desc, "proc.ns.net"), str(self.netns[pod.name]))
            self.assertEqual(description_value(desc, "if.index"), str(self.ifindex[pod.name]))
            self.assertEqual(description_value(desc, "k8s.pod.uid"), pod.uid)

    def test_every_exchange_packet_carries_its_pod(self):
        for pod in self.pods:
            packets = self.exchange(pod)
            right = [r for r in packets if r["k8s.pod.name"] == pod.name and
                     r["k8s.ns.name"] == pod.namespace]
            print(f"pod fields, {self.iface_name(pod)}: {len(right)}/{len(packets)} "
                  f"({percent(len(right), len(packets)):.1f} %)", file=sys.stderr)
            self.assertGreater(len(packets), 0, pod.name)
            self.assertEqual(len(right), len(packets),
                             [r for r in packets if r not in right][:3])

    def test_every_fetch_is_on_both_interfaces(self):
        connects = {c["fd.lport"] for c in self.connects(self.wget)}
        self.assertEqual(len(connects), CLIENT_FETCHES)
        for pod in (self.client, self.server):
            ports = {r["tcp.srcport"] for r in self.exchange(pod) if syn_only(r) and
                     r["ip.src"] == self.client_ip}
            self.assertEqual(sorted(connects - ports), [],
                             f"fetches whose SYN is missing on {self.iface_name(pod)} while "
                             "their connect() was recorded: packets lost")

    def check_owner(self, side, pods, container, name):
        total = owned = 0
        for pod in pods:
            packets = self.exchange(pod)
            good = self.owned(packets, container, name)
            print(f"owner {name}, {self.iface_name(pod)}: {len(good)}/{len(packets)} "
                  f"({percent(len(good), len(packets)):.1f} %); others: "
                  f"{sorted({(r['proc.name'], r['container.id']) for r in packets})}",
                  file=sys.stderr)
            total += len(packets)
            owned += len(good)
        print(f"owner {side} side: {owned}/{total} ({percent(owned, total):.1f} %)",
              file=sys.stderr)
        self.assertGreater(total, 0)
        self.assertGreaterEqual(percent(owned, total), 90.0, f"{side} side")

    def test_client_packets_carry_wget(self):
        self.check_owner("client", [self.client], self.wget, "wget")
        self.check_owner("late client", [self.late], self.runner, "wget")

    def test_server_packets_carry_httpd(self):
        self.check_owner("server", [self.server], self.httpd, "httpd")

    def test_every_client_syn_carries_wget(self):
        for pod, container in ((self.client, self.wget), (self.late, self.runner)):
            syns = self.client_syns(pod)
            good = self.owned(syns, container, "wget")
            print(f"client SYNs with wget, {self.iface_name(pod)}: {len(good)}/{len(syns)} "
                  f"({percent(len(good), len(syns)):.1f} %)", file=sys.stderr)
            self.assertGreater(len(syns), 0, pod.name)
            self.assertEqual(len(good), len(syns), [r for r in syns if r not in good][:3])

    def test_pod_started_during_capture_carries_packets(self):
        packets = self.exchange(self.late)
        syns = self.client_syns(self.late)
        self.assertTrue(packets, "no exchange packet on " + self.iface_name(self.late))
        first = min(float(r["frame.time_epoch"]) for r in self.rows
                    if r["frame.interface_name"] == self.iface_name(self.late))
        connects = self.connects(self.runner)
        late = [c for c in connects if float(c["frame.time_epoch"]) >= self.late_up +
                RESCAN_MARGIN]
        print(f"late-0: eth0 up, first packet captured {first - self.late_up:.2f} s later; "
              f"{len(syns)} of {len(connects)} connects (of {LATE_FETCHES} fetches) have "
              f"their SYN", file=sys.stderr)
        self.assertEqual(len(connects), LATE_FETCHES)
        self.assertTrue(late)
        ports = {r["tcp.srcport"] for r in syns}
        self.assertEqual([c["fd.lport"] for c in late if c["fd.lport"] not in ports], [],
                         f"fetches {RESCAN_MARGIN} s after eth0 came up without their SYN")

    def syn_of(self, pod, connect):
        """The SYN of a connect: the first one from its local port after the pod's
        previous connect from that port (ephemeral ports come round again in a
        capture: 20 fetches to one server have reused one)."""
        port, frame = connect["fd.lport"], int(connect["frame.number"])
        before = [int(r["frame.number"]) for r in self.rows if not r["eth.type"] and
                  r["evt.type"] == "connect" and r["k8s.pod.name"] == pod.name and
                  r["fd.lport"] == port and int(r["frame.number"]) < frame]
        after = max(before, default=0)
        syns = [r for r in self.client_syns(pod) if r["tcp.srcport"] == port and
                after < int(r["frame.number"]) < frame]
        return min(syns, key=lambda r: int(r["frame.number"]), default=None)

    def check_links(self, pod, connects):
        ports = [c["fd.lport"] for c in connects]
        print(f"{self.iface_name(pod)}: {len(ports) - len(set(ports))} of {len(ports)} "
              f"connects reused an earlier one's local port", file=sys.stderr)
        for c in connects:
            syn = self.syn_of(pod, c)
            self.assertIsNotNone(syn, ("no SYN for", c))
            # connect() -> its first packet: the SYN on the pod's interface
            self.assertEqual(c["podshark.flow.first_packet"], syn["frame.number"], c)
            # the SYN -> a record of the same process (its SOCK record or the connect)
            opened_in = self.by_frame.get(syn["podshark.flow.opened_in"])
            self.assertIsNotNone(opened_in, syn)
            self.assertFalse(opened_in["eth.type"], opened_in)
            self.assertEqual(opened_in["proc.pid"], c["proc.pid"], (syn, opened_in, c))
            self.assertLessEqual(int(opened_in["frame.number"]), int(syn["frame.number"]))

    def test_connect_and_syn_link_both_ways(self):
        connects = self.connects(self.wget)
        self.assertEqual(len(connects), CLIENT_FETCHES)
        self.assertEqual({c["proc.name"] for c in connects}, {"wget"})
        self.check_links(self.client, connects)
        self.check_links(self.late, [c for c in self.connects(self.runner) if
                                     float(c["frame.time_epoch"]) >= self.late_up +
                                     RESCAN_MARGIN])

    def test_filtered_resave_keeps_pod_fields(self):
        self.assertEqual(self.resave_rc, 0, self.resave_err)
        want = [r for r in self.rows if r["k8s.pod.name"] == self.client.name]
        self.assertEqual(len(self.some_rows), len(want))
        wrong = [r for r in self.some_rows if r["k8s.pod.name"] != self.client.name or
                 r["k8s.ns.name"] != self.client.namespace]
        self.assertEqual(wrong[:3], [])
        packets = [r for r in self.some_rows if r["eth.type"]]
        self.assertEqual(len(packets), len([r for r in want if r["eth.type"]]))
        self.assertEqual(len(self.exchange(self.client, self.some_rows)),
                         len(self.exchange(self.client)))
        self.assertTrue([r for r in self.some_rows if r["evt.type"] == "connect"])
        syns = self.client_syns(self.client, self.some_rows)
        print(f"some.pcapng: {len(packets)} packets and {len(self.some_rows) - len(packets)} "
              f"records of {self.client.name}; client SYNs with wget there: "
              f"{len([r for r in syns if r['proc.name'] == 'wget'])}/{len(syns)}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
