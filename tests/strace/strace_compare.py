# SPDX-License-Identifier: GPL-2.0-or-later
"""strace's view of a workload against podshark's: parsing strace -ff files,
parsing the strace-like calls podshark shows (the Info column), aligning the
two per thread and counting the agreement.

What is compared, for every call strace reports:
  call      the same name and the same result (the number, or the errno's
            number for "-1 ENOENT (...)"; "?" only matches a call that never
            returned: exit, exit_group, a successful execve of another thread)
  argument  every decoded argument of these kinds, each a count of its own:
            path      a quoted string (a path or a name) -- except the I/O
                      payload of the calls in PAYLOAD_CALLS, which podshark
                      records only when a payload snap length is asked for
            sockaddr  a socket address, strace's {sa_family=...} rewritten in
                      podshark's notation (normalise_sockaddr says how)
            argv      an array of strings (execve's argv)
            flags     a symbolic constant or |-joined flags (O_RDONLY|O_CLOEXEC,
                      AT_FDCWD, SIGTERM, SOCK_STREAM): compared as a set of
                      names, since the order of names is not meaningful
          Struct contents (struct stat, sigaction, msghdr...) are not compared:
          the probe reads no struct memory except socket addresses.  An
          argument agrees when podshark shows the same value somewhere in the
          same call (the positions of strace's and the kernel's argument
          lists differ for clone and a few others).
"""
import errno
import os
import re
from collections import Counter
from difflib import SequenceMatcher

# The kernel's restart codes (include/linux/errno.h): never seen by a program,
# but strace and the probe both see them at the syscall's exit.
KERNEL_ERRNOS = {"ERESTARTSYS": 512, "ERESTARTNOINTR": 513, "ERESTARTNOHAND": 514,
                 "ENOIOCTLCMD": 515, "ERESTART_RESTARTBLOCK": 516}

# Calls whose quoted strings are I/O payload, not paths or names.
PAYLOAD_CALLS = {"read", "write", "pread64", "pwrite64", "readv", "writev", "preadv",
                 "pwritev", "preadv2", "pwritev2", "recvfrom", "sendto", "recvmsg", "sendmsg",
                 "recvmmsg", "sendmmsg", "getrandom", "vmsplice"}

FLAG_PART = r"(?:[A-Z][A-Z0-9_]*|0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)"
FLAGS_RE = re.compile(rf"^{FLAG_PART}(?:\|{FLAG_PART})*$")
NOT_FLAGS = {"NULL"}


def top_level(text, start=0):
    """Yields (index, character, depth) for the characters of text from start
    that lie outside quoted strings; depth counts the brackets open around
    the character (a closing one counts as closed already)."""
    depth, i, n = 0, start, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        else:
            if c in ")]}":
                depth -= 1
            yield i, c, depth
            if c in "([{":
                depth += 1
        i += 1


def split_top(text):
    """Splits an argument list at its top-level commas, minding quotes and
    brackets: 'a, "b, c", {d, e}' -> ['a', '"b, c"', '{d, e}']."""
    parts, start = [], 0
    for i, c, depth in top_level(text):
        if c == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    last = text[start:].strip()
    if last or parts:
        parts.append(last)
    return parts


def split_call(line):
    """'name(args) = result' -> (name, args, result text); None when the
    line is not a call.  The argument list ends at the parenthesis that closes
    the first one (strings may hold ') = ')."""
    m = re.match(r"^([a-z_][a-z0-9_]*)\(", line)
    if not m:
        return None
    end = len(line)
    for i, c, depth in top_level(line, m.end() - 1):
        if c in ")]}" and depth == 0:
            end = i
            break
    rest = line[end + 1:].strip()
    if not rest.startswith("="):
        return None
    return m.group(1), line[m.end():end], rest[1:].strip()


def parse_result(text):
    """strace's or podshark's result text -> (value, errno name): '3' -> (3,
    None), '0x7f00 ...' -> (0x7f00, None), '-1 ENOENT (No such...)' ->
    (-2, 'ENOENT'), '? ERESTARTSYS (...)' -> (-512, 'ERESTARTSYS'),
    '022' -> (18, None), '?' -> (None, None)."""
    words = text.split()
    if not words or words[0] == "?":
        if len(words) > 1 and words[1] in KERNEL_ERRNOS:
            return -KERNEL_ERRNOS[words[1]], words[1]
        return None, None
    if words[0] == "-1" and len(words) > 1 and re.match(r"^E[A-Z0-9_]+$", words[1]):
        name = words[1]
        number = KERNEL_ERRNOS.get(name) or getattr(errno, name, None)
        return (-number if number else None), name
    if re.match(r"^0[0-7]+$", words[0]):  # umask's old mask: 022
        return int(words[0], 8), None
    return int(words[0], 0), None


