# SPDX-License-Identifier: GPL-2.0-or-later
"""Kubernetes pods without a cluster, for podshark's end-to-end tests (root only).

A private containerd (Debian's package, CRI plugin disabled, its own root,
state and socket under a temporary folder) runs containers through `ctr` with
what kubelet and containerd's CRI plugin would give them:

  - a kubelet cgroup path, in the systemd layout
    /kubepods.slice/kubepods-<qos>.slice/kubepods-<qos>-pod<UID, '-' -> '_'>.slice/
        cri-containerd-<id>.scope
    or the cgroupfs layout /kubepods/<qos>/pod<UID>/<id> (runc uses its cgroupfs
    driver for both: PID 1 need not be systemd, the path strings are what matter;
    "guaranteed" pods have no QoS level in the path);
  - the CRI plugin's bundle annotations io.kubernetes.cri.* (config.json in
    <state>/io.containerd.runtime.v2.task/k8s.io/<id>/);
  - a sandbox ("pause": busybox sleep) in the pod's network namespace
    (`ip netns add`), and app containers joining the sandbox's network, IPC and
    UTS namespaces through /proc/<sandbox pid>/ns/*, as the CRI plugin does.

Each container gets its own copy of a busybox-static root file system
(/etc/hostname holds the pod name, as the kubelet's hostname mount would).

Cleanup happens on stop(), on exit of the interpreter and on SIGTERM, even after
a failed test: tasks, shims, containerd, network namespaces, veths, the bridge,
the cgroups (in every hierarchy) and the temporary folder.

    with Containerd() as cd:
        pod = Pod(cd, "web-0", "shop", layout="systemd")
        app = pod.add_container("app", "docker.io/library/busybox:1.35", ["sleep", "60"])
        print(app.exec(["cat", "/etc/hostname"]).stdout, app.pid)
"""
import atexit
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import uuid

from podshark_test import TempDir, install_extcap_for

BUSYBOX = "/bin/busybox"  # busybox-static: no shared library to copy
K8S_NAMESPACE = "k8s.io"  # the CRI plugin's containerd namespace
PATH_IN_CONTAINER = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
NS_TYPES = ("mnt", "pid", "net", "uts", "ipc", "user", "cgroup")


def run(*cmd, check=True, timeout=60):
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=timeout)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()}")
    return r


def cgroup_mounts():
    """Mount points of every cgroup hierarchy (v1 controllers and the v2 one)."""
    mounts = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            fstype = fields[fields.index("-") + 1]
            if fstype in ("cgroup", "cgroup2"):
                mounts.append(fields[4])
    return mounts


def ns_inodes(pid):
    """The namespace inodes of a process, as proc.ns.* should report them."""
    return {n: os.stat(f"/proc/{pid}/ns/{n}").st_ino for n in NS_TYPES}


def new_container_id():
    return uuid.uuid4().hex + uuid.uuid4().hex  # 64 lowercase hex, like containerd's


