#!/usr/bin/python3
"""bench/report.py DIR — the benchmark report of make bench.
bench/report.py --readme DIR [--readme-file FILE] — the README's figures.

Reads what scripts/bench.sh left in DIR (build/bench): figures.txt (the
"name value unit" lines), smc.json (the SMC samples of bench/smc.py),
trace-bench.log (the traced image's secure log of the short benchmark
guest), samples-*.json (every run's value of some figures) and load (the
host's load averages at the start and the end), and
writes DIR/report.md: every figure with its goal, whether the figure meets
it, and the anchor it is measured against, and the plots, made with gnuplot
(Debian's gnuplot-nox): SMC cost per path, Linux boot under tzvmm against
QEMU's own boot, and the trace of the benchmark guest (tools/tzvmm-trace).

With --readme it writes no report but the same table into the README (the
project's README.md, or FILE), between the two BLOCK markers, so that the README
shows a run's figures and verdicts as they came and nobody writes them by
hand.

A goal is an expression this script evaluates on the figures:
  OP VALUE                  OP one of >= <= > < ==
  ~ VALUE +- P%             within P percent of VALUE
where VALUE is a number, "K x figure" or "figure [+-] K". A goal that does
not parse stops the report: it never becomes a verdict.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TICK_NS = 16
TFA_INSNS, TFA_US = 172, 15.0   # TF-A SP_MIN, PSCI_VERSION (qemu-virt-trustzone.md)
BLOCK = ("<!-- bench-figures: begin; written by bench/report.py --readme build/bench -->",
         "<!-- bench-figures: end -->")

# name: (goal, why, anchor). goal is an expression (see above), or None
# where the figure has no number to meet; why says where the goal comes
# from, or what the figure is for; anchor is a measured reference or what
# exactly the figure measures. Goals come from the design (the issues that
# set them, docs/world-switch.md); a "~" goal
# allows 10 % either way, and one that only bounds a cost from above is a
# "<=" (linux_boot_ratio).
FIGURES = {
    "smc_vmm_insns": ("<= 300", "one round trip into the user-level VMM (issue: performance "
                      "round 2; it was ~ 350 in the design)",
                      f"TF-A SP_MIN, PSCI_VERSION: {TFA_INSNS} insns"),
    "smc_fast_insns": ("<= 60", "PSCI_VERSION answered by the monitor's fast path (issue: "
                       "performance round 2)",
                       f"TF-A SP_MIN, PSCI_VERSION: {TFA_INSNS} insns; the monitor's save and "
                       "restore alone is ~70"),
    "smc_floor_insns": (None, "the least a secure round trip runs (test image)",
                        "null SMC answered in monitor mode, no SCR.NS change: 7 insns"),
    "smc_vmm_test_image_insns": ("== smc_vmm_insns + 3", "the test image adds only the "
                                 "floor's id compare", "the null SMC on the test image"),
    "smc_vmm_insns_smp2": ("~ smc_vmm_insns +- 3%", "flat: nothing on the path grows with "
                           "the CPUs (issue: performance round 2)", "the null SMC at SMP 2 "
                           "(the guest calls from CPU 0, the other CPU off)"),
    "smc_vmm_insns_smp4": ("~ smc_vmm_insns +- 3%", "flat (issue: performance round 2)",
                           "the same at SMP 4"),
    "smc_fast_insns_smp2": ("<= 60", "the fast path's goal at any number of CPUs",
                            "PSCI_VERSION at SMP 2"),
    "smc_fast_insns_smp4": ("<= 60", "the fast path's goal at any number of CPUs",
                            "PSCI_VERSION at SMP 4"),
    "smc_vmm_stages_insns": (None, "the round trip's stages, in the table below",
                             "QEMU's per-instruction trace from the SMC to the guest's next "
                             "instruction (bench/smc_stages.py); smc_vmm_insns is the "
                             "counter's figure, the loop less an empty loop"),
    "smc_vmm_us": (f"< {TFA_US:.0f}", "below TF-A's, in us",
                   "two SCR.NS changes: ~4.5 us on QEMU"),
    "smc_fast_us": (f"< {TFA_US:.0f}", "below TF-A's, in us",
                    f"TF-A SP_MIN, PSCI_VERSION: ~{TFA_US:.0f} us"),
    "smc_floor_us": (None, "what QEMU charges for SCR.NS",
                     "SCR.NS there and back: 4.5-5.4 us on this kind of host"),
    "fiq_latency_insns_median": (None, "", "from the secure timer's deadline to the kernel's "
                                 "handling, the normal world spinning with I and F masked "
                                 "(-icount, test image; 16-instruction resolution)"),
    "fiq_latency_insns_max": ("<= 150", "design", "the worst of 200 expiries"),
    "secure_task_jitter_insns_max": ("<= 1000", "bounded; the -icount test asserts it",
                                     "the secure thread the timer wakes (the VMM's), its "
                                     "latest start after the deadline"),
    "smc_vmm_trace_insns": (None, "tracing off costs nothing: smc_vmm_insns is measured on "
                            "the production image, which has no tracer", "smc_vmm_insns"),
    "smc_vmm_trace_us": (None, "unnoticed in a Linux boot (linux_exits_boot SMCs)",
                         "smc_vmm_us"),
    "trace_writeout_insns": (None, "", "part of smc_vmm_trace_insns: one record's line"),
    "trace_writeout_us": (None, "", "~1.4 us per character on QEMU's serial port"),
    "monitor_asm_lines": (None, "monitor mode holds almost nothing",
                          "OP-TEE sm: ~730 lines in 8 files"),
    "kernel_sloc": (None, "a small core", "Bao: ~4k lines"),
    "vmm_sloc": (None, "", ""),
    "secure_image_bytes": (None, "", "the kernel and its components"),
    "secure_copy_MBps": (None, "", "the secure world's copy loop moving normal RAM into "
                         "secure memory (the VMM, test image): one pass over each byte, the "
                         "floor of a para-virtual read"),
    "flash_program_MBps": (None, "", "the secure flash programmed through MMIO, buffered "
                           "(test image, --args storage=bench): 4 MiB of a pattern with no "
                           "all-ones word, programming only (no erase, no journal)"),
    "flash_word_program_MBps": (None, "", "the fallback for a small buffer: a file write "
                                "per word"),
    "flash_erase_us": (None, "", "QEMU erases 256 KiB at the command: a memset and a file "
                       "write"),
    "pvblk_write_MBps": (">= 0.8 x flash_program_MBps", "design", "/dev/vda: 32 MiB of "
                         "random data (/dev/urandom into tmpfs, new for each run) in 1 MiB "
                         "O_DIRECT writes, then a flush; erases and the journal included"),
    "pvblk_read_MBps": (">= 0.8 x secure_copy_MBps", "design; out of reach on QEMU: with the "
                        "storage copying nothing, dd read under 0.5 x the floor "
                        "(docs/storage.md)", "/dev/vda: that random data "
                        "read back in 1 MiB O_DIRECT reads, checked against what was "
                        "written"),
    "pvblk_read_device_MBps": (">= 0.8 x secure_copy_MBps", "the copy floor where the "
                               "device works (issue: performance round 2)", "those reads "
                               "as the device served them: bytes over the time from each "
                               "request's issue to its completion (/sys/block/vda/stat); "
                               "the rest of pvblk_read_MBps's time is Linux's own"),
    "pvblk_read_MBps_4jobs": (None, "several CPUs' requests overlap (issue: performance "
                              "round 2): each CPU's request is served in its own storage slot "
                              "without the device's lock; on a 2-CPU host four vCPUs share "
                              "two cores", "four readers at "
                              "once at SMP 4, each all of that data in 1 MiB O_DIRECT "
                              "reads: all their bytes over the time until the last is done"),
    "pvblk_read_64k_MBps": (None, "what a request costs beside what a byte does",
                            "/dev/vda: that data in 64 KiB O_DIRECT reads (16 MiB a run)"),
    "pvblk_read_4k_MBps": (None, "what a request costs beside what a byte does",
                           "/dev/vda: that data in 4 KiB O_DIRECT reads (4 MiB a run), each "
                           "a round trip into the secure world"),
    "virtio_blk_write_MBps": (None, "a reference, not a bar", "QEMU's own virtio-blk "
                              "(virtio-mmio, raw file, native code), same kernel, same data "
                              "and method, no secure world"),
    "virtio_blk_read_MBps": (None, "a reference, not a bar", "the same, reads"),
    "virtio_blk_read_device_MBps": (None, "a reference, not a bar", "the same, reads in "
                                    "the device"),
    "virtio_blk_read_64k_MBps": (None, "a reference, not a bar", "the same, 64 KiB reads"),
    "virtio_blk_read_4k_MBps": (None, "a reference, not a bar", "the same, 4 KiB reads"),
    "hvc_out_KBps": (">= 0.9 x ttyAMA0_out_KBps", "design", "256 KiB of 80-column text "
                     "through hvc0 (the secure world's UART) into a file"),
    "ttyAMA0_out_KBps": (None, "", "the same text through the normal world's own PL011 into "
                         "a file"),
    "hvc_term_KBps": (">= 0.9 x ttyAMA0_term_KBps", "design", "the same text through hvc0 "
                      "into the terminal (a pty the bench reads)"),
    "ttyAMA0_term_KBps": (None, "", "the same text through ttyAMA0 into the terminal"),
    "linux_boot_s": (None, "", "launcher start to shell prompt under tzvmm, on a flash file "
                     "an earlier boot formatted"),
    "linux_boot_native_s": (None, "", "QEMU booting the same kernel itself, no secure world, "
                            "with its own virtio-blk (a raw file of the secure disk's size) "
                            "and virtio console on virtio-mmio, and the same initramfs "
                            "modules with Debian's virtio_mmio.ko for tzvmm_virtio.ko"),
    "verify_ms": (None, "", "verified boot in those boots: the manifest's signature and the "
                  "SHA-256 of Debian's kernel, initramfs and DTB in normal RAM (the VMM's clock)"),
    "linux_boot_ratio": ("<= 1.05", "~1: the secure world adds no visible boot time; "
                         "faster is fine (issue: performance round 2)",
                         "the same device classes on both sides: linux_boot_s over "
                         "linux_boot_native_s, median of 3 rounds"),
    "flash_format_s": (None, "a first run's cost, never part of the ratio",
                       "a boot on a new flash file (64 MiB created, its data region "
                       "formatted) over one on a formatted file, median of 3 rounds"),
    "linux_exits_boot": (None, "few: exits stay off Linux's hot paths",
                         "the virtio probe's register accesses are most of them"),
    "linux_exits_idle_per_s": ("~ 10 +- 10%", "the integrity monitor's period, nothing more: "
                               "10/s at 100 ms", "normal-world exits per second of an idle "
                               "Linux"),
    "debian_boot_s": (None, "", "make run ROOTFS=debian: launcher start to systemd's "
                      "multi-user.target under tzvmm, after a first boot (not counted) that "
                      "formatted the secure disk"),
    "debian_boot_native_s": (None, "", "QEMU booting the same kernel, initramfs and root disk "
                             "itself, with its own virtio-blk for the secure disk (a raw file "
                             "of its size, ext4, its serial) and a virtio console"),
    "debian_boot_ratio": ("<= 1.05", "issue: a whole Debian system",
                          "debian_boot_s over debian_boot_native_s, median of 3 rounds"),
    "debian_exits_boot": (None, "few", "normal-world exits of a boot to multi-user.target "
                          "and its poweroff, median of 3 rounds"),
    "debian_exits_idle_per_s": ("~ 10 +- 10%", "the integrity monitor's period: systemd "
                                "idle asks nothing of the secure world",
                                "normal-world exits per second at the login prompt: the "
                                "integrity monitor's figure for a pass wholly there"),
    "integrity_pass_ms": (None, "", "CPU of one full SHA-256 pass over Linux's text and "
                          "rodata"),
    "integrity_site_scan_ms": (None, "", "CPU of the scan that finds Linux's jump-label table "
                               "(once, before each baseline; its checks are in "
                               "integrity_pass_ms)"),
    "integrity_ftrace_scan_ms": (None, "", "CPU of the scan of Linux's text for ftrace's "
                                 "mcount sites and trampolines (once, before each baseline; "
                                 "their checks are in integrity_pass_ms)"),
    "integrity_cpu_share_pct": ("<= 2", "design", "of CPU 0 at the defaults "
                                "(cpu_permille=15); nothing on the other CPUs; uRTZVisor's "
                                "whole hypervisor ~2 %"),
    "integrity_detect_s": ("<= 60", "design", "worst time from a change to its report: one "
                           "pass and one period, at the defaults"),
    "integrity_detect_storm_s": ("<= 1.1 x integrity_detect_s", "<= 60 s and within 10 % of "
                                 "integrity_detect_s (issue: budgets)",
                                 "the same (a 15 MiB kernel image) while the normal world "
                                 "kicks the virtio-blk queue from CPU 0 without pause and "
                                 "keeps its ring full from every other CPU (guest/storm)"),
    "fiq_latency_insns_max_calls": ("<= 150", "design", "the worst over a sweep of timer "
                                    "phases while the normal world only calls the VMM, a null "
                                    "call after another (-icount, guest/forge): the kernel's "
                                    "preemption points (docs/architecture.md section 11)"),
    "fiq_latency_insns_max_flood": ("<= 150", "design (issue: budgets)", "the same while the "
                                    "normal world also sends 11 KiB of hvc0 output at a time: "
                                    "the VMM's copies into the log's ring and the log's drain "
                                    "to the UART, both outside the kernel lock, an FIQ handled "
                                    "in place"),
    "storm_exits_per_s": (None, "", "the storm's normal-world exits per second, the lowest "
                          "of its passes: how hard it pushed"),
}

NUMBER = r"\d+(?:\.\d+)?"
NAME = r"[A-Za-z][A-Za-z0-9_]*"
GOAL = re.compile(rf"(>=|<=|==|<|>|~)\s*(.+?)(?:\s*\+-\s*({NUMBER})\s*%)?")
OPS = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
       "<": lambda a, b: a < b, "==": lambda a, b: a == b}


def parse_goal(goal):
    """(op, (factor, name, offset), tolerance in %): the goal's value is
    factor * the figure name + offset, or offset alone when name is None."""
    m = GOAL.fullmatch(goal.strip())
    if not m:
        raise ValueError(f"goal '{goal}': expected OP VALUE or ~ VALUE +- P%")
    op, value, tol = m.group(1), m.group(2), m.group(3)
    if (op == "~") != (tol is not None):
        raise ValueError(f"goal '{goal}': a tolerance (+- P%) goes with ~, and only with ~")
    if re.fullmatch(NUMBER, value):
        term = (0.0, None, float(value))
    elif m2 := re.fullmatch(rf"({NUMBER})\s*x\s*({NAME})", value):
        term = (float(m2.group(1)), m2.group(2), 0.0)
    elif m2 := re.fullmatch(rf"({NAME})(?:\s*([+-])\s*({NUMBER}))?", value):
        k = float(m2.group(3) or 0)
        term = (1.0, m2.group(1), -k if m2.group(2) == "-" else k)
    else:
        raise ValueError(f"goal '{goal}': '{value}' is not a number, 'K x figure' or "
                         "'figure +- K'")
    return op, term, None if tol is None else float(tol)


def judge(goal, value, values):
    """The verdict on one figure's value: (met, text). met is True or False,
    or None when there is nothing to judge: no goal, or the goal names a
    figure this run does not have. values maps figure names to numbers."""
    if goal is None:
        return None, "-"
    op, (factor, name, offset), tol = parse_goal(goal)
    if name is not None and name not in values:
        return None, f"not judged: no {name}"
    target = factor * values[name] + offset if name is not None else offset
    if op == "~":
        met = abs(value - target) <= abs(target) * tol / 100
    else:
        met = OPS[op](value, target)
    # How far off, where a number says more than the verdict alone.
    how = ""
    if name is not None and offset == 0 and values[name]:
        how = f"{value / values[name]:.2f} x {name}"
    elif name is not None:
        how = f"{name} {value - values[name]:+g}"
    elif op == "~" and target:
        how = f"{(value - target) / abs(target) * 100:+.1f} %"
    return met, ("met" if met else "not met") + (f": {how}" if how else "")


def read_figures(path):
    out = {}
    for line in path.read_text().splitlines():
        f = line.split()
        if len(f) == 3:
            try:
                out[f[0]] = (float(f[1]), f[1], f[2])
            except ValueError:
                pass
    return out


def read_samples(d):
    """Every run's value of the figures that keep them (samples-*.json:
    {name: [values]})."""
    out = {}
    for f in sorted(d.glob("samples-*.json")):
        out.update(json.loads(f.read_text()))
    return out


def table(fig, samples=None):
    """The figures' table (markdown lines) and how many goals were met and
    not met; a figure with samples shows their range beside its median. A
    figure FIGURES does not know stops the report: a new figure gets its
    goal and anchor here before it is shown."""
    samples = samples or {}
    unknown = [name for name in fig if name not in FIGURES]
    if unknown:
        raise KeyError(f"figures with no entry in bench/report.py's FIGURES: {unknown}")
    values = {name: v for name, (v, _, _) in fig.items()}
    lines = ["| figure | value | goal | verdict | anchor |", "|---|---:|---|---|---|"]
    met = missed = 0
    for name, (value, text, unit) in fig.items():
        goal, why, anchor = FIGURES[name]
        ok, verdict = judge(goal, value, values)
        met += ok is True
        missed += ok is False
        shown = (f"`{goal}`" + (f" ({why})" if why else "")) if goal else why
        runs = samples.get(name)
        spread = f" (runs: {min(runs):.1f}-{max(runs):.1f})" if runs and len(runs) > 1 else ""
        lines.append(f"| `{name}` | {text} {unit}{spread} | {shown or '-'} | {verdict} | "
                     f"{anchor or '-'} |")
    return lines, met, missed


def run_facts(d):
    """When, where, and how loaded the host was: a paragraph."""
    board_qemu = ROOT / "plat" / os.environ.get("TZVMM_PLAT", "qemu_virt") / "qemu"
    qemu = subprocess.run([str(board_qemu), "--version"], capture_output=True,
                          text=True).stdout.splitlines()[:1]
    when = datetime.date.fromtimestamp((d / "figures.txt").stat().st_mtime)
    load = (d / "load").read_text().split() if (d / "load").exists() else []
    text = (f"Written by `make bench` on {when}: {platform.node()}, "
            f"{len(os.sched_getaffinity(0))} CPUs, {qemu[0] if qemu else 'QEMU'} (TCG). "
            "Instruction counts are exact (`-icount shift=0`) and the same on any host; "
            "times and rates are wall-clock medians of this run on this host")
    if len(load) == 2:
        text += (f", whose load average (1 min) was {load[0]} at the start and {load[1]} at "
                 "the end")
    return text + "."


def readme(d, path):
    """Rewrites the block between BLOCK's markers in path."""
    fig = read_figures(d / "figures.txt")
    rows, met, missed = table(fig, read_samples(d))
    text = path.read_text()
    begin, end = text.find(BLOCK[0]), text.find(BLOCK[1])
    if begin < 0 or end < begin:
        sys.exit(f"report: {path} has no block between '{BLOCK[0]}' and '{BLOCK[1]}'")
    block = [BLOCK[0], "", run_facts(d), "", f"Goals: {met} met, {missed} not met.", "",
             *rows, "", BLOCK[1]]
    path.write_text(text[:begin] + "\n".join(block) + text[end + len(BLOCK[1]):])
    print(f"report: {path}: {len(fig)} figures; goals {met} met, {missed} not met",
          file=sys.stderr)


