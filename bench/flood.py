#!/usr/bin/python3
"""fiq_latency_insns_max_flood: how late the kernel handles a secure timer
while the normal world makes the secure world write for it.

The drain guest (guest/forge, FORGE_DRAIN, test image, -icount shift=0: a
counter tick is 16 instructions) sends 11 KiB on hvc0 twice, with the VMM's
secure timer armed to expire first while the secure log drains them to the
UART (outside the kernel lock, FIQs open), then while the VMM copies them
into the kernel's ring (each SYS_CONSOLE_WRITE a copy of at most 256 bytes
under the lock). Figures: the worst kernel lateness of each round, and the
worst of both (the goal's figure).

    flood.py RUN SECURE_TEST DRAIN_GUEST
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

INSNS_PER_TICK = 16


def main():
    run, secure, guest = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as d:
        console, log = Path(d) / "console.log", Path(d) / "secure.log"
        p = subprocess.run([run, "--secure", secure, "--guest", guest, "--icount",
                            "--console", str(console), "--log", str(log), "--timeout", "300",
                            "--no-reboot", "--smp", "1", "--mem", "256"],
                           stdin=subprocess.DEVNULL, capture_output=True)
        text = console.read_text(errors="replace")
        if p.returncode != 0:
            sys.exit(f"bench: the drain guest ended with status {p.returncode}")
    rounds = {what: int(kernel) * INSNS_PER_TICK for what, kernel in
              re.findall(r"(drain|copy): timer fired 1, lateness kernel (\d+) task", text)}
    if set(rounds) != {"drain", "copy"}:
        sys.exit("bench: the drain guest printed no lateness for both rounds")
    print(f"fiq_latency_insns_drain {rounds['drain']} insns")
    print(f"fiq_latency_insns_console_copy {rounds['copy']} insns")
    print(f"fiq_latency_insns_max_flood {max(rounds.values())} insns")


if __name__ == "__main__":
    main()
