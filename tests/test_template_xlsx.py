"""`ntm-eval template SET --format xlsx` (issue 13, deliverable 1): the data-entry workbook an
official fills in Excel, read back by `ntm-eval batch FILE.xlsx` unchanged.

Headers stored as text and equal to the indicator ids ("1.10" stays 1.10); the "(mô tả)" row under
them skipped by the sheet reader; drop-downs, decimal and whole-number validations with the
threshold as input message; frozen panes; the instructions sheet; a round trip against equivalent
YAML unit files; a bad cell named as Excel names it ("ô F12"); random member names round-trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write
from ntm_eval.cli import main_group

REPO = Path(__file__).resolve().parent.parent
# indicator ids of t/xa-ntm (conftest), in the set's order, composite parts in place of "4"
IDS = ["1.1", "1.10", "2", "3", "4.a", "4.b", "5.1", "6.3", "17.1"]
CRITERIA = ["1", "2", "3", "4", "5", "6", "17"]


def invoke(*args: Any) -> Any:
    return CliRunner().invoke(main_group, [str(a) for a in args], catch_exceptions=False)


def template(crit_dir: Path, out: Path, *extra: Any, set_id: str = "t/xa-ntm") -> Any:
    res = invoke("template", set_id, "--criteria-dir", crit_dir, "--format", "xlsx", "-o", out, *extra)
    assert res.exit_code == 0, res.output
    return res


def sheet(path: Path, n: int = 0):
    from openpyxl import load_workbook

    return load_workbook(path).worksheets[n]


def header(ws) -> list[Any]:
    return [c.value for c in ws[1]]


def col_of(ws, name: str) -> int:
    return header(ws).index(name) + 1


# --- the workbook ------------------------------------------------------------------------------

def test_headers_are_text_and_equal_to_indicator_ids(crit_dir: Path, tmp_path: Path):
    out = tmp_path / "mau.xlsx"
    template(crit_dir, out, "--region", "r1", "--year", "2024")
    ws = sheet(out)
    head = header(ws)
    assert all(c.data_type == "s" for c in ws[1]), [(c.coordinate, c.data_type) for c in ws[1] if c.data_type != "s"]
    assert head[:10] == ["STT", "Tên đơn vị", "Mã đơn vị", "Cấp", "Huyện", "Tỉnh", "Vùng", "Nhóm đặc thù", "Năm",
                         "Bộ tiêu chí"]  # "Hợp nhất từ" only for a 51/2025 commune set (test_unitsfin_template.py)
    assert [h for h in head if h in IDS] == IDS  # "1.10" stays 1.10, one column per indicator
    assert [h for h in head if str(h).startswith("TC")] == [f"TC{c}" for c in CRITERIA]
    assert head[-3:] == ["Đơn vị xác nhận", "Văn bản", "Ngày văn bản"]
    # every header is one the reader knows: the unit fields, the criteria, the ids
    from ntm_eval.io.sheet_headers import FIELDS, IGNORED, criterion_header, header_key

    for h in head:
        assert h in IDS or header_key(h) in FIELDS or header_key(h) in IGNORED or criterion_header(h), h
    # the description row: the threshold resolved for r1 (1.1: ≥ 80%, not r2's 90)
    desc = {h: ws.cell(row=2, column=n).value for n, h in enumerate(head, start=1)}
    assert desc["STT"] == "(mô tả)"
    assert "Tỷ lệ thôn có nhà văn hóa" in desc["1.1"] and "≥ 80%" in desc["1.1"] and "90" not in desc["1.1"]
    assert "Đơn vị: km" in desc["1.10"] and "≥ 5 km" in desc["1.10"]
    # one blank unit row, prefilled with what the template knows
    row = {h: ws.cell(row=3, column=n).value for n, h in enumerate(head, start=1)}
    assert (row["STT"], row["Tên đơn vị"], row["Cấp"], row["Vùng"], row["Năm"], row["Bộ tiêu chí"]) == \
        (1, None, "xã", "r1", 2024, "t/xa-ntm")
    assert all(c.value is None for c in ws[4])  # spare rows keep formats and drop-downs only


def test_validations_and_formats(crit_dir: Path, tmp_path: Path):
    out = tmp_path / "mau.xlsx"
    template(crit_dir, out, "--region", "r1", "--units", "A, B")
    ws = sheet(out)
    letter = {h: ws.cell(row=1, column=n).column_letter for n, h in enumerate(header(ws), start=1)}
    by_col = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in ws.data_validations.dataValidation}
    yes_no = by_col[letter["2"]]
    assert yes_no.type == "list" and yes_no.formula1 == '"Đạt,Chưa đạt"'
    assert "Ngưỡng: Đạt" in yes_no.prompt and yes_no.showInputMessage
    assert str(yes_no.sqref).startswith(f"{letter['2']}3:")
    pct = by_col[letter["17.1"]]
    assert (pct.type, pct.operator, pct.formula1, pct.formula2) == ("decimal", "between", "0", "100")
    assert "≥ 95%" in pct.prompt and pct.errorStyle in (None, "stop")
    assert ws[f"{letter['17.1']}3"].number_format == "0.0#"
    optional = by_col[letter["5.1"]]  # "nếu có": "Không áp dụng" may be typed (a warning, not a stop)
    assert optional.type == "decimal" and optional.errorStyle == "warning" and "Không áp dụng" in optional.prompt
    counts = by_col[letter["1.1"]]  # counts "9/10" stay text, never a date
    assert counts.type is None and "9/10" not in counts.prompt and "12/14" in counts.prompt
    assert ws[f"{letter['1.1']}3"].number_format == "@"
    verdict = by_col[letter["TC1"]]
    assert verdict.type == "list" and verdict.formula1 == '"Đạt,Chưa đạt"'
    region = by_col[letter["Vùng"]]
    assert region.type == "list" and region.formula1 == '"r1,r2"'
    assert ws[f"{letter['Tên đơn vị']}3"].number_format == "@"


def test_whole_numbers_for_counts_and_not_applicable_for_optional_yes_no(tmp_path: Path):
    out = tmp_path / "demo.xlsx"
    res = invoke("template", "demo/xa-ntm-minh-hoa", "--region", "tdmnpb", "--format", "xlsx", "-o", out)
    assert res.exit_code == 0, res.output
    ws = sheet(out)
    letter = {h: ws.cell(row=1, column=n).column_letter for n, h in enumerate(header(ws), start=1)}
    by_col = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in ws.data_validations.dataValidation}
    clubs = by_col[letter["4.2"]]  # "câu lạc bộ": a count
    assert (clubs.type, clubs.operator, clubs.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert ws[f"{letter['4.2']}3"].number_format == "0"
    assert by_col[letter["2.3"]].formula1 == '"Đạt,Chưa đạt,Không áp dụng"'  # optional yes/no
    assert by_col[letter["8.3"]].formula1 == '"Đạt,Chưa đạt"'
    assert "7.1.a" in letter and "7.1" not in letter  # a composite's parts, not the composite


def test_frozen_panes_widths_and_instructions(crit_dir: Path, tmp_path: Path):
    out = tmp_path / "mau.xlsx"
    template(crit_dir, out, "--region", "r1")
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert wb.sheetnames == ["Số liệu", "Hướng dẫn"]
    ws = wb["Số liệu"]
    assert ws.freeze_panes == "C3"  # the two header rows, STT and the name
    assert ws.column_dimensions["B"].width >= 20
    assert (ws.print_title_rows, ws.print_title_cols, ws.page_setup.orientation) == ("$1:$2", "$A:$B", "landscape")
    text = "\n".join(str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value)
    for phrase in ("HƯỚNG DẪN NHẬP SỐ LIỆU — t/xa-ntm", "THIẾU DỮ LIỆU", "12/14", "phẩy thập phân",
                   "ntm-eval batch mau.xlsx", "Không áp dụng", "TC1", "Đơn vị xác nhận", "ô F12"):
        assert phrase in text, phrase
    en = tmp_path / "en.xlsx"
    template(crit_dir, en, "--region", "r1", "--lang", "en")
    wb = load_workbook(en)
    assert wb.sheetnames == ["Data", "Instructions"]
    assert wb["Data"]["A2"].value == "(description)"
    assert "HOW TO ENTER THE DATA" in wb["Instructions"]["A1"].value
    assert header(wb["Data"]) == header(sheet(out))  # the headers are the data format: the same


def test_the_description_row_is_skipped_by_the_reader(crit_dir: Path, tmp_path: Path):
    from openpyxl import load_workbook

    from ntm_eval.io.sheet import iter_rows

    out = tmp_path / "mau.xlsx"
    template(crit_dir, out, "--region", "r1", "--units", "Xã A,Xã B")
    rows = list(iter_rows(str(out)))
    assert [(r.row, r.doc.data["unit"]["name"]) for r in rows] == [(3, "Xã A"), (4, "Xã B")]
    assert all(r.doc.data["values"] == {} for r in rows)
    # without its mark, the same row is read as a unit: the skip is the mark's doing
    wb = load_workbook(out)
    wb.worksheets[0]["A2"] = None
    wb.save(out)
    rows = list(iter_rows(str(out)))
    assert rows[0].row == 2 and rows[0].doc.data["unit"]["name"] == "Thông tin đơn vị"


def test_the_mark_is_skipped_only_right_under_the_header(tmp_path: Path):
    from ntm_eval.io.sheet import iter_rows

    csv = write(tmp_path / "b.csv", "Tên đơn vị;Năm;2.1\n;;\n(mô tả);;tỷ lệ\nA;2024;5\n(mô tả);2024;6\n")
    rows = list(iter_rows(str(csv)))
    assert [(r.row, r.doc.data["unit"].get("name")) for r in rows] == [(4, "A"), (5, "(mô tả)")]


# --- members -----------------------------------------------------------------------------------

def test_members_from_a_district_file_a_folder_and_a_list(tmp_path: Path):
    from ntm_eval.io.sheet import iter_rows

    district = REPO / "examples" / "tam-duong" / "huyen-tam-duong-2024.yaml"
    out = tmp_path / "huyen.xlsx"
    res = invoke("template", "vn/2021-2025/xa-ntm", "--region", "tdmnpb", "--year", "2024", "--format", "xlsx",
                 "-o", out, "--members", district)
    assert res.exit_code == 0, res.output
    assert "bỏ qua 1 đơn vị không phải cấp xã" in res.stderr  # the town is not a commune
    rows = [r.doc.data["unit"] for r in iter_rows(str(out))]
    assert len(rows) == 12 and rows[0]["name"] == "Bản Bo" and "Sơn Bình" in [u["name"] for u in rows]
    assert {(u["district"], u["province"], u["region"]) for u in rows} == {("Tam Đường", "Lai Châu", "tdmnpb")}
    folder = tmp_path / "xa.xlsx"
    res = invoke("template", "vn/2021-2025/xa-ntm", "--format", "xlsx", "-o", folder,
                 "--members", REPO / "examples" / "tam-duong" / "xa")
    assert res.exit_code == 0, res.output
    assert [r.doc.data["unit"]["name"] for r in iter_rows(str(folder))] == [u["name"] for u in rows]
    assert {r.doc.data["year"] for r in iter_rows(str(folder))} == {2024}  # the files' own year (no --year)
    names = write(tmp_path / "ds.txt", "# danh sách xã\nXã Một\n\n  Xã Hai  \n")
    lst = tmp_path / "ds.xlsx"
    res = invoke("template", "vn/2021-2025/xa-ntm", "--format", "xlsx", "-o", lst, "--members", names)
    assert res.exit_code == 0, res.output
    assert [r.doc.data["unit"]["name"] for r in iter_rows(str(lst))] == ["Xã Một", "Xã Hai"]
    # a sheet of units (names and districts only, no indicator column), or last year's workbook
    plain = write(tmp_path / "ds.csv", "Tên đơn vị;Huyện\nXã Một;Huyện A\nXã Hai;Huyện A\n")
    want = {plain: [("Xã Một", "Huyện A"), ("Xã Hai", "Huyện A")], lst: [("Xã Một", None), ("Xã Hai", None)]}
    for src, expected in want.items():
        again = tmp_path / f"lai-{src.suffix[1:]}.xlsx"
        res = invoke("template", "vn/2021-2025/xa-ntm", "--format", "xlsx", "-o", again, "--members", src)
        assert res.exit_code == 0, res.output
        assert [(r.doc.data["unit"]["name"], r.doc.data["unit"].get("district")) for r in iter_rows(str(again))] \
            == expected


def test_usage_errors(crit_dir: Path, tmp_path: Path):
    r = CliRunner().invoke(main_group, ["template", "t/xa-ntm", "--criteria-dir", str(crit_dir), "--format", "xlsx"])
    assert r.exit_code == 2 and "--output" in r.stderr
    r = CliRunner().invoke(main_group, ["template", "t/xa-ntm", "--criteria-dir", str(crit_dir), "--units", "A"])
    assert r.exit_code == 2 and "--format xlsx" in r.stderr
    r = CliRunner().invoke(main_group, ["template", "t/xa-ntm", "--criteria-dir", str(crit_dir), "--format", "xlsx",
                                        "-o", str(tmp_path / "x.xlsx"), "--members", str(tmp_path / "none.txt")])
    assert r.exit_code == 2 and "none.txt" in r.stderr and not (tmp_path / "x.xlsx").exists()
    names = write(tmp_path / "ds.txt", "Xã Một\n")
    r = CliRunner().invoke(main_group, ["template", "t/xa-ntm", "--criteria-dir", str(crit_dir), "--format", "xlsx",
                                        "-o", str(names), "--members", str(names)])
    assert r.exit_code == 2 and names.read_text(encoding="utf-8") == "Xã Một\n"  # never written over its input


def test_yaml_stays_the_default(crit_dir: Path, tmp_path: Path):
    plain = invoke("template", "t/xa-ntm", "--criteria-dir", crit_dir).stdout
    assert plain == invoke("template", "t/xa-ntm", "--criteria-dir", crit_dir, "--format", "yaml").stdout
    assert plain.startswith("#") and '"1.10": null' in plain
    out = tmp_path / "mau.yaml"
    invoke("template", "t/xa-ntm", "--criteria-dir", crit_dir, "-o", out)
    assert out.read_text(encoding="utf-8") == plain
    book = tmp_path / "mau.xlsx"  # the suffix says xlsx
    assert invoke("template", "t/xa-ntm", "--criteria-dir", crit_dir, "-o", book).exit_code == 0
    assert header(sheet(book))[:2] == ["STT", "Tên đơn vị"]


# --- round trip --------------------------------------------------------------------------------

FILLED: dict[str, dict[str, Any]] = {
    # name → {column: cell value as an official types it}
    "Xã A": {"1.1": "9/10", "1.10": 6, "2": "Đạt", "3": 3.5, "4.a": 60, "4.b": "Đạt", "5.1": "Không áp dụng",
             "6.3": 75, "17.1": 96, "TC6": "Đạt", "Đơn vị xác nhận": "Phòng Văn hóa huyện",
             "Văn bản": "Biên bản thẩm tra số 12/BB", "Ngày văn bản": "2024-10-25"},
    "Xã B": {"1.1": "7/10", "1.10": "4,5", "2": "Chưa đạt", "17.1": 96.5, "TC4": "Đạt",
             "Đơn vị xác nhận": "Phòng NN&PTNT", "Văn bản": "Biên bản 3", "Ngày văn bản": "2024-11-02"},
    "Xã C": {},
}
# the same units as YAML data files
YAML_VALUES: dict[str, dict[str, Any]] = {
    "Xã A": {"1.1": {"numerator": 9, "denominator": 10}, "1.10": 6, "2": "đạt", "3": 3.5, "4.a": 60, "4.b": "đạt",
             "5.1": "không áp dụng", "6.3": 75, "17.1": 96},
    "Xã B": {"1.1": {"numerator": 7, "denominator": 10}, "1.10": "4,5", "2": "chưa đạt", "17.1": 96.5},
    "Xã C": {},
}
YAML_CRITERIA = {
    "Xã A": {"6": {"verdict": "đạt", "by": "Phòng Văn hóa huyện", "document": "Biên bản thẩm tra số 12/BB",
                   "date": "2024-10-25"}},
    "Xã B": {"4": {"verdict": "đạt", "by": "Phòng NN&PTNT", "document": "Biên bản 3", "date": "2024-11-02"}},
}


def fill(path: Path, rows: dict[str, dict[str, Any]]) -> None:
    """Type values into the unit rows as an official would (openpyxl, cells by header)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.worksheets[0]
    cols = {h: n for n, h in enumerate(header(ws), start=1)}
    for r in range(3, ws.max_row + 1):
        name = ws.cell(row=r, column=cols["Tên đơn vị"]).value
        for key, value in rows.get(name, {}).items():
            ws.cell(row=r, column=cols[key], value=value)
    wb.save(path)


