#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The profiles, expert infos and statistics on the scenario capture.

Usage: test_analysis.py PLUGIN_DIR PROFILES_DIR CAPTURE CHECK [PROFILE]

CAPTURE is what gen_scenario writes (README.md lists its frames).  CHECK is:

  buttons PROFILE   every filter button of profiles/PROFILE/dfilter_buttons
                    selects exactly the frames BUTTONS says
  colours PROFILE   every colouring rule of profiles/PROFILE/colorfilters
                    selects exactly the frames COLOUR_RULES says, and with the
                    rules in their order each frame gets the colour COLOURED
                    says (tshark --color, frame.coloring_rule.name)
  expert            the expert infos of every frame: severity and message
  stats             every podshark -z tree prints exactly the rows STATS says

The buttons and rules are read from the profile files, so a button or rule
without an expectation here fails, as does an expectation without one.  All
expectations were worked out by hand from README.md's frame list and the
filters' text, not copied from tshark.  tshark runs as check_profile.py runs
it (tests/profiles): temporary HOME with the profile, the build's plugin, and
as root it drops to TSHARK_USER.
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "profiles"))
from check_profile import (ProfileError, Tshark, read_colorfilters, read_uat,  # noqa: E402
                           tree_rows)

POD = "shop/web-0"

# Frames each filter button must select (README.md: which frame is what).
BUTTONS = {
    "podshark-k8s-security": {
        "Execs in pods": {3, 14},                      # sh and curl; not the host's ls (1)
        "Shells in containers": {3},                   # curl (14) is not a shell
        "Namespace escapes": {7},                      # not runc's unshare on the host (23)
        "Sensitive file reads": {4, 6, 9, 33},         # shadow, token, sudoers (refused too),
                                                       # shadow again through io_uring
        "New listening sockets": {13},
        "Outbound by pod": {16, 18},                   # not loopback (21), not kubelet (26)
        "Permission denied": {9, 10},
        "DNS by pod": {18, 19},                        # the connect to :53 and the query
        "Privilege changes": {7, 10, 23, 24},          # pod and host alike
        "System file writes": {8, 27},                 # /etc/passwd, kubelet.conf (O_RDWR)
        "io_uring": {32, 33},                          # the ring, and the open through it
        "Rule hits": set(),                            # no Falco rules loaded (tests/rules)
    },
    "podshark-syscalls": {
        "Failed": {9, 10, 16, 22},                     # EINPROGRESS is a failure too
        "Not found": {22},
        "Denied": {9, 10},
        "Slow (over 1 ms)": {28, 29},                  # 15 ms sleep, 2 s unfinished accept
        "Files": {2, 4, 5, 6, 8, 9, 22, 27, 32, 33},   # io_uring_setup is a file call
        "Network": {11, 12, 13, 15, 16, 17, 18, 20, 21, 25, 26, 29},
        "Processes": {1, 3, 14},
        "Execs": {1, 3, 14},
        "Security": {7, 10, 23, 24},
        "Unfinished": {29},
        "Events lost": {31},
        "io_uring": {32, 33},
    },
}

# Frames each colouring rule's filter selects on its own.
COLOUR_RULES = {
    "podshark-k8s-security": {
        "Credential file read": {4, 6, 9, 33},
        "Namespace or privilege change": {7, 10, 23, 24},
        "Write under /etc, /usr, /bin": {8, 27},
        "io_uring": {32, 33},
        "Exec in a container": {3, 14},
        "Outbound connection": {16, 18, 26},           # the host's kubelet too
        "Failed call": {9, 10, 16, 22},
        "DNS": {19},
    },
    "podshark-syscalls": {
        "Events lost": {31},
        "Failed call": {9, 10, 16, 22},
        "Unfinished call": {29},
        "io_uring": {32, 33},
        "Slow call (over 10 ms)": {28, 29},
        "Process lifecycle": {1, 3, 14},
        "Security": {7, 10, 23, 24},
        "File": {2, 4, 5, 6, 8, 9, 22, 27, 32, 33},
        "Network": {11, 12, 13, 15, 16, 17, 18, 20, 21, 25, 26, 29},
        "Memory": {30},
    },
}

