#!/usr/bin/env python3
"""check.py [WORKDIR] — check the tzvmm_virtio transport against QEMU's own virtio devices.

tzvmm_virtio.ko reaches its devices' registers by SMC; until the VMM serves
them, nothing answers. This builds the same driver with
virtio-mmio-check/tzvmm_virtio_regs.h instead (the accesses become loads and
stores in QEMU's virtio-mmio windows, compatible "virtio,mmio"), puts it in the
default initramfs in place of the real one (guest/linux/boot-modules), and boots
Debian's kernel on plain QEMU (`virt`, secure=off: no secure world) with a
modern (version 2) virtio-blk and virtio-console. It checks, as a user would:

  boot 1, console ttyAMA0 (the default bootargs):
    the modules load at boot; both devices probe; /dev/vda has the disk's size;
    mkdosfs, mount -t vfat, a file written, unmounted, mounted again and read;
    raw sectors written with dd reach the disk image on the host; a line written
    to /dev/hvc0 reaches the host; rmmod tzvmm_virtio (devices removed, queues
    deleted, reset) and insmod again with dyndbg=+p, which logs every register
    access (the sequence is kept in WORKDIR/register-trace.txt); poweroff.
  boot 2, console hvc (guest/linux/mkdtb.sh's TZVMM_CONSOLE=hvc bootargs):
    the banner and the shell come on hvc0, with job control; poweroff.

Prints one line per check and "virtio-mmio-check: N passed, N failed"; exit
status 1 if any failed. WORKDIR (default /tmp/tzvmm-virtio-mmio-check) keeps the
logs. One QEMU at a time, each bounded by a timeout. Needs what
guest/linux/modules.sh and mkinitramfs.sh need, and python3-pexpect.
"""
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pexpect

HERE = Path(__file__).resolve().parent
LINUX = HERE.parent                       # guest/linux
ROOT = LINUX.parent.parent
QEMU = ROOT / "plat" / os.environ.get("TZVMM_PLAT", "qemu_virt") / "qemu"
CACHE = Path(os.environ.get("TZVMM_CACHE", Path.home() / ".cache" / "tzvmm"))
WORK = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/tzvmm-virtio-mmio-check").resolve()
PROMPT = "~ # "
BANNER = "tzvmm: normal-world Linux ready"
DISK_MIB = 32
MARK = "tzvmm-virtio-mmio-check raw sector"

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + ("" if ok else f": {detail}"), flush=True)


def run(cmd, **kw):
    return subprocess.run([str(c) for c in cmd], check=True, text=True,
                          stdout=subprocess.PIPE, **kw).stdout


