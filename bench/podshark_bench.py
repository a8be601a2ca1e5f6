# SPDX-License-Identifier: GPL-2.0-or-later
"""podshark's benchmark (make bench; bench/run.sh BUILD_DIR [--quick]).

Every figure is a ratio or a rate measured in this run against its own
baseline, the median of several repetitions, printed in one table with the
machine it ran on.  docs/PERFORMANCE.md explains each row and the goals.

Syscall timings are in CPU time of the calling thread (bench/syscall_load.c),
so that other tasks sharing the machine slow the figures down as little as
possible; a probe that someone else attaches to the syscall hooks would make
every call slower, so each measurement waits until no other one is attached
and is repeated when one appears during it.
"""
import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SOURCE, "tests", "lib"))
from podshark_test import (ISB_IFDROP, ISB_IFRECV, ISB_OSDROP, ISB_USRDELIV,  # noqa: E402
                           isb_counters)
from peers import PEERS  # noqa: E402

ISB_BLOCK = 5
FLAT_OUT = 100000000  # an offered rate no process reaches: calls as fast as it can
LOOP_CPU = "1"    # the timed loop; the extcap gets the other CPU
EXTCAP_CPU = "0"
# the extcap's last line with --debug (extcap/capture.c, write_statistics)
STATS_LINE = re.compile(r"(\d+) system calls selected, (\d+) written, (\d+) dropped in the "
                        r"kernel \((\d+) by sampling\), (\d+) dropped by podshark")


def median(values):
    return statistics.median(values) if values else float("nan")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, check=True, **kw)


def syscall_links():
    """Programs attached to the raw syscall hooks (anyone's), or None if unknown."""
    r = subprocess.run(["bpftool", "-j", "link", "show"], capture_output=True, text=True)
    if r.returncode != 0:
        return None
    return sum(1 for link in json.loads(r.stdout or "[]") if link.get("tp_name") == "sys_enter")


