#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Wireshark's Qt GUI captures a two-node cluster through podshark-ssh or
podshark-k8s, under Xvfb.

Usage: test_cluster_gui.py ARTIFACT_DIR [ssh|k8s]   (as root; ctest sets
PODSHARK_BUILD_DIR; default ssh)

The nodes are tests/cluster's stand-ins (ssh_nodes.py): network and UTS
namespaces, a real sshd each, key-only login, each node with its own
containerd and a pod (shop/node-a-web, shop/node-b-web) in its own cgroup
subtree; the real podshark runs on each node through ssh.

The workstation is an ordinary user (podshark-gui, as in test_wireshark_gui.py)
with podshark installed by scripts/install-user.sh, and only what a user of
SSH has: the key and known_hosts in ~/.ssh.  As that user, under Xvfb:

  wireshark -C podshark-k8s-security -k -i podshark-ssh
            -o extcap.podshark_ssh.remotehost:root@<node-a>,root@<node-b>
            -Y 'icmp.type == 8 || evt.type == "execve"' -w cluster.pcapng

With k8s, the same nodes are a cluster behind tests/cluster's STAND-IN API
server (standin_apiserver.py: no control plane installs here; the exec runs
the real podshark on the node), and the user has what a kubectl user has: a
~/.kube/config and kubectl (the one make test fetches) on the PATH:

  wireshark -C podshark-k8s-security -k -i podshark-k8s
            -o extcap.podshark_k8s.allnodes:true -Y ... -w cluster.pcapng

The capture runs for a while (a screenshot of it live), is stopped with
Capture > Stop (Ctrl+E, the stop button's shortcut), and one of node-b's
pings is selected (Go to packet), its Frame tree expanded (the interface, named
with the node), for a screenshot of the packet list and its details.  Known without podshark: the nodes' names, addresses and pods (the
test made them) and the processes on the nodes (/proc, bpftool).  Checked:

 1. the window's title shows the live capture, then the saved file after
    the stop;
 2. after the stop, while Wireshark stays open, no podshark process and no
    BPF program of one is left on either node;
 3. the saved capture has frames of both nodes, in time order; each node's
    pod is on that node only; its pings are on an interface named
    "<node>: shop/<pod> eth0";
 4. Wireshark's stderr has no error about the plugin or the extcap.
Screenshots and logs go to ARTIFACT_DIR (cluster-live.png, cluster-capture.png;
with k8s cluster-k8s-live.png, cluster-k8s-capture.png).
Exit status 77 (skip) when a GUI package is missing or not root, except under
CI=true; 1 on a failed check.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import test_wireshark_gui as gui  # noqa: E402

LIVE_SECONDS = 12
# what the screenshots show: both pods' pings and execs, interleaved
DISPLAY_FILTER = 'icmp.type == 8 || evt.type == "execve"'
DETAILS_FIRST_LINE_Y = 447  # in the window at (0, 0), gui.SCREEN
STOPPED_MARK = "stopped"     # written by the session after the stop
CHECKED_MARK = "checked"     # written by the root side once the nodes are checked
# the extcap interface, its options and the screenshots' prefix, by mode
INTERFACES = {"ssh": "podshark-ssh", "k8s": "podshark-k8s"}
SCREENSHOTS = {"ssh": "cluster", "k8s": "cluster-k8s"}
DAEMONSET_LABELS = {"app.kubernetes.io/name": "podshark"}


# ---- as root: the nodes, the user, the checks ------------------------------

