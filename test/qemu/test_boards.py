"""The bare-metal guests on the other boards (conftest.BOARDS): the
conformance suite (guest/test) on the test image, and the SMC fuzzer
(guest/fuzz, scripts/fuzz-smc), each one bounded boot of the board's QEMU
that passes only on an explicit success status and the guest's own
summary. What a board leaves out or skips is read from its description and
the guest's sources, never assumed: the cases that need the memory firewall
where PLAT_NS_FIREWALL is 0, the cases that need a second CPU on a board
with one, the PMU case on a CPU QEMU models without a PMU."""
import re
import subprocess

import pytest

from conftest import BOARDS, ROOT, RUN, board_build, board_env, exit_status

GUEST_TEST = ROOT / "guest" / "test"


def board_fact(board, name):
    """A number of the board's description: a PLAT_NS_* #define of its
    memmap.h, or a NAME=value of its run.sh."""
    memmap = (ROOT / "plat" / board / "include" / "plat" / "memmap.h").read_text()
    m = re.search(rf"^#define {name}\s+(\d+)\b", memmap, re.M)
    if not m:
        m = re.search(rf"^{name}=(\d+)\b", (ROOT / "plat" / board / "run.sh").read_text(), re.M)
    assert m, (board, name)
    return int(m.group(1))


def cases():
    """Every TEST() of the suite, by name, with its body's source."""
    found = {}
    for src in sorted(GUEST_TEST.glob("*.c")):
        parts = re.split(r"^TEST\((\w+)\)\n", src.read_text(), flags=re.M)
        for name, body in zip(parts[1::2], parts[2::2]):
            found[name] = body.split("\n}\n", 1)[0]
    return found


CASES = cases()
# What the image leaves out without the memory firewall (TEST_LEFT_OUT).
FIREWALL_CASES = set(re.findall(r"^TEST_LEFT_OUT\((\w+),", (GUEST_TEST / "main.c").read_text(),
                                re.M))
TWO_CPU_CASES = {name for name, body in CASES.items() if "TF_SKIP_UNLESS(" in body}
# The boards whose CPU QEMU models without a PMU (QEMU's Cortex-A9): the
# PMU case says so and is skipped there.
NO_PMU_BOARDS = {"sabrelite"}
# Small: the suite needs little, and a board's limit may be lower than the
# launcher's default.
MEM = 256
SUITE_TIMEOUT = 120


def run(board, logdir, *args, timeout):
    """One boot of the board's test image with args; returns (status,
    console, secure log)."""
    build = board_build(board)
    console, log = logdir / "console.log", logdir / "secure.log"
    cmd = [str(RUN), "--secure", str(build / "secure-test" / "secure-test.bin"),
           "--console", str(console), "--log", str(log), "--timeout", str(timeout),
           "--no-reboot", *map(str, args)]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=timeout + 30, env=board_env(board))
    (logdir / "launcher.log").write_bytes(p.stdout)
    read = lambda f: f.read_text(errors="replace") if f.exists() else ""
    return p.returncode, read(console) + p.stdout.decode(errors="replace"), read(log)


def expected_outcome(board, smp):
    """(left out, skipped) case names the board's run must report."""
    left_out = set() if board_fact(board, "PLAT_NS_FIREWALL") else FIREWALL_CASES
    skipped = (TWO_CPU_CASES if smp < 2 else set()) | \
        ({"pmu_does_not_count_secure_execution"} if board in NO_PMU_BOARDS else set())
    return left_out, skipped


@pytest.mark.parametrize("board", BOARDS)
def test_conformance_suite_passes_on_the_board(board, logdir):
    smp = board_fact(board, "BOARD_MAX_CPUS")
    rc, console, log = run(board, logdir, "--guest",
                           board_build(board) / "guest-test" / "guest-test.bin",
                           "--smp", smp, "--mem", MEM, timeout=SUITE_TIMEOUT)
    ctx = f"{board}: logs in {logdir}\n{console}"
    assert rc == 0 and exit_status(log) == 0, ctx
    left_out, skipped = expected_outcome(board, smp)
    # Each case left out is named with its reason, one line each; the
    # others all ran: passed, or skipped for the reason the board gives.
    assert set(re.findall(r"^left out (\w+) \(.+\)\r?$", console, re.M)) == left_out, ctx
    m = re.search(r"^test-guest: (\d+) tests\r?$", console, re.M)
    assert m and int(m.group(1)) == len(CASES) - len(left_out), ctx
    assert set(re.findall(r"^skip (\w+) \(", console, re.M)) == skipped, ctx
    assert not re.search(r"^FAIL ", console, re.M), ctx
    m = re.search(r"^test-guest: (\d+) passed, (\d+) failed, (\d+) skipped, (\d+) left out\r?$",
                  console, re.M)
    assert m, ctx
    assert tuple(map(int, m.groups())) == (len(CASES) - len(left_out) - len(skipped), 0,
                                           len(skipped), len(left_out)), ctx


# Calls per CPU: a few seconds of QEMU on every board.
FUZZ_COUNT = 20000


@pytest.mark.parametrize("board", BOARDS)
def test_smc_fuzzer_passes_on_the_board(board, logdir):
    smp = board_fact(board, "BOARD_MAX_CPUS")
    guest = board_build(board) / "guest-fuzz" / "guest-fuzz.bin"
    secure = board_build(board) / "secure-test" / "secure-test.bin"
    log = logdir / "secure.log"
    p = subprocess.run([str(ROOT / "scripts" / "fuzz-smc"), "--secure", str(secure),
                        "--guest", str(guest), "--seed", "1", "--count", str(FUZZ_COUNT),
                        "--smp", str(smp), "--log", str(log)],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=300, env=board_env(board))
    (logdir / "fuzz-smc.log").write_text(p.stdout + p.stderr)
    ctx = f"{board}: logs in {logdir}\n{p.stdout}{p.stderr}"
    assert p.returncode == 0 and exit_status(log.read_text(errors="replace")) == 0, ctx
    assert f"smc-fuzz: seed 1, {FUZZ_COUNT} calls on each of {smp} CPUs" in p.stdout, ctx
    m = re.search(r"^smc-fuzz: (\d+) calls in \d+ ms \(\d+ calls/s\), \d+ answered -1, "
                  r"(\d+) failed$", p.stdout, re.M)
    assert m and (int(m.group(1)), int(m.group(2))) == (FUZZ_COUNT * smp, 0), ctx
