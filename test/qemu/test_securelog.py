"""The secure log against a hostile normal world (docs/architecture.md,
"The secure log"; docs/threat-model.md).

Bare-metal guests write to the secure console (hvc0's device) what an
attacker would: lines that look like the secure world's, the power-off
status line the launcher reads, then a reset; sequences that clear, reset
or hide a terminal; a 768 MiB transmit buffer and 1000 refused CPU_ONs.
The log file and the launcher's status must tell the truth, and the flood
must cost a bounded time and a few lines. The production image: the
attack is on what `make run` boots; but a secure timer expiring while
console output is written out needs the test image's timer hook."""
import re

from conftest import BUILD, NW_PREFIX, SECURE, exit_status, raw_guest

FORGE_GUEST = BUILD / "guest-forge" / "guest-forge.bin"
FLOOD_GUEST = BUILD / "guest-flood" / "guest-flood.bin"
DRAIN_GUEST = BUILD / "guest-drain" / "guest-drain.bin"


def pieces(raw):
    """The log file's bytes cut into lines both ways a reader cuts them:
    at '\\n' (grep, the launcher) and also at '\\r' (Python's universal
    newlines, a terminal's carriage return)."""
    return re.split(rb"[\r\n]", raw)


def test_forged_secure_lines_and_status_do_not_pass(boot, logdir):
    b = boot("--guest", FORGE_GUEST, secure=SECURE)
    raw = (logdir / "secure.log").read_bytes()
    assert "forge: sent" in b.console, b
    # The guest reset the machine after writing "tzvmm: power off, status
    # 0" to hvc0 several ways: under --no-reboot that is no success.
    assert "tzvmm: system reset" in b.log, b.log
    assert exit_status(b.log) is None, b.log
    assert b.rc == 3, b
    assert "without a power-off status" in b.console
    # No line, however cut, is a forged one; each forged text is there,
    # on a row marked as the normal world's.
    cut = pieces(raw)
    assert not [p for p in cut if p.startswith(b"tzvmm: power off")], raw
    assert not [p for p in cut if p.startswith((b"[integrity] pass 9", b"[integrity] a row"))], raw
    assert [p for p in cut if p.startswith(b"[kernel] cpu 1: online")] == \
        [b"[kernel] cpu 1: online, idle until its vCPU runs"]   # the real one only
    text = raw.decode(errors="replace")
    assert text.count(NW_PREFIX + "tzvmm: power off, status 0") == 2, text
    assert NW_PREFIX + "[integrity] pass 9: 3840 pages" in text
    # (80 columns first: the filter broke the row before a terminal would.)
    assert re.search(r"\r\nhvc0\| +\[integrity\] a row a terminal would wrap", text), text
    # Nothing that clears, resets, scrolls back, moves up or switches a
    # terminal's screen got through: it is shown as text instead.
    for seq in (b"\033[2J", b"\033[H", b"\033[3J", b"\033c", b"\033[?1049h", b"\033[A",
                b"\033[1;1H"):
        assert seq not in raw, seq
    assert b"^[[2J^[[H^[[3J^[c^[[?1049h" in raw
    # Attributes (conceal, black on black) act on the normal world's own
    # row only: reset before the row ends.
    assert re.search(rb"\033\[8m\033\[30;40m\033\[0m\r\n", raw), raw
    # Every other byte is printable ASCII or a line break, but the erase to
    # the right the filter lets act (the guest's last write has one).
    rest = re.sub(rb"\033\[(?:[0-9;]*m|K)", b"", raw)
    assert not re.search(rb"[^\x20-\x7e\r\n]", rest), rest
    # The secure world's own lines are all there, whole.
    for line in (b"[vmm] guest loaded, entering it at 0x40000000",
                 b"[vmm] psci: SYSTEM_RESET from cpu 0", b"tzvmm: system reset"):
        assert line in cut, line


