"""scripts/mkbootlist.py: component declarations become the boot list.

Runs the generator on declarations written for each case (no QEMU): names
resolve to positions and capability slots at build time, and every mistake
stops the build with one line naming the file and line.
"""
import os
import subprocess
import sys

import pytest

from conftest import ROOT

GEN = ROOT / "scripts" / "mkbootlist.py"

VMM = """name vmm
threads per-cpu
priority 10
vcpus exit-signal VMM_SIG_EXIT
rights power kinfo
devices boot-files
memory ns-ram
essential yes
"""
PROBE = """name probe
threads 1
priority 20
restart yes
fault-notify vmm.0 VMM_SIG_FAULT
"""


def generate(tmp_path, decls, *names, test=False, extra=None, board="qemu_virt"):
    """Writes components/<name>/component.conf for each of decls, runs the
    generator for `names`; returns (exit status, stderr, output dir)."""
    for name, text in decls.items():
        (tmp_path / "components" / name).mkdir(parents=True, exist_ok=True)
        (tmp_path / "components" / name / "component.conf").write_text(text)
    for name, text in (extra or {}).items():
        (tmp_path / "components" / name / "testhooks").mkdir(parents=True, exist_ok=True)
        (tmp_path / "components" / name / "testhooks" / "component.conf").write_text(text)
    out = tmp_path / "gen"
    p = subprocess.run([sys.executable, str(GEN), str(out), "bin/{name}.bin",
                        *(["--test"] if test else []), *names],
                       cwd=tmp_path, capture_output=True, text=True, timeout=30,
                       env={**os.environ, "TZVMM_PLAT": board})
    return p.returncode, p.stderr.strip(), out


def test_names_resolve_to_positions_and_slots(tmp_path):
    rc, err, out = generate(tmp_path, {"vmm": VMM, "probe": PROBE}, "vmm", "probe", test=True,
                            extra={"vmm": "cap probe signal probe.0 PROBE_SIG_ALL\n"})
    assert rc == 0, err
    boot = (out / "boot_list.c").read_text()
    assert ".signals = { { .component = 1, .thread = 0, .bits = PROBE_SIG_ALL } }" in boot
    assert ".fault_notify = { .component = 0, .thread = 0, .bits = VMM_SIG_FAULT }" in boot
    assert ".flags = COMP_PER_CPU | COMP_VCPUS | COMP_BOOT_FILES | COMP_NS_RAM | COMP_ESSENTIAL" in boot
    # vCPU slots first (8), then the named capabilities.
    assert "#define CAP_PROBE 8u" in (out / "vmm" / "component_caps.h").read_text()
    assert '.incbin "bin/probe.bin"' in (out / "components.S").read_text()


def test_order_in_the_list_decides_positions_not_the_names(tmp_path):
    rc, err, out = generate(tmp_path, {"vmm": VMM, "probe": PROBE}, "probe", "vmm", test=True,
                            extra={"vmm": "cap probe signal probe.0 PROBE_SIG_ALL\n"})
    assert rc == 0, err
    boot = (out / "boot_list.c").read_text()
    assert ".signals = { { .component = 0, .thread = 0," in boot
    assert ".fault_notify = { .component = 1, .thread = 0," in boot


def test_the_production_list_has_no_test_capability(tmp_path):
    rc, err, out = generate(tmp_path, {"vmm": VMM}, "vmm",
                            extra={"vmm": "cap probe signal probe.0 PROBE_SIG_ALL\n"})
    assert rc == 0, err
    assert "CAP_PROBE" not in (out / "vmm" / "component_caps.h").read_text()


