"""The world-switch tracer: the traced image (build/secure-trace, make run
TRACE=1) records exactly the exits a known guest makes, the production and
test images contain none of it, and tools/tzvmm-trace reads, sums up and
plots a trace (the tool's tests need no QEMU)."""
import importlib.machinery
import importlib.util
import os
import re
import shutil
import subprocess
import time

import pytest

from conftest import BUILD, HELLO_GUEST, ROOT, exit_status, raw_guest

SECURE_TRACE = BUILD / "secure-trace" / "secure-trace.bin"
TRACE_VMM = BUILD / "secure-trace-vmm" / "secure-trace-vmm.elf"
TOOL = ROOT / "tools" / "tzvmm-trace"


def load_tool():
    loader = importlib.machinery.SourceFileLoader("tzvmm_trace", str(TOOL))
    spec = importlib.util.spec_from_loader("tzvmm_trace", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


tool = load_tool()


# The guest's exits, in order: (id, r1-r3) for an SMC, "fiq" for a secure
# SGI it raises on itself (QEMU's GICv2 lets the normal world write a
# group-0 SGI to GICD_SGIR, qemu-virt-trustzone.md), then SYSTEM_OFF.
SEQUENCE = [(0x86000000, 0, 0, 0), (0x84000000, 0, 0, 0), (0x80000000, 0, 0, 0),
            (0x86000001, 1, 2, 3), (0x86000abc, 0, 0, 0), (0xc4000003, 0, 0, 0), "fiq",
            (0x84000008, 0, 0, 0)]
# What each record must say: function, handler, r0 of an SMC resumed.
# PSCI_VERSION and SMCCC_VERSION are pure queries: the kernel's fast path
# answers them from the VMM's table (kernel/fastpath.c), no handler runs.
EXPECTED = [("TZVMM_SMC_NULL", "vendor_null", 0),
            ("PSCI_VERSION", "(kernel fast path)", 0x10001),
            ("SMCCC_VERSION", "(kernel fast path)", 0x10002), ("TZVMM_SMC_ECHO", "vendor_echo", 0),
            ("0x86000abc", "(none: -1)", 0xffffffff), ("0xc4000003", "(none: -1)", 0xffffffff),
            ("FIQ", "-", None), ("PSCI_SYSTEM_OFF", "psci_system_off", None)]


def sequence_guest(logdir):
    lines = ["_start:"]
    for step in SEQUENCE:
        if step == "fiq":
            lines += ["ldr r4, =0x08000f00", "ldr r5, =0x02000009", "str r5, [r4]",
                      "dsb", "isb", "mov r6, #64", "1: subs r6, r6, #1", "bne 1b"]
        else:
            lines += [f"ldr r0, ={step[0]:#x}", f"mov r1, #{step[1]}", f"mov r2, #{step[2]}",
                      f"mov r3, #{step[3]}", "smc #0"]
    lines.append("b .")
    return raw_guest(logdir, "sequence", "\n".join(lines))


def test_traced_image_records_exactly_the_guests_exits(boot, logdir):
    b = boot("--guest", sequence_guest(logdir), "--smp", 2, secure=SECURE_TRACE)
    assert b.rc == 0 and exit_status(b.log) == 0, b
    tr = tool.parse(b.log.splitlines())
    assert not tr.bad and not tr.lost and tr.hz == 62_500_000, tr.bad
    # The secure world may still be starting on CPU 1 when the guest is
    # entered (the log no longer slows the boot down: it is written out
    # after the kernel lock, docs/architecture.md section 20): a reschedule
    # SGI of its, an FIQ exit before the guest's first SMC, is not the
    # guest's.
    early = 0
    while tr.records[early].reason == "fiq":
        early += 1
    assert early <= 2, tr.records[:early]
    tr.records = tr.records[early:]
    # Every exit the kernel counted has its record, in order, and nothing
    # else (CPU 1 never ran its vCPU).
    assert f"normal-world exits since boot: {8 + early} (smc 7, fiq {1 + early})" in b.log, b.log
    names = tool.Names(TRACE_VMM)
    got = [(names.function(r), names.handler(r), r.result if r.reason == "smc" else None)
           for r in tr.records]
    assert got == EXPECTED, got
    for r in tr.records:
        assert r.cpu == 0
        want = {"FIQ": "kernel", "PSCI_VERSION": "answer", "SMCCC_VERSION": "answer"}
        assert r.path == want.get(names.function(r), "fast"), (names.function(r), r.path)
        assert r.reason == ("fiq" if names.function(r) == "FIQ" else "smc")
    assert [r.flag for r in tr.records] == [""] * 7 + ["n"]
    assert all(0 < r.ticks < 62_500_000 for r in tr.records[:-1])
    assert [r.t_exit for r in tr.records] == sorted(r.t_exit for r in tr.records)
    assert sum(n for _, _, _, n in tr.batches) == 8 + early
    # The tool reads the same log: the SMCs' summary rows, one each.
    rows = {row[0]: row for row in tool.summary(tr, names)}
    assert rows["PSCI_VERSION"][1:3] == (1, 1)
    assert rows["PSCI_SYSTEM_OFF"][1:3] == (1, 0)
    # The console (serial 0) is untouched by the tracer.
    assert "[trace]" not in b.console


def symbols(elf):
    out = subprocess.run(["arm-none-eabi-nm", str(elf)], check=True, capture_output=True,
                         text=True).stdout
    return {name: int(addr, 16) for addr, _, name in (l.split() for l in out.splitlines()
                                                      if len(l.split()) == 3)}


@pytest.mark.parametrize("image", ["secure", "secure-test"])
def test_untraced_images_have_no_tracer(image):
    # Each trace point is the kernel's (or the VMM's) own function under
    # a second name: the same address, so no instruction is added.
    k = symbols(BUILD / image / f"{image}.elf")
    for point, own in [("kernel_vcpu_exit_entry", "kernel_vcpu_exit"),
                       ("arch_vcpu_enter_entry", "arch_vcpu_enter"),
                       ("arch_wait_for_interrupt_entry", "arch_wait_for_interrupt")]:
        assert k[point] == k[own], point
    assert "tracer" not in k and "trace_drain" not in k
    assert "kernel_tracehook_power" not in k and "kernel_tracehook_general_path" not in k
    v = symbols(BUILD / f"{image}-vmm" / f"{image}-vmm.elf")
    assert v["smc_dispatch_entry"] == v["smc_dispatch"]
    # ... and the traced image has its own definitions.
    t = symbols(BUILD / "secure-trace" / "secure-trace.elf")
    assert t["kernel_vcpu_exit_entry"] != t["kernel_vcpu_exit"] and "tracer" in t


def test_make_run_trace_writes_the_trace_log():
    trace_log = BUILD / "run" / "trace.log"
    trace_log.unlink(missing_ok=True)
    p = subprocess.run(["make", "-s", "run", f"BUILD={BUILD}", "TRACE=1", f"GUEST={HELLO_GUEST}",
                        "SMP=1", "MEM=256"], cwd=ROOT, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=120)
    out = p.stdout.decode(errors="replace")
    assert p.returncode == 0, out + p.stderr.decode(errors="replace")
    assert "hello from a raw image" in out and "[trace]" not in out
    # The copy follows the log and ends with the run.
    for _ in range(50):
        if trace_log.exists() and " 84000008 - - " in trace_log.read_text():
            break
        time.sleep(0.1)
    lines = trace_log.read_text().splitlines()
    assert all(l.startswith("[trace] ") for l in lines), lines
    tr = tool.parse(lines)
    assert [r.fid for r in tr.records] == [0x84000000, 0x84000008], lines


# ---- tools/tzvmm-trace on a trace written by hand (no QEMU) ------------

HAND_TRACE = """\
[kernel] tzvmm 0.1 secure kernel on qemu-virt: 2 CPUs
[trace] H 1 3b9aca0
[trace] 0 1000 Sf 84000000 7d 10001 100af4
[trace] 1 1010 Sg 86000000 fa 0 1011d4
[trace] 0 2000 Sf 84000000 177 10001 100af4
[trace] 0 3000 Fk 0 10 0 0
[trace] 1 4000 Sf 84000002 3b9aca0 0 100b40 r
[trace] D 0 3100 1388 3
[trace] L 1 2
[trace] 0 5000 Sf 84000000 fa 10001 100af4
[trace] 0 6000 Sf 84000008 - - 100c64 n
[trace] 0 6000 Xq 84000008 1 1 1
[vmm] psci: SYSTEM_OFF from cpu 0
"""


def test_tool_parses_and_sums_up_a_trace():
    tr = tool.parse(HAND_TRACE.splitlines())
    assert tr.hz == 62_500_000 and tr.lost == {1: 2} and tr.batches == [(0, 0x3100, 5000, 3)]
    assert len(tr.bad) == 1 and tr.bad[0][0] == 12   # the line numbers of the log
    assert [(r.cpu, r.t_exit, r.reason, r.path) for r in tr.records][:4] == [
        (0, 0x1000, "smc", "fast"), (1, 0x1010, "smc", "general"), (0, 0x2000, "smc", "fast"),
        (0, 0x3000, "fiq", "kernel")]
    off = tr.records[-1]
    assert off.flag == "n" and off.ticks is None and not off.resumed and not off.timed
    assert not tr.records[4].timed and tr.records[4].resumed   # CPU_ON: fresh entry
    names = tool.Names(TRACE_VMM if TRACE_VMM.exists() else None)
    names.handlers = {0x100af4: "psci_version", 0x1011d4: "vendor_null"}
    rows = {row[0]: row for row in tool.summary(tr, names)}
    # PSCI_VERSION: 0x7d, 0x177, 0xfa ticks = 2, 6, 4 us at 62.5 MHz.
    assert rows["PSCI_VERSION"] == ("PSCI_VERSION", 3, 3, 0x7d, 0xfa, 0x177)
    assert rows["PSCI_CPU_OFF"][1:3] == (1, 0) and rows["PSCI_SYSTEM_OFF"][1:3] == (1, 0)
    assert list(rows)[0] == "PSCI_VERSION"   # most frequent first
    text = tool.summary_text(tr, names)
    assert re.search(r"PSCI_VERSION\s+3\s+2\.00\s+4\.00\s+6\.00", text), text
    assert "7 exits on 2 CPU(s); 2 lost; written out in 1 batches, 26.7 us per record" in text
    table = tool.table(tr, names).splitlines()
    assert len(table) == 1 + 7
    assert re.search(r"^\s+0\.26\s+1 smc\s+general TZVMM_SMC_NULL\s+vendor_null\s+4\.00\s+250",
                     table[2]), table[2]
    assert "0x100c64" in table[-1] and "(never resumed)" in table[-1]
    assert "FIQ" in table[4] and "kernel" in table[4]


def test_tool_names_functions_and_handlers():
    fids = tool.function_names()
    assert fids[0x84000000] == "PSCI_VERSION" and fids[0x86000000] == "TZVMM_SMC_NULL"
    assert fids[0x80000000] == "SMCCC_VERSION"   # not SMCCC_FAST_CALL
    # virtio's calls, from another header (a Debian boot makes about 1500).
    assert fids[0x86000010] == "TZVMM_SMC_VIRTIO_READ"
    assert 0x80000000 | 0x40000000 not in fids
    if not TRACE_VMM.exists():
        pytest.skip("no traced VMM built")
    funcs = tool.elf_functions(TRACE_VMM)
    assert symbols(TRACE_VMM)["psci_version"] in funcs
    assert funcs[symbols(TRACE_VMM)["psci_version"]] == "psci_version"


def test_tool_command_line(tmp_path):
    trace = tmp_path / "trace.log"
    trace.write_text(HAND_TRACE)
    run = lambda *a: subprocess.run([str(TOOL), *map(str, a)], capture_output=True, text=True,
                                    env={**os.environ, "TZVMM_BUILD": str(BUILD)})
    p = run(trace)
    assert p.returncode == 1 and "line 12: not a record" in p.stderr   # the bad line
    assert "time_us" in p.stdout and "median_us" in p.stdout
    good = tmp_path / "good.log"
    good.write_text("".join(l + "\n" for l in HAND_TRACE.splitlines() if "Xq" not in l))
    p = run("--summary", good)
    assert p.returncode == 0 and "time_us" not in p.stdout and "PSCI_VERSION" in p.stdout
    p = run(tmp_path / "missing.log")
    assert p.returncode != 0 and "missing.log" in p.stderr
    (tmp_path / "empty.log").write_text("[kernel] no trace here\n")
    p = run(tmp_path / "empty.log")
    assert p.returncode != 0 and "no trace records" in p.stderr
    if shutil.which("gnuplot"):
        p = run("--plot", tmp_path / "t.svg", good)
        assert p.returncode == 0, p.stderr
        svg = (tmp_path / "t.svg").read_text()
        assert "<svg" in svg and "PSCI_VERSION" in svg


# ---- tools/sysmap2elf (docs/debugging.md), no QEMU ------------------------

def test_sysmap2elf_makes_linux_symbols_for_gdb(tmp_path):
    # A console log of `cat /proc/kallsyms`: other lines, a line cut by the
    # console, a module symbol and a repeated line are left out.
    log = tmp_path / "console.log"
    log.write_text("~ # cat /proc/kallsyms\r\n"
                   "c0300000 T _stext\r\nc0300000 T __turn_mmu_on\r\n"
                   "c03183a0 T __arm_smccc_smc\r\nc03183a0 T __arm_smccc_smc\r\n"
                   "c03183dc t some_local\r\nc1000000 D some_data\r\n"
                   "cc0a89e84 t cut_by_the_console\r\nbf000000 t mod_fn\t[mod]\r\n"
                   "00000000 A abs_sym\r\n~ # \r\n")
    out = tmp_path / "linux-syms.elf"
    p = subprocess.run([str(ROOT / "tools" / "sysmap2elf"), str(log), str(out)],
                       capture_output=True, text=True)
    assert p.returncode == 0 and "5 symbols" in p.stderr, p.stderr
    funcs = tool.elf_functions(out)
    assert funcs[0xc03183a0] == "__arm_smccc_smc" and funcs[0xc03183dc] == "some_local"
    assert 0xc1000000 not in funcs and 0xbf000000 not in funcs   # data, module
    syms = subprocess.run(["arm-none-eabi-nm", "-S", str(out)], capture_output=True, text=True,
                          check=True).stdout
    assert "c03183a0 0000003c T __arm_smccc_smc" in syms   # sized up to the next symbol
    # Debian's System.map is a placeholder: said so, nothing written.
    stub = tmp_path / "System.map"
    stub.write_text("ffffffffffffffff B The real System.map is in the "
                    "linux-image-<version>-dbg package\n")
    p = subprocess.run([str(ROOT / "tools" / "sysmap2elf"), str(stub), str(tmp_path / "x.elf")],
                       capture_output=True, text=True)
    assert p.returncode != 0 and "placeholder" in p.stderr
    assert not (tmp_path / "x.elf").exists()
