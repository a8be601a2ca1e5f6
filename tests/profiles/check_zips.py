#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks the profile zips of scripts/make-profile-zips.sh against what
Wireshark's "Import from zip file" takes.

Usage: check_zips.py MAKE_PROFILE_ZIPS PROFILES_DIR

The rules come from Wireshark's import code (ui/qt/models/profile_model.cpp
importProfilesFromZip and filterProfilePath, ui/qt/utils/wireshark_zip_helper.cpp
unzip):
- an entry is extracted only if its name holds a "/" and is under 256 bytes;
  names ending in .zip and files over 256 MB are skipped;
- each folder at the root of the zip becomes one profile, named after it, if
  one of its files has a line that is neither blank nor a # comment;
- only files whose names Wireshark registers as profile files are copied.
So each zip must hold PROFILE/FILE entries for exactly the profile's files,
byte for byte, and nothing Wireshark would drop.
"""
import os
import subprocess
import sys
import tempfile
import zipfile

# The configuration files a 4.0 profile consists of (those read at start-up).
PROFILE_FILES = {"preferences", "colorfilters", "dfilters", "dfilter_buttons", "dfilter_macros",
                 "cfilters", "recent", "disabled_protos", "enabled_protos", "heuristic_protos",
                 "decode_as_entries"}


def has_entries(data):
    return any(line.strip() and not line.lstrip().startswith(b"#") for line in data.splitlines())


def check_zip(path, profile_dir, name):
    problems = []
    expected = sorted(f for f in os.listdir(profile_dir)
                      if os.path.isfile(os.path.join(profile_dir, f)))
    with zipfile.ZipFile(path) as z:
        if z.testzip() is not None:
            return [f"{path}: corrupt entry {z.testzip()}"]
        names = z.namelist()
        files = []
        for info in z.infolist():
            entry = info.filename
            if len(entry.encode()) >= 256:
                problems.append(f"{entry}: name too long for Wireshark (256 bytes)")
            if info.is_dir():
                continue
            folder, _, file = entry.partition("/")
            if folder != name or not file or "/" in file:
                problems.append(f"{entry}: not {name}/FILE (Wireshark imports folders at the root)")
                continue
            if file not in PROFILE_FILES:
                problems.append(f"{entry}: Wireshark does not import a file named {file}")
            data = z.read(info)
            with open(os.path.join(profile_dir, file), "rb") as f:
                if data != f.read():
                    problems.append(f"{entry}: differs from {profile_dir}/{file}")
            files.append((file, data))
        if sorted(f for f, _ in files) != expected:
            problems.append(f"files {sorted(f for f, _ in files)}, expected {expected}")
        if not any(has_entries(data) for _, data in files):
            problems.append("no file with a setting: Wireshark would not see a profile")
        if len(names) != len(set(names)):
            problems.append("duplicate entries")
    return problems


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    script, profiles = argv[1], argv[2]
    failures = 0
    with tempfile.TemporaryDirectory(prefix="podshark-zips.") as out:
        r = subprocess.run([script, out, profiles], capture_output=True, text=True)
        if r.returncode or r.stderr:
            print(f"FAIL {script} exited with {r.returncode}: {r.stderr.strip()}")
            return 1
        wanted = sorted(d for d in os.listdir(profiles) if os.path.isdir(os.path.join(profiles, d)))
        made = sorted(os.listdir(out))
        if made != [d + ".zip" for d in wanted]:
            print(f"FAIL zips {made}, expected one per profile {wanted}")
            failures += 1
        for name in wanted:
            path = os.path.join(out, name + ".zip")
            if not os.path.exists(path):
                continue
            problems = check_zip(path, os.path.join(profiles, name), name)
            for p in problems:
                print(f"FAIL {name}.zip: {p}")
            if not problems:
                print(f"ok   {name}.zip imports as profile {name}")
            failures += len(problems)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
