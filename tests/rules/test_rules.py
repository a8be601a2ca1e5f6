#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Falco rules over the scenario capture, through tshark and the build's plugin.

Usage: test_rules.py PLUGIN_DIR PROFILES_DIR CAPTURE CHECK [EXTCAP]

CAPTURE is what gen_scenario writes (tests/analysis/README.md lists its
frames).  CHECK is:

  scenario  scenario_rules.yaml: each rule marks exactly the frames HITS says
            (worked out by hand from the frame list and the rules' text), with
            its priority, tags and output; the rules podshark cannot load are
            reported, one line each; every hit's podshark.rule.filter, used as
            -Y, selects the same frames; a second pass (-2) shows the same;
            the expert infos follow the priorities; -z podshark_rules,tree
            counts the hits; a profile whose preferences name the file marks
            the same frames; the profile button "Rule hits" selects them
  bad       bad_rules.yaml and generated hostile files: one line per broken
            rule naming it, the good rule still marks its frame, a file with a
            YAML error keeps the items before it, a folder loads in name
            order, nothing hangs (each tshark run has a time limit)
  filters   EXTCAP --rules-to-filters prints the filters the plugin evaluates
"""
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "profiles"))
from check_profile import ProfileError, Tshark, read_uat, tree_rows  # noqa: E402

# Frames each rule of scenario_rules.yaml marks (tests/analysis/README.md).
HITS = {
    "Terminal shell in container": {3},      # sh in the pod; not ls (host), not curl
    "Read sensitive file": {4, 33},          # 33 through io_uring; not 9 (refused), not 6
                                             # (the exception)
    "Outbound connection": {16},             # 18 is DNS (exception), 21 loopback, 26 host
    "Shadow script": {7, 10},                # unshare and mount of sh -c cat /etc/shadow
    "Ancestors": {18, 21},                   # curl's connects from ports 41000..50000
    "Field comparisons": {16},               # 18 and 21 go to ports 53 and 9000
    "Shadow open": {4, 33},                  # 33: the same open through an SQPOLL ring
    "Host privilege change": {23, 24},       # runc's unshare, sshd's setuid
    "Kubelet calls": {25, 26, 27},           # not nanosleep (28), not mmap (30)
    "Replaced": {29},                        # the second definition: sshd's accept
    "Grandparent": {14},                     # curl's exec: sh, then nginx above it
    "Write only under etc": {8},             # /etc/passwd O_WRONLY; not 27 (O_RDWR)
    "Still running": {29},                   # sshd's unfinished accept; not its setuid (24)
}
PRIORITIES = {  # Falco's numbers
    "Terminal shell in container": 4, "Read sensitive file": 2, "Outbound connection": 5,
    "Shadow script": 3, "Ancestors": 6, "Field comparisons": 7, "Shadow open": 0,
    "Host privilege change": 1, "Kubelet calls": 6, "Replaced": 3, "Grandparent": 5,
    "Write only under etc": 4, "Still running": 6,
}
OUTPUTS = {
    (3, "Terminal shell in container"):
        "Shell in container (shell=sh cmdline=sh -c cat /etc/shadow container=0123456789ab "
        "pod=shop/web-0 dir=<)",
    (4, "Read sensitive file"): "sh read /etc/shadow (flags O_RDONLY)",
    (16, "Outbound connection"): "curl connected to 10.244.1.5:40000->10.0.0.7:443",
    (18, "Ancestors"): "curl parent sh grandparent nginx",
    (16, "Field comparisons"): "443 < 40000",
    (29, "Replaced"): "second sshd",
    (14, "Grandparent"): "curl under nginx",
}
NOT_LOADED = {  # rule -> words its message must have
    "Argument by number": "evt.arg[0]: Falco numbers the parameters of its own event tables",
    "Unknown field": "proc.is_exe_upper_layer",
    "Audit": "source k8s_audit",
}
SEVERITY = {0: "Error", 1: "Error", 2: "Error", 3: "Error", 4: "Warning", 5: "Note",
            6: "Chat", 7: "Chat"}

BAD = {  # rule of bad_rules.yaml -> words of its one-line message
    "Self macro": "macro self refers to itself (self -> self)",
    "Cyclic macros": "macro ping refers to itself (ping -> pong -> ping)",
    "Undefined macro": "'no_such_macro' is neither a macro nor a field comparison",
    "Undefined list": "no_such_list: no list of that name",
    "Bad regex": 'regex "a(b" does not compile',
    "Unknown key": "unknown key 'colour'",
    "Bad priority": "unknown priority 'SEVERE'",
    "Unclosed parenthesis": "')' expected",
    "Transformer": "transformer basename() is not supported",
    "Append to nothing": "not defined before",
    "No output": "no output",
}


class Checker:
    def __init__(self, plugin_dir, profile_dir, capture):
        self.tshark = Tshark(plugin_dir, profile_dir)
        self.work = self.tshark.work
        self.capture = self.put("scenario.pcapng", open(capture, "rb").read())
        self.failures = 0

    def put(self, name, data):
        """A file in the work folder, readable by the user tshark runs as."""
        path = os.path.join(self.work, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        os.chmod(path, 0o644)
        os.chmod(os.path.dirname(path), 0o755)
        return path

    def close(self):
        self.tshark.close()

    def check(self, what, got, expected):
        if got == expected:
            print(f"ok   {what}")
            return
        self.failures += 1
        print(f"FAIL {what}\n     expected: {expected}\n     got:      {got}")

    def run(self, rules, *args, limit=60):
        """tshark with rules as podshark.falco_rules: (stdout, stderr, seconds)."""
        start = time.monotonic()
        r = self.tshark.run("-C", self.tshark.profile, "-r", self.capture,
                            "-o", f"podshark.falco_rules:{rules}", *args)
        took = time.monotonic() - start
        if r.returncode:
            raise ProfileError(f"tshark {' '.join(args)}: exit status {r.returncode}\n"
                               f"{r.stderr.strip()}")
        if took > limit:
            raise ProfileError(f"tshark took {took:.0f} s (limit {limit} s)")
        return r.stdout, r.stderr, took

    def hits(self, rules, *filter_args):
        """{rule name: frames} and {(frame, rule): (priority, tags, output, filter)}."""
        out, err, _ = self.run(rules, *filter_args, "-T", "json",
                               "-e", "frame.number", "-e", "podshark.rule.name",
                               "-e", "podshark.rule.priority", "-e", "podshark.rule.output",
                               "-e", "podshark.rule.filter")
        frames, details = {}, {}
        for packet in json.loads(out or "[]"):
            layers = packet["_source"]["layers"]
            number = int(layers["frame.number"][0])
            for i, name in enumerate(layers.get("podshark.rule.name", [])):
                frames.setdefault(name, set()).add(number)
                details[(number, name)] = (int(layers["podshark.rule.priority"][i]),
                                           layers["podshark.rule.output"][i],
                                           layers["podshark.rule.filter"][i])
        return frames, details, err


def messages_for(err, names):
    """The warning lines that name each rule: {name: [lines]}."""
    found = {name: [] for name in names}
    for line in err.splitlines():
        for name in names:
            if f'rule "{name}" not loaded' in line:
                found[name].append(line)
    return found


def check_scenario(c, profile_dir):
    rules = c.put("rules/scenario_rules.yaml",
                  open(os.path.join(HERE, "scenario_rules.yaml")).read())
    frames, details, err = c.hits(rules)
    for name, expected in HITS.items():
        c.check(f'rule "{name}" marks its frames', frames.get(name, set()), expected)
    c.check("no other rule marks a frame", sorted(set(frames) - set(HITS)), [])
    # Later passes (tshark -2, Wireshark selecting a packet) show what the
    # first pass found: Wireshark builds the rules' fields on the first only.
    frames2, details2, _ = c.hits(rules, "-2")
    c.check("two passes (-2): the same rules on the same frames, the same outputs",
            (frames2, details2), (frames, details))
    for (frame, name), (prio, _, _) in sorted(details.items()):
        if prio != PRIORITIES[name]:
            c.check(f'frame {frame} "{name}" priority', prio, PRIORITIES[name])
    c.check("every hit has its rule's priority",
            sorted({n for (_, n), d in details.items() if d[0] != PRIORITIES[n]}), [])
    for key, expected in OUTPUTS.items():
        c.check(f"frame {key[0]} {key[1]}: output", details.get(key, (0, None))[1], expected)
    c.check("frame 4 satisfies two rules",
            sorted(n for (f, n) in details if f == 4), ["Read sensitive file", "Shadow open"])
    msgs = messages_for(err, NOT_LOADED)
    for name, words in NOT_LOADED.items():
        c.check(f'rule "{name}": one line says why it is not loaded',
                [words in line for line in msgs[name]], [True])
    c.check("disabled rules are not loaded and not reported",
            [l for l in err.splitlines() if "Disabled" in l], [])
    c.check("the load summary counts the rules", "14 loaded, 2 disabled" in err, True)

    # The translation is what runs: each rule's filter as -Y selects its frames.
    filters = {name: d[2] for (_, name), d in details.items()}
    for name, display_filter in sorted(filters.items()):
        out, _, _ = c.run("", "-Y", display_filter, "-T", "fields", "-e", "frame.number")
        c.check(f'"{name}" as a display filter selects the same frames',
                {int(n) for n in out.split()}, HITS[name])

    # Expert infos: severity from the priority.
    out, _, _ = c.run(rules, "-T", "json", "-e", "frame.number", "-e", "_ws.expert.severity",
                      "-e", "_ws.expert.message")
    experts = set()
    for packet in json.loads(out or "[]"):
        layers = packet["_source"]["layers"]
        for sev, text in zip(layers.get("_ws.expert.severity", []),
                             layers.get("_ws.expert.message", [])):
            experts.add((int(layers["frame.number"][0]), sev, text.split(" (")[0]))
    want = {(f, str(SEVERITY[PRIORITIES[n]]), n) for n, fs in HITS.items() for f in fs}
    sev_names = {"Error": "8388608", "Warning": "6291456", "Note": "4194304", "Chat": "2097152"}
    want = {(f, sev_names[s], n) for f, s, n in want}
    c.check("an expert info per hit, severity from the priority", want - experts, set())

    # The statistics tree: hits per rule, per pod, per process.
    out, _, _ = c.run(rules, "-q", "-z", "podshark_rules,tree")
    rows = {path: int(columns[0]) for path, columns in tree_rows(out).items()}
    c.check("-z podshark_rules,tree: total hits", rows.get(("Falco rule hits",)), 20)
    for (rule, pod, proc), count in {
            ("Kubelet calls", "host", "kubelet"): 3,
            ("Shadow script", "shop/web-0", "sh"): 2,
            ("Ancestors", "shop/web-0", "curl"): 2,
            ("Host privilege change", "host", "runc"): 1,
            ("Host privilege change", "host", "sshd"): 1}.items():
        c.check(f"-z podshark_rules,tree: {rule} / {pod} / {proc}",
                rows.get(("Falco rule hits", rule, pod, proc)), count)

    # The preference stored in a profile: the profile carries its rules.
    profile = os.path.join(c.tshark.home, ".config", "wireshark", "profiles", "with-rules")
    os.makedirs(profile)
    with open(os.path.join(profile, "preferences"), "w") as f:
        f.write(f"podshark.falco_rules: {rules}\n")
    if os.getuid() == 0:
        shutil.chown(profile, os.environ.get("TSHARK_USER", "nobody"))
    r = c.tshark.run("-C", "with-rules", "-r", c.capture, "-Y", "podshark.rule", "-T", "fields",
                     "-e", "frame.number")
    c.check("a profile whose preferences name the rules marks the same frames",
            {int(n) for n in r.stdout.split()}, set().union(*HITS.values()))

    # The profile button selects the same frames.
    buttons = {label: text for _, (_, label, text, _) in
               read_uat(os.path.join(profile_dir, "dfilter_buttons"), 4)}
    c.check('the profile has a "Rule hits" button', "Rule hits" in buttons, True)
    if "Rule hits" in buttons:
        out, _, _ = c.run(rules, "-Y", buttons["Rule hits"], "-T", "fields", "-e", "frame.number")
        c.check('"Rule hits" selects every marked frame', {int(n) for n in out.split()},
                set().union(*HITS.values()))


def check_bad(c):
    rules = c.put("bad/bad_rules.yaml", open(os.path.join(HERE, "bad_rules.yaml")).read())
    frames, _, err = c.hits(rules)
    c.check('the good rule among bad ones marks frames 4 and 33 (io_uring)', frames, {"Good": {4, 33}})
    msgs = messages_for(err, BAD)
    for name, words in BAD.items():
        c.check(f'"{name}": one line naming the rule says why',
                [words in line for line in msgs[name]], [True])
    c.check("a scalar item is reported", "not a list, macro or rule" in err, True)

    # Hostile sizes: deep parentheses, a 1 MB condition, a macro that doubles
    # 40 times; each a message, the good rule after them still loads.
    def rule(name, condition):
        return f"- rule: {name}\n  desc: x\n  condition: {condition}\n  output: x\n  priority: DEBUG\n"
    doubling = "".join(f"- macro: m{i}\n  condition: m{i - 1} or m{i - 1}\n" for i in range(1, 41))
    hostile = ("- macro: m0\n  condition: proc.name = a\n" + doubling +
               rule("Deep", "(" * 5000 + "proc.name = a" + ")" * 5000) +
               rule("Huge", " or ".join(["proc.name = aaaaaaaaaa"] * 45000)) +
               rule("Bomb", "m40") +
               rule("Good after", "evt.type = openat and fd.name = /etc/shadow"))
    path = c.put("hostile/hostile.yaml", hostile)
    frames, _, err = c.hits(path)
    c.check("hostile file: the good rule loads", frames, {"Good after": {4, 33}})
    msgs = messages_for(err, ["Deep", "Huge", "Bomb"])
    c.check("deep parentheses: one line", [("nested more than" in l) for l in msgs["Deep"]], [True])
    c.check("1 MB condition: one line", [("more than" in l) for l in msgs["Huge"]], [True])
    c.check("macro bomb: one line",
            [("more than" in l or "beyond" in l) for l in msgs["Bomb"]], [True])

    # A folder: files in name order; a YAML error keeps the items before it.
    folder = os.path.join(c.work, "folder")
    c.put("folder/10-base.yaml", rule("From ten", "evt.type = setuid") +
          "- list: users\n  items: [sshd]\n")
    c.put("folder/20-broken.yaml", rule("Before error", "evt.type = mount") +
          "- rule: [unclosed\n" + rule("After error", "evt.type = unshare"))
    c.put("folder/30-append.yaml", "- list: users\n  append: true\n  items: [runc]\n" +
          rule("Uses list", "proc.name in (users) and container.id = host"))
    c.put("folder/notes.txt", "not yaml, not loaded")
    frames, _, err = c.hits(folder)
    c.check("folder: rules of every file, in name order", frames,
            {"From ten": {24}, "Before error": {10}, "Uses list": {23, 24, 29}})
    c.check("folder: the YAML error is one line naming the file and line",
            [l for l in err.splitlines() if "20-broken.yaml" in l and "YAML error" in l] != [],
            True)


def check_filters(c, extcap):
    r = subprocess.run([extcap, "--rules-to-filters", os.path.join(HERE, "scenario_rules.yaml")],
                       capture_output=True, text=True, check=False)
    printed = {}
    lines = r.stdout.splitlines()
    for title, text in zip(lines[0::2], lines[1::2]):
        printed[title[2:].rsplit(" (", 1)[0]] = text
    rules = c.put("rules/scenario_rules.yaml",
                  open(os.path.join(HERE, "scenario_rules.yaml")).read())
    _, details, _ = c.hits(rules)
    evaluated = {name: d[2] for (_, name), d in details.items()}
    c.check("--rules-to-filters prints the filter each rule is evaluated with",
            {n: printed.get(n) for n in evaluated}, evaluated)
    c.check("--rules-to-filters reports the rules it cannot translate",
            sorted(n for n in NOT_LOADED if f'rule "{n}" not loaded' in r.stderr),
            ["Argument by number", "Audit"])


def main(argv):
    if len(argv) not in (5, 6):
        print(__doc__, file=sys.stderr)
        return 2
    plugin_dir, profiles_dir, capture, check = argv[1:5]
    profile_dir = os.path.join(profiles_dir, "podshark-k8s-security")
    c = Checker(plugin_dir, profile_dir, capture)
    try:
        if check == "scenario":
            check_scenario(c, profile_dir)
        elif check == "bad":
            check_bad(c)
        elif check == "filters" and len(argv) == 6:
            check_filters(c, argv[5])
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
