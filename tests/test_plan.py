"""`ntm-eval plan PLAN RESULTS…` (issue 12, items 1 and 5): plan files, target statuses, what
remains, what to do next, bad input.

Most tests run on a tiny fictional set written into tmp_path (`SET`): three criteria, so that the
figures can be worked out by hand:

=====  ===============  ==================  ===================  ========
unit   "1" (yes/no)     "2": 2.1 ≥ 80 %     "3": 3.1 ≤ 4 %       met
=====  ===============  ==================  ===================  ========
A      đạt              9/10 = 90 ✓         3 ✓                  3 (set met)
B      false ✗          7/10 = 70 ✗ (1)     3 ✓                  1
C      true             (missing)           5 ✗                  1, "2" open
D      true             79 ✗ (1.25 % away)  2 ✓                  2
=====  ===============  ==================  ===================  ========
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from ntm_eval.cli import main_group

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "examples" / "plans"

SET = """\
schema_version: 1
id: t/plan-xa
title: Bộ thử cho kế hoạch
level: xa
tier: ntm
status: demo
criteria:
  - id: "1"
    title: Quy hoạch
    indicators:
      - {id: "1", title: Có quy hoạch, type: yes_no, threshold: {value: true}}
  - id: "2"
    title: Giao thông
    indicators:
      - id: "2.1"
        title: Tỷ lệ thôn có đường
        type: percent
        counts: {of: thôn, of_en: villages}
        threshold: {op: ">=", value: 80}
  - id: "3"
    title: Nghèo đa chiều
    indicators:
      - {id: "3.1", title: Tỷ lệ hộ nghèo, type: percent, threshold: {op: "<=", value: 4}}
"""

UNITS: dict[str, dict[str, Any]] = {
    "A": {"1": "đạt", "2.1": {"numerator": 9, "denominator": 10}, "3.1": 3},
    "B": {"1": False, "2.1": {"numerator": 7, "denominator": 10}, "3.1": 3},
    "C": {"1": True, "3.1": 5},
    "D": {"1": True, "2.1": 79, "3.1": 2},
}


@pytest.fixture
def env(tmp_path: Path) -> Path:
    crit = tmp_path / "criteria" / "t"
    crit.mkdir(parents=True)
    (crit / "plan-xa.yaml").write_text(SET, encoding="utf-8")
    xa = tmp_path / "xa"
    xa.mkdir()
    for name, values in UNITS.items():
        doc = {"unit": {"name": name, "level": "xa", "district": "D1", "province": "P"}, "year": 2024,
               "criteria_set": "t/plan-xa", "values": values}
        (xa / f"{name.lower()}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                                                 encoding="utf-8")
    return tmp_path


def write_plan(env: Path, targets: str, head: str = "year: 2024\n") -> Path:
    p = env / "plan.yaml"
    p.write_text("plan: Kế hoạch thử\nsource: văn bản thử\n" + head + "sets: {NTM: t/plan-xa}\ntargets:\n" + targets,
                 encoding="utf-8")
    return p


def run(*args: str, env: Path | None = None):
    extra = ["--criteria-dir", str(env / "criteria")] if env is not None else []
    res = CliRunner().invoke(main_group, ["plan", *args, *extra], catch_exceptions=True)
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res


def plan_json(env: Path, targets: str, *more: str, head: str = "year: 2024\n") -> tuple[int, dict]:
    p = write_plan(env, targets, head)
    res = run(str(p), str(env / "xa"), "--format", "json", *more, env=env)
    assert res.exit_code in (0, 1), res.output
    return res.exit_code, json.loads(res.stdout)


def statuses(doc: dict) -> list[str]:
    return [t["status"] for t in doc["targets"]]


# --- statuses ------------------------------------------------------------------------------------

def test_unit_targets(env: Path):
    code, doc = plan_json(env, """\
  - {unit: xã A, meets: NTM}
  - {unit: B, meets: NTM}
  - {unit: C, meets: NTM}
  - {unit: D, criteria: 2}
  - {unit: C, criterion: "2", set: NTM}
  - {unit: B, criteria: 3}
