"""Docs that cannot fall behind the code (scripts/check-docs) and worked
examples that work as printed (scripts/doc-trial): the checks pass on the
tree's docs, and each catches the drift it is there for."""
import re
import shutil
import subprocess

from conftest import BUILD, ROOT
from test_linux import images  # noqa: F401  (Debian's kernel and modules fetched and built once)

CHECK = ROOT / "scripts" / "check-docs"
TRIAL = ROOT / "scripts" / "doc-trial"
SMC_DOC = ROOT / "docs" / "adding-an-smc-call.md"
COMPONENT_DOC = ROOT / "docs" / "adding-a-component.md"
EXTENDING_DOC = ROOT / "docs" / "extending.md"


def run(*cmd, timeout=900):
    r = subprocess.run([str(c) for c in cmd], cwd=ROOT, capture_output=True, text=True,
                       timeout=timeout)
    return r.returncode, r.stdout + r.stderr


def test_the_docs_name_only_what_exists():
    rc, out = run(CHECK)
    assert rc == 0 and re.search(r"^docs: \d+ files, 0 findings$", out, re.M), out


def test_check_docs_catches_each_kind_of_drift(tmp_path):
    # The made-up names are built here, so that this file does not hold
    # them (check-docs reads every test as code).
    gone_fn, gone_const = "dange" + "rous", "TZVMM_SMC_" + "NEVER"
    doc = tmp_path / "drift.md"
    doc.write_text(f"""# Drift

A file that went away: `components/vmm/gone.c`, and [a link](docs/gone.md).
A function that never was: `{gone_fn}()`; a constant: `{gone_const}`.
A figure from an old run: `smc_fast_insns` 190. Facts users do not have: `../shared/facts.md`.

<!-- quote: components/vmm/smc.h -->
```c
typedef struct smc_result (*smc_handler)(struct vmm_cpu *cpu);
```

```c
int unmarked(void);
```

Names that do exist pass: `smc_ret4(r0, r1, r2, r3)`, `components/vmm/smc.c`, `struct vmm_cpu`.
""")
    rc, out = run(CHECK, doc)
    assert rc == 1, out
    for finding in ("'components/vmm/gone.c' does not exist", "'docs/gone.md' does not exist",
                    f"'{gone_fn}' is not in the code", f"'{gone_const}' is not in the code",
                    "smc_fast_insns is 190 here", "is not in components/vmm/smc.h",
                    "has no <!-- quote: PATH --> or <!-- trial: ... --> marker",
                    "'../shared/facts.md' is outside the repository"):
        assert finding in out, (finding, out)
    assert "docs: 1 files, 8 findings" in out, out


def test_the_smc_call_example_works_as_printed():
    """docs/adding-an-smc-call.md's worked example, applied to a copy of the
    tree: the unit tests pass and the test guest's new case passes in the
    normal world."""
    rc, out = run(TRIAL, "--build", BUILD, SMC_DOC)
    assert rc == 0 and "trial smc-sum: ok" in out, out


def test_the_component_example_works_as_printed():
    """docs/adding-a-component.md's hello, a folder and the Makefile's two
    lines in a copy of the tree: both images boot with it, and it logs a
    line each second in each."""
    rc, out = run(TRIAL, "--build", BUILD, COMPONENT_DOC)
    assert rc == 0 and "trial hello: ok" in out, out


def test_the_virtio_class_example_works_as_printed(images):  # noqa: F811
    """docs/extending.md's virtio-rng stub, a class file and a line of the
    device list: the production image serves it and Debian's Linux finds a
    virtio device of id 4 beside the disk. (images: the kernel and modules
    are in the cache before the trial's own prepare-linux.sh asks.)"""
    rc, out = run(TRIAL, "--build", BUILD, EXTENDING_DOC)
    assert rc == 0 and "trial virtio-rng: ok" in out, out


def test_a_wrong_worked_example_fails_its_trial(tmp_path):
    """The same trial with the handler's sum off by one per byte: the trial
    must fail, and on the unit tests it runs (the copy builds)."""
    text = SMC_DOC.read_text()
    wrong = text.replace("\t\tsum += buf[i];", "\t\tsum += buf[i] + 1u;")
    assert wrong != text
    doc = tmp_path / "adding-an-smc-call.md"
    doc.write_text(wrong)
    rc, out = run(TRIAL, "--build", BUILD, doc)
    assert rc == 1 and "doc-trial: 0 passed, 1 failed" in out, out
    assert "trial smc-sum: FAILED: 'make -s unit" in out, out
    shutil.rmtree(tmp_path, ignore_errors=True)
