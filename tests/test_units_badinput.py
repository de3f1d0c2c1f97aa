"""Issue 14, "Bad input": each wrong unit is a located error (exit 2) or warning, in a YAML file
(`check`) and in a sheet (`batch`, where the problem names the column as headed and its cell), and
is never regrouped silently. Units checked by hand: Khun Há 03430, Sơn Bình 03413 (merged on
1/7/2025 into Bình Lư 03390, with Thị trấn Tam Đường 03390 and Bình Lư 03412), Tân Linh 05788 (huyện
Đại Từ, Thái Nguyên). Each test writes only in its own tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ntm_eval.cli import main_group as main
from ntm_eval.load import adminunits as au

pytestmark = pytest.mark.skipif(not au.available(), reason="the units dataset (ntm-eval[units]) is not installed")

OLD = "vn/2021-2025/xa-ntm"
NEW = "vn/2026-2030/xa-ntm"


def _yaml(tmp_path: Path, name: str, unit: dict, year: int = 2024, set_id: str = OLD) -> Path:
    lines = ["unit:"] + [f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in unit.items()]
    p = tmp_path / name
    p.write_text("\n".join(lines) + f"\nyear: {year}\ncriteria_set: {set_id}\nvalues: {{}}\n", encoding="utf-8")
    return p


def _check(*paths: Path, lang: str = "en"):
    r = CliRunner().invoke(main, ["check", *map(str, paths), "--lang", lang])
    return r.exit_code, r.output + (r.stderr or "")


def _csv(tmp_path: Path, text: str, name: str = "bang.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _batch(path: Path, tmp_path: Path, *args: str):
    out = tmp_path / "r.json"
    r = CliRunner().invoke(main, ["batch", str(path), "--format", "json", "-o", str(out), "--no-cache", *args])
    doc = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    return r.exit_code, r.output + (r.stderr or ""), doc


def _errors(doc: dict) -> list[dict]:
    return [e for row in doc.get("errors", []) for e in row["errors"]]


# --- an unknown code ---------------------------------------------------------------------

def test_unknown_code_is_a_located_error(tmp_path):
    p = _yaml(tmp_path, "k.yaml", {"name": "Khun Há", "level": "xa", "province": "Lai Châu", "code": "99999"})
    rc, out = _check(p)
    assert rc == 2, out
    assert f"{p}:5:" in out and "no administrative unit has the code 99999" in out  # the code's line


def test_unknown_code_in_a_sheet_names_the_code_column(tmp_path):
    sheet = _csv(tmp_path, f"Tên đơn vị,Mã xã,Tỉnh,Năm,Bộ tiêu chí,3.1\nKhun Há,99999,Lai Châu,2024,{OLD},85\n")
    rc, out, doc = _batch(sheet, tmp_path, "--lang", "en")
    assert rc == 2, out
    (e,) = _errors(doc)
    assert (e["code"], e["line"], e["col"]) == ("units.unknown_code", 2, 2)
    assert "column “Mã xã”: no administrative unit has the code 99999" in e["message"]


# --- a code of a unit abolished before the evaluation date --------------------------------

def test_code_abolished_before_the_date_is_a_located_error(tmp_path):
    p = _yaml(tmp_path, "sb.yaml", {"name": "Sơn Bình", "level": "xa", "province": "Lai Châu", "code": "03413",
                                    "group": 2}, year=2026, set_id=NEW)
    rc, out = _check(p)
    assert rc == 2, out
    assert f"{p}:5:" in out and "abolished by the evaluation date" in out


def test_code_abolished_in_a_workbook_is_at_its_cell(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Tên đơn vị", "Mã đơn vị", "Tỉnh", "Nhóm xã", "Năm", "Bộ tiêu chí", "3"])
    ws.append(["Sơn Bình", "03413", "Lai Châu", "2", 2026, NEW, "Chưa đạt"])
    path = tmp_path / "bang.xlsx"
    wb.save(path)
    rc, out, doc = _batch(path, tmp_path)
    assert rc == 2, out
    (e,) = _errors(doc)
    assert e["code"] == "units.code_abolished" and (e["line"], e["col"]) == (2, 2)
    assert e["message"].startswith(f"{path}: ô B2: lỗi: cột “Mã đơn vị”: mã 03413 là của Xã Sơn Bình"), e["message"]


# --- one old commune in two merged communes -----------------------------------------------

_BINH_LU = {"name": "Bình Lư", "code": "03390", "level": "xa", "province": "Lai Châu", "group": "2"}


def test_a_commune_in_two_merged_units_is_a_located_batch_warning(tmp_path):
    d = tmp_path / "xa"
    d.mkdir()
    _yaml(d, "a.yaml", {**_BINH_LU, "merged_from": ["03390", "03412", "03413"]}, year=2026, set_id=NEW)
    _yaml(d, "b.yaml", {**_BINH_LU, "merged_from": ["03413"]}, year=2026, set_id=NEW)
    rc, out, doc = _batch(d, tmp_path)
    assert rc in (0, 1), out  # a warning: both communes are still evaluated
    (w,) = [w for w in doc["warnings"] if w["code"] == "batch.merged_twice"]
    assert w["file"].endswith("b.yaml") and "03413" in w["message"] and "a.yaml" in w["message"]


def test_a_commune_in_two_merged_rows_of_a_sheet_is_warned_at_the_second_row(tmp_path):
    sheet = _csv(tmp_path, "Tên đơn vị,Mã đơn vị,Tỉnh,Nhóm xã,Năm,Bộ tiêu chí,Hợp nhất từ,3\n"
                           f'Bình Lư,03390,Lai Châu,2,2026,{NEW},"03390, 03412; Sơn Bình",Chưa đạt\n'
                           f"Bình Lư,03390,Lai Châu,2,2026,{NEW},03413,Chưa đạt\n")
    rc, out, doc = _batch(sheet, tmp_path)
    assert rc in (0, 1), out
    (w,) = [w for w in doc["warnings"] if w["code"] == "batch.merged_twice"]
    assert w["file"] == f"{sheet}:3" and "03413" in w["message"]


def test_a_commune_in_two_merged_units_given_to_check_is_warned(tmp_path):
    a = _yaml(tmp_path, "a.yaml", {**_BINH_LU, "merged_from": ["03412", "03413"]}, year=2026, set_id=NEW)
    b = _yaml(tmp_path, "b.yaml", {**_BINH_LU, "merged_from": ["03413"]}, year=2026, set_id=NEW)
    rc, out = _check(a, b)
    assert rc in (0, 1), out
    assert "03413" in out and "merged_from" in out


# --- merged_from naming a unit of another province ----------------------------------------

def test_merged_from_in_another_province_is_a_located_error(tmp_path):
    p = _yaml(tmp_path, "bl.yaml", {**_BINH_LU, "merged_from": ["03412", "Tân Linh"]}, year=2026, set_id=NEW)
    rc, out = _check(p)
    assert rc == 2, out
    assert "in another province" in out
    # the Tân Linh it names (Thái Nguyên, same spelling), not a namesake spelt otherwise (Tản Lĩnh, Hà Nội)
    assert "Xã Tân Linh, Huyện Đại Từ, Thái Nguyên (05788)" in out
    assert f"{p}:7:" in out  # the merged_from line


def test_merged_from_in_another_province_in_a_sheet_names_the_column(tmp_path):
    sheet = _csv(tmp_path, "Tên đơn vị,Mã đơn vị,Tỉnh,Nhóm xã,Năm,Bộ tiêu chí,Xã cũ hợp thành,3\n"
                           f"Bình Lư,03390,Lai Châu,2,2026,{NEW},05788,Chưa đạt\n")
    rc, out, doc = _batch(sheet, tmp_path)
    assert rc == 2, out
    (e,) = _errors(doc)
    assert (e["code"], e["line"], e["col"]) == ("units.merged_other_province", 2, 7)
    assert "cột “Xã cũ hợp thành”" in e["message"]


# --- a name/code mismatch -----------------------------------------------------------------

def test_name_code_mismatch_is_a_located_error(tmp_path):
    p = _yaml(tmp_path, "m.yaml", {"name": "Sơn Bình", "level": "xa", "district": "Tam Đường",
                                   "province": "Lai Châu", "code": "03430"})
    rc, out = _check(p)
    assert rc == 2, out
    assert f"{p}:2:" in out and "code 03430 is Xã Khun Há" in out


def test_name_code_mismatch_in_a_sheet_is_at_the_name_cell(tmp_path):
    sheet = _csv(tmp_path, f"Tên xã,Huyện,Tỉnh,Mã,Năm,Bộ tiêu chí,3.1\nSơn Bình,Tam Đường,Lai Châu,03430,2024,{OLD},85\n")
    rc, out, doc = _batch(sheet, tmp_path)
    assert rc == 2, out
    (e,) = _errors(doc)
    assert (e["code"], e["line"], e["col"]) == ("units.code_name", 2, 1)
    assert "cột “Tên xã”: mã 03430 là của Xã Khun Há" in e["message"]


# --- an unknown name: the closest official names ------------------------------------------

@pytest.mark.parametrize("district, key, official", [("Đai Từ", "units.spelling", "Đại Từ"),
                                                      ("Đạo Tù", "units.unknown_district", "Đại Từ")])
def test_an_unknown_name_gives_the_closest_official_names(tmp_path, district, key, official):
    p = _yaml(tmp_path, "tl.yaml", {"name": "Tân Linh", "level": "xa", "district": district,
                                    "province": "Thái Nguyên"})
    r = CliRunner().invoke(main, ["check", str(p), "--format", "json"])
    assert r.exit_code in (0, 1), r.output
    (w,) = [w for w in json.loads(r.stdout)["warnings"] if w["key"].startswith("units.")]
    assert w["key"] == key and official in (w.get("official") or w.get("names"))
    rc, out = _check(p, lang="vi")
    assert official in out and district in out


def test_an_unknown_name_in_a_sheet_gives_the_closest_official_names(tmp_path):
    sheet = _csv(tmp_path, f"Tên xã,Huyện,Tỉnh,Năm,Bộ tiêu chí,3.1\nTân Linh,Đai Từ,Thái Nguyên,2024,{OLD},85\n")
    rc, out, doc = _batch(sheet, tmp_path)
    assert rc in (0, 1), out
    assert any("Đại Từ" in w["message"] for w in doc["warnings"]), doc["warnings"]


def test_a_misspelt_district_with_a_code_is_grouped_under_the_official_one(tmp_path):
    # grouped by code, not by spelling: no second district "Đai Từ" in the report
    sheet = _csv(tmp_path, "Tên xã,Mã xã,Huyện,Tỉnh,Năm,Bộ tiêu chí,3.1\n"
                           f"Tân Linh,05788,Đai Từ,Thái Nguyên,2024,{OLD},85\n")
    rc, out, doc = _batch(sheet, tmp_path)
    assert rc in (0, 1), out
    text = json.dumps(doc, ensure_ascii=False)
    assert "Đại Từ" in text and "Đai Từ" not in json.dumps(doc.get("sets"), ensure_ascii=False)


# --- a province whose communes span two regions must state the region ---------------------

def test_a_new_province_of_two_regions_must_state_the_region(tmp_path):
    p = _yaml(tmp_path, "gl.yaml", {"name": "Ia Grai", "level": "xa", "province": "Gia Lai"}, year=2025)
    rc, out = _check(p)
    assert rc == 2, out
    assert "formed from old provinces of two regions" in out
    assert "Gia Lai (tn)" in out and "Bình Định (dhntb)" in out
    p2 = _yaml(tmp_path, "gl2.yaml", {"name": "Ia Grai", "level": "xa", "province": "Gia Lai", "region": "tn"},
               year=2025)
    rc, out = _check(p2)
    assert rc in (0, 1), out  # once stated, it is evaluated


def test_a_province_of_one_region_needs_no_region(tmp_path):
    p = _yaml(tmp_path, "kh.yaml", {"name": "Khun Há", "level": "xa", "province": "Lai Châu"}, year=2025)
    rc, out = _check(p)
    assert rc in (0, 1), out


def test_in_a_sheet_the_region_of_two_regions_is_asked_at_the_vung_cell_or_by_region(tmp_path):
    sheet = _csv(tmp_path, f"Tên xã,Tỉnh,Vùng,Năm,Bộ tiêu chí,3.1\nIa Grai,Gia Lai,,2025,{OLD},85\n")
    rc, out, doc = _batch(sheet, tmp_path)
    assert rc == 2, out
    (e,) = _errors(doc)
    assert (e["code"], e["line"], e["col"]) == ("units.region_spans", 2, 3)
    assert "--region" in e["message"] and "“Vùng”" in e["message"]
    rc, out, doc = _batch(sheet, tmp_path, "--region", "tn")
    assert rc in (0, 1), out


def test_the_region_table_cites_its_source():
    assert "81/2023/QH15" in au.REGION_SOURCE
    docs = (Path(__file__).resolve().parent.parent / "docs" / "units.md").read_text(encoding="utf-8")
    assert "81/2023/QH15" in docs and "criteria.md" in docs


# --- a mixed batch: 2026 by province, 2021–2025 records by old district -------------------

def test_a_mixed_batch_groups_2025_records_by_old_district_and_2026_by_province(tmp_path):
    import shutil

    examples = Path(__file__).resolve().parent.parent / "examples"
    d = tmp_path / "mix"
    shutil.copytree(examples / "tam-duong", d / "tam-duong")  # 2024 records, with their huyện
    shutil.copytree(examples / "sau-sap-xep", d / "sau-sap-xep")  # Khun Há 2025 (formed 1/7/2025), Bình Lư 2026
    rc, out, doc = _batch(d, tmp_path)
    assert rc in (0, 1), out
    sets = {s["criteria_set"]: s for s in doc["sets"]}
    new = sets[NEW]["aggregates"]
    assert new["by_district"] == [] and [g["province"] for g in new["by_province"]] == ["Lai Châu"]
    old = sets[OLD]
    # the 2025 Khun Há gives no district: it counts in Tam Đường, the district of both its predecessors
    (kh,) = [u for u in old["units"] if u["file"].endswith("khun-ha-2025.yaml")]
    assert kh["district"] == "Tam Đường"
    (g,) = old["aggregates"]["by_district"]
    assert (g["district"], g["units"]) == ("Tam Đường", len(old["units"]))


def test_a_2025_commune_whose_predecessors_span_two_districts_gets_none(tmp_path):
    from ntm_eval.load.adminunits_check import _old_district

    unit = {"merged_from_units": [{"district": "Huyện Tam Đường"}, {"district": "Huyện Phong Thổ"}]}
    _old_district(unit, None)
    assert "district_official" not in unit
    _old_district(unit := {"merged_from_units": [{"district": "Huyện Tam Đường"}] * 2}, None)
    assert unit["district_official"] == "Tam Đường"


@pytest.mark.parametrize("unit, key", [
    ({"name": "Tân Linh", "level": "xa", "province": "Tỉnh Thử Nghiệm Qqq", "region": "tdmnpb"},
     "units.unknown_province_far"),
    ({"name": "Tân Linh", "level": "xa", "district": "Zzzz Qqqq Xxxx", "province": "Thái Nguyên"},
     "units.unknown_district_far")])
def test_a_name_close_to_no_official_one_says_so(tmp_path, unit, key):
    """Nothing to suggest: the warning says no official name is close, not "closest: —"."""
    p = _yaml(tmp_path, "far.yaml", unit)
    r = CliRunner().invoke(main, ["check", str(p), "--format", "json"])
    assert r.exit_code in (0, 1), r.output
    (w,) = [w for w in json.loads(r.stdout)["warnings"] if w["key"].startswith("units.")]
    assert w["key"] == key and "names" not in w, w
    rc, out = _check(p, lang="vi")
    assert "không có tên gần giống" in out and "gần nhất: —" not in out
    rc, out = _check(p, lang="en")
    assert "no close official name" in out and "closest official names: —" not in out


def test_a_slip_is_suggested_a_stranger_is_not(tmp_path):
    """The closest official names are suggested for a slip ("Sơn Bìn" → "Sơn Bình") and not for
    a name that only shares a syllable with one (the new-user pass: "Xã minh họa nhóm 2" was
    offered "Bình Thành, Định Hóa" at difflib's 0.6)."""
    from ntm_eval.load import adminunits as au

    def communes(era: str, province: str) -> list:
        m = au.get_map(era)
        code = next(u.code for u in m.provinces.values() if u.short == province)
        return [u for lst in m.communes[code].values() for u in lst]

    assert au.closest("Xã minh họa nhóm 2", communes("new", "Thái Nguyên")) == []
    assert "Sơn Bình" in au.closest("Sơn Bìn", communes("old", "Lai Châu"))
