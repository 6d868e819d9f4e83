#!/usr/bin/python3
"""fiq_latency_insns_max_flood: how late the kernel handles a secure timer
while the normal world makes the secure world write for it.

The drain guest (guest/forge, FORGE_DRAIN, test image, -icount shift=0: a
counter tick is 16 instructions) sweeps the VMM's secure timer over the
phases of three kinds of round: only null calls to the VMM (the base),
then the VMM copying 11 KiB of hvc0 output into the kernel's ring (a
SYS_CONSOLE_WRITE per 256 bytes, its copy outside the kernel lock with
FIQs open), then the log draining them to the UART (outside the lock,
FIQs open). The kernel's lateness is a maximum since boot, so each
figure is the worst up to that kind: what output adds is the difference
between the base and the flood's.

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
    worst = {what: int(kernel) * INSNS_PER_TICK for what, n, fired, kernel in
             re.findall(r"(calls|copy|drain): (\d+) rounds, timer fired (\d+), "
                        r"lateness kernel (\d+) task", text) if n == fired}
    if set(worst) != {"calls", "copy", "drain"}:
        sys.exit("bench: the drain guest's timer did not fire in every round of its three "
                 "sweeps")
    print(f"fiq_latency_insns_max_calls {worst['calls']} insns")
    print(f"fiq_latency_insns_max_flood {worst['drain']} insns")

if __name__ == "__main__":
    main()
