"""`ntm-eval diff OLD NEW` (issue 12, item 2): two years of the same units.

The Tam Đường example: examples/tam-duong-2023/xa (illustrative 2023 figures) against
examples/tam-duong/xa (2024). Everything else runs on a tiny fictional set in tmp_path:

=====  ===========  =====================  =========================
unit   "1" yes/no   "2": "2.1" ≥ 80 %      "3": poor households ≤ 4 %
=====  ===========  =====================  =========================
A      2023 ✓ 2024 ✓  70 ✗ → 90 ✓           3 ✓ → 5 ✗   (gains 2, loses 3)
B      ✗ → ✓         85 ✓ → 85 ✓           3 ✓ → 3 ✓   (gains 1)
=====  ===========  =====================  =========================
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from ntm_eval.cli import main_group

ROOT = Path(__file__).resolve().parent.parent
EX_2023 = ROOT / "examples" / "tam-duong-2023" / "xa"
EX_2024 = ROOT / "examples" / "tam-duong" / "xa"

TINY = """\
schema_version: 1
id: t/tiny-xa
title: Bộ tiêu chí tí hon xã nông thôn mới
title_en: Tiny commune criteria
level: xa
tier: ntm
status: demo
criteria:
  - id: "1"
    title: Quy hoạch
    title_en: Planning
    indicators:
      - {id: "1", title: Có quy hoạch, type: yes_no, threshold: {value: true}}
  - id: "2"
    title: Giao thông
    title_en: Roads
    indicators:
      - {id: "2.1", title: Tỷ lệ thôn có đường, type: percent, threshold: {op: ">=", value: 80}}
  - id: "3"
    title: Nghèo đa chiều
    title_en: Poverty
    indicators:
      - {id: "3", title: Tỷ lệ hộ nghèo, type: percent, threshold: {op: "<=", value: 4}}
"""

TINY_NC = """\
schema_version: 1
id: t/tiny-nc
title: Bộ tiêu chí tí hon xã nông thôn mới nâng cao
level: xa
tier: nang_cao
status: demo
requires: [t/tiny-xa]
criteria:
  - id: "1"
    title: Thu nhập
    indicators:
      - {id: "1", title: Thu nhập bình quân, type: number, unit: triệu đồng, threshold: {op: ">=", value: 50}}
"""

TINY_HUYEN = """\
schema_version: 1
id: t/tiny-huyen
title: Bộ tiêu chí tí hon huyện
level: huyen
tier: ntm
status: demo
criteria:
  - id: "1"
    title: Quy hoạch huyện
    indicators:
      - {id: "1", title: Có quy hoạch huyện, type: yes_no, threshold: {value: true}}
