"""Criterion verdicts in CSV/XLSX sheets (issue 10, the sheet part): a column headed by a
criterion ("TC1", "Tiêu chí số 1", "TC1 Quy hoạch"…) holds Đạt/Chưa đạt for the whole
criterion, attested by the sheet; a bare number ("10") is a criterion or an indicator and the
cell decides; "Số tiêu chí đạt" is the row's own count, checked against the tool's; and the
tool's own CSV/XLSX batch output reads back as input.

Every test writes only inside its own tmp_path.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from conftest import not_units as _not_units, batch_json
from ntm_eval.cli import main_group
from ntm_eval.io.sheet import iter_rows
from ntm_eval.io.sheet_headers import criterion_header

ROOT = Path(__file__).resolve().parent.parent
DEMO = "demo/xa-ntm-minh-hoa"

# Criterion 1 is one yes/no indicator "1"; criterion 3 has no indicator "3"; criterion 10 is
# one number indicator "10" (as in the national set); criterion 13 sits next to 3 and 1.
SET = """\
schema_version: 1
id: t/sheet-verdicts
title: Bộ thử cột tiêu chí
level: xa
status: demo
years: [2024]
criteria:
  - id: "1"
    title: Quy hoạch
    indicators:
      - {id: "1", title: Có quy hoạch, type: yes_no, threshold: {value: true}}
  - id: "3"
    title: Điện
    indicators:
      - {id: "3.1", title: Tỷ lệ hộ dùng điện, type: percent, threshold: {op: ">=", value: 95}}
  - id: "10"
    title: Thu nhập
    indicators:
      - {id: "10", title: Thu nhập bình quân, type: number, unit: triệu đồng/người,
         threshold: {op: ">=", value: 40}}
  - id: "13"
    title: Tổ chức sản xuất
    indicators:
      - {id: "13.1", title: Có hợp tác xã, type: yes_no, threshold: unknown}
"""


@pytest.fixture
def cset(tmp_path: Path) -> Path:
    p = tmp_path / "criteria" / "t" / "sheet-verdicts.yaml"
    p.parent.mkdir(parents=True)
    p.write_text(SET, encoding="utf-8")
    return p


def write_csv(path: Path, rows: list[list[Any]], delimiter: str = ",") -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def run(*args: Any):
    return CliRunner().invoke(main_group, ["batch", *map(str, args)], catch_exceptions=False)


as_json = batch_json  # conftest: the report without the unattested-verdicts summary


def units(result) -> list[dict[str, Any]]:
    doc = as_json(result)
    return [u for s in doc["sets"] for u in s["units"]]


def errors(result) -> list[dict[str, Any]]:
    return [e for u in as_json(result)["errors"] for e in u["errors"]]


def results(sheet: Path, set_path: Path) -> list[Any]:
    """Each row's full result (criterion basis and attestation, which the batch row drops)."""
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.load.unit import read_unit
    from ntm_eval.run.check import check_raw

    catalog = Catalog()
    out = []
    for row in iter_rows(str(sheet)):
        outcome = check_raw(read_unit(row.doc), catalog, str(set_path))
        assert outcome.result is not None, outcome.problems
        out.append({c.id: c for c in outcome.result.criteria})
    return out


# --- header forms ------------------------------------------------------------------------------

@pytest.mark.parametrize("header", ["1", "01", "TC1", "TC 1", "tc01", "TC  1", "Tiêu chí 1",
                                    "TIÊU CHÍ 1", "Tiêu chí số 1", "Tieu chi so 1", "TC1 Quy hoạch",
                                    "Tiêu chí 1: Quy hoạch", "Tiêu chí số 1 - Quy hoạch", "TC1 (Quy hoạch)", "C1",
                                    "Criterion 1"])
