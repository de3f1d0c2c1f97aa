"""`ntm-eval new-set`: a provincial set scaffolded from a national one, filled in Excel, read back.

Every test writes only inside its own tmp_path. The worked example
`criteria/example/lai-chau-minh-hoa/2024/xa-ntm.yaml` is regenerated here through the XLSX route
(`fill_like_an_official`) and must equal the committed file.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from ntm_eval.cli import main_group
from ntm_eval.load.setsheet import COLUMNS, INFO_SHEET, META, SHEET

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_ID = "example/lai-chau-minh-hoa/2024/xa-ntm"
EXAMPLE = ROOT / "criteria" / f"{EXAMPLE_ID}.yaml"
NATIONAL = "vn/2021-2025/xa-ntm"
COL = {key: n for n, (key, _) in enumerate(COLUMNS, start=1)}


def run(*args: str):
    return CliRunner().invoke(main_group, list(args))


def scaffold_xlsx(tmp_path: Path, *extra: str, set_id: str = "lai-chau/2024/xa-ntm", years=("2024",)) -> Path:
    out = tmp_path / "bang-nguong.xlsx"
    res = run("new-set", NATIONAL, "--id", set_id, "--region", "tdmnpb", "--years", *years, *extra, "-o", str(out))
    assert res.exit_code == 0, res.output
    return out


def rows_by(ws) -> dict[tuple[str, int], int]:
    out: dict[tuple[str, int], int] = {}
    for r in range(2, ws.max_row + 1):  # the first row of an indicator and year (a duplicate comes later)
        out.setdefault((ws.cell(r, COL["id"]).value, ws.cell(r, COL["year"]).value), r)
    return out


def set_meta(wb, **values: str) -> None:
    info = wb[INFO_SHEET]
    labels = {label: key for key, label, _ in META}
    for row in info.iter_rows(min_col=1, max_col=2):
        key = labels.get(row[0].value)
        if key in values:
            row[1].value = values[key]


def fill(ws, iid: str, year: int, value: str | None, op: str | None = None, document: str | None = None,
         note: str | None = None) -> None:
    r = rows_by(ws)[(iid, year)]
    if op is not None:
        ws.cell(r, COL["op"]).value = op
    ws.cell(r, COL["value"]).value = value
    if document is not None:
        ws.cell(r, COL["document"]).value = document
    if note is not None:
        ws.cell(r, COL["note"]).value = note


# The worked example: every number INVENTED (status example, confidence demo).
EXAMPLE_VALUES = {
    "1": "đạt", "2": "đạt", "3.1": "85", "4": "đạt", "9": "đạt",
    "10": "36,5",            # a decimal comma, as typed in Vietnamese Excel
    "11": "17.10",           # kept as typed: 17.10, not 17.1
    "12": "65", "13": "đạt", "14.2": "đạt", "14.3": "đạt", "15.1": "85", "15.2": "đạt",
    "15.3": ("≤", "26"),     # the national comparator is unknown: the province gives it
    "16": "đạt", "17": "đạt", "17.nuoc-sach": "40", "18": "đạt", "18.4": "đạt",
    "18.binh-dang-gioi": "đạt", "19.1": "đạt",
}
EXAMPLE_NOTE = ("VÍ DỤ MINH HỌA — MỌI CON SỐ TRONG TỆP NÀY LÀ BỊA (confidence: demo), không phải bộ tiêu chí "
                "thật của tỉnh Lai Châu (QĐ 1285/QĐ-UBND ngày 27/9/2022 chưa được đọc). Tệp được tạo bằng "
                "ntm-eval new-set qua bảng Excel (tests/test_newset.py điền bảng như một cán bộ) để minh họa "
                "cách tỉnh tự xây dựng bộ tiêu chí. EXAMPLE ONLY: every number is invented.")


def fill_like_an_official(xlsx: Path) -> None:
    wb = load_workbook(xlsx)
    ws = wb[SHEET]
    rows = rows_by(ws)
    for iid, v in EXAMPLE_VALUES.items():
        op, value = v if isinstance(v, tuple) else (None, v)
        if op is None and value != "đạt" and not ws.cell(rows[(iid, 2024)], COL["op"]).value:
            op = "≥"  # the national comparator is unknown: the official picks it from the list
        fill(ws, iid, 2024, value, op=op)
    fill(ws, "3.1", 2024, "85", op="≥", note="Tỉnh siết ngưỡng (giả): 85% thay vì 80%")
    set_meta(wb, title="VÍ DỤ MINH HỌA (số liệu bịa): Bộ tiêu chí xã nông thôn mới tỉnh Lai Châu năm 2024",
             document="Quyết định minh họa số 0000/QĐ-UBND (KHÔNG CÓ THẬT)", date="2024-01-15",
             part="Phụ lục (minh họa)", issuer="UBND tỉnh Lai Châu (minh họa)", status="example",
             confidence="demo", note=EXAMPLE_NOTE)
    wb.save(xlsx)


def example_text(tmp_path: Path) -> str:
    xlsx = scaffold_xlsx(tmp_path, "--add", "3.1", set_id=EXAMPLE_ID)
    fill_like_an_official(xlsx)
    out = tmp_path / "criteria" / f"{EXAMPLE_ID}.yaml"
    out.parent.mkdir(parents=True)
    res = run("new-set", "--from-xlsx", str(xlsx), "-o", str(out))
    assert res.exit_code == 0, res.output
    return out.read_text(encoding="utf-8")


# --- 1. the YAML scaffold ----------------------------------------------------------------------
def test_yaml_scaffold_lists_the_unknowns_and_validates_as_written(tmp_path: Path):
    out = tmp_path / "criteria" / "lai-chau" / "2024" / "xa-ntm.yaml"
    out.parent.mkdir(parents=True)
    res = run("new-set", NATIONAL, "--id", "lai-chau/2024/xa-ntm", "--region", "tdmnpb",
              "--years", "2024", "2025", "--add", "3.1", "-o", str(out))
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert 'extends: "vn/2021-2025/xa-ntm"' in text and "status: provincial" in text
    assert "qd_tinh:" in text and "CẦN ĐIỀN" in text
    assert 'id: "10"' in text and 'id: "11"' in text and 'id: "17.nuoc-sach"' in text  # unknown for tdmnpb
    assert 'id: "3.2"' not in text and 'id: "15.4"' not in text  # known nationally: not listed
    assert 'id: "3.1"' in text and "≥ 80" in text  # --add: with the national value to tighten
    assert '2024: unknown' in text and '2025: unknown' in text
    assert 'op: "<="' in text  # the national comparator of 11 (poverty rate) where known
    v = run("validate", str(tmp_path / "criteria"))
    assert v.exit_code == 0, v.output
    assert "0 lỗi" in v.output


def test_usage_errors_exit_2(tmp_path: Path):
    out = tmp_path / "x.yaml"
    bad = run("new-set", NATIONAL, "--id", "lai-chau/2024/xa-ntm", "--years", "2024", "-o", str(out))
    assert bad.exit_code == 2 and "--region" in bad.output
    bad = run("new-set", NATIONAL, "--id", "lai-chau/2024/xa-ntm", "--region", "tdmnpb", "--add", "17.01",
              "-o", str(out))
    assert bad.exit_code == 2 and "--add 17.01" in bad.output and "có phải ý bạn là" in bad.output
    bad = run("new-set", NATIONAL, "--id", "lai-chau/2024/xa-ntm", "--region", "tdmnpb", "--years", "2019",
              "-o", str(out))
    assert bad.exit_code == 2 and "2019" in bad.output
    bad = run("new-set", NATIONAL, "--id", "lai-chau/2024/xa-ntm", "--region", "tdmnpb", "-o", str(tmp_path / "x.txt"))
    assert bad.exit_code == 2
    assert not out.exists()


# --- 2. the workbook -------------------------------------------------------------------------
def test_workbook_layout(tmp_path: Path):
    xlsx = scaffold_xlsx(tmp_path, years=("2024", "2025"))
    wb = load_workbook(xlsx)
    assert wb.sheetnames == [SHEET, INFO_SHEET]
    ws = wb[SHEET]
    assert [ws.cell(1, n).value for n in range(1, len(COLUMNS) + 1)] == [h for _, h in COLUMNS]
    assert all(ws.cell(1, n).data_type == "s" for n in range(1, len(COLUMNS) + 1))
    rows = rows_by(ws)
    assert ("10", 2024) in rows and ("10", 2025) in rows and ("3.2", 2024) not in rows
    assert ws.protection.sheet is True
    r = rows[("10", 2024)]
    for key in ("id", "title", "unit", "year", "parent"):
        assert ws.cell(r, COL[key]).protection.locked, key
    for key in ("op", "value", "document", "note"):
        assert not ws.cell(r, COL[key]).protection.locked, key
    assert ws.cell(r, COL["value"]).number_format == "@"  # 17.10 typed stays text
    dvs = ws.data_validations.dataValidation
    assert len(dvs) == 1 and dvs[0].type == "list" and dvs[0].formula1 == '"≥,≤,="'
    assert str(dvs[0].sqref) == f"D2:D{ws.max_row}"
    assert ws.cell(rows[("11", 2024)], COL["op"]).value == "≤"  # the known comparator, pre-filled
    info = wb[INFO_SHEET]
    meta = {row[0].value: row[1].value for row in info.iter_rows(min_col=1, max_col=2)}
    assert meta["Mã bộ tiêu chí (id)"] == "lai-chau/2024/xa-ntm"
    assert meta["Kế thừa bộ (extends)"] == NATIONAL and meta["Vùng"] == "tdmnpb" and meta["Các năm"] == "2024, 2025"
    assert any("HƯỚNG DẪN" in str(v) for v in meta)


def test_round_trip_keeps_values_as_typed_and_validates(tmp_path: Path):
    xlsx = scaffold_xlsx(tmp_path, years=("2024", "2025"))
    wb = load_workbook(xlsx)
    ws = wb[SHEET]
    fill(ws, "11", 2024, "17.10")
    fill(ws, "11", 2025, "15,5")
    fill(ws, "10", 2024, "42,5", op="≥")
    fill(ws, "1", 2024, "đạt")
    fill(ws, "12", 2025, 70, op="≥")  # a number cell, not text
    set_meta(wb, document="Quyết định 99/QĐ-UBND tỉnh A", date="2024-02-01")
    wb.save(xlsx)
    out = tmp_path / "criteria" / "lai-chau" / "2024" / "xa-ntm.yaml"
    out.parent.mkdir(parents=True)
    res = run("new-set", "--from-xlsx", str(xlsx), "-o", str(out))
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "2024: 17.10" in text and "2025: 15.5" in text and "2024: 42.5" in text and "2025: 70" in text
    assert '2025: unknown' in text  # left empty: still unknown
    assert 'document: "Quyết định 99/QĐ-UBND tỉnh A"' in text and 'date: "2024-02-01"' in text
    v = run("validate", str(tmp_path / "criteria"))
    assert v.exit_code == 0, v.output
    shown = json.loads(run("show", "lai-chau/2024/xa-ntm", "--region", "tdmnpb", "--year", "2024", "--format", "json",
                           "--criteria-dir", str(tmp_path / "criteria")).output)
    ind = {i["id"]: i for c in shown["criteria"] for i in c["indicators"]}
    assert (ind["11"]["op"], ind["11"]["threshold"]) == ("<=", 17.1)
    assert (ind["10"]["op"], ind["10"]["threshold"]) == (">=", 42.5)


def _problems(tmp_path: Path, edit) -> tuple[int, str, Path]:
    xlsx = scaffold_xlsx(tmp_path, "--add", "3.1", years=("2024", "2025"))
    wb = load_workbook(xlsx)
    set_meta(wb, document="Quyết định 99/QĐ-UBND tỉnh A")
    edit(wb, wb[SHEET])
    wb.save(xlsx)
    out = tmp_path / "set.yaml"
    res = run("new-set", "--from-xlsx", str(xlsx), "-o", str(out))
    assert not out.exists()  # nothing written when there is a problem
    return res.exit_code, res.output, xlsx


def test_every_bad_cell_is_reported_by_sheet_and_cell(tmp_path: Path):
    def edit(wb, ws):
        rows = rows_by(ws)
        fill(ws, "10", 2024, "bốn mươi", op="≥")                      # wrong type
        fill(ws, "12", 2024, "60", op=">")                             # comparator not in the list
        fill(ws, "15.1", 2024, "1.234,5", op="≥")                      # ambiguous number
        fill(ws, "17.nuoc-sach", 2024, "120", op="≥")                  # percent out of range
        fill(ws, "1", 2024, "60")                                      # a number for a yes/no indicator
        r = ws.max_row + 1
        for key, v in (("id", "10"), ("op", "≥"), ("value", "40"), ("year", 2024)):  # duplicate row
            ws.cell(r, COL[key]).value = v
        for key, v in (("id", "10"), ("op", "≥"), ("value", "40"), ("year", 2031)):  # year outside the set
            ws.cell(r + 1, COL[key]).value = v
        for key, v in (("id", "17.01"), ("op", "≥"), ("value", "40"), ("year", 2024)):  # the parent lacks it
            ws.cell(r + 2, COL[key]).value = v
        for key, v in (("op", "≥"), ("value", "40"), ("year", 2024)):  # empty required cell (mã)
            ws.cell(r + 3, COL[key]).value = v
        fill(ws, "13", 2024, "đạt", op="≥")                            # yes/no with ≥
        fill(ws, "3.1", 2024, "75", op="≥")                            # loosens the national ≥ 80
        assert rows

    code, out, xlsx = _problems(tmp_path, edit)
    assert code == 2
    ws = load_workbook(xlsx)[SHEET]
    rows = rows_by(ws)
    cell = lambda key, iid, y=2024: f"ô {chr(64 + COL[key])}{rows[(iid, y)]}"  # noqa: E731
    assert f"trang “Ngưỡng”, {cell('value', '10')} (Ngưỡng): “bốn mươi” không phải là số" in out
    assert f"{cell('op', '12')} (Phép so sánh): phép so sánh “>” không có trong danh sách (≥, ≤, =)" in out
    assert f"{cell('value', '15.1')}" in out and "cả dấu chấm và dấu phẩy" in out
    assert f"{cell('value', '17.nuoc-sach')}" in out and "tỷ lệ 120 nằm ngoài 0–100" in out
    assert f"{cell('value', '1')}" in out and "Đạt/Không đạt" in out
    assert "dòng trùng: chỉ tiêu 10 năm 2024 đã có ở ô A" in out
    assert "năm 2031 nằm ngoài các năm của bộ (2024, 2025)" in out
    assert "không có chỉ tiêu “17.01”" in out and "có phải ý bạn là" in out
    assert "ô bắt buộc đang trống" in out
    assert f"{cell('op', '13')}" in out and "chỉ dùng phép so sánh “=”" in out
    assert f"{cell('value', '3.1')}" in out and "nới lỏng ngưỡng của bộ vn/2021-2025/xa-ntm (≥ 80)" in out
    assert "chưa ghi tệp nào" in out


def test_loosening_allowed_with_a_reason_and_a_document(tmp_path: Path):
    def edit(wb, ws):
        fill(ws, "3.1", 2024, "75", op="≥", note="Xã vùng cao, địa hình chia cắt",
             document="Công văn 123/BNNPTNT cho phép (minh họa)")
    xlsx = scaffold_xlsx(tmp_path, "--add", "3.1", years=("2024", "2025"))
    wb = load_workbook(xlsx)
    set_meta(wb, document="Quyết định 99/QĐ-UBND tỉnh A")
    edit(wb, wb[SHEET])
    wb.save(xlsx)
    out = tmp_path / "criteria" / "lai-chau" / "2024" / "xa-ntm.yaml"
    out.parent.mkdir(parents=True)
    res = run("new-set", "--from-xlsx", str(xlsx), "-o", str(out))
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "2024: 75" in text and "Công văn 123/BNNPTNT" in text and "Xã vùng cao" in text
    assert run("validate", str(tmp_path / "criteria")).exit_code == 0


def test_a_moved_or_merged_header_stops_the_reading(tmp_path: Path):
    def moved(wb, ws):
        ws.move_range("E1:E1", cols=5)  # "Ngưỡng" header moved from E1 to J1
    code, out, _ = _problems(tmp_path, moved)
    assert code == 2 and "ô E1: cột “Ngưỡng” đã bị chuyển sang ô J1" in out

    def merged(wb, ws):
        ws.merge_cells("A1:B1")
    (tmp_path / "m").mkdir()
    code, out, _ = _problems(tmp_path / "m", merged)
    assert code == 2 and "ô A1:B1: hàng tiêu đề có ô bị gộp" in out


def test_never_writes_over_the_workbook_it_reads(tmp_path: Path):
    xlsx = scaffold_xlsx(tmp_path)
    before = xlsx.read_bytes()
    res = run("new-set", "--from-xlsx", str(xlsx), "-o", str(xlsx))
    assert res.exit_code == 2 and xlsx.read_bytes() == before


# --- 4. the worked example -------------------------------------------------------------------
def test_worked_example_is_what_the_xlsx_route_produces(tmp_path: Path):
    text = example_text(tmp_path)
    assert EXAMPLE.read_text(encoding="utf-8") == text, "regenerate: see docs/provincial-sets.md"
    assert "status: example" in text and "confidence: demo" in text and "BỊA" in text
    assert text.count("confidence: demo") == text.count("confidence:")  # every value is demo
    assert "2024: 17.10" in text and "2024: 36.5" in text
    v = run("validate", str(EXAMPLE))
    assert v.exit_code == 0, v.output


def tam_duong_communes() -> list[Path]:
    """The Tam Đường communes filed for xã NTM (a file for NTM nâng cao numbers its indicators
    differently and is left out)."""
    import yaml

    files = sorted((ROOT / "examples" / "tam-duong" / "xa").glob("*.yaml"))
    return [f for f in files if yaml.safe_load(f.read_text(encoding="utf-8")).get("criteria_set") in (None, NATIONAL)]


def decided(set_id: str, files: list[Path]) -> tuple[Counter, dict[str, set[str]]]:
    """Indicator statuses over the communes, and per indicator the statuses it got."""
    res = run("check", *map(str, files), "--set", set_id, "--year", "2024", "--format", "json")
    assert res.exit_code in (0, 1), res.output
    docs = json.loads(res.stdout)
    docs = docs if isinstance(docs, list) else [docs]
    assert len(docs) == len(files)
    inds = [i for d in docs for c in d["criteria"] for i in c["indicators"]]
    per: dict[str, set[str]] = {}
    for i in inds:
        per.setdefault(i["id"], set()).add(i["status"])
    return Counter(i["status"] for i in inds), per


def test_example_decides_by_computation_what_the_national_set_cannot():
    files = tam_duong_communes()
    assert len(files) >= 10
    before, per_before = decided(NATIONAL, files)
    after, per_after = decided(EXAMPLE_ID, files)
    computed = lambda s: s["pass"] + s["fail"]  # noqa: E731
    assert computed(after) > computed(before) and after["no_threshold"] < before["no_threshold"]
    # thresholds the national set lacks for tdmnpb in 2024 are now computed (income, poverty, labour, …)
    for iid in ("10", "11", "12", "15.1", "17.nuoc-sach"):
        assert per_before[iid] == {"no_threshold"}, iid
        assert per_after[iid] <= {"pass", "fail", "missing"} and per_after[iid] & {"pass", "fail"}, iid
