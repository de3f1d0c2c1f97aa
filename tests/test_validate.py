"""`ntm-eval validate`: located findings for broken criteria files, formats, exit codes."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from ntm_eval.cli import main_group
from ntm_eval.validate import validate_paths

BASE = """\
schema_version: 1
id: {id}
title: Bộ thử
title_en: Test set
level: xa
status: demo
valid_from: "2022-01-01"
valid_until: "2025-12-31"
years: [2022, 2023]
classification:
  key: region
  values: {{a: Vùng A, b: Vùng B}}
sources:
  s1: {{document: Văn bản 1}}
{extra}criteria:
  - id: "1"
    title: Một
    indicators:
      - id: "1.1"
        title: Tỷ lệ
        type: percent
        threshold: {threshold}
      - id: "1.2"
        title: Có hay không
        type: yes_no
        threshold: {{value: true, source: s1, confidence: demo}}
tests:
  - name: vùng a đạt
    unit: {{region: a}}
    year: 2022
    values: {{"1.1": 85, "1.2": true}}
    expect: {{indicators: {{"1.1": {expect}}}, status: {expect}}}
"""
GOOD_THRESHOLD = '{op: ">=", value: {by_region: {a: 80, b: 90}}, source: s1, confidence: demo}'


def write_set(root: Path, set_id: str, threshold: str = GOOD_THRESHOLD, extra: str = "", expect: str = "pass",
              path: str | None = None, text: str | None = None) -> Path:
    p = root / (path or f"{set_id}.yaml")
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text if text is not None else
                 BASE.format(id=set_id, threshold=threshold, extra=extra, expect=expect), encoding="utf-8")
    return p


def run(*args: str):
    return CliRunner().invoke(main_group, ["validate", *args], catch_exceptions=False)


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    n = 0
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            n += 1
            if n == nth:
                return i
    raise AssertionError(f"{needle!r} not in {path}")


def keys(report) -> list[str]:
    return [p.key for p in report.problems]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    r = tmp_path / "criteria"
    r.mkdir()
    return r


# --- clean sets and summaries ---------------------------------------------------------------
def test_clean_set_passes_with_summary(root: Path):
    write_set(root, "t/base")
    res = run(str(root))
    assert res.exit_code == 0, res.output
    assert "t/base: 2 chỉ tiêu, 0 ngưỡng chưa xác định, 1 ca kiểm thử đạt" in res.output
    res = run("--lang", "en", str(root))
    assert "t/base: 2 indicators, 0 thresholds unknown, 1 tests passed" in res.output
    assert "0 errors, 0 warnings" in res.output


# --- reference integrity ------------------------------------------------------------------------
def test_duplicate_set_ids_across_files(root: Path):
    write_set(root, "t/base")
    dup = write_set(root, "t/base", path="t/copy.yaml")
    report = validate_paths([str(root)])
    dups = [p for p in report.problems if p.key == "validate.duplicate_set_id"]
    assert len(dups) == 1
    assert Path(dups[0].file).resolve() == dup.resolve()
    assert dups[0].line == 2 and dups[0].col == 5
    assert "base.yaml:2" in dups[0].params["first"]
    res = run(str(root))
    assert res.exit_code == 1
    assert re.search(r"copy\.yaml:2:5: lỗi: mã bộ tiêu chí “t/base” đã dùng ở .*base\.yaml:2", res.output)


def test_unknown_extends_target_has_suggestion(root: Path):
    write_set(root, "t/base")
    child = root / "t/child.yaml"
    child.write_text("schema_version: 1\nid: t/child\nextends: t/bse\nstatus: demo\n", encoding="utf-8")
    report = validate_paths([str(root)])
    [p] = [p for p in report.problems if p.file and p.file.endswith("child.yaml")]
    assert p.key == "schema.extends_unknown"
    assert (p.line, p.col) == (3, 10)
    assert p.params["hint"] == "t/base"
    res = run(str(root))
    assert res.exit_code == 1
    assert "child.yaml:3:10: lỗi: bộ tiêu chí gốc “t/bse” không tồn tại — có phải ý bạn là “t/base”?" in res.output


def test_extends_cycle_is_reported_in_each_file(root: Path):
    for a, b in (("t/a", "t/b"), ("t/b", "t/a")):
        (root / f"{a}.yaml").parent.mkdir(parents=True, exist_ok=True)
        (root / f"{a}.yaml").write_text(f"schema_version: 1\nid: {a}\nextends: {b}\n", encoding="utf-8")
    report = validate_paths([str(root)])
    cycles = [p for p in report.problems if p.key == "schema.cycle"]
    assert sorted(Path(p.file).name for p in cycles) == ["a.yaml", "b.yaml"]
    assert all(p.line == 3 for p in cycles)
    assert any("t/a → t/b → t/a" in p.params["chain"] for p in cycles)


def test_requires_cycle_and_unknown_requires(root: Path):
    write_set(root, "t/a", extra="requires: [t/b]\n")
    write_set(root, "t/b", extra="requires: [t/a, t/bas]\n")
    write_set(root, "t/base")
    report = validate_paths([str(root)])
    cycles = [p for p in report.problems if p.key == "schema.cycle"]
    assert {Path(p.file).name for p in cycles} == {"a.yaml", "b.yaml"}
    unknown = [p for p in report.problems if p.key == "validate.unknown_set"]
    assert len(unknown) == 1 and unknown[0].params == {"name": "t/bas", "hint": "t/base"}
    assert unknown[0].line == line_of(root / "t/b.yaml", "requires:")


def test_path_must_mirror_id_and_refs_cannot_be_paths(root: Path):
    write_set(root, "t/base", path="elsewhere/base.yaml")
    write_set(root, "t/other", extra="requires: [../outside.yaml]\n")
    report = validate_paths([str(root)])
    mism = [p for p in report.problems if p.key == "validate.path_mismatch"]
    assert len(mism) == 1 and mism[0].file.endswith("elsewhere/base.yaml") and mism[0].line == 2
    bad = [p for p in report.problems if p.key == "schema.bad_ref"]
    assert len(bad) == 1 and bad[0].params["value"] == "../outside.yaml"
    assert bad[0].line == line_of(root / "t/other.yaml", "requires:")


def test_symlink_out_of_the_folder_is_refused(root: Path, tmp_path: Path):
    outside = write_set(tmp_path / "elsewhere", "t/x")
    (root / "t").mkdir()
    try:
        os.symlink(outside, root / "t" / "x.yaml")
    except (OSError, NotImplementedError):
        pytest.skip("no symlinks here")
    report = validate_paths([str(root)])
    assert "validate.outside_root" in keys(report)
    assert not report.ok


def test_derived_reference_to_unknown_indicator(root: Path):
    write_set(root, "t/base")
    thr = '{op: ">=", value: {derived: {set: t/base, indicator: "1.1x", factor: 1.1}}, source: s1}'
    p = write_set(root, "t/km", threshold=thr, expect="missing")
    report = validate_paths([str(root)])
    [d] = [x for x in report.problems if x.key == "validate.unknown_derived_indicator"]
    assert d.file.endswith("km.yaml") and d.line == line_of(p, "derived")
    assert d.params["hint"] == "1.1"


# --- coverage -------------------------------------------------------------------------------
def test_by_region_missing_a_region_without_default(root: Path):
    p = write_set(root, "t/base", threshold='{op: ">=", value: {by_region: {a: 80}}, source: s1}')
    report = validate_paths([str(root)])
    [m] = [x for x in report.problems if x.key == "validate.missing_class"]
    assert m.severity == "error" and m.indicator == "1.1"
    assert m.params["values"] == "b" and m.params["key_name"] == "region"
    assert m.line == line_of(p, "by_region")
    assert not report.ok
    # an explicit default is fine: the gap is then a declared unknown (a warning)
    write_set(root, "t/base", threshold='{op: ">=", value: {by_region: {a: 80, default: unknown}}, source: s1}')
    report = validate_paths([str(root)])
    assert "validate.missing_class" not in keys(report)
    [w] = [x for x in report.problems if x.key == "validate.unknown_threshold"]
    assert w.severity == "warning" and w.params["cases"] == "b (2022–2023)"
    assert report.ok


def test_by_year_missing_a_declared_year(root: Path):
    write_set(root, "t/base", threshold='{op: ">=", value: {by_year: {2022: 80}}, source: s1}')
    report = validate_paths([str(root)])
    [m] = [x for x in report.problems if x.key == "validate.missing_year"]
    assert m.params["values"] == "2023"
    write_set(root, "t/base", threshold='{op: ">=", value: {by_year: {2022: 80, 2023: 85}}, source: s1}')
    assert validate_paths([str(root)]).ok


def test_unknown_threshold_is_a_warning_and_an_error_under_strict(root: Path):
    write_set(root, "t/base", threshold="unknown", expect="no_threshold")
    res = run(str(root))
    assert res.exit_code == 0, res.output
    assert "cảnh báo: ngưỡng chưa xác định (unknown)" in res.output
    assert "2 chỉ tiêu, 1 ngưỡng chưa xác định, 1 ca kiểm thử đạt" in res.output
    res = run("--strict", str(root))
    assert res.exit_code == 1
    assert "lỗi: ngưỡng chưa xác định (unknown)" in res.output


def test_gapped_overlapping_and_outside_versions(root: Path):
    gap = ('[{from: "2022-01-01", until: "2022-06-30", op: ">=", value: 80, source: s1},\n'
           '                    {from: "2023-01-01", op: ">=", value: 85, source: s1}]')
    p = write_set(root, "t/base", threshold=gap)
    report = validate_paths([str(root)])
    [g] = [x for x in report.problems if x.key == "validate.version_gap"]
    assert (g.params["start"], g.params["end"]) == ("2022-07-01", "2022-12-31")
    assert g.line == line_of(p, '"2022-06-30"') and g.indicator == "1.1"
    overlap = gap.replace('"2022-06-30"', '"2023-06-30"').replace('"2022-01-01"', '"2021-06-01"')
    write_set(root, "t/base", threshold=overlap)
    ks = keys(validate_paths([str(root)]))
    assert "validate.version_overlap" in ks and "validate.version_outside" in ks
    ok = gap.replace('"2022-06-30"', '"2022-12-31"')
    write_set(root, "t/base", threshold=ok)
    assert validate_paths([str(root)]).ok


def test_threshold_starting_late_is_a_warning(root: Path):
    late = '[{from: "2023-03-01", op: ">=", value: 80, source: s1}]'
    write_set(root, "t/base", threshold=late, expect="no_threshold")
    report = validate_paths([str(root)])
    [w] = [x for x in report.problems if x.key == "validate.not_in_force"]
    assert w.severity == "warning" and w.params["start"] == "2023-03-01" and w.params["cases"] == "2022–2023"
    assert report.ok


# --- embedded tests through the engine --------------------------------------------------------
def test_failing_embedded_test_is_located(root: Path):
    p = write_set(root, "t/base", expect="fail")
    res = run(str(root))
    assert res.exit_code == 1
    line = line_of(p, "expect:")
    assert re.search(rf"base\.yaml:{line}:\d+: lỗi: ca kiểm thử “vùng a đạt”: chỉ tiêu 1.1 mong đợi fail, nhận được pass",
                     res.output)
    assert "kết quả chung mong đợi fail, nhận được pass" in res.output
    assert "0 ca kiểm thử đạt, 1 ca kiểm thử không đạt" in res.output


def test_embedded_test_runs_class_thresholds_and_bind_errors(root: Path):
    extra_test = """\
  - name: vùng b 85 chưa đạt
    unit: {region: b}
    year: 2023
    values: {"1.1": 85, "1.3": true}
    expect: {indicators: {"1.1": fail}}
  - name: mã lạ trong expect
    unit: {region: b}
    year: 2023
    values: {"1.1": 95}
    expect: {criteria: {"9": pass}}
