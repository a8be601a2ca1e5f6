#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Wireshark's Qt GUI with podshark installed for an ordinary user, under Xvfb.

Usage: test_wireshark_gui.py BUILD_DIR CAPTURE ARTIFACT_DIR

BUILD_DIR holds plugins/<X.Y>/epan/podshark.so and extcap/podshark; CAPTURE
is a podshark capture (tests/analysis's gen_scenario writes one, with a pod); screenshots
and logs go to ARTIFACT_DIR.

scripts/install-user.sh installs the plugin, the extcap and the profiles into
the personal folders of an ordinary user (as root: the user podshark-gui,
created if missing, its Wireshark folders emptied first; otherwise the
invoking user with a temporary HOME), because Wireshark run as root loads no
personal plugins.  Then, as that user, under Xvfb:

 1. wireshark -D lists the podshark interface;
 2. tshark -G plugins, for the same user, finds podshark.so and the extcap in
    the personal folders;
 3. Wireshark, started with -C podshark-k8s-security and every other interface
    hidden, shows podshark on its welcome page; a click on the row's options
    (gear) icon opens the extcap's "Interface Options" dialog (its window title
    is checked, and the dialog is kept as a screenshot); the same for
    podshark-ssh;
 4. Wireshark opens CAPTURE with -C podshark-k8s-security; after it quits,
    its recent files show that it used that profile (gui.last_used_profile)
    and laid out the profile's pod columns (column.width), and its stderr has
    no error about the plugin, the profile's files or its filters.  The window
    is kept as a screenshot.
Exit status 77 (skip) when a GUI package is missing; 1 on a failed check.
"""
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time

GUI_USER = "podshark-gui"
PROFILE = "podshark-k8s-security"
SCREEN = (1280, 800)
NEEDED = {"wireshark": "wireshark-qt", "tshark": "tshark", "xvfb-run": "xvfb",
          "xauth": "xauth", "import": "imagemagick", "convert": "imagemagick",
          "xdotool": "xdotool", "setpriv": "util-linux"}
# stderr lines that show that something a user relies on did not load.
STDERR_ERRORS = re.compile(r"Couldn't load plugin|podshark|Could not compile|Error loading table|"
                           r"No such preference|Syntax error|CRITICAL|ERROR", re.I)
SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def fail(message):
    print(f"FAIL {message}")
    sys.exit(1)


def ok(message):
    print(f"ok   {message}")


# ---- as root (or the invoking user): install, then run the session ----------

def gui_user():
    """(user name, home, uid, gid): podshark-gui as root, else the invoking user."""
    if os.getuid() != 0:
        home = tempfile.mkdtemp(prefix="podshark-gui-home.")
        pw = pwd.getpwuid(os.getuid())
        return pw.pw_name, home, pw.pw_uid, pw.pw_gid
    try:
        pw = pwd.getpwnam(GUI_USER)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", GUI_USER], check=True)
        pw = pwd.getpwnam(GUI_USER)
    for folder in (".config/wireshark", ".local/lib/wireshark"):
        shutil.rmtree(os.path.join(pw.pw_dir, folder), ignore_errors=True)
    return pw.pw_name, pw.pw_dir, pw.pw_uid, pw.pw_gid


def as_user(uid, gid, home, argv, start=subprocess.run, **kwargs):
    """argv as the user (start: subprocess.run, or subprocess.Popen)."""
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": home, "LC_ALL": "C.UTF-8",
           "TZ": "UTC", "XDG_RUNTIME_DIR": os.path.join(home, ".podshark-gui-run")}
    prefix = []
    if os.getuid() == 0:
        prefix = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--init-groups"]
        env["USER"] = env["LOGNAME"] = pwd.getpwuid(uid).pw_name
    return start(prefix + argv, env=env, **kwargs)


def install_for_user(build, plugin, work, uid, gid, home):
    """Stages the build's plugin and extcap, scripts/, profiles/ and this
    script in work (the build and source trees may sit where the user cannot
    read), gives work and an artifacts folder in it to the user, and installs
    podshark into the user's personal folders with scripts/install-user.sh."""
    stage = os.path.join(work, "build")
    version_dir = os.path.relpath(os.path.dirname(plugin), build)
    os.makedirs(os.path.join(stage, version_dir))
    os.makedirs(os.path.join(stage, "extcap"))
    shutil.copy(plugin, os.path.join(stage, version_dir))
    shutil.copy(os.path.join(build, "extcap", "podshark"), os.path.join(stage, "extcap"))
    shutil.copytree(os.path.join(SRC, "scripts"), os.path.join(work, "src", "scripts"))
    shutil.copytree(os.path.join(SRC, "profiles"), os.path.join(work, "src", "profiles"))
    shutil.copy(os.path.abspath(__file__), os.path.join(work, "session.py"))
    os.makedirs(os.path.join(work, "artifacts"))
    os.makedirs(os.path.join(home, ".podshark-gui-run"), mode=0o700, exist_ok=True)
    for root in (work, os.path.join(home, ".podshark-gui-run")):
        subprocess.run(["chown", "-R", f"{uid}:{gid}", root], check=True)
    os.chmod(work, 0o755)
    r = as_user(uid, gid, home, [os.path.join(work, "src", "scripts", "install-user.sh"), stage],
                capture_output=True, text=True)
    if r.returncode:
        fail(f"install-user.sh: {r.stdout}{r.stderr}")