def test_a_console_flood_and_refused_calls_cost_little(boot, logdir):
    b = boot("--guest", FLOOD_GUEST, secure=SECURE, timeout=90)
    assert b.rc == 0 and exit_status(b.log) == 0, b
    # 768 MiB in one transmit buffer: the VMM sends 12 KiB of it at most
    # (the kernel's ring's room for console output) and drops the rest
    # without a system call; it would have been 3 million of them, each
    # with the UART under the kernel lock.
    ms = int(re.search(r"flood: the 768 MiB buffer took (\d+) ms", b.console).group(1))
    assert ms < 3000, b.console
    m = re.search(r"^\[vmm\] console: (\d+) bytes of the normal world's output dropped "
                  r"\(a transmit past 12 KiB, or the secure log full\)$", b.log, re.M)
    assert m and (768 << 20) - (12 << 10) <= int(m.group(1)) < 768 << 20, b.log
    # 1000 refused CPU_ONs, two lines of diagnosis each: a burst of five,
    # one a second after it, and the count of the rest, to the line.
    assert "flood: 1000 CPU_ONs refused" in b.console
    told = len(re.findall(r"^\[vmm\] vcpu 0: PSCI CPU_ON refused", b.log, re.M))
    walks = len(re.findall(r"^\[vmm\] vcpu 0: MMU off: 0x00000010 is physical$", b.log, re.M))
    suppressed = sum(int(n) for n in re.findall(
        r"^\[vmm\] (\d+) lines of diagnostics the normal world caused were suppressed", b.log,
        re.M))
    # (The console report above took one of the five.)
    assert 4 <= told <= 4 + 3 and walks == told, b.log
    assert 2 * told + suppressed == 2 * 1000, b.log


def test_console_output_keeps_secure_interrupts_waiting_little(boot):
    # Under -icount (a tick is 16 instructions) the VMM's secure timer (a
    # test hook) expires over a sweep of phases: 80 rounds while the guest
    # only calls the VMM (the base), 80 while the VMM copies 11 KiB of hvc0
    # output into the kernel's ring, 20 while the log drains it to the UART.
    # The design's promise holds in each: the kernel handles the interrupt
    # at most 150 instructions late (measured: 144). What keeps it there:
    # preemption points between the kernel's stretches with FIQs masked
    # (kernel_preempt; without them the base was 256), and FIQs handled in
    # place in the copy's and the drain's windows (vec_fiq; deferred to the
    # window's end, the flood's was 224, and 352 with the console call's
    # reservation in one stretch). Before, each SYS_CONSOLE_WRITE copied its
    # 256 bytes under the lock with FIQs masked (624 at one point tried), and
    # before that wrote them to the UART there (2544). (The woken thread's
    # lateness in the copy rounds is the VMM's own: it is the thread busy
    # with the copy.) In the drain's rounds the VMM's thread is not the one
    # draining: the drain stops at the interrupt and it starts at most 1000
    # instructions late (measured: 784), as the kernel's secure task bound
    # says (test_guest_suite_passes_under_icount); a drain that ran on to
    # the end of its 11 KiB would make that about a million.
    b = boot("--guest", DRAIN_GUEST, "--icount")
    assert b.rc == 0 and exit_status(b.log) == 0, b
    worst = {what: (int(n), int(fired), int(kernel) * 16) for what, n, fired, kernel in
             re.findall(r"(calls|copy|drain): (\d+) rounds, timer fired (\d+), "
                        r"lateness kernel (\d+) task", b.console)}
    assert set(worst) == {"calls", "copy", "drain"}, b.console
    assert all(n == fired for n, fired, _ in worst.values()), worst
    assert all(0 < late <= 150 for _, _, late in worst.values()), worst
    task = re.search(r"drain: .* this sweep's task (\d+) ticks", b.console)
    assert task and 0 < int(task.group(1)) * 16 <= 1000, b.console
    # All of it went out, every time, after the interruptions.
    assert len(re.findall(r"^hvc0\| [a-z]{63}$", b.log, re.M)) == 100 * 176, len(b.log)


def test_a_restart_storm_on_one_cpu_loses_no_line(boot, logdir):
    # One CPU, and a VMM that faults again at once after each of 100
    # restarts (test image, vmm=fault_storm=100): no vCPU enters the normal
    # world and no CPU idles, the two places the log is usually written
    # out, while each restart adds its lines. The VMM, the normal world's
    # agent, must write the ring down past its high-water mark before it
    # runs, or the ring fills and lines are lost. The guest makes the first
    # fault; a word of normal RAM (a VMM restart keeps it) tells its second
    # boot to finish.
    img = raw_guest(logdir, "storm1", "\n".join([
        "_start: ldr r2, =0x40800000", "ldr r3, [r2]", "ldr r1, =0x53544f52",
        "cmp r3, r1", "beq done", "str r1, [r2]",
        "ldr r0, =0x86001008", "smc #0", "b .",
        "done: ldr r0, =0x86001000", "mov r1, #0", "smc #0", "b ."]))
    b = boot("--guest", img, "--smp", 1, "--args", "vmm=fault_storm=100", timeout=300)
    assert b.rc == 0 and exit_status(b.log) == 0, b
    assert "the secure log was full" not in b.log, b.log
    assert b.log.count("component 'vmm' restarting from its image") == 100, b.log
    assert b.log.count("component 'vmm' restarted from its image") == 100, b.log