def gnuplot(script):
    subprocess.run(["gnuplot"], input=script, text=True, check=True)


def bars(out, title, ylabel, rows, fmt):
    """A bar chart: rows of (label, value, low, high, colour)."""
    data = out.with_suffix(".dat")
    data.write_text("".join(f'{i} "{label}" {v} {lo} {hi} {colour}\n'
                            for i, (label, v, lo, hi, colour) in enumerate(rows)))
    top = max(max(r[1], r[3]) for r in rows) * 1.25
    gnuplot("\n".join([
        "set terminal svg size 900,420 font ',11' noenhanced", f"set output '{out}'",
        f"set title '{title}'", f"set ylabel '{ylabel}'", f"set yrange [0:{top}]",
        "set style fill solid 0.8 border -1", "set boxwidth 0.6", "set grid ytics",
        "set xtics nomirror scale 0", "set key off", f"set xrange [-0.6:{len(rows) - 0.4}]",
        f"plot '{data}' using 1:3:6:xtic(2) with boxes lc rgb variable, "
        f"'' using 1:4:(0):($5-$4) with vectors nohead lw 1.5 lc rgb 'black', "
        f"'' using 1:5:(sprintf('{fmt}', $3)) with labels offset 0,0.9"]))
    data.unlink()


def wall_us(raw, image, name):
    """Per-batch wall time of one call (us), the empty loop's median taken off."""
    wall = raw[image]["wall"]
    empty = statistics.median(wall["empty"])
    return [(t - empty) * TICK_NS / 1000 for t in wall[name]]