def normalise_sockaddr(text):
    """strace's struct sockaddr in podshark's notation (arg_render.h):
    AF_INET 127.0.0.1:80, AF_INET6 [::1]:80 ([fe80::1%2]:80 with a scope),
    AF_UNIX the path, @name when abstract, 'unnamed' without a path;
    AF_NETLINK 'netlink pid=P groups=G' (groups in hex); None otherwise."""
    fields = {}
    for part in split_top(text[1:-1]):
        if "=" in part:
            key, value = part.split("=", 1)
            fields[key] = value
        else:
            m = re.match(r'inet_pton\(AF_INET6, "([^"]*)"', part)
            if m:
                fields["sin6_addr"] = m.group(1)
    family = fields.get("sa_family")
    port = re.match(r"htons\((\d+)\)", fields.get("sin_port", fields.get("sin6_port", "")))
    if family == "AF_INET" and port:
        addr = re.match(r'inet_addr\("([^"]*)"\)', fields.get("sin_addr", ""))
        return f"{addr.group(1)}:{port.group(1)}" if addr else None
    if family == "AF_INET6" and port and "sin6_addr" in fields:
        scope = fields.get("sin6_scope_id", "0")
        scope = "" if scope == "0" else "%" + re.sub(r"\D", "", scope)
        return f"[{fields['sin6_addr']}{scope}]:{port.group(1)}"
    if family == "AF_UNIX":
        path = fields.get("sun_path")
        if path is None:
            return "unnamed"
        if path.startswith('@"'):
            return "@" + path[2:-1]
        return path[1:-1]
    if family == "AF_NETLINK":
        groups = int(fields.get("nl_groups", "0"), 16)
        return f"netlink pid={fields.get('nl_pid', '0')} groups={groups}"
    return None


def decoded_args(name, args):
    """The comparable arguments of a call as strace or podshark prints it:
    a list of (kind, value)."""
    out = []
    for tok in split_top(args):
        tok = re.sub(r"\s*/\*.*?\*/", "", tok).strip()  # strace's /* 41 vars */
        # strace names some arguments (clone's flags=...): the value is what counts
        m = re.match(r"^[a-z_][a-z0-9_]*=(.*)$", tok)
        if m:
            tok = m.group(1)
        if tok.startswith("{sa_family="):
            out.append(("sockaddr", normalise_sockaddr(tok) or tok))
        elif tok.startswith('["'):
            out.append(("argv", tok))
        elif tok.startswith('"'):
            if name not in PAYLOAD_CALLS:
                out.append(("path", tok))
        elif FLAGS_RE.match(tok) and re.search(r"[A-Z]", tok) and tok not in NOT_FLAGS:
            out.append(("flags", frozenset(tok.split("|"))))
    return out


def podshark_values(name, args):
    """Every argument value podshark shows in a call, for decoded_args' values
    to be looked up in: flags as sets, the rest as text."""
    values = []
    for tok in split_top(args):
        if FLAGS_RE.match(tok) and re.search(r"[A-Z]", tok):
            values.append(frozenset(tok.split("|")))
        else:
            values.append(tok)
    return values


EPB, PODSHARK_SYSCALL = 6, 1


def keep_threads(src, dst, tids):
    """Copies the pcapng file src to dst without the SYSCALL records of other
    threads (docs/FORMAT.md: an Enhanced Packet Block's data is the
    exported-PDU tags, then the record; a SYSCALL record's tid is at offset
    112).  Every other block stays: the process and fd records the dissector
    builds its tables from, and the statistics.  A busy node writes a
    gigabyte a minute; tshark then reads megabytes.  Little-endian files only,
    as the extcap writes them.  Returns the number of records kept."""
    kept = 0
    with open(src, "rb") as f, open(dst, "wb") as out:
        while True:
            head = f.read(8)
            if len(head) < 8:
                break
            btype = int.from_bytes(head[:4], "little")
            blen = int.from_bytes(head[4:], "little")
            block = head + f.read(blen - 8)
            if btype == EPB:
                data = block[28:]
                pos = 0  # past the exported-PDU tags: code, length, value, up to tag 0
                while pos + 4 <= len(data):
                    code = int.from_bytes(data[pos:pos + 2], "big")
                    length = int.from_bytes(data[pos + 2:pos + 4], "big")
                    pos += 4 + length
                    if code == 0:
                        break
                rec = data[pos:]
                if len(rec) >= 116 and rec[1] == PODSHARK_SYSCALL:
                    if int.from_bytes(rec[112:116], "little") not in tids:
                        continue
                    kept += 1
            out.write(block)
    return kept