def test_a_criterion_column_in_every_form_officials_type(tmp_path: Path, header: str):
    sheet = write_csv(tmp_path / "bang.csv", [["Tên xã", "Năm", header, "3.1"], ["A", "2024", "Đạt", "96"]])
    (row,) = iter_rows(str(sheet))
    (key,) = row.doc.data["criteria"]
    assert key in ("1", "01")
    assert row.doc.data["criteria"][key] == {"verdict": "đạt", "document": "bang.csv, dòng 2"}  # no "by"
    assert row.doc.where(("criteria", key)) == (2, 3) and row.doc.where(("criteria", key, "verdict")) == (2, 3)
    assert row.doc.data["values"] == {"3.1": "96"} and row.doc.where(("values", "3.1")) == (2, 4)


@pytest.mark.parametrize("header", ["TC1.2", "Tiêu chí 17.1", "Tổng số TC đạt", "Cấp", "c1.2", "TC", "Tiêu chí",
                                    "1.1", "Tiêu chí 1a", "１"])
def test_what_is_not_a_criterion_header(header: str):
    assert criterion_header(header) is None


def test_header_numbers_map_to_the_criterion_never_another():
    headers = ("TC 9", "Tiêu chí số 09", "TC13", "TC 3", "C19")
    assert [criterion_header(h) for h in headers] == ["9", "9", "13", "3", "19"]


def test_the_tool_s_own_output_headers_are_recognised(tmp_path: Path):
    """A sheet of criterion columns only (the header found by its "TC" names)."""
    sheet = write_csv(tmp_path / "bang.csv", [["BẢNG TỔNG HỢP NĂM 2024"], ["Tên xã", "TC1", "TC3"],
                                              ["A", "Đạt", "Chưa đạt"]])
    (row,) = iter_rows(str(sheet))
    assert row.row == 3 and row.doc.data["unit"] == {"name": "A"}
    assert {k: v["verdict"] for k, v in row.doc.data["criteria"].items()} == {"1": "đạt", "3": "chưa đạt"}


def test_two_columns_for_one_criterion_are_refused(tmp_path: Path, cset: Path):
    sheet = write_csv(tmp_path / "bang.csv", [["Tên xã", "Năm", "TC1", "Tiêu chí số 1"], ["A", "2024", "Đạt", "Đạt"]])
    r = run(sheet, "--set", cset, "--format", "json")
    (e,) = errors(r)
    assert r.exit_code == 2 and e["code"] == "sheet.duplicate_header" and (e["line"], e["col"]) == (1, 4)


# --- the cell decides (a bare number is a criterion or an indicator) ---------------------------

def test_a_bare_number_column_the_cell_decides(tmp_path: Path, cset: Path):
    """"10" is criterion 10 and indicator 10: 45 is the income, Đạt the criterion's verdict. "3"
    names no indicator of the set: Đạt there is criterion 3's verdict, never an unknown id."""
    sheet = write_csv(tmp_path / "bang.csv", [
        ["Tên xã", "Năm", "1", "3", "10", "13"],
        ["A", "2024", "x", "Đạt", "45", "Chưa đạt"],
        ["B", "2024", "true", "Chưa đạt", "Đạt", ""],
        ["C", "2024", "chưa đạt", "", "30", "Đạt"],
    ])
    a, b, c = iter_rows(str(sheet))
    assert a.doc.data["values"] == {"1": "x", "10": "45"} and set(a.doc.data["criteria"]) == {"3", "13"}
    assert b.doc.data["values"] == {"1": "true"} and set(b.doc.data["criteria"]) == {"3", "10"}
    assert b.doc.where(("criteria", "10", "verdict")) == (3, 5)
    assert c.doc.data["criteria"]["1"]["verdict"] == "chưa đạt"  # Chưa đạt is a verdict, "x"/"true" values
    r = run(sheet, "--set", cset, "--format", "json")
    assert r.exit_code == 1 and as_json(r)["errors"] == [], r.stderr
    assert [u["criteria"] for u in units(r)] == [
        {"1": "pass", "3": "pass", "10": "pass", "13": "fail"},
        {"1": "pass", "3": "fail", "10": "pass", "13": "no_threshold"},
        {"1": "fail", "3": "missing", "10": "fail", "13": "pass"},
    ]
    ra, rb, rc = results(sheet, cset)
    assert (ra["10"].basis, ra["10"].attestation) == ("computed", None)  # 45 ≥ 40: the numbers decide
    assert rb["10"].basis == "attested" and rb["10"].attestation.document == "bang.csv, dòng 3"
    assert not rb["10"].attestation.sourced and rb["10"].attestation.to_dict()["unsourced"] is True
    assert rc["1"].basis == "attested" and rc["10"].basis == "computed"


