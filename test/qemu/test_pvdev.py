"""Para-virtual devices for stock Linux (docs/bindings/tzvmm-virtio.md):
/dev/vda on the secure storage component, which keeps what Linux flushed
across a reboot, a new QEMU and a SIGKILL of QEMU; a vfat file system on
it; and hvc0 carrying a shell through the secure world."""
import os
import re
import signal
import subprocess
from pathlib import Path

import pexpect

from conftest import BUILD, ROOT, SECURE_TEST, exit_status
from test_linux import PROMPT, Linux, boot_logdir, images, images_with_modules  # noqa: F401

# Reads with O_DIRECT: from the disk (the secure world), never from Linux's
# page cache, which would still hold what was just written.
MIB8 = "dd if=/dev/vda bs=1M count=8 iflag=direct 2>/dev/null | md5sum"


def vm_with_flash(images, logdir, flash, **kw):  # noqa: F811
    return Linux(images, logdir, extra=["--flash", str(flash)], **kw)


def write_random(vm, bs, count, seek=0):
    """Writes count random blocks of bs to /dev/vda at block seek, flushed
    (conv=fsync); returns their md5."""
    return md5(vm, f"dd if=/dev/urandom of=/tmp/p bs={bs} count={count} 2>/dev/null && "
                   f"dd if=/tmp/p of=/dev/vda bs={bs} seek={seek} conv=fsync 2>/dev/null && "
                   f"md5sum /tmp/p")


def md5(vm, cmd):
    rc, out = vm.sh(cmd, timeout=240)
    assert rc == 0, out
    return out[-1].split()[0]


def test_vda_appears_with_the_storage_capacity(images):  # noqa: F811
    d = boot_logdir("pv-vda")
    with vm_with_flash(images, d, d / "flash.img") as vm:
        vm.wait_shell()
        rc, out = vm.sh("cat /sys/block/vda/size; ls /dev/hvc0; dmesg | grep -c tzvmm_virtio")
        assert rc == 0 and int(out[0]) >= 100000 and out[1] == "/dev/hvc0", out
        log = vm.secure_log.read_text()
        assert "data region: blank, formatted" in log, log
        vm.p.sendline("poweroff")
        assert vm.finish() == 0


def test_32_mib_of_random_data_read_back_three_times(images):  # noqa: F811
    # What make bench's disk figures do, at SMP 2: 1 MiB O_DIRECT writes and
    # reads, so that every request is a round trip VMM -> storage -> VMM
    # across the CPUs, each CPU idling and woken by the other's secure
    # SGIs meanwhile. It caught an FIQ taken at the SVC vector's branch and
    # handled in place there, on the thread's saved context (the request
    # then got no answer: I/O errors and data that did not read back).
    d = boot_logdir("pv-random")
    with vm_with_flash(images, d, d / "flash.img") as vm:
        vm.wait_shell()
        vm.sh("mount -t tmpfs -o size=64m tmpfs /tmp")
        for _ in range(3):
            written = md5(vm, "dd if=/dev/urandom of=/tmp/r bs=1M count=32 2>/dev/null && "
                              "dd if=/tmp/r of=/dev/vda bs=1M oflag=direct conv=fsync "
                              "2>/dev/null && md5sum /tmp/r")
            assert md5(vm, "dd if=/dev/vda bs=1M count=32 iflag=direct 2>/dev/null | "
                           "md5sum") == written
        rc, out = vm.sh("dmesg | grep -c 'I/O error' || true")
        assert out[-1] == "0", out
        vm.p.sendline("poweroff")
        assert vm.finish() == 0
        assert "no answer" not in vm.secure_log.read_text()


def test_flushed_pattern_survives_reboot_and_a_new_qemu(images):  # noqa: F811
    d = boot_logdir("pv-pattern")
    flash = d / "flash.img"
    with vm_with_flash(images, d, flash) as vm:
        vm.wait_shell()
        written = write_random(vm, "1M", 8)
        assert md5(vm, MIB8) == written
        vm.p.sendline("reboot")   # PSCI SYSTEM_RESET: the whole machine, secure world too
        vm.wait_shell()
        assert md5(vm, MIB8) == written
        vm.p.sendline("poweroff")
        assert vm.finish() == 0
    with vm_with_flash(images, d, flash) as vm:   # QEMU started again, same flash file
        vm.wait_shell()
        assert md5(vm, MIB8) == written
        assert "data region: blank" not in vm.secure_log.read_text()
        vm.p.sendline("poweroff")
        assert vm.finish() == 0


def readme_shell_lines():
    """The README's lines for Linux's shell: the sh blocks after its
    "normal-world shell" marker, as printed."""
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"<!-- normal-world shell:[^\n]*-->\n```sh\n(.*?)```", text, re.S)
    return [ln for b in blocks for ln in b.splitlines() if ln.strip()]