def smc_plots(d, fig, raw):
    blue, grey, orange = 0x3070b0, 0x909090, 0xe08020
    paths = [("floor (monitor only)", "smc_floor", "test", "floor", blue),
             ("VMM null call", "smc_vmm", "production", "vmm_null", blue),
             ("PSCI_VERSION (kernel fast path)", "smc_fast", "production", "psci_version",
              blue),
             ("VMM null call, traced", "smc_vmm_trace", "traced", "vmm_null", orange)]
    insns = [(label, fig[f"{key}_insns"][0], fig[f"{key}_insns"][0], fig[f"{key}_insns"][0], c)
             for label, key, _, _, c in paths if f"{key}_insns" in fig]
    insns.append(("TF-A PSCI_VERSION", TFA_INSNS, TFA_INSNS, TFA_INSNS, grey))
    bars(d / "smc-insns.svg", "SMC round trip from the normal world: instructions (-icount)",
         "instructions", insns, "%.0f")
    us = []
    for label, key, image, name, c in paths:
        if f"{key}_us" in fig:
            batches = wall_us(raw, image, name) if image in raw else [fig[f"{key}_us"][0]]
            us.append((label, fig[f"{key}_us"][0], min(batches), max(batches), c))
    us.append(("TF-A PSCI_VERSION", TFA_US, TFA_US, TFA_US, grey))
    bars(d / "smc-us.svg", "SMC round trip: wall time (median of 5 batches; bars: min-max)",
         "microseconds", us, "%.1f")
    return ["smc-insns.svg", "smc-us.svg"]


