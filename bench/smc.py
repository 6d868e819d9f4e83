#!/usr/bin/python3
"""SMC round-trip figures from the benchmark guest (guest/bench).

Per secure image, two boots: one under -icount shift=0 (one instruction =
1 ns of virtual time, so one CNTVCT tick at 62.5 MHz = 16 instructions;
exact and repeatable), one in real time (ticks are wall time; medians of
five batches of 10 000 calls). Each figure is the SMC loop minus the empty
loop. The VMM's figures come from the production image, what make run
boots; the benchmark floor exists only in the test image.
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
    run, production, test, guest = sys.argv[1:5]
    figures = {}
    for image, secure in (("production", production), ("test", test)):
        ic = samples(run, secure, guest, icount=True)
        wall = samples(run, secure, guest, icount=False)
        for name in ("vmm_null", "psci_version", "floor"):
            figures[image, name] = (
                (statistics.median(ic[name]) - statistics.median(ic["empty"])) * INSNS_PER_TICK,
                (statistics.median(wall[name]) - statistics.median(wall["empty"])) * TICK_NS
                / 1000)
    for image, name, label in [("production", "vmm_null", "smc_vmm"),
                               ("production", "psci_version", "smc_psci_version"),
                               ("test", "floor", "smc_floor"),
                               ("test", "vmm_null", "smc_vmm_test_image")]:
        print(f"{label}_insns {figures[image, name][0]:.0f} insns")
    for image, name, label in [("production", "vmm_null", "smc_vmm"),
                               ("test", "floor", "smc_floor")]:
        print(f"{label}_us {figures[image, name][1]:.2f} us")


if __name__ == "__main__":
    main()