@pytest.mark.parametrize("decl, line, message", [
    ("fault-notify nobody.0 1", 2, "no component 'nobody' in this image (vmm, p)"),
    ("fault-notify vmm.x 1", 2, "'vmm.x' is not COMPONENT.THREAD"),
    ("cap c signal p.1 1", 2, "component 'p' has no thread 1"),
    ("cap c signal vmm.1 1", 2,
     "component 'vmm' runs a thread per CPU; only thread 0 exists on every machine"),
    ("colour blue", 2, "unknown key 'colour'"),
    ("devices uart", 2, "devices: 'uart' is not one of boot-files, storage"),
    ("interrupts 33", 2, "interrupts: 'none', or one 'interrupt NAME signal BITS' line per "
     "interrupt"),
    ("interrupt 40 signal 1", 2, "interrupt must be 'NAME signal BITS', NAME one the board "
     "gives (secure-uart, spare-sgi, ...)"),
    ("interrupt uart-of-mars signal 1", 2, "interrupt uart-of-mars: board qemu_virt has no "
     "PLAT_IRQ_UART_OF_MARS (plat/qemu_virt/include/plat/memmap.h)"),
    ("shared-memory 4096", 2, "shared-memory must be 'none' or 'NAME KIB' (a multiple of 4 KiB)"),
    ("shared-memory buf 6", 2, "shared-memory must be 'none' or 'NAME KIB' (a multiple of 4 KiB)"),
    ("shared-memory buf 4\nshared-memory buf 8", 3, "shared memory 'buf' declared twice"),
    ("shared-memory lonely 4", 2,
     "shared memory 'lonely' is shared with no other component in this image"),
    ("cap c signal vmm.cpux 1", 2, "'vmm.cpux' is not COMPONENT.THREAD"),
    ("cap c signal p.cpu 1", 2, "'p.cpu': component 'p' has no thread per CPU"),
    ("priority 0", 2, "priority must be 1 to 255, not '0'"),
    ("threads many", 2, "threads must be 'per-cpu' or a count, not 'many'"),
    ("vcpus watch", 2, "vcpus must be 'exit-signal BITS' or 'observe'"),
    ("vcpus observe\nvcpus exit-signal 1", 3,
     "vcpus: either 'exit-signal BITS' or 'observe', not both"),
])
def test_a_mistake_stops_the_build_with_one_line(tmp_path, decl, line, message):
    conf = f"name p\n{decl}\nthreads 1\npriority 5\n"
    rc, err, _ = generate(tmp_path, {"vmm": VMM, "p": conf}, "vmm", "p")
    assert rc != 0
    assert err == f"mkbootlist: components/p/component.conf:{line}: {message}", err


def test_an_observer_gets_the_vcpu_slots_without_serving_them(tmp_path):
    conf = ("name watcher\nthreads 1\npriority 5\nvcpus observe\nrights vcpu-regs\n"
            "cap poke signal vmm.0 1\n")
    rc, err, out = generate(tmp_path, {"vmm": VMM, "watcher": conf}, "vmm", "watcher")
    assert rc == 0, err
    boot = (out / "boot_list.c").read_text()
    assert ".flags = COMP_VCPU_OBSERVE," in boot
    assert boot.count("COMP_VCPUS") == 1   # the VMM's only
    # Named capabilities after the 8 vCPU slots, as in the VMM.
    assert "#define CAP_POKE 8u" in (out / "watcher" / "component_caps.h").read_text()


def test_shared_memory_and_this_cpu_signals_are_generated(tmp_path):
    vmm = VMM + "shared-memory blk 64\nshared-memory con 8\ncap store signal st.cpu 2\n"
    st = ("name st\nthreads per-cpu\npriority 12\nshared-memory blk 64\n"
          "cap back signal vmm.cpu 1\n")
    rc, err, out = generate(tmp_path, {"vmm": vmm, "st": st,
                                       "c": "name c\nthreads 1\npriority 3\nshared-memory con 8\n"},
                            "vmm", "st", "c")
    assert rc == 0, err
    boot = (out / "boot_list.c").read_text()
    assert ".signals = { { .component = 1, .thread = 65535, .bits = 2 } }" in boot
    assert ".shm = { { .region = 0, .va = 0xf1000000 }, { .region = 1, .va = 0xf1011000 } }" in boot
    assert ".shm = { { .region = 1, .va = 0xf1000000 } }" in boot   # c: its own layout
    assert '{ .name = "blk", .size = 65536 }' in boot and "plat_shm_regions_len = 2" in boot
    caps = (out / "vmm" / "component_caps.h").read_text()
    assert "#define SHM_CON_VA 0xf1011000u" in caps and "#define SHM_BLK_SIZE 65536u" in caps
    # One region, one size.
    rc, err, _ = generate(tmp_path, {"c": "name c\nthreads 1\npriority 3\nshared-memory con 4\n"},
                          "vmm", "st", "c")
    assert rc != 0 and err == ("mkbootlist: components/c/component.conf:4: shared memory 'con' "
                               "is 4 KiB here but 8 KiB in vmm"), err