class Containerd:
    """A private containerd daemon; also a context manager."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="podshark-pods.")
        os.chmod(self.dir, 0o755)
        self.root = os.path.join(self.dir, "root")
        self.state = os.path.join(self.dir, "state")
        self.socket = os.path.join(self.dir, "containerd.sock")
        self.fifo_dir = os.path.join(self.dir, "fifo")
        self.log_path = os.path.join(self.dir, "containerd.log")
        self.pods = []
        self.daemon = None
        self._rootfs = None
        # the shim keeps its socket and runc its state under /run/containerd
        # whatever our state folder is; remove what we alone leave there
        self._run_containerd_existed = os.path.exists("/run/containerd")
        self._stopped = False

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        os.makedirs(self.fifo_dir)
        config = os.path.join(self.dir, "config.toml")
        with open(config, "w") as f:
            f.write(f'version = 2\nroot = "{self.root}"\nstate = "{self.state}"\n'
                    'disabled_plugins = ["io.containerd.grpc.v1.cri"]\n'
                    f'[grpc]\n  address = "{self.socket}"\n')
        atexit.register(self.stop)
        previous = signal.getsignal(signal.SIGTERM)

        def on_sigterm(signum, frame):  # ctest's timeout: clean up, then die
            self.stop()
            signal.signal(signal.SIGTERM, previous if callable(previous) else signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
        signal.signal(signal.SIGTERM, on_sigterm)
        log = open(self.log_path, "w")
        self.daemon = subprocess.Popen(["containerd", "--config", config], stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        end = time.monotonic() + 30
        while time.monotonic() < end:
            if self.daemon.poll() is not None:
                break
            if os.path.exists(self.socket) and self._connects() and \
                    self.ctr("version", check=False).returncode == 0:
                return
            time.sleep(0.05)
        raise RuntimeError("containerd did not start: " + self.log_tail())

    def _connects(self):
        with socket.socket(socket.AF_UNIX) as s:
            try:
                s.connect(self.socket)
                return True
            except OSError:
                return False

    def log_tail(self, lines=20):
        try:
            with open(self.log_path) as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def ctr(self, *args, check=True, timeout=60):
        return run("ctr", "--address", self.socket, "-n", K8S_NAMESPACE, *args,
                   check=check, timeout=timeout)

    def bundle(self, container_id):
        return os.path.join(self.state, "io.containerd.runtime.v2.task", K8S_NAMESPACE,
                            container_id)

    def rootfs_for(self, container_id, hostname):
        """A private busybox root file system for one container."""
        if self._rootfs is None:
            base = os.path.join(self.dir, "busybox-rootfs")
            for d in ("bin", "etc", "tmp", "proc", "sys", "dev"):
                os.makedirs(os.path.join(base, d))
            shutil.copy2(BUSYBOX, os.path.join(base, "bin", "busybox"))
            applets = run(BUSYBOX, "--list").stdout.split()
            for applet in applets:
                if applet != "busybox":
                    os.symlink("busybox", os.path.join(base, "bin", applet))
            with open(os.path.join(base, "etc", "passwd"), "w") as f:
                f.write("root:x:0:0:root:/:/bin/sh\n")
            self._rootfs = base
        path = os.path.join(self.dir, "rootfs", container_id)
        shutil.copytree(self._rootfs, path, symlinks=True)
        with open(os.path.join(path, "etc", "hostname"), "w") as f:
            f.write(hostname + "\n")
        return path

    def _shim_pids(self):
        """Shims serving our containerd (they outlive it when it is killed)."""
        pids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    argv = f.read().split(b"\0")
            except OSError:
                continue
            if argv and argv[0].endswith(b"containerd-shim-runc-v2") and \
                    self.socket.encode() in argv:
                pids.append(int(entry))
        return pids

    def stop(self):
        if self._stopped:
            return
        self._stopped = True
        for pod in reversed(self.pods):
            pod.stop()
        if self.daemon and self.daemon.poll() is None:
            self.daemon.terminate()
            try:
                self.daemon.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.daemon.kill()
                self.daemon.wait()
        for pid in self._shim_pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        # mounts under our folder (none expected: runc mounts in the containers'
        # own mount namespaces), innermost first
        with open("/proc/self/mountinfo") as f:
            ours = [line.split()[4] for line in f if line.split()[4].startswith(self.dir)]
        for mountpoint in sorted(ours, key=len, reverse=True):
            run("umount", "-l", mountpoint, check=False)
        shutil.rmtree(self.dir, ignore_errors=True)
        if not self._run_containerd_existed and os.path.isdir("/run/containerd"):
            for top, _, _ in os.walk("/run/containerd", topdown=False):
                try:
                    os.rmdir(top)  # only empty ones go
                except OSError:
                    pass
        Network.remove_bridge()


class Container:
    def __init__(self, pod, name, image, container_id, kind):
        self.pod, self.name, self.image, self.id = pod, name, image, container_id
        self.kind = kind  # "sandbox" or "container"
        self.cgroup_path = pod.cgroup_path(container_id)
        self.pid = None
        self.rootfs = None  # its / as seen from the host

    @property
    def short_id(self):
        return self.id[:12]

    def annotations(self):
        pod = self.pod
        a = {
            "io.kubernetes.cri.container-type": self.kind,
            "io.kubernetes.cri.sandbox-id": pod.sandbox.id if pod.sandbox else self.id,
            "io.kubernetes.cri.sandbox-name": pod.name,
            "io.kubernetes.cri.sandbox-namespace": pod.namespace,
            "io.kubernetes.cri.sandbox-uid": pod.uid,
        }
        if self.kind == "sandbox":
            a["io.kubernetes.cri.sandbox-log-directory"] = \
                f"/var/log/pods/{pod.namespace}_{pod.name}_{pod.uid}"
        else:
            a["io.kubernetes.cri.container-name"] = self.name
            a["io.kubernetes.cri.image-name"] = self.image
        return a

    def start(self, command, namespaces):
        cd = self.pod.containerd
        self.rootfs = rootfs = cd.rootfs_for(self.id, self.pod.name)
        args = ["run", "-d", "--null-io", "--rootfs", "--cgroup", self.cgroup_path,
                "--env", PATH_IN_CONTAINER]
        for key, value in self.annotations().items():
            args += ["--annotation", f"{key}={value}"]
        for ns_type, path in namespaces:
            args += ["--with-ns", f"{ns_type}:{path}"]
        cd.ctr(*args, rootfs, self.id, *command)
        with open(os.path.join(cd.bundle(self.id), "init.pid")) as f:
            self.pid = int(f.read())

    def exec(self, command, check=True, timeout=60):
        """Runs command in the container (ctr task exec); returns the CompletedProcess.

        Its stdout can come back empty on a busy host: ctr cancels its copy of
        the output when the process exits.  Write to a file under / and read it
        through self.rootfs when the output matters."""
        cd = self.pod.containerd
        return cd.ctr("task", "exec", "--fifo-dir", cd.fifo_dir,
                      "--exec-id", "e" + uuid.uuid4().hex[:12], self.id, *command,
                      check=check, timeout=timeout)

    def namespaces(self):
        return ns_inodes(self.pid)

    def stop(self):
        cd = self.pod.containerd
        cd.ctr("task", "rm", "--force", self.id, check=False)  # kills, then deletes
        cd.ctr("container", "rm", self.id, check=False)


class PodCaptureTest(unittest.TestCase):
    """Tests that share one capture of pods, made once for the class by
    capture_and_read(), which calls start_containerd() first.  The private
    containerd and the temporary folder go at the end, also when the setup
    fails half-way (unittest then skips tearDownClass)."""

    @classmethod
    def can_run(cls):
        return os.geteuid() == 0

    @classmethod
    def setUpClass(cls):
        cls.tmp = cls.cd = None
        if not cls.can_run():
            return
        try:
            cls.capture_and_read()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def start_containerd(cls):
        cls.tmpdir = TempDir()
        cls.tmp = cls.tmpdir.__enter__()
        cls.cd = Containerd()
        cls.cd.start()

    @classmethod
    def start_capture(cls, ring_mib, seconds=None):
        """`tshark -i podshark` into cls.capture (all.pcapng in the temporary
        folder), the build's extcap installed in a temporary HOME, reading the
        private containerd's state; for seconds, or until stopped.  Returns
        the tshark process (stderr piped)."""
        home = os.path.join(cls.tmp, "home")
        install_extcap_for(home)
        cls.capture = os.path.join(cls.tmp, "all.pcapng")
        duration = ["-a", f"duration:{seconds}"] if seconds else []
        # tshark turns the extcap option --containerd-state into this preference
        # (dashes dropped), and passes it back as --containerd-state DIR
        return subprocess.Popen(
            ["tshark", "-q", "-i", "podshark", *duration,
             "-o", f"extcap.podshark.containerdstate:{cls.cd.state}",
             "-o", f"extcap.podshark.ringsize:{ring_mib}", "-w", cls.capture],
            env=dict(os.environ, HOME=home), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)

    @classmethod
    def tearDownClass(cls):
        if cls.cd:
            cls.cd.stop()
        if cls.tmp:
            cls.tmpdir.__exit__(None, None, None)


class Pod:
    """A pod: a network namespace, a sandbox container and app containers."""

    LAYOUTS = ("systemd", "cgroupfs")
    QOS = ("guaranteed", "burstable", "besteffort")

    def __init__(self, containerd, name, namespace, layout="systemd", qos="besteffort",
                 uid=None, cgroup_parent=""):
        if layout not in self.LAYOUTS or qos not in self.QOS:
            raise ValueError(f"layout {layout!r}, qos {qos!r}")
        self.containerd, self.name, self.namespace = containerd, name, namespace
        self.layout, self.qos = layout, qos
        # a node's own subtree when several stand-in nodes share this kernel
        self.cgroup_parent = cgroup_parent
        self.uid = uid or str(uuid.uuid4())
        self.netns = f"pshk-{self.uid[:8]}"
        self.netns_path = f"/var/run/netns/{self.netns}"
        self.sandbox = None
        self.containers = []  # the sandbox first
        self.veth = None
        self.stopped = False
        self._made_cgroup_dirs = []
        containerd.pods.append(self)
        self._note_new_cgroup_dirs()
        run("ip", "netns", "add", self.netns)
        run("ip", "netns", "exec", self.netns, "ip", "link", "set", "lo", "up")
        self.sandbox = Container(self, "POD", None, new_container_id(), "sandbox")
        self.containers.append(self.sandbox)
        self.sandbox.start(["sleep", "2147483647"],
                           [("network", self.netns_path)])

    def pod_cgroup(self):
        """The pod's cgroup path, as kubelet names it in this layout."""
        if self.layout == "systemd":
            path = self.cgroup_parent + "/kubepods.slice"
            if self.qos != "guaranteed":
                path += f"/kubepods-{self.qos}.slice"
            level = "" if self.qos == "guaranteed" else self.qos + "-"
            return path + f"/kubepods-{level}pod{self.uid.replace('-', '_')}.slice"
        path = self.cgroup_parent + ("/kubepods" if self.qos == "guaranteed"
                                     else f"/kubepods/{self.qos}")
        return path + f"/pod{self.uid}"

    def cgroup_path(self, container_id):
        if self.layout == "systemd":
            return f"{self.pod_cgroup()}/cri-containerd-{container_id}.scope"
        return f"{self.pod_cgroup()}/{container_id}"

    def _note_new_cgroup_dirs(self):
        """The cgroup folders this pod will create: removed at stop, innermost first."""
        parts = self.pod_cgroup().strip("/").split("/")
        for mount in cgroup_mounts():
            for i in range(1, len(parts) + 1):
                d = os.path.join(mount, *parts[:i])
                if not os.path.exists(d):
                    self._made_cgroup_dirs.append(d)

    def add_container(self, name, image, command):
        """Starts an app container; command runs as its init process."""
        c = Container(self, name, image, new_container_id(), "container")
        self.containers.append(c)
        sandbox_ns = f"/proc/{self.sandbox.pid}/ns"
        c.start(command, [("network", f"{sandbox_ns}/net"), ("ipc", f"{sandbox_ns}/ipc"),
                          ("uts", f"{sandbox_ns}/uts")])
        return c

    def connect(self, index):
        """Wires the pod to this test run's bridge (Network): 10.213.<run>.<index>/24
        on its eth0, the bridge's address its default route."""
        if not 2 <= index <= 254:
            raise ValueError("index 2..254: .1 is the host's side")
        gateway = Network.gateway()
        address = Network.address(index)
        self.veth = f"{Network.bridge}v{index}"
        run("ip", "link", "add", self.veth, "type", "veth", "peer", "name", "eth0",
            "netns", self.netns)
        run("ip", "link", "set", self.veth, "master", Network.bridge, "up")
        inside = ("ip", "netns", "exec", self.netns, "ip")
        run(*inside, "addr", "add", f"{address}/24", "dev", "eth0")
        run(*inside, "link", "set", "eth0", "up")
        run(*inside, "route", "add", "default", "via", gateway)
        return address

    def _kill_cgroup_leftovers(self):
        for mount in cgroup_mounts():
            top = mount + self.pod_cgroup()
            for folder, _, files in os.walk(top):
                if "cgroup.procs" not in files:
                    continue
                with open(os.path.join(folder, "cgroup.procs")) as f:
                    for pid in f.read().split():
                        try:
                            os.kill(int(pid), signal.SIGKILL)
                        except ProcessLookupError:
                            pass

    def stop(self):
        if self.stopped:
            return
        self.stopped = True
        for c in reversed(self.containers):
            c.stop()
        self._kill_cgroup_leftovers()
        if self.veth:
            run("ip", "link", "del", self.veth, check=False)
        run("ip", "netns", "del", self.netns, check=False)
        # runc removes the containers' cgroups; the pod's and the QoS ones are kubelet's
        for mount in cgroup_mounts():
            top = mount + self.pod_cgroup()
            for folder, _, _ in os.walk(top, topdown=False):
                self._rmdir(folder)
        for d in sorted(self._made_cgroup_dirs, key=len, reverse=True):
            self._rmdir(d)

    @staticmethod
    def _rmdir(folder, tries=50):
        for _ in range(tries):  # a killed task leaves its cgroup a moment later
            try:
                os.rmdir(folder)
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.05)


