# SPDX-License-Identifier: GPL-2.0-or-later
"""The tools a Linux user would pick instead of podshark to record every system
call with its arguments into a file, each run the way its users run it, for
the bench's "peers" section (bench/podshark_bench.py).

A peer is a context manager: on entry it starts recording (system-wide, or
returns a command prefix for the timed loop, as strace needs), on exit it
stops and undoes everything it set up (audit rules, the daemon it started,
BPF programs).  unavailable() says why a peer cannot run here, or None.
"""
import os
import shutil
import signal
import subprocess
import time


def wait_until(predicate, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def stop(proc, sig=signal.SIGINT, seconds=30):
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Peer:
    name = ""
    package = ""   # the Debian package (make bench installs it)
    program = ""   # what must be on PATH
    slowdown = 1   # calls are divided by this: ptrace and audit are 100x slower

    def __init__(self, out):
        self.out = out  # the file it records into
        self.prefix = []  # what the timed loop runs under

    def unavailable(self):
        if not shutil.which(self.program):
            return f"not installed (Debian {self.package}; make bench installs it)"
        return None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class Strace(Peer):
    """strace -f: ptrace stops the traced process at every call."""
    name, package, program, slowdown = "strace -f", "strace", "strace", 200

    def __enter__(self):
        self.prefix = ["strace", "-f", "-qq", "-o", self.out]
        return self


class Background(Peer):
    """A system-wide recorder started before the loop and stopped after it."""

    def command(self):
        raise NotImplementedError

    def failure(self, last_line):
        """Why it did not start, from the last line it printed."""
        return last_line[:100]

    def attached(self):
        """Whether it records yet (its output file says so)."""
        return os.path.exists(self.out) and os.path.getsize(self.out) > 0

    def __enter__(self):
        self.log = open(self.out + ".log", "w")
        self.proc = subprocess.Popen(self.command(), stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        if not wait_until(lambda: self.proc.poll() is not None or self.attached(), 30) or \
                self.proc.poll() is not None:
            self.__exit__()
            with open(self.out + ".log") as f:
                lines = [line.strip() for line in f if line.strip()]
            raise RuntimeError(self.failure(lines[-1]) if lines else f"{self.name} did not start")
        time.sleep(1)  # the rest of its probes
        return self

    def __exit__(self, *exc):
        stop(self.proc)
        self.log.close()
        return False


class PerfTrace(Background):
    name, package, program, slowdown = "perf trace -a", "linux-perf", "perf", 100

    def command(self):
        return ["perf", "trace", "-a", "-o", self.out]


class Bpftrace(Background):
    """bpftrace printing every call's arguments at entry and its result at exit."""
    name, package, program, slowdown = "bpftrace, every call printed", "bpftrace", "bpftrace", 20
    SCRIPT = ('tracepoint:raw_syscalls:sys_enter { printf("%d %d %s %d %lx %lx %lx %lx %lx %lx\\n",'
              ' nsecs, tid, comm, args->id, args->args[0], args->args[1], args->args[2],'
              ' args->args[3], args->args[4], args->args[5]); }'
              ' tracepoint:raw_syscalls:sys_exit { printf("%d %d %d\\n", nsecs, tid, args->ret); }')

    def command(self):
        return ["bpftrace", "-o", self.out, "-e", self.SCRIPT]


class Sysdig(Background):
    name, package, program, slowdown = "sysdig -w", "sysdig", "sysdig", 20

    def command(self):
        return ["sysdig", "-w", self.out]

    def failure(self, last_line):
        # its kernel module (or a BPF probe built for this very kernel) is needed
        return "its driver did not load: " + last_line.split(". ")[0][:70]


class Auditd(Peer):
    """Linux audit with a rule for every 64-bit call, logged by auditd to its
    file (/var/log/audit/audit.log). The
    rule carries a key of its own so that removing it touches no other rule;
    a daemon and an enabled flag that were not there before are undone."""
    name, package, program, slowdown = "auditd, -a exit,always -S all", "auditd", "auditctl", 100
    RULE = ["always,exit", "-F", "arch=b64", "-S", "all", "-F", "key=podshark-bench"]

    def status(self):
        r = subprocess.run(["auditctl", "-s"], capture_output=True, text=True)
        return dict(line.split(" ", 1) for line in r.stdout.splitlines() if " " in line)

    def __enter__(self):
        before = self.status()
        self.was_enabled = before.get("enabled", "0")
        self.daemon = None
        if before.get("pid", "0") == "0":
            os.makedirs("/var/log/audit", exist_ok=True)
            self.daemon = subprocess.Popen(["auditd", "-n"], stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)
            if not wait_until(lambda: self.status().get("pid", "0") != "0", 10):
                self.__exit__()
                raise RuntimeError("auditd did not start")
        r = subprocess.run(["auditctl", "-a", *self.RULE], capture_output=True, text=True)
        if r.returncode:
            self.__exit__()
            raise RuntimeError("auditctl: " + (r.stderr.strip() or r.stdout.strip())[:120])
        self.rule_added = True
        return self

    def __exit__(self, *exc):
        if getattr(self, "rule_added", False):
            subprocess.run(["auditctl", "-d", *self.RULE], capture_output=True)
            self.rule_added = False
        if self.daemon:
            stop(self.daemon, signal.SIGTERM)
        if self.was_enabled == "0":
            subprocess.run(["auditctl", "-e", "0"], capture_output=True)
        return False


PEERS = [Strace, PerfTrace, Bpftrace, Auditd, Sysdig]
