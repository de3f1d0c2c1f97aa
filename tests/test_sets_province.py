"""A provincial set names its province by official code (`province: {code, name, merged_into}`,
load/set_province.py); `validate` checks it against the units dataset (validate/checks/province.py);
an evaluation dated from 1/7/2025 with a set of a province merged that day is warned; `sets` and
`show` display the province. Each test writes only in its own tmp_path.

Checked by hand (Nghị quyết 202/2025/QH15; the statistics office's list of 25/6/2025): Lai Châu 12
(not merged), Yên Bái 15 + Lào Cai 10 → Lào Cai 15, Bắc Kạn 06 + Thái Nguyên 19 → Thái Nguyên 19."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from ntm_eval.cli import main_group as main
from ntm_eval.load import adminunits as au
from ntm_eval.load.set_province import province_code

ROOT = Path(__file__).resolve().parents[1]
needs_data = pytest.mark.skipif(not au.available(), reason="the units dataset (vietnamadminunits) is not installed")

SET = """schema_version: 1
id: "p/2022/thon"
title: Bộ tiêu chí thôn thử
level: thon
tier: ntm
status: provincial
years: [2022, 2023, 2024, 2025]
{province}
criteria:
  - id: "1"
    title: Giao thông
    indicators:
      - id: "1"
        title: Đường thôn
        type: yes_no
        threshold: {{op: "=", value: true}}
