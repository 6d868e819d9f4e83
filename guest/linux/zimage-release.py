#!/usr/bin/env python3
"""zimage-release.py ZIMAGE — print the release (`uname -r`) of an ARM Linux zImage.

A zImage is a small decompressor followed by the compressed kernel. The kernel
holds its banner, "Linux version <release> (<builder>) ...", so this finds the
compressed payload (xz, the armmp flavour's; gzip; lzma), decompresses it as a
stream and stops at the banner: about 0.5 s for Debian's 5 MB armmp zImage.

Exit status 0 with the release on stdout; 1 (nothing printed) when no payload
of those formats holds a banner, e.g. a kernel compressed with lz4, lzo or zstd.
scripts/prepare-linux.sh uses it to tell whether KERNEL= is the kernel our
modules were built for.
"""
import lzma
import re
import sys
import zlib

BANNER = re.compile(rb"Linux version (\S+) \(")
CHUNK = 1 << 16
LIMIT = 64 << 20   # decompressed bytes searched per candidate payload

# Magic bytes of each payload format, and a decompressor for it. lzma
# ("alone") streams have no real magic: 0x5d then the dictionary size.
FORMATS = [
    (b"\xfd7zXZ\x00", lambda: lzma.LZMADecompressor(lzma.FORMAT_XZ)),
    (b"\x1f\x8b\x08", lambda: zlib.decompressobj(16 + zlib.MAX_WBITS)),
    (b"\x5d\x00\x00", lambda: lzma.LZMADecompressor(lzma.FORMAT_ALONE)),
]


def release_at(image, start, make):
    """The banner's release in the payload at start, or None."""
    dec, tail, done = make(), b"", 0
    try:
        for i in range(start, len(image), CHUNK):
            out = dec.decompress(image[i:i + CHUNK])
            m = BANNER.search(tail + out)
            if m:
                return m.group(1).decode("ascii", "replace")
            tail = (tail + out)[-256:]    # a banner split across chunks
            done += len(out)
            if done > LIMIT or getattr(dec, "eof", False):
                return None
    except (lzma.LZMAError, zlib.error, EOFError):
        return None     # not a payload: bytes that only look like a magic
    return None


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: zimage-release.py ZIMAGE")
    with open(sys.argv[1], "rb") as f:
        image = f.read()
    for magic, make in FORMATS:
        pos = image.find(magic)
        while pos >= 0:
            release = release_at(image, pos, make)
            if release:
                print(release)
                return 0
            pos = image.find(magic, pos + 1)
    return 1


if __name__ == "__main__":
    sys.exit(main())
