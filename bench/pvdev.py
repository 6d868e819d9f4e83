#!/usr/bin/python3
"""bench/pvdev.py RUN SECURE PREPARE OUTDIR SMP MEM — the para-virtual devices.

Under tzvmm (a fresh flash file):
  pvblk_write_MBps, pvblk_read_MBps   /dev/vda, sequential 1 MiB requests with
                                      O_DIRECT, 32 MiB of random data
  pvblk_read_device_MBps              those reads as the device served them: bytes
                                      over the time Linux's block layer counts
                                      from each request's issue to its completion
                                      (/sys/block/vda/stat), without Linux's own
                                      work around the requests
  pvblk_read_MBps_4jobs               the same data read by four readers at once,
                                      each all of it, at SMP 4 (boot C, on boot
                                      A's flash file): the bytes of all four
                                      over the time until the last is done
  pvblk_read_4k_MBps, _64k_MBps       the same data read in 4 KiB and 64 KiB
                                      requests (SIZED_MIB of it): what one
                                      request costs beside what a byte does
  hvc_out_KBps, ttyAMA0_out_KBps      the same 256 KiB of text written to hvc0
                                      (virtio-console: the secure world's UART)
                                      and to ttyAMA0 (the normal world's own
                                      UART), each port's bytes into a file
  hvc_term_KBps, ttyAMA0_term_KBps    the same into the terminal that drives
                                      the shell (a pty this script reads)
and, for reference, QEMU's own virtio-blk (virtio-mmio, a raw file of the same
size, the same kernel, no secure world):
  virtio_blk_write_MBps, virtio_blk_read_MBps, virtio_blk_read_4k_MBps, ...

The disk data is realistic: /dev/urandom into a tmpfs file, new for every
write, so the timed dd moves RAM to the disk and nothing else. The storage
component keeps words inverted and its flash driver leaves all-ones words
unprogrammed, so zeros from /dev/zero would cost the flash nothing; random
words are all ones once in 2^32, and flash_program_MBps (bench/flash.py)
likewise programs a pattern with no all-ones word. The write ends with a
flush (conv=fsync); the reads use O_DIRECT, so they come from the disk and
not the page cache, and what they return is checked against what was
written.

A console's speed depends on what reads the other end: QEMU writing a file,
or this script reading a pty. Each pair is compared on one kind of sink:
boot A has the shell on ttyAMA0 (the terminal) and hvc0 going to the secure
log's file; boot B (--hvc) has the shell on hvc0 (the terminal) and ttyAMA0
going to a file. Both ports get the same bytes (80-column lines of text;
the tty adds the same carriage returns on both) from a tmpfs file.

Times come from Linux's own clock (/proc/uptime, 10 ms), each figure the
median of three runs of the disk or five of a console; every run's figure
goes to $TZVMM_BENCH_DATA/samples-pvdev.json, for the report's ranges. A
console write returns with at most a page still in the driver's buffer
(1.6 % of 256 KiB), on either port alike.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import pexpect

from linux_boot import native_initrd

ROOT = Path(__file__).resolve().parents[1]
QEMU = str(ROOT / "plat" / os.environ.get("TZVMM_PLAT", "qemu_virt") / "qemu")
MIB = 32
# A read of 32 MiB takes about 0.15 s, 15 ticks of /proc/uptime: each timed
# read reads it this many times.
READ_PASSES = 4
TEXT_KIB = 256
PROMPT = "~ # "
# Elapsed seconds of a command, by Linux's clock.
# The figure on a row of its own: what the command wrote may end mid-row,
# and on the secure console (--hvc) a row is broken at 73 columns, which
# would cut "took" from its figures.
TIMED = ("t0=$(cut -d' ' -f1 /proc/uptime); {cmd}; "
         "t1=$(cut -d' ' -f1 /proc/uptime); echo; echo \"took $t0 $t1\"")
RUNS = 3
JOBS = 4
# The smaller requests: KiB each, and MiB read in them per run (a 4 KiB
# request is a round trip into the secure world of its own).
SIZED_KIB = (4, 64)
SIZED_MIB = {4: 4, 64: 16}
# The consoles vary more from run to run (hvc0's kicks and interrupts meet
# the host's scheduling), and a run is cheap.
CONSOLE_RUNS = 5


def sh(p, cmd, timeout=300):
    p.sendline(cmd)
    p.expect_exact(PROMPT, timeout=timeout)


def timed(p, cmd):
    p.sendline(TIMED.format(cmd=cmd))
    p.expect(r"took (\d+\.\d+) (\d+\.\d+)", timeout=300)
    t0, t1 = float(p.match.group(1)), float(p.match.group(2))
    p.expect_exact(PROMPT)
    return max(t1 - t0, 0.01)


def md5(p, cmd):
    p.sendline(f"{cmd} | md5sum")
    p.expect(r"\b([0-9a-f]{32})\s+-", timeout=300)
    value = p.match.group(1)
    p.expect_exact(PROMPT)
    return value


def tmpfs(p):
    """A tmpfs of its own on /tmp: the data's source is RAM, whatever the
    initramfs's root is."""
    sh(p, "mount -t tmpfs -o size=256m tmpfs /tmp")


