"""The registry of validate checks: every check is data plus a pure function; a new check is a
new registered function, reported in its section without touching the runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from ntm_eval.validate import CHECKS, validate_paths
from ntm_eval.validate.checks import CASE, REGISTRY, rule, rules
from ntm_eval.validate.checks.registry import report_order

SET = """\
schema_version: 1
id: t/r
title: Bộ thử
level: xa
status: demo
valid_from: "2022-01-01"
years: [2022]
criteria:
  - id: "1"
    title: Một
    indicators:
      - id: "1.1"
        title: Tỷ lệ
        type: percent
        threshold: {op: ">=", value: 90, source: {document: X}, confidence: demo}
tests:
  - name: đạt
    year: 2022
    values: {"1.1": 95}
    expect: {status: pass}
"""


def test_every_section_but_parse_has_a_registered_check():
    codes = {r.code for r in REGISTRY}
    assert codes == set(CHECKS[1:]) | {CASE}
    assert {r.code for r in rules("file")} == {"unique_id", "path"}
    assert [r.code for r in REGISTRY if r.each is not None] == [CASE]
    assert len({r.name for r in REGISTRY}) == len(REGISTRY)  # one function, one check


def test_unknown_code_or_stage_is_refused():
    with pytest.raises(ValueError):
        rule("spelling")
    with pytest.raises(ValueError):
        rule("coverage", stage="later")


def test_report_order_is_checks_then_cases():
    assert [report_order(c) for c in CHECKS + (CASE,)] == list(range(len(CHECKS) + 1))


def test_a_new_check_is_one_registered_function(tmp_path: Path):
    f = tmp_path / "t" / "r.yaml"
    f.parent.mkdir()
    f.write_text(SET, encoding="utf-8")
    before = len(REGISTRY)

    @rule("coverage")
    def check_titles_are_short(ctx):
        for ind in ctx.cset.indicators():
            if len(ind.title) < 10:
                yield ctx.problem("validate.no_years", ctx.paths[ind.id], indicator=ind.id, severity="warning")

    try:
        report = validate_paths([str(tmp_path)])
    finally:
        REGISTRY.remove(next(r for r in REGISTRY if r.func is check_titles_are_short))
    assert len(REGISTRY) == before
    [s] = report.sets
    [p] = s.check("coverage").problems
    assert (p.indicator, p.line, p.severity) == ("1.1", 12, "warning")
    assert [c.code for c in s.checks] == list(CHECKS) + [CASE]
    assert validate_paths([str(tmp_path)]).problems == []  # gone with its registration


def test_checks_are_pure_two_runs_give_the_same_report(tmp_path: Path):
    f = tmp_path / "t" / "r.yaml"
    f.parent.mkdir()
    f.write_text(SET.replace("value: 90", "value: {by_year: {2023: 90}}"), encoding="utf-8")
    a, b = validate_paths([str(tmp_path)]), validate_paths([str(tmp_path)])
    assert [p.key for p in a.problems] == [p.key for p in b.problems] != []