def test_vfat_file_system_round_trip(images):  # noqa: F811
    """The README's example first, exactly as printed (it makes the file
    system and mounts it), then a file written, read back after a mount."""
    d = boot_logdir("pv-vfat")
    lines = readme_shell_lines()
    assert any(ln.startswith("mkdosfs /dev/vda") for ln in lines), lines
    with vm_with_flash(images, d, d / "flash.img") as vm:
        vm.wait_shell()
        for line in lines:
            assert vm.typed(line, timeout=240) == 0, line
        assert vm.sh("seq 1 20000 > /mnt/numbers.txt && umount /mnt", timeout=240)[0] == 0
        rc, out = vm.sh("mount -t vfat /dev/vda /mnt && md5sum /mnt/numbers.txt && "
                        "seq 1 20000 | md5sum && umount /mnt", timeout=240)
        assert rc == 0 and out[-2].split()[0] == out[-1].split()[0], out
        vm.p.sendline("poweroff")
        assert vm.finish() == 0


def qemu_child(launcher_pid):
    """The QEMU process the launcher started (a descendant: timeout and the
    board's script may sit in between)."""
    procs = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text.split(" (", 1)[1].rsplit(")", 1)
        procs[int(stat.parent.name)] = (int(rest.split()[1]), name)
    family = {launcher_pid}
    for _ in range(5):
        family |= {pid for pid, (ppid, _) in procs.items() if ppid in family}
    found = [pid for pid in family if procs.get(pid, (0, ""))[1].startswith("qemu-system")]
    return found[0] if found else None


def test_data_flushed_before_sigkill_is_there_on_the_next_start(images):  # noqa: F811
    d = boot_logdir("pv-sigkill")
    flash = d / "flash.img"
    with vm_with_flash(images, d, flash) as vm:
        vm.wait_shell()
        written = write_random(vm, "64k", 16, seek=100)
        pid = qemu_child(vm.p.pid)
        assert pid, "no QEMU under the launcher"
        os.kill(pid, signal.SIGKILL)   # power cut, right after the flush was acknowledged
        vm.p.expect(pexpect.EOF, timeout=30)
    with vm_with_flash(images, d, flash) as vm:
        vm.wait_shell()
        assert md5(vm, "dd if=/dev/vda bs=64k skip=100 count=16 iflag=direct 2>/dev/null | md5sum") == written
        vm.p.sendline("poweroff")
        assert vm.finish() == 0


def test_hvc0_carries_a_shell_through_the_secure_world(logdir):
    p = subprocess.run([str(ROOT / "scripts" / "prepare-linux.sh"), str(BUILD / "linux"), "2",
                        "1024"], capture_output=True, text=True, timeout=900,
                       env={**os.environ, "TZVMM_CONSOLE": "hvc"})
    assert p.returncode == 0, p.stderr
    kernel, initrd, dtb = p.stdout.splitlines()
    assert dtb.endswith("-hvc.dtb")
    log, console = logdir / "secure.log", logdir / "ttyAMA0.log"
    vm = pexpect.spawn(str(ROOT / "scripts" / "tzvmm-run"),
                       ["--secure", str(BUILD / "secure" / "secure.bin"), "--kernel", kernel,
                        "--initrd", initrd, "--dtb", dtb, "--log", str(log), "--console",
                        str(console), "--timeout", "300", "--hvc"],
                       encoding="utf-8", codec_errors="replace", timeout=180)
    vm.logfile_read = open(logdir / "terminal.log", "a")
    try:
        vm.expect_exact("tzvmm: normal-world Linux ready")
        vm.expect_exact(PROMPT)
        vm.sendline("tty; echo $((6 * 7))")
        vm.expect(r"/dev/hvc0\s+hvc0\| 42")   # every row of the normal world's is marked
        vm.expect_exact(PROMPT)
        vm.sendline("poweroff")
        vm.expect(pexpect.EOF, timeout=60)
    finally:
        if vm.isalive():
            vm.terminate(force=True)
    vm.close()
    assert vm.exitstatus == 0
    # The shell's bytes went through the secure UART (the secure log's file
    # has them), not through Linux's ttyAMA0.
    assert "/dev/hvc0" in log.read_text(errors="replace")
    assert "/dev/hvc0" not in console.read_text(errors="replace")
    assert exit_status(log.read_text(errors="replace")) == 0