def linux_plot(d, fig):
    if "linux_boot_s" not in fig or "linux_boot_native_s" not in fig:
        return []
    rows = [("QEMU's own boot, its own virtio devices", fig["linux_boot_native_s"][0]),
            ("under tzvmm", fig["linux_boot_s"][0])]
    bars(d / "linux-boot.svg", "Debian Linux, QEMU start to shell prompt (median of 3 rounds)",
         "seconds", [(label, v, v, v, c) for (label, v), c in zip(rows, (0x909090, 0x3070b0))],
         "%.2f s")
    return ["linux-boot.svg"]


def read_sizes_plot(d, fig):
    """Read MB/s by request size, the secure world's disk beside QEMU's."""
    sizes = (("4k", "4 KiB"), ("64k", "64 KiB"), ("", "1 MiB"))
    rows = []
    for dev, label, colour in (("pvblk", "tzvmm", 0x3070b0), ("virtio_blk", "QEMU's", 0x909090)):
        for key, size in sizes:
            name = f"{dev}_read_{key}_MBps" if key else f"{dev}_read_MBps"
            if name not in fig:
                return []
            v = fig[name][0]
            rows.append((f"{label} {size}", v, v, v, colour))
    bars(d / "read-sizes.svg", "Disk reads by request size (O_DIRECT, median of 3 runs)",
         "MB/s", rows, "%.1f")
    return ["read-sizes.svg"]


