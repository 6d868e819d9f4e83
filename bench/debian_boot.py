#!/usr/bin/python3
"""The Debian system's boot (make run ROOTFS=debian, docs/debian.md):
tzvmm against QEMU booting the same kernel, initramfs and disks itself.

Time runs from starting QEMU (tzvmm: the launcher) to systemd's "Reached
target multi-user.target" on the console. A first boot under tzvmm makes
the run's state (the secure disk formatted, the machine id); it is not
counted. Then rounds of a tzvmm boot and a native one on the same root
disk; the ratio is the median of the rounds' ratios. The native boot is a
fair one: QEMU's own virtio-blk for the secure disk (a raw file of its
size, formatted ext4 on the host, with the secure disk's serial so that
the system's fstab mounts it at /secure) and a virtio console for hvc0,
all on virt's virtio-mmio transports. Exits are the secure kernel's own
count, logged when it powers off (debian_exits_boot: the rounds' median of
a boot to multi-user.target and its poweroff). The idle rate with systemd
running is the integrity monitor's own figure for a pass that ran wholly at
the first boot's login prompt.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect

from linux_boot import QEMU, log_wait, poweroff

ROUNDS = 3
REACHED = re.compile(r"Reached target .*(?:multi-user\.target|Multi-User System)")


def to_target(cmd, args, env=None):
    t0 = time.monotonic()
    p = pexpect.spawn(cmd, args, encoding="utf-8", codec_errors="replace", timeout=300, env=env)
    p.expect(REACHED)
    secs = time.monotonic() - t0
    p.expect_exact("tzvmm login: ")
    return p, secs


def login_and_poweroff(p):
    p.sendline("root")
    p.expect_exact("root@tzvmm:~# ")
    poweroff(p)


PASS_EXITS = re.compile(r"^\[integrity\] pass \d+: .* normal-world exits ([0-9.]+)/s$", re.M)


def idle_rate(p, log, passes=2):
    """At the login prompt: the normal-world exit rate of the integrity
    monitor's last pass once `passes` passes have ended after this point
    (so one ran wholly at the prompt)."""
    before = len(PASS_EXITS.findall(log.read_text(errors="replace")))
    rates = log_wait(p, log, PASS_EXITS, before + passes, 300,
                     f"{passes} integrity passes at the login prompt")
    return float(rates[-1])


def tzvmm_boot(run, secure, imgs, smp, mem, flash, idle=False):
    """(seconds to multi-user.target, exits, the secure log, the idle exit
    rate at the prompt if idle, measured with the monitor at a tenth of CPU 0
    for passes of seconds rather than a minute: its period, and so its own
    exits, stay its default's)."""
    with tempfile.TemporaryDirectory() as d:
        log = Path(d) / "secure.log"
        args = ["--args", "integrity=cpu_permille=100"] if idle else []
        p, secs = to_target(run, ["--secure", secure, "--kernel", imgs[0], "--initrd", imgs[1],
                                  "--dtb", imgs[2], "--disk", imgs[3], "--smp", smp, "--mem", mem,
                                  "--flash", str(flash), "--log", str(log), "--timeout", "600",
                                  *args])
        rate = idle_rate(p, log) if idle else None
        login_and_poweroff(p)
        text = log.read_text(errors="replace")
        m = re.search(r"normal-world exits since boot: (\d+)", text)
        if not m:
            sys.exit("bench: the secure log has no exit count")
        return secs, int(m.group(1)), text, rate


def native_boot(imgs, bootargs, secure_disk, smp, mem):
    p, secs = to_target(QEMU, [
        "-machine", "secure=off", "-smp", smp, "-m", mem, "-serial", "stdio",
        "-kernel", imgs[0], "-initrd", imgs[1], "-append", bootargs,
        "-drive", f"if=none,file={imgs[3]},format=raw,id=root",
        "-device", "virtio-blk-device,drive=root",
        "-drive", f"if=none,file={secure_disk},format=raw,id=secure",
        "-device", "virtio-blk-device,drive=secure,serial=tzvmm-secure-flash0",
        "-device", "virtio-serial-device", "-chardev", "null,id=hvc0",
        "-device", "virtconsole,chardev=hvc0"])
    login_and_poweroff(p)
    return secs


def main():
    run, secure, prepare, smp, mem = sys.argv[1:6]
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR", "/var/tmp")) as tmp:
        d = Path(tmp)
        imgs = subprocess.run([prepare, str(d), smp, mem], check=True, capture_output=True,
                              text=True, env={**os.environ, "TZVMM_ROOTFS": "debian",
                                              "TZVMM_ROOT_DISK": str(d / "root.img")}
                              ).stdout.splitlines()
        dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", imgs[2]], check=True,
                             capture_output=True, text=True).stdout
        bootargs = re.search(r'bootargs = "([^"]*)"', dts).group(1)
        flash = d / "flash.img"
        # The first boot formats the secure disk: not counted; the idle rate
        # is read at its login prompt.
        _, _, log, idle = tzvmm_boot(run, secure, imgs, smp, mem, flash, idle=True)
        f = re.search(r"^\[storage\] data region: blank, formatted: .* \((\d+) sectors\)", log, re.M)
        if not f:
            sys.exit("bench: the first boot's secure log has no storage format line")
        secure_disk = d / "secure.raw"
        with open(secure_disk, "wb") as fd:
            fd.truncate(int(f.group(1)) * 512)
        subprocess.run(["mkfs.ext4", "-q", "-F", "-L", "tzvmm-secure", "-E",
                        "lazy_itable_init=0,nodiscard", str(secure_disk)], check=True)
        tz, nat, exits = [], [], []
        for _ in range(ROUNDS):
            secs, n, _, _ = tzvmm_boot(run, secure, imgs, smp, mem, flash)
            tz.append(secs)
            exits.append(n)
            nat.append(native_boot(imgs, bootargs, secure_disk, smp, mem))
            # (On stderr: the spread behind the medians, for a reader of the run.)
            print(f"bench: debian round {len(tz)}: {tz[-1]:.2f} s under tzvmm, "
                  f"{nat[-1]:.2f} s natively", file=sys.stderr)
        shutil.rmtree(d, ignore_errors=True)
    print(f"debian_boot_s {statistics.median(tz):.2f} s")
    print(f"debian_boot_native_s {statistics.median(nat):.2f} s")
    print(f"debian_boot_ratio {statistics.median(t / n for t, n in zip(tz, nat)):.3f} ratio")
    print(f"debian_exits_boot {statistics.median(exits):.0f} exits")
    print(f"debian_exits_idle_per_s {idle:.1f} exits/s")


if __name__ == "__main__":
    main()