def test_an_interrupt_grant_is_generated(tmp_path):
    conf = "name p\nthreads 1\npriority 5\ninterrupt spare-sgi signal PROBE_SIG_IRQ\n"
    rc, err, out = generate(tmp_path, {"p": conf}, "p")
    assert rc == 0, err
    assert ".irqs = { { .intid = 11, .bits = PROBE_SIG_IRQ } }" in (out / "boot_list.c").read_text()
    assert "#define COMPONENT_IRQ_0 11u" in (out / "p" / "component_caps.h").read_text()


def test_an_interrupt_is_the_boards(tmp_path):
    """A named interrupt is the INTID of the board being built."""
    conf = "name p\nthreads 1\npriority 5\ninterrupt secure-uart signal 1\n"
    for board, intid in (("qemu_virt", 40), ("mcimx6ul_evk", 59)):
        rc, err, out = generate(tmp_path, {"p": conf}, "p", board=board)
        assert rc == 0, err
        assert f".irqs = {{ {{ .intid = {intid}, .bits = 1 }} }}" in \
            (out / "boot_list.c").read_text()


def test_a_missing_declaration_is_named(tmp_path):
    rc, err, _ = generate(tmp_path, {"vmm": VMM}, "vmm", "storage")
    assert rc != 0
    assert err == ("mkbootlist: components/storage/component.conf: no such file "
                   "(a component is a folder with a component.conf)"), err


def limit(name):
    """A limit as include/tzvmm/limits.h gives it to C."""
    import re
    text = (ROOT / "include" / "tzvmm" / "limits.h").read_text()
    return int(re.search(rf"^#define {name}\s+(\d+)u", text, re.M).group(1))


def test_more_components_than_the_kernel_holds_stop_the_build(tmp_path):
    n = limit("TZVMM_MAX_COMPONENTS")
    decls = {f"c{i}": f"name c{i}\nthreads 1\npriority 20\n" for i in range(n + 1)}
    rc, err, _ = generate(tmp_path, decls, *decls)
    assert rc != 0 and err == (f"mkbootlist: {n + 1} components, but an image holds at most {n} "
                               "(TZVMM_MAX_COMPONENTS, include/tzvmm/limits.h)"), err
    rc, err, out = generate(tmp_path, decls, *list(decls)[:n])
    assert rc == 0, err
    assert "<= TZVMM_MAX_COMPONENTS" in (out / "boot_list.c").read_text()


def test_more_threads_than_the_kernel_holds_stop_the_build(tmp_path):
    cpus, most = limit("TZVMM_MAX_CPUS"), limit("TZVMM_MAX_THREADS")
    per_cpu = most // cpus
    decls = {f"p{i}": f"name p{i}\nthreads per-cpu\npriority 20\n" for i in range(per_cpu)}
    decls["one"] = "name one\nthreads 1\npriority 20\n"
    rc, err, _ = generate(tmp_path, decls, *decls)
    assert rc != 0 and f"{per_cpu * cpus + 1} threads on {cpus} CPUs" in err, err
    assert "TZVMM_MAX_THREADS" in err
    rc, err, out = generate(tmp_path, decls, *list(decls)[:-1])
    assert rc == 0, err
    assert " + ".join(["TZVMM_MAX_CPUS"] * per_cpu) + " <= TZVMM_MAX_THREADS" in \
        (out / "boot_list.c").read_text()