def test_round_trip_equals_yaml_files(crit_dir: Path, tmp_path: Path):
    out = tmp_path / "bang.xlsx"
    template(crit_dir, out, "--region", "r1", "--year", "2024", "--units", ",".join(FILLED))
    fill(out, FILLED)
    res = CliRunner().invoke(main_group, ["batch", str(out), "--criteria-dir", str(crit_dir), "--format", "json"])
    assert res.exit_code == 1, res.output  # evaluated, not all met; no unit refused
    got = json.loads(res.stdout)
    assert got["errors"] == [] and got["warnings"] == []
    units = {u["name"]: u for s in got["sets"] for u in s["units"]}
    assert list(units) == list(FILLED)
    for name, values in YAML_VALUES.items():
        data = {"unit": {"name": name, "level": "xa", "region": "r1"}, "year": 2024, "criteria_set": "t/xa-ntm",
                "values": values}
        if name in YAML_CRITERIA:
            data["criteria"] = YAML_CRITERIA[name]
        f = write(tmp_path / "yaml" / f"{len(name)}-{name[-1]}.yaml", yaml.safe_dump(data, allow_unicode=True))
        chk = CliRunner().invoke(main_group, ["check", str(f), "--criteria-dir", str(crit_dir), "--format", "json"])
        assert chk.exit_code in (0, 1), chk.output
        want = json.loads(chk.stdout)
        u = units[name]
        assert u["criteria"] == {c["id"]: c["status"] for c in want["criteria"]}, name
        assert u["bases"] == {c["id"]: c.get("basis") for c in want["criteria"]}, name
        assert (u["status"], u["passed"], u["year"]) == (want["status"], want["summary"]["passed"], 2024)
    assert units["Xã A"]["criteria"]["6"] == "pass" and units["Xã A"]["bases"]["6"] == "computed"
    assert units["Xã B"]["bases"]["4"] == "attested"  # no data: the attested verdict decides
    assert set(units["Xã C"]["criteria"].values()) == {"missing"}