def main(argv):
    if len(argv) == 5 and argv[1] == "--session":
        return session(*argv[2:])
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    build, capture, artifacts = (os.path.abspath(a) for a in argv[1:])
    missing = sorted({pkg for tool, pkg in NEEDED.items() if not shutil.which(tool)})
    if missing:
        print("SKIP missing Debian packages: " + " ".join(missing))
        return 77
    plugin = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(build, "plugins"))
              for f in fs if f == "podshark.so"]
    if not plugin or not os.path.exists(os.path.join(build, "extcap", "podshark")):
        fail(f"no plugin or extcap under {build}")

    user, home, uid, gid = gui_user()
    shutil.rmtree(artifacts, ignore_errors=True)
    work = tempfile.mkdtemp(prefix="podshark-gui.")
    try:
        shutil.copy(capture, os.path.join(work, "capture.pcapng"))
        install_for_user(build, plugin[0], work, uid, gid, home)
        ok(f"install-user.sh installed podshark for {user}")

        width, height = SCREEN
        r = as_user(uid, gid, home, ["timeout", "300", "xvfb-run", "--auto-servernum",
                                     f"--server-args=-screen 0 {width}x{height}x24",
                                     "/usr/bin/python3", os.path.join(work, "session.py"),
                                     "--session", work, os.path.join(work, "capture.pcapng"),
                                     os.path.join(work, "artifacts")])
        shutil.copytree(os.path.join(work, "artifacts"), artifacts)
        print(f"screenshots and logs: {artifacts}")
        return r.returncode
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if os.getuid() != 0:
            shutil.rmtree(home, ignore_errors=True)


# ---- as the ordinary user, inside Xvfb --------------------------------------

def screenshot(path):
    subprocess.run(["import", "-window", "root", path], check=True)


def wait_window(name_regex, seconds=30):
    """Id of the first visible window whose name matches, or None."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        r = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name_regex],
                           capture_output=True, text=True)
        if r.stdout.split():
            return r.stdout.split()[0]
        time.sleep(0.5)
    return None


def window_name(window):
    return subprocess.run(["xdotool", "getwindowname", window], capture_output=True,
                          text=True).stdout.strip()


def quit_wireshark(proc, window):
    subprocess.run(["xdotool", "windowfocus", "--sync", window, "key", "ctrl+q"])
    try:
        return proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        fail("Wireshark did not quit on Ctrl+Q")


def selected_row(png):
    """(x, y) of the left end of the widest run of selection-blue pixels."""
    ppm = subprocess.run(["convert", png, "ppm:-"], capture_output=True, check=True).stdout
    fields = ppm.split(maxsplit=4)
    width, height, pixels = int(fields[1]), int(fields[2]), fields[4]
    best = (0, None)
    for y in range(height):
        row = pixels[y * width * 3:(y + 1) * width * 3]
        run_start, run = None, 0
        for x in range(width):
            r, g, b = row[3 * x], row[3 * x + 1], row[3 * x + 2]
            if b > 150 and r < 100 and b > g + 30:
                if run == 0:
                    run_start = x
                run += 1
                if run > best[0]:
                    best = (run, (run_start, y))
            else:
                run = 0
    return best[1] if best[0] >= 300 else None


def stderr_errors(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [line.rstrip() for line in f if STDERR_ERRORS.search(line)]


def welcome_page(interface, listing, artifacts, check):
    """Wireshark's welcome page with only interface shown; its options dialog
    opened from the row's gear icon, and kept as a screenshot."""
    others = [m.group(1) for m in re.finditer(r"^\d+\. (\S+)", listing, re.M)
              if m.group(1) != interface]
    stderr_path = os.path.join(artifacts, f"wireshark-welcome-{interface}.stderr")
    with open(stderr_path, "w") as err:
        proc = subprocess.Popen(["wireshark", "-C", PROFILE,
                                 "-o", "capture.devices_hide:" + ",".join(others)],
                                stdout=err, stderr=err)
    window = wait_window("^The Wireshark Network Analyzer$")
    if not window:
        proc.kill()
        fail("Wireshark's main window did not appear")
    subprocess.run(["xdotool", "windowmove", window, "0", "0", "windowsize", window,
                    str(SCREEN[0]), str(SCREEN[1])])
    # the interface list fills once every extcap has answered: wait for the row
    welcome = os.path.join(artifacts, f"welcome-{interface}.png")
    end = time.monotonic() + 30
    while True:
        time.sleep(1)
        screenshot(welcome)
        row = selected_row(welcome)
        if row or time.monotonic() > end:
            break
    check(row, f"the welcome page shows the {interface} interface row")
    if row:
        # The options icon is the row's first column, about 20 pixels wide.
        subprocess.run(["xdotool", "mousemove", str(row[0] + 10), str(row[1]), "click", "1"])
        dialog = wait_window("Interface Options", 20)
        title = window_name(dialog) if dialog else ""
        check(dialog and re.search(rf"\b{re.escape(interface)}\b(?!-)", title),
              f"the {interface} options dialog opens from the welcome page",
              f"window: {title!r}")
        if dialog:
            time.sleep(2)
            screenshot(os.path.join(artifacts, f"extcap-options-{interface}.png"))
            subprocess.run(["xdotool", "windowfocus", "--sync", dialog, "key", "Escape"])
            time.sleep(1)
    check(quit_wireshark(proc, window) == 0, f"Wireshark (welcome page, {interface}) exits "
          "cleanly")