""")
    assert code == 1
    assert statuses(doc) == ["achieved", "behind", "behind", "achieved", "undecided", "behind"]
    b = doc["targets"][1]
    assert b["criteria_not_met"] == ["1", "2"] and "còn 2 tiêu chí: 1, 2" in b["remaining"]
    # C fails criterion 3 whatever its missing road figure: decided, not open
    assert doc["targets"][2]["undecided"] == ["2"]
    assert doc["targets"][4]["reason"] == "open"
    assert doc["targets"][5]["need"] == 2


def test_open_verdicts_never_decide(env: Path):
    """2/4 communes meet criterion 2 at most (A; C open): "2 communes" cannot be told, "1" is met,
    "3" is behind — C alone could not make it."""
    code, doc = plan_json(env, """\
  - {criterion: "2", set: NTM, units: 2}
  - {criterion: "2", set: NTM, units: 1}
  - {criterion: "2", set: NTM, units: 3}
  - {criterion: "2", set: NTM, percent: 50}
""")
    assert statuses(doc) == ["undecided", "achieved", "behind", "undecided"]
    first = doc["targets"][0]
    assert (first["measure"], first["upper_bound"], first["need"]) == (1, 2, 1)
    assert first["undecided"] == ["C"]


def test_counts_average_and_of(env: Path):
    code, doc = plan_json(env, """\
  - {meets: NTM, units: 1}
  - {meets: NTM, units: 2, of: 4}
  - {meets: NTM, units: 2, of: 6}
  - {average: "1,75", set: NTM}
  - {average: 2, set: NTM}
  - {average: "1,75", set: NTM, op: trên}
""")
    assert statuses(doc) == ["achieved", "behind", "undecided", "achieved", "undecided", "undecided"]
    # two communes the plan counts are absent from the results: they could still make it
    assert doc["targets"][2]["upper_bound"] == 3
    avg = doc["targets"][4]
    assert avg["measure"] == 1.75 and avg["need"] == 1  # 7 criteria met of 8 needed; C's "2" is open
    # D is the nearest commune to the set: one criterion (2) left
    t = doc["targets"][1]
    assert t["closing_criteria"] == 1


def test_behind_when_even_open_verdicts_would_not_reach(env: Path):
    code, doc = plan_json(env, "  - {average: 3, set: NTM}\n")
    assert statuses(doc) == ["behind"] and code == 1


def test_on_track_rule(env: Path):
    """Results of 2024 for a 2025 target: linear progress from the baseline to the target."""
    targets = """\
  - {meets: NTM, units: 3, baseline: {year: 2023, value: 0}}
  - {meets: NTM, units: 3, baseline: {year: 2023, increase: 1}}
  - {meets: NTM, units: 4}
  - {meets: NTM, units: 1}
  - {criterion: "2", set: NTM, units: 4, baseline: {year: 2023, value: 0}}