def read_stat(p, dev):
    """(sectors read, milliseconds reads spent in the device) from the block
    layer's statistics: each request's time from its issue to its completion."""
    p.sendline(f"cat /sys/block/{os.path.basename(dev)}/stat")
    p.expect(r"\n\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+", timeout=60)
    sectors, ms = int(p.match.group(3)), int(p.match.group(4))
    p.expect_exact(PROMPT)
    return sectors, ms


def disk_figures(p, dev):
    """The runs' write and read MB/s of dev, two lists, {KiB: read MB/s runs}
    for the smaller requests, and the reads' MB/s in the device (read_stat)
    per run."""
    size = MIB * 1024 * 1024 / 1e6
    w, r, device = [], [], []
    for _ in range(RUNS):
        # New data for every run: what the disk gets has not been seen before.
        sh(p, f"dd if=/dev/urandom of=/tmp/rand bs=1M count={MIB} 2>/dev/null")
        w.append(size / timed(p, f"dd if=/tmp/rand of={dev} bs=1M count={MIB} oflag=direct "
                                 f"conv=fsync 2>/dev/null"))
    for _ in range(RUNS):
        reads = "; ".join([f"dd if={dev} of=/dev/null bs=1M count={MIB} iflag=direct "
                           "2>/dev/null"] * READ_PASSES)
        s0, ms0 = read_stat(p, dev)
        r.append(READ_PASSES * size / timed(p, reads))
        s1, ms1 = read_stat(p, dev)
        if s1 - s0 != READ_PASSES * MIB * 2048:
            sys.exit(f"bench: {dev} read {s1 - s0} sectors, not {READ_PASSES * MIB * 2048}")
        device.append((s1 - s0) * 512 / 1e6 / (max(ms1 - ms0, 1) / 1000))
    sized = {}
    for kib in SIZED_KIB:
        n = SIZED_MIB[kib] * 1024 // kib
        sized[kib] = [SIZED_MIB[kib] * 1.048576 / timed(
            p, f"dd if={dev} of=/dev/null bs={kib}k count={n} iflag=direct 2>/dev/null")
            for _ in range(RUNS)]
    # The disk holds the last data written, and reads give it back.
    disk = md5(p, f"dd if={dev} bs=1M count={MIB} iflag=direct 2>/dev/null")
    if disk != md5(p, "cat /tmp/rand"):
        sys.exit(f"bench: {dev} did not read back the random data written to it")
    return w, r, sized, device


def text(p):
    """/tmp/text: TEXT_KIB KiB of 80-column lines, what a console carries."""
    sh(p, f"yes {'x' * 79} | head -c {TEXT_KIB * 1024} > /tmp/text")


def console_KBps(p, dev):
    """The runs' KB/s of writing /tmp/text to dev."""
    return [TEXT_KIB * 1.024 / timed(p, f"cat /tmp/text > {dev}") for _ in range(CONSOLE_RUNS)]