# The rule that colours each frame (the first that matches); frames not
# listed have no colour.
COLOURED = {
    "podshark-k8s-security": {
        3: "Exec in a container", 4: "Credential file read", 6: "Credential file read",
        7: "Namespace or privilege change", 8: "Write under /etc, /usr, /bin",
        9: "Credential file read", 10: "Namespace or privilege change",
        14: "Exec in a container", 16: "Outbound connection", 18: "Outbound connection",
        19: "DNS", 22: "Failed call", 23: "Namespace or privilege change",
        24: "Namespace or privilege change", 26: "Outbound connection",
        27: "Write under /etc, /usr, /bin", 32: "io_uring", 33: "Credential file read",
    },
    "podshark-syscalls": {
        1: "Process lifecycle", 2: "File", 3: "Process lifecycle", 4: "File", 5: "File",
        6: "File", 7: "Security", 8: "File", 9: "Failed call", 10: "Failed call",
        11: "Network", 12: "Network", 13: "Network", 14: "Process lifecycle", 15: "Network",
        16: "Failed call", 17: "Network", 18: "Network", 20: "Network", 21: "Network",
        22: "Failed call", 23: "Security", 24: "Security", 25: "Network", 26: "Network",
        27: "File", 28: "Slow call (over 10 ms)", 29: "Unfinished call", 30: "Memory",
        31: "Events lost", 32: "io_uring", 33: "io_uring",
    },
}

# Expert infos per frame: (severity, message).  Warnings in the container,
# notes for the same on the host, chats for listeners and outbound.
EXPERT = {
    3: [("Warning", f"Shell sh started in {POD}")],
    4: [("Warning", f"Credential file read: /etc/shadow (sh, {POD})")],
    6: [("Warning", "Credential file read: "
         f"/var/run/secrets/kubernetes.io/serviceaccount/token (sh, {POD})")],
    7: [("Warning", f"Namespace or privilege change: unshare (sh, {POD})")],
    8: [("Warning", f"System file opened for writing: /etc/passwd (sh, {POD})")],
    9: [("Warning", f"Credential file read: /etc/sudoers, failed with EACCES (sh, {POD})"),
        ("Note", f"Permission denied: openat, failed with EACCES (sh, {POD})")],
    10: [("Warning", f"Namespace or privilege change: mount, failed with EPERM (sh, {POD})"),
         ("Note", f"Permission denied: mount, failed with EPERM (sh, {POD})")],
    13: [("Chat", f"New listening socket: 0.0.0.0:8080 (nginx, {POD})")],
    16: [("Chat", f"Outbound connection: 10.0.0.7:443 (curl, {POD})")],
    18: [("Chat", f"Outbound connection: 10.96.0.10:53 (curl, {POD})")],
    23: [("Note", "Namespace or privilege change: unshare (runc, host)")],
    24: [("Note", "Namespace or privilege change: setuid (sshd, host)")],
    27: [("Note", "System file opened for writing: /etc/kubernetes/kubelet.conf (kubelet, host)")],
    31: [("Warning", "4 events lost here")],
    32: [("Warning", f"io_uring ring set up (fd 3) (miner, {POD})"),
         ("Warning", "SQPOLL io_uring ring (fd 3): a kernel thread submits its requests, "
          f"without system calls (miner, {POD})")],
    33: [("Warning", f"Credential file read: /etc/shadow (miner, {POD})")],
}
SEVERITIES = {0x200000: "Chat", 0x400000: "Note", 0x600000: "Warning", 0x800000: "Error"}