"""


@pytest.fixture
def crit(tmp_path: Path) -> Path:
    d = tmp_path / "criteria" / "t"
    d.mkdir(parents=True)
    (d / "tiny-xa.yaml").write_text(TINY, encoding="utf-8")
    (d / "tiny-nc.yaml").write_text(TINY_NC, encoding="utf-8")
    (d / "tiny-huyen.yaml").write_text(TINY_HUYEN, encoding="utf-8")
    return tmp_path / "criteria"


def unit(folder: Path, stem: str, name: str, year: int, values: dict[str, Any], set_id: str = "t/tiny-xa",
         **extra: Any) -> Path:
    u = {"name": name, "level": extra.pop("level", "xa"), "district": "D1", "province": "P"}
    u.update(extra.pop("unit", {}))
    doc: dict[str, Any] = {"unit": u, "year": year, "criteria_set": set_id, "values": values, **extra}
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"{stem}.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def two_years(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "y2023", tmp_path / "y2024"
    unit(old, "a", "A", 2023, {"1": True, "2.1": 70, "3": 3})
    unit(old, "b", "Xã B", 2023, {"1": False, "2.1": 85, "3": 3})
    unit(new, "a", "A", 2024, {"1": True, "2.1": 90, "3": 5})
    unit(new, "b", "xã  b", 2024, {"1": True, "2.1": 85, "3": 3})
    return old, new


def run(*args: Any, crit: Path | None = None):
    extra = ["--criteria-dir", str(crit)] if crit is not None else []
    return CliRunner().invoke(main_group, ["diff", *map(str, args), *extra], catch_exceptions=False)


def as_json(r) -> dict[str, Any]:
    return json.loads(r.stdout)


# --- the Tam Đường example -------------------------------------------------------------------

def year_end_2024(tmp_path: Path) -> Path:
    """Bản Bo at the end of 2024 as the district plan aims (seed 004: "đạt 16/19 tiêu chí, tăng 06
    tiêu chí so với năm 2023"): the example's Q3 review, with criteria 14 (Y tế) and 17 (Môi
    trường) met too."""
    doc = yaml.safe_load((EX_2024 / "ban-bo-2024.yaml").read_text(encoding="utf-8"))
    doc["date"] = "2024-12-20"
    v, p = doc["values"], doc["values_for"]["vn/2021-2025/xa-ntm"]
    v["14.bhyt"] = p["15.1"] = 95.5
    v["14.quan-ly-suc-khoe"] = 95.0
    v["14.kham-tu-xa"] = 60.0
    v["14.so-kcb-dien-tu"] = p["15.4"] = 72.0
    v["17.nuoc-sach"] = {"numerator": 812, "denominator": 830}
    p["17.nuoc-sach"] = {"numerator": 812, "denominator": 830}
    for cid in ("14", "17"):
        doc["criteria"][cid] = dict(doc["criteria"][cid], verdict="đạt", date="2024-12-20")
    out = tmp_path / "ban-bo-2024-cuoi-nam.yaml"
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def test_ban_bo_gains_exactly_the_six_criteria_of_the_plan(tmp_path: Path):
    r = run(EX_2023 / "ban-bo-2023.yaml", year_end_2024(tmp_path), "--format", "json")
    assert r.exit_code == 0, r.stderr
    (u,) = as_json(r)["units"]
    nc = u["sets"][0]
    assert nc["criteria_set"] == "vn/2021-2025/xa-ntm-nang-cao"
    assert (nc["old"]["passed"], nc["new"]["passed"], nc["new"]["total"]) == (10, 16, 19)
    assert nc["newly_met"] == ["1", "5", "6", "10", "14", "17"]
    assert nc["no_longer_met"] == []
    assert nc["sentence"] == "tăng 6 tiêu chí so với năm 2023 (1, 5, 6, 10, 14, 17)"
    # the prerequisite xã NTM set is compared too: met both years
    ntm = u["sets"][1]
    assert ntm["criteria_set"] == "vn/2021-2025/xa-ntm" and ntm["old"]["status"] == ntm["new"]["status"] == "pass"
    moved = {m["indicator"]: m for m in nc["indicators_moved"]}
    assert moved["10"]["old"] == 41.8 and moved["10"]["new"] == 46.2


def test_ban_bo_q3_review_so_far(tmp_path: Path):
    """The 2024 example is the Q3 review (14/19): four of the six are met already."""
    r = run(EX_2023 / "ban-bo-2023.yaml", EX_2024 / "ban-bo-2024.yaml")
    assert r.exit_code == 0, r.stderr
    assert "10/19 → 14/19 tiêu chí: tăng 4 tiêu chí so với năm 2023 (1, 5, 6, 10)" in r.stdout


def test_tam_duong_district_batch(tmp_path: Path):
    r = run(EX_2023, EX_2024, "--format", "json")
    assert r.exit_code == 0, r.stderr
    doc = as_json(r)
    assert len(doc["units"]) == 12 and doc["only_old"] == doc["only_new"] == []
    ntm = next(s for s in doc["sets"] if s["criteria_set"] == "vn/2021-2025/xa-ntm")
    assert ntm["newly_meeting"] == ["Sơn Bình"] and ntm["no_longer_meeting"] == []
    assert (ntm["old"]["meeting_set"], ntm["new"]["meeting_set"]) == (8, 9)  # Bản Bo counts (as prerequisite)
    assert ntm["average_change"] > 0
    text = run(EX_2023, EX_2024).stdout
    assert "thêm 1 xã đạt chuẩn NTM: Sơn Bình" in text
    assert "Số xã đạt chuẩn NTM: 8 → 9" in text
    en = run(EX_2023, EX_2024, "--lang", "en").stdout
    assert "1 more commune meeting the new rural standard: Sơn Bình" in en


# --- tiny set ----------------------------------------------------------------------------------

def test_lost_criterion_exits_1_and_says_so(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    r = run(old, new, "--format", "json", crit=crit)
    assert r.exit_code == 1, r.stderr
    doc = as_json(r)
    a, b = doc["units"]
    assert a["name"] == "A" and a["sets"][0]["newly_met"] == ["2"] and a["sets"][0]["no_longer_met"] == ["3"]
    assert a["sets"][0]["sentence"] == ("tăng 1 tiêu chí so với năm 2023 (2); "
                                        "không còn đạt 1 tiêu chí so với năm 2023 (3)")
    assert b["old"]["name"] == "Xã B" and b["sets"][0]["newly_met"] == ["1"]  # matched: "Xã B" = "xã  b"
    moved = {m["indicator"]: m for m in a["sets"][0]["indicators_moved"]}
    assert moved["2.1"] == {"indicator": "2.1", "old": 70, "new": 90, "old_status": "fail", "new_status": "pass",
                            "change": 20}
    s = doc["sets"][0]
    assert s["old"]["average_met"] == 2.0 and s["new"]["average_met"] == 2.5
    assert s["share_change"] == {"1": 50.0, "2": 50.0, "3": -50.0}
    assert s["newly_meeting"] == ["xã  b"] and doc["lost"] is True
    text = run(old, new, crit=crit).stdout
    assert "Có 1 đơn vị không còn đạt tiêu chí đã đạt năm 2023: A" in text
    assert "tiêu chí 3 (Nghèo đa chiều): 100% → 50% (−50 điểm %)" in text


def test_nothing_lost_exits_0(tmp_path: Path, crit: Path):
    old, new = tmp_path / "o", tmp_path / "n"
    unit(old, "a", "A", 2023, {"1": False, "2.1": 70, "3": 3})
    unit(new, "a", "A", 2024, {"1": True, "2.1": 70, "3": 3})
    r = run(old, new, crit=crit)
    assert r.exit_code == 0, r.stderr


def test_formats_and_output_by_extension(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    for ext in ("json", "csv", "md", "txt"):
        out = tmp_path / f"kq.{ext}"
        r = run(old, new, "--output", out, crit=crit)
        assert r.exit_code == 1, r.stderr
        text = out.read_text(encoding="utf-8")
        if ext == "json":
            assert json.loads(text)["units"][0]["name"] == "A"
        elif ext == "csv":
            rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
            assert rows[0][:2] == ["Loại", "Tên đơn vị"]
            assert rows[1][1] == "A" and rows[1][14] == "2" and rows[1][15] == "3"
        elif ext == "md":
            assert text.startswith("# So sánh") and "\n- A (D1, P)" in text
        else:
            assert "A (D1, P) — NTM: 2/3 → 2/3 tiêu chí" in text
    r = run(old, new, "--output", tmp_path / "kq.csv", "--format", "json", crit=crit)
    assert r.exit_code == 2 and "không khớp" in r.stderr


def test_units_in_one_year_only_are_listed(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    unit(old, "c", "C", 2023, {"1": True, "2.1": 90, "3": 1})
    unit(new, "d", "D", 2024, {"1": True, "2.1": 90, "3": 1}, unit={"district": "D2"})
    doc = as_json(run(old, new, "--format", "json", crit=crit))
    assert [u["name"] for u in doc["only_old"]] == ["C"] and [u["name"] for u in doc["only_new"]] == ["D"]
    text = run(old, new, crit=crit).stdout
    assert "Chỉ có năm 2023 (1): C" in text and "Chỉ có năm 2024 (1): D" in text


def test_matching_by_code(tmp_path: Path, crit: Path):
    old, new = tmp_path / "o", tmp_path / "n"
    unit(old, "a", "An Bình", 2023, {"1": False, "2.1": 90, "3": 1}, unit={"code": "00001"})
    unit(old, "b", "Tân Lập", 2023, {"1": True, "2.1": 90, "3": 1}, unit={"code": "00002"})
    unit(new, "a", "An Bình Mới", 2024, {"1": True, "2.1": 90, "3": 1}, unit={"code": "00001"})  # renamed
    unit(new, "b", "Tân Lập", 2024, {"1": True, "2.1": 90, "3": 1}, unit={"code": "00009"})  # another unit
    doc = as_json(run(old, new, "--format", "json", crit=crit))
    assert [(u["old"]["name"], u["name"]) for u in doc["units"]] == [("An Bình", "An Bình Mới")]
    assert [u["code"] for u in doc["only_old"]] == ["00002"] and [u["code"] for u in doc["only_new"]] == ["00009"]


def test_same_year_is_bad_input(tmp_path: Path, crit: Path):
    old, new = tmp_path / "o", tmp_path / "n"
    unit(old, "a", "A", 2024, {"1": True, "2.1": 90, "3": 1})
    unit(new, "a", "A", 2024, {"1": True, "2.1": 90, "3": 1})
    r = run(old, new, crit=crit)
    assert r.exit_code == 2 and r.stdout == ""
    assert f"{old}: lỗi: {new} cũng là số liệu năm 2024" in r.stderr
    assert "Traceback" not in r.stderr
    r = run(new, tmp_path / "o" / "a.yaml", crit=crit)
    assert r.exit_code == 2 and "năm 2024" in r.stderr


def test_old_after_new_is_bad_input(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    r = run(new, old, crit=crit)
    assert r.exit_code == 2 and "ghi năm trước trước" in r.stderr


def test_different_levels_are_bad_input(tmp_path: Path, crit: Path):
    a = unit(tmp_path / "o", "a", "A", 2023, {"1": True, "2.1": 90, "3": 1})
    h = unit(tmp_path / "n", "h", "A", 2024, {"1": True}, set_id="t/tiny-huyen", level="huyen")
    r = run(a, h, crit=crit)
    assert r.exit_code == 2
    assert f"{a}: lỗi: không so sánh được: đầu vào này là cấp xã, còn {h} là cấp huyện" in r.stderr
    r = run(tmp_path / "o", tmp_path / "n", crit=crit)
    assert r.exit_code == 2 and "không so sánh được" in r.stderr


def test_two_results_for_one_unit_are_bad_input(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    dup = unit(new, "z-copy", "A", 2024, {"1": True, "2.1": 90, "3": 5})
    r = run(old, new, crit=crit)
    assert r.exit_code == 2
    assert f"{dup}: lỗi: hai kết quả cho cùng một đơn vị A trong cùng một đầu vào (đã có ở {new / 'a.yaml'})" in r.stderr


def test_a_broken_unit_is_bad_input(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    (new / "c.yaml").write_text("unit: {name: C, level: xa}\nyear: 2024\ncriteria_set: t/tiny-xa\nvalues: {\"9\": 1}\n",
                                encoding="utf-8")
    r = run(old, new, crit=crit)
    assert r.exit_code == 2 and f"{new / 'c.yaml'}:" in r.stderr and "Traceback" not in r.stderr


def test_missing_input(tmp_path: Path, crit: Path):
    old, _new = two_years(tmp_path)
    r = run(old, tmp_path / "khong-co", crit=crit)
    assert r.exit_code == 2 and "không tìm thấy" in r.stderr


def test_set_change_ntm_to_nang_cao_is_compared_per_set(tmp_path: Path, crit: Path):
    a = unit(tmp_path / "o", "a", "A", 2023, {"1": True, "2.1": 90, "3": 1})
    b = unit(tmp_path / "n", "a", "A", 2024, {"1": 55}, set_id="t/tiny-nc",
             values_for={"t/tiny-xa": {"1": True, "2.1": 95, "3": 5}})
    r = run(a, b, "--format", "json", crit=crit)
    assert r.exit_code == 1, r.stderr  # 3 (poverty) was met in 2023, not in 2024
    (u,) = as_json(r)["units"]
    assert u["set_changed"] is True and u["sets_only_new"] == ["t/tiny-nc"]
    assert [s["criteria_set"] for s in u["sets"]] == ["t/tiny-xa"]
    assert u["sets"][0]["no_longer_met"] == ["3"]
    text = run(a, b, crit=crit).stdout
    assert "bộ tiêu chí đổi từ t/tiny-xa (năm 2023) sang t/tiny-nc (năm 2024): so sánh theo từng bộ" in text
    assert "lần đầu được đánh giá theo bộ t/tiny-nc" in text


def test_sets_with_nothing_in_common_are_bad_input(tmp_path: Path, crit: Path):
    other = crit / "t" / "other-xa.yaml"
    other.write_text(TINY.replace("t/tiny-xa", "t/other-xa"), encoding="utf-8")
    old, new = two_years(tmp_path)
    unit(new, "a", "A", 2024, {"1": True, "2.1": 90, "3": 5}, set_id="t/other-xa")
    r = run(old, new, crit=crit)
    assert r.exit_code == 2 and "hai bộ không có gì chung" in r.stderr


def test_sheet_against_folder(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    sheet = tmp_path / "2023.csv"
    with open(sheet, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Tên xã", "Cấp", "Huyện", "Tỉnh", "Năm", "Bộ tiêu chí", "1", "2.1", "3"])
        w.writerow(["A", "xã", "D1", "P", "2023", "t/tiny-xa", "đạt", "70", "3"])
        w.writerow(["B", "xã", "D1", "P", "2023", "t/tiny-xa", "chưa đạt", "85", "3"])
    r = run(sheet, new, "--format", "json", crit=crit)
    assert r.exit_code == 1, r.stderr
    assert [u["sets"][0]["newly_met"] for u in as_json(r)["units"]] == [["2"], ["1"]]


def test_jobs_give_the_same_report(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    for k in range(6):
        unit(old, f"x{k}", f"X{k}", 2023, {"1": k % 2 == 0, "2.1": 70 + k, "3": 3})
        unit(new, f"x{k}", f"X{k}", 2024, {"1": True, "2.1": 80 + k, "3": 3})
    one = run(old, new, "--format", "json", crit=crit)
    two = run(old, new, "--format", "json", "--jobs", "2", crit=crit)
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout


def test_english_plurals(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    text = run(old, new, "--lang", "en", crit=crit).stdout
    assert "1 more criterion met than in 2023 (2)" in text
    assert "1 criterion met in 2023 no longer met (3)" in text
    assert "2 units in both years" in text
