# SPDX-License-Identifier: GPL-2.0-or-later
"""Helpers shared by podshark's Python tests (extcap and live areas).

Environment (set by ctest, see tests/*/CMakeLists.txt):
  PODSHARK_BUILD_DIR   the CMake build folder
  PODSHARK_SOURCE_DIR  the source tree
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

BUILD = os.environ.get("PODSHARK_BUILD_DIR", "")
SOURCE = os.environ.get("PODSHARK_SOURCE_DIR", "")
EXTCAP = os.path.join(BUILD, "extcap", "podshark")
PLUGINS = os.path.join(BUILD, "plugins")
TSHARK_USER = os.path.join(SOURCE, "tests", "lib", "tshark-user.sh")
CI = os.environ.get("CI") == "true"


def require_root(test):
    """Live tests need root.  Under CI=true they must run, never skip."""
    if os.geteuid() == 0:
        return
    if CI:
        test.fail("CI=true but not root: the live tests must run as root")
    raise unittest.SkipTest("needs root to load the eBPF probe (run make test as root)")


def install_extcap_for(home):
    """Put the built extcap where tshark looks for personal extcaps (4.0 and later)."""
    for d in (".config/wireshark/extcap", ".local/lib/wireshark/extcap"):
        os.makedirs(os.path.join(home, d), exist_ok=True)
        shutil.copy(EXTCAP, os.path.join(home, d, "podshark"))


def tshark_read(path, *args):
    """tshark -r path args..., unprivileged, with the build's plugin; returns stdout."""
    r = subprocess.run([TSHARK_USER, PLUGINS, "-r", path, *args],
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise AssertionError(f"tshark failed ({r.returncode}): {r.stderr.strip()}")
    return r.stdout


def tshark_fields(path, fields, display_filter=None):
    """Rows of -T fields output as dicts (field -> str), one per frame."""
    args = ["-T", "fields", "-E", "separator=\t", "-E", "occurrence=f"]
    if display_filter:
        args += ["-Y", display_filter]
    for f in fields:
        args += ["-e", f]
    rows = []
    for line in tshark_read(path, *args).splitlines():
        values = line.split("\t")
        rows.append(dict(zip(fields, values + [""] * (len(fields) - len(values)))))
    return rows


def pcapng_blocks(path):
    """(type, body) of every block of a little-endian pcapng file."""
    with open(path, "rb") as f:
        data = f.read()
    pos, blocks = 0, []
    while pos + 12 <= len(data):
        btype = int.from_bytes(data[pos:pos + 4], "little")
        blen = int.from_bytes(data[pos + 4:pos + 8], "little")
        if blen < 12 or pos + blen > len(data):
            break
        blocks.append((btype, data[pos + 8:pos + blen - 4]))
        pos += blen
    return blocks


def bpf_objects(pid):
    """The BPF programs, maps and links pid holds, from /proc/PID/fdinfo:
    {"prog": {ids}, "map": {ids}, "link": {ids}}."""
    held = {"prog": set(), "map": set(), "link": set()}
    for path in glob.glob(f"/proc/{pid}/fdinfo/*"):
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            continue
        for kind in held:
            m = re.search(rf"^{kind}_id:\s*(\d+)", text, re.M)
            if m:
                held[kind].add(int(m.group(1)))
    return held


def bpf_object_exists(kind, object_id):
    return subprocess.run(["bpftool", kind, "show", "id", str(object_id)],
                          capture_output=True).returncode == 0


def bpf_objects_left(held):
    """Which of held ({"prog": ids, ...}) still exist: {kind: [ids]}, empty when
    all are gone."""
    left = {kind: [i for i in ids if bpf_object_exists(kind, i)] for kind, ids in held.items()}
    return {kind: ids for kind, ids in left.items() if ids}


def syscall_statistics(path):
    """Counters of the Interface Statistics Blocks of the system calls'
    interface (the first, 0), in file order: the pod interfaces' own blocks
    come after them."""
    return [isb_counters(body) for btype, body in pcapng_blocks(path)
            if btype == 5 and int.from_bytes(body[:4], "little") == 0]


def isb_counters(body):
    """Options of an Interface Statistics Block body as {code: uint64}."""
    opts, pos = {}, 12  # interface id + timestamp
    while pos + 4 <= len(body):
        code = int.from_bytes(body[pos:pos + 2], "little")
        olen = int.from_bytes(body[pos + 2:pos + 4], "little")
        if code == 0:
            break
        value = body[pos + 4:pos + 4 + olen]
        if olen == 8:
            opts[code] = int.from_bytes(value, "little")
        pos += 4 + ((olen + 3) & ~3)
    return opts


ISB_IFRECV, ISB_IFDROP, ISB_OSDROP, ISB_USRDELIV = 4, 5, 7, 8


class TempDir:
    """A temporary folder that ordinary users can read (tshark-user.sh copies from it)."""

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="podshark-test.")
        os.chmod(self.path, 0o755)
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


def wait_for(predicate, timeout, interval=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def main():
    """Runs the module's tests; exits 77 (ctest's SKIP) when every test skipped."""
    prog = unittest.main(verbosity=2, argv=[sys.argv[0]], exit=False)
    r = prog.result
    if not r.wasSuccessful():
        sys.exit(1)
    if r.testsRun and len(r.skipped) == r.testsRun:
        sys.exit(77)
    sys.exit(0)
