"""Shared helpers for the QEMU integration tests.

Each test is one bounded boot of the real secure image on QEMU
`virt,secure=on`. It passes only on an explicit success status; the
console and the secure log of every boot are kept under
build/test-logs/<test>/ so a failure can be read afterwards.
"""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("TZVMM_BUILD", ROOT / "build"))
RUN = ROOT / "scripts" / "tzvmm-run"
QEMU = ROOT / "plat" / os.environ.get("TZVMM_PLAT", "qemu_virt") / "qemu"   # the board's QEMU
SECURE = BUILD / "secure" / "secure.bin"              # production: what make run boots
SECURE_TEST = BUILD / "secure-test" / "secure-test.bin"   # with the test hooks and the probe
TEST_GUEST = BUILD / "guest-test" / "guest-test.bin"
HELLO_GUEST = BUILD / "guest-hello" / "hello.bin"
RESTART_GUEST = BUILD / "guest-restart" / "guest-restart.bin"
STORM_GUEST = BUILD / "guest-storm" / "guest-storm.bin"   # kicks from every CPU (guest/storm)
STORM_IDLE_GUEST = BUILD / "guest-storm-idle" / "guest-storm-idle.bin"


# Secure-log lines that say why a run failed (as scripts/tzvmm-run reports
# them): lines of the secure world, which start with its tags; the normal
# world's hvc0 rows on the same log start with NW_PREFIX.
SECURE_ERROR = re.compile(r"^\[[a-z0-9_]+\] (?:error:|fault:|PANIC|.*component .* (?:stopped|exited)).*$",
                          re.M)
NW_PREFIX = "hvc0| "


def secure_errors(log):
    return SECURE_ERROR.findall(log)


class Boot:
    """The outcome of one boot: exit status, console and secure log. Its
    repr, which a failing assertion prints, quotes the secure world's last
    error lines."""

    def __init__(self, rc, console, log, logdir):
        self.rc, self.console, self.log, self.logdir = rc, console, log, logdir

    def __repr__(self):
        errors = "".join(f"\n  secure log: {l}" for l in secure_errors(self.log)[-4:])
        return f"<boot rc={self.rc}, logs in {self.logdir}{errors}>"


@pytest.fixture
def logdir(request):
    d = BUILD / "test-logs" / re.sub(r"[^A-Za-z0-9_.-]", "_", request.node.name)
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    return d


@pytest.fixture
def boot(logdir):
    """boot(*args, timeout=...) runs scripts/tzvmm-run with the given options."""

    def run(*args, timeout=60, secure=SECURE_TEST):
        console, log = logdir / "console.log", logdir / "secure.log"
        cmd = [str(RUN), "--secure", str(secure), "--console", str(console),
               "--log", str(log), "--timeout", str(timeout), "--no-reboot", *map(str, args)]
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout + 30)
        (logdir / "launcher.log").write_bytes(p.stdout)
        read = lambda f: f.read_text(errors="replace") if f.exists() else ""
        return Boot(p.returncode, read(console) + p.stdout.decode(errors="replace"),
                    read(log), logdir)

    return run


# The other boards (docs/porting.md): each is built once per test session,
# into BUILD/<board> (what `make PLAT=<board>` uses with the default BUILD),
# by board_build(board); its runs need TZVMM_PLAT=<board> (board_env).
BOARDS = ("mcimx6ul_evk", "sabrelite")
_built = {}


def board_build(board):
    """The build folder of board, built (all its images) on first use."""
    if board not in _built:
        out = BUILD / board
        p = subprocess.run(["make", "-s", f"-j{os.cpu_count() or 1}", "-C", str(ROOT), f"PLAT={board}",
                            f"BUILD={out}", "all"],
                           capture_output=True, text=True, timeout=900)
        assert p.returncode == 0, p.stdout + p.stderr
        _built[board] = out
    return _built[board]


def board_env(board):
    """The environment of a run on board: the launcher and the Linux
    scripts take the board from TZVMM_PLAT."""
    return {**os.environ, "TZVMM_PLAT": board}


def flash_file(path, secure):
    """A flash file as scripts/tzvmm-run composes a new one
    (scripts/lib/flash.sh): the secure image, then erased flash (0xff) to
    64 MiB."""
    image = secure.read_bytes()
    path.write_bytes(image + b"\xff" * ((64 << 20) - len(image)))
    return path


def qemu_direct(logdir, *fw_cfg, mem=256, timeout=30):
    """Boots the secure image without the launcher, to give the VMM inputs
    the launcher would refuse. Returns (rc, secure log)."""
    log = logdir / "secure.log"
    flash = flash_file(logdir / "flash.img", SECURE)
    cmd = ["timeout", str(timeout), str(QEMU), "-m", str(mem),
           "-drive", f"if=pflash,unit=0,format=raw,file={flash}",
           "-serial", "null", "-serial", f"file:{log}", "-no-reboot",
           "-fw_cfg", f"name=opt/tzvmm/ram-mib,string={mem}"]
    for item in fw_cfg:
        cmd += ["-fw_cfg", item]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True)
    return p.returncode, log.read_text(errors="replace")


def exit_status(log):
    """The status the secure world powered off with, from the last line
    that is exactly its power-off line (as scripts/tzvmm-run takes it)."""
    m = re.findall(r"^tzvmm: power off, status (-?\d+)\r?$", log, re.M)
    return int(m[-1]) if m else None


def raw_guest(logdir, name, source):
    """Assembles a bare-metal guest linked at the start of normal RAM."""
    src, elf, img = (logdir / f"{name}{ext}" for ext in (".S", ".elf", ".bin"))
    src.write_text(".arm\n.arch_extension sec\n.global _start\n" + source + "\n.ltorg\n")
    subprocess.run(["arm-none-eabi-gcc", "-march=armv7-a", "-nostdlib", "-Wl,-Ttext=0x40000000",
                    "-Wl,--build-id=none", "-o", str(elf), str(src)], check=True)
    subprocess.run(["arm-none-eabi-objcopy", "-O", "binary", str(elf), str(img)], check=True)
    return img
