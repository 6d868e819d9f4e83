#!/usr/bin/python3
"""integrity_detect_storm_s: the integrity monitor's detection time while
the normal world attacks the secure world's time.

The storm guest (guest/storm) maps a 15 MiB Linux-shaped kernel image (as
Debian's armmp text and rodata) for the monitor to watch, then kicks the
virtio-blk queue from CPU 0 without pause while every other CPU keeps the
queue's ring full, on the production image at the monitor's defaults. The
figure is the longest checking pass under the storm plus one period, like
integrity_detect_s (bench/linux_boot.py) for an idle Linux.

    storm.py RUN SECURE STORM_GUEST SMP
"""
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASS = re.compile(r"^\[integrity\] pass (\d+): (\d+) pages in (\d+) ms, CPU (\d+) us.*"
                  r"normal-world exits ([0-9.]+)/s", re.M)
PASSES = 2


def storm_passes(run, secure, guest, smp, passes=PASSES, extra=(), limit=600):
    """Boots the storm guest and returns the monitor's checking passes as
    (wall ms, CPU us, normal-world exits/s), its period in ms, and the
    guest's console."""
    with tempfile.TemporaryDirectory() as d:
        log, console = Path(d) / "secure.log", Path(d) / "console.log"
        p = subprocess.Popen([run, "--secure", secure, "--guest", guest, "--smp", str(smp),
                              "--mem", "256", "--log", str(log), "--console", str(console),
                              "--timeout", str(limit), "--no-reboot", *extra],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + limit
        try:
            while True:
                text = log.read_text(errors="replace") if log.exists() else ""
                found = PASS.findall(text)
                if len(found) >= passes:
                    break
                if p.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"bench: the storm guest's run ended with {len(found)} of "
                             f"{passes} integrity passes; secure log:\n{text[-2000:]}")
                time.sleep(1)
        finally:
            p.terminate()
            p.wait()
        period = int(re.search(r"\[integrity\] period (\d+) ms", text).group(1))
        return ([(int(m[2]), int(m[3]), float(m[4])) for m in found], period,
                console.read_text(errors="replace"))


def main():
    run, secure, guest, smp = sys.argv[1:5]
    runs, period, _ = storm_passes(run, secure, guest, smp)
    print(f"integrity_detect_storm_s {(max(ms for ms, _, _ in runs) + period) / 1000:.1f} s")
    print(f"storm_exits_per_s {min(e for _, _, e in runs):.0f} exits/s")


if __name__ == "__main__":
    main()
