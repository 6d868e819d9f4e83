#!/usr/bin/python3
"""SMC round-trip figures from the benchmark guest (guest/bench).

Per secure image, two boots: one under -icount shift=0 (one instruction =
1 ns of virtual time, so one CNTVCT tick at 62.5 MHz = 16 instructions;
exact and repeatable), one in real time (ticks are wall time; medians of
five batches of 10 000 calls). Each figure is the SMC loop minus the empty
loop. The VMM's figures come from the production image, what make run
boots (PSCI_VERSION there is answered by the kernel's fast path:
smc_fast); the benchmark floor exists only in the test image.

The production image's figures are taken again at SMP 2 and 4
(smc_vmm_insns_smp2, ...): the cost of a round trip must not grow with the
number of CPUs.

Given the traced image and the short benchmark guest (1 000 calls per
batch) as well, it adds what tracing costs: the null SMC on the traced
image, and the part of it that writes each record out on the secure log
(the trace's own "D" lines), per record. With TZVMM_BENCH_DATA=DIR it
keeps the samples (DIR/smc.json) and the traced run's log (DIR/trace-bench.log)
for bench/report.py.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

# The guest's counter, as its "counter-hz" line says (set_rate): 62.5 MHz
# on qemu_virt and the i.MX6UL EVK (the generic timer), 100 MHz on the
# sabrelite (the A9 global timer).
TICK_NS = 16          # 62.5 MHz generic counter
INSNS_PER_TICK = 16   # -icount shift=0: 1 instruction per ns


def set_rate(text):
    """Ticks of the board's counter in ns and in instructions (-icount)."""
    global TICK_NS, INSNS_PER_TICK
    m = re.search(r"counter-hz (\d+)", text)
    if m:
        TICK_NS = INSNS_PER_TICK = 1e9 / int(m.group(1))


def samples(run, secure, guest, icount, keep_log=None, smp=1):
    with tempfile.TemporaryDirectory() as d:
        console, log = Path(d) / "console.log", Path(d) / "secure.log"
        cmd = [run, "--secure", secure, "--guest", guest, "--console", str(console),
               "--log", str(log), "--timeout", "300", "--no-reboot",
               "--smp", str(smp), "--mem", "256"] + (["--icount"] if icount else [])
        subprocess.run(cmd, stdin=subprocess.DEVNULL, check=True, capture_output=True)
        text = console.read_text()
        set_rate(text)
        if keep_log is not None:
            keep_log.append(log.read_text(errors="replace"))
    per = {}
    for name, calls, ticks in re.findall(r"sample (\w+) (\d+) (\d+)", text):
        per.setdefault(name, []).append(int(ticks) / int(calls))
    # The secure timer's lateness (test image): expiries, median, max ticks.
    m = re.search(r"fiq-latency (\d+) (\d+) (\d+)", text)
    if m and int(m.group(1)):
        per["fiq_latency"] = [int(m.group(2)), int(m.group(3))]
    # The VMM copying normal RAM into its storage slot: bytes per tick.
    copies = [int(b) / int(t) for b, t in re.findall(r"secure-copy (\d+) (\d+)", text)]
    if copies:
        per["secure_copy"] = copies
    # The secure task it wakes (the VMM thread): its latest start, ticks.
    m = re.search(r"task-latency (\d+)", text)
    if m and "fiq_latency" in per:
        per["task_latency"] = int(m.group(1))
    if "empty" not in per:
        sys.exit("bench: the benchmark guest printed no samples")
    return per


def writeout_ticks(log):
    """Counter ticks per record spent writing the trace out (its D lines)."""
    batches = [l.split()[4:6] for l in log.splitlines() if l.startswith("[trace] D ")]
    records = sum(int(n, 16) for _, n in batches)
    return sum(int(t, 16) for t, _ in batches) / records if records else 0


def main():
    run, production, test, guest = sys.argv[1:5]
    traced, short_guest = (sys.argv[5:7] + [None, None])[:2]
    data = os.environ.get("TZVMM_BENCH_DATA")
    images = [("production", production, guest), ("test", test, guest)]
    if traced:
        images.append(("traced", traced, short_guest))
    figures, raw, logs = {}, {}, {}
    for image, secure, g in images:
        logs[image] = []
        ic = samples(run, secure, g, icount=True, keep_log=logs[image])
        wall = samples(run, secure, g, icount=False, keep_log=logs[image])
        raw[image] = {"icount": ic, "wall": wall}
        for name in ("vmm_null", "psci_version", "floor"):
            figures[image, name] = (
                (statistics.median(ic[name]) - statistics.median(ic["empty"])) * INSNS_PER_TICK,
                (statistics.median(wall[name]) - statistics.median(wall["empty"])) * TICK_NS
                / 1000)
    for image, name, label in [("production", "vmm_null", "smc_vmm"),
                               ("production", "psci_version", "smc_fast"),
                               ("test", "floor", "smc_floor"),
                               ("test", "vmm_null", "smc_vmm_test_image")]:
        print(f"{label}_insns {figures[image, name][0]:.0f} insns")
    for image, name, label in [("production", "vmm_null", "smc_vmm"),
                               ("production", "psci_version", "smc_fast"),
                               ("test", "floor", "smc_floor")]:
        print(f"{label}_us {figures[image, name][1]:.2f} us")
    # From the secure timer's deadline to the kernel's handling of it while
    # the normal world spins, under -icount: one tick is 16 instructions,
    # the resolution of these two figures.
    if "fiq_latency" in raw["test"]["icount"]:
        median, worst = raw["test"]["icount"]["fiq_latency"]
        print(f"fiq_latency_insns_median {median * INSNS_PER_TICK:.0f} insns")
        print(f"fiq_latency_insns_max {worst * INSNS_PER_TICK:.0f} insns")
        copy = raw["test"]["wall"].get("secure_copy")
        if copy:
            print(f"secure_copy_MBps {statistics.median(copy) / TICK_NS * 1000:.1f} MB/s")
        worst_task = raw["test"]["icount"].get("task_latency")
        if worst_task is not None:
            print(f"secure_task_jitter_insns_max {worst_task * INSNS_PER_TICK:.0f} insns")
    if traced:
        ic_log, wall_log = logs["traced"]
        print(f"smc_vmm_trace_insns {figures['traced', 'vmm_null'][0]:.0f} insns")
        print(f"smc_vmm_trace_us {figures['traced', 'vmm_null'][1]:.2f} us")
        print(f"trace_writeout_insns {writeout_ticks(ic_log) * INSNS_PER_TICK:.0f} insns")
        print(f"trace_writeout_us {writeout_ticks(wall_log) * TICK_NS / 1000:.2f} us")
    # The same round trip with more CPUs (the guest calls from CPU 0, the
    # others stay off): nothing on the path may grow with their number.
    for smp in (2, 4):
        ic = samples(run, production, guest, icount=True, smp=smp)
        for name, label in (("vmm_null", "smc_vmm"), ("psci_version", "smc_fast")):
            insns = (statistics.median(ic[name]) - statistics.median(ic["empty"])) * INSNS_PER_TICK
            print(f"{label}_insns_smp{smp} {insns:.0f} insns")
    if data:
        Path(data, "smc.json").write_text(json.dumps(raw, indent=1))
        if traced:
            Path(data, "trace-bench.log").write_text(logs["traced"][1])


if __name__ == "__main__":
    main()
