#!/usr/bin/python3
"""bench/report.py DIR — the benchmark report of make bench.

Reads what scripts/bench.sh left in DIR (build/bench): figures.txt (the
"name value unit" lines), smc.json (the SMC samples of bench/smc.py) and
trace-bench.log (the traced image's secure log of the short benchmark
guest), and writes DIR/report.md: every figure with its goal and the anchor
it is measured against, and the plots, made with gnuplot (Debian's
gnuplot-nox): SMC cost per path, Linux boot under tzvmm against QEMU's own
boot, and the trace of the benchmark guest (tools/tzvmm-trace).
"""
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TICK_NS = 16
TFA_INSNS, TFA_US = 172, 15.0   # TF-A SP_MIN, PSCI_VERSION (qemu-virt-trustzone.md)

# name: (goal, anchor). Goals come from the design (../shared/design/
# architecture.md, docs/world-switch.md); anchors are measured references.
GOALS = {
    "smc_vmm_insns": ("~350: one round trip into the user-level VMM (design)",
                      f"TF-A SP_MIN, PSCI_VERSION: {TFA_INSNS} insns"),
    "smc_fast_insns": ("<= 100: PSCI_VERSION answered by the kernel's fast path (design)",
                       f"TF-A SP_MIN, PSCI_VERSION: {TFA_INSNS} insns"),
    "smc_floor_insns": ("none: the least a secure round trip runs (two SCR writes)",
                        "null SMC answered in monitor mode, no SCR.NS change: 7 insns"),
    "smc_vmm_test_image_insns": ("smc_vmm_insns + 3 (the floor's id compare)", "test image"),
    "smc_vmm_us": (f"below TF-A's {TFA_US:.0f} us", "two SCR.NS changes: ~4.5 us on QEMU"),
    "smc_fast_us": (f"below TF-A's {TFA_US:.0f} us",
                    f"TF-A SP_MIN, PSCI_VERSION: ~{TFA_US:.0f} us"),
    "fiq_latency_insns_median": ("-", "from the secure timer's deadline to timer_expire, "
                                 "the normal world spinning; 16-instruction resolution"),
    "fiq_latency_insns_max": ("<= 150 (design)", "the same, the worst of 200 expiries"),
    "secure_task_jitter_insns_max": ("bounded: a secure task starts within its kernel's "
                                     "dispatch of the deadline", "the secure user thread the "
                                     "timer wakes (the VMM's), its latest start"),
    "integrity_pass_ms": ("-", "CPU time of one full SHA-256 pass over Linux's text and rodata"),
    "integrity_cpu_share_pct": ("<= 2 (design)", "the monitor's CPU share of CPU 0 at the "
                                "defaults (cpu_permille=15): uRTZVisor's whole hypervisor ~2 %"),
    "integrity_detect_s": ("<= 60 (design)", "worst time from a change to its report: one "
                           "pass plus one period, at the defaults"),
    "pvblk_read_MBps": (">= 0.8 x secure_copy_MBps (design)", "/dev/vda, 1 MiB O_DIRECT reads: "
                        "SMC kick, storage read, one copy per byte"),
    "pvblk_write_MBps": (">= 0.8 x flash_program_MBps (design)", "/dev/vda, 1 MiB O_DIRECT "
                         "writes and a flush to the secure flash"),
    "virtio_blk_read_MBps": ("reference, not a bar", "QEMU's own virtio-blk (virtio-mmio, raw "
                             "file, native code), same kernel"),
    "virtio_blk_write_MBps": ("reference, not a bar", "the same, writes"),
    "hvc_out_KBps": (">= 0.9 x ttyAMA0_out_KBps (design)", "hvc0 through the secure UART"),
    "ttyAMA0_out_KBps": ("-", "the normal world's own PL011"),
    "linux_exits_idle_per_s": ("the monitor's period only (10/s at 100 ms)",
                               "normal-world exits per second of an idle Linux"),
    "smc_floor_us": ("none: what QEMU charges for SCR.NS",
                     "SCR.NS there and back: 4.5-5.4 us on this kind of host"),
    "smc_vmm_trace_insns": ("tracing off costs 0: smc_vmm_insns unchanged",
                            "smc_vmm_insns on the production image"),
    "smc_vmm_trace_us": ("unnoticed in a Linux boot (linux_exits_boot SMCs)", "smc_vmm_us"),
    "trace_writeout_insns": ("-", "part of smc_vmm_trace_insns: one record's line"),
    "trace_writeout_us": ("-", "~1.4 us per character of the secure log on QEMU"),
    "monitor_asm_lines": ("monitor mode holds almost nothing", "OP-TEE sm: ~730 lines, 8 files"),
    "kernel_sloc": ("a small core", "Bao: ~4k lines"),
    "vmm_sloc": ("-", "-"),
    "secure_image_bytes": ("-", "-"),
    "flash_program_MBps": ("-", "buffered, 4 KiB a load: one MMIO exit per 32-bit word, "
                           "one file write per load (QEMU's pflash)"),
    "flash_word_program_MBps": ("-", "the fallback for a small buffer: a file write per word"),
    "flash_erase_us": ("-", "QEMU erases 256 KiB at the command: a memset and a file write"),
    "linux_boot_s": ("-", "linux_boot_native_s"),
    "linux_boot_native_s": ("-", "QEMU booting the same kernel with no secure world"),
    "linux_boot_ratio": ("~1: the secure world adds no visible boot time", "1.000"),
    "linux_exits_boot": ("few: exits stay off Linux's hot paths", "-"),
    "linux_exits_idle_per_s": ("0: an idle Linux never exits", "-"),
}


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
    rows = [("QEMU's own boot (no secure world)", fig["linux_boot_native_s"][0]),
            ("under tzvmm", fig["linux_boot_s"][0])]
    bars(d / "linux-boot.svg", "Debian Linux, QEMU start to shell prompt (median of 3 pairs)",
         "seconds", [(label, v, v, v, c) for (label, v), c in zip(rows, (0x909090, 0x3070b0))],
         "%.2f s")
    return ["linux-boot.svg"]


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