def test_a_criterion_column_beside_the_bare_number_leaves_it_to_the_indicator(tmp_path: Path, cset: Path):
    """With "TC10" in the sheet, "10" is the indicator 10 only: a verdict there is not a number."""
    sheet = write_csv(tmp_path / "bang.csv", [["Tên xã", "Năm", "10", "TC10 Thu nhập"],
                                              ["A", "2024", "45", "Đạt"], ["B", "2024", "Đạt", ""]])
    a, b = iter_rows(str(sheet))
    assert a.doc.data["values"] == {"10": "45"} and a.doc.data["criteria"]["10"]["verdict"] == "đạt"
    assert b.doc.data["values"] == {"10": "Đạt"} and "criteria" not in b.doc.data
    r = run(sheet, "--set", cset, "--format", "json")
    (e,) = errors(r)
    assert e["code"] == "data.expected_number" and (e["line"], e["col"]) == (3, 3)


def test_a_criterion_verdict_meets_the_computed_one(tmp_path: Path, cset: Path):
    """Computed wins; a contradicting sheet verdict is a conflict (core/verdicts.py)."""
    sheet = write_csv(tmp_path / "bang.csv", [["Tên xã", "Năm", "10", "TC10"], ["A", "2024", "30", "Đạt"]])
    (r10,) = [r["10"] for r in results(sheet, cset)]
    assert (r10.status, r10.basis, r10.conflict) == ("fail", "computed", True)


def test_open_labels_are_no_verdict(tmp_path: Path, cset: Path):
    """The tool's labels for an open criterion (and "Không áp dụng" under a criterion heading)
    say nothing about it: no verdict, no error."""
    sheet = write_csv(tmp_path / "bang.csv", [["Tên xã", "Năm", "TC1", "TC3", "Tiêu chí 10", "13"],
                                              ["A", "2024", "Thiếu dữ liệu", "Chưa có ngưỡng", "Không áp dụng",
                                               "No data"]])
    (row,) = iter_rows(str(sheet))
    assert "criteria" not in row.doc.data and row.doc.data["values"] == {}
    r = run(sheet, "--set", cset, "--format", "json")
    assert as_json(r)["errors"] == [] and units(r)[0]["criteria"]["1"] == "missing"


def test_who_attested_comes_from_the_row(tmp_path: Path, cset: Path):
    sheet = write_csv(tmp_path / "bang.csv", [
        ["Tên xã", "Năm", "TC3", "TC13", "Cơ quan thẩm định", "Số văn bản", "Ngày văn bản"],
        ["A", "2024", "Đạt", "Đạt", "Phòng KT-HT huyện", "BB 12/BB", "2024-08-20"],
        ["B", "2024", "Đạt", "", "", "", ""],
    ])
    a, b = iter_rows(str(sheet))
    assert a.doc.data["criteria"]["13"] == {"verdict": "đạt", "by": "Phòng KT-HT huyện", "document": "BB 12/BB",
                                            "date": "2024-08-20", "note": "bang.csv, dòng 2"}
    assert a.doc.where(("criteria", "3", "by")) == (2, 5) and a.doc.where(("criteria", "3", "date")) == (2, 7)
    assert b.doc.data["criteria"]["3"] == {"verdict": "đạt", "document": "bang.csv, dòng 3"}
    ra, rb = results(sheet, cset)
    att = ra["13"].attestation
    assert (att.by, att.document, att.date, att.sourced) == ("Phòng KT-HT huyện", "BB 12/BB", "2024-08-20", True)
    assert ra["13"].status == "pass" and ra["13"].basis == "attested"
    assert rb["3"].attestation.to_dict()["unsourced"] is True


