"""Integration tests of the foundation: the bare-metal test guest's suite,
raw images at any address, power-off, and bad images from the user."""
import glob
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import (BUILD, HELLO_GUEST, RESTART_GUEST, ROOT, RUN, SECURE, STORM_IDLE_GUEST, TEST_GUEST,
                      exit_status, qemu_direct, raw_guest)


def guest_summary(console):
    """(passed, failed, skipped) of the test guest's run, after checking that
    it ran every case its sources register."""
    m = re.search(r"test-guest: (\d+) tests\n", console)
    assert m, "the test guest printed no case count"
    assert int(m.group(1)) == GUEST_CASES, (m.group(0), GUEST_CASES)
    m = re.search(r"test-guest: (\d+) passed, (\d+) failed, (\d+) skipped", console)
    assert m, "the test guest printed no summary"
    passed, failed, skipped = map(int, m.groups())
    assert passed + failed + skipped == GUEST_CASES, m.group(0)
    return passed, failed, skipped


def guest_sources():
    return [open(p).read() for p in sorted(glob.glob(os.path.join(ROOT, "guest", "test", "*.c")))]


# Counted from the sources, not from what the guest says: every TEST() case,
# and the cases that need a second CPU (each has one TF_SKIP_UNLESS).
GUEST_CASES = sum(len(re.findall(r"^TEST\(", src, re.M)) for src in guest_sources())
GUEST_TWO_CPU_CASES = sum(src.count("TF_SKIP_UNLESS(") for src in guest_sources())


def test_guest_suite_passes_on_two_cpus(boot):
    b = boot("--guest", TEST_GUEST, "--smp", 2)
    assert guest_summary(b.console) == (GUEST_CASES, 0, 0), b.console
    assert b.rc == 0 and exit_status(b.log) == 0, b
    assert "cpu 1: online" in b.log
    # The probe's faults were reported with component, pc, address and
    # status, and contained: the probe restarted, the run went on.
    assert re.search(r"fault: component 'probe' thread 0: data abort at pc 0x[0-9a-f]{8}, "
                     r"address 0x0e000000, status 0x00d \(permission\)", b.log), b.log
    assert re.search(r"fault: component 'probe' thread 0: prefetch abort at pc 0x00f00000, "
                     r"address 0x00f00000, status 0x005 \(translation\)", b.log), b.log
    assert "fault: component 'probe' thread 0: undefined instruction at pc" in b.log
    assert b.log.count("component 'probe' thread 0 restarted") >= 9
    # The normal world's storm of secure SGIs: counted, logged sparingly.
    assert 1 <= len(re.findall("unexpected secure interrupt", b.log)) <= 20, b.log
    # What the probe's component.conf does not grant is not mapped: the
    # device page (fw_cfg) and the vCPU state pages the VMM has.
    for va in ("0xf0900000", "0xf0800000"):
        assert re.search(rf"fault: component 'probe' thread 0: data abort at pc 0x[0-9a-f]{{8}}, "
                         rf"address {va}, status 0x00[57] \(translation\)", b.log), b.log


def test_a_block_kick_returns_before_a_slow_request_completes(boot):
    # The storage component's test hook makes each request sleep 20 ms
    # first, as the flash driver sleeps between a busy chip's polls: the
    # VMM answers a block kick before it waits for the storage, so the
    # kicking vCPU runs meanwhile (docs/architecture.md 16). A VMM that
    # waited first would resume it only after the completion: no spins.
    b = boot("--guest", TEST_GUEST, "--smp", 2, "--args", "storage=slow")
    assert guest_summary(b.console) == (GUEST_CASES, 0, 0), b.console
    assert b.rc == 0, b
    assert "test hook: every request waits 20 ms first" in b.log, b.log
    spins = re.search(r"vblk: the kick returned (\d+) spins before its request completed",
                      b.console)
    assert spins and int(spins.group(1)) > 0, b.console