"""
    p = write_set(root, "t/base")
    p.write_text(p.read_text(encoding="utf-8") + extra_test, encoding="utf-8")
    report = validate_paths([str(root)])
    s = report.sets[0]
    assert (s.tests_total, s.tests_passed) == (3, 1)
    unknown = [x for x in report.problems if x.key == "data.unknown_indicator"]
    assert len(unknown) == 1 and unknown[0].line == line_of(p, '"1.3": true') and unknown[0].file.endswith("base.yaml")
    [u] = [x for x in report.problems if x.key == "validate.test_unknown_criteria"]
    assert u.params["id"] == "9"


# --- many problems at once; parse errors ----------------------------------------------------
def test_all_problems_of_all_files_at_once(root: Path):
    write_set(root, "t/base")
    bad1 = root / "t/bad1.yaml"
    bad1.write_text("schema_version: 1\nid: t/bad1\ntitle: x\nlevel: xa\ncriterias: []\nlevle: xa\n", encoding="utf-8")
    bad2 = root / "t/bad2.yaml"
    bad2.write_text("id: t/bad2\ntitle: [unclosed\n", encoding="utf-8")
    report = validate_paths([str(root)])
    by_file = {}
    for p in report.problems:
        by_file.setdefault(Path(p.file).name, []).append(p)
    assert {p.key for p in by_file["bad1.yaml"]} >= {"schema.unknown_key"}
    hints = {p.params.get("hint") for p in by_file["bad1.yaml"]}
    assert {"criteria", "level"} <= hints
    assert [p.key for p in by_file["bad2.yaml"]] == ["yaml.syntax"]
    assert "base.yaml" not in by_file
    res = run(str(root))
    assert res.exit_code == 1
    assert "bad1.yaml:5:1" in res.output and "bad1.yaml:6:1" in res.output and "bad2.yaml:" in res.output
    assert "t/bad1: không đọc được" in res.output


# --- references across folders ------------------------------------------------------------
def test_user_set_extends_builtin(root: Path):
    child = root / "tinh-x/2024/tinh.yaml"
    child.parent.mkdir(parents=True)
    child.write_text(textwrap.dedent("""\
        schema_version: 1
        id: tinh-x/2024/tinh
        title: Quy định tỉnh X (thử)
        extends: vn/2021-2025/tinh
        status: provincial
        source: {document: Quyết định X}
        criteria:
          - id: "T7"
            indicators:
              - id: "T7"
                threshold: {op: ">=", value: 5, source: {document: Quyết định X}, confidence: primary}
        tests:
          - name: 4,5 m²/người chưa đạt ở tỉnh X
            year: 2024
            values: {"T7": 4.5}
            expect: {indicators: {"T7": fail}}
        """), encoding="utf-8")
    report = validate_paths([str(root)])
    assert report.ok, [p.key for p in report.problems]
    s = report.sets[0]
    assert (s.set_id, s.tests_passed, s.indicators) == ("tinh-x/2024/tinh", 1, 8)


def test_single_file_resolves_references_in_its_own_criteria_folder(root: Path):
    """pre-commit passes only the changed files: a child's parent is found beside it."""
    write_set(root, "t/base")
    child = root / "t/child.yaml"
    child.write_text("schema_version: 1\nid: t/child\ntitle: Con\nextends: t/base\nrequires: [t/base]\n", encoding="utf-8")
    report = validate_paths([str(child)])
    assert report.ok, [p.key for p in report.problems]
    assert [s.set_id for s in report.sets] == ["t/child"] and report.sets[0].indicators == 2
    child.write_text("schema_version: 1\nid: t/child\nextends: t/bsae\n", encoding="utf-8")
    [p] = validate_paths([str(child)]).problems
    assert p.key == "schema.extends_unknown" and p.params["hint"] == "t/base"


def test_builtin_sets_have_no_errors():
    report = validate_paths()
    assert len(report.sets) >= 10
    errors = [f"{p.location()} {p.key}" for p in report.problems if p.severity == "error"]
    assert not errors, errors
    assert all(s.indicators for s in report.sets)


def test_known_threshold_without_confidence_is_a_warning(root: Path):
    write_set(root, "t/base", threshold='{op: ">=", value: {by_region: {a: 80, b: 90}}, source: s1}')
    report = validate_paths([str(root)])
    warn = [p for p in report.problems if p.key == "validate.no_provenance"]
    assert len(warn) == 1 and warn[0].severity == "warning" and warn[0].params["missing"] == "confidence"
    assert validate_paths([str(root)], strict=True).errors >= 1


def test_extending_set_must_name_itself(root: Path):
    write_set(root, "t/base")
    child = root / "t" / "child.yaml"
    child.write_text("schema_version: 1\nid: t/child\nextends: t/base\nstatus: provincial\n", encoding="utf-8")
    report = validate_paths([str(root)])
    assert [p.key for p in report.problems if p.file == str(child)] == ["schema.extends_needs_title"]