@pytest.mark.parametrize("header", ["Đơn vị xác nhận", "Cơ quan xác nhận", "Đơn vị thẩm định", "Cơ quan thẩm tra"])
def test_attesting_body_headers(tmp_path: Path, header: str):
    sheet = write_csv(tmp_path / "bang.csv", [["Tên xã", header, "Văn bản", "TC1"], ["A", "Sở X", "CV 1", "đạt"]])
    (row,) = iter_rows(str(sheet))
    assert row.doc.data["criteria"]["1"]["by"] == "Sở X" and row.doc.data["criteria"]["1"]["document"] == "CV 1"


def test_xlsx_verdicts_and_dates(tmp_path: Path, cset: Path):
    import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Tên xã", "Năm", "10", "TC3", "Ngày xác nhận", "Số tiêu chí đạt"])
    ws.append(["A", 2024, 45, "Đạt", datetime.datetime(2024, 8, 20), 2])
    ws.append(["B", 2024, "Đạt", True, None, "2/4"])
    path = tmp_path / "bang.xlsx"
    wb.save(path)
    a, b = iter_rows(str(path))
    assert a.doc.data["values"] == {"10": 45} and a.doc.data["criteria"]["3"]["date"] == "2024-08-20"
    assert b.doc.data["criteria"]["10"]["verdict"] == "đạt" and b.doc.data["criteria"]["3"]["verdict"] is True
    r = run(path, "--set", cset, "--format", "json")
    assert as_json(r)["errors"] == [] and as_json(r)["warnings"] == []
    assert [u["criteria"]["3"] for u in units(r)] == ["pass", "pass"]


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("header,cell,code", [
    ("TC3", "khá", "data.bad_verdict"),
    ("TC3", "95", "data.bad_verdict"),      # a criterion heading never holds an indicator's value
    ("Tiêu chí 10", "x", "data.bad_verdict"),
    ("1", "khá", "data.expected_bool"),     # a bare number: the indicator 1 (yes/no) says what it needs
    ("10", "nhiều", "data.expected_number"),
])
def test_a_bad_verdict_cell_is_a_located_error(tmp_path: Path, cset: Path, header: str, cell: str, code: str):
    sheet = write_csv(tmp_path / "bang.csv", [["Tên xã", "Năm", "3.1", header], ["A", "2024", "96", "Đạt"],
                                              ["B", "2024", "96", cell]])
    r = run(sheet, "--set", cset, "--format", "json")
    assert r.exit_code == 2
    (e,) = errors(r)
    assert e["code"] == code and (e["file"], e["line"], e["col"]) == (str(sheet), 3, 4)
    assert f"{sheet}:3:4: lỗi:" in r.stderr and cell in e["message"]
    assert as_json(r)["summary"]["evaluated"] == 1  # the other row is still evaluated


@pytest.mark.parametrize("header", ["TC30", "Tiêu chí số 14", "30", "TC 2"])
def test_a_criterion_the_set_lacks_is_a_located_error_listing_the_set_s_criteria(tmp_path: Path, cset: Path,
                                                                                 header: str):
    sheet = write_csv(tmp_path / "bang.csv", [["Tên xã", "Năm", "3.1", header], ["A", "2024", "96", "Đạt"]])
    r = run(sheet, "--set", cset, "--format", "json")
    (e,) = errors(r)
    assert e["code"] == "data.unknown_criterion" and (e["line"], e["col"]) == (2, 4)
    assert "(các tiêu chí: 1, 3, 10, 13)" in e["message"]
    assert "có phải ý bạn" not in e["message"]  # "30" is never "3", "14" never "13" or "1"