"""
    code, doc = plan_json(env, targets, head="year: 2025\nperiod: [2021, 2025]\n")
    # expected 1.5 (→ behind: 1 met); expected 2.5 (behind); no baseline (undecided); already met
    assert statuses(doc) == ["behind", "behind", "undecided", "achieved", "undecided"]
    assert doc["targets"][0]["expected"] == 1.5 and doc["targets"][0]["due"] is False
    assert doc["targets"][2]["reason"] == "no_baseline"
    # criterion 2: 1 met, C open: expected 2 — C could still make it
    assert doc["targets"][4]["reason"] == "open"
    code, doc = plan_json(env, "  - {meets: NTM, units: 2, baseline: {year: 2023, value: 0}}\n",
                          head="year: 2025\n")
    assert statuses(doc) == ["on_track"] and doc["targets"][0]["expected"] == 1


def test_exit_zero_when_everything_is_achieved(env: Path):
    code, doc = plan_json(env, "  - {unit: A, meets: NTM}\n  - {meets: NTM, units: 1}\n")
    assert code == 0 and doc["exit_code"] == 0


# --- what to do next -------------------------------------------------------------------------------

def test_next_ranks_by_relative_gap(env: Path):
    code, doc = plan_json(env, "  - {meets: NTM, units: 3}\n  - {unit: B, meets: NTM}\n", "--next")
    gaps = doc["next"]["indicators"]
    # D's road share 79 vs 80 (1.25 %) first, then B's 70 vs 80 (12.5 %, need 1 village), C's
    # poverty 5 vs 4 (25 %), then yes/no failures (100 %)
    assert [(g["unit"], g["indicator"]) for g in gaps] == [("D", "2.1"), ("B", "2.1"), ("C", "3.1"), ("B", "1")]
    assert gaps[1]["need"] == 1 and "ranking" in doc["next"]
    nearest = doc["targets"][0]["next"]
    # two more communes needed: D (criterion 2, 1.25 % away) and C (criterion 3, 25 %), before B (two)
    assert [x.split(":")[0] for x in nearest] == ["D", "C"] and nearest[0] == "D: còn 1 tiêu chí (2)"
    unit = doc["targets"][1]
    assert [g["indicator"] for g in unit["gaps"]] == ["2.1", "1"]


def test_next_in_table_says_how_it_ranks(env: Path):
    p = write_plan(env, "  - {unit: B, meets: NTM}\n")
    res = run(str(p), str(env / "xa"), "--next", env=env)
    assert res.exit_code == 1
    assert "Việc cần làm tiếp" in res.stdout and "khoảng cách tương đối" in res.stdout
    assert "cần thêm 1 thôn" in res.stdout


# --- formats and output ------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["md", "csv", "json", "table"])
def test_output_file(env: Path, fmt: str):
    p = write_plan(env, "  - {unit: B, meets: NTM}\n")
    out = env / f"report.{ 'txt' if fmt == 'table' else fmt}"
    res = run(str(p), str(env / "xa"), "--format", fmt, "--output", str(out), "--next", env=env)
    assert res.exit_code == 1, res.output
    text = out.read_text(encoding="utf-8")
    assert "B" in text and ("Chưa đạt" in text or "behind" in text)


def test_english(env: Path):
    p = write_plan(env, "  - {meets: NTM, units: 3}\n  - {criterion: \"2\", set: NTM, units: 1}\n")
    res = run(str(p), str(env / "xa"), "--format", "md", "--lang", "en", env=env)
    assert "need 2 more communes meeting the set" in res.stdout
    assert "1 commune meets criterion 2" in res.stdout
    assert "đạt" not in res.stdout.split("Source")[0].lower().replace("kế hoạch thử", "")


def test_never_writes_over_the_plan(env: Path):
    p = write_plan(env, "  - {unit: A, meets: NTM}\n")
    before = p.read_text(encoding="utf-8")
    res = run(str(p), str(env / "xa"), "--format", "json", "--output", str(p), env=env)
    assert res.exit_code == 2 and p.read_text(encoding="utf-8") == before


def test_sheet_plan(env: Path):
    sheet = env / "ke-hoach.csv"
    sheet.write_text("Mục tiêu;Năm;Đơn vị;Đạt bộ tiêu chí;Bộ tiêu chí;Tiêu chí;Số đơn vị;Tỷ lệ (%)\n"
                     "A đạt chuẩn;2024;xã A;t/plan-xa;;;;\n"
                     "2 xã TC2;2024;;;t/plan-xa;2;2;\n", encoding="utf-8")
    res = run(str(sheet), str(env / "xa"), "--format", "json", env=env)
    doc = json.loads(res.stdout)
    assert statuses(doc) == ["achieved", "undecided"]
    assert doc["targets"][1]["location"]["line"] == 3
    sheet.write_text("Mục tiêu;Năm;Đơn vi xx;Số đơn vị\nx;2024;A;1\n", encoding="utf-8")
    res = run(str(sheet), str(env / "xa"), env=env)
    assert res.exit_code == 2 and "ke-hoach.csv:1:3:" in res.output


def test_sheet_plan_xlsx(env: Path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mục tiêu", "Năm", "Đơn vị", "Bộ tiêu chí", "Số tiêu chí"])
    ws.append(["D 2 tiêu chí", 2024, "D", "t/plan-xa", 2])
    ws.append(["D 3 tiêu chí", 2024, "D", "t/plan-xa", "abc"])
    path = env / "ke-hoach.xlsx"
    wb.save(path)
    res = run(str(path), str(env / "xa"), env=env)
    assert res.exit_code == 2 and "ke-hoach.xlsx: ô E3:" in res.output  # a workbook names the cell (issue 13)
    ws.delete_rows(3)
    wb.save(path)
    res = run(str(path), str(env / "xa"), "--format", "json", env=env)
    assert statuses(json.loads(res.stdout)) == ["achieved"]


# --- bad input -------------------------------------------------------------------------------------

@pytest.mark.parametrize("target, where, words", [
    ("  - {unit: A, meet: NTM}\n", ":6:15:", "meets"),                         # unknown key, suggestion
    ("  - {unit: A, meets: NTMM}\n", ":6:22:", "NTM"),                         # unknown set name
    ("  - {unit: A, meets: t/plan-xaa}\n", ":6:22:", "t/plan-xa"),             # unknown set id
    ("  - {criterion: \"4\", set: NTM, units: 1}\n", ":6:17:", "1, 2, 3"),     # unknown criterion
    ("  - {unit: Z, meets: NTM}\n", ":6:12:", "kết quả không có đơn vị"),     # unknown unit
    ("  - {unit: xã Bx, meets: NTM}\n", ":6:12:", "“B”"),                      # suggestion
    ("  - {unit: A, meets: NTM, year: 2023}\n", ":6:33:", "2024"),             # a year the results lack
    ("  - {unit: A, criteria: 2, units: 3}\n", ":6:28:", "units"),             # a count for one unit
    ("  - {unit: A, criteria: 2, meets: NTM}\n", ":6:5:", "đúng một dạng"),    # two shapes
    ("  - {meets: NTM, units: \"1,5\"}\n", ":6:25:", "số nguyên"),             # not a count
    ("  - {meets: NTM, percent: 120}\n", ":6:27:", "0–100"),
    ("  - {meets: NTM, units: 1, baseline: {year: 2024, value: 0}}\n", ":6:45:", "trước năm mục tiêu"),
    ("  - {unit: A, set: NTM, criteria: 4}\n", ":6:35:", "(3)"),             # more criteria than the set
    ("  - {meets: NTM, units: 1, op: ≥≥}\n", ":6:32:", "op"),
])
def test_bad_plans_are_located(env: Path, target: str, where: str, words: str):
    p = write_plan(env, target)
    res = run(str(p), str(env / "xa"), env=env)
    assert res.exit_code == 2, res.output
    assert f"{p}{where}" in res.output, res.output
    assert words in res.output
    assert "Traceback" not in res.output


def test_year_outside_period_and_missing_targets(env: Path):
    p = write_plan(env, "  - {meets: NTM, units: 1, year: 2030}\n", head="year: 2024\nperiod: [2021, 2025]\n")
    res = run(str(p), str(env / "xa"), env=env)
    assert res.exit_code == 2 and "2021–2025" in res.output
    p.write_text("plan: x\n", encoding="utf-8")
    res = run(str(p), str(env / "xa"), env=env)
    assert res.exit_code == 2 and "targets" in res.output


def test_two_results_for_one_unit_and_year(env: Path):
    src = (env / "xa" / "a.yaml").read_text(encoding="utf-8")
    (env / "xa" / "a-copy.yaml").write_text(src, encoding="utf-8")
    p = write_plan(env, "  - {unit: A, meets: NTM}\n")
    res = run(str(p), str(env / "xa"), env=env)
    assert res.exit_code == 2
    assert "a.yaml: lỗi: hai kết quả cho cùng đơn vị A năm 2024: tệp này và " in res.output
    assert "a-copy.yaml" in res.output and "Traceback" not in res.output


def test_a_file_named_twice_is_read_once(env: Path):
    p = write_plan(env, "  - {meets: NTM, units: 1}\n")
    res = run(str(p), str(env / "xa"), str(env / "xa" / "a.yaml"), "--format", "json", env=env)
    assert res.exit_code == 0 and json.loads(res.stdout)["results"]["units"] == 4


def test_several_results_and_years(env: Path):
    """Results of two years: each target reads its own year (or the latest before it)."""
    old = env / "old"
    old.mkdir()
    for name, values in UNITS.items():
        doc = {"unit": {"name": name, "level": "xa", "district": "D1", "province": "P"}, "year": 2023,
               "criteria_set": "t/plan-xa", "values": {**values, "1": False}}
        (old / f"{name.lower()}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    p = write_plan(env, "  - {unit: A, meets: NTM, year: 2023}\n  - {unit: A, meets: NTM}\n")
    res = run(str(p), str(old), str(env / "xa"), "--format", "json", env=env)
    doc = json.loads(res.stdout)
    assert statuses(doc) == ["behind", "achieved"] and doc["results"]["years"] == [2023, 2024]


def test_a_set_no_unit_was_evaluated_with(env: Path):
    """Communes of the results were evaluated with another set: a located error naming it; a
    level the results hold no unit of (villages) leaves the target undecided instead."""
    p = write_plan(env, "  - {meets: vn/2021-2025/xa-ntm, units: 1}\n")
    res = run(str(p), str(env / "xa"), env=env)
    assert res.exit_code == 2 and "t/plan-xa" in res.output
    code, doc = plan_json(env, "  - {meets: lai-chau/2023/ban-ntm, units: 20}\n")
    assert statuses(doc) == ["undecided"] and doc["targets"][0]["reason"] == "no_results"


def test_ambiguous_unit_name(env: Path):
    d = {"unit": {"name": "A", "level": "xa", "district": "D2", "province": "P"}, "year": 2024,
         "criteria_set": "t/plan-xa", "values": UNITS["A"]}
    (env / "xa" / "other-a.yaml").write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    p = write_plan(env, "  - {unit: A, meets: NTM}\n")
    res = run(str(p), str(env / "xa"), env=env)
    assert res.exit_code == 2 and "xã A (D1), xã A (D2)" in res.output
    p = write_plan(env, "  - {unit: A, meets: NTM, in: {district: D2}}\n")
    assert run(str(p), str(env / "xa"), env=env).exit_code == 0


def test_broken_unit_is_exit_2_with_the_report(env: Path):
    (env / "xa" / "bad.yaml").write_text("unit: {name: E, level: xa}\nyear: 2024\ncriteria_set: t/plan-xa\n"
                                         "values: {\"9.9\": 1}\n", encoding="utf-8")
    p = write_plan(env, "  - {unit: A, meets: NTM}\n")
    res = run(str(p), str(env / "xa"), "--format", "json", env=env)
    assert res.exit_code == 2 and "bad.yaml" in res.stderr
    assert json.loads(res.stdout)["targets"][0]["status"] == "achieved"


def test_usage_errors(env: Path):
    p = write_plan(env, "  - {unit: A, meets: NTM}\n")
    assert run(str(p), env=env).exit_code == 2
    assert run(str(env / "nope.yaml"), str(env / "xa"), env=env).exit_code == 2
    assert run(str(p), str(env / "nope"), env=env).exit_code == 2


# --- the shipped plans ------------------------------------------------------------------------------

def test_tam_duong_plan_against_the_examples():
    res = run(str(PLANS / "tam-duong-2024.plan"), str(ROOT / "examples" / "tam-duong"), "--format", "json",
              "--next")
    assert res.exit_code == 1, res.output
    doc = json.loads(res.stdout)
    by = {t["id"]: t for t in doc["targets"]}
    assert by["Sơn Bình đạt NTM"]["status"] == "achieved"
    assert by["Huyện 6/9 tiêu chí"]["status"] == "achieved"
    bo = by["Bản Bo 16/19 tiêu chí nâng cao"]
    assert bo["status"] == "behind" and bo["need"] == 2 and bo["measure"] == 14
    assert by["20 bản đạt chuẩn"]["status"] == "undecided"
    assert by["Bình quân 18,5 tiêu chí/xã"]["status"] == "achieved"
    assert by["9/12 xã TC11 Nghèo đa chiều"]["measure"] == 9


def test_tam_duong_plan_on_track_from_2023():
    res = run(str(PLANS / "tam-duong-2024.plan"), str(ROOT / "examples" / "tam-duong-2023"), "--format", "json")
    doc = json.loads(res.stdout)
    bo = next(t for t in doc["targets"] if t["id"] == "Bản Bo 16/19 tiêu chí nâng cao")
    assert bo["status"] == "on_track" and bo["results_year"] == 2023


def test_tam_duong_sheet_plan():
    res = run(str(PLANS / "tam-duong-2024-bang.csv"), str(ROOT / "examples" / "tam-duong"), "--format", "json")
    assert res.exit_code == 1, res.output
    assert statuses(json.loads(res.stdout)).count("achieved") == 6


def test_bac_kan_plan_cannot_be_told_without_its_units():
    res = run(str(PLANS / "bac-kan-2021-2025.plan"), str(ROOT / "examples" / "tam-duong"), "--format", "json")
    assert res.exit_code == 1, res.output
    doc = json.loads(res.stdout)
    assert set(statuses(doc)) == {"undecided"} and len(doc["targets"]) > 40


def test_every_target_of_the_shipped_plans_quotes_its_sentence():
    for plan in PLANS.glob("*.plan"):
        lines = plan.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.startswith("  - "):
                above = [x for x in lines[max(0, i - 3):i] if x.strip().startswith("#")]
                assert any("“" in x or '"' in x for x in above), (plan.name, i + 1, line)