def session(work, capture, artifacts):
    failures = 0

    def check(condition, message, detail=""):
        nonlocal failures
        if condition:
            ok(message)
        else:
            failures += 1
            print(f"FAIL {message}" + (f"\n     {detail}" if detail else ""))

    home = os.environ["HOME"]
    listing = subprocess.run(["wireshark", "-D"], capture_output=True, text=True)
    check(re.search(r"^\d+\. podshark \(podshark: system calls of this node \(eBPF\)\)$",
                    listing.stdout, re.M),
          "wireshark -D lists the podshark interface", listing.stdout + listing.stderr)

    plugins = subprocess.run(["tshark", "-G", "plugins"], capture_output=True, text=True).stdout
    check(re.search(r"^podshark\.so\s.*\sdissector\s+" + re.escape(home)
                    + r"/\.local/lib/wireshark/plugins/\d+\.\d+/epan/podshark\.so$",
                    plugins, re.M),
          "the plugin loads from the personal plugin folder", plugins)
    check(re.search(r"^podshark\s.*\sextcap\s+" + re.escape(home)
                    + r"/\.(config/wireshark|local/lib/wireshark)/extcap/podshark$", plugins, re.M),
          "the extcap is found in the personal extcap folder", plugins)

    # 3. The welcome page, with every interface but one of podshark's hidden:
    #    podshark, then podshark-ssh (its dialog groups Server, Authentication,
    #    Cluster and Capture).
    for interface in ("podshark", "podshark-ssh"):
        welcome_page(interface, listing.stdout, artifacts, check)

    # 4. The capture, in the profile.
    stderr_path = os.path.join(artifacts, "wireshark-capture.stderr")
    with open(stderr_path, "w") as err:
        proc = subprocess.Popen(["wireshark", "-C", PROFILE, "-r", capture], stdout=err, stderr=err)
    window = wait_window("^" + re.escape(os.path.basename(capture)))
    if not window:
        proc.kill()
        fail("Wireshark's window with the capture did not appear")
    subprocess.run(["xdotool", "windowmove", window, "0", "0", "windowsize", window,
                    str(SCREEN[0]), str(SCREEN[1])])
    time.sleep(3)
    screenshot(os.path.join(artifacts, "capture.png"))
    check(quit_wireshark(proc, window) == 0, "Wireshark (capture) exits cleanly")

    config = os.path.join(home, ".config", "wireshark")
    with open(os.path.join(config, "recent_common"), encoding="utf-8") as f:
        recent_common = f.read()
    check(re.search(rf"^gui\.last_used_profile: {PROFILE}$", recent_common, re.M),
          f"Wireshark used the profile {PROFILE}")
    with open(os.path.join(config, "profiles", PROFILE, "recent"), encoding="utf-8") as f:
        recent = f.read()
    widths = re.search(r"^column\.width:((?:.*\n)(?:\s.*\n)*)", recent, re.M)
    for field in ("k8s.ns.name", "k8s.pod.name", "container.name"):
        check(widths and f'"%Cus:{field}"' in widths.group(1),
              f"the packet list showed the profile's {field} column",
              widths.group(0) if widths else "no column.width in recent")
    for name in ("wireshark-welcome-podshark.stderr", "wireshark-welcome-podshark-ssh.stderr",
                 "wireshark-capture.stderr"):
        errors = stderr_errors(os.path.join(artifacts, name))
        check(not errors, f"no plugin or profile errors in {name}", "\n     ".join(errors))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
