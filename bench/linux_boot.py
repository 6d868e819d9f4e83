#!/usr/bin/python3
"""Linux boot figures: tzvmm against QEMU booting the same kernel itself.

verify_ms is verified boot's cost in those boots: the VMM's own figure
from reading the manifest to the rollback counter (hashing Debian's
kernel, initramfs and device tree where they lie, and the signature).

Boots come in rounds (tzvmm on a new flash file, tzvmm on the flash file
an earlier boot formatted, native) so that all see the same host load; the
ratio is the median of the rounds' ratios of the second to the third, and
flash_format_s the median of the first's extra time over the second (a
first run's cost: creating the 64 MiB file and formatting its data region).
The native boot is a fair one: the same kernel, and an initramfs with the
same modules, except that Debian's virtio_mmio.ko stands for the secure
world's transport, tzvmm_virtio.ko, and QEMU's own devices of the same
classes on virt's virtio-mmio transports (a virtio-blk disk of the secure
disk's size, a virtio console) for the para-virtual ones. Time runs from
starting QEMU (tzvmm: the launcher) to the shell prompt. Exits are the
secure kernel's own count, logged when it powers off: a boot that powers
off at the prompt gives linux_exits_boot, and one that idles at the prompt
first gives the idle rate by difference.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[1]
PAIRS = 3   # rounds
IDLE_S = 10
QEMU = str(Path(__file__).resolve().parents[1] / "plat" / os.environ.get("TZVMM_PLAT", "qemu_virt")
           / "qemu")   # the board's QEMU
BOOTARGS = "console=ttyAMA0 earlycon=pl011,0x9000000 rdinit=/init panic=5"   # as mkdtb.sh


def to_prompt(cmd, args):
    t0 = time.monotonic()
    p = pexpect.spawn(cmd, args, encoding="utf-8", codec_errors="replace", timeout=300)
    p.expect_exact("tzvmm: normal-world Linux ready")
    p.expect_exact("~ # ")
    return p, time.monotonic() - t0


def poweroff(p):
    p.sendline("poweroff")
    p.expect(pexpect.EOF, timeout=120)
    p.close()
    if p.exitstatus != 0:
        sys.exit(f"bench: a boot ended with status {p.exitstatus}")


def tzvmm_boot(run, secure, imgs, smp, mem, flash, idle=0):
    """(seconds to the prompt, exits); flash is the flash file, created and
    formatted if it does not exist."""
    with tempfile.TemporaryDirectory() as d:
        log = Path(d) / "secure.log"
        p, secs = to_prompt(run, ["--secure", secure, "--kernel", imgs[0], "--initrd", imgs[1],
                                  "--dtb", imgs[2], "--smp", smp, "--mem", mem,
                                  "--flash", str(flash), "--log", str(log), "--timeout", "600"])
        time.sleep(idle)
        poweroff(p)
        text = log.read_text()
        m = re.search(r"normal-world exits since boot: (\d+)", text)
        if not m:
            sys.exit("bench: the secure log has no exit count")
        v = re.search(r"^\[vmm\] verify: .* checked in (\d+) ms", text, re.M)
        if not v:
            sys.exit("bench: the secure log has no verified-boot line")
        tzvmm_boot.verify_ms.append(int(v.group(1)))
        f = re.search(r"^\[storage\] data region: blank, formatted: .* \((\d+) sectors\)", text,
                      re.M)
        if f:
            tzvmm_boot.sectors = int(f.group(1))
        return secs, int(m.group(1))


tzvmm_boot.sectors = None   # the secure disk's size, from the boot that formatted it
tzvmm_boot.verify_ms = []   # verified boot's cost in each boot (docs/verified-boot.md)


PASS = re.compile(r"^\[integrity\] pass (\d+): (\d+) pages in (\d+) ms, CPU (\d+) us", re.M)


def log_wait(p, log, pattern, count, timeout, what):
    """Waits, while the console flows, until the secure log holds count
    matches of pattern; returns them all. Exits with a line naming what
    was waited for if QEMU ends or timeout seconds pass first."""
    deadline = time.monotonic() + timeout
    while len(found := pattern.findall(log.read_text(errors="replace"))) < count:
        if time.monotonic() > deadline:
            sys.exit(f"bench: no {what} in {timeout} s")
        try:
            p.expect(pexpect.TIMEOUT, timeout=1)
        except pexpect.EOF:
            sys.exit(f"bench: QEMU ended before {what}")
    return found


def integrity(run, secure, imgs, smp, mem, passes=2):
    """The integrity monitor at its defaults over an idle Linux: the checking
    passes after the baseline, (wall ms, CPU us) each, and the period."""
    with tempfile.TemporaryDirectory() as d:
        log = Path(d) / "secure.log"
        p, _ = to_prompt(run, ["--secure", secure, "--kernel", imgs[0], "--initrd", imgs[1],
                               "--dtb", imgs[2], "--smp", smp, "--mem", mem,
                               "--log", str(log), "--timeout", "900"])
        log_wait(p, log, PASS, passes, 600, f"{passes} checking passes of the integrity monitor")
        poweroff(p)
        text = log.read_text(errors="replace")
        period = int(re.search(r"\[integrity\] period (\d+) ms", text).group(1))
        scan = re.search(r"^\[integrity\] jump labels: .* found in (\d+) us of CPU\)$", text, re.M)
        if not scan:
            sys.exit("bench: the integrity monitor found no jump-label table")
        ftrace = re.search(r"^\[integrity\] ftrace: .* found in (\d+) us of CPU$", text, re.M)
        if not ftrace:
            sys.exit("bench: the integrity monitor found no ftrace sites")
        return ([(int(m[2]), int(m[3])) for m in PASS.findall(text)], period,
                int(scan.group(1)), int(ftrace.group(1)))


def native_initrd(cache, d):
    """The default initramfs's modules (guest/linux/boot-modules) with Debian's
    virtio_mmio.ko for ours: the native boot's (scripts/prepare-linux.sh
    composes the default one the same way)."""
    release = re.search(r"release=(\S+)", (cache / "linux" / "version").read_text()).group(1)
    kmods = cache / "linux" / "root" / "lib" / "modules" / release
    names, extra = [], []
    for line in (ROOT / "guest" / "linux" / "boot-modules").read_text().splitlines():
        m = line.split("#")[0].strip()
        if m.startswith("modules/"):
            m = "kernel/drivers/virtio/virtio_mmio.ko"
        if m:
            name = Path(m).stem
            names.append(name)
            extra.append(f"{kmods / m}=lib/modules/{name}.ko")
    lst = d / "modules"
    lst.write_text("\n".join(names) + "\n")
    initrd = d / "initrd-native.cpio.gz"
    subprocess.run([str(ROOT / "guest" / "linux" / "mkinitramfs.sh"),
                    str(cache / "busybox" / "busybox"), str(initrd), *extra, f"{lst}=etc/modules"],
                   check=True)
    return initrd


def native_boot(qemu, imgs, initrd, disk, smp, mem):
    """The same board without a secure world: QEMU boots Linux itself, with
    its own virtio-blk and virtio console on virtio-mmio."""
    p, secs = to_prompt(qemu, [
        "-machine", "secure=off", "-smp", smp, "-m", mem,
        "-kernel", imgs[0], "-initrd", str(initrd), "-append", BOOTARGS, "-serial", "stdio",
        "-drive", f"if=none,file={disk},format=raw,id=vda", "-device", "virtio-blk-device,drive=vda",
        "-device", "virtio-serial-device", "-chardev", "null,id=hvc0",
        "-device", "virtconsole,chardev=hvc0"])
    p.sendline("ls /sys/block; ls /dev/hvc0")
    p.expect_exact("~ # ")
    if "vda" not in p.before or "No such file" in p.before:
        sys.exit(f"bench: the native boot found no virtio disk or console:\n{p.before}")
    poweroff(p)
    return secs


def main():
    run, secure, prepare, outdir, smp, mem = sys.argv[1:7]
    imgs = subprocess.run([prepare, outdir, smp, mem], check=True, capture_output=True,
                          text=True).stdout.splitlines()
    cache = Path(os.environ.get("TZVMM_CACHE", Path.home() / ".cache" / "tzvmm"))
    tz, nat, fmt, exits = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        initrd = native_initrd(cache, d)
        flash, disk = d / "flash.img", d / "disk.raw"
        for _ in range(PAIRS):
            new = d / "new-flash.img"
            new.unlink(missing_ok=True)
            first, _ = tzvmm_boot(run, secure, imgs, smp, mem, new)
            if not flash.exists():
                new.rename(flash)
                with open(disk, "wb") as f:
                    f.truncate((tzvmm_boot.sectors or 0) * 512 or 64 << 20)
            secs, n = tzvmm_boot(run, secure, imgs, smp, mem, flash)
            tz.append(secs)
            exits.append(n)
            fmt.append(first - secs)
            nat.append(native_boot(QEMU, imgs, initrd, disk, smp, mem))
        _, idle_exits = tzvmm_boot(run, secure, imgs, smp, mem, flash, idle=IDLE_S)
    print(f"linux_boot_s {statistics.median(tz):.2f} s")
    print(f"linux_boot_native_s {statistics.median(nat):.2f} s")
    print(f"linux_boot_ratio {statistics.median(t / n for t, n in zip(tz, nat)):.3f} ratio")
    print(f"flash_format_s {statistics.median(fmt):.2f} s")
    print(f"linux_exits_boot {statistics.median(exits):.0f} exits")
    print(f"verify_ms {statistics.median(tzvmm_boot.verify_ms):.0f} ms")
    print(f"linux_exits_idle_per_s {max(0, idle_exits - statistics.median(exits)) / IDLE_S:.1f} exits/s")
    # The integrity monitor: CPU per full pass, its share of CPU 0, and the
    # worst time from a change to its report (a pass and a period).
    runs, period, scan_us, ftrace_us = integrity(run, secure, imgs, smp, mem)
    print(f"integrity_pass_ms {statistics.median(cpu for _, cpu in runs) / 1000:.0f} ms")
    print(f"integrity_cpu_share_pct {max(cpu / 10 / ms for ms, cpu in runs):.2f} %")
    print(f"integrity_detect_s {(max(ms for ms, _ in runs) + period) / 1000:.1f} s")
    print(f"integrity_site_scan_ms {scan_us / 1000:.0f} ms")
    print(f"integrity_ftrace_scan_ms {ftrace_us / 1000:.0f} ms")


if __name__ == "__main__":
    main()