class StraceCall:
    def __init__(self, tid, name, args, result):
        self.tid, self.name, self.args = tid, name, args
        self.text = result  # None: strace never saw the call end
        if result is None:
            self.value, self.errname = None, None
        else:
            self.value, self.errname = parse_result(result)

    def __repr__(self):
        return f"{self.name}({self.args}) = {self.text}"


def parse_strace_file(path, tid):
    """The calls of one strace -ff file (one thread), in order; an
    '<unfinished ...>' call is joined with its '<... name resumed>' rest."""
    calls, pending = [], None
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith(("+++", "---")) or not line:
                continue
            m = re.match(r"^<\.\.\. ([a-z0-9_]+) resumed>(.*)$", line)
            if m and pending:
                line = pending + m.group(2)
                pending = None
            elif line.endswith("<unfinished ...>"):
                pending = line[:-len("<unfinished ...>")].rstrip()
                continue
            parts = split_call(line)
            if parts:
                calls.append(StraceCall(tid, *parts))
    if pending:  # the thread ended (was killed) inside the call
        m = re.match(r"^([a-z_][a-z0-9_]*)\((.*)$", pending)
        if m:
            calls.append(StraceCall(tid, m.group(1), m.group(2), None))
    return calls


def parse_strace_dir(folder, prefix):
    """{tid: [StraceCall]} of strace -ff -o folder/prefix."""
    calls = {}
    for entry in os.listdir(folder):
        if entry.startswith(prefix + "."):
            tid = int(entry[len(prefix) + 1:])
            calls[tid] = parse_strace_file(os.path.join(folder, entry), tid)
    return calls


def result_agrees(call, rec):
    """strace's result against the record's evt.rawres ('' when the call
    never returned)."""
    if call.text is None:  # strace saw no end: the name is all there is
        return True
    if call.value is None:
        return rec["evt.rawres"] == ""
    return rec["evt.rawres"] != "" and int(rec["evt.rawres"]) == call.value


class Agreement:
    """The counts of one workload."""

    def __init__(self, name):
        self.name = name
        self.calls = self.calls_ok = 0
        self.args = Counter()
        self.args_ok = Counter()
        self.call_mismatches = []
        self.arg_mismatches = []

    def add(self, calls, records):
        """One thread: strace's calls against the capture's records of the
        same tid, aligned by name (the capture also holds what the thread did
        before strace reported it: strace's own code before the first execve)."""
        matcher = SequenceMatcher(None, [c.name for c in calls], [r["evt.type"] for r in records],
                                  autojunk=False)
        paired = {}
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                paired[block.a + k] = records[block.b + k]
        for i, call in enumerate(calls):
            self.calls += 1
            rec = paired.get(i)
            if rec is None:
                self.call_mismatches.append((call, None))
            elif not result_agrees(call, rec):
                self.call_mismatches.append((call, rec))
            else:
                self.calls_ok += 1
            self.compare_args(call, rec)

    def compare_args(self, call, rec):
        ours = []
        if rec is not None:
            parts = split_call(rec["_ws.col.Info"])
            if parts:
                ours = podshark_values(call.name, parts[1])
        for kind, value in decoded_args(call.name, call.args):
            self.args[kind] += 1
            if value in ours:
                ours.remove(value)
                self.args_ok[kind] += 1
            else:
                self.arg_mismatches.append((kind, value, call, rec))

    def call_rate(self):
        return self.calls_ok / self.calls if self.calls else 0.0

    def arg_rate(self):
        total = sum(self.args.values())
        return sum(self.args_ok.values()) / total if total else 0.0

    def report(self, limit=12):
        total, ok = sum(self.args.values()), sum(self.args_ok.values())
        kinds = ", ".join(f"{k} {self.args_ok[k]}/{self.args[k]}" for k in sorted(self.args))
        lines = [f"{self.name:10} calls {self.calls_ok:5}/{self.calls:<5} "
                 f"{100 * self.call_rate():6.2f} %   args {ok:5}/{total:<5} "
                 f"{100 * self.arg_rate():6.2f} %   ({kinds})"]
        for call, rec in self.call_mismatches[:limit]:
            ours = rec["_ws.col.Info"] if rec else "no record"
            lines.append(f"    call  tid {call.tid}: strace {call!r:.160}\n"
                         f"                 podshark {ours:.160}")
        for kind, value, call, rec in self.arg_mismatches[:limit]:
            shown = "|".join(sorted(value)) if isinstance(value, frozenset) else value
            ours = rec["_ws.col.Info"] if rec else "no record"
            lines.append(f"    {kind:8} {shown:.60}: strace {call!r:.140}\n"
                         f"                 podshark {ours:.160}")
        return "\n".join(lines)