# The rows of each tree: name -> count, or (count, children).  The latency
# tree: name -> (count, mean, max) in microseconds, from README.md's latencies.
STATS = {
    "podshark_pods": {"System calls by pod": (31, {
        POD: (21, {"execve": 2, "openat": 6, "read": 1, "unshare": 1, "mount": 1, "socket": 4,
                   "bind": 1, "listen": 1, "connect": 3, "io_uring_setup": 1}),
        "host": (10, {"execve": 1, "openat": 2, "unshare": 1, "setuid": 1, "socket": 1,
                      "connect": 1, "nanosleep": 1, "accept": 1, "mmap": 1}),
    })},
    "podshark_procs": {"System calls by process": (31, {
        "ls": (2, {"execve": 1, "openat": 1}),
        "sh": (8, {"execve": 1, "openat": 4, "read": 1, "unshare": 1, "mount": 1}),
        "nginx": (4, {"socket": 1, "bind": 1, "listen": 1, "openat": 1}),
        "curl": (7, {"execve": 1, "socket": 3, "connect": 3}),
        "runc": (1, {"unshare": 1}),
        "sshd": (2, {"setuid": 1, "accept": 1}),
        "kubelet": (5, {"socket": 1, "connect": 1, "openat": 1, "nanosleep": 1, "mmap": 1}),
        "miner": (2, {"io_uring_setup": 1, "openat": 1}),
    })},
    "podshark_errors": {"Errors by system call": (4, {
        "openat": (2, {"EACCES": 1, "ENOENT": 1}),
        "mount": (1, {"EPERM": 1}),
        "connect": (1, {"EINPROGRESS": 1}),
    })},
    "podshark_files": {"Opens by pod": (8, {
        POD: (6, {"/etc/shadow": 2, "/var/run/secrets/kubernetes.io/serviceaccount/token": 1,
                  "/etc/passwd": 1, "/etc/sudoers": 1, "/etc/nginx/missing.conf": 1}),
        "host": (2, {"/etc/hostname": 1, "/etc/kubernetes/kubelet.conf": 1}),
    })},
    "podshark_conns": {"Connections by pod": (5, {
        POD: (4, {"outbound": (3, {"10.0.0.7:443/tcp": 1, "10.96.0.10:53/udp": 1,
                                   "127.0.0.1:9000/tcp": 1}),
                  "listening": (1, {"0.0.0.0:8080/tcp": 1})}),
        "host": (1, {"outbound": (1, {"10.0.0.8:6443/tcp": 1})}),
    })},
}
# The unfinished accept (29) has no latency yet: 30 calls.  The root's mean:
# 17072 us in all (2000 execve + 24.5 openat + 18 connect + 15000 nanosleep
# + 10 io_uring_setup + 19.5 for the rest) / 30.
LATENCY = {
    ("Latency by system call (us)",): (30, 17072 / 30, 15000),
    ("Latency by system call (us)", "execve"): (3, 2000 / 3, 800),
    ("Latency by system call (us)", "openat"): (8, 24.5 / 8, 6),
    ("Latency by system call (us)", "read"): (1, 1, 1),
    ("Latency by system call (us)", "unshare"): (2, 3.5, 4),
    ("Latency by system call (us)", "mount"): (1, 2.5, 2.5),
    ("Latency by system call (us)", "socket"): (5, 1, 1),
    ("Latency by system call (us)", "bind"): (1, 1, 1),
    ("Latency by system call (us)", "listen"): (1, 1, 1),
    ("Latency by system call (us)", "connect"): (4, 4.5, 9),
    ("Latency by system call (us)", "setuid"): (1, 1, 1),
    ("Latency by system call (us)", "nanosleep"): (1, 15000, 15000),
    ("Latency by system call (us)", "mmap"): (1, 1, 1),
    ("Latency by system call (us)", "io_uring_setup"): (1, 10, 10),
}


class Checker:
    def __init__(self, plugin_dir, profile_dir, capture):
        self.tshark = Tshark(plugin_dir, profile_dir)
        self.capture = os.path.join(self.tshark.work, "scenario.pcapng")
        shutil.copyfile(capture, self.capture)
        os.chmod(self.capture, 0o644)
        self.failures = 0

    def close(self):
        self.tshark.close()

    def check(self, what, got, expected):
        if got == expected:
            print(f"ok   {what}")
            return
        self.failures += 1
        print(f"FAIL {what}\n     expected: {expected}\n     got:      {got}")

    def tshark_out(self, *args):
        r = self.tshark.run("-C", self.tshark.profile, "-r", self.capture, *args)
        if r.returncode or r.stderr:
            raise ProfileError(f"tshark {' '.join(args)}: exit status {r.returncode}\n"
                               f"{r.stderr.strip()}")
        return r.stdout

    def frames(self, display_filter):
        out = self.tshark_out("-Y", display_filter, "-T", "fields", "-e", "frame.number")
        return {int(n) for n in out.split()}

    def check_selections(self, kind, filters, expected):
        for name, display_filter in filters:
            if name not in expected:
                self.check(f'{kind} "{name}" has an expectation in this test', False, True)
                continue
            self.check(f'{kind} "{name}" selects its frames', self.frames(display_filter),
                       expected[name])
        missing = sorted(set(expected) - {name for name, _ in filters})
        self.check(f"every expected {kind} is in the profile", missing, [])


