"""`ntm-eval batch` (issue 5): streaming core, aggregates, sheets, districts, jobs, exit codes.

Everything runs on a tiny fictional set written into tmp_path (`TINY`), so the figures can be
computed by hand:

=====  ========  ======  ===========================  ===========================  =========
unit   district  region  "1" (yes/no)                 "2": "2.1" ≥80/90 %, "2.10"≥5  "3" ≤ 4
=====  ========  ======  ===========================  ===========================  =========
A      D1        r1      đạt → pass                   9/10=90 ✓, 6 ✓ → pass         3 → pass
B      D1        r1      false → fail                 7/10=70 ✗, 6 → fail           3 → pass
C      D2        r1      true → pass                  (missing), 5 → missing        5 → fail
D      D2        r2      true → pass                  85 < 90 ✗, 7 → fail           2 → pass
=====  ========  ======  ===========================  ===========================  =========

criteria met: A 3, B 1, C 1, D 2 → average 7/4 = 1.75; per criterion: "1" 3/4 = 75 %,
"2" 1/4 = 25 % (pass 1, fail 2, missing 1), "3" 3/4 = 75 %; meeting the set: A only.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import not_units as _not_units, batch_json
from ntm_eval.cli import main_group

TINY = """\
schema_version: 1
id: t/tiny-xa
title: Bộ tiêu chí tí hon xã nông thôn mới
title_en: Tiny commune criteria
level: xa
tier: ntm
status: demo
classification:
  key: region
  values: {r1: Vùng một, r2: Vùng hai}
criteria:
  - id: "1"
    title: Quy hoạch
    title_en: Planning
    indicators:
      - id: "1"
        title: Có quy hoạch
        type: yes_no
        threshold: {value: true}
  - id: "2"
    title: Giao thông
    title_en: Roads
    indicators:
      - id: "2.1"
        title: Tỷ lệ thôn có đường
        type: percent
        counts: {of: thôn, of_en: villages}
        threshold: {op: ">=", value: {by_region: {r1: 80, r2: 90}}}
      - id: "2.10"
        title: Số km đường mới
        type: number
        unit: km
        threshold: {op: ">=", value: 5}
  - id: "3"
    title: Nghèo đa chiều
    title_en: Poverty
    indicators:
      - id: "3"
        title: Tỷ lệ hộ nghèo
        type: percent
        threshold: {op: "<=", value: 4}
"""

HUYEN = """\
schema_version: 1
id: t/tiny-huyen
title: Bộ tiêu chí tí hon huyện nông thôn mới
level: huyen
status: demo
criteria:
  - id: "1"
    title: Xã đạt chuẩn
    indicators:
      - id: "1"
        title: Tỷ lệ xã đạt chuẩn nông thôn mới
        type: percent
        counts: {of: xã, of_en: communes}
        from_members: {level: xa, set: t/tiny-xa}
        threshold: {op: "=", value: 100}
  - id: "2"
    title: Quy hoạch huyện
    indicators:
      - id: "2"
        title: Có quy hoạch huyện
        type: yes_no
        threshold: {value: true}
