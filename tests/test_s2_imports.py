"""Start-up (issue 15): what a plain `check` no longer imports, and the exact ratios the engine
now takes without fractions (core/engine._ratio) equal to Fraction's, for any float."""

from __future__ import annotations

import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm_eval.core.engine import _ratio, counts_compare, units_needed

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/tam-duong/xa/son-binh-2024.yaml"
NOT_IMPORTED = ("pathlib", "urllib.parse", "ipaddress", "fractions", "decimal", "rich.console", "rich.table",
                "rich.text", "click")


def _modules(tmp_path: Path, args: list[str]) -> list[str]:
    code = ("import sys, atexit\n"
            f"sys.argv = ['ntm-eval', *{args!r}]\n"
            "atexit.register(lambda: sys.stderr.write('MODS ' + ' '.join(sorted(sys.modules)) + '\\n'))\n"
            "from ntm_eval.entry import main\nmain()\n")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "NTM_EVAL_FAST_CHECK")}
    with open(tmp_path / "stdout.txt", "wb") as fh:
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, stdout=fh, stderr=subprocess.PIPE, env=env,
                              text=True, check=False)
    assert "MODS " in proc.stderr, proc.stderr
    return proc.stderr.split("MODS ")[-1].split()


@pytest.mark.parametrize("args", [["check", EXAMPLE, "--format", "json"], ["check", EXAMPLE]])
def test_plain_check_imports_none_of(tmp_path: Path, args: list[str]):
    _modules(tmp_path, args)  # the first run after a code change compiles the set (load/criteria)
    mods = _modules(tmp_path, args)
    assert "ntm_eval.core.engine" in mods and "ntm_eval.load.catalog" in mods
    assert [m for m in NOT_IMPORTED if m in mods] == []


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**6, 10**6))
def test_ratio_is_fractions(x):
    f = Fraction(repr(float(x))) if isinstance(x, float) else Fraction(x)
    assert _ratio(x) == (f.numerator, f.denominator)


@given(st.integers(0, 500), st.integers(1, 500), st.sampled_from([">=", "<="]),
       st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 3)))
def test_counts_as_with_fractions(num, den, op, threshold):
    t = Fraction(repr(float(threshold)))
    lhs, rhs = 100 * num * t.denominator, t.numerator * den
    met = lhs >= rhs if op == ">=" else lhs <= rhs
    assert counts_compare(num, den, op, threshold) == (met, 0.0 if met else float(abs(Fraction(lhs - rhs, den * t.denominator))))
    p, q = t.numerator * den, t.denominator * 100
    assert units_needed(num, den, op, threshold) == (max(0, num - p // q) if op == "<=" else max(0, -(-p // q) - num))