def test_guest_suite_passes_on_one_cpu_with_little_ram(boot):
    b = boot("--guest", TEST_GUEST, "--smp", 1, "--mem", 128)
    # The cases that need a second CPU say so: skipped, never passed.
    assert guest_summary(b.console) == (GUEST_CASES - GUEST_TWO_CPU_CASES, 0,
                                        GUEST_TWO_CPU_CASES), b.console
    assert GUEST_TWO_CPU_CASES == 5
    assert b.rc == 0, b
    assert "normal RAM 0x40000000-0x47ffffff, 1 CPUs" in b.log


def test_guest_suite_passes_under_icount(boot):
    # -icount: one thread runs both CPUs round-robin and time follows the
    # instruction count, a very different interleaving from real time.
    b = boot("--guest", TEST_GUEST, "--smp", 2, "--icount")
    assert guest_summary(b.console) == (GUEST_CASES, 0, 0), b.console
    assert b.rc == 0, b
    # A busy normal world (spinning with I and F masked, holding a group-1
    # SGI) delays neither the secure timer's handling nor the secure task
    # it wakes beyond their bounds, in instructions (a tick is 16 under
    # -icount shift=0): 150 for the kernel (fiq_latency_insns_max's goal),
    # 1000 for the task, whose start adds a dispatch and a thread switch.
    m = re.search(r"secure-timer-lateness kernel (\d+) task (\d+) ticks", b.console)
    assert m, b.console
    kernel_insns, task_insns = int(m.group(1)) * 16, int(m.group(2)) * 16
    assert 0 < kernel_insns <= 150, m.group(0)
    assert 0 < task_insns <= 1000, m.group(0)


@pytest.mark.parametrize("smp", [2, 4])
def test_vmm_restarts_a_hundred_times_and_flushed_data_stays(boot, smp):
    # The restart guest makes the VMM fault 100 times in a row (a test SMC
    # has it store into secure RAM); each time the kernel restarts it from
    # its image and the guest boots again. Its other CPUs call the VMM
    # without pause meanwhile; each boot starts them again (CPU_ON must
    # succeed: none may still run the old guest), sees them run its code,
    # and finds the banked registers it set before the fault at their
    # reset values.
    b = boot("--guest", RESTART_GUEST, "--smp", smp, timeout=600)
    assert b.rc == 0 and exit_status(b.log) == 0, b
    assert (f"restart-guest: 100 restarts, data intact, {smp - 1} other cpus restarted "
            "each time") in b.console, b.console
    assert "did not start" not in b.log, b.log
    assert b.log.count("component 'vmm' restarting from its image") == 100
    assert b.log.count("component 'vmm' restarted from its image") == 100
    assert len(re.findall(r"fault: component 'vmm' thread 0: data abort at pc 0x[0-9a-f]{8}, "
                          r"address 0x0e000000, status 0x80d \(permission\)", b.log)) == 100
    # Every other component ran on: no fault, no restart of theirs.
    faults = re.findall(r"fault: component '([a-z]+)'", b.log)
    assert set(faults) == {"vmm"}, faults
    assert "component 'storage' restarted" not in b.log


def test_failing_guest_status_reaches_the_exit_code(boot, logdir):
    # A guest that reports 3 failures through the test-exit hook.
    img = raw_guest(logdir, "exit3", "_start: ldr r0, =0x86001000\nmov r1, #3\nsmc #0\nb .")
    b = boot("--guest", img)
    assert b.rc == 3 and exit_status(b.log) == 3, b


def test_a_reset_under_no_reboot_is_not_a_success(boot, logdir):
    # PSCI SYSTEM_RESET under --no-reboot (every test boot's setting) ends
    # QEMU with status 0 and no power-off line: the launcher must not call
    # that a success, or a guest that resets instead of finishing passes.
    img = raw_guest(logdir, "reset", "_start: ldr r0, =0x84000009\nsmc #0\nb .")
    b = boot("--guest", img)
    assert "tzvmm: system reset" in b.log, b.log
    assert exit_status(b.log) is None, b.log
    assert b.rc == 3, b
    assert "the machine reset (--no-reboot ends QEMU then) without a power-off status" in b.console


# Every test-hook id (0x86001000-0x860010ff, sampled: each defined one and
# the ends) and the benchmark floor; the production image must answer each
# with -1, exactly like an id nobody serves.
HOOK_IDS = [0x86001000 + n for n in range(10)] + [0x860010ff, 0x8600fe00]


