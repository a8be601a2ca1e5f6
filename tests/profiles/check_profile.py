#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks one Wireshark configuration profile of profiles/ against tshark.

Usage: check_profile.py PLUGIN_DIR PROFILE_DIR CHECK

PLUGIN_DIR is the value for WIRESHARK_PLUGIN_DIR (the build's plugins folder);
PROFILE_DIR a folder of profiles/.  CHECK is one of:

  load             tshark loads the profile (-C, with colouring rules) without
                   a single warning: every file parses and every rule compiles
  preferences      the packet list has the triage columns, tshark reads them
                   as written, and every custom column names a registered field
  colorfilters     every colouring rule compiles
  dfilter_buttons  every filter button compiles; there are at least 8
  dfilters         every saved filter compiles
  dfilter_macros   every macro has an example use, and each example compiles

Each file is parsed the way Wireshark 4.0 reads it (epan/uat_load.l,
ui/filter_files.c, epan/color_filters.c, epan/prefs.c), and every filter is
compiled by tshark with the plugin and the profile active (-C), so macros
come from the profile itself.  tshark runs with a temporary HOME holding only
this profile; as root it drops to TSHARK_USER (default nobody) because root's
tshark ignores WIRESHARK_PLUGIN_DIR.  A filter that does not compile is shown
with tshark's error and the field names in it that tshark does not know.
Environment: TSHARK (default tshark), TSHARK_USER, TSHARK_GROUP.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

# Columns a security engineer triages with (the list): title -> field.
TRIAGE_FIELDS = ["evt.hostname", "k8s.ns.name", "k8s.pod.name", "container.name", "proc.name",
                 "proc.pid", "evt.type", "evt.res", "evt.latency"]
MIN_BUTTONS = 8
# Words of the display-filter language that look like field names.
FILTER_WORDS = {"and", "or", "not", "xor", "in", "contains", "matches", "eq", "ne", "gt", "lt",
                "ge", "le", "any", "all", "bitwise_and", "true", "false"}
STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')
FIELD_NAME = re.compile(r"(?<![\w.$-])[A-Za-z_][\w-]*(?:\.[\w-]+)*")


class ProfileError(Exception):
    pass


def content_lines(path):
    """(line number, text) of every line that is neither blank nor a # comment."""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            text = line.rstrip("\r\n")
            if text.strip() and not text.lstrip().startswith("#"):
                yield number, text


def uat_unescape(text):
    """A quoted UAT field's value: \\xHH is a byte, \\c is c (epan/uat.c uat_unesc)."""
    out = bytearray()
    raw = text.encode("utf-8")
    i = 0
    while i < len(raw):
        if raw[i] == 0x5C and i + 1 < len(raw):
            if raw[i + 1] == ord("x") and i + 3 < len(raw):
                out.append(int(raw[i + 2:i + 4], 16))
                i += 4
                continue
            out.append(raw[i + 1])
            i += 2
            continue
        out.append(raw[i])
        i += 1
    return out.decode("utf-8")


UAT_FIELD = re.compile(r'\s*"((?:[^"\\]|\\.)*)"\s*(,|$)')


def read_uat(path, ncols):
    """Records of a UAT file: each line is ncols quoted fields separated by commas.

    Wireshark's lexer ends a quoted field at the first double quote even after
    a backslash, so a quote inside a field must be written \\x22."""
    records = []
    for number, text in content_lines(path):
        fields = []
        pos = 0
        while pos < len(text):
            m = UAT_FIELD.match(text, pos)
            if not m:
                raise ProfileError(f"{path}:{number}: not a quoted field at column {pos + 1}")
            if '\\"' in m.group(1):
                raise ProfileError(f"{path}:{number}: write a quote inside a field as \\x22")
            fields.append(uat_unescape(m.group(1)))
            pos = m.end()
        if len(fields) != ncols:
            raise ProfileError(f"{path}:{number}: {len(fields)} fields, expected {ncols}")
        records.append((number, fields))
    return records


def read_dfilters(path):
    """(line, name, filter) of a saved-filters file: lines of "name" filter.

    ui/filter_files.c knows no comments: every line must be a filter."""
    filters = []
    with open(path, encoding="utf-8") as f:
        data = f.read()
    if data and not data.endswith("\n"):
        raise ProfileError(f"{path}: the last line has no newline (Wireshark drops it)")
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        m = re.match(r'\s*"((?:[^"\\]|\\.)*)"\s+(\S.*)$', line)
        if not m:
            raise ProfileError(f'{path}:{number}: not a line of the form "name" filter')
        name = re.sub(r"\\(.)", r"\1", m.group(1))
        filters.append((number, name, m.group(2)))
    return filters


COLOR_RULE = re.compile(r"!?@([^@]+)@([^@]+)@\[(\d+),(\d+),(\d+)\]\[(\d+),(\d+),(\d+)\]\s*$")


def read_colorfilters(path):
    """(line, name, filter) of a colouring-rules file: @name@filter@[fg][bg]."""
    rules = []
    for number, text in content_lines(path):
        m = COLOR_RULE.match(text)
        if not m:
            raise ProfileError(f"{path}:{number}: not a rule of the form "
                               "@name@filter@[background r,g,b][foreground r,g,b]")
        if any(int(c) > 65535 for c in m.groups()[2:]):
            raise ProfileError(f"{path}:{number}: a colour component is above 65535")
        rules.append((number, m.group(1), m.group(2)))
    return rules


def read_column_format(text):
    """[(title, format)] of the gui.column.format preference in a preferences text."""
    m = re.search(r"^gui\.column\.format:[ \t]*((?:.*\n?)(?:[ \t].*\n?)*)", text, re.M)
    if not m:
        return None
    values = [v.replace('\\"', '"') for v in re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))]
    if len(values) % 2:
        raise ProfileError("gui.column.format has an odd number of strings")
    return list(zip(values[0::2], values[1::2]))


