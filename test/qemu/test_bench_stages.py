"""bench/smc_stages.py and its table in the report, without QEMU: a round
trip's addresses are split into the six stages by the part of the secure
world each lies in, a trip that does not take the VMM's path is refused,
and bench/report.py prints the stages and their functions."""
import importlib.util
import json

import pytest

from conftest import ROOT


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


stages_mod = load("smc_stages", ROOT / "bench" / "smc_stages.py")
report = load("bench_report", ROOT / "bench" / "report.py")

# A made-up image: address -> (function, part), as smc_stages.Where says.
PLACES = {0x10: ("mon_smc_fast", "monitor"), 0x20: ("mon_save", "monitor"),
          0x30: ("kernel_vcpu_exit", "kernel"), 0x40: ("arch_thread_enter", "kernel"),
          0x50: ("smc_dispatch", "vmm"), 0x60: ("vendor_null", "vmm"),
          0x70: ("kernel_syscall", "kernel"), 0x80: ("arch_vcpu_enter", "monitor")}


def where(pc):
    return PLACES[pc]


def test_a_round_trip_is_split_into_its_six_stages():
    trip = [0x10] * 3 + [0x20] * 5 + [0x30] * 7 + [0x40] * 2 + [0x50] * 11 + [0x60] * 4 + \
        [0x70] * 13 + [0x80] * 6
    table = stages_mod.stages(trip, where)
    assert [(s, n) for s, n, _ in table] == list(zip(stages_mod.STAGES, (3, 5, 9, 15, 13, 6)))
    assert table[2][2] == {"kernel_vcpu_exit": 7, "arch_thread_enter": 2}
    assert sum(n for _, n, _ in table) == len(trip)


@pytest.mark.parametrize("trip", [
    [0x10] * 3,                                   # the fast path: no VMM
    [0x10, 0x20, 0x30, 0x70, 0x80],               # the kernel answered
    [0x10, 0x20, 0x30, 0x50, 0x70, 0x50, 0x70, 0x80],   # the VMM twice
])
def test_a_trip_off_the_vmm_path_is_refused(trip):
    with pytest.raises(SystemExit):
        stages_mod.stages(trip, where)


def test_the_report_prints_each_stage_and_its_functions(tmp_path):
    assert report.stages_part(tmp_path) == []   # no stages measured: no table
    table = [[s, n, {f"fn{i}": n}] for i, (s, n) in enumerate(zip(stages_mod.STAGES,
                                                                   (10, 34, 79, 70, 116, 33)))]
    (tmp_path / "smc-stages.json").write_text(json.dumps({"insns": 342, "trips": 9,
                                                          "stages": table}))
    lines = report.stages_part(tmp_path)
    assert "| kernel: SYS_WAIT's fast path to the vCPU | 116 | `fn4` 116 |" in lines
    assert lines[-1] == "| the round trip | 342 | |"
