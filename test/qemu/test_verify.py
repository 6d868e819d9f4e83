"""Verified boot (docs/verified-boot.md) on QEMU, as an attacker of the
boot media would try it: one changed byte in Debian's kernel, in the
initramfs or in the device tree, a manifest signed by another key, no
manifest, an older version after a newer one booted (the rollback counter
kept in the secure flash across runs). Each stops the boot before the
normal world's first instruction, with one line saying which image and
why; the production image is the one tested (what make run boots). That a
correctly signed Debian kernel boots is test_linux.py's
test_the_kernel_booted_was_verified (every Linux test boots signed images).
"""
import hashlib
import shutil
import subprocess

import pytest

from conftest import BUILD, HELLO_GUEST, ROOT, SECURE, SECURE_ERROR, exit_status
from test_linux import images  # noqa: F401 (the module's fixture)

SIGN = ROOT / "scripts" / "tzvmm-sign"
SECURE_NOVERIFY = BUILD / "secure-noverify" / "secure-noverify.bin"


def sign(out, *what, version=0, key=None):
    cmd = [str(SIGN), "sign", "--out", str(out), "--version", str(version), *map(str, what)]
    subprocess.run(cmd + (["--key", str(key)] if key else []), check=True, timeout=30)
    return out


def linux_args(kernel, initrd, dtb):
    return ["--kernel", kernel, "--initrd", initrd, "--dtb", dtb]


def changed(src, dst, at):
    """A copy of src with one bit of the byte at offset at (negative: from
    the end) flipped."""
    data = bytearray(open(src, "rb").read())
    data[at] ^= 0x10
    dst.write_bytes(bytes(data))
    return dst


def stopped(b, line):
    """The boot ended with status 1 before the guest ran, and the secure
    world's one error line is line (the launcher repeats it)."""
    errors = [l for l in b.log.splitlines() if SECURE_ERROR.match(l)]
    assert b.rc == 1 and exit_status(b.log) == 1, b
    assert len(errors) == 1 and line in errors[0], errors
    assert line in b.console, b.console   # scripts/tzvmm-run's report
    assert "entering it" not in b.log and "linux: zImage" not in b.log, b.log


# Offsets well inside each image: the zImage's compressed payload, the
# initramfs's, and a string of the device tree's strings block (its last
# byte is a NUL; the one before it a letter of a property name).
@pytest.mark.parametrize("which,at", [("kernel", 0x100000), ("initrd", 0x40000), ("dtb", -2)])
def test_one_changed_byte_stops_the_boot(images, boot, logdir, which, at):  # noqa: F811
    kernel, initrd, dtb = images
    manifest = sign(logdir / "manifest.bin", *linux_args(kernel, initrd, dtb))
    files = dict(kernel=kernel, initrd=initrd, dtb=dtb)
    files[which] = changed(files[which], logdir / f"changed-{which}", at)
    b = boot(*linux_args(files["kernel"], files["initrd"], files["dtb"]), "--manifest", manifest,
             secure=SECURE)
    digest = hashlib.sha256(open(files[which], "rb").read()).hexdigest()[:8]
    stopped(b, f"[vmm] error: verify: opt/tzvmm/{which}: its SHA-256 ({digest}...) is not the "
               "manifest's")


def test_another_key_stops_the_boot(images, boot, logdir):  # noqa: F811
    key = logdir / "someone-else.pem"
    kid = subprocess.run([str(SIGN), "key", "--key", str(key)], capture_output=True, text=True,
                         check=True).stdout.strip()
    manifest = sign(logdir / "manifest.bin", *linux_args(*images), key=key)
    b = boot(*linux_args(*images), "--manifest", manifest, secure=SECURE)
    stopped(b, f"[vmm] error: verify: opt/tzvmm/manifest: signed by key {kid[:8]}..., which this "
               "secure image does not know")


def test_a_changed_manifest_stops_the_boot(images, boot, logdir):  # noqa: F811
    """The version raised by hand in a signed manifest: its signature no
    longer verifies."""
    manifest = sign(logdir / "manifest.bin", *linux_args(*images), version=1)
    data = bytearray(manifest.read_bytes())
    data[8] = 9
    manifest.write_bytes(bytes(data))
    b = boot(*linux_args(*images), "--manifest", manifest, secure=SECURE)
    stopped(b, "[vmm] error: verify: opt/tzvmm/manifest: its signature does not verify")


def test_no_manifest_stops_the_boot(boot):
    b = boot("--guest", HELLO_GUEST, "--no-sign", secure=SECURE)
    stopped(b, "[vmm] error: verify: no boot manifest (fw_cfg file opt/tzvmm/manifest)")


def test_a_rolled_back_version_stops_the_boot(images, boot, logdir):  # noqa: F811
    """Version 2 boots and raises the counter in the secure flash; the
    counter outlives the run; version 1 of Debian's kernel, correctly
    signed, is then refused; version 3 boots, and 2 is refused after it."""
    flash = logdir / "flash.img"
    b = boot("--guest", HELLO_GUEST, "--flash", flash, "--sign-version", 2, secure=SECURE)
    assert b.rc == 0 and "version 2 (rollback counter 2)" in b.log, b
    b = boot(*linux_args(*images), "--flash", flash, "--sign-version", 1, secure=SECURE)
    stopped(b, "[vmm] error: verify: version 1 is below 2, the lowest the rollback counter "
               "allows")
    b = boot("--guest", HELLO_GUEST, "--flash", flash, "--sign-version", 3, secure=SECURE)
    assert b.rc == 0 and "version 3 (rollback counter 3)" in b.log, b
    b = boot("--guest", HELLO_GUEST, "--flash", flash, "--sign-version", 2, secure=SECURE)
    stopped(b, "[vmm] error: verify: version 2 is below 3")
    # The same version again boots: the counter is the lowest allowed.
    b = boot("--guest", HELLO_GUEST, "--flash", flash, "--sign-version", 3, secure=SECURE)
    assert b.rc == 0 and "version 3 (rollback counter 3)" in b.log, b


def test_verify_off_boots_anything_and_says_so(boot, logdir):
    """make run VERIFY=off's image: no manifest needed, and a warning."""
    b = boot("--guest", HELLO_GUEST, "--no-sign", secure=SECURE_NOVERIFY)
    assert b.rc == 0, b
    assert "[vmm] WARNING: verified boot is OFF" in b.log, b.log
    assert "hello from a raw image" in b.console


def test_sign_refuses_what_it_cannot_sign(tmp_path):
    """One line each: no key, a file that is not a device tree."""
    def run(*args):
        p = subprocess.run([str(SIGN), *map(str, args)], capture_output=True, text=True)
        return p.returncode, p.stderr.strip()
    rc, err = run("sign", "--key", tmp_path / "none.pem", "--out", tmp_path / "m",
                  "--guest", HELLO_GUEST)
    assert rc == 1 and err == f"tzvmm-sign: no key {tmp_path / 'none.pem'} (tzvmm-sign key " \
                              f"--key {tmp_path / 'none.pem'} makes one)", err
    shutil.copy(HELLO_GUEST, tmp_path / "not.dtb")
    rc, err = run("sign", "--out", tmp_path / "m", "--kernel", HELLO_GUEST,
                  "--dtb", tmp_path / "not.dtb")
    assert rc == 1 and err == f"tzvmm-sign: {tmp_path / 'not.dtb'} is not a flattened device " \
                              "tree", err
