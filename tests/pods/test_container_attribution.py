# SPDX-License-Identifier: GPL-2.0-or-later
"""End to end: real containerd pods, captured through `tshark -i podshark`; every
system call of a container process must carry its pod and container.

Two pods in different Kubernetes namespaces run before the capture (one in the
systemd cgroup layout, one in the cgroupfs layout), a third starts during it.
Which records belong to which container is known without podshark: each
container has a mount and a pid namespace of its own, whose inodes
`stat /proc/PID/ns/*` gives (both: the kernel reuses a freed namespace's inode,
and `ip netns add` makes a short-lived mount namespace whose inode the next
container gets).  The test checks separately that the records' proc.ns.* equal
those inodes.  Expected metadata is what the test itself gave containerd.

Records of runc's own stages ("runc", "runc:[0:PARENT]", ...) are left out of
the percentages: they belong to the runtime, and a `runc exec` joins the
container's namespaces before the container's cgroup, so by cgroup (what the
kernel, podshark and Falco go by) some of them are the host's.
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import (ISB_IFDROP, ISB_OSDROP, PLUGINS, TSHARK_USER, main,  # noqa: E402
                           require_root, syscall_statistics, tshark_fields, wait_for)
from pods import NS_TYPES, Pod, PodCaptureTest, ns_inodes  # noqa: E402

CAPTURE_SECONDS = 15
META = ["container.id", "container.full_id", "container.name", "container.image",
        "k8s.pod.name", "k8s.ns.name", "k8s.pod.uid"]
FIELDS = ["frame.number", "evt.type", "evt.rawres", "proc.pid", "proc.name"] + \
    [f"proc.ns.{n}" for n in NS_TYPES] + META
LOOP = "while :; do cat /etc/hostname >/dev/null; ls / >/dev/null; sleep 0.2; done"
# what each container runs during the capture (ctr task exec)
WORKLOAD = (["cat", "/etc/hostname"], ["ls", "/"],
            ["sh", "-c", "for i in 1 2 3; do cat /etc/hostname; done > /tmp/hostname.out"])
RING_MIB = 256  # the whole host's system calls for a while, without loss on a busy host


def expected_meta(c):
    """The fields as the test set them up; "" for what the CRI plugin does not say."""
    return {
        "container.id": c.short_id,
        "container.full_id": c.id,
        # a sandbox has no container-name annotation: kubelet's name for it is "POD"
        "container.name": "POD" if c.kind == "sandbox" else c.name,
        "container.image": c.image or "",
        "k8s.pod.name": c.pod.name,
        "k8s.ns.name": c.pod.namespace,
        "k8s.pod.uid": c.pod.uid,
    }


def is_runtime(row):
    return row["proc.name"].startswith("runc")


def start_pod(cd, name, namespace, layout, qos, app_name, image):
    pod = Pod(cd, name, namespace, layout=layout, qos=qos)
    pod.add_container(app_name, image, ["sh", "-c", LOOP])
    return pod


class ContainerAttribution(PodCaptureTest):
    @classmethod
    def capture_and_read(cls):
        started = time.monotonic()
        cls.start_containerd()
        cls.pods = [
            start_pod(cls.cd, "web-0", "shop", "systemd", "besteffort", "app",
                      "docker.io/library/busybox:1.35"),
            start_pod(cls.cd, "ledger-0", "billing", "cgroupfs", "burstable", "worker",
                      "registry.example:5000/team/ledger:v2"),
        ]
        tshark = cls.start_capture(RING_MIB, CAPTURE_SECONDS)
        if not wait_for(lambda: os.path.exists(cls.capture) and
                        os.path.getsize(cls.capture) > 0, 30):
            tshark.kill()
            raise AssertionError("tshark -i podshark wrote nothing: " + tshark.stderr.read())
        for pod in cls.pods:
            cls.run_workload(pod)
        cls.host_cat = subprocess.Popen(["cat", "/etc/hostname"], stdout=subprocess.DEVNULL)
        cls.host_cat.wait()
        # the third pod exists only while the capture runs
        cls.pods.append(start_pod(cls.cd, "job-0", "batch", "systemd", "guaranteed", "runner",
                                  "docker.io/library/busybox@sha256:" + "ab" * 32))
        cls.run_workload(cls.pods[-1])
        cls.workload_done_in_time = tshark.poll() is None
        cls.outputs = {}
        for c in (c for pod in cls.pods for c in pod.containers):
            with open(os.path.join(c.rootfs, "tmp", "hostname.out")) as f:
                cls.outputs[c.id] = f.read()
        cls.containers = [c for pod in cls.pods for c in pod.containers]
        cls.ns = {c.id: ns_inodes(c.pid) for c in cls.containers}
        cls.host_ns = ns_inodes(os.getpid())
        cls.netns = {pod.name: os.stat(pod.netns_path).st_ino for pod in cls.pods}
        _, err = tshark.communicate(timeout=CAPTURE_SECONDS + 60)
        cls.tshark_rc, cls.tshark_err = tshark.returncode, err
        cls.cd.stop()

        mnt_filter = "proc.ns.mnt in {%s}" % ", ".join(
            str(cls.ns[c.id]["mnt"]) for c in cls.containers)
        cls.rows = tshark_fields(cls.capture, FIELDS, mnt_filter)
        host_rows = tshark_fields(
            cls.capture, ["proc.pid", "proc.name", "container.id", "k8s.pod.name"],
            f'proc.ns.mnt == {cls.host_ns["mnt"]}')
        # runc's init starts as "exe" (/proc/self/exe) in the container's cgroup
        # and renames itself "runc:[0:PARENT]": all its records are the runtime's
        runtime_pids = {r["proc.pid"] for r in host_rows if is_runtime(r)}
        cls.host_rows = [r for r in host_rows if r["proc.pid"] not in runtime_pids]
        # the filtered re-save, written by tshark-user.sh's unprivileged tshark
        out = os.path.join(cls.tmp, "out")
        os.mkdir(out)
        os.chmod(out, 0o777)
        cls.some = os.path.join(out, "some.pcapng")
        r = subprocess.run([TSHARK_USER, PLUGINS, "-r", cls.capture, "-Y",
                            'evt.type == "openat"', "-w", cls.some],
                           capture_output=True, text=True, timeout=300)
        cls.resave_rc, cls.resave_err = r.returncode, r.stderr
        cls.some_rows = tshark_fields(cls.some, FIELDS, mnt_filter) if r.returncode == 0 \
            else []
        stats = syscall_statistics(cls.capture)
        cls.dropped = stats[-1].get(ISB_IFDROP, 0) + stats[-1].get(ISB_OSDROP, 0) \
            if stats else 0
        print(f"\n{len(cls.rows)} records in the containers' namespaces (runc's too), "
              f"{len(cls.host_rows)} host records, {cls.dropped} dropped; setup, capture "
              f"and reading took {time.monotonic() - started:.1f} s", file=sys.stderr)

    @classmethod
    def run_workload(cls, pod):
        for c in pod.containers:
            for command in WORKLOAD:
                c.exec(command)

    def setUp(self):
        require_root(self)

    def rows_of(self, container, rows=None):
        ns = self.ns[container.id]
        return [r for r in (self.rows if rows is None else rows)
                if r["proc.ns.mnt"] == str(ns["mnt"]) and r["proc.ns.pid"] == str(ns["pid"])]

    def check_agreement(self, rows, label):
        """Every non-runtime record of a container carries its metadata; prints how many do."""
        total = agree = 0
        wrong = []
        for c in self.containers:
            mine = [r for r in self.rows_of(c, rows) if not is_runtime(r)]
            want = expected_meta(c)
            ok = [r for r in mine if all(r[k] == v for k, v in want.items())]
            bad = [r for r in mine if any(r[k] != v for k, v in want.items())]
            per_field = {k: sum(r[k] == v for r in mine) for k, v in want.items()}
            print(f"{label} {c.pod.namespace}/{c.pod.name}/{want['container.name']}: "
                  f"{len(ok)}/{len(mine)} records right "
                  f"({100.0 * len(ok) / max(len(mine), 1):.1f} %), per field {per_field}",
                  file=sys.stderr)
            total += len(mine)
            agree += len(ok)
            wrong += [(want, r) for r in bad[:3]]
        print(f"{label} overall: {agree}/{total} ({100.0 * agree / max(total, 1):.2f} %)",
              file=sys.stderr)
        self.assertEqual(agree, total, wrong[:6])
        return total

    def test_capture_succeeded(self):
        self.assertEqual(self.tshark_rc, 0, self.tshark_err)
        self.assertTrue(self.workload_done_in_time,
                        f"the workload outlasted the {CAPTURE_SECONDS} s capture")

    def test_workload_ran_in_the_pods(self):
        for n in ("mnt", "pid"):
            self.assertEqual(len({self.ns[c.id][n] for c in self.containers}),
                             len(self.containers), f"one {n} namespace each")
        for c in self.containers:  # its own root file system, with its pod's hostname
            self.assertEqual(self.outputs[c.id], (c.pod.name + "\n") * 3, (c.pod.name, c.name))

    def test_every_container_record_is_attributed(self):
        self.assertGreater(self.check_agreement(self.rows, "all.pcapng"), 0)
        for c in self.containers:
            mine = [r for r in self.rows_of(c) if not is_runtime(r)]
            names = {r["proc.name"] for r in mine}
            # the exec'd commands were seen, so the 100 % is over real work
            # (all of them unless the probe dropped records)
            want = {"cat", "ls", "sh"} if not self.dropped else {"cat"}
            self.assertTrue(want <= names, (c.pod.name, c.name, names, self.dropped))
            self.assertIn("execve", {r["evt.type"] for r in mine})

    def test_pod_started_during_capture_from_its_first_record(self):
        self.assertEqual([c.kind for c in self.pods[-1].containers], ["sandbox", "container"])
        for c in self.pods[-1].containers:
            mine = self.rows_of(c)  # runc's stages too: `run` puts them in the cgroup first
            self.assertTrue(mine)
            first = mine[0]
            want = expected_meta(c)
            self.assertEqual({k: first[k] for k in want}, want, first)
            # the first execve is the init process becoming the container's command
            execve = [r for r in mine if r["evt.type"] == "execve" and r["evt.rawres"] == "0"]
            self.assertTrue(execve, c.name)
            self.assertEqual(int(execve[0]["proc.pid"]), c.pid)
            self.assertEqual({k: execve[0][k] for k in want}, want, execve[0])

    def test_host_processes_are_host(self):
        self.assertIn(str(self.host_cat.pid), {r["proc.pid"] for r in self.host_rows},
                      "the host's cat was captured")
        wrong = [r for r in self.host_rows if r["container.id"] != "host" or r["k8s.pod.name"]]
        n = len(self.host_rows)
        print(f"host records with container.id == host: {n - len(wrong)}/{n} "
              f"({100.0 * (n - len(wrong)) / max(n, 1):.2f} %)", file=sys.stderr)
        self.assertEqual(wrong[:10], [])

    def test_filtered_resave_keeps_pod_fields(self):
        self.assertEqual(self.resave_rc, 0, self.resave_err)
        opens = [r for r in self.rows if r["evt.type"] == "openat"]
        self.assertEqual(len(self.some_rows), len(opens), "the re-save keeps every openat")
        self.assertGreater(self.check_agreement(self.some_rows, "some.pcapng"), 0)

    def test_namespace_inodes(self):
        for c in self.containers:
            # the init process's calls (the app's shell loop; a sandbox's sleep
            # only when it started during the capture; its snapshot record
            # carries the namespaces too, but is no call): all seven, as /proc says
            rows = [r for r in self.rows if r["proc.pid"] == str(c.pid) and not is_runtime(r)
                    and r["evt.type"]]
            self.assertEqual(bool(rows), c.kind == "container" or c.pod is self.pods[-1],
                             (c.pod.name, c.name))
            for r in rows:
                self.assertEqual({n: int(r[f"proc.ns.{n}"]) for n in NS_TYPES}, self.ns[c.id])
            # exec'd processes join every namespace of the init process
            for r in self.rows_of(c):
                if not is_runtime(r):
                    self.assertEqual({n: int(r[f"proc.ns.{n}"]) for n in NS_TYPES},
                                     self.ns[c.id], r)
            # one network namespace per pod: the one `ip netns add` made
            self.assertEqual(self.ns[c.id]["net"], self.netns[c.pod.name])
            for n in ("mnt", "pid", "net", "uts", "ipc"):
                self.assertNotEqual(self.ns[c.id][n], self.host_ns[n], n)


if __name__ == "__main__":
    main()
