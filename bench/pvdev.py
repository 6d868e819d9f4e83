#!/usr/bin/python3
"""bench/pvdev.py RUN SECURE PREPARE OUTDIR SMP MEM — the para-virtual devices.

In one Linux boot under tzvmm (a fresh flash file):
  pvblk_write_MBps, pvblk_read_MBps   /dev/vda, sequential 1 MiB requests with
                                      O_DIRECT, 32 MiB, the write flushed
  hvc_out_KBps, ttyAMA0_out_KBps      256 KiB written to hvc0 (virtio-console:
                                      the secure UART) and to ttyAMA0 (the
                                      normal world's UART): both end in a PL011
                                      written byte by byte, into a file
and, for reference, QEMU's own virtio-blk (virtio-mmio, a raw file of the same
size, the same kernel, no secure world):
  virtio_blk_write_MBps, virtio_blk_read_MBps
Times come from Linux's own clock (/proc/uptime, 10 ms), each figure the
median of three runs.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[1]
QEMU = str(ROOT / "plat" / os.environ.get("TZVMM_PLAT", "qemu_virt") / "qemu")
MIB = 32
PROMPT = "~ # "
# Elapsed seconds of a command, by Linux's clock.
TIMED = ("t0=$(cut -d' ' -f1 /proc/uptime); {cmd}; "
         "t1=$(cut -d' ' -f1 /proc/uptime); echo \"took $t0 $t1\"")
RUNS = 3


def timed(p, cmd):
    p.sendline(TIMED.format(cmd=cmd))
    p.expect(r"took (\d+\.\d+) (\d+\.\d+)", timeout=300)
    t0, t1 = float(p.match.group(1)), float(p.match.group(2))
    p.expect_exact(PROMPT)
    return max(t1 - t0, 0.01)


def disk_figures(p, dev):
    """(write MB/s, read MB/s) of dev, medians."""
    size = MIB * 1024 * 1024 / 1e6
    w = [size / timed(p, f"dd if=/dev/zero of={dev} bs=1M count={MIB} oflag=direct "
                         f"conv=fsync 2>/dev/null") for _ in range(RUNS)]
    r = [size / timed(p, f"dd if={dev} of=/dev/null bs=1M count={MIB} iflag=direct 2>/dev/null")
         for _ in range(RUNS)]
    return statistics.median(w), statistics.median(r)


def shell(p):
    p.expect_exact("tzvmm: normal-world Linux ready", timeout=300)
    p.expect_exact(PROMPT, timeout=60)
    p.sendline("stty cols 1000")
    p.expect_exact(PROMPT)


def poweroff(p):
    p.sendline("poweroff")
    p.expect(pexpect.EOF, timeout=120)
    p.close()


def tzvmm(run, secure, imgs, smp, mem, d):
    p = pexpect.spawn(run, ["--secure", secure, "--kernel", imgs[0], "--initrd", imgs[1],
                            "--dtb", imgs[2], "--smp", smp, "--mem", mem, "--log",
                            str(d / "secure.log"), "--flash", str(d / "flash.img"),
                            "--timeout", "900"],
                      encoding="utf-8", codec_errors="replace", timeout=300)
    p.logfile_read = open(d / "console.log", "w")
    shell(p)
    write, read = disk_figures(p, "/dev/vda")
    kib = 256
    text = f"dd if=/dev/zero bs=1k count={kib} 2>/dev/null | tr '\\0' x"
    hvc = [kib * 1.024 / timed(p, f"{text} > /dev/hvc0") for _ in range(RUNS)]
    # ttyAMA0 is this terminal: read here, also kept in console.log.
    uart = [kib * 1.024 / timed(p, f"{text} > /dev/ttyAMA0") for _ in range(RUNS)]
    poweroff(p)
    return write, read, statistics.median(hvc), statistics.median(uart)


def native(imgs, smp, mem, d, cache):
    """QEMU's virtio-blk on virtio-mmio, same kernel, no secure world: an
    initramfs that loads Debian's virtio_mmio and virtio_blk."""
    release = re.search(r"release=(\S+)", (cache / "linux" / "version").read_text()).group(1)
    mods = cache / "linux" / "root" / "lib" / "modules" / release / "kernel" / "drivers"
    lst = d / "modules"
    lst.write_text("virtio_mmio\nvirtio_blk\n")
    initrd = d / "initrd-virtio-mmio.cpio.gz"
    subprocess.run([str(ROOT / "guest" / "linux" / "mkinitramfs.sh"),
                    str(cache / "busybox" / "busybox"), str(initrd),
                    f"{mods / 'virtio' / 'virtio_mmio.ko'}=lib/modules/virtio_mmio.ko",
                    f"{mods / 'block' / 'virtio_blk.ko'}=lib/modules/virtio_blk.ko",
                    f"{lst}=etc/modules"], check=True)
    disk = d / "disk.raw"
    with open(disk, "wb") as f:
        f.truncate(64 * 1024 * 1024)
    p = pexpect.spawn(QEMU, ["-machine", "secure=off", "-smp", smp, "-m", mem,
                             "-kernel", imgs[0], "-initrd", str(initrd), "-append",
                             "console=ttyAMA0 rdinit=/init", "-serial", "stdio",
                             "-drive", f"if=none,file={disk},format=raw,id=d",
                             "-device", "virtio-blk-device,drive=d"],
                      encoding="utf-8", codec_errors="replace", timeout=300)
    p.logfile_read = open(d / "native-console.log", "w")
    shell(p)
    write, read = disk_figures(p, "/dev/vda")
    poweroff(p)
    return write, read


def main():
    run, secure, prepare, outdir, smp, mem = sys.argv[1:7]
    imgs = subprocess.run([prepare, outdir, smp, mem], check=True, capture_output=True,
                          text=True).stdout.splitlines()
    cache = Path(os.environ.get("TZVMM_CACHE", Path.home() / ".cache" / "tzvmm"))
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        write, read, hvc, uart = tzvmm(run, secure, imgs, smp, mem, d)
        vwrite, vread = native(imgs, smp, mem, d, cache)
    print(f"pvblk_write_MBps {write:.1f} MB/s")
    print(f"pvblk_read_MBps {read:.1f} MB/s")
    print(f"virtio_blk_write_MBps {vwrite:.1f} MB/s")
    print(f"virtio_blk_read_MBps {vread:.1f} MB/s")
    print(f"hvc_out_KBps {hvc:.1f} KB/s")
    print(f"ttyAMA0_out_KBps {uart:.1f} KB/s")


if __name__ == "__main__":
    main()