def build():
    """The test module and an initramfs holding it; returns (zImage, initrd)."""
    ours = Path(run([LINUX / "modules.sh", CACHE]).strip())   # and the headers
    version = dict(l.split("=", 1) for l in (CACHE / "linux" / "version").read_text().split())
    release = version["release"]
    src = WORK / "tzvmm_virtio"
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(LINUX / "modules" / "tzvmm_virtio", src)
    shutil.copy(HERE / "tzvmm_virtio_regs.h", src / "tzvmm_virtio_regs.h")
    hdr = CACHE / "headers" / "tree" / "usr" / "src" / f"linux-headers-{release}"
    p = subprocess.run(["make", "-C", str(hdr), f"M={src}", "ARCH=arm",
                        "CROSS_COMPILE=arm-linux-gnueabihf-", "modules"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    (WORK / "build.log").write_text(p.stdout)
    if p.returncode or re.search(r"warning|error", p.stdout):
        sys.exit(f"check.py: building the MMIO test module failed or warned: {WORK / 'build.log'}")

    extra, names = [], []
    for line in (LINUX / "boot-modules").read_text().splitlines():
        m = line.split("#", 1)[0].strip()
        if not m:
            continue
        name = Path(m).stem
        ko = (src / "tzvmm_virtio.ko" if m == "modules/tzvmm_virtio.ko"
              else ours / Path(m).name if m.startswith("modules/")
              else CACHE / "linux" / "root" / "lib" / "modules" / release / m)
        extra.append(f"{ko}=lib/modules/{name}.ko")
        names.append(name)
    (WORK / "modules.list").write_text("".join(n + "\n" for n in names))
    extra.append(f"{WORK / 'modules.list'}=etc/modules")
    initrd = WORK / "initrd-mmio.cpio.gz"
    run([LINUX / "mkinitramfs.sh", CACHE / "busybox" / "busybox", initrd, *extra])
    return CACHE / "linux" / "zImage", initrd


def bootargs(console):
    """The bootargs guest/linux/mkdtb.sh gives for TZVMM_CONSOLE=console."""
    dtb = WORK / f"{console}.dtb"
    run([LINUX / "mkdtb.sh", dtb, 2, 1024, 0, 0], env={**os.environ, "TZVMM_CONSOLE": console})
    return run(["fdtget", "-ts", dtb, "/chosen", "bootargs"]).strip()


class Guest:
    """One plain-QEMU boot; the console that pexpect drives is QEMU's stdio."""

    def __init__(self, name, kernel, initrd, append, shell_on_hvc):
        self.dir = WORK / name
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        self.disk = self.dir / "disk.img"
        with open(self.disk, "wb") as f:
            f.truncate(DISK_MIB << 20)
        self.other = self.dir / ("serial.log" if shell_on_hvc else "hvc.log")
        if shell_on_hvc:
            ports = ["-serial", f"file:{self.other}", "-chardev", "stdio,id=vc,signal=off"]
        else:
            ports = ["-serial", "stdio", "-chardev", f"file,id=vc,path={self.other}"]
        args = ["-machine", "secure=off", "-smp", "2", "-m", "1024",
                "-kernel", str(kernel), "-initrd", str(initrd), "-append", append,
                "-global", "virtio-mmio.force-legacy=false",       # version 2 devices
                "-drive", f"if=none,id=hd,format=raw,file={self.disk}",
                "-device", "virtio-blk-device,drive=hd",
                "-device", "virtio-serial-device", "-device", "virtconsole,chardev=vc",
                *ports]
        self.p = pexpect.spawn("timeout", ["-k", "5", "300", str(QEMU), *args],
                               encoding="utf-8", codec_errors="replace", timeout=120,
                               dimensions=(50, 200))
        self.p.logfile_read = open(self.dir / "console.log", "w")

    def wait_shell(self):
        self.p.expect_exact(BANNER, timeout=240)
        self.p.expect_exact(PROMPT, timeout=60)

    def sh(self, cmd, timeout=60):
        """Runs cmd at the prompt; returns (exit status, output lines)."""
        self.p.sendline(f"{cmd}; echo __rc=$?__")
        self.p.expect(r"__rc=(\d+)__", timeout=timeout)
        rc, out = int(self.p.match.group(1)), self.p.before
        self.p.expect_exact(PROMPT, timeout=timeout)
        out = out.split("echo __rc=$?__", 1)[-1]
        return rc, [l.strip("\r") for l in out.split("\n") if l.strip("\r")]

    def poweroff(self):
        self.p.sendline("poweroff")
        self.p.expect(pexpect.EOF, timeout=120)
        self.p.close()
        return self.p.exitstatus

    def kill(self):
        if self.p.isalive():
            self.p.terminate(force=True)


def boot_ttyama0(kernel, initrd):
    g = Guest("boot-ttyAMA0", kernel, initrd, bootargs("ttyAMA0"), shell_on_hvc=False)
    try:
        g.wait_shell()
        boot_log = (g.dir / "console.log").read_text(errors="replace")
        check("the modules load at boot (no 'not loaded' line)",
              "not loaded" not in boot_log, [l for l in boot_log.splitlines() if "not loaded" in l])
        g.sh("dmesg -n 1")    # the kernel's messages no longer interleave with the shell's
        rc, out = g.sh("lsmod | cut -d' ' -f1 | sort | tr '\\n' ' '")
        want = sorted(Path(l.split("=")[0]).stem for l in
                      (WORK / "modules.list").read_text().split())
        check("lsmod shows every boot module", all(w in out[0].split() for w in want), out)
        rc, out = g.sh("dmesg | grep 'tzvmm_virtio '")
        text = "\n".join(out)
        check("virtio-blk probed (virtio id 2)", re.search(r": virtio id 2,", text), text)
        check("virtio-console probed (virtio id 3)", re.search(r": virtio id 3,", text),
              text)
        check("no error from the transport", not re.search(r"failed|refused|not 0x|WARNING", text),
              text)
        rc, out = g.sh("cat /sys/block/vda/size")
        check(f"/dev/vda has {DISK_MIB} MiB", out == [str(DISK_MIB << 11)], out)
        rc, out = g.sh("mkdosfs -n TZVMM /dev/vda >/dev/null && mkdir -p /mnt && "
                       "mount -t vfat /dev/vda /mnt && echo hello-vfat > /mnt/hello.txt && "
                       "umount /mnt && mount -t vfat /dev/vda /mnt && cat /mnt/hello.txt && "
                       "umount /mnt")
        check("vfat: mkdosfs, mount, write, umount, mount, read", rc == 0 and
              out[-1:] == ["hello-vfat"], out)
        rc, out = g.sh(f"echo '{MARK}' | dd of=/dev/vda bs=512 seek=4096 conv=sync,fsync "
                       "2>/dev/null && echo 3 > /proc/sys/vm/drop_caches && "
                       "dd if=/dev/vda bs=512 skip=4096 count=1 2>/dev/null | head -1")
        check("raw write and read back through the page cache", rc == 0 and MARK in out[-1], out)
        with open(g.disk, "rb") as f:
            f.seek(4096 * 512)
            on_disk = f.read(len(MARK))
        check("the raw write reached the host's disk image", on_disk == MARK.encode(), on_disk)
        rc, out = g.sh("echo hello-hvc0 > /dev/hvc0")
        time.sleep(0.5)
        got = g.other.read_text(errors="replace")
        check("a line written to /dev/hvc0 reaches the host", "hello-hvc0" in got, got[-200:])
        rc, out = g.sh("grep -c tzvmm_virtio /proc/interrupts || true")
        rc, out = g.sh("rmmod tzvmm_virtio && ls /dev/vda 2>&1; lsmod | grep -c tzvmm_virtio")
        check("rmmod tzvmm_virtio removes the devices", out[-1:] == ["0"] and
              "No such file" in "\n".join(out), out)
        rc, out = g.sh("dmesg -c >/dev/null; insmod /lib/modules/tzvmm_virtio.ko dyndbg=+p && "
                       "cat /sys/block/vda/size && dmesg | grep -c 'tzvmm_virtio '")
        check("insmod again (every access logged): the disk is back", rc == 0 and
              out[0] == str(DISK_MIB << 11), out)
        rc, out = g.sh("mount -t vfat /dev/vda /mnt && cat /mnt/hello.txt && umount /mnt")
        check("the file system is still there", out[-1:] == ["hello-vfat"], out)
        rc, out = g.sh("dmesg | grep 'tzvmm_virtio '", timeout=120)
        (WORK / "register-trace.txt").write_text("\n".join(out) + "\n")
        rc, out = g.sh("dmesg | grep -iE 'WARNING|BUG|Oops|broken' | head -5")
        check("no kernel warning", out == [], out)
        check("poweroff ends QEMU with status 0", g.poweroff() == 0)
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        check("boot 1 (console ttyAMA0)", False, f"{type(e).__name__}; see {g.dir}/console.log")
    finally:
        g.kill()


def boot_hvc(kernel, initrd):
    append = bootargs("hvc")
    g = Guest("boot-hvc", kernel, initrd, append, shell_on_hvc=True)
    try:
        g.wait_shell()
        check(f"banner and shell on hvc0 ({append})", True)
        g.sh("dmesg -n 1")
        rc, out = g.sh("tty; cat /sys/class/tty/console/active")
        check("the shell's tty is /dev/hvc0", out[:1] == ["/dev/hvc0"], out)
        check("active consoles: ttyAMA0 hvc0", out[1:2] == ["ttyAMA0 hvc0"], out)
        rc, out = g.sh("sleep 30 & jobs; kill %1")
        check("job control on hvc0", any("sleep 30" in l for l in out), out)
        check("poweroff ends QEMU with status 0", g.poweroff() == 0)
        serial = g.other.read_text(errors="replace")
        lines = [l for l in serial.splitlines() if l.startswith("[")]
        check("the kernel's messages are on ttyAMA0 too, each once",
              "Run /init as init process" in serial and len(lines) == len(set(lines)),
              f"{len(lines)} lines, {len(set(lines))} different")
    except (pexpect.TIMEOUT, pexpect.EOF) as e:
        check("boot 2 (console hvc)", False, f"{type(e).__name__}; see {g.dir}/console.log")
    finally:
        g.kill()


def main():
    WORK.mkdir(parents=True, exist_ok=True)
    kernel, initrd = build()
    boot_ttyama0(kernel, initrd)
    boot_hvc(kernel, initrd)
    passed = sum(1 for r in results if r)
    print(f"virtio-mmio-check: {passed} passed, {len(results) - passed} failed (logs in {WORK})")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
