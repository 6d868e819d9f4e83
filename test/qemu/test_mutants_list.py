"""scripts/mutants' own parsing (no QEMU): the mutant list's grammar, the
repeat of a chance tier (tier*N), and which QEMU tests pytest's JUnit XML
shows passed, the baselines make check hands it."""
import importlib.machinery
import importlib.util
import re

import pytest

from conftest import ROOT

_loader = importlib.machinery.SourceFileLoader("mutants", str(ROOT / "scripts" / "mutants"))
_spec = importlib.util.spec_from_loader("mutants", _loader)
mutants = importlib.util.module_from_spec(_spec)
_loader.exec_module(mutants)

ENTRY = """# a comment
== {id} | {tiers}
why it matters
file kernel/x.c
- old line
+ new line
"""


def write_list(tmp_path, *entries):
    p = tmp_path / "mutants.txt"
    p.write_text("".join(ENTRY.format(id=i, tiers=t) for i, t in entries))
    return p


def test_the_project_list_parses():
    entries = mutants.parse(ROOT / "test" / "mutants" / "mutants.txt")
    assert len(entries) > 50 and all(e["tiers"] for e in entries)


def test_a_repeated_tier_runs_up_to_n_times(tmp_path):
    [e] = mutants.parse(write_list(tmp_path, ("m", "unit qemu:test_a.py::test_b*3")))
    assert e["tiers"] == ["unit", "qemu:test_a.py::test_b*3"]
    assert mutants.split_tier(e["tiers"][1]) == ("qemu:test_a.py::test_b", 3)
    assert mutants.split_tier("unit") == ("unit", 1)


@pytest.mark.parametrize("tier", ["qemu:test_a.py::test_b*0", "qemu:test_a.py::test_b*10",
                                  "unit*2", "qemu:", "qemu:a*b", "pytest:test_a.py"])
def test_a_bad_tier_is_refused_with_its_line(tmp_path, tier):
    with pytest.raises(mutants.ListError, match=re.escape(f"mutants.txt:2: unknown tier '{tier}'")):
        mutants.parse(write_list(tmp_path, ("m", tier)))


def test_an_entry_twice_or_incomplete_is_refused(tmp_path):
    with pytest.raises(mutants.ListError, match="entry 'm' twice"):
        mutants.parse(write_list(tmp_path, ("m", "unit"), ("m", "unit")))
    p = tmp_path / "short.txt"
    p.write_text("== m | unit\nwhy\nfile kernel/x.c\n- old\n")
    with pytest.raises(mutants.ListError, match="entry 'm' has no new"):
        mutants.parse(p)


def test_baselines_are_the_tests_that_passed(tmp_path):
    xml = tmp_path / "pytest.xml"
    xml.write_text("""<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest">
<testcase classname="test.qemu.test_a" name="test_ok" time="1"/>
<testcase classname="test.qemu.test_a" name="test_bad" time="1"><failure message="x"/></testcase>
<testcase classname="test.qemu.test_a" name="test_err" time="1"><error message="x"/></testcase>
<testcase classname="test.qemu.test_b" name="test_p[1]" time="1"/>
<testcase classname="test.qemu.test_b" name="test_p[2]" time="1"/>
<testcase classname="test.qemu.test_b" name="test_q[1]" time="1"/>
<testcase classname="test.qemu.test_b" name="test_q[2]" time="1"><skipped message="x"/></testcase>
</testsuite></testsuites>
""")
    assert mutants.passed_in(xml) == {
        "qemu:test_a.py::test_ok",
        "qemu:test_b.py::test_p[1]", "qemu:test_b.py::test_p[2]", "qemu:test_b.py::test_p",
        "qemu:test_b.py::test_q[1]",
    }