def test_root_cannot_forge_the_secure_log_through_hvc0(images):  # noqa: F811
    # The attack of issue 17 as root in Linux: a forged integrity-monitor
    # line, a clear screen and a terminal reset, and the launcher's status
    # line, on /dev/hvc0; then a reset, which under --no-reboot (the tests'
    # setting) ends QEMU with 0 and no status of the secure world's.
    d = boot_logdir("pv-forge")
    with Linux(images, d, extra=["--no-reboot"]) as vm:
        vm.wait_shell()
        rc, _ = vm.sh(r"printf '\r\n[integrity] pass 9: 3840 pages, no change\r\n\033[2J\033c'"
                      r" > /dev/hvc0 && printf 'tzvmm: power off, status 0\r\n' > /dev/hvc0")
        assert rc == 0
        vm.p.sendline("reboot -f")
        status = vm.finish()
    raw = vm.secure_log.read_bytes()
    log = raw.decode(errors="replace")
    assert "tzvmm: system reset" in log
    assert status == 3 and exit_status(log) is None, log[-2000:]
    cut = re.split(rb"[\r\n]", raw)
    assert not [p for p in cut if p.startswith((b"tzvmm: power off", b"[integrity] pass 9"))]
    assert "hvc0| [integrity] pass 9: 3840 pages, no change" in log
    assert "hvc0| ^[[2J^[ctzvmm: power off, status 0\r" in log   # shown, not acted on
    assert b"\033[2J" not in raw and b"\033c" not in raw


def test_hvc0_output_of_both_cpus_arrives_whole(images):  # noqa: F811
    # The secure log's ring holds 12 KiB of console output; a CPU about to
    # run its vCPU while another CPU drains waits for it, so a normal world
    # writing on both CPUs at once cannot outrun the UART into dropped
    # output (only a single transmit larger than the ring is cut).
    d = boot_logdir("pv-hvc-both")
    with Linux(images, d) as vm:
        vm.wait_shell()
        write = "dd if=/dev/zero bs=1k count=256 2>/dev/null | tr '\\0' {} > /dev/hvc0"
        rc, _ = vm.sh(f"(taskset 1 sh -c \"{write.format('x')}\" &); "
                      f"taskset 2 sh -c \"{write.format('y')}\"; sleep 2", timeout=120)
        assert rc == 0
        vm.p.sendline("poweroff")
        assert vm.finish() == 0
    rows = re.findall(r"^hvc0\| ([xy]+)$", vm.secure_log.read_text(errors="replace"), re.M)
    assert sum(r.count("x") for r in rows) == 256 * 1024
    assert sum(r.count("y") for r in rows) == 256 * 1024
    assert "dropped" not in vm.secure_log.read_text(errors="replace")


def test_a_hundred_vmm_faults_and_linux_comes_back_with_its_flushed_data(images):  # noqa: F811
    # The test image, where TEST_VMM_FAULT makes the VMM fault: Linux loads
    # the test-only tzvmm_smc.ko to call it, after it flushed data to
    # /dev/vda. The kernel restarts the VMM, which (run argument
    # fault_storm=100) faults again at once until it has been restarted 100
    # times, then boots Linux again; the storage component and the
    # integrity monitor run on throughout.
    imgs = images_with_modules(images, "smc", "tzvmm_smc")
    d = boot_logdir("pv-vmm-fault")
    extra = ["--flash", str(d / "flash.img"), "--args", "vmm=fault_storm=100"]
    with Linux(imgs, d, extra=extra, secure=SECURE_TEST) as vm:
        vm.wait_shell()
        written = write_random(vm, "64k", 32, seek=7)
        vm.p.sendline("insmod /lib/modules/tzvmm_smc.ko id=0x86001008")
        vm.wait_shell()   # a new boot, after the last of the 100
        assert md5(vm, "dd if=/dev/vda bs=64k skip=7 count=32 iflag=direct 2>/dev/null | md5sum") == written
        vm.secure_wait(r"restarted from its image \(restart 100\)[^\0]*\[integrity\] watching", 60)
        vm.p.sendline("poweroff")
        assert vm.finish() == 0
    log = vm.secure_log.read_text()
    assert log.count("component 'vmm' restarted from its image") == 100, log
    assert set(re.findall(r"fault: component '([a-z]+)'", log)) == {"vmm"}, log
    assert "data region: blank" not in log.split("restarted from its image")[1]
    # The integrity monitor ran on (one instance, never restarted): it saw
    # the VMM's restarts, found the new kernel, and reported no change.
    assert log.count("[integrity] period") == 1
    # (It may notice the storm at any restart of it; it then waits for the
    # boot after the last.)
    assert "[integrity] the VMM restarted (restart" in log
    last = log.index("component 'vmm' restarted from its image (restart 100)")
    assert log.rindex("[integrity] watching 15 MiB") > last
    assert "no sign of the new kernel's boot" not in log   # it saw the new boot itself
    assert "CHANGE" not in log
    assert exit_status(log) == 0
