"""The board's QEMU: one script, plat/<board>/qemu, says how the machine is
emulated, and it needs nothing that scripts/install-deps.sh does not install.

A new Debian 12 machine once could not start QEMU at all: virt's default
network card needs efi-virtio.rom from ipxe-qemu, which qemu-system-arm only
recommends and install-deps.sh (no Recommends) never installs. These tests
hold on a machine that has the ROM as well: they check that the board asks
for no network card, and that nothing starts QEMU except through the board.
"""
import json
import re
import subprocess
from pathlib import Path

from conftest import QEMU, ROOT


def qmp(*commands, extra=()):
    """Runs the board halted (-S) with QMP on stdio; returns each command's
    "return" value, in order."""
    lines = [{"execute": "qmp_capabilities"}, *commands, {"execute": "quit"}]
    p = subprocess.run([str(QEMU), "-S", "-qmp", "stdio", "-serial", "none", *extra],
                       input="".join(json.dumps(c) + "\n" for c in lines), text=True,
                       capture_output=True, timeout=30)
    assert p.returncode == 0, p.stderr
    replies = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
    returns = [r["return"] for r in replies if "return" in r]
    assert len(returns) == len(lines), p.stdout   # greeting has no "return"
    return returns[1:-1]


def test_board_has_no_network_card():
    (network,) = qmp({"execute": "human-monitor-command",
                      "arguments": {"command-line": "info network"}})
    assert network.strip() == "", network


def test_board_pci_bus_holds_only_the_host_bridge():
    (buses,) = qmp({"execute": "query-pci"})
    devices = [d for bus in buses for d in bus["devices"]]
    classes = [d["class_info"].get("desc", d["class_info"]["class"]) for d in devices]
    assert classes == ["Host bridge"], classes


def test_a_caller_can_still_add_to_the_machine():
    """Callers merge their own -machine options into the board's (mkdtb.sh
    adds dumpdtb=, the native benchmark secure=off)."""
    get = {"execute": "qom-get", "arguments": {"path": "/machine", "property": "secure"}}
    assert qmp(get) == [True]
    assert qmp(get, extra=["-machine", "secure=off"]) == [False]


def test_board_boots_from_the_launchers_flash_file(tmp_path):
    """scripts/tzvmm-run boots from a 64 MiB file as pflash unit 0 (not
    -bios): QEMU takes it as flash 0, writable, so the storage component's
    writes reach the file."""
    flash = tmp_path / "flash.img"
    flash.write_bytes(b"\xff" * (64 << 20))
    (blocks,) = qmp({"execute": "query-block"},
                    extra=["-drive", f"if=pflash,unit=0,format=raw,file={flash}"])
    (pflash0,) = [b for b in blocks if b["device"] == "pflash0"]
    assert pflash0["inserted"]["file"] == str(flash)
    assert pflash0["inserted"]["ro"] is False
    assert pflash0["inserted"]["image"]["virtual-size"] == 64 << 20


def test_only_the_board_script_starts_qemu():
    """Every QEMU start goes through plat/<board>/qemu, so the board's options
    are written once. install-deps.sh names the package, not the command."""
    exe = "qemu-system-arm"
    me = Path(__file__).resolve().relative_to(ROOT).as_posix()
    offenders = []
    for path in sorted(ROOT.rglob("*")):   # no git on a minimal CI machine
        name = path.relative_to(ROOT).as_posix()
        if name.split("/")[0].startswith(("build", ".git")) or "__pycache__" in name:
            continue
        if (name.startswith(("plat/", "docs/")) or name.endswith((".md", "install-deps.sh"))
                or name == me):
            continue
        if not path.is_file():
            continue
        text = path.read_text(errors="replace")
        offenders += [f"{name}: {l.strip()}" for l in text.splitlines()
                      if re.search(rf"(^|[\s\"'(]){re.escape(exe)}\b", l)]
    assert offenders == []