def custom_field(fmt):
    """The field of a custom column format %Cus:FIELD:OCCURRENCE:R, else None."""
    m = re.fullmatch(r"%Cus:([^:]+):\d+:[RU]", fmt)
    return m.group(1) if m else None


def tree_rows(output):
    """{path: [columns]} of the rows of a stats_tree's text (tshark -z NAME,tree),
    path by indentation; columns split where two spaces or more part them, as
    every Wireshark version lays them out (their widths differ)."""
    rows, stack = {}, []
    lines = output.splitlines()
    dashes = [i for i, line in enumerate(lines) if re.fullmatch(r"-{20,}", line)]
    if len(dashes) < 2:
        raise ProfileError(f"no stats tree in:\n{output}")
    for line in lines[dashes[0] + 1:dashes[1]]:
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip(" "))
        columns = re.split(r"\s{2,}", line.strip())
        stack[depth:] = [columns[0]]
        rows[tuple(stack)] = columns[1:]
    return rows


def field_names(display_filter):
    """Names in a display filter that can only be fields or protocols."""
    code = STRING_LITERAL.sub('""', display_filter)
    return sorted({n for n in FIELD_NAME.findall(code) if n.lower() not in FILTER_WORDS})


class Tshark:
    """tshark as an unprivileged user, with the build's plugin and one profile."""

    def __init__(self, plugin_dir, profile_dir):
        self.profile = os.path.basename(os.path.normpath(profile_dir))
        self.work = tempfile.mkdtemp(prefix="podshark-profile.")
        self.home = os.path.join(self.work, "home")
        profiles = os.path.join(self.home, ".config", "wireshark", "profiles")
        shutil.copytree(profile_dir, os.path.join(profiles, self.profile))
        self.capture = os.path.join(self.work, "empty.pcap")
        with open(self.capture, "wb") as f:
            # A pcap with no packets on link type 252 (exported PDU).
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 252))
        self.plugin_dir = plugin_dir
        self.prefix = []
        if os.getuid() == 0:
            # The build tree may sit where the user cannot read.
            self.plugin_dir = os.path.join(self.work, "plugins")
            shutil.copytree(plugin_dir, self.plugin_dir)
            user = os.environ.get("TSHARK_USER", "nobody")
            group = os.environ.get("TSHARK_GROUP", "nogroup")
            subprocess.run(["chown", "-R", f"{user}:{group}", self.work], check=True)
            os.chmod(self.work, 0o755)
            self.prefix = ["setpriv", f"--reuid={user}", f"--regid={group}", "--clear-groups"]
        self.tshark = shutil.which(os.environ.get("TSHARK", "tshark"))
        if not self.tshark:
            raise ProfileError("tshark not found")
        self._known = None

    def close(self):
        shutil.rmtree(self.work, ignore_errors=True)

    def run(self, *args):
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": self.home, "TZ": "UTC",
               "LC_ALL": "C.UTF-8", "WIRESHARK_PLUGIN_DIR": self.plugin_dir}
        return subprocess.run(self.prefix + [self.tshark, *args], env=env, capture_output=True,
                              text=True, cwd=self.work)

    def compile_error(self, display_filter):
        """None if display_filter compiles with the profile active, else tshark's words."""
        r = self.run("-C", self.profile, "-r", self.capture, "-Y", display_filter)
        if r.returncode == 0 and not r.stderr:
            return None
        return (r.stderr.strip() or f"exit status {r.returncode}")

    def unknown_fields(self, names):
        if self._known is None:
            r = self.run("-G", "fields")
            self._known = {line.split("\t")[2] for line in r.stdout.splitlines()
                           if line[:2] in ("F\t", "P\t")}
        return [n for n in names if n not in self._known]