def wait_for_quiet_hooks(timeout, ours=0):
    """Waits until nobody but us (ours programs) is on sys_enter; False if that never happened."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if syscall_links() in (ours, None):
            return True
        time.sleep(0.5)
    return False


def last_statistics(path):
    """Counters of the last Interface Statistics Block with isb_usrdeliv (the
    extcap's), read backwards from the end: captures here are gigabytes."""
    with open(path, "rb") as f:
        end = f.seek(0, os.SEEK_END)
        while end >= 12:
            f.seek(end - 4)
            blen = int.from_bytes(f.read(4), "little")
            if blen < 12 or blen > end:
                return None
            f.seek(end - blen)
            block = f.read(blen)
            if int.from_bytes(block[:4], "little") == ISB_BLOCK:
                counters = isb_counters(block[8:-4])
                if ISB_USRDELIV in counters:
                    return counters
            end -= blen
    return None


def first_frame(path):
    """A copy of path with its first frame only (and every interface)."""
    out = path + ".first"
    run(["editcap", "-r", path, out, "1"])
    return out


def cpu_seconds(pid):
    """User + system CPU time of a process so far (/proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def vm_rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class RssSampler(threading.Thread):
    """VmRSS of a process once a second."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.samples, self.stop = pid, [], threading.Event()

    def run(self):
        while not self.stop.wait(1.0):
            kib = vm_rss_kib(self.pid)
            if kib is None:
                break
            self.samples.append(kib)


class Attachment:
    """Something on the syscall hooks while a measurement runs: the extcap, or
    the empty hook (the floor).  A context manager; attached on entry."""

    def __init__(self, bench, kind, extcap_args=(), output=os.devnull, pin=True,
                 hook="raw_syscalls"):
        self.bench, self.kind, self.output = bench, kind, output
        self.extcap_args = list(extcap_args)
        self.pin, self.hook = pin, hook
        self.on_raw_syscalls = kind == "extcap" or hook == "raw_syscalls"
        self.proc = None
        self.log = None
        self.stats = None  # the extcap's own final counters (selected, written, ...)

    def __enter__(self):
        self.log = tempfile.NamedTemporaryFile(prefix="podshark-bench.", suffix=".log")
        pin = ["taskset", "-c", EXTCAP_CPU] if self.pin else []
        if self.kind == "empty":
            self.proc = subprocess.Popen(pin + [self.bench.tool("empty_hook"), self.hook],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self.log, text=True)
            if self.proc.stdout.readline().strip() != "attached":
                self.proc.wait()
                raise RuntimeError("empty_hook did not attach: " + self.log_text().strip())
            return self
        self.proc = subprocess.Popen(pin + [self.bench.extcap, "--extcap-interface", "podshark",
                                            "--capture", "--fifo", self.output, "--no-packets",
                                            "--debug"] + self.extcap_args,
                                     stdout=subprocess.DEVNULL, stderr=self.log)
        end = time.monotonic() + 60
        while "snapshot of" not in self.log_text():
            if self.proc.poll() is not None or time.monotonic() > end:
                raise RuntimeError("the extcap did not start: " + self.log_text()[-500:])
            time.sleep(0.05)
        # a small --syscalls selection hooks those calls' own tracepoints instead
        self.on_raw_syscalls = "probe attached (syscall tracepoints" not in self.log_text()
        return self

    def log_text(self):
        with open(self.log.name, errors="replace") as f:
            return f.read()

    def dropped(self):
        """Events the extcap dropped, from its final counters (0 for the empty hook)."""
        if self.kind == "empty":
            return 0
        if not self.stats:
            raise RuntimeError("the extcap did not report its totals: " + self.log_tail)
        return self.stats["kernel_dropped"] + self.stats["user_dropped"]

    def __exit__(self, *exc):
        if self.kind == "empty":
            self.proc.stdin.close()
        else:
            self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        text = self.log_text()
        self.log_tail = text[-300:]
        m = STATS_LINE.search(text)
        if m:
            self.stats = dict(zip(("selected", "written", "kernel_dropped", "sampled",
                                   "user_dropped"), map(int, m.groups())))
        self.log.close()


class Bench:
    def __init__(self, args):
        self.build = os.path.abspath(args.build)
        self.tools = os.path.abspath(args.tools)
        self.quick = args.quick
        self.sections = args.only.split(",")
        self.extcap = os.path.join(self.build, "extcap", "podshark")
        self.plugins = os.path.join(self.build, "plugins")
        self.root = os.geteuid() == 0
        self.rows = []
        self.failures = []   # --quick: what makes the short run fail
        self.notes = []
        self.tmp = tempfile.mkdtemp(prefix="podshark-bench.", dir=args.tmpdir)
        os.chmod(self.tmp, 0o755)
        # full run: the figures; quick run: enough to see that every path works
        self.loop_calls = 200000 if self.quick else 1000000
        self.rounds = 1 if self.quick else 3
        self.loops_per_round = 1 if self.quick else 3
        self.rate_seconds = 2 if self.quick else 10
        self.dissect_frames = 10000 if self.quick else 200000
        self.rss_seconds = 3 if self.quick else 30
        self.quiet_timeout = 5 if self.quick else 15

    def tool(self, name):
        return os.path.join(self.tools, name)

    def row(self, section, name, value, baseline="", ratio="", goal="", note=""):
        self.rows.append((section, name, value, baseline, ratio, goal, note))
        print(f"  {name}: {value} {note}".rstrip(), file=sys.stderr, flush=True)

    def skip(self, section, name, reason, goal=""):
        self.row(section, name, "skipped", goal=goal, note=reason)

    # --- syscall overhead ------------------------------------------------------------

    def loop_ns(self, call, expected_links, cmd_prefix=(), slowdown=1):
        """ns per call of one timed loop; repeated (up to 3 times) when someone
        else's probe came during it, then kept with a note.  expected_links
        None: the syscall hooks are not watched (a peer tool is on them)."""
        calls = self.loop_calls // (1 if call == "getppid" else 4) // slowdown
        for _ in range(3):
            proc = subprocess.Popen(list(cmd_prefix) + ["taskset", "-c", LOOP_CPU,
                                                        self.tool("syscall_load"), "loop", call,
                                                        str(calls)],
                                    stdout=subprocess.PIPE, text=True)
            clean = True
            while proc.poll() is None:
                clean = clean and (expected_links is None or
                                   syscall_links() in (None, expected_links))
                time.sleep(0.1)
            out = proc.stdout.read()
            if proc.returncode != 0:
                raise RuntimeError(f"syscall_load failed: {out}")
            if clean:
                break
            wait_for_quiet_hooks(self.quiet_timeout, expected_links or 0)
        else:
            self.notes.append("other probes on the syscall hooks during some loops: "
                              "those figures are high")
        return float(re.search(r"ns_per_call=([\d.]+)", out).group(1))

    def loops(self, call, expected_links, cmd_prefix=(), slowdown=1):
        return median([self.loop_ns(call, expected_links, cmd_prefix, slowdown)
                       for _ in range(self.loops_per_round)])

    def overhead(self, call, configs):
        """{config: (median ns, median ratio to uncaptured, drops)} over the rounds."""
        ns = {name: [] for name, _ in configs}
        ratios = {name: [] for name, _ in configs}
        drops = {name: 0 for name, _ in configs}
        for _ in range(self.rounds):
            for name, make in configs:
                if not wait_for_quiet_hooks(self.quiet_timeout):
                    self.notes.append("another probe stayed attached: figures may be high")
                base = self.loops(call, 0)
                with make() as att:
                    value = self.loops(call, int(att.on_raw_syscalls))
                drops[name] += att.dropped()
                ns[name].append(value)
                ratios[name].append(value / base)
                ns.setdefault("uncaptured", []).append(base)
        return ({name: (median(ns[name]), median(ratios[name]), drops[name]) for name in ns
                 if name in ratios}, median(ns["uncaptured"]))

    def section_overhead(self):
        s = "syscall overhead"
        if not self.root:
            base = self.loops("getppid", 0)
            self.row(s, "getppid, uncaptured (ns/call)", f"{base:.0f}")
            for name in ("empty hook (floor)", "captured, all syscalls",
                         "captured, getppid filtered out in the kernel",
                         "captured, getppid filtered out in the kernel, per-syscall hooks",
                         "captured, other pods selected (per-pod selection)"):
                self.skip(s, f"getppid, {name}", "needs root (loads eBPF programs)")
            self.skip(s, "openat 64-byte path, captured", "needs root (loads eBPF programs)")
            return
        configs = [
            ("empty hook (floor)", lambda: Attachment(self, "empty")),
            ("captured, all syscalls", lambda: Attachment(self, "extcap")),
            # openat is selected, getppid is not: the probe's selection table drops it
            ("captured, getppid filtered out in the kernel",
             lambda: Attachment(self, "extcap", ["--syscalls=openat"])),
            # only openat's own tracepoints are hooked: getppid runs no BPF at all
            ("captured, getppid filtered out in the kernel, per-syscall hooks",
             lambda: Attachment(self, "extcap", ["--syscalls=openat", "--per-syscall-hooks"])),
            # only one pod is selected: the loop, in the root cgroup, is left out by the
            # kernel's cgroup set, the cost of every process outside the selected pods
            ("captured, other pods selected (per-pod selection)",
             lambda: Attachment(self, "extcap", ["--pods=no-such-ns/no-such-pod"])),
        ]
        results, base = self.overhead("getppid", configs)
        self.row(s, "getppid, uncaptured (ns/call)", f"{base:.0f}", note="bare getppid")
        goals = {"captured, all syscalls": (2.2, "<= 2.2x"),
                 "captured, getppid filtered out in the kernel": (1.10, "<= 1.10x"),
                 "captured, getppid filtered out in the kernel, per-syscall hooks":
                     (1.10, "<= 1.10x")}
        for name, (value, ratio, dropped) in results.items():
            limit, goal = goals.get(name, (None, ""))
            status = "" if limit is None else ("met" if ratio <= limit else "MISSED")
            note = f"{status}; {dropped} dropped" if name.startswith("captured") else status
            self.row(s, f"getppid, {name} (ns/call)", f"{value:.0f}", f"{base:.0f}",
                     f"{ratio:.2f}x", goal, note.strip("; "))
            # only there is the loop captured: the other rows' drops are other
            # processes' calls on a busy machine
            if self.quick and dropped and name == "captured, all syscalls":
                self.failures.append(f"{name}: {dropped} events dropped at a single thread's rate")
        floor = results["empty hook (floor)"][0]
        self.row(s, "getppid, podshark's own cost over the floor (ns/call)",
                 f"{results['captured, all syscalls'][0] - floor:.0f}",
                 note=f"filtered out: "
                     f"{results['captured, getppid filtered out in the kernel'][0] - floor:.0f}; "
                      f"outside the selected pods: "
                      f"{results['captured, other pods selected (per-pod selection)'][0] - floor:.0f}")
        if self.quick and results["captured, all syscalls"][0] <= base:
            self.failures.append("a captured getppid costs no more than an uncaptured one: "
                                 "was the probe attached?")

        path, pbase = self.overhead("openat", [
            ("captured, all syscalls", lambda: Attachment(self, "extcap"))])
        value, ratio, dropped = path["captured, all syscalls"]
        getppid_added = results["captured, all syscalls"][0] - base
        self.row(s, "openat 64-byte missing path, captured (ns/call)", f"{value:.0f}",
                 f"{pbase:.0f}", f"{ratio:.2f}x",
                 note=f"+{value - pbase:.0f} ns, of which path string ~"
                      f"{value - pbase - getppid_added:.0f} ns over a getppid event")
        self.section_io_uring(results["captured, all syscalls"][0] - base)
        self.section_hook_alternatives()
        if not self.quick:
            self.section_pod_attribution()
        else:
            self.skip(s, "pod attribution (container cgroup vs root cgroup)", "full run only")

    def section_io_uring(self, syscall_event_ns):
        """The cost of an io_uring request's record: the same openat submitted
        through a ring, one request per io_uring_enter (itself a system call,
        recorded as one); syscall_event_ns is a getppid's record."""
        s = "syscall overhead"
        name = "io_uring openat 64-byte missing path, captured (ns/request)"
        if subprocess.run([self.tool("syscall_load"), "loop", "uring_openat", "1"],
                          capture_output=True).returncode != 0:
            self.skip(s, name, "syscall_load built without liburing (liburing-dev)")
            return
        path, base = self.overhead("uring_openat", [
            ("captured, all syscalls", lambda: Attachment(self, "extcap"))])
        value, ratio, _ = path["captured, all syscalls"]
        self.row(s, name, f"{value:.0f}", f"{base:.0f}", f"{ratio:.2f}x",
                 note=f"+{value - base:.0f} ns, of which the request's record ~"
                      f"{value - base - syscall_event_ns:.0f} ns over the io_uring_enter event")

    def section_hook_alternatives(self):
        """What a probe interested in openat only would cost getppid, hooked
        per syscall instead of on every call (empty programs: the floor of each)."""
        s = "syscall overhead"
        for hook, label in (("openat_tp", "per-syscall tracepoints"),
                            ("openat_fentry", "fentry/fexit")):
            name = f"getppid, only openat hooked by {label}, empty (ns/call)"
            try:
                results, base = self.overhead("getppid", [
                    (hook, lambda: Attachment(self, "empty", hook=hook))])
            except RuntimeError as e:
                self.skip(s, name, str(e).splitlines()[-1][:100])
                continue
            value, ratio, _ = results[hook]
            self.row(s, name, f"{value:.0f}", f"{base:.0f}", f"{ratio:.2f}x",
                     note="the floor of a selection done by attaching")

    def section_peers(self):
        """The same getppid loop under each tool a user would pick instead,
        each recording every call with its arguments to a file, in one run."""
        s = "peers: every call with its arguments, to a file"
        if not self.root:
            self.skip(s, "getppid under each peer", "needs root (tracing every process)")
            return
        wait_for_quiet_hooks(self.quiet_timeout)
        base = self.loops("getppid", 0)
        self.row(s, "getppid, uncaptured (ns/call)", f"{base:.0f}", note="bare getppid")
        out = os.path.join(self.tmp, "peer.pcapng")
        with Attachment(self, "extcap", output=out) as att:
            ours = self.loops("getppid", 1)
        os.unlink(out)
        dropped = att.dropped()
        self.row(s, "podshark, pcapng file (ns/call)", f"{ours:.0f}", f"{base:.0f}",
                 f"{ours / base:.2f}x", note=f"{dropped} dropped")
        best = None
        for peer_class in PEERS:
            peer = peer_class(os.path.join(self.tmp, "peer.out"))
            name = f"{peer.name} (ns/call)"
            reason = peer.unavailable()
            if reason:
                self.skip(s, name, reason)
                continue
            try:
                with peer:
                    value = self.loops("getppid", None, peer.prefix, peer.slowdown)
            except (RuntimeError, subprocess.CalledProcessError) as e:
                self.skip(s, name, str(e).splitlines()[-1][:100] if str(e) else "failed")
                continue
            finally:
                for leftover in (peer.out, peer.out + ".log"):
                    if os.path.exists(leftover):
                        os.unlink(leftover)
            calls = self.loop_calls // peer.slowdown
            self.row(s, name, f"{value:.0f}", f"{base:.0f}", f"{value / base:.1f}x",
                     note=f"{calls} calls a loop")
            if best is None or value < best[1]:
                best = (peer.name, value)
        if best:
            self.row(s, "podshark's lead over the best peer", f"{best[1] / ours:.1f}x",
                     note=f"best peer: {best[0]}")

    def section_pod_attribution(self):
        """A captured getppid loop in a container of a pod (kubelet cgroup, CRI
        annotations) against the same loop in the root cgroup, one capture."""
        s = "syscall overhead"
        name = "pod attribution: captured getppid in a pod / in the root cgroup"
        try:
            from pods import Containerd, Pod
        except ImportError as e:
            self.skip(s, name, f"tests/lib/pods.py: {e}")
            return
        static = self.tool("syscall_load.static")
        if not os.path.exists(static) or not shutil.which("containerd"):
            self.skip(s, name, "needs containerd and a static syscall_load (glibc's libc.a)")
            return
        try:
            with Containerd() as cd:
                pod = Pod(cd, "bench-0", "bench")
                app = pod.add_container("load", "docker.io/library/busybox:1.35",
                                        ["sleep", "600"])
                shutil.copy(static, os.path.join(cd.dir, "rootfs", app.id, "bin", "syscall_load"))
                in_pod, in_root = [], []
                wait_for_quiet_hooks(self.quiet_timeout)
                with Attachment(self, "extcap"):
                    for _ in range(self.rounds * self.loops_per_round):
                        r = app.exec(["taskset", "-c", LOOP_CPU, "/bin/syscall_load", "loop",
                                      "getppid", str(self.loop_calls)])
                        in_pod.append(float(re.search(r"ns_per_call=([\d.]+)",
                                                      r.stdout).group(1)))
                        in_root.append(self.loop_ns("getppid", 1))
        except (RuntimeError, OSError, subprocess.SubprocessError) as e:
            self.skip(s, name, f"could not run a pod: {str(e)[:120]}")
            return
        pod_ns, root_ns = median(in_pod), median(in_root)
        self.row(s, name, f"{pod_ns:.0f}", f"{root_ns:.0f}", f"{pod_ns / root_ns:.2f}x",
                 note="ns/call; metadata is resolved once per cgroup in the extcap")

    # --- sustained rate into a file, and through tshark -----------------------------------

    def rate_run(self, rate, live=False, procs=None):
        """Offers rate getppid calls/s for rate_seconds from procs processes
        (one per CPU by default) while a capture runs; returns what the final
        statistics say."""
        out = os.path.join(self.tmp, "rate.pcapng")
        procs = procs or os.cpu_count() or 1
        if not wait_for_quiet_hooks(self.quiet_timeout):
            self.notes.append("another probe was attached during a rate run")
        if live:
            home = os.path.join(self.tmp, "home")
            for d in (".config/wireshark/extcap", ".local/lib/wireshark/extcap"):
                os.makedirs(os.path.join(home, d), exist_ok=True)
                shutil.copy(self.extcap, os.path.join(home, d, "podshark"))
            cap = subprocess.Popen(["tshark", "-q", "-i", "podshark", "-w", out],
                                   env=dict(os.environ, HOME=home), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
            end = time.monotonic() + 60
            while not (os.path.exists(out) and os.path.getsize(out) > 0):
                if cap.poll() is not None or time.monotonic() > end:
                    raise RuntimeError("tshark -i podshark wrote nothing: " + cap.stderr.read())
                time.sleep(0.05)
            sampler = None
        else:
            att = Attachment(self, "extcap", output=out, pin=False).__enter__()
            cap = att.proc
            sampler = RssSampler(cap.pid)
            sampler.start()
        try:
            cpu_before = None if live else cpu_seconds(cap.pid)
            load = run([self.tool("syscall_load"), "rate", "getppid", str(rate),
                        str(self.rate_seconds), str(procs)])
            time.sleep(2.5)  # the reorder window, and one more periodic statistics block
            extcap_cpu = None if live else cpu_seconds(cap.pid) - cpu_before
        finally:
            if live:
                cap.send_signal(signal.SIGINT)
                cap.communicate(timeout=120)
            else:
                att.__exit__(None, None, None)
                sampler.stop.set()
        calls = int(re.search(r"calls=(\d+)", load.stdout).group(1))
        isb = last_statistics(out) or {}
        size = os.path.getsize(out)
        os.unlink(out)
        if ISB_USRDELIV not in isb:
            raise RuntimeError("the capture has no interface statistics")
        dropped = isb[ISB_IFDROP] + isb[ISB_OSDROP]
        return {
            "offered": rate, "achieved": calls / self.rate_seconds, "dropped": dropped,
            "ifrecv": isb[ISB_IFRECV], "usrdeliv": isb[ISB_USRDELIV],
            "exact": isb[ISB_IFRECV] == isb[ISB_USRDELIV] + dropped,
            "bytes": size, "rss": sampler.samples if sampler else [],
            # the extcap's CPU time per event it wrote, while the load ran
            "cpu_ns": extcap_cpu * 1e9 / isb[ISB_USRDELIV] if extcap_cpu else None,
            # the load generator itself must keep up, or the rate was not offered
            "ok": dropped == 0 and calls >= 0.97 * rate * self.rate_seconds,
        }

    def ladder(self, section, what, levels, goal_rate, live):
        best, above, results = None, None, []
        for rate in levels:
            r = self.rate_run(rate, live)
            results.append(r)
            note = (f"achieved {r['achieved'] / 1e3:.0f}k/s, {r['dropped']} dropped, "
                    f"ifrecv {r['ifrecv']} = usrdeliv + drops: {'yes' if r['exact'] else 'NO'}")
            print(f"  {what} at {rate / 1e3:.0f}k/s: {note}", file=sys.stderr, flush=True)
            if not r["exact"]:
                self.failures.append(f"{what} at {rate}/s: statistics do not add up: {r}")
            if r["ok"]:
                best = r
            else:
                above = r
                break
        value = f"{best['offered'] / 1e3:.0f}k/s" if best else f"< {levels[0] / 1e3:.0f}k/s"
        status = "met" if best and best["offered"] >= goal_rate else "MISSED"
        if self.quick:
            status = "(short run)"
        self.row(section, f"{what}: highest offered getppid rate, zero drops, "
                 f"{self.rate_seconds} s", value, goal=f">= {goal_rate / 1e3:.0f}k/s",
                 note=status)
        if above:
            limit = ("load generator could not offer it (CPU)"
                     if above["achieved"] < 0.97 * above["offered"] else "drops")
            self.row(section, f"{what}: above it", f"{above['offered'] / 1e3:.0f}k/s",
                     note=f"achieved {above['achieved'] / 1e3:.0f}k/s, {above['dropped']} of "
                          f"{above['ifrecv']} dropped ({limit}); accounting exact: "
                          f"{'yes' if above['exact'] else 'NO'}")
        return results

    def section_rates(self):
        s = "sustained rate"
        if not self.root:
            for what in ("into a pcapng file", "live through tshark"):
                self.skip(s, what, "needs root (loads eBPF programs)")
            self.skip("memory", "extcap VmRSS over a long capture", "needs root")
            return None
        levels = [100000] if self.quick else [250000, 500000, 1000000, 1500000, 2000000]
        results = self.ladder(s, "into a pcapng file", levels, 1000000, live=False)
        first = results[0]
        if self.quick and not first["ok"]:
            self.failures.append(f"drops at {levels[0]} getppid/s into a file: {first}")
        self.row(s, "bytes per event, getppid", f"{first['bytes'] / first['usrdeliv']:.0f}",
                 note="file size / delivered events")
        at = [r for r in results if r["cpu_ns"]]
        # the figure at 1 M/s when the ladder reached it, else at its highest level
        r = next((r for r in at if r["offered"] == 1000000), at[-1] if at else None)
        if r:
            status = "(short run)" if self.quick else ("met" if r["cpu_ns"] <= 250 else "MISSED")
            self.row(s, f"extcap CPU per delivered event at {r['offered'] / 1e3:.0f}k/s (ns)",
                     f"{r['cpu_ns']:.0f}", goal="<= 250 (at 1000k/s)",
                     note=f"{status}; user + system time of the extcap / events written")
        live_levels = [20000] if self.quick else [50000, 100000, 150000, 200000, 300000]
        if shutil.which("tshark"):
            self.ladder(s, "live through tshark", live_levels, 150000, live=True)
        else:
            self.skip(s, "live through tshark", "tshark not installed")
        return results

    def section_flat_out(self):
        """One process calling getppid as fast as it can, then two: what a
        single core can make must all reach the file."""
        s = "sustained rate"
        if not self.root:
            self.skip(s, "calling getppid flat out into a pcapng file",
                      "needs root (loads eBPF programs)")
            return
        for procs in (1, 2):
            r = self.rate_run(FLAT_OUT, procs=procs)
            goal, status = "", ""
            if procs == 1:
                goal = "0 dropped"
                status = "met; " if r["dropped"] == 0 else "MISSED; "
            self.row(s, f"{procs} process{'es' if procs > 1 else ''} calling getppid flat out, "
                     f"{self.rate_seconds} s into a file", f"{r['dropped']} dropped", goal=goal,
                     note=f"{status}{r['achieved'] / 1e3:.0f}k calls/s, {r['usrdeliv']} written, "
                          f"extcap CPU {r['cpu_ns'] or 0:.0f} ns/event, "
                          f"accounting exact: {'yes' if r['exact'] else 'NO'}")
            if not r["exact"]:
                self.failures.append(f"flat out, {procs} processes: statistics do not add up")

    def section_memory(self):
        s = "memory"
        if not self.root:
            return
        rate = 200000
        saved = self.rate_seconds
        self.rate_seconds = self.rss_seconds
        try:
            r = self.rate_run(rate)
        finally:
            self.rate_seconds = saved
        rss = r["rss"] or [0]
        self.row(s, f"extcap VmRSS over {self.rss_seconds} s at {rate / 1e3:.0f}k getppid/s (MiB)",
                 f"{max(rss) / 1024:.1f}",
                 note=f"first {rss[0] / 1024:.1f}, last {rss[-1] / 1024:.1f}, "
                      f"{len(rss)} samples; {r['dropped']} dropped")

    # --- dissection ------------------------------------------------------------------

    def reference_capture(self):
        """A capture of a mixed workload (ls -l of /usr/bin, reading files), cut
        to dissect_frames frames."""
        raw = os.path.join(self.tmp, "reference-raw.pcapng")
        cut = os.path.join(self.tmp, "reference.pcapng")
        wait_for_quiet_hooks(self.quiet_timeout)
        with Attachment(self, "extcap", output=raw, pin=False):
            need = self.dissect_frames * 1.2
            done = 0
            while done < need:  # ~6000 calls per round
                subprocess.run(["sh", "-c", "ls -l /usr/bin >/dev/null; cat /etc/services "
                                "/etc/passwd >/dev/null"], check=True)
                done += 6000
            time.sleep(0.5)
        run(["editcap", "-r", raw, cut, f"1-{self.dissect_frames}"])
        os.unlink(raw)
        return cut

    def trivial_capture(self, frames):
        """frames tiny UDP packets (4 bytes of payload each), made by text2pcap."""
        text = os.path.join(self.tmp, "trivial.txt")
        out = os.path.join(self.tmp, "trivial.pcapng")
        with open(text, "w") as f:
            f.write("0000 de ad be ef\n" * frames)
        run(["text2pcap", "-q", "-u", "1000,2000", text, out])
        os.unlink(text)
        return out

    def tshark_cpu(self, path, args):
        """(CPU seconds, peak RSS in KiB) of tshark dissecting path, unprivileged,
        with the build's plugin (tests/lib/tshark-user.sh)."""
        wrapper = os.path.join(self.tmp, "timed-tshark")
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\nexec /usr/bin/time -f 'bench-time: %U %S %M' tshark \"$@\"\n")
        os.chmod(wrapper, 0o755)
        r = subprocess.run([os.path.join(SOURCE, "tests", "lib", "tshark-user.sh"), self.plugins,
                            "-r", path, *args], env=dict(os.environ, TSHARK=wrapper),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           timeout=600)
        m = re.search(r"bench-time: ([\d.]+) ([\d.]+) (\d+)", r.stderr)
        if r.returncode != 0 or not m:
            raise RuntimeError(f"tshark failed: {r.stderr[-300:]}")
        return float(m.group(1)) + float(m.group(2)), int(m.group(3))

    def section_dissection(self):
        s = "dissection"
        if not self.root:
            self.skip(s, "tshark on podshark frames / trivial frames",
                      "needs a live capture (root)", goal=">= 0.85x")
            return
        if not shutil.which("tshark") or not os.path.exists("/usr/bin/time"):
            self.skip(s, "tshark on podshark frames / trivial frames",
                      "needs tshark and /usr/bin/time (Debian package time)")
            return
        ours = self.reference_capture()
        trivial = self.trivial_capture(self.dissect_frames)
        self.row(s, "bytes per event, mixed workload (ls -l, cat)",
                 f"{os.path.getsize(ours) / self.dissect_frames:.0f}",
                 note=f"{self.dissect_frames} frames, snapshot records included")
        # tshark's start (plugins, preferences) is timed on the first frame alone
        ours_1, trivial_1 = first_frame(ours), first_frame(trivial)
        reps = 1 if self.quick else 3
        for label, args in (("one-line summary", []), ("-V (every field)", ["-V"])):
            t_ours, t_triv, m_ours, m_triv = [], [], [], []
            for _ in range(reps):
                cpu, mem = self.tshark_cpu(ours, args)
                t_ours.append(cpu - self.tshark_cpu(ours_1, args)[0])
                m_ours.append(mem)
                cpu, mem = self.tshark_cpu(trivial, args)
                t_triv.append(cpu - self.tshark_cpu(trivial_1, args)[0])
                m_triv.append(mem)
            ours_rate = (self.dissect_frames - 1) / max(median(t_ours), 0.01)
            triv_rate = (self.dissect_frames - 1) / max(median(t_triv), 0.01)
            ratio = ours_rate / triv_rate
            status = "met" if ratio >= 0.85 else "MISSED"
            self.row(s, f"tshark {label}, podshark frames/s (CPU, start excluded)", f"{ours_rate / 1e3:.0f}k",
                     f"{triv_rate / 1e3:.0f}k", f"{ratio:.2f}x", ">= 0.85x", status)
            self.row(s, f"tshark {label}, peak RSS (MiB)", f"{median(m_ours) / 1024:.0f}",
                     f"{median(m_triv) / 1024:.0f}", f"{median(m_ours) / median(m_triv):.2f}x")

        self.falco_rules_rows(s, ours, ours_1, reps)

    def hundred_rules(self):
        """A rules file of 100 rules in the style of Falco's public rules: lists,
        macros, string and number operators, exceptions; each names the calls it
        is about (evt.type), as Falco asks of every rule."""
        path = os.path.join(self.tmp, "hundred_rules.yaml")
        items = ["- list: shells\n  items: [ash, bash, csh, ksh, sh, tcsh, zsh, dash]",
                 "- list: sensitive_files\n  items: [/etc/shadow, /etc/sudoers, /etc/pam.conf]",
                 "- macro: spawned_process\n  condition: evt.type in (execve, execveat) and evt.dir = <",
                 "- macro: open_read\n  condition: evt.type in (open, openat, openat2) and "
                 "evt.arg.flags contains O_RDONLY",
                 "- macro: container\n  condition: container.id != host"]
        conditions = [
            "spawned_process and proc.name in (shells) and proc.pname = bin{i}",
            "open_read and fd.name startswith /etc/app{i}/ and not proc.name in (shells)",
            "open_read and (fd.name in (sensitive_files) or fd.directory = /var/lib/x{i})"
            " and proc.aname = daemon{i}",
            "evt.type = connect and fd.rport = {port} and not fd.name contains 127.0.0.1",
            "spawned_process and container and proc.cmdline icontains miner{i} "
            "and evt.failed = false",
        ]
        for i in range(100):
            cond = conditions[i % len(conditions)].format(i=i, port=10000 + i)
            items.append(f"- rule: Bench rule {i}\n  desc: bench\n  condition: {cond}\n"
                         f"  output: \"%proc.name %evt.type %fd.name\"\n  priority: WARNING\n"
                         f"  exceptions:\n    - name: known\n      fields: [proc.name]\n"
                         f"      values: [[ok{i}]]")
        with open(path, "w") as f:
            f.write("\n".join(items) + "\n")
        os.chmod(path, 0o644)
        return path

    def falco_rules_rows(self, s, ours, ours_1, reps):
        """tshark with a 100-rule podshark.falco_rules file against without."""
        rules = ["-o", f"podshark.falco_rules:{self.hundred_rules()}"]
        t_with, t_without = [], []
        for _ in range(reps):
            t_without.append(self.tshark_cpu(ours, [])[0] - self.tshark_cpu(ours_1, [])[0])
            t_with.append(self.tshark_cpu(ours, rules)[0] - self.tshark_cpu(ours_1, rules)[0])
        with_rate = (self.dissect_frames - 1) / max(median(t_with), 0.01)
        without_rate = (self.dissect_frames - 1) / max(median(t_without), 0.01)
        ratio = with_rate / without_rate
        self.row(s, "tshark one-line summary with 100 Falco rules, frames/s", f"{with_rate / 1e3:.0f}k",
                 f"{without_rate / 1e3:.0f}k", f"{ratio:.2f}x", ">= 0.5x",
                 "met" if ratio >= 0.5 else "MISSED")

    # --- report ------------------------------------------------------------------

    def machine(self):
        cpu = "unknown CPU"
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        vulns = "/sys/devices/system/cpu/vulnerabilities"
        mitigated = sum(1 for v in os.listdir(vulns)
                        if open(os.path.join(vulns, v)).read().startswith("Mitigation"))
        tshark = subprocess.run(["tshark", "--version"], capture_output=True, text=True)
        return [f"{cpu}, {os.cpu_count()} CPUs, {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') >> 30} GiB",
                f"Linux {platform.release()}, {mitigated} CPU vulnerabilities mitigated",
                tshark.stdout.splitlines()[0] if tshark.returncode == 0 else "no tshark",
                f"load average at start {os.getloadavg()[0]:.2f} (other tasks share the machine: "
                "figures are medians)",
                f"run as {'root' if self.root else 'an ordinary user (rows needing root skipped)'}"
                f"{', short version (--quick)' if self.quick else ''}"]

    def report(self, machine):
        header = ("what", "value", "baseline", "ratio", "goal", "note")
        lines = ["", "podshark benchmark", *("  " + m for m in machine), ""]
        widths = [max(len(str(r[i + 1])) for r in self.rows + [("",) + header])
                  for i in range(len(header))]
        widths[-1] = 0
        section = None
        fmt = "  ".join(f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths))
        lines.append(fmt.format(*header).rstrip())
        for r in self.rows:
            if r[0] != section:
                section = r[0]
                lines.append(f"[{section}]")
            lines.append(fmt.format(*r[1:]).rstrip())
        for note in sorted(set(self.notes)):
            lines.append(f"note: {note}")
        print("\n".join(lines))

    def run(self):
        machine = self.machine()
        print("podshark benchmark: " + ("short run" if self.quick else "a full run takes ~15 minutes"),
              file=sys.stderr, flush=True)
        try:
            for name in self.sections:
                SECTIONS[name](self)
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)
        self.report(machine)
        for f in self.failures:
            print(f"FAILED: {f}")
        return 1 if self.failures else 0


SECTIONS = {
    "overhead": Bench.section_overhead,
    "peers": Bench.section_peers,
    "rates": Bench.section_rates,
    "flatout": Bench.section_flat_out,
    "memory": Bench.section_memory,
    "dissection": Bench.section_dissection,
}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", default=",".join(SECTIONS),
                   help="comma-separated sections to run: " + ", ".join(SECTIONS))
    p.add_argument("--build", required=True, help="the CMake build folder")
    p.add_argument("--tools", required=True, help="where bench/run.sh built the load tools")
    p.add_argument("--quick", action="store_true", help="the short version (ctest)")
    p.add_argument("--tmpdir", default=None, help="where captures are written (default: $TMPDIR)")
    args = p.parse_args()
    unknown = set(args.only.split(",")) - set(SECTIONS)
    if unknown:
        p.error("unknown section: " + ", ".join(sorted(unknown)))
    return Bench(args).run()


if __name__ == "__main__":
    sys.exit(main())