def standin_cluster(cluster, pods, home, work, uid, gid):
    """podshark-k8s's view of the nodes: the stand-in API server with a
    DaemonSet pod and the app pod on each node, the user's ~/.kube/config
    pointing at it, kubectl in work/bin.  Returns the (started) server."""
    from podshark_test import BUILD
    from standin_apiserver import StandinApiServer
    nodes = {n.name: n for n in cluster.nodes}
    listed = []
    for node in cluster.nodes:
        listed.append({"name": f"podshark-{node.name[-1]}x7k", "namespace": "podshark",
                       "node": node.name, "labels": DAEMONSET_LABELS,
                       "container": "podshark"})
        pod, _ = pods[node.name]
        listed.append({"name": pod.name, "namespace": pod.namespace, "node": node.name,
                       "labels": {"app": "web"}})
    api = StandinApiServer(listed, lambda pod, argv: nodes[pod["node"]].spawn(
        argv, hostname=pod["name"]))
    api.__enter__()
    kube = os.path.join(home, ".kube")
    shutil.rmtree(kube, ignore_errors=True)
    os.makedirs(kube, mode=0o700)
    api.kubeconfig(os.path.join(kube, "config"))
    kubectl = os.path.join(BUILD, "tools", "kubectl")
    if not os.path.exists(kubectl):
        gui.fail("no kubectl: make test fetches it (scripts/fetch-kubectl.sh)")
    os.makedirs(os.path.join(work, "bin"))
    shutil.copy(kubectl, os.path.join(work, "bin"))
    subprocess.run(["chown", "-R", f"{uid}:{gid}", kube], check=True)
    return api