class Network:
    """The bridge between this test run's pods, pshk<N> with 10.213.<N>.1/24 on the
    host side.  Each run (process) claims a free N by creating the bridge, so runs
    that share the kernel (a matrix suite beside a developer's tests) never share
    a bridge, addresses or veth names."""

    bridge = None  # pshk<N>, once claimed
    subnet = None  # N

    @classmethod
    def gateway(cls):
        """The bridge's address; creates the bridge on first use."""
        if cls.bridge is None:
            cls._claim()
        return f"10.213.{cls.subnet}.1"

    @classmethod
    def address(cls, index):
        cls.gateway()
        return f"10.213.{cls.subnet}.{index}"

    @classmethod
    def _claim(cls):
        for n in range(256):
            name = f"pshk{n}"
            # creating the link is the claim: it fails when another run holds N
            if run("ip", "link", "add", name, "type", "bridge", check=False).returncode:
                continue
            cls.bridge, cls.subnet = name, n
            run("ip", "addr", "add", f"10.213.{n}.1/24", "dev", name)
            run("ip", "link", "set", name, "up")
            return
        raise RuntimeError("no free bridge pshk0..pshk255 for the pods")

    @classmethod
    def remove_bridge(cls):
        if cls.bridge is not None:
            run("ip", "link", "del", cls.bridge, check=False)
            cls.bridge = cls.subnet = None
