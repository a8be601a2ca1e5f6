# SPDX-License-Identifier: GPL-2.0-or-later
"""--redact: a secret on a command line or in a path never reaches the file."""
import os
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from podshark_test import EXTCAP, TempDir, main, require_root, tshark_fields, wait_for  # noqa: E402

SECRET = "hunter2-7f3a9c"          # passed as password=SECRET on a command line
TOKEN = "tok-5d1e0b"               # matched by the test's own --redact pattern


class Redaction(unittest.TestCase):
    def setUp(self):
        require_root(self)

    def test_secrets_never_reach_the_file(self):
        with TempDir() as tmp:
            out = os.path.join(tmp, "cap.pcapng")
            p = subprocess.Popen([EXTCAP, "--extcap-interface", "podshark", "--capture",
                                  "--fifo", out, "--no-packets", "--redact-defaults",
                                  "--redact", r"tok-[0-9a-f]+"], stderr=subprocess.PIPE,
                                 text=True)
            self.assertTrue(wait_for(lambda: os.path.exists(out) and
                                     os.path.getsize(out) > 0, 20))
            # argv with a secret (the exec's PROC record and the execve call carry it),
            # and a path naming a token
            subprocess.run(["sh", "-c", "true", "password=" + SECRET], check=True)
            subprocess.run(["cat", os.path.join(tmp, TOKEN)], capture_output=True)
            time.sleep(0.5)
            p.send_signal(signal.SIGINT)
            _, err = p.communicate(timeout=10)
            self.assertEqual(p.returncode, 0, err)

            with open(out, "rb") as f:
                raw = f.read()
            self.assertNotIn(SECRET.encode(), raw)
            self.assertNotIn(TOKEN.encode(), raw)

            # what a user sees instead: the same length of '*', the name kept
            execs = tshark_fields(out, ["proc.args", "evt.args"],
                                  'evt.type == "execve" && evt.args contains "password="')
            self.assertTrue(execs, "the execve with the secret is in the capture")
            self.assertTrue(all("password=" + "*" * len(SECRET) in r["evt.args"]
                                for r in execs), execs)
            opens = tshark_fields(out, ["evt.arg.name"],
                                  'evt.type == "openat" && evt.arg.name contains "' +
                                  os.path.join(tmp, "*" * len(TOKEN)) + '"')
            self.assertEqual(len(opens), 1, opens)

    def test_bad_pattern_is_one_line(self):
        r = subprocess.run([EXTCAP, "--extcap-interface", "podshark", "--capture", "--fifo",
                            "/dev/null", "--redact", "(unclosed"], capture_output=True,
                           text=True, timeout=30)
        self.assertNotEqual(r.returncode, 0)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertRegex(lines[0], r'^podshark: --redact: "\(unclosed": ')


if __name__ == "__main__":
    main()