def test_production_image_has_no_test_hooks_and_no_probe(boot, logdir):
    # One UART0 character per SMC: P if r0 came back -1, F otherwise; then
    # PSCI SYSTEM_OFF.
    img = raw_guest(logdir, "hooks", "\n".join([
        "_start: ldr r4, =ids", "ldr r5, =ids_end", "ldr r6, =0x09000000",
        "1: cmp r4, r5", "beq 2f", "ldr r0, [r4], #4", "mov r1, #0", "mov r2, #0",
        "mov r3, #0", "smc #0", "cmn r0, #1", "moveq r7, #'P'", "movne r7, #'F'",
        "str r7, [r6]", "b 1b",
        "2: mov r7, #'.'", "str r7, [r6]", "ldr r0, =0x84000008", "smc #0", "b .",
        "ids: .word " + ", ".join(hex(i) for i in HOOK_IDS), "ids_end:"]))
    b = boot("--guest", img, secure=SECURE)
    assert b.rc == 0 and exit_status(b.log) == 0, b
    assert "P" * len(HOOK_IDS) + "." in b.console, b.console
    assert "component 'vmm'" in b.log and "probe" not in b.log, b.log
    # The same guest on the test image: the first hook, TEST_EXIT, answers
    # by ending the run (status a1 = 0) before anything is printed.
    t = boot("--guest", img)
    assert t.rc == 0 and "P" not in t.console, t
    assert "test guest on cpu 0 finished with status 0" in t.log, t.log
    assert "component 'probe'" in t.log, t.log


# What only the test image may hold: hooks, the probe, the kernel canary,
# the benchmark floor, the storage's self-test. (libgcc's local label
# .udivsi3_skip_div0_test is not ours.)
# "probe" is the test-only fault-injection component; a kprobe is Linux's, and
# the integrity monitor names it in production (docs/integrity.md).
TEST_ONLY = re.compile(r"test|(?<!k)probe|canary|floor|storm|hook", re.I)
NOT_OURS = {".udivsi3_skip_div0_test"}


def production_elfs():
    elfs = [SECURE.with_suffix(".elf")]
    for name in re.search(r"^COMPONENTS\s*:=(.*)$", (ROOT / "Makefile").read_text(),
                          re.M).group(1).split():
        elfs.append(BUILD / f"secure-{name}" / f"secure-{name}.elf")
    return elfs


def test_production_image_holds_no_test_only_name():
    """The production image (what make run boots) and each component image
    in it define no symbol and hold no string that names a test-only thing.
    The seams are weak references, undefined in this image: that is how the
    test image plugs in, and nothing of theirs is in the binary."""
    for elf in production_elfs():
        assert elf.exists(), elf
        syms = subprocess.run(["arm-none-eabi-nm", "--defined-only", str(elf)],
                              capture_output=True, text=True, check=True).stdout.split("\n")
        bad = [ln for ln in syms if ln and TEST_ONLY.search(ln.split()[-1])
               and ln.split()[-1] not in NOT_OURS]
        assert not bad, (elf, bad)
    strings = subprocess.run(["strings", "-n", "4", str(SECURE)], capture_output=True,
                             text=True, check=True).stdout.split("\n")
    assert not [s for s in strings if TEST_ONLY.search(s)], [s for s in strings
                                                              if TEST_ONLY.search(s)]


def test_production_sources_include_no_test_header():
    """No production source includes the test-only headers
    (include/tzvmm/test/), and the interface headers beside them name no
    test id: only testhooks/ folders, the probe and the test programs do."""
    for top in ("arch", "kernel", "plat", "lib", "components"):
        for f in (ROOT / top).rglob("*"):
            if f.suffix not in (".c", ".h", ".S") or "testhooks" in f.parts or \
                    "probe" in f.parts:
                continue
            assert "<tzvmm/test/" not in f.read_text(), f
    for h in (ROOT / "include" / "tzvmm").glob("*.h"):
        text = h.read_text()
        for name in ("TZVMM_SMC_TEST_", "TZVMM_SMC_BENCH_FLOOR", "KINFO_CANARY", "KINFO_TIMER_LAT",
                     "probe_fault", "PROBE_SIG"):
            assert name not in text, (h, name)


