# SPDX-License-Identifier: GPL-2.0-or-later
"""Stand-in cluster nodes on one machine, reached over real SSH (root only).

Each node is a network namespace (veth to the root namespace, 10.77.<8 run + i>.2/24)
with its own UTS namespace (hostname node-<x>), running Debian's sshd with a
private configuration: key-only login, its own host key, and the node's
identity in the environment of every session (sshd's SetEnv), the way a
DaemonSet passes spec.nodeName:

  NODE_NAME                   the node's name (evt.hostname)
  PODSHARK_CGROUP_ROOT        the node's cgroup subtree: two nodes share this
                              kernel, each captures only its own share
  PODSHARK_CONTAINERD_STATE   the node's containerd (tests/lib/pods.py)
  PATH                        the node's own bin folder first, holding its
                              `podshark` (remove it to take podshark off the node)

The client side gets a private ~/.ssh (key, known_hosts) through a bind mount
in a mount namespace of its own (ssh reads the home of the user, not $HOME).
"""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

PREFIX = "cluster"  # every name made here starts with it, then the run's number
RUNS = 32  # runs on one kernel at once (a matrix suite beside a developer's tests)
STOP_SECONDS = 10  # the "within seconds", with room for a loaded machine


def run(*cmd, check=True, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60, **kw)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()}")
    return r