def stages_part(d):
    """The VMM round trip by stage (bench/smc_stages.py's smc-stages.json):
    markdown lines."""
    f = d / "smc-stages.json"
    if not f.exists():
        return []
    data = json.loads(f.read_text())
    lines = ["", "## The VMM's round trip by stage", "",
             f"The null SMC of the production image, one of {data['trips']} round trips "
             "traced instruction by instruction (`bench/smc_stages.py`: QEMU's exec log under "
             "`-icount`, each address placed by the symbols of the image, its monitor and "
             "its VMM). `docs/world-switch.md` gives each stage's budget.", "",
             "| stage | instructions | where |", "|---|---:|---|"]
    for stage, n, fns in data["stages"]:
        where = ", ".join(f"`{fn}` {k}" for fn, k in fns.items())
        lines.append(f"| {stage} | {n} | {where} |")
    lines.append(f"| the round trip | {data['insns']} | |")
    return lines


def trace_part(d):
    log = d / "trace-bench.log"
    if not log.exists():
        return [], ""
    tool = ROOT / "tools" / "tzvmm-trace"
    summary = subprocess.run([sys.executable, str(tool), "--summary", str(log)],
                             capture_output=True, text=True).stdout
    p = subprocess.run([sys.executable, str(tool), "--plot", str(d / "trace-bench.svg"),
                        str(log)], capture_output=True, text=True)
    return (["trace-bench.svg"] if p.returncode == 0 else []), summary