def test_an_empty_bare_number_column_is_not_warned_about(tmp_path: Path, cset: Path):
    """An empty "3" (criterion 3 of the set, no indicator 3) gets no "did you mean 13"."""
    sheet = write_csv(tmp_path / "bang.csv", [["Tên xã", "Năm", "3", "3.1"], ["A", "2024", "", "96"]])
    r = run(sheet, "--set", cset, "--format", "json")
    assert as_json(r)["warnings"] == [] and as_json(r)["errors"] == []


# --- the row's own count -----------------------------------------------------------------------

COUNT_HEAD = ["Tên xã", "Năm", "1", "3.1", "10", "TC13"]


@pytest.mark.parametrize("header", ["Số tiêu chí đạt", "Tổng số TC đạt", "Số TC đạt", "Tổng số tiêu chí đạt"])
def test_claimed_count_is_checked_against_the_computed_one(tmp_path: Path, cset: Path, header: str):
    sheet = write_csv(tmp_path / "bang.csv", [
        COUNT_HEAD + [header],
        ["A", "2024", "x", "96", "45", "Đạt", "4"],      # right
        ["B", "2024", "x", "90", "45", "Đạt", "4"],      # 3.1 fails: 3, not 4
        ["C", "2024", "x", "96", "", "", "12/19"],       # 2 met (10 missing, 13 open); and the set has 4
    ])
    r = run(sheet, "--set", cset, "--format", "json")
    assert r.exit_code == 1 and as_json(r)["errors"] == []  # warnings never change the exit code
    ws = as_json(r)["warnings"]
    assert [(w["code"], w["line"], w["col"], w["severity"]) for w in ws] == [
        ("sheet.claimed_met", 3, 7, "warning"), ("sheet.claimed_met", 4, 7, "warning"),
        ("sheet.claimed_total", 4, 7, "warning")]
    assert "bảng ghi B đạt 4 tiêu chí, nhưng ntm-eval đếm được 3/4 tiêu chí đạt" in ws[0]["message"]
    assert "2 tiêu chí chưa kết luận" in ws[1]["message"]
    assert "bảng ghi tổng số 19 tiêu chí cho C, nhưng bộ t/sheet-verdicts có 4 tiêu chí" in ws[2]["message"]
    assert f"{sheet}:3:7: cảnh báo:" in r.stderr
    table = run(sheet, "--set", cset).stdout
    assert "Cảnh báo về dữ liệu đầu vào" in table and f"{sheet}:3:7" in table
    en = as_json(run(sheet, "--set", cset, "--format", "json", "--lang", "en"))["warnings"][0]["message"]
    assert "the sheet says B meets 4 criteria, but ntm-eval counts 3/4 met" in en


def test_claimed_count_with_jobs_and_its_total_column(tmp_path: Path, cset: Path):
    sheet = write_csv(tmp_path / "bang.csv", [
        COUNT_HEAD + ["Số tiêu chí đạt", "Tổng số tiêu chí"],
        ["A", "2024", "x", "96", "45", "Đạt", "3", "4"],
        ["B", "2024", "x", "96", "45", "Đạt", "4", "5"],
    ])
    for jobs in ("1", "2"):
        ws = as_json(run(sheet, "--set", cset, "--format", "json", "--jobs", jobs))["warnings"]
        assert [(w["code"], w["line"], w["col"]) for w in ws] == [("sheet.claimed_met", 2, 7),
                                                                   ("sheet.claimed_total", 3, 8)]


def test_an_unreadable_claimed_count_is_a_warning_and_a_broken_row_is_not_checked(tmp_path: Path, cset: Path):
    sheet = write_csv(tmp_path / "bang.csv", [
        COUNT_HEAD + ["Số tiêu chí đạt"],
        ["A", "2024", "x", "96", "45", "Đạt", "mười hai"],
        ["B", "2024", "x", "nhiều", "45", "Đạt", "1"],  # not evaluated: its count is not compared
    ])
    r = run(sheet, "--set", cset, "--format", "json")
    (w,) = _not_units(as_json(r)["warnings"])
    assert (w["code"], w["line"], w["col"]) == ("sheet.bad_claimed", 2, 7) and "mười hai" in w["message"]
    assert r.exit_code == 2 and [e["code"] for e in errors(r)] == ["data.expected_number"]