class SshNode:
    def __init__(self, cluster, index, name, podshark):
        self.cluster, self.index, self.name = cluster, index, name
        prefix = f"{PREFIX}{cluster.run}"
        self.netns = f"{prefix}-n{index}"
        self.veth = f"{prefix}{index}h"
        self.addr = f"10.77.{cluster.run * 8 + index}.2"
        self.host_addr = f"10.77.{cluster.run * 8 + index}.1"
        self.dir = os.path.join(cluster.dir, name)
        self.bin = os.path.join(self.dir, "bin")
        self.cgroup_root = f"/{prefix}-{name}.slice"
        self.containerd = None
        self.sshd = None
        os.makedirs(self.bin)
        os.symlink(podshark, os.path.join(self.bin, "podshark"))
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
            os.path.join(self.dir, "host_key"))

    def env(self):
        """The node's settings, as its sessions (and its DaemonSet pod) get them."""
        return {"NODE_NAME": self.name, "PODSHARK_CGROUP_ROOT": self.cgroup_root,
                "PODSHARK_CONTAINERD_STATE": self.containerd_state,
                "PATH": f"{self.bin}:/usr/sbin:/usr/bin:/sbin:/bin"}

    def spawn(self, argv, hostname, extra_env=None):
        """argv as a process of the node (its network namespace, its settings and
        extra_env), with the host name given (a pod's), and pipes for stdin,
        stdout and stderr."""
        env = " ".join(f"{k}={v}" for k, v in {**self.env(), **(extra_env or {})}.items())
        return subprocess.Popen(
            ["unshare", "--uts", "sh", "-c",
             f'hostname {hostname} && exec nsenter --net=/run/netns/{self.netns} '
             f'env -i {env} "$@"', "sh", *argv],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def start(self, containerd_state, sshd=True):
        self.containerd_state = containerd_state
        if self.index > 1:  # the first node's is the run's claim (SshCluster)
            run("ip", "netns", "add", self.netns)
        run("ip", "link", "add", self.veth, "type", "veth", "peer", "name", "eth0",
            "netns", self.netns)
        run("ip", "addr", "add", f"{self.host_addr}/24", "dev", self.veth)
        run("ip", "link", "set", self.veth, "up")
        inside = ("ip", "netns", "exec", self.netns, "ip")
        run(*inside, "addr", "add", f"{self.addr}/24", "dev", "eth0")
        run(*inside, "link", "set", "eth0", "up")
        run(*inside, "link", "set", "lo", "up")
        if sshd:
            self.start_sshd()

    def start_sshd(self):
        env = " ".join(f"{k}={v}" for k, v in self.env().items())
        config = os.path.join(self.dir, "sshd_config")
        with open(config, "w") as f:
            f.write(f"ListenAddress {self.addr}\nHostKey {self.dir}/host_key\n"
                    f"PidFile {self.dir}/sshd.pid\n"
                    f"AuthorizedKeysFile {self.cluster.dir}/authorized_keys\n"
                    "PasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                    "PubkeyAuthentication yes\nPermitRootLogin prohibit-password\n"
                    "UsePAM no\nStrictModes no\n"
                    f"SetEnv {env}\n")
        log = open(os.path.join(self.dir, "sshd.log"), "w")
        # the node's hostname in a UTS namespace of its own; its network
        # namespace entered without remounting /sys (cgroups stay visible)
        self.sshd = subprocess.Popen(
            ["unshare", "--uts", "sh", "-c",
             f"hostname {self.name} && exec nsenter --net=/run/netns/{self.netns} "
             f"/usr/sbin/sshd -D -e -f {config}"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        end = time.monotonic() + 20
        while time.monotonic() < end:
            r = subprocess.run(["ip", "netns", "exec", self.netns, "ss", "-ltn"],
                               capture_output=True, text=True)
            if f"{self.addr}:22" in r.stdout:
                return
            if self.sshd.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(f"sshd of {self.name} did not start: " + self.log())

    def log(self):
        with open(os.path.join(self.dir, "sshd.log")) as f:
            return f.read()

    def host_key_line(self):
        with open(os.path.join(self.dir, "host_key.pub")) as f:
            return f"{self.addr} {f.read().strip()}\n"

    def kill_sshd(self):
        """Kills the node's sshd and every session it started."""
        if self.sshd and self.sshd.poll() is None:
            os.killpg(self.sshd.pid, signal.SIGKILL)
            self.sshd.wait()
        for pid in self.session_pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def session_pids(self):
        """sshd processes serving this node (listener and sessions)."""
        config = os.path.join(self.dir, "sshd_config").encode()
        pids = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/cmdline", "rb") as f:
                        argv = f.read().split(b"\0")
                except OSError:
                    continue
                if config in argv or any(a.startswith(b"sshd: ") and
                                         self._in_our_netns(entry) for a in argv[:1]):
                    pids.append(int(entry))
        return pids

    def _in_our_netns(self, pid):
        try:
            return os.stat(f"/proc/{pid}/ns/net").st_ino == \
                os.stat(f"/run/netns/{self.netns}").st_ino
        except OSError:
            return False

    def cut(self):
        run("ip", "link", "set", self.veth, "down")

    def stop(self):
        self.kill_sshd()
        run("ip", "link", "del", self.veth, check=False)
        run("ip", "netns", "del", self.netns, check=False)


class SshCluster:
    """Nodes node-a, node-b, ...; a context manager that removes everything."""

    def __init__(self, podshark, names=("node-a", "node-b")):
        # A run claims its number by creating its first node's network
        # namespace: names, addresses and cgroups are then the run's alone.
        self.run = next((n for n in range(RUNS) if run(
            "ip", "netns", "add", f"{PREFIX}{n}-n1", check=False).returncode == 0), None)
        if self.run is None:
            raise RuntimeError(f"no free run number for the stand-in nodes ({PREFIX}0..)")
        self.dir = tempfile.mkdtemp(prefix=f"podshark-{PREFIX}.")
        os.chmod(self.dir, 0o755)
        self.ssh_dir = os.path.join(self.dir, "client-ssh")
        os.makedirs(self.ssh_dir, mode=0o700)
        self.key = os.path.join(self.ssh_dir, "id_ed25519")
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", self.key)
        shutil.copy(self.key + ".pub", os.path.join(self.dir, "authorized_keys"))
        self.nodes = [SshNode(self, i + 1, name, podshark) for i, name in enumerate(names)]
        self._made_home_ssh = not os.path.isdir(os.path.expanduser("~/.ssh"))
        self._made_run_sshd = not os.path.isdir("/run/sshd")
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # sshd's privilege separation

    def start(self, containerd_states, sshd=True):
        for node, state in zip(self.nodes, containerd_states):
            node.start(state, sshd)
        self.write_known_hosts()

    def write_known_hosts(self, wrong_for=()):
        """known_hosts of the client; nodes in wrong_for get another key."""
        with open(os.path.join(self.ssh_dir, "known_hosts"), "w") as f:
            for node in self.nodes:
                if node.name in wrong_for:
                    other = os.path.join(self.dir, "other_key")
                    if not os.path.exists(other):
                        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other)
                    with open(other + ".pub") as k:
                        f.write(f"{node.addr} {k.read().strip()}\n")
                else:
                    f.write(node.host_key_line())

    def client_command(self, argv):
        """argv run as the workstation: with the private ~/.ssh of this cluster."""
        home_ssh = os.path.expanduser("~/.ssh")
        script = (f"mkdir -p {home_ssh} && mount --bind {self.ssh_dir} {home_ssh} && "
                  'exec "$@"')
        return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                *argv]

    def host_list(self, nodes=None):
        return ",".join(f"root@{n.addr}" for n in (nodes or self.nodes))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        for node in self.nodes:
            node.stop()
        if self._made_home_ssh:
            try:
                os.rmdir(os.path.expanduser("~/.ssh"))  # the empty mount point
            except OSError:
                pass
        if self._made_run_sshd:
            shutil.rmtree("/run/sshd", ignore_errors=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def podsharks_in(podshark, netns_path):
    """pids of podshark processes in a network namespace (a node's)."""
    target = os.path.realpath(podshark)
    ino = os.stat(netns_path).st_ino
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.path.realpath(f"/proc/{entry}/exe") == target and \
                    os.stat(f"/proc/{entry}/ns/net").st_ino == ino:
                pids.append(int(entry))
        except OSError:
            pass
    return pids


def bpf_holders():
    """pids of the processes that hold a BPF program (other captures on this
    machine hold theirs: only the nodes' podsharks are asked about)."""
    out = subprocess.run(["bpftool", "prog", "show", "-j"], capture_output=True,
                         text=True).stdout
    return {h["pid"] for prog in json.loads(out or "[]") for h in prog.get("pids", [])}


class NodesWithPods:
    """A test class mixin: the nodes, each with its containerd and one pod
    (shop/<node>-web) in the node's cgroup subtree, whose app reads a file and
    pings the bridge again and again.  cls.pods: node name -> (Pod, app)."""

    APP = "while :; do cat /etc/hostname >/dev/null; ping -c1 -W1 {gateway} >/dev/null; " \
          "sleep 0.2; done"
    IMAGE = "docker.io/library/busybox:1.35"

    @classmethod
    def start_nodes(cls, podshark, sshd):
        from pods import Containerd, Network, Pod
        cls.podshark = podshark
        cls.cluster = SshCluster(podshark)
        cls.containerds, cls.pods = [], {}
        for index, node in enumerate(cls.cluster.nodes):
            cd = Containerd()
            cls.containerds.append(cd)
            cd.start()
            node.containerd = cd
            pod = Pod(cd, f"{node.name}-web", "shop", cgroup_parent=node.cgroup_root)
            pod.connect(21 + index)
            app = pod.add_container("app", cls.IMAGE,
                                    ["sh", "-c", cls.APP.format(gateway=Network.gateway())])
            cls.pods[node.name] = (pod, app)
        cls.cluster.start([cd.state for cd in cls.containerds], sshd)

    def node_started(self, node):
        """A predicate: the node's podshark runs (its pids are remembered)."""
        def started():
            pids = podsharks_in(self.podshark, f"/run/netns/{node.netns}")
            self.node_pids.update(pids)
            return bool(pids)
        return started

    def node_podsharks(self, node):
        return podsharks_in(self.podshark, f"/run/netns/{node.netns}")

    def assert_nothing_left(self):
        """No podshark on any node, and no BPF program held by one that ran."""
        for node in self.cluster.nodes:
            if os.path.exists(f"/run/netns/{node.netns}"):
                self.node_pids.update(self.node_podsharks(node))

        def alive():
            running = {p for p in self.node_pids if os.path.exists(f"/proc/{p}")}
            return running | (bpf_holders() & self.node_pids)
        end = time.monotonic() + STOP_SECONDS
        while alive() and time.monotonic() < end:
            time.sleep(0.1)
        self.assertFalse(alive(), "left running on the nodes")

    def assert_time_order(self, rows):
        """rows (tshark_fields with frame.time_epoch) are in time order."""
        for i in range(1, len(rows)):
            if float(rows[i]["frame.time_epoch"]) < float(rows[i - 1]["frame.time_epoch"]):
                self.fail(f"frame {i + 1} is older than frame {i}: {rows[i - 1]} then {rows[i]}")

    @classmethod
    def stop_nodes(cls):
        if getattr(cls, "cluster", None):
            cls.cluster.stop()
        for cd in getattr(cls, "containerds", []):
            cd.stop()
