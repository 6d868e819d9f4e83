#!/usr/bin/python3
"""SMC round-trip figures from the benchmark guest (guest/bench).

Two boots: one under -icount shift=0 (one instruction = 1 ns of virtual
time, so one CNTVCT tick at 62.5 MHz = 16 instructions; exact and
repeatable), one in real time (ticks are wall time; medians of five
batches of 10 000 calls). Each figure is the SMC loop minus the empty loop.
"""
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TICK_NS = 16          # 62.5 MHz generic counter
INSNS_PER_TICK = 16   # -icount shift=0: 1 instruction per ns


def samples(run, secure, guest, icount):
    with tempfile.TemporaryDirectory() as d:
        console = Path(d) / "console.log"
        cmd = [run, "--secure", secure, "--guest", guest, "--console", str(console),
               "--log", str(Path(d) / "secure.log"), "--timeout", "300", "--no-reboot",
               "--smp", "1", "--mem", "256"] + (["--icount"] if icount else [])
        subprocess.run(cmd, stdin=subprocess.DEVNULL, check=True, capture_output=True)
        text = console.read_text()
    per = {}
    for name, calls, ticks in re.findall(r"sample (\w+) (\d+) (\d+)", text):
        per.setdefault(name, []).append(int(ticks) / int(calls))
    if "empty" not in per:
        sys.exit("bench: the benchmark guest printed no samples")
    return per


def main():
    run, secure, guest = sys.argv[1:4]
    ic = samples(run, secure, guest, icount=True)
    wall = samples(run, secure, guest, icount=False)
    empty_i = statistics.median(ic["empty"])
    empty_w = statistics.median(wall["empty"])
    for name, label in [("vmm_null", "smc_vmm"), ("psci_version", "smc_psci_version"),
                        ("floor", "smc_floor")]:
        insns = (statistics.median(ic[name]) - empty_i) * INSNS_PER_TICK
        print(f"{label}_insns {insns:.0f} insns")
    for name, label in [("vmm_null", "smc_vmm"), ("floor", "smc_floor")]:
        us = (statistics.median(wall[name]) - empty_w) * TICK_NS / 1000
        print(f"{label}_us {us:.2f} us")


if __name__ == "__main__":
    main()
