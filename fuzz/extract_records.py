#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes podshark records of pcapng captures to a folder, one file each, named
by its SHA-1: the seed corpus of fuzz_record.  A live capture holds hundreds
of thousands of records that differ only in their values, so at most
PER_SHAPE records of each shape are kept (record type; for system calls the
architecture, number, flags and the types of the extensions; the lengths
in the header and whether they agree with the bytes there are).

A record is the payload of an Enhanced Packet Block on an interface of link
type 252 (exported PDU) after the tags naming the dissector "podshark"
(docs/FORMAT.md).

Usage: extract_records.py OUT_DIR CAPTURE...
"""
import hashlib
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "lib"))
from podshark_test import pcapng_blocks  # noqa: E402

SHB, IDB, EPB = 0x0A0D0D0A, 1, 6
LINKTYPE_WIRESHARK_UPPER_PDU = 252
# tag 12 (DISSECTOR_NAME), length 8, "podshark", end-of-options tag 0 length 0
PDU_PREFIX = b"\x00\x0c\x00\x08podshark\x00\x00\x00\x00"


PER_SHAPE = 3


def shape(rec):
    if len(rec) < 8:
        return ("short", len(rec))
    version, rtype = rec[0], rec[1]
    fixed_len = int.from_bytes(rec[2:4], "little")
    total_len = int.from_bytes(rec[4:8], "little")
    lengths = (fixed_len, total_len == len(rec))
    if rtype != 1 or len(rec) < 106:
        return (version, rtype, lengths)
    ext_types, pos = [], fixed_len
    while pos + 4 <= min(total_len, len(rec)):
        ext_types.append(int.from_bytes(rec[pos:pos + 2], "little"))
        pos += 4 + ((int.from_bytes(rec[pos + 2:pos + 4], "little") + 3) & ~3)
    return (version, rtype, lengths, rec[96:104], tuple(ext_types))


def records(path):
    linktypes = []
    for btype, body in pcapng_blocks(path):
        if btype == SHB:
            linktypes = []  # interface ids count from each section
        elif btype == IDB:
            linktypes.append(int.from_bytes(body[0:2], "little"))
        elif btype == EPB:
            iface = int.from_bytes(body[0:4], "little")
            caplen = int.from_bytes(body[12:16], "little")
            data = body[20:20 + caplen]
            if (iface < len(linktypes) and linktypes[iface] == LINKTYPE_WIRESHARK_UPPER_PDU
                    and data.startswith(PDU_PREFIX)):
                yield data[len(PDU_PREFIX):]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip())
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    n, shapes = 0, {}
    for path in sys.argv[2:]:
        for rec in records(path):
            key = shape(rec)
            shapes[key] = shapes.get(key, 0) + 1
            if shapes[key] > PER_SHAPE:
                continue
            name = os.path.join(out, hashlib.sha1(rec).hexdigest())
            if not os.path.exists(name):
                with open(name, "wb") as f:
                    f.write(rec)
                n += 1
    print(f"{n} new records in {out}")


if __name__ == "__main__":
    main()