class Report:
    def __init__(self):
        self.failures = 0
        self.missing = set()

    def ok(self, what):
        print(f"ok   {what}")

    def fail(self, what, why):
        self.failures += 1
        print(f"FAIL {what}\n     " + why.replace("\n", "\n     "))

    def check_filter(self, tshark, what, display_filter, expansion=None):
        """expansion: the text a macro use stands for, where its field names are."""
        error = tshark.compile_error(display_filter)
        if error is None:
            self.ok(what)
            return
        unknown = tshark.unknown_fields(field_names(expansion or display_filter))
        self.missing.update(unknown)
        why = f"filter: {display_filter}\ntshark: {error}"
        if unknown:
            why += "\nfields tshark does not know: " + " ".join(unknown)
        self.fail(what, why)


def check_load(tshark, report, _path):
    r = tshark.run("-C", tshark.profile, "--color", "-r", tshark.capture)
    if r.returncode or r.stderr:
        report.fail("the profile loads without warnings",
                    f"exit status {r.returncode}\n{r.stderr.strip()}")
    else:
        report.ok("the profile loads without warnings")


def check_preferences(tshark, report, path):
    with open(path, encoding="utf-8") as f:
        columns = read_column_format(f.read())
    if not columns:
        raise ProfileError(f"{path}: no gui.column.format")
    fields = [custom_field(fmt) for _, fmt in columns]
    for field in TRIAGE_FIELDS:
        if field in fields:
            report.ok(f"a column shows {field}")
        else:
            report.fail(f"a column shows {field}", "no custom column on it")
    formats = [fmt for _, fmt in columns]
    # Time formats are %t, %Rt, %Yut ...: the letter t after a short code.
    for what, present in (("the Info column", "%i" in formats),
                          ("a time column", any(re.fullmatch(r"%[A-Za-z]*t", f) for f in formats))):
        if present:
            report.ok(what)
        else:
            report.fail(what, "missing")
    r = tshark.run("-G", "currentprefs", "-C", tshark.profile)
    applied = read_column_format(r.stdout)
    if r.returncode or r.stderr or applied != columns:
        report.fail("tshark reads the columns as written",
                    f"exit status {r.returncode}, stderr: {r.stderr.strip()}\n"
                    f"file: {columns}\ntshark: {applied}")
    else:
        report.ok("tshark reads the columns as written")
    for title, field in zip((t for t, _ in columns), fields):
        if field:
            report.check_filter(tshark, f'column "{title}" field {field} is registered', field)


def check_colorfilters(tshark, report, path):
    for number, name, display_filter in read_colorfilters(path):
        report.check_filter(tshark, f'colour rule "{name}" (line {number})', display_filter)


def check_dfilter_buttons(tshark, report, path):
    buttons = read_uat(path, 4)
    for number, (enabled, label, display_filter, comment) in buttons:
        if enabled not in ("TRUE", "FALSE") or not label or not comment:
            report.fail(f"button line {number}", "needs TRUE/FALSE, a label and a comment")
        report.check_filter(tshark, f'button "{label}"', display_filter)
    if len(buttons) >= MIN_BUTTONS:
        report.ok(f"{len(buttons)} buttons (at least {MIN_BUTTONS})")
    else:
        report.fail("enough buttons", f"{len(buttons)} buttons, expected at least {MIN_BUTTONS}")


def check_dfilters(tshark, report, path):
    for number, name, display_filter in read_dfilters(path):
        report.check_filter(tshark, f'saved filter "{name}" (line {number})', display_filter)


def check_dfilter_macros(tshark, report, path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    examples = {}
    for number, (name, text) in read_uat(path, 2):
        previous = lines[number - 2] if number >= 2 else ""
        m = re.fullmatch(r"#\s*example:\s*(\$\{(\w+)[^}]*\})\s*", previous)
        if not m or m.group(2) != name:
            report.fail(f'macro "{name}"', "the line before it must be # example: ${" + name
                        + "...}")
            continue
        examples[name] = (m.group(1), re.sub(r"\$\d", "0", text))
    for name, (example, text) in examples.items():
        report.check_filter(tshark, f'macro "{name}" as {example}', example, text)


CHECKS = {
    "load": (None, check_load),
    "preferences": ("preferences", check_preferences),
    "colorfilters": ("colorfilters", check_colorfilters),
    "dfilter_buttons": ("dfilter_buttons", check_dfilter_buttons),
    "dfilters": ("dfilters", check_dfilters),
    "dfilter_macros": ("dfilter_macros", check_dfilter_macros),
}


def main(argv):
    if len(argv) != 4 or argv[3] not in CHECKS:
        print(__doc__, file=sys.stderr)
        return 2
    plugin_dir, profile_dir, check = argv[1:]
    file_name, function = CHECKS[check]
    path = os.path.join(profile_dir, file_name) if file_name else profile_dir
    report = Report()
    tshark = Tshark(plugin_dir, profile_dir)
    try:
        if not os.path.exists(path):
            raise ProfileError(f"{path} is missing")
        function(tshark, report, path)
    except ProfileError as e:
        report.fail(check, str(e))
    finally:
        tshark.close()
    if report.missing:
        print("fields the profile needs that the plugin does not register: "
              + " ".join(sorted(report.missing)))
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
