"""Official administrative units (load/adminunits.py): names and codes checked against the map in
force on the evaluation date, the 2021–2025 region from the province, `batch --region/--group`,
`merged_from`. Each test writes only in its own tmp_path.

The units below were checked by hand against the examples' seeds and the statistics office's list:
Khun Há 03430, Bản Bo 03424, Sơn Bình 03413 (huyện Tam Đường 106, tỉnh Lai Châu 12); Tân Linh
05788 (huyện Đại Từ 171, Thái Nguyên 19); Cẩm Bình 18685 (Hà Tĩnh 42: in Cẩm Xuyên in 2021, listed
under Thành phố Hà Tĩnh in the June 2025 list the dataset holds)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from ntm_eval.cli import main_group as main
from ntm_eval.load import adminunits as au

pytestmark = pytest.mark.skipif(not au.available(), reason=(
    "the units dataset (vietnamadminunits, extra ntm-eval[units], also in [test]) is not installed"))

SET = "vn/2021-2025/xa-ntm"


def _write(tmp_path, name: str, unit: dict, year: int = 2024, set_id: str = SET, extra: str = "") -> str:
    lines = ["unit:"] + [f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in unit.items()]
    text = "\n".join(lines) + f"\nyear: {year}\ncriteria_set: {set_id}\nvalues: {{}}\n{extra}"
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def _check(path: str, *args: str):
    r = CliRunner().invoke(main, ["check", path, "--format", "json", *args])
    return r.exit_code, (r.output + r.stderr)


def _bound(path: str):
    from ntm_eval.io.yamlload import load_path
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.load.unit import bind, read_unit

    raw = read_unit(load_path(path))
    return bind(raw, Catalog(()).get(raw.criteria_set))


def _unit_warnings(output: str) -> list[str]:
    return [w["key"] for w in json.loads(output).get("warnings") or [] if w["key"].startswith("units.")]


# --- the dataset ---------------------------------------------------------------------------

def test_old_map_has_the_hand_checked_units():
    old = au.get_map("old")
    assert len(old.provinces) == 63
    lc = old.provinces[au.name_key("Lai Châu")]
    assert lc.code == "12"
    assert old.districts["12"][au.name_key("Tam Đường")].code == "106"
    for name, code in (("Khun Há", "03430"), ("Bản Bo", "03424"), ("Sơn Bình", "03413")):
        (u,) = old.communes["12"][au.name_key(name)]
        assert (u.code, u.district, u.name) == (code, "Huyện Tam Đường", f"Xã {name}")
    (tl,) = old.communes["19"][au.name_key("Tân Linh")]
    assert (tl.code, tl.district_code) == ("05788", "171")
    assert old.by_code["18685"].name == "Xã Cẩm Bình" and old.by_code["18685"].province == "Hà Tĩnh"


def test_new_map_34_provinces_3321_communes():
    new = au.get_map("new")
    assert len(new.provinces) == 34
    assert sum(len(lst) for units in new.communes.values() for lst in units.values()) == 3321
    assert new.by_code["03430"].name == "Xã Khun Há"  # kept its name and code
    assert "03413" not in new.by_code  # Sơn Bình was merged (into Bình Lư)


def test_name_keys_fold_level_words_and_diacritics():
    assert au.name_key("Huyện Đại Từ") == au.name_key("dai tu") == au.name_key("Đai Từ")
    assert au.name_key("Tỉnh Bà Rịa - Vũng Tàu") == au.name_key("Bà Rịa-Vũng Tàu")
    assert au.spelling_key("Hoà Bình") == au.spelling_key("Hòa Bình")
    assert au.spelling_key("Đai Từ") != au.spelling_key("Đại Từ")
    assert au.spelling_key("Xã Khun Há") == au.spelling_key("Khun Há")


def test_regions_cover_the_63_old_provinces():
    old = au.get_map("old")
    assert sum(len(v) for v in au._REGIONS.values()) == 63
    missing = [p.short for p in old.provinces.values() if au.region_of(p.short) is None]
    assert missing == []
    assert au.region_of("Lai Châu") == "tdmnpb" and au.region_of("tỉnh Hà Tĩnh") == "btb"
    assert au.region_of("TP. Hồ Chí Minh") == "dnb" and au.region_of("Thừa Thiên - Huế") == "btb"
    assert au.region_of("Atlantis") is None


# --- checks through `check` ----------------------------------------------------------------

def test_hand_checked_units_pass_without_warning(tmp_path):
    units = [("Khun Há", "Tam Đường", "Lai Châu", "03430"), ("Sơn Bình", "Tam Đường", "Lai Châu", "3413"),
             ("Bản Bo", "huyện Tam Đường", "tỉnh Lai Châu", 3424), ("Tân Linh", "Đại Từ", "Thái Nguyên", "05788")]
    for i, (name, district, province, code) in enumerate(units):
        p = _write(tmp_path, f"u{i}.yaml", {"name": name, "level": "xa", "district": district,
                                            "province": province, "code": code})
        rc, out = _check(p)
        assert rc in (0, 1), out
        assert _unit_warnings(out) == [], out


def test_misspelt_district_is_a_located_warning_with_the_official_name(tmp_path):
    p = _write(tmp_path, "tl.yaml", {"name": "Tân Linh", "level": "xa", "district": "Đai Từ",
                                     "province": "Thái Nguyên"})
    r = CliRunner().invoke(main, ["check", p, "--lang", "en"])
    assert r.exit_code in (0, 1)
    assert "the official spelling is “Đại Từ”, not “Đai Từ”" in (r.output + r.stderr)
    (w,) = [w for w in _bound(p).warnings if w.key.startswith("units.")]
    assert (w.key, w.line, w.params["official"]) == ("units.spelling", 4, "Đại Từ")  # at the district line


def test_unknown_name_suggests_closest_official_names_with_diacritics(tmp_path):
    p = _write(tmp_path, "x.yaml", {"name": "Khun Hà Xa", "level": "xa", "district": "Tam Đường",
                                    "province": "Lai Châu"})
    r = CliRunner().invoke(main, ["check", p, "--lang", "en"])
    assert r.exit_code in (0, 1)
    assert "has no commune “Khun Hà Xa”" in (r.output + r.stderr) and "Khun Há" in (r.output + r.stderr)


def test_cam_binh_2021_district_changed_is_a_warning_not_an_error(tmp_path):
    p = _write(tmp_path, "cb.yaml", {"name": "Cẩm Bình", "level": "xa", "district": "Cẩm Xuyên",
                                     "province": "Hà Tĩnh", "code": "18685"}, year=2024)
    rc, out = _check(p)
    assert rc in (0, 1), out
    assert _unit_warnings(out) == ["units.code_district"]
    assert "Thành phố Hà Tĩnh" in out


def test_code_name_mismatch_is_a_located_error(tmp_path):
    p = _write(tmp_path, "m.yaml", {"name": "Sơn Bình", "level": "xa", "district": "Tam Đường",
                                    "province": "Lai Châu", "code": "03430"})
    r = CliRunner().invoke(main, ["check", p, "--lang", "en"])
    assert r.exit_code == 2
    assert "code 03430 is Xã Khun Há" in (r.output + r.stderr) and "not “Sơn Bình”" in (r.output + r.stderr)
    assert "m.yaml:2" in (r.output + r.stderr)  # the name line


def test_unknown_and_bad_codes_are_errors(tmp_path):
    for code, text in (("99999", "no administrative unit has the code 99999"), ("03-430", "is not valid"),
                       ("1234567", "is not valid")):
        p = _write(tmp_path, f"c{code}.yaml", {"name": "Khun Há", "level": "xa", "province": "Lai Châu",
                                               "code": code})
        r = CliRunner().invoke(main, ["check", p, "--lang", "en"])
        assert r.exit_code == 2, (r.output + r.stderr)
        assert text in (r.output + r.stderr)


def test_code_abolished_before_the_evaluation_date(tmp_path):
    # Sơn Bình (03413) was merged on 1/7/2025: its code is not in force in 2026
    p = _write(tmp_path, "sb.yaml", {"name": "Sơn Bình", "level": "xa", "province": "Lai Châu", "code": "03413",
                                     "group": 2}, year=2026, set_id="vn/2026-2030/xa-ntm")
    r = CliRunner().invoke(main, ["check", p, "--lang", "en"])
    assert r.exit_code == 2, (r.output + r.stderr)
    assert "abolished by the evaluation date" in (r.output + r.stderr)


def test_new_map_after_switch_old_province_is_warned(tmp_path):
    p = _write(tmp_path, "hg.yaml", {"name": "Khun Há", "level": "xa", "province": "Hà Giang", "group": 2},
               year=2026, set_id="vn/2026-2030/xa-ntm")
    r = CliRunner().invoke(main, ["check", p, "--lang", "en"])
    assert r.exit_code in (0, 1), (r.output + r.stderr)
    assert "“Hà Giang” is a province before 1/7/2025" in (r.output + r.stderr)


# --- region by default -------------------------------------------------------------------

def test_region_follows_from_the_province_and_explicit_wins(tmp_path):
    p = _write(tmp_path, "r.yaml", {"name": "Khun Há", "level": "xa", "district": "Tam Đường",
                                    "province": "Lai Châu"})
    rc, out = _check(p)
    assert rc in (0, 1), out
    assert json.loads(out)["unit"]["region"] == "tdmnpb"
    p2 = _write(tmp_path, "r2.yaml", {"name": "Khun Há", "level": "xa", "district": "Tam Đường",
                                      "province": "Lai Châu", "region": "dbsh"})
    rc, out = _check(p2)
    assert json.loads(out)["unit"]["region"] == "dbsh"


def test_no_province_no_region_is_still_an_error(tmp_path):
    p = _write(tmp_path, "n.yaml", {"name": "Khun Há", "level": "xa"})
    rc, out = _check(p)
    assert rc == 2


def test_batch_region_default_for_a_sheet(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("Tên,Cấp,Năm,Bộ tiêu chí,1.1\nXã A,xa,2024,vn/2021-2025/xa-ntm,\nXã B,xa,2024,vn/2021-2025/xa-ntm,\n",
                     encoding="utf-8")
    r = CliRunner().invoke(main, ["batch", str(sheet), "--format", "json"])
    assert r.exit_code == 2  # no region, no province
    r = CliRunner().invoke(main, ["batch", str(sheet), "--format", "json", "--region", "tn"])
    assert r.exit_code in (0, 1), (r.output + r.stderr)


# --- merged communes ---------------------------------------------------------------------

def test_merged_from_checked_against_the_converter(tmp_path):
    new = au.get_map("new")
    (binh_lu,) = new.communes["12"][au.name_key("Bình Lư")]
    preds = {u.name for u in au.predecessors(binh_lu)}
    assert {"Xã Sơn Bình", "Xã Bình Lư", "Thị trấn Tam Đường"} <= preds
    good = _write(tmp_path, "bl.yaml", {"name": "Bình Lư", "level": "xa", "province": "Lai Châu", "group": 2,
                                        "merged_from": ["Sơn Bình", "03413", "Thị trấn Tam Đường"]},
                  year=2026, set_id="vn/2026-2030/xa-ntm")
    rc, out = _check(good)
    assert rc in (0, 1), out
    assert _unit_warnings(out) == []
    shown = json.loads(out)["unit"]["merged_from_units"]  # the report shows the predecessors
    assert [(u["code"], u["name"], u["district"]) for u in shown] == [
        ("03413", "Xã Sơn Bình", "Huyện Tam Đường"), ("03390", "Thị trấn Tam Đường", "Huyện Tam Đường")]
    bad = _write(tmp_path, "bad.yaml", {"name": "Bình Lư", "level": "xa", "province": "Lai Châu", "group": 2,
                                        "merged_from": ["Tân Linh"]}, year=2026, set_id="vn/2026-2030/xa-ntm")
    r = CliRunner().invoke(main, ["check", bad, "--lang", "en"])
    assert r.exit_code == 2
    assert "in another province" in (r.output + r.stderr) and "Sơn Bình" in (r.output + r.stderr)
    two = _write(tmp_path, "two.yaml", {"name": "Bình Lư", "level": "xa", "province": "Lai Châu", "group": 2,
                                        "merged_from": ["Khun Há", "99999"]}, year=2026, set_id="vn/2026-2030/xa-ntm")
    r = CliRunner().invoke(main, ["check", two, "--lang", "en"])
    text = r.output + r.stderr
    assert r.exit_code == 2
    assert "is not among the units" in text and "“99999” in “merged_from” is no administrative unit" in text
    early = _write(tmp_path, "early.yaml", {"name": "Khun Há", "level": "xa", "province": "Lai Châu",
                                            "merged_from": ["Sơn Bình"]})
    r = CliRunner().invoke(main, ["check", early, "--lang", "en"])
    assert r.exit_code == 2 and "is for the new communes from 1/7/2025" in r.output + r.stderr


# --- start-up stays lean -----------------------------------------------------------------

def test_version_and_check_do_not_read_the_dataset_without_need(tmp_path):
    code = ("import sys; from ntm_eval.cli import main_group as main\n"
            "try:\n    main(['--version'])\nexcept SystemExit: pass\n"
            "print(sorted(m for m in sys.modules if 'adminunits' in m or m == 'sqlite3'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]"), out
    p = _write(tmp_path, "plain.yaml", {"name": "A", "level": "xa", "region": "tn"})
    code = ("import sys; from ntm_eval.cli import main_group as main\n"
            f"try:\n    main(['check', {p!r}, '--format', 'json'])\nexcept SystemExit: pass\n"
            "print(sorted(m for m in sys.modules if m == 'sqlite3' or m == 'vietnamadminunits'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip().endswith("[]"), out


def test_a_code_without_province_is_the_files_own_identifier(tmp_path):
    # `diff` matches units by code; a unit that names no province is not claimed to be official
    p = _write(tmp_path, "id.yaml", {"name": "An Bình", "level": "xa", "region": "tn", "code": "00001"})
    rc, out = _check(p)
    assert rc in (0, 1), out
    assert _unit_warnings(out) == []


def test_names_that_begin_like_a_level_word_keep_it():
    assert au.name_key("Phường Phương Liệt") == au.name_key("Phương Liệt") == "phuong liet"
    assert au.name_key("Xã Xa Dung") == "xa dung" and au.name_key("Xã Quân Chu") == "quan chu"
    old = au.get_map("old")
    assert au.lookup(old.communes["12"], "xa Khun Ha")[0].code == "03430"  # typed without diacritics
    assert au.lookup(old.communes["01"], "Quan Hoa")[0].name == "Phường Quan Hoa"  # a name, not "quận Hoa"


def test_every_official_name_finds_itself():
    for era in ("old", "new"):
        m = au.get_map(era)
        for units in m.communes.values():
            for key, lst in units.items():
                for u in lst:
                    assert au.name_key(u.name) == key, (era, u.name)
                    assert u in au.lookup(units, u.short), (era, u.name)


def test_sheet_code_mismatch_is_located_at_its_row(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("Tên,Cấp,Huyện,Tỉnh,Mã xã,Năm,Bộ tiêu chí,1.1\n"
                     "Khun Há,xa,Tam Đường,Lai Châu,03430,2024,vn/2021-2025/xa-ntm,\n"
                     "Bản Bo,xa,Tam Đường,Lai Châu,03430,2024,vn/2021-2025/xa-ntm,\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["batch", str(sheet), "--format", "json", "--lang", "en"])
    assert r.exit_code == 2
    doc = json.loads(r.stdout)
    errs = [e for row in doc["errors"] for e in row["errors"]]
    assert [(e["code"], e["line"]) for e in errs] == [("units.code_name", 3)]
    assert doc["summary"]["evaluated"] == 1  # Khun Há, region tdmnpb from Lai Châu


def test_without_the_dataset_codes_are_warned_once_and_regions_still_follow(tmp_path, monkeypatch):
    monkeypatch.setattr(au, "_DATA_DIR", [None])
    p = _write(tmp_path, "k.yaml", {"name": "Sơn Bình", "level": "xa", "district": "Tam Đường",
                                    "province": "Lai Châu", "code": "03430"})
    rc, out = _check(p)
    assert rc in (0, 1), out
    assert _unit_warnings(out) == ["units.no_dataset"]
    assert json.loads(out)["unit"]["region"] == "tdmnpb"


def test_region_after_the_switch_only_when_the_merged_provinces_agree(tmp_path):
    assert au.region_of("Gia Lai", "2024-12-31") == "tn"  # the old Gia Lai
    assert au.region_of("Gia Lai", "2025-12-31") is None  # new Gia Lai = Gia Lai (tn) + Bình Định (dhntb)
    assert au.region_of("Tuyên Quang", "2025-12-31") == "tdmnpb"  # Tuyên Quang + Hà Giang, both tdmnpb
    assert au.region_of("Hà Giang", "2025-12-31") == "tdmnpb"  # an old name keeps its region
    p = _write(tmp_path, "gl.yaml", {"name": "Ia Grai", "level": "xa", "province": "Gia Lai"}, year=2025)
    rc, out = _check(p)
    assert rc == 2  # the unit must state its region: never a guess
    p = _write(tmp_path, "kh.yaml", {"name": "Khun Há", "level": "xa", "province": "Lai Châu"}, year=2025)
    rc, out = _check(p)
    assert rc in (0, 1) and json.loads(out)["unit"]["region"] == "tdmnpb"