"""

UNITS: dict[str, dict[str, Any]] = {
    "a": {"unit": {"name": "A", "level": "xa", "district": "D1", "province": "P", "region": "r1"},
          "values": {"1": "đạt", "2.1": {"numerator": 9, "denominator": 10}, "2.10": 6, "3": 3}},
    "b": {"unit": {"name": "B", "level": "xa", "district": "D1", "province": "P", "region": "r1"},
          "values": {"1": False, "2.1": {"numerator": 7, "denominator": 10}, "2.10": 6, "3": 3}},
    "c": {"unit": {"name": "C", "level": "xa", "district": "D2", "province": "P", "region": "r1"},
          "values": {"1": True, "2.10": 5, "3": 5}},
    "d": {"unit": {"name": "D", "level": "xa", "district": "D2", "province": "P", "region": "r2"},
          "values": {"1": True, "2.1": 85, "2.10": 7, "3": 2}},
}


def write_unit(folder: Path, stem: str, spec: dict[str, Any], year: int | None = 2024, **extra: Any) -> Path:
    doc: dict[str, Any] = {"unit": spec["unit"]}
    if year is not None:
        doc["year"] = year
    doc.update(extra)
    doc["values"] = spec["values"]
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"{stem}.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    p = tmp_path / "criteria" / "t" / "tiny-xa.yaml"
    p.parent.mkdir(parents=True)
    p.write_text(TINY, encoding="utf-8")
    return p


@pytest.fixture
def folder(tmp_path: Path, tiny: Path) -> Path:
    d = tmp_path / "xa"
    for stem, spec in UNITS.items():
        write_unit(d, stem, spec)
    return d


def run(*args: Any):
    return CliRunner().invoke(main_group, ["batch", *map(str, args)], catch_exceptions=False)


as_json = batch_json  # conftest: the report without the unattested-verdicts summary


def digest(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- core ------------------------------------------------------------------------------------

def test_aggregates_match_hand_computed_figures(folder: Path, tiny: Path):
    from ntm_eval.run.batch import run_batch
    from ntm_eval.load.catalog import Catalog

    with run_batch(str(folder), Catalog(), set_ref=str(tiny)) as rep:
        agg = rep.aggregates
        assert (agg.total, agg.evaluated, agg.broken) == (4, 4, 0)
        g = agg.groups["t/tiny-xa"]
        assert g.units == 4 and g.met_sum == 7 and g.average_met == pytest.approx(1.75)
        assert [g.passed(i) for i in range(3)] == [3, 1, 3]
        assert [g.percent(i) for i in range(3)] == [75.0, 25.0, 75.0]
        assert g.crit_counts[1] == {"pass": 1, "fail": 2, "missing": 1, "not_applicable": 0, "no_threshold": 0}
        assert g.set_passed == 1 and g.set_counts["fail"] == 3
        assert (g.min_met, g.max_met) == (1, 3)
        d1, d2 = g.by_district[("P", "D1")], g.by_district[("P", "D2")]
        assert (d1.units, d1.average_met, d1.set_passed, d1.crit_passed) == (2, 2.0, 1, [1, 1, 2])
        assert (d2.units, d2.average_met, d2.set_passed, d2.crit_passed) == (2, 1.5, 0, [2, 0, 1])
        assert list(g.by_province) == ["P"]
        rows = list(rep.rows)
        assert [r.name for r in rows] == ["A", "B", "C", "D"]
        assert [(r.passed, r.total) for r in rows] == [(3, 3), (1, 3), (1, 3), (2, 3)]
        assert rows[2].statuses == ("pass", "missing", "fail")
        assert rep.exit_code == 1


def test_stream_is_a_generator_of_compact_rows(folder: Path, tiny: Path):
    import types

    from ntm_eval.results import UnitRow
    from ntm_eval.run.batch import stream_units
    from ntm_eval.load.catalog import Catalog

    gen = stream_units(str(folder), Catalog(), set_ref=str(tiny))
    assert isinstance(gen, types.GeneratorType)
    row, info = next(gen)
    assert isinstance(row, UnitRow) and row.name == "A"
    assert info is not None and [c[0] for c in info.criteria] == ["1", "2", "3"]
    assert not hasattr(row, "criteria")  # no full result is kept
    rest = list(gen)
    assert len(rest) == 3 and all(i is None for _, i in rest)


def test_row_store_spools_and_reads_back_in_order(folder: Path, tiny: Path):
    from ntm_eval.run.batch import run_batch
    from ntm_eval.load.catalog import Catalog

    rep = run_batch(str(folder), Catalog(), set_ref=str(tiny), spool_limit=1)
    path = rep.rows._path
    assert path and os.path.exists(path)
    names = [r.name for r in rep.rows]
    nested = [(a.name, b.name) for a in rep.rows for b in rep.rows][:2]
    assert names == ["A", "B", "C", "D"] and nested == [("A", "A"), ("A", "B")]
    rep.close()
    assert not os.path.exists(path)


def test_cli_json_aggregates(folder: Path, tiny: Path):
    r = run(folder, "--set", tiny, "--format", "json")
    assert r.exit_code == 1, r.output
    out = as_json(r)
    assert out["summary"] == {"units": 4, "evaluated": 4, "with_errors": 0, "not_evaluated": 0, "meeting_set": 1,
                              "not_meeting_set": 3, "undecided": 0, "exit_code": 1}
    s = out["sets"][0]
    a = s["aggregates"]
    assert s["criteria_set"] == "t/tiny-xa" and a["average_criteria_met"] == 1.75
    assert [c["percent_passed"] for c in a["criteria"]] == [75.0, 25.0, 75.0]
    assert a["meeting_set"] == {"count": 1, "not_met": 3, "undecided": 0, "undecided_because": [], "percent": 25.0,
                                "percent_is_minimum": False, "units": ["A"]}
    assert a["by_district"][0] == {"province": "P", "district": "D1", "units": 2, "average_criteria_met": 2.0,
                                   "meeting_set": 1, "undecided": 0, "criteria_passed": {"1": 1, "2": 1, "3": 2}}
    # criterion 2 is decided (A met, B and D not) but open for C (missing data)
    assert (a["criteria_undecided_everywhere"], a["criteria_undecided_somewhere"]) == ([], ["2"])
    assert [c["undecided"] for c in a["criteria"]] == [0, 1, 0]
    assert s["units"][1]["criteria"] == {"1": "fail", "2": "fail", "3": "pass"}
    assert s["units"][1]["passed"] == 1 and s["units"][1]["total"] == 3
    assert out["errors"] == []


def test_table_shows_the_figures_officials_report(folder: Path, tiny: Path):
    r = run(folder, "--set", tiny)
    assert r.exit_code == 1
    out = r.stdout
    assert "Bình quân 1,8 tiêu chí/xã" in out
    assert "75% số xã đạt tiêu chí số 1 (Quy hoạch): 3/4 xã" in out
    assert "25% số xã đạt tiêu chí số 2 (Giao thông): 1/4 xã" in out
    assert "1/4 xã đạt chuẩn (25%)" in out
    assert "3/3" in out and "1/3" in out
    assert "% số xã đạt từng tiêu chí" in out and "Theo huyện" in out
    assert "Xã — Bộ tiêu chí" in out
    for m in ("Đ", "✗", "?"):
        assert m in out


def test_table_in_english(folder: Path, tiny: Path):
    r = run(folder, "--set", tiny, "--lang", "en")
    assert "Average 1.8 criteria per commune" in r.stdout
    assert "75% of communes meet criterion 1 (Planning): 3/4" in r.stdout


def test_exit_0_when_every_unit_meets_the_set(tmp_path: Path, tiny: Path):
    d = tmp_path / "ok"
    write_unit(d, "a", UNITS["a"])
    assert run(d, "--set", tiny, "--format", "json").exit_code == 0


def test_broken_files_are_listed_and_the_batch_goes_on(folder: Path, tiny: Path):
    bad = folder / "e-bad.yaml"
    bad.write_text("unit: {name: E, level: xa, region: r1}\nyear: 2024\nvalues:\n  \"2.1\": abc\n", encoding="utf-8")
    (folder / "f-syntax.yaml").write_text("unit: [\n", encoding="utf-8")
    r = run(folder, "--set", tiny, "--format", "json")
    assert r.exit_code == 2
    out = as_json(r)
    assert out["summary"]["units"] == 6 and out["summary"]["evaluated"] == 4
    assert out["summary"]["with_errors"] == 2
    errs = {e["name"]: e for e in out["errors"]}
    assert set(errs) == {"E", "f-syntax"}
    e = errs["E"]["errors"][0]
    assert (e["file"], e["line"], e["code"]) == (str(bad), 4, "data.expected_number")
    assert e["message"].startswith(f"{bad}:4:")
    assert f"{bad}:4:" in r.stderr  # also told on stderr
    table = run(folder, "--set", tiny)
    assert table.exit_code == 2 and "Lỗi dữ liệu (2 đơn vị)" in table.stdout and f"{bad}:4:" in table.stdout


def test_no_units_and_missing_path_exit_2(tmp_path: Path, tiny: Path):
    (tmp_path / "empty").mkdir()
    r = run(tmp_path / "empty", "--set", tiny)
    assert r.exit_code == 2 and "không tìm thấy tệp dữ liệu" in r.stderr
    r = run(tmp_path / "nope", "--set", tiny)
    assert r.exit_code == 2 and "không tìm thấy tệp" in r.stderr
    r = run(tmp_path / "empty", "--set", "no/such-set")
    assert r.exit_code == 2 and "không có bộ tiêu chí" in r.stderr


# --- property: a batch is the sum of single checks ------------------------------------------

VALUE = st.fixed_dictionaries({}, optional={
    "1": st.sampled_from([True, False, "đạt", "chưa đạt"]),
    "2.1": st.one_of(st.integers(0, 100), st.builds(lambda d, k: {"numerator": min(k, d), "denominator": d},
                                                    st.integers(1, 20), st.integers(0, 20))),
    "2.10": st.one_of(st.integers(0, 9), st.floats(0, 9, allow_nan=False).map(lambda x: round(x, 2))),
    "3": st.integers(0, 10),
})
UNIT = st.fixed_dictionaries({"values": VALUE, "region": st.sampled_from(["r1", "r2"]),
                              "district": st.sampled_from(["D1", "D2", None])})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(units=st.lists(UNIT, min_size=1, max_size=8))
def test_batch_equals_the_sum_of_single_checks(tiny: Path, units: list[dict[str, Any]]):
    from ntm_eval.run.batch import run_batch
    from ntm_eval.run.check import check_file
    from ntm_eval.load.catalog import Catalog

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for i, u in enumerate(units):
            unit = {"name": f"X{i}", "level": "xa", "region": u["region"]}
            if u["district"]:
                unit["district"] = u["district"]
            write_unit(d, f"u{i:02d}", {"unit": unit, "values": u["values"]})
        cat = Catalog()
        singles = [check_file(str(p), cat, str(tiny)) for p in sorted(d.glob("*.yaml"))]
        with run_batch(str(d), Catalog(), set_ref=str(tiny)) as rep:
            rows = list(rep.rows)
            agg = rep.aggregates
            assert len(rows) == len(singles)
            for row, one in zip(rows, singles):
                assert one.result is not None and row.source == one.path
                assert row.statuses == tuple(c.status for c in one.result.criteria)
                assert row.status == one.result.status
                assert (row.passed, row.total) == (one.result.summary()["passed"], one.result.summary()["total"])
            g = agg.groups["t/tiny-xa"]
            assert g.units == len(singles)
            assert g.met_sum == sum(o.result.summary()["passed"] for o in singles)
            for i, c in enumerate(("1", "2", "3")):
                for s in ("pass", "fail", "missing", "not_applicable", "no_threshold"):
                    want = sum(1 for o in singles for cr in o.result.criteria if cr.id == c and cr.status == s)
                    assert g.crit_counts[i][s] == want
            assert g.set_passed == sum(o.result.status == "pass" for o in singles)
            want_code = 0 if all(o.result.status == "pass" for o in singles) else 1
            assert rep.exit_code == want_code


# --- jobs ------------------------------------------------------------------------------------

def test_jobs_2_equals_jobs_1(tmp_path: Path, tiny: Path):
    import random

    rnd = random.Random(5)
    d = tmp_path / "many"
    for i in range(40):
        spec = {"unit": {"name": f"Xã {i}", "level": "xa", "region": rnd.choice(["r1", "r2"]),
                         "district": f"H{i % 3}"},
                "values": {"1": rnd.choice([True, False]), "2.1": rnd.randint(70, 100), "2.10": rnd.randint(3, 8),
                           "3": rnd.randint(0, 6)}}
        write_unit(d, f"x{i:03d}", spec)
    (d / "x017.yaml").write_text("unit: {name: hỏng\n", encoding="utf-8")  # a broken one in the middle
    one = run(d, "--set", tiny, "--format", "json", "--jobs", "1")
    two = run(d, "--set", tiny, "--format", "json", "--jobs", "2")
    assert one.exit_code == two.exit_code == 2
    assert one.stdout == two.stdout
    assert [u["name"] for u in as_json(two)["sets"][0]["units"]][:3] == ["Xã 0", "Xã 1", "Xã 2"]


# --- sheets ----------------------------------------------------------------------------------

SHEET_HEAD = ["STT", "Tên đơn vị", "Cấp", "Huyện", "Tỉnh", "Vùng", "Năm", "1", "2.1", "2.10", "3"]
SHEET_ROWS = [
    ["1", "A", "xã", "D1", "P", "r1", "2024", "đạt", "9/10", "6", "3"],
    ["2", "B", "xã", "D1", "P", "Vùng một", "2024", "chưa đạt", "7/10", "6", "3"],
    ["3", "C", "xã", "D2", "P", "r1", "2024", "x", "", "5", "5"],
    ["4", "D", "xã", "D2", "P", "r2", "2024", "true", "85", "7", "2,0"],
]


def write_csv(path: Path, head: list[str], rows: list[list[str]], delimiter: str = ",", bom: bool = True) -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(head)
        w.writerows(rows)
    return path


def test_csv_sheet_with_vietnamese_headers(tmp_path: Path, tiny: Path):
    sheet = write_csv(tmp_path / "bang.csv", SHEET_HEAD, SHEET_ROWS)
    r = run(sheet, "--set", tiny, "--format", "json")
    assert r.exit_code == 1, r.stderr
    s = as_json(r)["sets"][0]
    assert s["aggregates"]["average_criteria_met"] == 1.75
    assert [u["name"] for u in s["units"]] == ["A", "B", "C", "D"]
    assert [u["file"] for u in s["units"]] == [f"{sheet}:{n}" for n in (2, 3, 4, 5)]
    assert s["units"][0]["district"] == "D1" and s["units"][0]["level"] == "xa"
    assert [c["percent_passed"] for c in s["aggregates"]["criteria"]] == [75.0, 25.0, 75.0]


def test_sheet_equals_the_same_units_as_yaml_files(tmp_path: Path, folder: Path, tiny: Path):
    sheet = write_csv(tmp_path / "bang.csv", SHEET_HEAD, SHEET_ROWS, delimiter=";", bom=False)
    a = as_json(run(sheet, "--set", tiny, "--format", "json"))
    b = as_json(run(folder, "--set", tiny, "--format", "json"))
    # the basis apart: the sheet's "Đạt" under "1" is criterion 1's verdict, attested by the sheet
    strip = lambda s: [{k: v for k, v in u.items() if k not in ("file", "bases", "basis")}  # noqa: E731
                       for u in s["units"]]
    assert strip(a["sets"][0]) == strip(b["sets"][0])
    assert a["sets"][0]["aggregates"] == b["sets"][0]["aggregates"]
    bases = [(u["name"], u["bases"]) for u in a["sets"][0]["units"]]
    assert [(n, {k: v for k, v in bs.items() if k != "1"}) for n, bs in bases] == \
        [(u["name"], {k: v for k, v in u["bases"].items() if k != "1"}) for u in b["sets"][0]["units"]]


def test_sheet_errors_are_located_by_row_and_column(tmp_path: Path, tiny: Path):
    rows = [r[:] for r in SHEET_ROWS]
    rows[1][8] = "nhiều"  # B, column 9 ("2.1")
    rows[2][6] = "năm nay"  # C, column 7 ("Năm")
    sheet = write_csv(tmp_path / "bang.csv", SHEET_HEAD + ["9.9"], [r + [""] for r in rows[:3]] + [rows[3] + ["1"]])
    r = run(sheet, "--set", tiny, "--format", "json")
    assert r.exit_code == 2
    errs = {e["name"]: e["errors"] for e in as_json(r)["errors"]}
    assert errs["B"][0]["message"].startswith(f"{sheet}:3:9:")
    assert errs["C"][0]["message"].startswith(f"{sheet}:4:7:")
    assert errs["D"][0]["code"] == "data.unknown_indicator" and (errs["D"][0]["line"], errs["D"][0]["col"]) == (5, 12)
    assert as_json(r)["summary"]["evaluated"] == 1


def test_sheet_headers_stay_text(tmp_path: Path, tiny: Path):
    from ntm_eval.io.sheet import iter_rows

    sheet = write_csv(tmp_path / "bang.csv", SHEET_HEAD, SHEET_ROWS[:1])
    (row,) = list(iter_rows(str(sheet)))
    assert set(row.doc.data["values"]) == {"2.1", "2.10", "3"}
    assert row.doc.data["criteria"]["1"]["verdict"] == "đạt"  # "1": Đạt is criterion 1's verdict (issue 10)
    assert row.doc.data["values"]["2.1"] == {"numerator": 9, "denominator": 10}
    assert row.doc.data["year"] == 2024 and row.doc.data["unit"]["level"] == "xa"
    assert row.doc.where(("values", "2.10")) == (2, 10)


def test_xlsx_sheet(tmp_path: Path, tiny: Path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Danh sách xã năm 2024"])  # a title row above the header
    ws.append(SHEET_HEAD)
    for row in SHEET_ROWS:
        ws.append([int(row[0]), *row[1:6], 2024, row[7], row[8], float(row[9]), row[10]])
    path = tmp_path / "bang.xlsx"
    wb.save(path)
    r = run(path, "--set", tiny, "--format", "json")
    assert r.exit_code == 1, r.stderr
    s = as_json(r)["sets"][0]
    assert s["aggregates"]["average_criteria_met"] == 1.75
    assert s["units"][0]["file"] == f"{path}:3"


def test_xlsx_numeric_header_is_refused(tmp_path: Path, tiny: Path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Tên đơn vị", "Vùng", "Năm", 17.1])
    ws.append(["A", "r1", 2024, 5])
    path = tmp_path / "so.xlsx"
    wb.save(path)
    r = run(path, "--set", tiny, "--format", "json")
    assert r.exit_code == 2
    e = as_json(r)["errors"][0]["errors"][0]
    assert e["code"] == "sheet.numeric_header" and (e["line"], e["col"]) == (1, 4)


# --- outputs never touch inputs --------------------------------------------------------------

def test_output_over_an_input_is_refused(tmp_path: Path, folder: Path, tiny: Path):
    sheet = write_csv(tmp_path / "bang.csv", SHEET_HEAD, SHEET_ROWS)
    before = digest(tmp_path)
    r = run(sheet, "--set", tiny, "--format", "csv", "--output", sheet)
    assert r.exit_code == 2 and "ghi đè" in r.stderr
    r = run(folder, "--set", tiny, "--format", "json", "--output", folder / "a.yaml")
    assert r.exit_code == 2
    assert digest(tmp_path) == before


def test_inputs_are_never_modified(tmp_path: Path, folder: Path, tiny: Path):
    before = digest(tmp_path)
    for fmt in ("json", "csv", "md", "html", "xlsx"):
        out = tmp_path / "out" / f"r.{fmt}"
        out.parent.mkdir(exist_ok=True)
        r = run(folder, "--set", tiny, "--format", fmt, "--output", out)
        assert r.exit_code == 1, (fmt, r.stderr)
        assert out.stat().st_size > 0
    after = {k: v for k, v in digest(tmp_path).items() if "/out/" not in k}
    assert after == before
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]


def test_xlsx_needs_output(folder: Path, tiny: Path):
    r = run(folder, "--set", tiny, "--format", "xlsx")
    assert r.exit_code == 2 and "--output" in r.stderr


# --- a district next to its communes ---------------------------------------------------------

@pytest.fixture
def district(tmp_path: Path, tiny: Path, folder: Path) -> Path:
    (tmp_path / "criteria" / "t" / "tiny-huyen.yaml").write_text(HUYEN, encoding="utf-8")
    root = tmp_path / "huyen-d"
    (root / "xa").mkdir(parents=True)
    for stem in ("a", "b"):
        write_unit(root / "xa", stem, UNITS[stem], criteria_set="t/tiny-xa")
    write_unit(root, "huyen", {"unit": {"name": "Huyện Thử", "level": "huyen", "province": "P"},
                               "values": {"2": True}}, criteria_set="t/tiny-huyen", members=["xa/"])
    return root


def test_district_result_and_the_communes_holding_it_back(tmp_path: Path, district: Path):
    crit = tmp_path / "criteria"
    r = run(district, "--criteria-dir", crit, "--format", "json")
    assert r.exit_code == 1, r.stderr
    out = as_json(r)
    sets = {s["criteria_set"]: s for s in out["sets"]}
    assert set(sets) == {"t/tiny-xa", "t/tiny-huyen"}
    (h,) = sets["t/tiny-huyen"]["units"]
    assert h["name"] == "Huyện Thử" and h["criteria"] == {"1": "fail", "2": "pass"}
    assert h["from_members"] == [{"criterion": "1", "indicator": "1", "title": "Tỷ lệ xã đạt chuẩn nông thôn mới",
                                  "status": "fail", "numerator": 1, "denominator": 2, "held_back_by": ["B"],
                                  "undecided_members": []}]
    assert sets["t/tiny-xa"]["aggregates"]["units"] == 2
    table = run(district, "--criteria-dir", crit)
    assert "Huyện — Bộ tiêu chí" in table.stdout
    assert "chỉ tiêu 1 (Tỷ lệ xã đạt chuẩn nông thôn mới): Chưa đạt — 1/2 đạt; chưa đạt: B" in table.stdout


def test_set_option_applies_to_units_of_its_level(tmp_path: Path, district: Path, tiny: Path):
    r = run(district, "--criteria-dir", tmp_path / "criteria", "--set", "t/tiny-xa", "--format", "json")
    assert r.exit_code == 1, r.stderr
    assert {s["criteria_set"] for s in as_json(r)["sets"]} == {"t/tiny-xa", "t/tiny-huyen"}


NANG_CAO = """\
schema_version: 1
id: t/tiny-xa-nang-cao
title: Bộ tiêu chí tí hon xã nông thôn mới nâng cao
level: xa
tier: nang_cao
status: demo
requires: [t/tiny-xa]
classification:
  key: region
  values: {r1: Vùng một, r2: Vùng hai}
