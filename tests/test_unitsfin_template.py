"""Issue 14: `ntm-eval template` offers the official unit code ("Mã đơn vị", `unit.code`) and, for a
51/2025 commune set (in force from 1/7/2025), the old communes merged (`merged_from`, "Hợp nhất từ"),
with a hint in Vietnamese (English with --lang en); a template filled in reads back — YAML with
`check`, the workbook with `batch`. Units checked by hand: Bình Lư 03390 (Lai Châu, since 1/7/2025)
formed from Thị trấn Tam Đường 03390, Bình Lư 03412 and Sơn Bình 03413. Writes only in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ntm_eval.cli import main_group
from ntm_eval.load import adminunits as au

NEW = "vn/2026-2030/xa-ntm"
OLD = "vn/2021-2025/xa-ntm"
units_data = pytest.mark.skipif(not au.available(), reason="the units dataset (ntm-eval[units]) is not installed")


def invoke(*args):
    return CliRunner().invoke(main_group, [str(a) for a in args], catch_exceptions=False)


def _header(path: Path) -> list:
    from openpyxl import load_workbook

    return [c.value for c in load_workbook(path).worksheets[0][1]]


def _unit_block(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("unit:")
    end = next(n for n in range(start + 1, len(lines)) if not lines[n].startswith("  "))
    return lines[start:end]


# --- what the templates offer ----------------------------------------------------------------

def test_yaml_scaffold_of_a_51_2025_set_offers_code_and_merged_from_commented():
    out = invoke("template", NEW)
    assert out.exit_code == 0, out.output
    block = "\n".join(_unit_block(out.stdout))
    assert '  # code: "03390"  # mã đơn vị hành chính (tùy chọn; 5 chữ số' in block
    assert '  # merged_from: ["03412", "03413"]  # xã hình thành ngày 01/7/2025' in block
    assert "  # province:" in block
    # as printed, still a valid data file: the new lines are comments
    assert yaml.safe_load(out.stdout)["unit"] == {"name": "Tên đơn vị", "level": "xa", "group": "1"}
    en = invoke("template", NEW, "--lang", "en").stdout
    assert "official administrative unit code (optional; 5 digits" in en
    assert "a commune formed on 1/7/2025: the old communes it was merged from" in en


def test_a_2021_2025_set_offers_the_code_but_not_merged_from():
    text = invoke("template", OLD).stdout
    block = "\n".join(_unit_block(text))
    assert "# code:" in block and "merged_from" not in text


def test_workbook_of_a_51_2025_set_has_the_columns_with_their_hints(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "mau.xlsx"
    assert invoke("template", NEW, "--group", "2", "-o", out).exit_code == 0
    head = _header(out)
    assert head[:8] == ["STT", "Tên đơn vị", "Mã đơn vị", "Cấp", "Huyện", "Tỉnh", "Hợp nhất từ", "Nhóm xã"]
    ws = load_workbook(out).worksheets[0]
    desc = {h: ws.cell(row=2, column=n).value for n, h in enumerate(head, start=1)}
    assert "Mã đơn vị hành chính (5 chữ số" in desc["Mã đơn vị"]
    assert "01/7/2025" in desc["Hợp nhất từ"] and "03412; 03413" in desc["Hợp nhất từ"]
    code_col = ws.cell(row=1, column=3).column_letter
    assert ws[f"{code_col}3"].number_format == "@"  # "03390" keeps its 0
    prompts = [dv.prompt for dv in ws.data_validations.dataValidation if f"{code_col}3" in dv.sqref]
    assert prompts and "5 chữ số" in prompts[0]
    en = tmp_path / "en.xlsx"
    assert invoke("template", NEW, "--group", "2", "-o", en, "--lang", "en").exit_code == 0
    ws = load_workbook(en).worksheets[0]
    assert "Official unit code (5 digits" in ws.cell(row=2, column=3).value
    assert _header(en)[:3] == ["STT", "Tên đơn vị", "Mã đơn vị"]  # headers are the data format, not translated


def test_workbook_of_a_2021_2025_set_has_the_code_only(tmp_path):
    out = tmp_path / "mau.xlsx"
    assert invoke("template", OLD, "--region", "tdmnpb", "-o", out).exit_code == 0
    head = _header(out)
    assert "Mã đơn vị" in head and "Hợp nhất từ" not in head


def test_unit_fields_by_level():
    from ntm_eval.run.template import unit_fields

    assert unit_fields({"level": "thon", "valid_from": "2026-02-15"}) == {}  # villages have no official code
    assert unit_fields({"level": "tinh", "valid_from": "2026-02-15"}) == {"code": {"digits": 2, "example": "12"}}
    assert set(unit_fields({"level": "xa", "valid_from": "2026-02-15"})) == {"code", "merged_from"}
    assert set(unit_fields({"level": "xa", "valid_from": "2022-03-08"})) == {"code"}
    assert set(unit_fields({"level": "phuong", "valid_from": "2025-07-01"})) == {"code", "merged_from"}


# --- filled in, read back ------------------------------------------------------------------

@units_data
def test_the_yaml_scaffold_filled_in_is_read_back_by_check(tmp_path):
    text = invoke("template", NEW).stdout
    filled = (text.replace('name: "Tên đơn vị"', 'name: "Bình Lư"')
              .replace('  # province: ""', '  province: "Lai Châu"')
              .replace('  # code: "03390"', '  code: "03390"')
              .replace('  # merged_from: ["03412", "03413"]', '  merged_from: ["03412", "Sơn Bình", "03390"]')
              .replace('  group: "1"', '  group: "2"'))
    assert filled.count("\n  # ") < text.count("\n  # ")
    p = tmp_path / "binh-lu.yaml"
    p.write_text(filled, encoding="utf-8")
    res = invoke("check", p, "--format", "json")
    assert res.exit_code in (0, 1), res.output
    doc = json.loads(res.stdout)
    assert doc["unit"]["code"] == "03390"
    assert sorted(u["code"] for u in doc["unit"]["merged_from_units"]) == ["03390", "03412", "03413"]
    assert not [w for w in doc.get("warnings", []) if str(w.get("key", w.get("code", ""))).startswith("units.")]


@units_data
def test_the_workbook_filled_in_is_read_back_by_batch(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "bang.xlsx"
    assert invoke("template", NEW, "--group", "2", "--units", "Bình Lư", "-o", out).exit_code == 0
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    cols = {h: n for n, h in enumerate(_header(out), start=1)}
    ws.cell(row=3, column=cols["Mã đơn vị"], value="03390")
    ws.cell(row=3, column=cols["Tỉnh"], value="Lai Châu")
    ws.cell(row=3, column=cols["Hợp nhất từ"], value="03390; 03412; Sơn Bình")
    wb.save(out)
    rep = tmp_path / "r.json"
    res = invoke("batch", out, "--format", "json", "-o", rep, "--no-cache")
    assert res.exit_code in (0, 1), res.output
    doc = json.loads(rep.read_text(encoding="utf-8"))
    assert doc["errors"] == [] and not [w for w in doc["warnings"] if w["code"].startswith("units.")], doc
    (u,) = [u for s in doc["sets"] for u in s["units"]]
    assert sorted(m["code"] for m in u["merged_from"]) == ["03390", "03412", "03413"]


@units_data
def test_a_workbook_prefilled_from_unit_files_carries_their_code_and_merged_from(tmp_path):
    from openpyxl import load_workbook

    folder = tmp_path / "xa"
    folder.mkdir()
    (folder / "bl.yaml").write_text(
        'unit:\n  name: "Bình Lư"\n  code: "03390"\n  level: xa\n  province: "Lai Châu"\n  group: "2"\n'
        '  merged_from: ["03412", "03413"]\nyear: 2026\ncriteria_set: vn/2026-2030/xa-ntm\nvalues: {}\n',
        encoding="utf-8")
    out = tmp_path / "mau.xlsx"
    res = invoke("template", NEW, "--members", folder, "-o", out)
    assert res.exit_code == 0, res.output
    ws = load_workbook(out).worksheets[0]
    row = {h: ws.cell(row=3, column=n).value for n, h in enumerate(_header(out), start=1)}
    assert (row["Tên đơn vị"], row["Mã đơn vị"], row["Tỉnh"], row["Hợp nhất từ"]) == \
        ("Bình Lư", "03390", "Lai Châu", "03412; 03413")
    assert ws.cell(row=3, column=3).data_type == "s"
