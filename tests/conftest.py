"""Shared fixtures for the single-commune evaluation tests (issue 3).

Everything here writes *small, fictional* criteria sets and unit data files into `tmp_path`;
no test depends on the national criteria files under `criteria/` (still being written).

The main test set, `t/xa-ntm` (see `XA_NTM`), has one indicator of each kind:

=========  ===========  =====================================================  ==========
criterion  indicator    threshold                                              type
=========  ===========  =====================================================  ==========
"1"        "1.1"        >= by_region {r1: 80, r2: 90} (counts of thôn)          percent
"1"        "1.10"       >= 5                                                   number
"2"        "2"          = true                                                 yes_no
"3"        "3"          <= 4                                                   percent
"4"        "4"          all_of parts "4.a" (>= 50), "4.b" (yes/no)              all_of
"5"        "5.1"        >= 60, optional ("nếu có")                             percent
"6"        "6.3"        >= 70                                                  number
"17"       "17.1"       >= 95                                                  percent
=========  ===========  =====================================================  ==========

`PASSING` is a value set that passes every indicator of `t/xa-ntm` (unit in region r1).
"""

from __future__ import annotations

import os
import textwrap

# the whole suite reads YAML through the fast path where it takes a document (a batch switches it
# on, a single `check` does not); tests/test_fastyaml_suites.py runs the loader suites strict too
os.environ.setdefault("NTM_EVAL_YAML", "fast")
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

# --- criteria sets --------------------------------------------------------------------------

XA_NTM = """\
schema_version: 1
id: t/xa-ntm
title: Bộ tiêu chí thử nghiệm xã nông thôn mới
title_en: Test criteria for new-rural communes
level: xa
tier: ntm
status: demo
indicator_count: 8
confidence: demo
source: qd1
sources:
  qd1:
    document: Quyết định thử 1/QĐ-TEST
    date: "2022-03-08"
classification:
  key: region
  values:
    r1: Vùng một
    r2: Vùng hai
  overrides:
    - from: "2022-03-08"
      until: "2024-02-29"
      if_any: [xa_dbkk]
      use: r1
      source: qd1
categories:
  xa_dbkk: Xã đặc biệt khó khăn
criteria:
  - id: "1"
    title: Quy hoạch
    title_en: Planning
    indicators:
      - id: "1.1"
        title: Tỷ lệ thôn có nhà văn hóa
        title_en: Villages with a cultural house
        type: percent
        counts: {of: thôn, of_en: villages}
        threshold: {op: ">=", value: {by_region: {r1: 80, r2: 90}}, source: qd1, confidence: demo}
      - id: 1.10
        title: Số km đường
        title_en: Road km
        type: number
        unit: km
        threshold: {op: ">=", value: 5, source: qd1, confidence: demo}
  - id: "2"
    title: Giao thông
    title_en: Transport
    indicators:
      - id: "2"
        title: Đường xã đạt chuẩn
        title_en: Commune roads up to standard
        type: yes_no
        threshold: {value: true, source: qd1, confidence: demo}
  - id: "3"
    title: Nghèo đa chiều
    title_en: Multidimensional poverty
    indicators:
      - id: "3"
        title: Tỷ lệ hộ nghèo
        title_en: Poverty rate
        type: percent
        counts: {of: hộ, of_en: households}
        threshold: {op: "<=", value: 4, source: qd1, confidence: demo}
  - id: "4"
    title: Môi trường
    title_en: Environment
    indicators:
      - id: "4"
        title: Môi trường tổng hợp
        title_en: Environment (composite)
        type: all_of
        parts:
          - id: "4.a"
            title: Tỷ lệ thu gom rác
            title_en: Waste collected
            type: percent
            threshold: {op: ">=", value: 50, source: qd1, confidence: demo}
          - id: "4.b"
            title: Có bãi rác
            title_en: Landfill exists
            type: yes_no
            threshold: {value: true, source: qd1, confidence: demo}
  - id: "5"
    title: Chợ
    title_en: Market
    indicators:
      - id: "5.1"
        title: Chợ đạt chuẩn (nếu có)
        title_en: Market up to standard (if any)
        type: percent
        optional: true
        threshold: {op: ">=", value: 60, source: qd1, confidence: demo}
  - id: "6"
    title: Văn hóa
    title_en: Culture
    indicators:
      - id: "6.3"
        title: Điểm văn hóa
        title_en: Culture score
        type: number
        threshold: {op: ">=", value: 70, source: qd1, confidence: demo}
  - id: "17"
    title: Môi trường và an toàn thực phẩm
    title_en: Environment and food safety
    indicators:
      - id: "17.1"
        title: Tỷ lệ hộ dùng nước sạch
        title_en: Households with clean water
        type: percent
        threshold: {op: ">=", value: 95, source: qd1, confidence: demo}
"""