def test_raw_image_at_another_address_and_system_off(boot):
    b = boot("--guest", HELLO_GUEST, "--guest-addr", "0x40123000")
    assert "hello from a raw image: PSCI 1.1, powering off" in b.console
    assert "entering it at 0x40123000" in b.log
    assert "psci: SYSTEM_OFF" in b.log
    assert b.rc == 0 and exit_status(b.log) == 0, b


def test_image_path_with_a_comma(boot, logdir):
    # QEMU's -fw_cfg option syntax needs commas doubled; the launcher does it.
    img = logdir / "my,hello.bin"
    img.write_bytes(HELLO_GUEST.read_bytes())
    b = boot("--guest", img)
    assert "hello from a raw image" in b.console and b.rc == 0, b


def test_make_run_boots_a_user_image():
    p = subprocess.run(["make", "-s", "run", f"GUEST={HELLO_GUEST}", "GUEST_ADDR=0x40200000",
                        "SMP=1", "MEM=256"], cwd=ROOT, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=120)
    out = p.stdout.decode(errors="replace")
    assert p.returncode == 0, out + p.stderr.decode(errors="replace")
    assert "hello from a raw image" in out


def test_image_too_big_for_ram_is_refused(boot):
    b = boot("--guest", TEST_GUEST, "--guest-addr", "0x43fff000", "--mem", 64)
    assert re.search(r"error: guest image opt/tzvmm/guest \(\d+ bytes\) at 0x43fff000 "
                     r"does not fit in normal RAM 0x40000000-0x43ffffff", b.log), b.log
    assert b.rc == 1, b


def test_guest_below_ram_is_refused(boot):
    b = boot("--guest", HELLO_GUEST, "--guest-addr", "0x0e000000")
    assert "does not fit in normal RAM" in b.log
    assert b.rc == 1, b


def test_empty_image_is_refused(boot, logdir):
    empty = logdir / "empty.bin"
    empty.write_bytes(b"")
    b = boot("--guest", empty)   # by the launcher, before QEMU starts
    assert b.rc == 2 and b.console.strip() == f"tzvmm-run: guest image '{empty}' is empty", b
    rc, log = qemu_direct(logdir, f"name=opt/tzvmm/guest,file={empty}")   # and by the VMM
    assert "error: guest image opt/tzvmm/guest is empty" in log, log
    assert exit_status(log) == 1


def test_missing_image_is_refused_by_the_vmm(logdir):
    rc, log = qemu_direct(logdir)
    assert "error: no guest image: fw_cfg file opt/tzvmm/guest (or opt/tzvmm/kernel) is missing" in log, log
    assert exit_status(log) == 1


def test_malformed_guest_address_is_refused_by_the_vmm(logdir):
    rc, log = qemu_direct(logdir, f"name=opt/tzvmm/guest,file={HELLO_GUEST}",
                          "name=opt/tzvmm/guest-addr,string=banana")
    assert "error: opt/tzvmm/guest-addr: not an address" in log, log
    assert exit_status(log) == 1