"""


def _set(tmp_path: Path, province: str) -> Path:
    d = tmp_path / "criteria"
    (d / "p" / "2022").mkdir(parents=True)
    (d / "p" / "2022" / "thon.yaml").write_text(SET.format(province=province), encoding="utf-8")
    return d


def _validate(path: Path) -> tuple[int, list[dict]]:
    r = CliRunner().invoke(main, ["validate", str(path), "--format", "json"])
    doc = json.loads(r.output)
    return r.exit_code, [p for s in doc["sets"] for p in s["problems"]]


def _codes(problems: list[dict], severity: str | None = None) -> set[str]:
    return {p["code"] for p in problems if severity is None or p["severity"] == severity}


# --- the shipped provincial sets ------------------------------------------------------------------

@pytest.mark.parametrize("set_id, code, name, into", [
    ("lai-chau/2023/ban-ntm", "12", "Lai Châu", None),
    ("yen-bai/2022/thon-ntm", "15", "Yên Bái", ("15", "Lào Cai")),
    ("bac-kan/2022/thon-ntm", "06", "Bắc Kạn", ("19", "Thái Nguyên")),
    ("example/thai-nguyen/2022/xa-ntm-nang-cao", "19", "Thái Nguyên", ("19", "Thái Nguyên")),
])
def test_shipped_sets_name_their_province(set_id, code, name, into):
    from ntm_eval.load.catalog import Catalog

    cset = Catalog([str(ROOT / "criteria")]).get(set_id)
    assert (cset.province.code, cset.province.name) == (code, name)
    got = cset.province.merged_into
    assert (None if got is None else (got.code, got.name)) == into


@needs_data
def test_shipped_merges_are_the_datasets():
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.load.set_province import expected_merge

    cat = Catalog([str(ROOT / "criteria")])
    for sid in ("yen-bai/2022/thon-ntm", "bac-kan/2022/thon-ntm", "lai-chau/2023/ban-ntm"):
        cset = cat.get(sid)
        assert expected_merge(cset) == cset.province.merged_into, sid
    exit_code, problems = _validate(ROOT / "criteria")
    assert exit_code == 0
    assert not {c for c in _codes(problems) if c.startswith("validate.province")}


# --- validate -------------------------------------------------------------------------------------

@needs_data
@pytest.mark.parametrize("province, key, line", [
    ('province: {code: "99", name: Yên Bái}', "validate.province_unknown_code", 8),
    ('province: {code: "16", name: Yên Bái}', "validate.province_unknown_code", 8),  # no 16 on either map
    ('province: {code: "15", name: Lào Cai}', "validate.province_name", 8),  # 15 was Yên Bái before 1/7/2025
    ('province: {code: "15", name: Yên Bái}', "validate.province_merge_missing", 8),
    ('province: {code: "15", name: Yên Bái, merged_into: {code: "19", name: Thái Nguyên}}',
     "validate.province_merge_mismatch", 8),
    ('province: {code: "12", name: Lai Châu, merged_into: {code: "12", name: Lai Châu}}',
     "validate.province_not_merged", 8),
])
def test_validate_refuses_a_wrong_province(tmp_path, province, key, line):
    exit_code, problems = _validate(_set(tmp_path, province))
    assert exit_code == 1
    hits = [p for p in problems if p["code"] == key]
    assert hits and hits[0]["severity"] == "error" and hits[0]["line"] == line, problems


@needs_data
def test_validate_accepts_the_datasets_merge_and_says_which(tmp_path):
    exit_code, problems = _validate(_set(tmp_path, 'province: {code: "15", name: Yên Bái}'))
    msg = next(p["message"] for p in problems if p["code"] == "validate.province_merge_missing")
    assert "Lào Cai" in msg and "15" in msg
    good = tmp_path / "ok"
    good.mkdir()
    exit_code, problems = _validate(_set(good, 'province: {code: 6, name: bắc kạn, merged_into: '
                                               '{code: "19", name: Thái Nguyên}}'))
    assert exit_code == 0 and not {c for c in _codes(problems) if c.startswith("validate.province")}


def test_a_provincial_set_without_province_is_warned(tmp_path):
    exit_code, problems = _validate(_set(tmp_path, ""))
    assert exit_code == 0
    assert "validate.province_missing" in _codes(problems, "warning")


@pytest.mark.parametrize("province", ['province: {code: "1x", name: A}', 'province: {code: "123", name: A}',
                                      'province: {name: A}', 'province: Lai Châu',
                                      'province: {code: "12", name: Lai Châu, capital: X}'])
def test_a_malformed_province_is_a_parse_error(tmp_path, province):
    exit_code, problems = _validate(_set(tmp_path, province))
    assert exit_code == 1
    assert any(p["severity"] == "error" and p["line"] == 8 for p in problems), problems


@given(st.integers(min_value=0, max_value=99))
def test_province_code_is_two_digits_either_way(n):
    assert province_code(n) == province_code(str(n)) == f"{n:02d}"


@given(st.text(min_size=1, max_size=4))
def test_province_code_refuses_what_is_not_one_or_two_digits(s):
    ok = s.strip().isascii() and s.strip().isdigit() and len(s.strip()) <= 2
    assert (province_code(s) is not None) == ok


# --- evaluation after 1/7/2025 ---------------------------------------------------------------------

def _unit(tmp_path: Path, set_id: str, year: int, date: str | None = None) -> str:
    p = tmp_path / f"thon-{year}.yaml"
    p.write_text(f"unit: {{name: Thôn Minh Họa, level: thon}}\nyear: {year}\n"
                 + (f'date: "{date}"\n' if date else "") + f"criteria_set: {set_id}\nvalues: {{}}\n",
                 encoding="utf-8")
    return str(p)


def _warnings(path: str, *args: str) -> tuple[list[dict], str]:
    r = CliRunner().invoke(main, ["check", path, "--format", "json", *args])
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout).get("warnings", []), r.output


@pytest.mark.parametrize("set_id, year, date, into", [
    ("yen-bai/2022/thon-ntm", 2025, None, "Lào Cai"),
    ("bac-kan/2022/thon-ntm", 2025, "2025-07-01", "Thái Nguyên"),
    ("yen-bai/2022/thon-ntm", 2025, "2025-06-30", None),
    ("yen-bai/2022/thon-ntm", 2024, None, None),
    ("lai-chau/2023/ban-ntm", 2025, None, None),
])
def test_a_merged_provinces_set_used_after_the_merger_is_warned(tmp_path, set_id, year, date, into):
    warnings, _ = _warnings(_unit(tmp_path, set_id, year, date))
    merged = [w for w in warnings if w["key"] == "data.set_province_merged"]
    if into is None:
        assert not merged
    else:
        assert len(merged) == 1 and merged[0]["into"] == into and merged[0]["set_id"] == set_id


def test_the_warning_is_said_in_the_report_in_both_languages(tmp_path):
    path = _unit(tmp_path, "yen-bai/2022/thon-ntm", 2025)
    vi = CliRunner().invoke(main, ["check", path])
    en = CliRunner().invoke(main, ["check", path, "--lang", "en"])
    assert "tỉnh Lào Cai (mã 15) sau hợp nhất" in " ".join(vi.output.split())
    assert "merged province Lào Cai (code 15)" in " ".join(en.output.split())


# --- sets / show ---------------------------------------------------------------------------------

def test_sets_and_show_display_the_province():
    r = CliRunner().invoke(main, ["sets", "--format", "json"])
    rows = {row["id"]: row for row in json.loads(r.stdout)}
    assert rows["bac-kan/2022/thon-ntm"]["province"] == {
        "code": "06", "name": "Bắc Kạn", "merged_into": {"code": "19", "name": "Thái Nguyên"}}
    assert rows["lai-chau/2023/ban-ntm"]["province"]["merged_into"] is None
    assert rows["vn/2021-2025/xa-ntm"]["province"] is None
    shown = CliRunner().invoke(main, ["show", "yen-bai/2022/thon-ntm"]).output
    assert "Tỉnh Yên Bái (mã 15) — từ 01/7/2025 thuộc tỉnh Lào Cai (mã 15)" in shown
    js = json.loads(CliRunner().invoke(main, ["show", "lai-chau/2023/ban-ntm", "--format", "json"]).stdout)
    assert js["province"] == {"code": "12", "name": "Lai Châu", "merged_into": None}


# --- batch groups units by code, not by spelling -----------------------------------------------------

def _commune(d: Path, name: str, unit: str) -> None:
    d.mkdir(exist_ok=True)
    (d / name).write_text(f"unit: {{{unit}, level: xa, region: tdmnpb}}\nyear: 2024\n"
                          "criteria_set: vn/2021-2025/xa-ntm\nvalues: {\"4\": true}\n", encoding="utf-8")


def _districts(path: Path) -> dict[str, int]:
    r = CliRunner().invoke(main, ["batch", str(path), "--format", "json"])
    doc = json.loads(r.stdout)
    (s,) = doc["sets"]
    return {d["district"]: d["units"] for d in s["aggregates"]["by_district"]}


@needs_data
def test_batch_groups_a_coded_unit_under_its_official_district(tmp_path):
    """Tân Linh 05788 is in huyện Đại Từ (171), Thái Nguyên (19): with its code, "Đai Từ" is
    grouped under Đại Từ; without a code the misspelling stays its own group (and is warned)."""
    coded = tmp_path / "coded"
    _commune(coded, "a.yaml", 'name: Tân Linh, code: "05788", district: Đai Từ, province: Thái Nguyên')
    _commune(coded, "b.yaml", "name: Hùng Sơn, district: Đại Từ, province: Thái Nguyên")
    _commune(coded, "c.yaml", 'name: Tiên Hội, code: "05803", province: Thái Nguyen')  # no district given
    plain = tmp_path / "plain"
    _commune(plain, "a.yaml", "name: Tân Linh, district: Đai Từ, province: Thái Nguyên")
    _commune(plain, "b.yaml", "name: Hùng Sơn, district: Đại Từ, province: Thái Nguyên")
    assert _districts(coded) == {"Đại Từ": 3}
    assert _districts(plain) == {"Đai Từ": 1, "Đại Từ": 1}


def test_batch_says_the_merged_province_once_per_set(tmp_path):
    d = tmp_path / "thon"
    d.mkdir()
    for n in range(3):
        (d / f"t{n}.yaml").write_text(f"unit: {{name: Thôn {n}, level: thon}}\nyear: 2025\n"
                                      "criteria_set: yen-bai/2022/thon-ntm\nvalues: {}\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["batch", str(d), "--format", "json"])
    merged = [w for w in json.loads(r.stdout)["warnings"] if w["code"] == "data.set_province_merged"]
    assert len(merged) == 1 and merged[0]["severity"] == "warning" and "Lào Cai" in merged[0]["message"]
    assert merged[0]["file"].startswith(str(d))
    csv = CliRunner().invoke(main, ["batch", str(d), "--format", "csv"])
    assert "Lào Cai (mã 15)" in csv.stderr and "Lào Cai" not in csv.stdout


@needs_data
@pytest.mark.parametrize("set_id, line", [
    ("lai-chau/2024/xa-ntm", 'province: {code: "12", name: "Lai Châu"}'),
    ("bac-kan/2024/xa-ntm", 'province: {code: "06", name: "Bắc Kạn", merged_into: {code: "19", name: "Thái Nguyên"}}'),
    ("example/lai-chau-minh-hoa/2024/xa-ntm", None),
])
def test_new_set_names_the_province_of_its_id(tmp_path, set_id, line):
    out = tmp_path / "criteria" / f"{set_id}.yaml"
    out.parent.mkdir(parents=True)
    r = CliRunner().invoke(main, ["new-set", "vn/2021-2025/xa-ntm", "--id", set_id, "--region", "tdmnpb",
                                  "--years", "2024", "-o", str(out)])
    assert r.exit_code == 0, r.output
    lines = out.read_text(encoding="utf-8").splitlines()
    if line is None:
        assert not [x for x in lines if x.startswith("province:")]
    else:
        assert line in lines
    exit_code, problems = _validate(tmp_path / "criteria")
    said = {c for c in _codes(problems) if c.startswith("validate.province")}
    assert exit_code == 0 and said == (set() if line else {"validate.province_missing"})  # a warning only