# Values that make every indicator of t/xa-ntm pass for a unit in region r1.
PASSING: dict[str, Any] = {
    "1.1": {"numerator": 9, "denominator": 10},
    "1.10": 6,
    "2": True,
    "3": 3.5,
    "4.a": 60,
    "4.b": "đạt",
    "5.1": 70,
    "6.3": 75,
    "17.1": 96,
}

# A set whose prerequisite is t/xa-ntm (§6 of docs/criteria-format.md).
NANG_CAO = """\
schema_version: 1
id: t/xa-nang-cao
title: Bộ tiêu chí thử nghiệm xã nông thôn mới nâng cao
title_en: Test criteria, advanced
level: xa
tier: nang_cao
status: demo
requires: [t/xa-ntm]
classification:
  key: region
  values: {r1: Vùng một, r2: Vùng hai}
criteria:
  - id: "10"
    title: Thu nhập
    title_en: Income
    indicators:
      - id: "10"
        title: Thu nhập bình quân
        title_en: Average income
        unit: triệu đồng
        threshold: {op: ">=", value: {by_region: {r1: 50, r2: 60}}}
"""

# A set with its own criteria "10" and "17" (17.1 >= 90) that requires t/xa-ntm (17.1 >= 95).
UPPER = """\
schema_version: 1
id: t/upper
title: Bộ nâng cao thử
level: xa
requires: [t/xa-ntm]
classification:
  key: region
  values: {r1: Vùng một, r2: Vùng hai}
criteria:
  - id: "10"
    title: Thu nhập
    indicators:
      - {id: "10", title: Thu nhập, threshold: {op: ">=", value: 50}}
  - id: "17"
    title: Nước sạch
    indicators:
      - {id: "17.1", title: Nước sạch, type: percent, threshold: {op: ">=", value: 90}}
"""


def set_with_indicator(threshold: str, *, ind_type: str = "number", set_id: str = "t/one",
                       extra_top: str = "", extra_ind: str = "", ind_id: str = "1") -> str:
    """A one-criterion, one-indicator set; `threshold` is the YAML text after `threshold:`."""
    if "\n" in threshold.strip("\n"):
        thr = "\n" + textwrap.indent(textwrap.dedent(threshold.strip("\n")), " " * 10)
    else:
        thr = threshold.strip()
    return (
        "schema_version: 1\n"
        f"id: {set_id}\n"
        "title: Một chỉ tiêu\n"
        "level: xa\n"
        "status: demo\n"
        "classification:\n"
        "  key: region\n"
        "  values: {r1: Vùng một, r2: Vùng hai, r3: Vùng ba}\n"
        "  overrides:\n"
        "    - from: \"2022-03-08\"\n"
        "      until: \"2024-02-29\"\n"
        "      if_any: [dbkk]\n"
        "      use: r1\n"
        "categories: {dbkk: Đặc biệt khó khăn, other: Khác}\n"
        f"{extra_top}"
        "criteria:\n"
        "  - id: \"1\"\n"
        "    title: Tiêu chí một\n"
        "    indicators:\n"
        f"      - id: \"{ind_id}\"\n"
        "        title: Chỉ tiêu một\n"
        f"        type: {ind_type}\n"
        f"{extra_ind}"
        f"        threshold: {thr}\n"
    )


# --- helpers --------------------------------------------------------------------------------

def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def data_text(values: dict[str, Any] | None = None, *, unit: dict[str, Any] | None = None,
              year: int | None = 2024, criteria_set: str | None = "t/xa-ntm", date: str | None = None,
              extra: dict[str, Any] | None = None) -> str:
    """A unit data file as YAML text (keys quoted by safe_dump, so "1.10" stays a string)."""
    doc: dict[str, Any] = {"unit": unit if unit is not None else {"name": "Tân Linh", "level": "xa",
                                                                  "region": "r1"}}
    if year is not None:
        doc["year"] = year
    if date is not None:
        doc["date"] = date
    if criteria_set is not None:
        doc["criteria_set"] = criteria_set
    doc["values"] = dict(PASSING if values is None else values)
    if extra:
        doc.update(extra)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@pytest.fixture(autouse=True)
def _isolated_catalog(monkeypatch):
    """No user criteria folders from the environment leak into the tests."""
    monkeypatch.delenv("NTM_EVAL_CRITERIA_PATH", raising=False)


@pytest.fixture
def crit_dir(tmp_path: Path) -> Path:
    """A criteria folder holding t/xa-ntm and t/xa-nang-cao."""
    d = tmp_path / "criteria"
    write(d / "t" / "xa-ntm.yaml", XA_NTM)
    write(d / "t" / "xa-nang-cao.yaml", NANG_CAO)
    return d


@pytest.fixture
def catalog(crit_dir: Path):
    from ntm_eval.load.catalog import Catalog

    return Catalog([str(crit_dir)])