def shell(p):
    p.expect_exact("tzvmm: normal-world Linux ready", timeout=300)
    p.expect_exact(PROMPT, timeout=60)
    sh(p, "stty cols 1000")


def poweroff(p):
    p.sendline("poweroff")
    p.expect(pexpect.EOF, timeout=120)
    p.close()
    if p.exitstatus != 0:
        sys.exit(f"bench: a boot ended with status {p.exitstatus}")


def spawn(cmd, args, log):
    # The terminal's reader takes what comes in large reads and looks for
    # the end of a command near the end only, so that it keeps pace with
    # either port.
    p = pexpect.spawn(cmd, args, encoding="utf-8", codec_errors="replace", timeout=300,
                      maxread=65536, searchwindowsize=4096)
    p.logfile_read = open(log, "w")
    return p


def arrived(path, runs):
    """That a sink holds the text of all runs: the x's of its lines."""
    xs = TEXT_KIB * 1024 - TEXT_KIB * 1024 // 80
    if Path(path).read_text(errors="replace").count("x") < runs * xs:
        sys.exit(f"bench: {path} does not hold the {runs} texts written to its console")


def jobs_figure(run, secure, imgs4, mem, d):
    """Boot C, at SMP 4 on boot A's disk: JOBS readers at once, each all
    of its MIB MiB, RUNS times; MB/s of all the bytes read."""
    p = spawn(run, ["--secure", secure, "--smp", "4", "--mem", mem, "--timeout", "900",
                    "--kernel", imgs4[0], "--initrd", imgs4[1], "--dtb", imgs4[2],
                    "--log", str(d / "c-secure.log"), "--flash", str(d / "flash.img")],
              d / "c-terminal.log")
    shell(p)
    one = f"dd if=/dev/vda of=/dev/null bs=1M count={MIB} iflag=direct 2>/dev/null"
    readers = " ".join([f"{one} &"] * JOBS) + " wait"
    size = JOBS * MIB * 1024 * 1024 / 1e6
    runs = []
    for _ in range(RUNS):
        s0, _ = read_stat(p, "/dev/vda")
        runs.append(size / timed(p, readers))
        s1, _ = read_stat(p, "/dev/vda")
        if s1 - s0 != JOBS * MIB * 2048:
            sys.exit(f"bench: {JOBS} readers read {s1 - s0} sectors, not {JOBS * MIB * 2048}")
    poweroff(p)
    return runs


def tzvmm(run, secure, imgs, imgs_hvc, smp, mem, d):
    """Boot A: the disk, ttyAMA0 into the terminal, hvc0 into the secure
    log's file. Boot B (--hvc): hvc0 into the terminal, ttyAMA0 into a
    file."""
    common = ["--secure", secure, "--smp", smp, "--mem", mem, "--timeout", "900"]
    p = spawn(run, common + ["--kernel", imgs[0], "--initrd", imgs[1], "--dtb", imgs[2],
                             "--log", str(d / "a-secure.log"), "--flash",
                             str(d / "flash.img")], d / "a-terminal.log")
    shell(p)
    tmpfs(p)
    f = {}
    f["pvblk_write_MBps"], f["pvblk_read_MBps"], sized, f["pvblk_read_device_MBps"] = \
        disk_figures(p, "/dev/vda")
    for kib, runs in sized.items():
        f[f"pvblk_read_{kib}k_MBps"] = runs
    sh(p, "rm /tmp/rand")
    text(p)
    f["hvc_out_KBps"] = console_KBps(p, "/dev/hvc0")
    f["ttyAMA0_term_KBps"] = console_KBps(p, "/dev/ttyAMA0")
    poweroff(p)
    arrived(d / "a-secure.log", CONSOLE_RUNS)
    arrived(d / "a-terminal.log", CONSOLE_RUNS)

    p = spawn(run, common + ["--kernel", imgs_hvc[0], "--initrd", imgs_hvc[1], "--dtb",
                             imgs_hvc[2], "--log", str(d / "b-secure.log"), "--console",
                             str(d / "b-ttyAMA0.log"), "--hvc"], d / "b-terminal.log")
    shell(p)
    tmpfs(p)
    text(p)
    f["ttyAMA0_out_KBps"] = console_KBps(p, "/dev/ttyAMA0")
    f["hvc_term_KBps"] = console_KBps(p, "/dev/hvc0")
    poweroff(p)
    arrived(d / "b-ttyAMA0.log", CONSOLE_RUNS)
    arrived(d / "b-terminal.log", CONSOLE_RUNS)
    return f