def test_a_bad_cell_is_named_as_excel_names_it(crit_dir: Path, tmp_path: Path):
    out = tmp_path / "bang.xlsx"
    names = [f"Xã {i}" for i in range(1, 11)]  # rows 3 … 12
    template(crit_dir, out, "--region", "r1", "--units", ",".join(names))
    ws = sheet(out)
    assert ws["G1"].value == "Vùng"  # after STT, name, “Mã đơn vị”, level, district, province
    fill(out, {"Xã 10": {"Vùng": "r9", "17.1": "nhiều"}})
    res = CliRunner().invoke(main_group, ["batch", str(out), "--criteria-dir", str(crit_dir), "--format", "json"])
    assert res.exit_code == 2
    assert f"{out}: ô G12: lỗi:" in res.stderr and "r9" in res.stderr
    letter = ws.cell(row=1, column=col_of(ws, "17.1")).column_letter
    assert f"{out}: ô {letter}12: lỗi:" in res.stderr and "nhiều" in res.stderr
    assert "bang.xlsx:12:7" not in res.stderr
    err = json.loads(res.stdout)["errors"][0]["errors"]
    assert {(e["line"], e["col"]) for e in err} >= {(12, 7)}  # JSON keeps line and column
    en = CliRunner().invoke(main_group, ["batch", str(out), "--criteria-dir", str(crit_dir), "--lang", "en"])
    assert f"{out}: cell G12: error:" in en.stdout  # the table report lists the unit's errors


