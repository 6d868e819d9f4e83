"""bench/report.py: the verdicts on make bench's goals are computed, and right.

No QEMU: figures are fed in as make bench would write them. The cases are
the audit's (zeros written to the disk looked 2.9 x faster than the flash,
random data is 0.79 x), the boundaries of each operator, goals that must
not parse, and the README block that --readme rewrites.
"""
import importlib.util
import subprocess
import sys

import pytest

from conftest import ROOT

SCRIPT = ROOT / "bench" / "report.py"
spec = importlib.util.spec_from_file_location("bench_report", SCRIPT)
report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report)


def judge(goal, value, **values):
    return report.judge(goal, value, values)


def test_every_goal_of_the_table_parses():
    for name, (goal, _, _) in report.FIGURES.items():
        if goal is not None:
            report.parse_goal(goal)   # raises on a typo


def test_a_write_slower_than_the_flash_is_not_met():
    # The same host: random data 18.3 MB/s, the flash 23.3 MB/s.
    met, text = judge(">= 0.8 x flash_program_MBps", 18.3, flash_program_MBps=23.3)
    assert met is False and text == "not met: 0.79 x flash_program_MBps"
    # Zeros, which the flash never programs, would have passed.
    met, text = judge(">= 0.8 x flash_program_MBps", 65.8, flash_program_MBps=23.3)
    assert met is True and text == "met: 2.82 x flash_program_MBps"


def test_ratio_goals_at_their_boundary():
    assert judge(">= 0.9 x t", 90.0, t=100.0)[0] is True
    assert judge(">= 0.9 x t", 89.9, t=100.0)[0] is False
    assert judge("> 0.9 x t", 90.0, t=100.0)[0] is False
    assert judge("<= 2 x t", 200.0, t=100.0)[0] is True
    assert judge("<= 2 x t", 200.1, t=100.0)[0] is False


def test_absolute_goals():
    assert judge("<= 150", 150) == (True, "met")
    assert judge("<= 150", 151) == (False, "not met")
    assert judge("< 15", 15.0)[0] is False
    assert judge("< 15", 14.99)[0] is True
    assert judge("<= 2", 1.53)[0] is True


def test_about_goals_allow_their_tolerance_either_way():
    assert judge("~ 350 +- 10%", 357) == (True, "met: +2.0 %")
    assert judge("~ 350 +- 10%", 385)[0] is True
    assert judge("~ 350 +- 10%", 386)[0] is False
    assert judge("~ 350 +- 10%", 315)[0] is True
    assert judge("~ 350 +- 10%", 314) == (False, "not met: -10.3 %")
    assert judge("~ 1 +- 10%", 1.161) == (False, "not met: +16.1 %")


def test_goals_relative_to_another_figure_with_an_offset():
    assert judge("== smc_vmm_insns + 3", 360, smc_vmm_insns=357) == \
        (True, "met: smc_vmm_insns +3")
    assert judge("== smc_vmm_insns + 3", 361, smc_vmm_insns=357)[0] is False
    assert judge("<= a - 2", 8, a=10)[0] is True
    assert judge("<= a - 2", 9, a=10)[0] is False


def test_no_goal_and_a_missing_figure_are_not_judged():
    assert judge(None, 5) == (None, "-")
    assert judge(">= 0.8 x secure_copy_MBps", 100.0) == \
        (None, "not judged: no secure_copy_MBps")


@pytest.mark.parametrize("goal", [
    "350", "=> 350", ">= ", "~ 350", ">= 350 +- 10%", ">= 0.8 x", ">= x flash",
    ">= 0.8 * flash", ">= flash +", ">= 1e3", "about 350", ">= 0.8 x flash extra"])
def test_a_goal_that_does_not_parse_is_refused(goal):
    with pytest.raises(ValueError):
        report.parse_goal(goal)


def fig(**values):
    return {k: (float(v), str(v), "u") for k, v in values.items()}


def test_the_table_counts_verdicts_and_refuses_an_unknown_figure():
    rows, met, missed = report.table(fig(pvblk_write_MBps=18.3, flash_program_MBps=23.3,
                                         hvc_out_KBps=130, ttyAMA0_out_KBps=100,
                                         smc_floor_insns=15))
    assert (met, missed) == (1, 1)
    assert any(r.startswith("| `pvblk_write_MBps` | 18.3 u |") and
               "| not met: 0.79 x flash_program_MBps |" in r for r in rows)
    assert any(r.startswith("| `hvc_out_KBps` |") and "| met: 1.30 x ttyAMA0_out_KBps |" in r
               for r in rows)
    with pytest.raises(KeyError):
        report.table(fig(a_figure_nobody_described=1))


def test_a_figure_with_samples_shows_their_range():
    rows, _, _ = report.table(fig(hvc_out_KBps=270.3, ttyAMA0_out_KBps=349.5),
                              {"hvc_out_KBps": [60.1, 270.3, 480.2]})
    assert any(r.startswith("| `hvc_out_KBps` | 270.3 u (runs: 60.1-480.2) |") for r in rows)
    assert any(r.startswith("| `ttyAMA0_out_KBps` | 349.5 u |") for r in rows)


def write_run(d, **values):
    d.mkdir()
    (d / "figures.txt").write_text("".join(f"{k} {v} u\n" for k, v in values.items()))
    (d / "load").write_text("1.50 0.75\n")
    return d


def test_readme_block_is_rewritten_and_nothing_else(tmp_path):
    run = write_run(tmp_path / "bench", pvblk_write_MBps=18.3, flash_program_MBps=23.3)
    readme = tmp_path / "README.md"
    before, after = "# x\n\nprose 2.9 x\n\n", "\n\nmore prose\n"
    readme.write_text(before + report.BLOCK[0] + "\nold table, met: 2.9 x\n" +
                      report.BLOCK[1] + after)
    cmd = [sys.executable, str(SCRIPT), "--readme", str(run), "--readme-file", str(readme)]
    subprocess.run(cmd, check=True, capture_output=True)
    text = readme.read_text()
    assert text.startswith(before + report.BLOCK[0]) and text.endswith(report.BLOCK[1] + after)
    assert "old table" not in text
    assert "Goals: 0 met, 1 not met." in text
    assert "not met: 0.79 x flash_program_MBps" in text
    assert "load average (1 min) was 1.50 at the start and 0.75 at the end" in text
    subprocess.run(cmd, check=True, capture_output=True)
    assert readme.read_text() == text   # the same run writes the same block


def test_readme_without_the_markers_is_left_alone(tmp_path):
    run = write_run(tmp_path / "bench", flash_program_MBps=23.3)
    readme = tmp_path / "README.md"
    readme.write_text("# no block here\n")
    p = subprocess.run([sys.executable, str(SCRIPT), "--readme", str(run), "--readme-file",
                        str(readme)], capture_output=True, text=True)
    assert p.returncode != 0 and "has no block" in p.stderr
    assert readme.read_text() == "# no block here\n"