def report(d):
    fig = read_figures(d / "figures.txt")
    rows, met, missed = table(fig, read_samples(d))
    raw = json.loads((d / "smc.json").read_text()) if (d / "smc.json").exists() else {}
    plots, summary = [], ""
    if shutil.which("gnuplot"):
        plots += smc_plots(d, fig, raw) if raw else []
        plots += linux_plot(d, fig)
        plots += read_sizes_plot(d, fig)
        trace_plots, summary = trace_part(d)
        plots += trace_plots
    else:
        print("report: no gnuplot (scripts/install-deps.sh gnuplot:gnuplot-nox): no plots",
              file=sys.stderr)
    lines = ["# tzvmm benchmark report", "", run_facts(d) + " Reproduce with `make bench` on "
             "an otherwise idle host.", "", f"Goals: {met} met, {missed} not met; each "
             "verdict is this script's, from the goal's expression and the figures "
             "(`bench/report.py`).", "", *rows]
    lines += ["", "Anchors: TF-A SP_MIN's AArch32 monitor and the QEMU costs are measured "
              "facts (`docs/world-switch.md`, Cost); goals are the design's "
              "(`docs/world-switch.md`, `docs/architecture.md`). The traced "
              "figures come from the traced image (`make run TRACE=1`), whose every exit "
              "also writes one line on the secure log."]
    titles = {"smc-insns.svg": "SMC cost per path, instructions",
              "smc-us.svg": "SMC cost per path, wall time",
              "linux-boot.svg": "Linux boot under tzvmm and QEMU's own",
              "read-sizes.svg": "Disk reads by request size: tzvmm's /dev/vda and QEMU's "
                                "own virtio-blk",
              "trace-bench.svg": "Trace of the short benchmark guest (traced image): "
                                 "secure-world time of every exit"}
    lines += stages_part(d)
    for p in plots:
        lines += ["", f"## {titles[p]}", "", f"![{titles[p]}]({p})"]
    if summary:
        lines += ["", "Secure-world time per function in that trace (`tools/tzvmm-trace "
                  f"--summary {d / 'trace-bench.log'}`; from the kernel's entry to the "
                  "vCPU's resume, without the monitor's save and restore). The traced image "
                  "has no test hooks: there the benchmark floor's id and the guest's final "
                  "TEST_EXIT are unknown calls, answered -1 by the VMM.", "", "```",
                  summary.rstrip(), "```"]
    (d / "report.md").write_text("\n".join(lines) + "\n")
    print(f"report: {d / 'report.md'}" + (f" and {len(plots)} plots" if plots else "") +
          f"; goals {met} met, {missed} not met", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description="make bench's report, or the README's figures")
    ap.add_argument("dir", type=Path, help="what scripts/bench.sh wrote (build/bench)")
    ap.add_argument("--readme", action="store_true",
                    help="rewrite the README's figures block instead of writing the report")
    ap.add_argument("--readme-file", type=Path, default=ROOT / "README.md",
                    help="the README to rewrite (default: the project's)")
    args = ap.parse_args()
    try:
        if args.readme:
            readme(args.dir, args.readme_file)
        else:
            report(args.dir)
    except (KeyError, ValueError) as e:
        sys.exit(f"report: {e.args[0]}")


if __name__ == "__main__":
    main()