def native(imgs, smp, mem, d, cache):
    """QEMU's virtio-blk on virtio-mmio, same kernel, no secure world: the
    initramfs of linux_boot's native boot (the default one's modules, with
    Debian's virtio_mmio.ko for tzvmm_virtio.ko)."""
    initrd = native_initrd(cache, d)
    disk = d / "disk.raw"
    with open(disk, "wb") as f:
        f.truncate(64 * 1024 * 1024)
    # Bounded like tzvmm-run's QEMU (--foreground: QEMU keeps the terminal).
    p = spawn("timeout", ["--foreground", "-k", "5", "900", QEMU, "-machine", "secure=off",
                          "-smp", smp, "-m", mem, "-kernel", imgs[0], "-initrd", str(initrd),
                          "-append", "console=ttyAMA0 rdinit=/init", "-serial", "stdio",
                          "-drive", f"if=none,file={disk},format=raw,id=d",
                          "-device", "virtio-blk-device,drive=d"], d / "native-console.log")
    shell(p)
    tmpfs(p)
    write, read, sized, device = disk_figures(p, "/dev/vda")
    poweroff(p)
    f = {"virtio_blk_write_MBps": write, "virtio_blk_read_MBps": read,
         "virtio_blk_read_device_MBps": device}
    for kib, runs in sized.items():
        f[f"virtio_blk_read_{kib}k_MBps"] = runs
    return f


def prepare(cmd, outdir, smp, mem, console):
    env = {**os.environ, "TZVMM_CONSOLE": console}
    return subprocess.run([cmd, outdir, smp, mem], check=True, capture_output=True, text=True,
                          env=env).stdout.splitlines()


def main():
    run, secure, prep, outdir, smp, mem = sys.argv[1:7]
    imgs = prepare(prep, outdir, smp, mem, "ttyAMA0")
    imgs_hvc = prepare(prep, outdir, smp, mem, "hvc")
    imgs4 = prepare(prep, outdir, "4", mem, "ttyAMA0")
    cache = Path(os.environ.get("TZVMM_CACHE", Path.home() / ".cache" / "tzvmm"))
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        f = tzvmm(run, secure, imgs, imgs_hvc, smp, mem, d)
        f["pvblk_read_MBps_4jobs"] = jobs_figure(run, secure, imgs4, mem, d)
        f.update(native(imgs, smp, mem, d, cache))
    if os.environ.get("TZVMM_BENCH_DATA"):
        Path(os.environ["TZVMM_BENCH_DATA"], "samples-pvdev.json").write_text(
            json.dumps({k: [round(x, 1) for x in v] for k, v in f.items()}, indent=1))
    for name in ("pvblk_write_MBps", "pvblk_read_MBps", "pvblk_read_device_MBps",
                 "pvblk_read_MBps_4jobs",
                 "virtio_blk_write_MBps", "virtio_blk_read_MBps",
                 "virtio_blk_read_device_MBps") + tuple(f"{dev}_read_{kib}k_MBps" for dev in (
                     "pvblk", "virtio_blk") for kib in SIZED_KIB):
        print(f"{name} {statistics.median(f[name]):.1f} MB/s")
    for name in ("hvc_out_KBps", "ttyAMA0_out_KBps", "hvc_term_KBps", "ttyAMA0_term_KBps"):
        print(f"{name} {statistics.median(f[name]):.1f} KB/s")


if __name__ == "__main__":
    main()