def test_launcher_names_a_missing_file():
    p = subprocess.run([str(RUN), "--secure", str(SECURE), "--guest", "/nonexistent.bin"],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    assert p.returncode == 2
    assert p.stderr.decode().strip() == "tzvmm-run: guest image '/nonexistent.bin' not found"


def session_members(sid):
    """The live processes of session sid, by pid: their command lines."""
    found = {}
    for d in Path("/proc").iterdir():
        try:
            # The session is field 6 of stat; the command (field 2) may hold
            # spaces, so count from its closing parenthesis.
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            if d.name.isdigit() and int(fields[3]) == sid and fields[0] != "Z":
                found[int(d.name)] = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            pass   # gone meanwhile, or not a process
    return found


@pytest.mark.parametrize("sig, status", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_stopped_launcher_leaves_no_qemu_behind(tmp_path, sig, status):
    # A caller that stops the launcher (a test's clean-up, a closed
    # terminal) stops the machine: a QEMU left running until its timeout
    # took the host's CPUs from the tests after it.
    log = tmp_path / "secure.log"
    p = subprocess.Popen([str(RUN), "--secure", str(SECURE), "--guest", str(STORM_IDLE_GUEST),
                          "--smp", "2", "--log", str(log), "--console", str(tmp_path / "console.log"),
                          "--timeout", "120", "--no-reboot"],
                         stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while "[integrity] period" not in (log.read_text(errors="replace") if log.exists() else ""):
            assert p.poll() is None and time.monotonic() < deadline, "the machine did not start"
            time.sleep(0.5)
        os.kill(p.pid, sig)
        assert p.wait(timeout=20) == status
        # QEMU ran in the launcher's session: nothing of it may be left
        # (the launcher's log watchers end within their 0.2 s poll).
        deadline = time.monotonic() + 5
        while session_members(p.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert session_members(p.pid) == {}
    finally:
        for pid in session_members(p.pid):
            os.kill(pid, signal.SIGKILL)


BAD_SETTINGS = [
    ("SMP", "9", "SMP=9: not a CPU count from 1 to 8 (GICv2 limit)"),
    ("SMP", "0", "SMP=0: not a CPU count from 1 to 8 (GICv2 limit)"),
    ("SMP", "two", "SMP=two: not a CPU count from 1 to 8 (GICv2 limit)"),
    ("MEM", "abc", "MEM=abc: not a number of MiB (64 to 3072)"),
    ("MEM", "-5", "MEM=-5: not a number of MiB (64 to 3072)"),
    ("MEM", "12", "MEM=12: must be 64 to 3072 MiB (normal RAM ends below 4 GiB with highmem=off)"),
    ("MEM", "4096", "MEM=4096: must be 64 to 3072 MiB (normal RAM ends below 4 GiB with highmem=off)"),
    ("GUEST_ADDR", "40000000", "GUEST_ADDR=40000000: not a hex address such as 0x40000000"),
    ("GUEST_ADDR", "0x1g", "GUEST_ADDR=0x1g: not a hex address such as 0x40000000"),
]


def test_launcher_rejects_bad_settings():
    for name, val, message in BAD_SETTINGS:
        p = subprocess.run([str(RUN), "--secure", str(SECURE), "--guest", str(HELLO_GUEST),
                            f"--{name.lower().replace('_', '-')}", val],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
        assert p.returncode == 2 and p.stderr.strip() == f"tzvmm-run: {message}", p.stderr


def make_run(*settings):
    """`make -s run` as a user types it, with no terminal; returns the process."""
    return subprocess.run(["make", "-s", "run", *settings], cwd=ROOT, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=300)


def test_make_run_names_a_bad_setting():
    # The Linux path checks before anything is fetched or built for the run.
    for name, val, message in BAD_SETTINGS:
        if name == "GUEST_ADDR":
            continue
        p = make_run(f"{name}={val}")
        errors = [l for l in p.stderr.splitlines() if not re.match(r"make(\[\d+\])?: ", l)]
        assert p.returncode != 0 and errors == [f"prepare-linux.sh: {message}"], p.stderr
    p = make_run("MEM=128")
    assert "prepare-linux.sh: MEM=128: Linux needs at least 160 MiB" in p.stderr, p.stderr


def test_make_run_shows_why_the_secure_world_stopped():
    p = make_run(f"GUEST={HELLO_GUEST}", "GUEST_ADDR=0x10", "MEM=256")
    assert p.returncode != 0
    lines = p.stderr.splitlines()
    assert lines[0] == "tzvmm-run: the secure world powered off with status 1", p.stderr
    assert re.fullmatch(r"  \[vmm\] error: guest image opt/tzvmm/guest \(\d+ bytes\) at 0x00000010 "
                        r"does not fit in normal RAM 0x40000000-0x4fffffff", lines[1]), p.stderr
    assert lines[2] == f"tzvmm-run: secure log: {os.path.relpath(BUILD, ROOT)}/run/secure.log", \
        p.stderr


def test_make_run_says_why_a_guest_image_is_refused():
    p = make_run("GUEST=/dev/null")
    assert "tzvmm-run: guest image '/dev/null' is not a regular file" in p.stderr, p.stderr