def test_cell_names():
    from ntm_eval.errors import Problem, cell_name, column_letter
    from ntm_eval.messages import format_problem

    assert [column_letter(n) for n in (1, 6, 26, 27, 52, 53, 702, 703)] == \
        ["A", "F", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]
    assert cell_name(12, 6) == "F12"
    p = Problem("sheet.missing_cells", "bang.xlsx", 12, 6, {"cells": 1, "headers": 2})
    assert format_problem(p, "vi").startswith("bang.xlsx: ô F12: lỗi: ")
    assert format_problem(p, "en").startswith("bang.xlsx: cell F12: error: ")
    csv = Problem("sheet.missing_cells", "bang.csv", 12, 6, {"cells": 1, "headers": 2})
    assert format_problem(csv, "vi").startswith("bang.csv:12:6: lỗi: ")  # CSV keeps row:column
    row = Problem("sheet.bad_xlsx", "bang.XLSX", 7, None, {"detail": "x"})
    assert format_problem(row, "vi").startswith("bang.XLSX: dòng 7: lỗi: ")


# --- property: member names round-trip ---------------------------------------------------------

NAMES = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff"),
                min_size=1, max_size=40)


def _norm(s: str) -> str:
    from ntm_eval.run.template import clean_name

    return clean_name(s)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(NAMES.filter(lambda s: _norm(s) and not _norm(s).startswith("#")), min_size=1, max_size=6))
def test_random_member_names_round_trip(tmp_path: Path, names: list[str]):
    from ntm_eval.io.sheet import iter_rows
    from ntm_eval.run.describe import describe_set
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.render.template_xlsx import write_template
    from ntm_eval.run.template import read_members

    lst = tmp_path / "ds.txt"
    lst.write_text("\n".join(names) + "\n", encoding="utf-8")
    units = read_members(str(lst)).units
    assert [u.name for u in units] == [_norm(n) for n in names]
    cat = Catalog(())
    cset = cat.get("demo/xa-ntm-minh-hoa")
    d = describe_set(cset, 2024, "tdmnpb", cat.get)
    out = tmp_path / "h.xlsx"
    with open(out, "wb") as fh:
        write_template(d, list(units), fh, "vi", "tdmnpb", cset.categories)
    rows = list(iter_rows(str(out)))
    assert [r.doc.data["unit"]["name"] for r in rows] == [_norm(n) for n in names]  # "=1+1" is no formula
    assert [r.row for r in rows] == list(range(3, 3 + len(names)))
