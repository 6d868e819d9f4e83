#!/usr/bin/python3
"""bench/smc_stages.py RUN SECURE GUEST OUT.json — where a VMM round trip's
instructions go, stage by stage.

Boots SECURE (its build folder gives the symbols: SECURE's .elf, its
monitor.S object, the VMM's .elf beside it) with the benchmark guest
under -icount, and once the guest has started its timed loops turns QEMU's
per-instruction trace on for a moment through the monitor (HMP
`singlestep on`, `log exec,nochain`): every instruction executed is a line
with its address, for long enough to cover each of the guest's loops. From
the guest's SMC in bench_loop_smc to the instruction after it is one round
trip; the null SMC's trips are those that run the VMM's handler of
TZVMM_SMC_NULL (vendor_null; the fast path's never enter the VMM, an
unknown id's run no handler), and the most frequent length among them is
split by where its instructions lie:

  monitor: the SMC's entry and the fast path's miss  (before mon_save)
  monitor: the save                                  (mon_save on)
  kernel: the exit to the VMM's thread
  VMM: the exit's handling (user mode)
  kernel: SYS_WAIT's fast path to the vCPU
  monitor: the restore                               (back to the guest)

Writes OUT.json: {"insns": the trip's length, "stages": [[stage,
instructions, {function: instructions}], ...]} for bench/report.py, and
prints smc_vmm_stages_insns, the trip's length: smc_vmm_insns counted
another way.
"""
import bisect
import collections
import json
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LOOP_SMC = "bench_loop_smc"
NULL_HANDLER = "vendor_null"
# A cycle of the guest's loops at QEMU's single-step speed; on a host busy
# enough that the window missed the null SMC's loop, the trace is taken
# again, longer.
TRACE_S = (3, 6, 12)


def symbols(elf):
    """[(address, name)] of elf's functions, sorted."""
    out = subprocess.run(["arm-none-eabi-nm", "-n", str(elf)], check=True, capture_output=True,
                         text=True).stdout
    syms = []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "tTwW" and not f[2].startswith("$"):
            syms.append((int(f[0], 16), f[2]))
    return syms


class Where:
    """Which part of the secure world (monitor, kernel, a component) and
    which function an address lies in."""

    def __init__(self, secure_bin, guest_elf):
        build = Path(secure_bin).parent
        image = build.name
        monitor = {n for _, n in symbols(build / "arch" / "armv7" / "monitor.S.o")}
        self.syms = []
        for a, n in symbols(build / f"{image}.elf"):
            self.syms.append((a, n, "monitor" if n in monitor else "kernel"))
        # (Every component is linked at the same address: the VMM is the
        # one this path runs.)
        vmm = build.parent / f"{image}-vmm" / f"{image}-vmm.elf"
        self.syms += [(a, n, "vmm") for a, n in symbols(vmm)]
        self.syms += [(a, n, "guest") for a, n in symbols(guest_elf)]
        # (An alias such as kernel_vcpu_exit_entry sorts before its function.)
        self.syms.sort(key=lambda s: (s[0], not s[1].endswith("_entry")))
        self.addrs = [a for a, _, _ in self.syms]

    def __call__(self, pc):
        i = bisect.bisect_right(self.addrs, pc) - 1
        return self.syms[i][1:] if i >= 0 else ("?", "?")


def trace(run, secure, guest, d, seconds):
    """QEMU's exec log of a moment of the guest's timed loops."""
    sock, log = d / "mon.sock", d / "exec.log"
    console = d / "console.log"
    p = subprocess.Popen([run, "--secure", secure, "--guest", guest, "--smp", "1", "--mem", "256",
                          "--icount", "--timeout", "120", "--console", str(console),
                          "--log", str(d / "secure.log"), "--",
                          "-monitor", f"unix:{sock},server,nowait", "-D", str(log)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (console.exists() and "sample " in console.read_text(errors="replace")):
            if time.monotonic() > deadline or p.poll() is not None:
                sys.exit("smc_stages: the benchmark guest printed no sample")
            time.sleep(0.05)
        s = socket.socket(socket.AF_UNIX)
        s.connect(str(sock))
        for cmd, pause in (("singlestep on", 0.2), ("log exec,nochain", seconds), ("log none", 0.2),
                           ("quit", 0)):
            s.sendall(cmd.encode() + b"\n")
            time.sleep(pause)
        s.close()
        p.wait(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
    return log


def trips(log, smc_pc):
    """Each round trip's addresses, from the one after the SMC to the
    guest's next instruction (not included)."""
    pcs = re.compile(r"^Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/")
    cur = None
    with open(log, errors="replace") as f:
        for line in f:
            m = pcs.match(line)
            if not m:
                continue
            pc = int(m.group(1), 16)
            if pc == smc_pc:
                cur = []
            elif cur is not None:
                if pc == smc_pc + 4:
                    yield cur
                    cur = None
                else:
                    cur.append(pc)


STAGES = ("monitor: the SMC's entry and the fast path's miss", "monitor: the save",
          "kernel: the exit to the VMM's thread", "VMM: the exit's handling (user mode)",
          "kernel: SYS_WAIT's fast path to the vCPU", "monitor: the restore")


def stages(trip, where):
    """[(stage, instructions, {function: instructions})] of one trip."""
    parts = []   # runs of one part (monitor, kernel, vmm ...), in order
    for pc in trip:
        fn, part = where(pc)
        if part == "monitor" and fn == "mon_save":
            part = "monitor-save"
        if not parts or parts[-1][0] != part:
            parts.append((part, collections.Counter()))
        parts[-1][1][fn] += 1
    kinds = [p for p, _ in parts]
    if kinds != ["monitor", "monitor-save", "kernel", "vmm", "kernel", "monitor"]:
        sys.exit(f"smc_stages: the round trip did not go monitor, kernel, VMM, kernel, "
                 f"monitor: {kinds}")
    return [(name, sum(c.values()), dict(c.most_common())) for name, (_, c) in zip(STAGES, parts)]


def main():
    run, secure, guest, out = sys.argv[1:5]
    guest_elf = Path(guest).with_suffix(".elf")
    where = Where(secure, guest_elf)
    dis = subprocess.run(["arm-none-eabi-objdump", "-d", str(guest_elf)], check=True,
                         capture_output=True, text=True).stdout
    body = dis[dis.index(f"<{LOOP_SMC}>:"):]
    smc_pc = int(re.search(r"^\s*([0-9a-f]+):\s+\S+\s+smc\b", body, re.M).group(1), 16)
    lengths = collections.Counter()
    first = {}
    for seconds in TRACE_S:
        with tempfile.TemporaryDirectory() as tmp:
            log = trace(run, secure, guest, Path(tmp), seconds)
            for t in trips(log, smc_pc):
                if any(where(pc)[0] == NULL_HANDLER for pc in t):
                    lengths[len(t)] += 1
                    first.setdefault(len(t), t)
        if lengths:
            break
        print(f"smc_stages: no round trip through {NULL_HANDLER} in {seconds} s of trace; "
              "again, longer", file=sys.stderr)
    if not lengths:
        sys.exit(f"smc_stages: no round trip through {NULL_HANDLER} in the trace")
    n = lengths.most_common(1)[0][0]
    table = stages(first[n], where)
    Path(out).write_text(json.dumps({"insns": n, "trips": sum(lengths.values()),
                                     "stages": table}, indent=1))
    print(f"smc_vmm_stages_insns {n} insns")


if __name__ == "__main__":
    main()