criteria:
  - id: "10"
    title: Thu nhập
    indicators:
      - id: "10"
        title: Thu nhập bình quân
        type: number
        threshold: {op: ">=", value: 50}
"""


def test_tiers_count_units_meeting_the_prerequisite_set(tmp_path: Path, tiny: Path):
    (tmp_path / "criteria" / "t" / "tiny-xa-nang-cao.yaml").write_text(NANG_CAO, encoding="utf-8")
    d = tmp_path / "nc"
    for stem, income in (("a", 60), ("b", 60), ("c", 40)):
        spec = {"unit": UNITS["a"]["unit"] | {"name": stem.upper()},
                "values": UNITS["a" if stem != "b" else "b"]["values"]}
        write_unit(d, stem, spec, criteria_set="t/tiny-xa", values_for={"t/tiny-xa-nang-cao": {"10": income}})
    r = run(d, "--criteria-dir", tmp_path / "criteria", "--set", "t/tiny-xa-nang-cao", "--format", "json")
    assert r.exit_code == 1, r.stderr
    s = as_json(r)["sets"][0]
    assert s["aggregates"]["prerequisites"] == [{"criteria_set": "t/tiny-xa", "title": "Bộ tiêu chí tí hon xã nông "
                                                 "thôn mới", "title_en": "Tiny commune criteria", "meeting": 2,
                                                 "status_counts": {"pass": 2, "fail": 1, "missing": 0,
                                                                   "not_applicable": 0, "no_threshold": 0}}]
    assert s["aggregates"]["meeting_set"]["units"] == ["A"]
    table = run(d, "--criteria-dir", tmp_path / "criteria", "--set", "t/tiny-xa-nang-cao").stdout
    assert "2/3 xã đạt chuẩn theo bộ điều kiện Bộ tiêu chí tí hon xã nông thôn mới [t/tiny-xa]" in table
    assert "1/3 xã đạt chuẩn (33,3%)" in table


# --- user reports: sheets ----------------------------------------------------------------------

def test_xlsx_percent_formatted_cells_are_read_as_shown(tmp_path: Path, tiny: Path):
    """Excel shows 93.4% for a cell holding 0.934: the value meant is 93.4, in any indicator column."""
    from openpyxl import Workbook

    from ntm_eval.io.sheet import iter_rows

    wb = Workbook()
    ws = wb.active
    ws.append(SHEET_HEAD)
    ws.append([1, "D", "xã", "D2", "P", "r2", 2024, "true", 0.934, 7, 0.02])  # 2.1: 93,4% ≥ 90; 3: 2% ≤ 4
    ws.append([2, "E", "xã", "D2", "P", "r2", 2024, "true", 85, 7, 2])  # typed as plain numbers
    ws.append([3, "F", "xã", "D2", "P", "r2", 2024, "true", 95, 7, 2])  # a literal "%" in the format
    for cell, fmt in (("I2", "0.0%"), ("K2", "0%"), ("I4", '0"%"')):
        ws[cell].number_format = fmt
    path = tmp_path / "phan-tram.xlsx"
    wb.save(path)
    rows = list(iter_rows(str(path)))
    assert rows[0].doc.data["values"]["2.1"] == pytest.approx(93.4) and rows[0].doc.data["values"]["3"] == 2
    assert rows[1].doc.data["values"]["2.1"] == 85 and rows[2].doc.data["values"]["2.1"] == 95
    units = as_json(run(path, "--set", tiny, "--format", "json"))["sets"][0]["units"]
    assert [u["criteria"]["2"] for u in units] == ["pass", "fail", "pass"]
    assert units[0]["status"] == "pass"  # 0.934 read as 0,934% would have failed silently


@pytest.mark.parametrize("title", [
    ["BẢNG TỔNG HỢP TIÊU CHÍ NTM NĂM 2024;;;"],
    ["BÁO CÁO, TỔNG HỢP, TIÊU CHÍ NTM, NĂM 2024;;", ";;"],  # more commas than semicolons
    ["BẢNG TỔNG HỢP TIÊU CHÍ NTM NĂM 2024;;;", "Tỉnh;P;;", ";;;"],  # a row naming one field
])
def test_semicolon_csv_with_title_rows_above_the_header(tmp_path: Path, tiny: Path, title: list[str]):
    """What Vietnamese-locale Excel saves: ";"-separated, decimal commas ("2,0"), title rows
    above the header."""
    lines = title + [";".join(SHEET_HEAD)] + [";".join(r) for r in SHEET_ROWS]
    first = len(title) + 2
    sheet = tmp_path / "bang.csv"
    sheet.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    r = run(sheet, "--set", tiny, "--format", "json")
    assert r.exit_code == 1, r.stderr
    out = as_json(r)
    assert out["errors"] == [] and "chưa chọn bộ tiêu chí" not in r.stderr
    s = out["sets"][0]
    assert [u["name"] for u in s["units"]] == ["A", "B", "C", "D"]
    assert [u["file"] for u in s["units"]] == [f"{sheet}:{n}" for n in range(first, first + 4)]
    assert s["aggregates"]["average_criteria_met"] == 1.75


def test_sheet_delimiter_and_header_detection():
    from ntm_eval.io.sheet import _delimiter

    assert _delimiter("TIÊU ĐỀ, NĂM 2024, A;;\nTên xã;Huyện;Năm;2.1\nA;B;2024;93,4\n", "x.csv") == ";"
    assert _delimiter("Tên xã,Huyện,Năm,2.1\nA,B,2024,93.4\n", "x.csv") == ","
    assert _delimiter("Tên xã\tHuyện\t2.1\n", "x.csv") == "\t"
    assert _delimiter("2.1;3\n93,4;2\n", "x.csv") == ";"  # nothing recognised: the delimiters counted


def test_empty_column_headed_by_an_unknown_indicator_id_is_reported(tmp_path: Path, tiny: Path):
    head = SHEET_HEAD + ["2.01", "Ghi chú thêm"]
    sheet = write_csv(tmp_path / "bang.csv", head, [r + ["", ""] for r in SHEET_ROWS])
    r = run(sheet, "--set", tiny, "--format", "json")
    assert r.exit_code == 1, r.stderr  # a warning: no value was lost, every unit is evaluated
    out = as_json(r)
    (w,) = _not_units(out["warnings"])
    assert (w["file"], w["line"], w["col"], w["code"], w["severity"]) == (str(sheet), 1, 12, "sheet.unknown_column",
                                                                         "warning")
    assert "2.01" in w["message"] and "“2.1”" in w["message"]  # did you mean
    assert f"{sheet}:1:12: cảnh báo:" in r.stderr
    table = run(sheet, "--set", tiny).stdout
    assert "Cảnh báo về dữ liệu đầu vào" in table and f"{sheet}:1:12" in table
    # with a title row above the header, the header's own row is named
    sheet2 = tmp_path / "bang2.csv"
    sheet2.write_text("Danh sách xã\n" + sheet.read_text(encoding="utf-8-sig"), encoding="utf-8")
    (w,) = _not_units(as_json(run(sheet2, "--set", tiny, "--format", "json"))["warnings"])
    assert (w["line"], w["col"]) == (2, 12)
    # known to the set, or holding a value: no warning (a value is already an error of its row)
    ok = write_csv(tmp_path / "ok.csv", SHEET_HEAD + ["2.01"], [r + ["1"] for r in SHEET_ROWS[:1]] + SHEET_ROWS[1:])
    out = as_json(run(ok, "--set", tiny, "--format", "json"))
    err = out["errors"][0]["errors"][0]
    # criterion 2 exists: the error lists its indicators and points to the one "2.01" means
    assert out["warnings"] == [] and err["code"] == "data.unknown_indicator"
    assert "“2.1”" in err["message"] and "criteria:" in err["message"]


def test_missing_path_names_file_or_folder(tmp_path: Path, tiny: Path):
    r = run(tmp_path / "khongco/", "--set", tiny)
    assert r.exit_code == 2 and "không tìm thấy tệp hoặc thư mục" in r.stderr
    r = run(tmp_path / "khongco/", "--set", tiny, "--lang", "en")
    assert "no such file or folder" in r.stderr


# --- user reports: partial sets read as partial ------------------------------------------------

# TINY with thresholds missing: "3" unknown, "2.1" unknown for region r2, and 2 more indicators
# declared than encoded. Coverage: r1 units 3/6 known (1, 2.1, 2.10), r2 units 2/6.
PARTIAL = (TINY.replace("tier: ntm\n", "tier: ntm\nindicator_count: 6\n")
           .replace('threshold: {op: "<=", value: 4}', "threshold: unknown")
           .replace("{by_region: {r1: 80, r2: 90}}", "{by_region: {r1: 80, default: unknown}}"))
NO_THRESHOLDS = (TINY.replace("id: t/tiny-xa\n", "id: t/chua-co\n")
                 .replace("threshold: {value: true}", "threshold: unknown")
                 .replace('threshold: {op: ">=", value: {by_region: {r1: 80, r2: 90}}}', "threshold: unknown")
                 .replace('threshold: {op: ">=", value: 5}', "threshold: unknown")
                 .replace('threshold: {op: "<=", value: 4}', "threshold: unknown"))


@pytest.fixture
def partial(tmp_path: Path) -> Path:
    p = tmp_path / "criteria" / "t" / "partial.yaml"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(PARTIAL.replace("id: t/tiny-xa\n", "id: t/partial\n"), encoding="utf-8")
    return p


COVERAGE_VI = ("Bộ tiêu chí này mới có ngưỡng cho 2–3/6 chỉ tiêu (ntm-eval mới ghi 4/6 chỉ tiêu của văn bản): "
               "kết quả chỉ là một phần, chưa phải kết luận công nhận.")


def test_partial_set_is_said_partial_in_every_format(tmp_path: Path, folder: Path, partial: Path):
    from openpyxl import load_workbook

    r = run(folder, "--set", partial, "--format", "json")
    s = as_json(r)["sets"][0]
    assert s["coverage"] == {"thresholds_known": {"min": 2, "max": 3}, "indicators_encoded": {"min": 4, "max": 4},
                             "indicators_declared": {"min": 6, "max": 6}, "partial": True, "message": COVERAGE_VI}
    c3 = s["aggregates"]["criteria"][2]
    assert (c3["percent_passed"], c3["decidable"], c3["undecided_because"]) == (None, False, ["no_threshold"])
    assert s["aggregates"]["criteria"][0]["percent_passed"] == 75.0
    table = run(folder, "--set", partial).stdout
    head = table.split("Xã — Bộ tiêu chí")[0]  # at the top, before any figure
    assert f"t/partial: {COVERAGE_VI}" in " ".join(head.split())
    for fmt in ("md", "html"):
        out = run(folder, "--set", partial, "--format", fmt).stdout
        text = " ".join(out.replace("\\", "").split())
        assert COVERAGE_VI in text, fmt
        assert text.index(COVERAGE_VI) < text.index("Đạt"), fmt
    # CSV: the header is the first line (csv readers, pandas); the caveat is said on stderr
    r = run(folder, "--set", partial, "--format", "csv")
    csv_rows = list(csv.reader(r.stdout.lstrip("\ufeff").splitlines()))
    assert csv_rows[0][0] == "STT" and all(len(row) == len(csv_rows[0]) for row in csv_rows)
    assert f"t/partial: {COVERAGE_VI}" in r.stderr and COVERAGE_VI not in r.stdout
    out = tmp_path / "r.xlsx"
    run(folder, "--set", partial, "--format", "xlsx", "--output", out)
    wb = load_workbook(out)
    summary = [c.value for row in wb["Tổng hợp"].iter_rows() for c in row if c.value]
    assert summary[3] == f"t/partial: {COVERAGE_VI}"
    per = wb["Theo tiêu chí"]
    assert [c.value for c in per[4]][9:11] == [None, "chưa có ngưỡng"]  # no share: an empty cell, never "—"
    assert [c.value for c in per[2]][9] == 75
    # a complete set says nothing of the kind
    assert "mới có ngưỡng cho" not in run(folder, "--set", tmp_path / "criteria" / "t" / "tiny-xa.yaml").stdout


def test_undecidable_criterion_is_a_dash_with_its_reason_not_0_percent(folder: Path, partial: Path):
    table = run(folder, "--set", partial).stdout
    flat = " ".join(table.split())
    assert "0% số xã đạt tiêu chí số 3" not in flat
    assert "— tiêu chí số 3 (Nghèo đa chiều): chưa thể kết luận (chưa có ngưỡng): 0/4 xã đạt, 4 chưa có ngưỡng" in flat
    # decidable ones keep their share, with the counts of the other statuses
    assert "75% số xã đạt tiêu chí số 1 (Quy hoạch): 3/4 xã (1 chưa đạt)" in flat
    # 2.1 has no threshold in r2 (unit D): criterion 2 is still decided for A, B
    assert ("25% số xã đạt tiêu chí số 2 (Giao thông): 1/4 xã (1 chưa đạt, 1 thiếu dữ liệu, 1 chưa có ngưỡng)"
            in flat)
    en = " ".join(run(folder, "--set", partial, "--lang", "en").stdout.split())
    assert "— criterion 3 (Poverty): no conclusion yet (no threshold yet): 0/4 communes met, 4 no threshold" in en
    md = run(folder, "--set", partial, "--format", "md").stdout
    assert "| 3 | Nghèo đa chiều | 0 | 0 | 0 | 0 | 4 | — |" in md
    assert "| 1 | Quy hoạch | 3 | 1 | 0 | 0 | 0 | 75% |" in md


def test_html_draws_no_0_percent_bar_for_an_undecidable_criterion(folder: Path, partial: Path):
    doc = run(folder, "--set", partial, "--format", "html").stdout
    bars = doc.split("<svg")[1]  # the first svg: the bars
    groups = bars.split("<g")[1:]
    assert len(groups) == 3
    assert 'class="undecided"' in groups[2] and "chưa có ngưỡng" in groups[2] and "<line" in groups[2]
    assert 'width="0.0"' not in groups[2] and "0%" not in groups[2]
    assert 'class="undecided"' not in groups[0] and "75%" in groups[0]
    assert "url(" not in doc


def test_no_unit_decidable_says_no_conclusion_yet(tmp_path: Path, tiny: Path):
    p = tmp_path / "criteria" / "t" / "chua-co.yaml"
    p.write_text(NO_THRESHOLDS, encoding="utf-8")
    folder = tmp_path / "hai"
    for stem in ("a", "d"):  # no value stated as not met: nothing can be decided without thresholds
        write_unit(folder, stem, UNITS[stem])
    r = run(folder, "--set", p)
    flat = " ".join(r.stdout.split())
    assert "Chưa có xã nào đạt chuẩn" not in flat
    assert "0/2 xã đạt chuẩn — chưa thể kết luận: bộ tiêu chí còn thiếu ngưỡng" in flat
    assert flat.count("chưa thể kết luận: bộ tiêu chí còn thiếu ngưỡng") == 1  # said once, not twice
    assert "0/2 xã đạt chuẩn (0%)" not in flat
    for fmt in ("md", "html"):
        out = " ".join(run(folder, "--set", p, "--format", fmt).stdout.split())
        assert out.count("chưa thể kết luận: bộ tiêu chí còn thiếu ngưỡng") == 1, fmt
        assert "Chưa có xã nào đạt chuẩn" not in out
    s = as_json(run(folder, "--set", p, "--format", "json"))["sets"][0]
    assert s["aggregates"]["meeting_set"]["percent"] is None
    assert all(c["percent_passed"] is None for c in s["aggregates"]["criteria"])


# --- user reports: numbering, criterion names, narrow terminals -------------------------------

def test_rows_are_numbered_within_each_section(tmp_path: Path, district: Path):
    crit = tmp_path / "criteria"
    md = run(district, "--criteria-dir", crit, "--format", "md").stdout
    huyen, xa = md.split("## Huyện")[1].split("## Xã")
    assert "| 1 | Huyện Thử |" in huyen
    assert "| 1 | A | D1 |" in xa and "| 2 | B | D1 |" in xa
    doc = run(district, "--criteria-dir", crit, "--format", "html").stdout
    assert re.search(r'<td class="num">1</td><td><a href="#u-\d+">A</a></td>', doc)  # linked to its drill-down
    assert re.search(r'<td class="num">2</td><td><a href="#u-\d+">B</a></td>', doc)
    table = run(district, "--criteria-dir", crit).stdout
    rows = [[c.strip() for c in ln.split("│")[1:-1]] for ln in table.splitlines() if ln.startswith("│")]
    matrix = [r for r in rows if any(c in ("Đ", "✗", "?") for c in r)]
    assert [r[:2] for r in matrix] == [["1", "Huyện Thử"], ["1", "A"], ["2", "B"]]


def test_a_criterion_whose_id_is_not_a_number(tmp_path: Path, tiny: Path):
    p = tmp_path / "criteria" / "t" / "tiny-p.yaml"
    p.write_text(TINY.replace("id: t/tiny-xa\n", "id: t/tiny-p\n").replace('  - id: "1"\n    title: Quy hoạch',
                                                                           '  - id: "P"\n    title: Điều kiện'),
                 encoding="utf-8")
    d = tmp_path / "p"
    write_unit(d, "a", UNITS["a"])
    for fmt in ("table", "md", "html"):
        out = " ".join(run(d, "--set", p, "--format", fmt).stdout.split())
        assert "tiêu chí số P" not in out and "100% số xã đạt tiêu chí P (Điều kiện): 1/1 xã" in out, fmt
    head = next(csv.reader(run(d, "--set", p, "--format", "csv").stdout.lstrip("\ufeff").splitlines()))
    assert head[11:14] == ["P", "TC2", "TC3"]


MANY = "schema_version: 1\nid: t/many\ntitle: Bộ nhiều tiêu chí\nlevel: xa\nstatus: demo\ncriteria:\n" + "".join(
    f'  - id: "{i}"\n    title: Tiêu chí thứ {i} có tên khá dài\n    indicators:\n'
    f'      - {{id: "{i}", title: Chỉ tiêu {i}, type: yes_no, threshold: {{value: true}}}}\n' for i in range(1, 20))


def test_matrix_is_readable_in_80_columns(tmp_path: Path):
    import io

    from rich.console import Console

    from ntm_eval.run.batch import run_batch
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.render.batch.table import render_to

    p = tmp_path / "criteria" / "t" / "many.yaml"
    p.parent.mkdir(parents=True)
    p.write_text(MANY, encoding="utf-8")
    d = tmp_path / "many"
    names = ["Phúc Lộc Thọ Bình An Hòa", "Bản Giang", "Nùng Nàng"]
    for k, name in enumerate(names):
        values = {str(i): (i + k) % 3 != 0 for i in range(1, 20)}
        write_unit(d, f"x{k}", {"unit": {"name": name, "level": "xa", "district": "Huyện Tam Đường Lai Châu"},
                                "values": values})
    buf = io.StringIO()
    with run_batch(str(d), Catalog(), set_ref=str(p)) as rep:
        render_to(rep, Console(file=buf, width=80, highlight=False, soft_wrap=False), "vi")
    out = buf.getvalue()
    lines = out.splitlines()
    assert max(len(ln) for ln in lines) <= 80
    marks: dict[str, int] = {}
    for ln in lines:  # matrix rows: the same unit appears once per column chunk
        cells = [c.strip() for c in ln.split("│")[1:-1]]
        if ln.startswith("│") and cells and cells[0].isdigit() and any(c in ("Đ", "✗") for c in cells):
            marks[cells[0]] = marks.get(cells[0], 0) + sum(c in ("Đ", "✗") for c in cells)
    assert marks == {"1": 19, "2": 19, "3": 19}, marks  # every mark is shown, none squeezed away
    headers = {c.strip() for ln in lines if ln.startswith("┃") for c in ln.split("┃")}
    assert {str(i) for i in range(1, 20)} <= headers  # no criterion column squeezed to nothing
    assert "Phúc Lộc Thọ" in out and "Chưa đạt" in out


# --- user reports: undecided units are "chưa thể kết luận", never failures ----------------------
#
# With t/partial (criterion 3 has no threshold; 2.1 none for region r2): A and D are open
# ("chưa có ngưỡng"), C is open ("thiếu dữ liệu" on 2.1), only B is found not to meet the set —
# the Tam Đường situation, where "0/11 xã đạt chuẩn (0%)" and "Chưa có xã nào đạt chuẩn" read as
# eleven failures while nine communes were undecided.

MIXED_VI = "0/4 xã đạt chuẩn — 1 chưa đạt, 3 chưa thể kết luận (2 chưa có ngưỡng, 1 thiếu dữ liệu)"


def test_set_summary_shows_failed_and_undecided_units_apart(tmp_path: Path, folder: Path, partial: Path):
    from openpyxl import load_workbook

    flat = " ".join(run(folder, "--set", partial).stdout.split())
    assert MIXED_VI in flat
    assert "Chưa xã nào được kết luận là đạt chuẩn; 3 chưa thể kết luận" in flat
    assert "Chưa có xã nào đạt chuẩn" not in flat and "0/4 xã đạt chuẩn (0%)" not in flat
    en = " ".join(run(folder, "--set", partial, "--lang", "en").stdout.split())
    assert "0/4 communes meet the whole set — 1 not met, 3 undecided (2 no threshold yet, 1 data missing)" in en
    assert "No commune meets the whole set yet" not in en
    for fmt in ("md", "html"):
        out = " ".join(run(folder, "--set", partial, "--format", fmt).stdout.replace("\\", "").split())
        assert "Chưa có xã nào đạt chuẩn" not in out and "0/4 xã đạt chuẩn (0%)" not in out, fmt
        assert "Chưa xã nào được kết luận là đạt chuẩn; 3 chưa thể kết luận" in out, fmt
        if fmt == "md":
            assert MIXED_VI in out
    doc = run(folder, "--set", partial, "--format", "html").stdout
    # the summary box: the undecided count stands beside the 0, marked
    assert ('<li class="open">0/4 xã đạt chuẩn — 1 chưa đạt, <strong class="undecided">3 chưa thể kết luận '
            '(2 chưa có ngưỡng, 1 thiếu dữ liệu)</strong></li>') in doc
    out = tmp_path / "r.xlsx"
    run(folder, "--set", partial, "--format", "xlsx", "--output", out)
    summary = [c.value for row in load_workbook(out)["Tổng hợp"].iter_rows() for c in row if c.value]
    assert MIXED_VI in summary and "Chưa có xã nào đạt chuẩn" not in summary
    a = as_json(run(folder, "--set", partial, "--format", "json"))
    assert (a["summary"]["meeting_set"], a["summary"]["not_meeting_set"], a["summary"]["undecided"]) == (0, 1, 3)
    m = a["sets"][0]["aggregates"]["meeting_set"]
    assert (m["count"], m["not_met"], m["undecided"], m["undecided_because"], m["percent_is_minimum"]) == \
        (0, 1, 3, ["no_threshold", "missing"], True)
    assert a["sets"][0]["aggregates"]["set_status_counts"] == {"pass": 0, "fail": 1, "missing": 1,
                                                               "not_applicable": 0, "no_threshold": 2}
    assert a["sets"][0]["aggregates"]["by_district"][0]["undecided"] == 1  # D1: A open, B not met
    md = run(folder, "--set", partial, "--format", "md").stdout  # by district: undecided beside "đạt chuẩn"
    assert "| Số xã đạt chuẩn | Chưa kết luận |" in md and "| D1 | P | 2 | 1 | 0 | 1 |" in md
    assert "| D2 | P | 2 | 1 | 0 | 2 |" in md


def test_all_decided_keeps_the_share_and_no_caveat(folder: Path, tiny: Path):
    flat = " ".join(run(folder, "--set", tiny).stdout.split())
    assert "1/4 xã đạt chuẩn (25%)" in flat and "chưa thể kết luận (" not in flat
    t2 = tiny.parent / "tiny-ok.yaml"  # a set every unit is decided on, for every criterion
    t2.write_text(TINY.replace("id: t/tiny-xa\n", "id: t/tiny-ok\n"), encoding="utf-8")
    d = folder.parent / "all-fail"
    write_unit(d, "b", UNITS["b"])
    flat = " ".join(run(d, "--set", t2).stdout.split())
    assert "0/1 xã đạt chuẩn (0%)" in flat and "Chưa có xã nào đạt chuẩn" in flat  # decided: said plainly
    assert "chỉ đếm tiêu chí đã đạt" not in flat


def test_average_says_it_counts_criteria_met_and_how_many_are_open(folder: Path, partial: Path):
    flat = " ".join(run(folder, "--set", partial).stdout.split())
    assert ("Bình quân 1 tiêu chí/xã (thấp nhất 0, cao nhất 2/3 tiêu chí) — chỉ đếm tiêu chí đã đạt; 1/3 tiêu chí "
            "chưa thể kết luận ở mọi xã (chưa có ngưỡng); 1 tiêu chí chưa kết luận ở một số xã") in flat
    en = " ".join(run(folder, "--set", partial, "--lang", "en").stdout.split())
    assert ("— counts only criteria met; 1/3 criteria undecided for every commune (no threshold yet); "
            "1 criterion undecided for some communes") in en
    for fmt in ("md", "html"):
        out = " ".join(run(folder, "--set", partial, "--format", fmt).stdout.split())
        assert "chỉ đếm tiêu chí đã đạt; 1/3 tiêu chí chưa thể kết luận ở mọi xã" in out, fmt
    a = as_json(run(folder, "--set", partial, "--format", "json"))["sets"][0]["aggregates"]
    assert (a["criteria_undecided_everywhere"], a["criteria_undecided_somewhere"]) == (["3"], ["2"])


def test_html_bar_of_a_partly_undecided_criterion_is_hatched_not_empty(folder: Path, partial: Path):
    doc = run(folder, "--set", partial, "--format", "html").stdout
    groups = doc.split("<svg")[1].split("</svg>")[0].split("<g")[1:]
    c1, c2 = groups[0], groups[1]
    # criterion 2: 1 met, 1 not met, 2 open (1 missing, 1 no threshold) of 4 — green, red, then hatched grey
    assert 'class="part-undecided"' in c2 and "<line" in c2
    assert 'fill="#2e7d32"' in c2 and 'fill="#c62828"' in c2 and 'width="90.0"' in c2  # 360 × 1/4
    assert "25% · 2 chưa kết luận" in c2
    assert 'width="180.0"' in c2  # the hatched share: 360 × 2/4
    assert "<line" not in c1 and "chưa kết luận" not in c1  # criterion 1: every unit decided
    en = run(folder, "--set", partial, "--format", "html", "--lang", "en").stdout
    assert "25% · 2 undecided" in en
    # a criterion decided as not met by every unit draws a red bar, not an empty one
    assert 'fill="#c62828"' in c1


def test_partial_coverage_warning_once_per_set_at_the_top(tmp_path: Path, folder: Path, partial: Path):
    from openpyxl import load_workbook

    for fmt in ("table", "md", "html", "csv"):
        r = run(folder, "--set", partial, "--format", fmt)
        out = " ".join((r.stderr if fmt == "csv" else r.stdout).replace("\\", "").split())  # csv: on stderr
        assert out.count(COVERAGE_VI) == 1, fmt
        if fmt != "csv":
            assert out.index(COVERAGE_VI) < out.index("Bộ tiêu chí tí hon"), fmt  # before the set's section
    out = tmp_path / "r.xlsx"
    run(folder, "--set", partial, "--format", "xlsx", "--output", out)
    summary = [c.value for row in load_workbook(out)["Tổng hợp"].iter_rows() for c in row if c.value]
    assert sum(COVERAGE_VI in str(v) for v in summary) == 1


HUYEN_PARTIAL = HUYEN.replace("id: t/tiny-huyen\n", "id: t/huyen-partial\n").replace("set: t/tiny-xa", "set: t/partial")


@pytest.fixture
def district_open(tmp_path: Path, partial: Path) -> Path:
    """Two districts whose communes are judged with t/partial: one held back by B (and A, D
    undecided), one with undecided communes only."""
    (tmp_path / "criteria" / "t" / "huyen-partial.yaml").write_text(HUYEN_PARTIAL, encoding="utf-8")
    root = tmp_path / "hai-huyen"
    for stem in ("a", "b", "d"):
        write_unit(root / "xa1", stem, UNITS[stem], criteria_set="t/partial")
    for stem in ("a", "d"):
        write_unit(root / "xa2", stem, UNITS[stem] | {"unit": UNITS[stem]["unit"] | {"name": stem.upper() + "2"}},
                   criteria_set="t/partial")
    for n in (1, 2):
        write_unit(root, f"huyen{n}", {"unit": {"name": f"Huyện {n}", "level": "huyen", "province": "P"},
                                       "values": {"2": True}}, criteria_set="t/huyen-partial", members=[f"xa{n}/"])
    return root


def test_district_rows_list_undecided_members_with_the_engines_status(tmp_path: Path, district_open: Path):
    from openpyxl import load_workbook

    from ntm_eval.run.check import check_file
    from ntm_eval.load.catalog import Catalog

    crit = tmp_path / "criteria"
    engine = {}
    for n in (1, 2):
        res = check_file(str(district_open / f"huyen{n}.yaml"), Catalog((str(crit),))).result
        ind = res.criteria[0].indicators[0]
        engine[n] = (ind.status, ind.held_back, ind.undecided)
    assert engine[1] == ("fail", ("B",), ("A", "D")) and engine[2][0] in ("no_threshold", "missing")
    assert engine[2][1:] == ((), ("A2", "D2"))
    flat = " ".join(run(district_open, "--criteria-dir", crit).stdout.split())
    assert ("chỉ tiêu 1 (Tỷ lệ xã đạt chuẩn nông thôn mới): Chưa đạt — 0/3 đạt; chưa đạt: B; "
            "chưa kết luận: 2 (A, D)") in flat
    label2 = {"no_threshold": "Chưa có ngưỡng", "missing": "Thiếu dữ liệu"}[engine[2][0]]
    assert f"chỉ tiêu 1 (Tỷ lệ xã đạt chuẩn nông thôn mới): {label2} — 0/2 đạt; chưa kết luận: 2 (A2, D2)" in flat
    en = " ".join(run(district_open, "--criteria-dir", crit, "--lang", "en").stdout.split())
    assert "Not met — 0/3 meet it; held back by: B; undecided: 2 (A, D)" in en
    for fmt in ("md", "html"):
        out = " ".join(run(district_open, "--criteria-dir", crit, "--format", fmt).stdout.split())
        assert "chưa đạt: B; chưa kết luận: 2 (A, D)" in out and "0/2 đạt; chưa kết luận: 2 (A2, D2)" in out, fmt
    units = {u["name"]: u for s in as_json(run(district_open, "--criteria-dir", crit, "--format", "json"))["sets"]
             for u in s["units"]}
    (fm1,), (fm2,) = units["Huyện 1"]["from_members"], units["Huyện 2"]["from_members"]
    assert (fm1["status"], fm1["held_back_by"], fm1["undecided_members"]) == ("fail", ["B"], ["A", "D"])
    assert (fm2["status"], fm2["held_back_by"], fm2["undecided_members"]) == (engine[2][0], [], ["A2", "D2"])
    out = tmp_path / "r.xlsx"
    run(district_open, "--criteria-dir", crit, "--format", "xlsx", "--output", out)
    rows = [[c.value for c in row] for row in load_workbook(out)["Đơn vị trực thuộc"].iter_rows()]
    assert rows[0][:7] == ["Đơn vị", "Kết quả", "Chỉ tiêu", "Kết quả", "Giá trị", "Đơn vị chưa đạt",
                           "Đơn vị chưa kết luận"]
    assert rows[1][:7] == ["Huyện 1", "Chưa đạt", "1", "Chưa đạt", "0/3", "B", "A, D"]
    assert rows[2][3:7] == [label2, "0/2", None, "A2, D2"]


def test_compact_row_carries_undecided_members_without_the_set(tmp_path: Path, district_open: Path):
    """Described from the result alone (no loaded set): an indicator with only undecided members
    is still a member rule."""
    from ntm_eval.run.batch import compact
    from ntm_eval.run.check import check_file
    from ntm_eval.load.catalog import Catalog

    outcome = check_file(str(district_open / "huyen2.yaml"), Catalog((str(tmp_path / "criteria"),)))
    (h,) = compact(0, "huyen2.yaml", outcome).held_back
    assert (h.indicator, h.names, h.undecided) == ("1", (), ("A2", "D2"))


def test_prerequisite_set_is_named_in_english(tmp_path: Path, tiny: Path):
    (tmp_path / "criteria" / "t" / "tiny-xa-nang-cao.yaml").write_text(NANG_CAO, encoding="utf-8")
    d = tmp_path / "nc"
    write_unit(d, "a", UNITS["a"], criteria_set="t/tiny-xa", values_for={"t/tiny-xa-nang-cao": {"10": 60}})
    en = " ".join(run(d, "--criteria-dir", tmp_path / "criteria", "--set", "t/tiny-xa-nang-cao", "--lang", "en")
                  .stdout.split())
    assert "1/1 commune meets the prerequisite set t/tiny-xa (Tiny commune criteria)" in en
    assert "Bộ tiêu chí tí hon xã nông thôn mới [" not in en  # no Vietnamese title in an English sentence
    # a prerequisite set without title_en: its id alone
    (tmp_path / "criteria" / "t" / "tiny-xa.yaml").write_text(TINY.replace("title_en: Tiny commune criteria\n", ""),
                                                              encoding="utf-8")
    en = " ".join(run(d, "--criteria-dir", tmp_path / "criteria", "--set", "t/tiny-xa-nang-cao", "--lang", "en")
                  .stdout.split())
    assert "1/1 commune meets the prerequisite set [t/tiny-xa]" in en and "prerequisite set Bộ" not in en


def test_prerequisite_undecided_units_are_not_counted_as_failing(tmp_path: Path, tiny: Path, partial: Path):
    nc = NANG_CAO.replace("requires: [t/tiny-xa]", "requires: [t/partial]")
    (tmp_path / "criteria" / "t" / "tiny-xa-nang-cao.yaml").write_text(nc, encoding="utf-8")
    d = tmp_path / "nc"
    write_unit(d, "a", UNITS["a"], criteria_set="t/partial", values_for={"t/tiny-xa-nang-cao": {"10": 60}})
    flat = " ".join(run(d, "--criteria-dir", tmp_path / "criteria", "--set", "t/tiny-xa-nang-cao").stdout.split())
    assert ("0/1 xã đạt chuẩn theo bộ điều kiện Bộ tiêu chí tí hon xã nông thôn mới [t/partial] — "
            "1 chưa thể kết luận (chưa có ngưỡng)") in flat


def test_docs_unknown_column_example_is_true(tmp_path: Path, monkeypatch):
    """docs/batch.md shows a real run with the demonstration set: the same input gives the same warning."""
    doc = (Path(__file__).parent.parent / "docs" / "batch.md").read_text(encoding="utf-8")
    block = doc.split("$ cat bang.csv\n")[1].split("```")[0]
    lines = block.splitlines()
    csv_text = "\n".join(lines[:2]) + "\n"
    assert lines[2] == "$ ntm-eval batch bang.csv --set demo/xa-ntm-minh-hoa --format json > kq.json"
    monkeypatch.chdir(tmp_path)
    Path("bang.csv").write_text(csv_text, encoding="utf-8")
    r = run("bang.csv", "--set", "demo/xa-ntm-minh-hoa", "--format", "json")
    assert lines[3] in r.stderr.splitlines()
    assert lines[3].endswith("có phải ý bạn là “8.1”?")