# --- the tool's own output reads back ----------------------------------------------------------

def demo_folder(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Demo-set communes: the two tutorial files and variants of them (other regions, other
    figures), so that every status shows up. Returns the folder and each file's region."""
    d = tmp_path / "xa"
    d.mkdir()
    demo = ROOT / "examples" / "demo"
    for name in ("tutorial-2021.yaml", "tutorial-2024.yaml"):
        shutil.copy(demo / name, d / name)
    y2021, y2024 = (yaml.safe_load((demo / n).read_text(encoding="utf-8")) for n in ("tutorial-2021.yaml",
                                                                                    "tutorial-2024.yaml"))
    variants = {
        "dong-bang": (y2024, {"region": "dbsh", "categories": []}, {"2.1": 97, "5": 45, "6": 3.2, "8.1": 95}, {}),
        "tay-nguyen": (y2024, {"region": "tn", "name": "Tây Minh"}, {"1": "chưa đạt", "4.1": 12, "8.1": 99}, {}),
        "du-lieu-thieu": (y2024, {"region": "btb", "name": "Thiếu Số"}, {"2.1": None, "3.1": None, "5": None}, {}),
        "dat-chuan": (y2024, {"name": "Đạt Chuẩn"}, {"3.1": {"numerator": 1184, "denominator": 1184}, "3.2": 90,
                                                   "4.1": {"numerator": 12, "denominator": 12}, "5": 60,
                                                   "6": {"numerator": 10, "denominator": 1184}, "8.1": 99}, {}),
        # given verdicts: 5 decided by one (2021 has no income threshold), 4 a conflict (computed fail)
        "xac-nhan": (y2021, {"name": "Xác Nhận"}, {},
                     {"5": {"verdict": "đạt", "by": "Chi cục Thống kê (hư cấu)"}, "4": "đạt"}),
    }
    for stem, (base, unit, values, verdicts) in variants.items():
        doc = {**base, "unit": {**base["unit"], **unit}, "values": {**base["values"], **values}}
        if verdicts:
            doc["criteria"] = verdicts
        (d / f"{stem}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    regions = {p.name: yaml.safe_load(p.read_text(encoding="utf-8"))["unit"]["region"] for p in d.glob("*.yaml")}
    return d, regions


def statuses(result) -> list[tuple[str, str, dict[str, str]]]:
    return [(u["name"], u["status"], u["criteria"]) for u in units(result)]


def add_region_csv(src: Path, dst: Path, regions: dict[str, str]) -> None:
    """What the official adds to the tool's CSV before reading it back: the unit's region."""
    rows = list(csv.reader(src.read_text(encoding="utf-8-sig").splitlines()))
    head = next(i for i, r in enumerate(rows) if len(r) > 2)
    file_col = 1  # "Tệp" / "File"
    rows[head].append("Vùng")
    for r in rows[head + 1:]:
        r.append(regions[Path(r[file_col]).name])
    write_csv(dst, rows)


@pytest.mark.parametrize("lang", ["vi", "en"])

def test_csv_output_reads_back_as_input(tmp_path: Path, lang: str):
    d, regions = demo_folder(tmp_path)
    first = run(d, "--set", DEMO, "--format", "json")
    assert first.exit_code == 1 and as_json(first)["errors"] == [], first.stderr
    out = tmp_path / "ket-qua.csv"
    assert run(d, "--set", DEMO, "--format", "csv", "--lang", lang, "--output", out).exit_code == 1
    # read as it is, the output lacks only the region the demo set's thresholds depend on
    again = run(out, "--set", DEMO, "--format", "json")
    assert {e["code"] for e in errors(again)} == {"data.no_class"}
    back = tmp_path / "nhap-lai.csv"
    add_region_csv(out, back, regions)
    again = run(back, "--set", DEMO, "--format", "json")
    assert as_json(again)["errors"] == [] and _not_units(as_json(again)["warnings"]) == [], again.stderr  # counts agree
    assert statuses(again) == statuses(first)
    assert {st for _, _, c in statuses(first) for st in c.values()} >= {"pass", "fail", "missing", "no_threshold"}
    assert {st for _, st, _ in statuses(first)} == {"pass", "fail"}
    assert again.exit_code == first.exit_code


def test_xlsx_output_reads_back_as_input(tmp_path: Path):
    from openpyxl import load_workbook

    d, regions = demo_folder(tmp_path)
    first = run(d, "--set", DEMO, "--format", "json")
    out = tmp_path / "ket-qua.xlsx"
    assert run(d, "--set", DEMO, "--format", "xlsx", "--output", out).exit_code == 1
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Tổng hợp"  # the matrix is not the first sheet: it is found by its header
    ws = wb["Ma trận"]
    col = ws.max_column + 1
    ws.cell(1, col, "Vùng")
    for r in range(2, ws.max_row + 1):
        ws.cell(r, col, regions[Path(ws.cell(r, 2).value).name])
    back = tmp_path / "nhap-lai.xlsx"
    wb.save(back)
    again = run(back, "--set", DEMO, "--format", "json")
    assert as_json(again)["errors"] == [] and _not_units(as_json(again)["warnings"]) == [], again.stderr
    assert statuses(again) == statuses(first)
    assert units(again)[0]["file"] == f"{back}:2"


def test_an_edited_count_in_the_output_is_caught(tmp_path: Path):
    d, regions = demo_folder(tmp_path)
    out = tmp_path / "ket-qua.csv"
    run(d, "--set", DEMO, "--format", "csv", "--output", out)
    back = tmp_path / "nhap-lai.csv"
    add_region_csv(out, back, regions)
    rows = list(csv.reader(back.read_text(encoding="utf-8-sig").splitlines()))
    head = next(i for i, r in enumerate(rows) if len(r) > 2)
    met = rows[head].index("Số tiêu chí đạt")
    rows[head + 1][met] = str(int(rows[head + 1][met]) + 1)
    write_csv(back, rows)
    (w,) = _not_units(as_json(run(back, "--set", DEMO, "--format", "json"))["warnings"])
    assert (w["code"], w["line"], w["col"]) == ("sheet.claimed_met", head + 2, met + 1)


def test_xlsx_first_sheet_with_a_header_is_read(tmp_path: Path, cset: Path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Ghi chú"
    wb.active.append(["Bảng này gửi Phòng NN huyện"])
    ws = wb.create_sheet("Số liệu")
    ws.append(["Tên xã", "Năm", "3.1", "TC13"])
    ws.append(["A", 2024, 96, "Đạt"])
    path = tmp_path / "bang.xlsx"
    wb.save(path)
    (row,) = iter_rows(str(path))
    assert row.doc.data["unit"]["name"] == "A" and row.doc.data["criteria"]["13"]["verdict"] == "đạt"


# --- the docs ----------------------------------------------------------------------------------

def test_docs_verdict_example_is_true(tmp_path: Path, monkeypatch):
    """docs/batch.md shows a sheet of criterion verdicts and what the batch says about it."""
    doc = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    block = doc.split("$ cat tong-hop.csv\n")[1].split("```")[0]
    lines = block.splitlines()
    cmd = next(i for i, line in enumerate(lines) if line.startswith("$ "))
    assert lines[cmd] == f"$ ntm-eval batch tong-hop.csv --set {DEMO} --format json > kq.json"
    monkeypatch.chdir(tmp_path)
    Path("tong-hop.csv").write_text("\n".join(lines[:cmd]) + "\n", encoding="utf-8")
    r = run("tong-hop.csv", "--set", DEMO, "--format", "json")
    assert [line for line in r.stderr.splitlines() if "cảnh báo" in line or "lỗi" in line] == lines[cmd + 1:]
    assert next(u["criteria"] for u in units(r))["1"] == "pass"
