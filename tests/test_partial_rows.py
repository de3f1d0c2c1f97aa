"""Rows of an HTML batch past PARTIAL_FROM keep only the figures their short tooltips read
(issue 15: a 10,000-unit page from rows about half the size). The page must be the one the whole
figures give, and a row kept so in the result cache must never serve an earlier place in a later
run, where the page shows every figure (files removed before it: it moves up).

The limits are lowered (PARTIAL_FROM 4, the drill-down 2) so that a few files cross them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import ntm_eval.results.batch as records
import ntm_eval.run.batch as rb
from ntm_eval.cli import main_group
from ntm_eval.render.batch import drill

UNIT = """unit: {{name: Xã Thử {n}, level: xa, district: Huyện A, province: Tỉnh B, region: btb}}
year: 2024
criteria_set: demo/xa-ntm-minh-hoa
values:
  "1": đạt
  "2.1": {{numerator: {a}, denominator: 46}}
  "2.2": {{numerator: 11, denominator: 12}}
  "3.1": {{numerator: 1150, denominator: 1178}}
  "3.2": {b}
  "4.1": {{numerator: 7, denominator: 12}}
  "4.2": 3
  "4.3": true
  "5": {c}
  "6": {{numerator: 152, denominator: 1178}}
  "7.1.a": true
  "7.1.b": {b}
"""


def _lower(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "PARTIAL_FROM", 4)
    monkeypatch.setattr(rb, "PARTIAL_FROM", 4)
    monkeypatch.setattr(drill, "FULL_TIPS_MAX_UNITS", 4)
    monkeypatch.setattr(drill, "DRILL_MAX_UNITS", 2)


def _units(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        (folder / f"x{k:02d}.yaml").write_text(UNIT.format(n=k, a=20 + 3 * k, b=40 + 5 * k, c=30 + k),
                                               encoding="utf-8")


def _page(tmp_path: Path, folder: Path, *flags: str) -> str:
    out = tmp_path / "out.html"
    res = CliRunner().invoke(main_group, ["batch", str(folder), "--format", "html", "--output", str(out),
                                          "--jobs", "1", *flags], catch_exceptions=False)
    assert res.exit_code in (0, 1), res.output
    return out.read_text(encoding="utf-8")


def test_partial_rows_past_the_limit(monkeypatch: pytest.MonkeyPatch):
    """Past the limit a row keeps fewer figures (only those of what is not met), and is marked."""
    _lower(monkeypatch)
    folder = Path(__file__).resolve().parents[1] / "examples" / "tam-duong" / "xa"
    with rb.run_batch(str(folder), jobs=1, detail=True) as report:
        rows = list(report.rows)
    assert len(rows) > 6
    for row in rows:
        if row.status is not None:  # evaluated (a met unit past the limit may keep no figure at all)
            assert row.partial == (row.index >= 4)
        if row.partial:
            assert all(p[2] != "pass" or (len(p) > 14 and p[14] is not None) for p in row.indicators)
    with rb.run_batch(str(folder), jobs=1, detail=False) as report:
        assert not any(r.partial or r.indicators for r in report.rows)  # no figures at all


def test_cached_partial_rows_moved_up_are_evaluated_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _lower(monkeypatch)
    folder = tmp_path / "units"
    _units(folder, 9)
    first = _page(tmp_path, folder)
    assert first == _page(tmp_path, folder, "--no-cache")
    assert first == _page(tmp_path, folder)  # warm: the same page
    for k in range(4):  # x04… move up to places 0…4: the drill-down and whole tooltips are theirs now
        (folder / f"x{k:02d}.yaml").unlink()
    moved = _page(tmp_path, folder)
    fresh = _page(tmp_path, folder, "--no-cache")
    assert moved == fresh
    assert 'href="#u-1"' in fresh and "Xã Thử 5" in fresh
