"""The loader test suites run against both YAML paths.

The ordinary test run reads every YAML file through the fast path where it takes it (the default).
Here the same suites run again in a child pytest: with `NTM_EVAL_YAML=strict` (the strict loader
only, as before the fast path existed) and with `NTM_EVAL_YAML=verify` (the fast path, each document
it takes also read by the strict loader, and an AssertionError on any difference). The child's
temporary files and Hypothesis database live under this test's tmp_path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SUITES = [
    "tests/test_loader.py",
    "tests/test_hardening.py",  # less its signal-timing tests (d14), which read no YAML of note
    "tests/test_fuzz.py::test_oracle_demo_set_no_false_pass",
    "tests/test_fuzz.py::test_check_mutated_examples_no_traceback",
    "tests/test_fastyaml_files.py",
]


@pytest.mark.parametrize("mode", ["strict", "verify"])
def test_loader_suites_pass_on_both_paths(tmp_path, mode):
    env = dict(os.environ, NTM_EVAL_YAML=mode, HYPOTHESIS_STORAGE_DIRECTORY=str(tmp_path / "hypothesis"))
    env.pop("PYTEST_XDIST_WORKER", None)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-x",
           "--basetemp", str(tmp_path / "basetemp"), "-k", "not test_d14", *SUITES]
    res = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=1800)
    tail = (res.stdout + res.stderr)[-4000:]
    assert res.returncode == 0, tail
    assert " passed" in tail and "error" not in tail.splitlines()[-1], tail