def root_main(artifacts, mode):
    sys.path.insert(0, os.path.join(HERE, "..", "lib"))
    sys.path.insert(0, os.path.join(HERE, "..", "cluster"))
    import unittest
    from podshark_test import BUILD, CI, EXTCAP, tshark_fields
    from ssh_nodes import NodesWithPods

    missing = sorted({pkg for tool, pkg in gui.NEEDED.items() if not shutil.which(tool)})
    if os.geteuid() != 0 or missing:
        reason = ("needs root (sshd and containerd of the stand-in nodes)" if os.geteuid()
                  else "missing Debian packages: " + " ".join(missing))
        if CI:
            gui.fail(f"CI=true: {reason}")
        print(f"SKIP {reason}")
        return 77
    plugin = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(BUILD, "plugins"))
              for f in fs if f == "podshark.so"]
    if not plugin or not os.path.exists(EXTCAP):
        gui.fail(f"no plugin or extcap under {BUILD}")

    class Cluster(NodesWithPods, unittest.TestCase):
        def runTest(self):
            pass
    t = Cluster()
    t.node_pids = set()
    user, home, uid, gid = gui.gui_user()
    ssh_dir = os.path.join(home, ".ssh")
    shutil.rmtree(artifacts, ignore_errors=True)
    work = tempfile.mkdtemp(prefix="gui-cluster.")
    failures = []
    api = None

    def check(condition, message, detail=""):
        if condition:
            gui.ok(message)
        else:
            failures.append(message)
            print(f"FAIL {message}" + (f"\n     {detail}" if detail else ""))
    try:
        Cluster.start_nodes(os.path.realpath(EXTCAP), sshd=mode == "ssh")
        nodes = Cluster.cluster.nodes
        gui.install_for_user(BUILD, plugin[0], work, uid, gid, home)
        if mode == "k8s":
            api = standin_cluster(Cluster.cluster, Cluster.pods, home, work, uid, gid)
        for f in (os.path.abspath(__file__), gui.__file__):
            shutil.copy(f, work)
        # The user's SSH: the cluster's key and known_hosts, as ~/.ssh.
        shutil.rmtree(ssh_dir, ignore_errors=True)
        os.makedirs(ssh_dir, mode=0o700)
        shutil.copy(Cluster.cluster.key, os.path.join(ssh_dir, "id_ed25519"))
        shutil.copy(os.path.join(Cluster.cluster.ssh_dir, "known_hosts"), ssh_dir)
        subprocess.run(["chown", "-R", f"{uid}:{gid}", ssh_dir, work], check=True)
        gui.ok(f"podshark installed for {user}, with the cluster's key in {ssh_dir}")

        width, height = gui.SCREEN
        session = gui.as_user(
            uid, gid, home,
            ["timeout", "300", "xvfb-run", "--auto-servernum",
             f"--server-args=-screen 0 {width}x{height}x24", "/usr/bin/python3",
             os.path.join(work, os.path.basename(__file__)), "--session", work, mode,
             Cluster.cluster.host_list(), Cluster.pods[nodes[1].name][0].name],
            start=subprocess.Popen)
        stopped = os.path.join(work, STOPPED_MARK)
        ran_on = {node.name: set() for node in nodes}
        deadline = time.monotonic() + 120
        while not os.path.exists(stopped) and session.poll() is None and \
                time.monotonic() < deadline:
            for node in nodes:
                ran_on[node.name].update(t.node_podsharks(node))
            time.sleep(0.2)
        check(os.path.exists(stopped), "the session stopped the capture")
        for node in nodes:
            check(ran_on[node.name], f"podshark ran on {node.name} during the capture")
            t.node_pids.update(ran_on[node.name])
        if os.path.exists(stopped):
            try:
                t.assert_nothing_left()
                gui.ok("after Wireshark's stop, nothing is left running on the nodes "
                       "(Wireshark still open)")
            except AssertionError as e:
                check(False, "after Wireshark's stop, nothing is left running on the nodes",
                      str(e))
            open(os.path.join(work, CHECKED_MARK), "w").close()
        try:
            status = session.wait(timeout=200)
        except subprocess.TimeoutExpired:
            session.terminate()  # timeout(1) passes it on to xvfb-run, which ends Xvfb
            status = session.wait(timeout=30)
        check(status == 0, "the GUI session's checks passed")

        out = os.path.join(work, "cluster.pcapng")
        check(os.path.exists(out), "Wireshark saved the capture")
        if os.path.exists(out):
            check_capture(out, nodes, Cluster.pods, tshark_fields, t, check)
    finally:
        if os.path.isdir(os.path.join(work, "artifacts")):
            shutil.copytree(os.path.join(work, "artifacts"), artifacts)
            print(f"screenshots and logs: {artifacts}")
        if api:
            api.__exit__(None, None, None)
            shutil.rmtree(os.path.join(home, ".kube"), ignore_errors=True)
        Cluster.stop_nodes()
        shutil.rmtree(ssh_dir, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


def check_capture(out, nodes, pods, tshark_fields, t, check):
    fields = ["frame.time_epoch", "frame.interface_name", "evt.hostname", "k8s.pod.name",
              "proc.pid", "icmp.type"]
    rows = tshark_fields(out, fields)
    try:
        t.assert_time_order(rows)
        gui.ok(f"the saved capture's {len(rows)} frames are in time order")
    except AssertionError as e:
        check(False, "the saved capture is in time order", str(e))
    for node in nodes:
        pod, app = pods[node.name]
        mine = [r for r in rows if r["evt.hostname"] == node.name]
        check(str(app.pid) in {r["proc.pid"] for r in mine},
              f"{node.name}: its pod's process (pid {app.pid}) is in the capture")
        check({r["evt.hostname"] for r in rows if r["k8s.pod.name"] == pod.name} == {node.name},
              f"{node.name}: its pod {pod.name} is on {node.name} only")
        pings = {r["frame.interface_name"] for r in rows
                 if r["icmp.type"] and r["k8s.pod.name"] == pod.name}
        check(pings == {f"{node.name}: shop/{pod.name} eth0"},
              f"{node.name}: its pod's pings are on the interface "
              f"'{node.name}: shop/{pod.name} eth0'", repr(pings))


# ---- as the ordinary user, inside Xvfb --------------------------------------

def session(work, mode, hosts, pinged_pod):
    failures = 0

    def check(condition, message, detail=""):
        nonlocal failures
        if condition:
            gui.ok(message)
        else:
            failures += 1
            print(f"FAIL {message}" + (f"\n     {detail}" if detail else ""))

    artifacts = os.path.join(work, "artifacts")
    out = os.path.join(work, "cluster.pcapng")
    stderr_path = os.path.join(artifacts, "wireshark-cluster.stderr")
    interface, shots = INTERFACES[mode], SCREENSHOTS[mode]
    if mode == "ssh":
        options = ["-o", f"extcap.podshark_ssh.remotehost:{hosts}"]
    else:  # the user's kubectl, on the PATH Wireshark hands to the extcap
        options = ["-o", "extcap.podshark_k8s.allnodes:true"]
        os.environ["PATH"] = os.path.join(work, "bin") + os.pathsep + os.environ["PATH"]
    with open(stderr_path, "w") as err:
        proc = subprocess.Popen(
            ["wireshark", "-C", gui.PROFILE, "-k", "-i", interface, *options,
             "-Y", DISPLAY_FILTER, "-w", out], stdout=err, stderr=err)
    window = gui.wait_window(f"Capturing from {interface}", 60)
    if not window:
        proc.kill()
        gui.fail(f"Wireshark's window capturing from {interface} did not appear")
    gui.ok(f"Wireshark captures: {gui.window_name(window)!r}")
    subprocess.run(["xdotool", "windowmove", window, "0", "0", "windowsize", window,
                    str(gui.SCREEN[0]), str(gui.SCREEN[1])])
    time.sleep(LIVE_SECONDS)
    gui.screenshot(os.path.join(artifacts, f"{shots}-live.png"))

    # Capture > Stop
    subprocess.run(["xdotool", "windowfocus", "--sync", window, "key", "ctrl+e"])
    end = time.monotonic() + 30
    while "Capturing" in gui.window_name(window) and time.monotonic() < end:
        time.sleep(0.5)
    title = gui.window_name(window)
    check("Capturing" not in title and "cluster" in title,
          "after Capture > Stop the window shows the saved file", f"title: {title!r}")
    open(os.path.join(work, STOPPED_MARK), "w").close()

    # One of the pinged node's pings, for the details pane (Go to packet).
    r = subprocess.run(["tshark", "-r", out, "-Y",
                        f'icmp && k8s.pod.name == "{pinged_pod}"', "-T", "fields",
                        "-e", "frame.number"], capture_output=True, text=True)
    frame = (r.stdout.split() or [""])[0]
    check(frame.isdigit(), f"tshark finds a ping of {pinged_pod} in the saved file",
          f"stdout {r.stdout!r}, stderr {r.stderr!r}")
    if frame.isdigit():
        subprocess.run(["xdotool", "windowfocus", "--sync", window, "key", "ctrl+g"])
        time.sleep(1)
        subprocess.run(["xdotool", "type", "--delay", "50", frame])
        subprocess.run(["xdotool", "key", "Return"])
        time.sleep(2)
        # the details pane's first line (Frame), below the packet list
        subprocess.run(["xdotool", "mousemove", "100", str(DETAILS_FIRST_LINE_Y), "click", "1",
                        "key", "Right"])
        time.sleep(1)
    gui.screenshot(os.path.join(artifacts, f"{shots}-capture.png"))

    end = time.monotonic() + 60
    while not os.path.exists(os.path.join(work, CHECKED_MARK)) and time.monotonic() < end:
        time.sleep(0.5)
    check(gui.quit_wireshark(proc, window) == 0, "Wireshark exits cleanly")
    errors = gui.stderr_errors(stderr_path)
    check(not errors, "no plugin or extcap errors on Wireshark's stderr", "\n     ".join(errors))
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--session":
        sys.exit(session(*sys.argv[2:]))
    if len(sys.argv) not in (2, 3) or sys.argv[2:] not in ([], ["ssh"], ["k8s"]):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(root_main(os.path.abspath(sys.argv[1]), (sys.argv[2:] or ["ssh"])[0]))
