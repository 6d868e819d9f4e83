#!/usr/bin/env python3
"""mkbootfiles.py OUT NAME=@FILE|NAME=TEXT ... — pack fw_cfg files into one blob.

For boards without QEMU's fw_cfg device (the i.MX boards): the launcher
(scripts/tzvmm-run) packs what it would give as -fw_cfg files into this blob,
which QEMU's generic loader puts at the board's PLAT_BOOTFILES_BASE, and the
secure world reads it through the memory port of lib/fwcfg_mem.c, whose
header comment gives the layout. NAME=@FILE takes a file's bytes, NAME=TEXT
the text itself. Items: the signature (key 0), the directory (0x19), then the
files from key 0x20 in the order given.
"""
import struct
import sys

MAGIC = b"TZVMMBF1"
NAME_MAX = 56
MAX_ITEMS = 64   # FWCFG_MEM_MAX_ITEMS, lib/include/lib/fwcfg.h


def die(msg):
    sys.exit(f"mkbootfiles.py: {msg}")


def main(argv):
    if len(argv) < 2:
        die("usage: mkbootfiles.py OUT NAME=@FILE|NAME=TEXT ...")
    files = []
    for arg in argv[1:]:
        name, sep, value = arg.partition("=")
        if not sep or not name or len(name.encode()) >= NAME_MAX:
            die(f"'{arg}': expected NAME=@FILE or NAME=TEXT, NAME under {NAME_MAX} bytes")
        if value.startswith("@"):
            try:
                with open(value[1:], "rb") as f:
                    data = f.read()
            except OSError as e:
                die(f"{name}: cannot read {value[1:]}: {e.strerror}")
        else:
            data = value.encode()
        files.append((name, data))
    if len(files) + 2 > MAX_ITEMS:
        die(f"{len(files)} files: at most {MAX_ITEMS - 2}")
    directory = struct.pack(">I", len(files)) + b"".join(
        struct.pack(">IHH", len(d), 0x20 + i, 0) + n.encode().ljust(NAME_MAX, b"\0")
        for i, (n, d) in enumerate(files))
    items = [(0x0000, b"QEMU"), (0x0019, directory)] + \
            [(0x20 + i, d) for i, (_, d) in enumerate(files)]
    offset = 16 + 12 * len(items)
    table, blobs = b"", b""
    for key, data in items:
        table += struct.pack(">HHII", key, 0, offset + len(blobs), len(data))
        blobs += data + b"\0" * (-len(data) % 4)   # each item word-aligned
    total = offset + len(blobs)
    with open(argv[0], "wb") as f:
        f.write(MAGIC + struct.pack(">II", len(items), total) + table + blobs)


if __name__ == "__main__":
    main(sys.argv[1:])