def check_buttons(c, profile_dir, profile):
    buttons = [(label, text) for _, (_, label, text, _) in
               read_uat(os.path.join(profile_dir, "dfilter_buttons"), 4)]
    c.check_selections("button", buttons, BUTTONS[profile])


def check_colours(c, profile_dir, profile):
    rules = [(name, text) for _, name, text in
             read_colorfilters(os.path.join(profile_dir, "colorfilters"))]
    c.check_selections("colouring rule", rules, COLOUR_RULES[profile])
    out = c.tshark_out("--color", "-T", "fields", "-e", "frame.number",
                       "-e", "frame.coloring_rule.name")
    coloured = {}
    for line in out.splitlines():
        number, _, rule = line.partition("\t")
        if rule:
            coloured[int(number)] = rule
    c.check("each frame has the colour of the first rule it matches", coloured,
            COLOURED[profile])


def check_expert(c):
    out = c.tshark_out("-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|",
                       "-e", "frame.number", "-e", "_ws.expert.severity",
                       "-e", "_ws.expert.message")
    got = {}
    for line in out.splitlines():
        number, severities, messages = line.split("\t")
        if severities:
            got[int(number)] = [(SEVERITIES.get(int(s), s), m)
                                for s, m in zip(severities.split("|"), messages.split("|"))]
    for number in sorted(set(got) | set(EXPERT)):
        c.check(f"frame {number}: expert infos", got.get(number, []), EXPERT.get(number, []))


def flatten(tree, prefix=()):
    rows = {}
    for name, value in tree.items():
        count, children = value if isinstance(value, tuple) else (value, {})
        rows[prefix + (name,)] = count
        rows.update(flatten(children, prefix + (name,)))
    return rows


def check_stats(c):
    for abbr, tree in STATS.items():
        rows = tree_rows(c.tshark_out("-q", "-z", f"{abbr},tree"))
        got = {path: int(columns[0]) for path, columns in rows.items()}
        c.check(f"-z {abbr},tree: rows and counts", got, flatten(tree))
    rows = tree_rows(c.tshark_out("-q", "-z", "podshark_latency,tree"))
    got = {path: (int(col[0]), float(col[1]), float(col[3])) for path, col in rows.items()}
    c.check("-z podshark_latency,tree: the calls", sorted(got), sorted(LATENCY))
    for path, (count, mean, maximum) in LATENCY.items():
        have = got.get(path, (None, 0.0, 0.0))
        # the tree prints the mean with 2 decimals and the maximum with 6
        close = have[0] == count and abs(have[1] - mean) <= 0.005 and abs(have[2] - maximum) < 1e-3
        c.check(f"-z podshark_latency,tree: {path[-1]} count, mean, max",
                have if not close else (count, mean, maximum), (count, mean, maximum))


def main(argv):
    if len(argv) not in (5, 6):
        print(__doc__, file=sys.stderr)
        return 2
    plugin_dir, profiles_dir, capture, check = argv[1:5]
    profile = argv[5] if len(argv) == 6 else "podshark-k8s-security"
    profile_dir = os.path.join(profiles_dir, profile)
    c = Checker(plugin_dir, profile_dir, capture)
    try:
        if check == "buttons":
            check_buttons(c, profile_dir, profile)
        elif check == "colours":
            check_colours(c, profile_dir, profile)
        elif check == "expert":
            check_expert(c)
        elif check == "stats":
            check_stats(c)
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except ProfileError as e:
        c.check(check, str(e), "no error")
    finally:
        c.close()
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
