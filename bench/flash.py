#!/usr/bin/python3
"""bench/flash.py RUN SECURE_TEST GUEST — flash_program_MBps: how fast the
secure flash programs through MMIO, buffered (the storage component's test
hook `--args storage=bench`: 16 free pool blocks of 256 KiB erased and
programmed by its CFI driver, timed with the generic counter). One CPU, so
that the hook runs before the guest does; the median of three boots, each
on a new flash file.
"""
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def once(run, secure, guest):
    with tempfile.TemporaryDirectory() as d:
        log = Path(d) / "secure.log"
        subprocess.run([run, "--secure", secure, "--guest", guest, "--console",
                        str(Path(d) / "console.log"), "--log", str(log), "--timeout", "120",
                        "--no-reboot", "--smp", "1", "--mem", "256", "--args", "storage=bench"],
                       stdin=subprocess.DEVNULL, check=True, capture_output=True)
        text = log.read_text(errors="replace")
    m = re.search(r"flash program (\d+\.\d) MB/s .*word program (\d+\.\d+) MB/s; "
                  r"erase (\d+) us", text)
    if not m:
        sys.exit("bench: the storage component printed no flash figure")
    return [float(m.group(1)), float(m.group(2)), int(m.group(3))]


def main():
    run, secure, guest = sys.argv[1:4]
    runs = [once(run, secure, guest) for _ in range(3)]
    print(f"flash_program_MBps {statistics.median(r[0] for r in runs):.1f} MB/s")
    print(f"flash_word_program_MBps {statistics.median(r[1] for r in runs):.2f} MB/s")
    print(f"flash_erase_us {statistics.median(r[2] for r in runs):.0f} us")


if __name__ == "__main__":
    main()
