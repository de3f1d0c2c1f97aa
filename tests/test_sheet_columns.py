"""A sheet's problems name the column as the user headed it ("cột “Vùng”"), never an internal field
(“unit.region”), and stand at the cell — also an empty one (a missing region at the Vùng cell,
not at the row's first cell); dates in a date column are read as officials write them (25/10/2024).
Each test writes only in its own tmp_path."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from ntm_eval.cli import main_group as main
from ntm_eval.io.sheet import _date_cell, iter_rows

OLD = "vn/2021-2025/xa-ntm"


def _batch(path: Path, tmp_path: Path, *args: str):
    out = tmp_path / "r.json"
    r = CliRunner().invoke(main, ["batch", str(path), "--format", "json", "-o", str(out), "--no-cache", *args])
    doc = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    return r.exit_code, r.output + (r.stderr or ""), [e for row in doc.get("errors", []) for e in row["errors"]]


def _csv(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "bang.csv"
    p.write_text(text, encoding="utf-8")
    return p


def _xlsx(tmp_path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    p = tmp_path / "bang.xlsx"
    wb.save(p)
    return p


def test_a_bad_region_names_the_vung_column_at_its_cell(tmp_path):
    p = _xlsx(tmp_path, [["STT", "Tên đơn vị", "Cấp", "Huyện", "Tỉnh", "Vùng", "Năm", "Bộ tiêu chí", "3.1"],
                         [1, "Xã A", "xã", "H", "", "r9", 2024, OLD, 85]])
    rc, out, errs = _batch(p, tmp_path)
    assert rc == 2, out
    (e,) = errs
    assert (e["code"], e["line"], e["col"]) == ("data.bad_class", 2, 6)
    assert e["message"].startswith(f"{p}: ô F2: lỗi: cột “Vùng”: “r9” không hợp lệ"), e["message"]
    assert "unit.region" not in out


def test_a_missing_region_is_at_the_empty_vung_cell(tmp_path):
    p = _xlsx(tmp_path, [["STT", "Tên đơn vị", "Cấp", "Huyện", "Tỉnh", "Vùng", "Năm", "Bộ tiêu chí", "3.1"],
                         [1, "Xã A", "xã", "H", "", "tn", 2024, OLD, 85],
                         [2, "Xã B", "xã", "H", "", None, 2024, OLD, 85]])
    rc, out, errs = _batch(p, tmp_path, "--lang", "en")
    assert rc == 2, out
    (e,) = errs
    assert (e["code"], e["line"], e["col"]) == ("data.no_class", 3, 6)  # F3, not A3
    assert e["message"].startswith(f"{p}: cell F3: error: the “Vùng” cell is empty"), e["message"]
    assert "--region" in e["message"]
    rc, out, errs = _batch(p, tmp_path, "--region", "tn")
    assert rc in (0, 1) and not errs, out


def test_without_a_vung_column_the_row_is_told_to_add_one(tmp_path):
    p = _csv(tmp_path, f"Tên đơn vị,Năm,Bộ tiêu chí,3.1\nXã A,2024,{OLD},85\n")
    rc, out, errs = _batch(p, tmp_path)
    assert rc == 2, out
    (e,) = errs
    assert (e["line"], e["col"]) == (2, None)
    assert "bảng không có cột “Vùng”" in e["message"] and "--region" in e["message"]


def test_year_problems_name_the_year_column(tmp_path):
    p = _csv(tmp_path, f"Tên xã,Vùng,Ghi chú,Năm,Bộ tiêu chí,3.1\nXã A,tn,x,20x4,{OLD},85\nXã B,tn,x,,{OLD},85\n")
    rc, out, errs = _batch(p, tmp_path)
    assert rc == 2, out
    got = {(e["code"], e["line"], e["col"]) for e in errs}
    assert got == {("data.bad_year", 2, 4), ("data.no_year", 3, 4)}, errs
    assert "cột “Năm”: năm “20x4” không hợp lệ" in out and "ô cột “Năm” để trống" in out


def test_a_bad_level_names_the_cap_column(tmp_path):
    p = _csv(tmp_path, f"Tên xã,Cấp,Vùng,Năm,Bộ tiêu chí,3.1\nXã A,làng,tn,2024,{OLD},85\n")
    rc, out, errs = _batch(p, tmp_path)
    assert rc == 2, out
    (e,) = errs
    assert (e["line"], e["col"]) == (2, 2) and "cột “Cấp”" in e["message"] and "“level”" not in e["message"]


def test_an_indicator_problem_keeps_its_indicator_and_cell(tmp_path):
    p = _csv(tmp_path, f"Tên xã,Vùng,Năm,Bộ tiêu chí,3.1\nXã A,tn,2024,{OLD},abc\n")
    rc, out, errs = _batch(p, tmp_path)
    assert rc == 2, out
    (e,) = errs
    assert (e["line"], e["col"], e["indicator"]) == (2, 5, "3.1")


# --- dates --------------------------------------------------------------------------------

def test_a_vietnamese_date_in_the_document_date_column_is_read(tmp_path):
    p = _csv(tmp_path, "Tên xã,Vùng,Năm,Bộ tiêu chí,TC1,Đơn vị xác nhận,Văn bản,Ngày văn bản\n"
                       f"Xã A,tn,2024,{OLD},Đạt,UBND huyện,Số 12/BC,25/10/2024\n"
                       f"Xã B,tn,2024,{OLD},Đạt,UBND huyện,Số 12/BC,ngày 5 tháng 3 năm 2024\n")
    rows = list(iter_rows(str(p)))
    assert [r.doc.data["criteria"]["1"]["date"] for r in rows] == ["2024-10-25", "2024-03-05"]
    rc, out, errs = _batch(p, tmp_path)
    assert rc in (0, 1) and not errs, out


def test_a_date_that_is_not_day_first_is_refused_showing_the_forms(tmp_path):
    p = _csv(tmp_path, "Tên xã,Vùng,Năm,Bộ tiêu chí,TC1,Đơn vị xác nhận,Ngày văn bản\n"
                       f"Xã A,tn,2024,{OLD},Đạt,UBND huyện,10/25/2024\n")
    rc, out, errs = _batch(p, tmp_path)
    assert rc == 2, out
    (e,) = errs
    assert (e["code"], e["line"], e["col"]) == ("schema.bad_date", 2, 7)
    assert "cột “Ngày văn bản”: ngày “10/25/2024” không hợp lệ" in e["message"]
    assert "25/10/2024" in e["message"] and "YYYY-MM-DD" in e["message"]


@given(st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 12, 31)),
       st.sampled_from(["/", "-", "."]), st.booleans())
def test_day_first_dates_read_as_iso(d, sep, pad):
    text = f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}" if pad else f"{d.day}{sep}{d.month}{sep}{d.year}"
    assert _date_cell(text) == d.isoformat()
    assert _date_cell(datetime.datetime(d.year, d.month, d.day)) == d.isoformat()  # an Excel date cell


def test_what_is_not_a_day_first_date_is_left_as_written():
    for s in ("31/02/2024", "10/25/2024", "25/10/24", "2024-10-25", "25/10-2024", "hôm qua"):
        assert _date_cell(s) == s


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(["Tên đơn vị", "Cấp", "Vùng", "Năm", "Bộ tiêu chí", "3.1"]), st.sampled_from(["", "r9"]))
def test_the_region_problem_stands_in_the_vung_column_wherever_it_is(tmp_path, order, region):
    cells = {"Tên đơn vị": "Xã A", "Cấp": "xã", "Vùng": region, "Năm": "2024", "Bộ tiêu chí": OLD, "3.1": "85"}
    p = tmp_path / "bang.csv"
    p.write_text(",".join(order) + "\n" + ",".join(cells[h] for h in order) + "\n", encoding="utf-8")
    rc, out, errs = _batch(p, tmp_path)
    assert rc == 2, out
    (e,) = errs
    assert (e["line"], e["col"]) == (2, order.index("Vùng") + 1)
    assert "cột “Vùng”" in e["message"] and "unit.region" not in e["message"]