@pytest.fixture
def xa_ntm(catalog):
    return catalog.get("t/xa-ntm")


@pytest.fixture
def data_file(tmp_path: Path) -> Callable[..., Path]:
    """data_file(values=None, name="unit.yaml", text=None, **data_text_kwargs) → path."""
    counter = {"n": 0}

    def make(values: dict[str, Any] | None = None, *, name: str | None = None, text: str | bytes | None = None,
             **kw: Any) -> Path:
        counter["n"] += 1
        fname = name or f"unit{counter['n']}.yaml"
        body = text if text is not None else data_text(values, **kw)
        return write(tmp_path / "data" / fname, body)

    return make


@pytest.fixture
def run_cli(crit_dir: Path):
    """run_cli(*args) → click Result of `ntm-eval check --criteria-dir <crit_dir> *args`."""
    from click.testing import CliRunner

    from ntm_eval.cli import main_group

    def run(*args: str | os.PathLike, criteria_dir: Path | None = None):
        runner = CliRunner()
        argv = ["check", "--criteria-dir", str(criteria_dir or crit_dir), *map(str, args)]
        return runner.invoke(main_group, argv, catch_exceptions=True)

    return run


@pytest.fixture
def evaluate_values(catalog):
    """evaluate_values(values, set_id="t/xa-ntm", **data_text_kwargs) → UnitResult (or raises InputError)."""
    from ntm_eval.load.unit import read_unit
    from ntm_eval.run.check import check_unit
    from ntm_eval.io.yamlload import load_text

    def ev(values: dict[str, Any] | None = None, set_id: str = "t/xa-ntm", cat=None, year: int | None = None,
           **kw: Any):
        cat = cat or catalog
        kw.setdefault("criteria_set", set_id)
        raw = read_unit(load_text(data_text(values, **kw), "unit.yaml"))
        return check_unit(raw, cat.get(set_id), cat.get, year)

    return ev


def no_crash(result) -> None:
    """The CLI ended through sys.exit (never an uncaught exception) and printed no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "Traceback" not in (result.stderr or "")


def table_rows(stdout: str) -> list[list[str]]:
    """The body rows of the rich table in `stdout`, with cells folded over several lines re-joined:
    [["1.1", "Tỷ lệ thôn có nhà văn hóa", "60% (6/10)", "≥ 80%", "thiếu 20%; cần thêm 2 thôn", …], …]"""
    rows: list[list[str]] = []
    for line in stdout.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip("│").split("│")]
        if rows and cells[0] == "":  # continuation of the previous row
            rows[-1] = [(a + " " + b).strip() if b else a for a, b in zip(rows[-1], cells)]
        else:
            rows.append(cells)
    return rows


def table_row(stdout: str, iid: str) -> list[str]:
    """The table row of `iid` (the indicator's row when a criterion has the same id: it comes last)."""
    rows = [r for r in table_rows(stdout) if r[0] == iid]
    if not rows:
        raise KeyError(iid)
    return rows[-1]


def indicator(result, iid: str):
    """The IndicatorResult with id `iid` (searching parts too)."""
    for c in result.criteria:
        for i in c.indicators:
            if i.id == iid:
                return i
            for p in i.parts:
                if p.id == iid:
                    return p
    raise KeyError(iid)


def criterion(result, cid: str):
    for c in result.criteria:
        if c.id == cid:
            return c
    raise KeyError(cid)


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch):
    """`validate` picks the GitHub format by itself under GITHUB_ACTIONS; tests assert on the
    human format unless they say otherwise."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture(scope="session")
def _session_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _cache_in_tmp(monkeypatch, _session_cache):
    """The units cache (load/adminunits.py) goes to XDG_CACHE_HOME: inside the test's temporary
    folder, never the user's home (subprocesses inherit it)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(_session_cache))


@pytest.fixture(autouse=True)
def _batch_cache_per_test(monkeypatch, tmp_path_factory):
    """The batch result cache (run/cache.py) of each test is its own, outside the test's folder:
    no test reads rows another test left, and no test's folder listing shows the cache."""
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(tmp_path_factory.mktemp("batch-cache") / "c"))


def not_units(warnings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A report's warnings but the official-units check of the fictional names tests use."""
    return [w for w in warnings if not str(w.get("code") or w.get("key") or "").startswith("units.")]


def batch_json(result) -> dict[str, Any]:
    """A batch's JSON report (a click result's stdout), without the one summary warning about
    verdicts nobody attests ("sheet.unsourced_verdicts", tested by itself in
    tests/test_batch_warnings.py): the batch and sheet tests give such verdicts on purpose."""
    import json

    out = json.loads(result.stdout)
    if isinstance(out, dict) and isinstance(out.get("warnings"), list):
        out["warnings"] = [w for w in out["warnings"] if w.get("code") != "sheet.unsourced_verdicts"]
    return out