def main():
    d = Path(sys.argv[1])
    fig = read_figures(d / "figures.txt")
    raw = json.loads((d / "smc.json").read_text()) if (d / "smc.json").exists() else {}
    plots, summary = [], ""
    if shutil.which("gnuplot"):
        plots += smc_plots(d, fig, raw) if raw else []
        plots += linux_plot(d, fig)
        trace_plots, summary = trace_part(d)
        plots += trace_plots
    else:
        print("report: no gnuplot (scripts/install-deps.sh gnuplot:gnuplot-nox): no plots",
              file=sys.stderr)
    board_qemu = ROOT / "plat" / os.environ.get("TZVMM_PLAT", "qemu_virt") / "qemu"
    qemu = subprocess.run([str(board_qemu), "--version"], capture_output=True,
                          text=True).stdout.splitlines()[:1]
    lines = [
        "# tzvmm benchmark report", "",
        f"Written by `make bench` on {datetime.date.today()}: {platform.node()}, "
        f"{len(os.sched_getaffinity(0))} CPUs, "
        f"{qemu[0] if qemu else 'QEMU'} (TCG). Instruction counts are exact (`-icount "
        "shift=0`); times are medians of this run on this host. Reproduce with `make bench` "
        "on an otherwise idle host.", "",
        "| figure | value | unit | goal | anchor |", "|---|---:|---|---|---|"]
    for name, (_, text, unit) in fig.items():
        goal, anchor = GOALS.get(name, ("-", "-"))
        lines.append(f"| `{name}` | {text} | {unit} | {goal} | {anchor} |")
    lines += ["", "Anchors: TF-A SP_MIN's AArch32 monitor and the QEMU costs are measured "
              "facts (`../shared/design/qemu-virt-trustzone.md`); goals are the design's "
              "(`../shared/design/architecture.md`, `docs/world-switch.md`). The traced "
              "figures come from the traced image (`make run TRACE=1`), whose every exit "
              "also writes one line on the secure log."]
    titles = {"smc-insns.svg": "SMC cost per path, instructions",
              "smc-us.svg": "SMC cost per path, wall time",
              "linux-boot.svg": "Linux boot under tzvmm and QEMU's own",
              "trace-bench.svg": "Trace of the short benchmark guest (traced image): "
                                 "secure-world time of every exit"}
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
    print(f"report: {d / 'report.md'}" + (f" and {len(plots)} plots" if plots else ""),
          file=sys.stderr)


if __name__ == "__main__":
    main()
