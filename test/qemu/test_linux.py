"""Stock Debian Linux in the normal world: SMCCC 1.2, PSCI 1.1, SMP.

One boot serves the read-only checks and the CPU hot-plug loop and ends
with `poweroff`; `reboot` gets a boot of its own. The console is driven
with pexpect, as a user would type at `make run`."""
import gzip
import hashlib
import os
import re
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

from conftest import BUILD, ROOT, RUN, SECURE, exit_status, qemu_direct

PROMPT = "~ # "
SMP, MEM = 2, 1024


@pytest.fixture(scope="module")
def images():
    p = subprocess.run([str(ROOT / "scripts" / "prepare-linux.sh"), str(BUILD / "linux"),
                        str(SMP), str(MEM)], capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stderr
    return p.stdout.splitlines()


class Linux:
    """One boot of Linux under tzvmm, its console driven by pexpect."""
    prompt = PROMPT     # the shell's

    def __init__(self, images, logdir, smp=SMP, mem=MEM, make_run=False, extra=(),
                 secure=SECURE, env=None, board=None, make_vars=(), terminal="console.log"):
        """Boots images through the launcher (with extra launcher options),
        or with make_run the README's first command itself, as typed (its
        secure log is build/run/secure.log, or make_vars' RUN_LOG=), with
        make_vars (more of make run's variables), on another board with
        board (make run BOARD=..., built in BUILD/<board>); env: the run's
        environment (another board's, conftest.board_env). The terminal's
        bytes go to logdir/terminal."""
        self.logdir = logdir
        if make_run:
            build = BUILD / board.replace("-", "_") if board else BUILD
            cmd, args = "make", ["-s", "-C", str(ROOT), "run", f"BUILD={build}",
                                 f"SMP={smp}", f"MEM={mem}", *make_vars] + \
                ([f"BOARD={board}"] if board else [])
            logs = [v.split("=", 1)[1] for v in make_vars if v.startswith("RUN_LOG=")]
            self.secure_log = Path(logs[-1]) if logs else build / "run" / "secure.log"
        else:
            kernel, initrd, dtb = images
            self.secure_log = logdir / "secure.log"
            cmd, args = str(RUN), ["--secure", str(secure), "--kernel", kernel,
                                   "--initrd", initrd, "--dtb", dtb, "--smp", str(smp),
                                   "--mem", str(mem), "--log", str(self.secure_log),
                                   "--timeout", "300", *extra]
        self.p = pexpect.spawn(cmd, args, encoding="utf-8", codec_errors="replace",
                               timeout=120, dimensions=(50, 200), env=env)
        self.p.logfile_read = open(logdir / terminal, "a")

    def wait_shell(self):
        self.p.expect_exact("tzvmm: normal-world Linux ready", timeout=180)
        self.p.expect_exact(self.prompt, timeout=60)
        # A serial console has no size: the shell would wrap long commands
        # at 80 columns, and their echo with them.
        self.p.sendline("stty cols 1000")
        self.p.expect_exact(self.prompt, timeout=60)

    # A kernel message on the console: "[    9.006087] hrtimer: ...".
    KERNEL_LINE = re.compile(r"^\[\s*\d+\.\d+\] ")

    def sh(self, cmd, timeout=60, kernel_log=False):
        """Runs cmd at the prompt; returns (exit status, output lines).
        The kernel may print on the console while cmd runs (a late hrtimer
        on a loaded host, once between the rows of /proc/iomem): such rows
        are dropped, unless kernel_log says that cmd prints rows of the
        kernel's log itself (dmesg), which look the same."""
        self.p.sendline(f"{cmd}; echo __rc=$?__")
        self.p.expect(r"__rc=(\d+)__", timeout=timeout)
        rc, out = int(self.p.match.group(1)), self.p.before
        self.p.expect_exact(self.prompt, timeout=timeout)
        out = out.split("echo __rc=$?__", 1)[-1]   # drop the echoed (maybe wrapped) command
        lines = [l.strip("\r") for l in out.split("\n")]
        return rc, [l for l in lines if l and (kernel_log or not self.KERNEL_LINE.match(l))]

    def typed(self, line, timeout=60):
        """Runs one line exactly as a user types it (a trailing comment and
        all: the status is asked for on a line of its own); returns its
        exit status."""
        self.p.sendline(line)
        self.p.sendline("echo __rc=$?__")
        self.p.expect(r"__rc=(\d+)__", timeout=timeout)
        rc = int(self.p.match.group(1))
        self.p.expect_exact(self.prompt, timeout=timeout)
        return rc

    def secure_wait(self, pattern, timeout):
        """Waits (while the console keeps flowing) until the secure log
        matches pattern from the start; returns the match. Only whole
        lines are searched: the log is read while the secure world writes
        it, and "$" would match the end of a line still being written."""
        end = time.monotonic() + timeout
        while True:
            text = self.secure_log.read_text(errors="replace")
            m = re.search(pattern, text[:text.rfind("\n") + 1], re.M)
            if m:
                return m
            assert time.monotonic() < end, f"no '{pattern}' on the secure log in {timeout} s"
            try:
                self.p.expect(pexpect.TIMEOUT, timeout=1)
            except pexpect.EOF:
                raise AssertionError(f"QEMU ended before '{pattern}' on the secure log")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        """Whatever happened, no QEMU outlives the test."""
        if self.p.isalive():
            self.p.terminate(force=True)

    def finish(self, timeout=120):
        """Waits for QEMU to end; returns the launcher's exit status."""
        self.p.expect(pexpect.EOF, timeout=timeout)
        self.p.close()
        return self.p.exitstatus


def images_with_modules(images, tag, *modules):
    """The Linux images with test-only modules of guest/linux/modules/ added
    to the default initramfs's /lib/modules/ (TZVMM_TEST_MODULES of
    scripts/prepare-linux.sh), in BUILD/linux-<tag>/."""
    out = BUILD / f"linux-{tag}"
    out.mkdir(parents=True, exist_ok=True)
    p = subprocess.run([str(ROOT / "scripts" / "prepare-linux.sh"), str(out), str(SMP), str(MEM)],
                       capture_output=True, text=True, timeout=1200,
                       env={**os.environ, "TZVMM_TEST_MODULES": " ".join(modules)})
    assert p.returncode == 0, p.stderr
    return p.stdout.splitlines()


def boot_logdir(name):
    d = BUILD / "test-logs" / name
    d.mkdir(parents=True, exist_ok=True)
    for f in d.iterdir():
        f.unlink()
    return d


@pytest.fixture(scope="module")
def linux(images):
    with Linux(images, boot_logdir("linux-main")) as vm:
        vm.wait_shell()
        yield vm


def test_reaches_the_shell(linux):
    rc, out = linux.sh("uname -r")
    assert rc == 0 and re.match(r"6\.1\.0-\d+-armmp", out[0]), out


def test_the_kernel_booted_was_verified(linux, images):
    """The launcher signed Debian's kernel, initramfs and device tree with
    the development key (docs/verified-boot.md); the VMM checked them
    before the first instruction: the digest it names is the kernel's."""
    digest = hashlib.sha256(open(images[0], "rb").read()).hexdigest()[:8]
    log = linux.secure_log.read_text(errors="replace")
    assert re.search(rf"^\[vmm\] verify: kernel sha256 {digest}\.\.\. and 2 more image\(s\) "
                     r"as signed by key [0-9a-f]{8}\.\.\., version 0 \(rollback counter \d+\); "
                     r"checked in \d+ ms\r?$", log, re.M), log
    assert log.index("[vmm] verify:") < log.index("[vmm] guest loaded, entering it")


def test_dmesg_shows_psci_and_smccc(linux):
    rc, out = linux.sh("dmesg | grep -E 'psci|SMC Calling'", kernel_log=True)
    text = "\n".join(out)
    assert "PSCIv1.1 detected in firmware" in text, text
    assert "SMC Calling Convention v1.2" in text, text


def test_two_cpus_online(linux):
    assert linux.sh("cat /sys/devices/system/cpu/online")[1] == ["0-1"]
    rc, out = linux.sh("grep -c ^processor /proc/cpuinfo")
    assert out == ["2"]


def test_soc_identity(linux):
    rc, out = linux.sh("cat /sys/devices/soc0/soc_id /sys/devices/soc0/revision "
                       "/sys/devices/soc0/family")
    assert rc == 0, out
    assert out[0] == "jep106:7f7e:7a56"
    assert out[1] == "0x00000001"
    assert out[2] == "jep106:7f7e"


def test_cpu1_hotplug_twenty_times(linux):
    cpu1 = "/sys/devices/system/cpu/cpu1/online"
    for i in range(20):
        rc, _ = linux.sh(f"echo 0 > {cpu1}")
        assert rc == 0, f"unplug {i}"
        assert linux.sh("cat /sys/devices/system/cpu/online")[1] == ["0"], f"after unplug {i}"
        rc, _ = linux.sh(f"echo 1 > {cpu1}")
        assert rc == 0, f"plug {i}"
        assert linux.sh("cat /sys/devices/system/cpu/online")[1] == ["0-1"], f"after plug {i}"
    # The kernel saw no CPU fail to come up or go down.
    rc, out = linux.sh("dmesg | grep -ciE 'failed to (boot|die)|did not die'")
    assert out == ["0"], out


def test_poweroff_exits_with_zero(linux):
    linux.p.sendline("poweroff")
    assert linux.finish() == 0
    log = linux.secure_log.read_text()
    assert "psci: SYSTEM_OFF" in log and exit_status(log) == 0


def test_make_run_reaches_a_shell_and_reboot_comes_back(images):
    """`make run`, the README's first command, as a user types it; then
    `reboot` resets through the secure world and boots again."""
    with Linux(images, boot_logdir("linux-make-run"), make_run=True) as vm:
        vm.wait_shell()
        vm.p.sendline("reboot")
        vm.wait_shell()   # the secure world and Linux came up again
        assert vm.sh("cat /sys/devices/system/cpu/online")[1] == ["0-1"]
        vm.p.sendline("poweroff")
        assert vm.finish() == 0
    log = vm.secure_log.read_text()
    assert "psci: SYSTEM_RESET" in log
    assert log.count("secure kernel on qemu-virt") == 2, log


def test_user_kernel_and_initrd(images, logdir):
    # make run KERNEL=... INITRD=...: the user's own files, here copies with
    # other names, and a DTB made for that initrd.
    kernel, initrd = logdir / "myzImage", logdir / "myinitrd.gz"
    kernel.write_bytes(open(images[0], "rb").read())
    initrd.write_bytes(open(images[1], "rb").read())
    p = subprocess.run([str(ROOT / "scripts" / "prepare-linux.sh"), str(logdir), "1", "256",
                        str(kernel), str(initrd)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    k, i, d = p.stdout.splitlines()
    assert (k, i) == (str(kernel), str(initrd))
    with Linux([k, i, d], logdir, smp=1, mem=256) as vm:
        vm.wait_shell()
        assert vm.sh("cat /sys/devices/system/cpu/online")[1] == ["0"]
        vm.p.sendline("poweroff")
        assert vm.finish() == 0


def test_missing_user_kernel_is_named():
    p = subprocess.run([str(ROOT / "scripts" / "prepare-linux.sh"), str(BUILD / "linux"), "2",
                        "1024", "/nonexistent/zImage"], capture_output=True, text=True)
    assert p.returncode != 0
    assert p.stderr.strip() == "prepare-linux.sh: kernel image '/nonexistent/zImage' not found"


def bad_image(images, logdir, bad):
    """The Linux images with one of them spoiled: (kernel, initrd, dtb)."""
    kernel, initrd, dtb = images
    if bad == "kernel":
        kernel = str(ROOT / "build" / "guest-hello" / "hello.bin")
    elif bad == "dtb":
        dtb = str(logdir / "not.dtb")
        open(dtb, "wb").write(b"\0" * 4096)
    elif bad == "truncated-dtb":
        dtb = str(logdir / "short.dtb")
        open(dtb, "wb").write(open(images[2], "rb").read()[:1000])
    else:   # a gzip stream that is far too big for the initrd's slot
        initrd = str(logdir / "huge.gz")
        with open(initrd, "wb") as f:
            f.write(b"\x1f\x8b\x08\x00")
            f.truncate(192 << 20)
    return kernel, initrd, dtb


# The launcher refuses what it can tell from the host, in one line, before
# QEMU starts; the VMM refuses the same images again when they arrive
# without the launcher (defence in depth, and what a board without it has).
@pytest.mark.parametrize("bad, launcher, vmm", [
    ("kernel", "tzvmm-run: kernel image '{kernel}' is not an ARM zImage (no magic 0x016f2818 at "
     "offset 0x24; it begins with bytes ",
     "error: opt/tzvmm/kernel: not a zImage (no magic 0x016f2818 at offset 0x24)"),
    ("dtb", "tzvmm-run: device tree '{dtb}' is not a flattened device tree (no magic 0xd00dfeed; "
     "it begins with bytes 0000000000000000)",
     "error: opt/tzvmm/dtb: not a flattened device tree (no magic 0xd00dfeed)"),
    ("truncated-dtb", "tzvmm-run: device tree '{dtb}': its header gives ",
     "error: opt/tzvmm/dtb: device tree header gives a size larger than the file"),
    ("huge-initrd", None,
     "error: opt/tzvmm/initrd (201326592 bytes) does not fit at 0x48100000"),
])
def test_bad_linux_images_are_refused(images, boot, logdir, bad, launcher, vmm):
    kernel, initrd, dtb = bad_image(images, logdir, bad)
    if launcher:
        b = boot("--kernel", kernel, "--initrd", initrd, "--dtb", dtb, "--mem", 256)
        assert b.rc == 2, b
        assert b.console.strip().startswith(launcher.format(kernel=kernel, dtb=dtb)), b.console
        assert len(b.console.strip().splitlines()) == 1, b.console
    rc, log = qemu_direct(logdir, f"name=opt/tzvmm/kernel,file={kernel}",
                          f"name=opt/tzvmm/initrd,file={initrd}", f"name=opt/tzvmm/dtb,file={dtb}")
    assert vmm in log, log
    assert exit_status(log) == 1, log


def empty_initramfs(path):
    """A valid gzip'd newc cpio archive holding nothing: Linux unpacks it,
    finds no /init and no root device, and panics."""
    name = b"TRAILER!!!\0"
    fields = (1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, len(name), 0)
    entry = b"070701" + b"".join(b"%08X" % v for v in fields) + name
    entry += b"\0" * (-len(entry) % 4)
    path.write_bytes(gzip.compress(entry))
    return path


def test_a_panicking_kernel_ends_the_run_with_the_reason(images, logdir):
    initrd = empty_initramfs(logdir / "empty.cpio.gz")
    p = subprocess.run([str(ROOT / "scripts" / "prepare-linux.sh"), str(logdir), "1", "256",
                        images[0], str(initrd)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    kernel, initrd, dtb = p.stdout.splitlines()
    console, log = logdir / "console.log", logdir / "secure.log"
    t = subprocess.run([str(RUN), "--secure", str(SECURE), "--kernel", kernel, "--initrd", initrd,
                        "--dtb", dtb, "--smp", "1", "--mem", "256", "--console", str(console),
                        "--log", str(log), "--timeout", "120"], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=150)
    assert t.returncode == 72, t.stderr   # ended at the panic, not by the timeout
    assert ("tzvmm-run: the normal-world kernel panicked: Kernel panic - not syncing: VFS: "
            "Unable to mount root fs") in t.stderr, t.stderr
    assert f"secure log: {log}; console: {console}" in t.stderr, t.stderr
    assert "panic=5" in console.read_text(errors="replace")   # the fallback if nobody watches


@pytest.mark.parametrize("initrd, message", [
    ("/etc/hostname", "prepare-linux.sh: initrd '/etc/hostname' is not an initramfs: it begins "
     "with text "),
    ("/dev/null", "prepare-linux.sh: initrd '/dev/null' is not a regular file"),
    ("{logdir}", "prepare-linux.sh: initrd '{logdir}' is a directory, not a file"),
    ("{logdir}/empty", "prepare-linux.sh: initrd '{logdir}/empty' is empty"),
])
def test_make_run_refuses_a_bad_initrd_before_boot(logdir, initrd, message):
    (logdir / "empty").write_bytes(b"")
    initrd = initrd.format(logdir=logdir)
    p = subprocess.run(["make", "-s", "run", f"INITRD={initrd}"], cwd=ROOT,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    assert p.returncode != 0
    errors = [l for l in p.stderr.splitlines() if not re.match(r"make(\[\d+\])?: ", l)]
    assert len(errors) == 1 and errors[0].startswith(message.format(logdir=logdir)), p.stderr
    assert "Linux" not in p.stdout   # nothing booted
