"""The secure flash file and the storage component on QEMU.

scripts/tzvmm-run boots from a 64 MiB flash file (-drive if=pflash,unit=0):
the secure image in its first 4 MiB, the storage component's data region
after it (docs/storage.md). These boots use one CPU, so that the storage
thread (priority 12, above the VMM) formats or mounts, and runs its test
hook, before the VMM has even started the guest: the short hello guest is
enough. The request path under a real guest is the test guest's virtio-blk
cases (test_foundation.py).
"""
import hashlib
import os
import re
import subprocess

from conftest import HELLO_GUEST, ROOT, RUN, SECURE, SECURE_TEST, exit_status

FLASH = 64 << 20
FIRMWARE = 4 << 20


def storage_lines(log):
    return [l for l in log.splitlines() if l.startswith("[storage] ")]


def one_cpu(boot, flash, *args, secure=SECURE_TEST):
    b = boot("--guest", HELLO_GUEST, "--smp", 1, "--flash", flash, *args, secure=secure)
    assert b.rc == 0 and exit_status(b.log) == 0, b
    return b


def test_the_layout_sizes_agree():
    """The header the image and the component use, and the launcher's."""
    header = (ROOT / "include" / "tzvmm" / "flash_layout.h").read_text()
    shell = (ROOT / "scripts" / "lib" / "flash.sh").read_text()
    value = lambda name: int(re.search(rf"#define {name}\s+(0x[0-9a-f]+)", header).group(1), 16)
    shift = lambda name: eval(re.search(rf"^{name}=\$\(\((.*)\)\)$", shell, re.M).group(1))
    assert value("FLASH_SIZE") == shift("FLASH_BYTES") == FLASH
    assert value("FLASH_FIRMWARE_SIZE") == shift("FLASH_FIRMWARE_BYTES") == FIRMWARE


def test_a_new_flash_file_is_formatted_and_found_again(boot, logdir):
    flash = logdir / "flash.img"
    first = one_cpu(boot, flash, "--args", "storage=selftest")
    assert storage_lines(first.log)[:3] == [
        "[storage] flash: 65536 KiB in 256 blocks of 256 KiB, 2 device(s) side by side, "
        "4096-byte write buffer",
        "[storage] data region: blank, formatted: 233 blocks of 256 KiB (119296 sectors) "
        "at 0x00400000",
        "[storage] selftest: no earlier generation (a new data region)"], first.log
    assert ("[storage] selftest: generation 1: 600 sectors across blocks 10-12 in 42 requests, "
            "flushed, read back after a remount: OK") in first.log, first.log
    assert flash.stat().st_size == FLASH
    image = SECURE_TEST.read_bytes()
    with flash.open("rb") as f:
        firmware = f.read(FIRMWARE)
    assert firmware == image + b"\xff" * (FIRMWARE - len(image))

    # The production image on the same file: the firmware region is
    # refreshed, the data region kept.
    second = one_cpu(boot, flash, secure=SECURE)
    assert ("[storage] data region: superblock found at 0x00400000: 233 blocks of 256 KiB "
            "(119296 sectors); journal at record 1") in second.log, second.log
    with flash.open("rb") as f:
        firmware = f.read(FIRMWARE)
    assert firmware == SECURE.read_bytes() + b"\xff" * (FIRMWARE - SECURE.stat().st_size)

    third = one_cpu(boot, flash, "--args", "storage=selftest")
    assert "selftest: generation 1 from an earlier boot reads back (600 sectors)" in third.log
    assert "selftest: generation 2: 600 sectors across blocks 10-12" in third.log, third.log
    assert not [l for l in storage_lines(third.log) if "error" in l], third.log


def test_the_production_image_has_no_storage_test_hooks(boot, logdir):
    b = one_cpu(boot, logdir / "flash.img", "--args", "storage=selftest", secure=SECURE)
    assert ('[storage] error: run arguments "selftest" not understood (this image takes none)'
            in b.log), b.log
    assert "selftest:" not in b.log


def test_data_that_is_not_ours_is_left_alone(boot, logdir):
    """A flash file whose data region holds something else (here zeros,
    as QEMU's -bios would leave it): refused in one line, not formatted."""
    flash = logdir / "flash.img"
    flash.write_bytes(bytes(FLASH))
    b = one_cpu(boot, flash)
    errors = [l for l in storage_lines(b.log) if "error" in l]
    assert errors == [
        "[storage] error: flash data region: no tzvmm superblock at 0x00400000 (first word "
        "0x00000000) and not blank: 0x00000000 at 0x00400040; not formatting over it"], b.log
    with flash.open("rb") as f:
        f.seek(FIRMWARE)
        assert f.read() == bytes(FLASH - FIRMWARE)


def test_without_a_flash_file_a_temporary_one_is_used_and_removed(tmp_path, logdir):
    """In $TMPDIR (64 MiB: it may need a roomier place than /tmp)."""
    log = logdir / "secure.log"
    p = subprocess.run([str(RUN), "--secure", str(SECURE), "--guest", str(HELLO_GUEST),
                        "--smp", "1", "--console", str(logdir / "console.log"), "--log", str(log),
                        "--timeout", "60", "--no-reboot"], env={**os.environ, "TMPDIR": str(tmp_path)},
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=90)
    assert p.returncode == 0, p.stderr
    assert "[storage] data region: blank, formatted" in log.read_text(), log.read_text()
    assert list(tmp_path.iterdir()) == []


def test_the_bench_hook_measures_programming(boot, logdir):
    b = one_cpu(boot, logdir / "flash.img", "--args", "storage=bench")
    m = re.search(r"\[storage\] flash program (\d+\.\d) MB/s \(buffered: 16 blocks of 256 KiB "
                  r"in \d+ ms\); word program \d+\.\d\d MB/s; erase \d+ us a block", b.log)
    assert m and float(m.group(1)) > 0, b.log


def refusal(*args):
    p = subprocess.run([str(RUN), "--guest", str(HELLO_GUEST), *map(str, args)],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stderr.strip()


def test_bad_flash_files_are_refused_in_one_line(tmp_path):
    small = tmp_path / "small.img"
    small.write_bytes(b"\xff" * 1000)
    digest = hashlib.sha256(small.read_bytes()).hexdigest()
    assert refusal("--secure", SECURE, "--flash", small) == (
        2, f"tzvmm-run: flash file '{small}' is 1000 bytes, not 67108864 (64 MiB): not a "
        "tzvmm flash file (give a new name to create one)")
    assert hashlib.sha256(small.read_bytes()).hexdigest() == digest   # untouched
    assert refusal("--secure", SECURE, "--flash", tmp_path) == (
        2, f"tzvmm-run: flash file '{tmp_path}' is a directory, not a file")
    big = tmp_path / "big.bin"
    big.write_bytes(SECURE.read_bytes() + bytes(FIRMWARE))
    flash = tmp_path / "flash.img"
    assert refusal("--secure", big, "--flash", flash) == (
        2, f"tzvmm-run: secure image '{big}' is {big.stat().st_size} bytes, more than the "
        "flash's firmware region (4194304 bytes, 4 MiB)")
    assert not flash.exists()
