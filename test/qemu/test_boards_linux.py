"""Debian's Linux on the i.MX boards (docs/porting.md), booted by `make run
BOARD=...` as typed: the shell with /dev/vda and hvc0 on each board; data flushed to /dev/vda survives a power-off and a
new run on the same SD card; `reboot` resets through the secure world;
Linux's RAM never includes tzvmm's region; on the sabrelite four CPUs come
up through PSCI CPU_ON and one goes off and on again."""
import re

import pytest

from conftest import BOARDS, board_build
from test_linux import Linux

# Per board: CPUs, normal RAM in MiB, where it starts, tzvmm's region.
SETUP = {
    "mcimx6ul_evk": (1, 512, 0x80000000, 0xe0000000),
    "sabrelite": (4, 512, 0x10000000, 0x40000000),
}
TZVMM_REGION = 0x10000000


@pytest.fixture(scope="module", params=BOARDS)
def board(request):
    """The board and its build folder, built."""
    return request.param, board_build(request.param)


def boot(board, logdir):
    """`make run BOARD=<board> SMP=.. MEM=..` as a user types it: its SD card
    is BUILD/<board>/run/flash.img, kept from one run to the next."""
    name = board[0]
    smp, mem, _, _ = SETUP[name]
    return Linux(None, logdir, smp=smp, mem=mem, make_run=True, board=name.replace("_", "-"))


def check_ram(linux, name):
    """Every RAM range Linux knows is the normal world's, none of tzvmm's."""
    _, mem, base, region = SETUP[name]
    rc, out = linux.sh("grep 'System RAM' /proc/iomem")   # (sh drops kernel messages)
    assert rc == 0 and out, out
    for line in out:
        m = re.match(r"\s*([0-9a-f]+)-([0-9a-f]+) : System RAM", line)
        assert m, line
        lo, hi = (int(x, 16) for x in m.groups())
        assert base <= lo <= hi < base + (mem << 20), line
        assert hi < region or lo >= region + TZVMM_REGION, line


def test_linux_shell_disk_and_restart_on_each_board(board, logdir):
    name = board[0]
    smp = SETUP[name][0]
    (board[1] / "run" / "flash.img").unlink(missing_ok=True)   # a new SD card
    with boot(board, logdir) as linux:
        linux.wait_shell()
        check_ram(linux, name)
        assert linux.sh("test -c /dev/hvc0 && test -b /dev/vda")[0] == 0
        rc, out = linux.sh("cat /sys/block/vda/size")
        assert rc == 0 and int(out[-1]) > 0, out
        assert linux.sh("grep -c ^processor /proc/cpuinfo")[1][-1] == str(smp)
        if smp > 1:   # CPU hot-plug: CPU_OFF, then CPU_ON again
            last = f"/sys/devices/system/cpu/cpu{smp - 1}/online"
            assert linux.sh(f"echo 0 > {last} && cat {last}")[1][-1] == "0"
            assert linux.sh(f"echo 1 > {last} && cat {last}")[1][-1] == "1"
        assert linux.sh("dd if=/dev/urandom of=/tmp/p bs=4096 count=4 2>/dev/null && "
                        "dd if=/tmp/p of=/dev/vda bs=4096 seek=100 conv=fsync 2>/dev/null")[0] == 0
        rc, out = linux.sh("md5sum < /tmp/p")
        written = out[-1].split()[0]
        linux.p.sendline("poweroff")
        assert linux.finish() == 0
    log = linux.secure_log.read_text(errors="replace")
    assert "memory firewall: NOT IN FORCE" in log, log   # QEMU models no TZASC: said so
    # A new run on the same card: the flushed data is there; reboot goes
    # through the secure world (WDOG1) and Linux comes back.
    with boot(board, logdir) as linux:
        linux.wait_shell()
        rc, out = linux.sh("dd if=/dev/vda bs=4096 skip=100 count=4 2>/dev/null | md5sum")
        assert rc == 0 and out[-1].split()[0] == written, out
        linux.p.sendline("reboot")
        linux.wait_shell()
        linux.p.sendline("poweroff")
        assert linux.finish() == 0
    log = linux.secure_log.read_text(errors="replace")
    assert re.search(r"psci: SYSTEM_RESET", log), log
