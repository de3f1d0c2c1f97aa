"""Attested verdicts beside computed ones (issue 10): a computed verdict always wins, a
contradicting given one is a conflict, a given one decides only what the numbers leave open, a
criterion whose indicator list is not known complete is never computed as met, and `--basis
computed` counts only what the numbers prove."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from ntm_eval.cli import main_group

SET = """\
schema_version: 1
id: t/verdicts
title: Bộ thử kết luận theo xác nhận
level: xa
status: demo
years: [2024]
criteria:
  - id: "1"
    title: Đã biết ngưỡng
    indicators:
      - {id: "1.1", title: Tỷ lệ, type: percent,
         threshold: {op: ">=", value: 90, source: {document: QĐ thử}, confidence: demo}}
  - id: "2"
    title: Chưa biết ngưỡng
    indicators:
      - {id: "2.1", title: Chỉ tiêu chưa rõ ngưỡng, type: percent, threshold: unknown}
  - id: "3"
    title: Danh sách chỉ tiêu chưa đầy đủ
    complete: false
    indicators:
      - {id: "3.1", title: Phần đã biết, type: percent,
         threshold: {op: ">=", value: 50, source: {document: QĐ thử}, confidence: demo}}
"""


@pytest.fixture()
def env(tmp_path: Path):
    crit = tmp_path / "criteria" / "t"
    crit.mkdir(parents=True)
    (crit / "verdicts.yaml").write_text(SET, encoding="utf-8")

    def run(values: str, criteria: str = "", *args: str):
        body = ("unit: {name: Xã Thử, level: xa}\nyear: 2024\ncriteria_set: t/verdicts\nvalues:\n"
                + textwrap.indent(textwrap.dedent(values), "  "))
        if criteria:
            body += "criteria:\n" + textwrap.indent(textwrap.dedent(criteria), "  ")
        f = tmp_path / "x.yaml"
        f.write_text(body, encoding="utf-8")
        res = CliRunner().invoke(main_group, ["check", str(f), "--format", "json",
                                              "--criteria-dir", str(tmp_path / "criteria"), *args])
        assert "Traceback" not in (res.stderr or ""), res.stderr
        return res, (json.loads(res.stdout) if res.stdout.strip() else None)

    return run


def _crit(doc, cid):
    return next(c for c in doc["criteria"] if c["id"] == cid)


def _ind(doc, iid):
    return next(i for c in doc["criteria"] for i in c["indicators"] if i["id"] == iid)


ALL_MET = """\
"1.1": 95
"2.1": {verdict: đạt, by: Phòng Kinh tế huyện, document: "Văn bản 45/KT", date: "2024-08-20"}
"3.1": 60
"""


def test_attested_verdict_decides_what_the_numbers_cannot(env):
    res, doc = env(ALL_MET, '"3": {verdict: đạt, by: Phòng Nông nghiệp huyện, document: "BB 12/BB"}\n')
    assert res.exit_code == 0, res.stderr
    i = _ind(doc, "2.1")
    assert (i["status"], i["basis"]) == ("pass", "attested")
    assert i["attestation"] == {"verdict": "pass", "by": "Phòng Kinh tế huyện", "document": "Văn bản 45/KT",
                                "date": "2024-08-20"}
    assert (_crit(doc, "1")["basis"], _crit(doc, "2")["basis"], _crit(doc, "3")["basis"]) == \
        ("computed", "attested", "attested")
    s = doc["summary"]
    assert (s["passed"], s["passed_computed"], s["passed_attested"], s["conflicts"]) == (3, 1, 2, 0)
    assert doc["basis"] == "attested"


def test_without_a_verdict_the_open_stays_open(env):
    res, doc = env('"1.1": 95\n"2.1": 80\n"3.1": 60\n')
    assert res.exit_code == 1
    assert _ind(doc, "2.1")["status"] == "no_threshold" and _ind(doc, "2.1")["basis"] is None


def test_incomplete_criterion_is_never_computed_as_met(env):
    """Criterion 3's list is not known complete: its one known indicator passing is not enough."""
    res, doc = env(ALL_MET)
    c3 = _crit(doc, "3")
    assert (c3["status"], c3["reason"], c3["indicators_complete"]) == ("no_threshold", "incomplete", False)
    assert _ind(doc, "3.1")["status"] == "pass"  # the indicator itself is still computed
    assert res.exit_code == 1


def test_incomplete_criterion_fails_when_a_known_indicator_fails(env):
    res, doc = env('"1.1": 95\n"2.1": 80\n"3.1": 10\n')
    assert _crit(doc, "3")["status"] == "fail" and _crit(doc, "3")["basis"] == "computed"


def test_conflict_computed_fail_against_attested_pass(env):
    """The numbers say 80 % < 90 %; a department attests "đạt": not met, both sides shown."""
    res, doc = env('"1.1": {value: 80, verdict: đạt, by: Sở X, document: "CV 1/SX"}\n"2.1": 80\n"3.1": 60\n')
    i = _ind(doc, "1.1")
    assert (i["status"], i["basis"], i["conflict"]) == ("fail", "computed", True)
    assert i["attestation"]["document"] == "CV 1/SX" and i["value"] == 80 and i["threshold"] == 90
    assert doc["summary"]["conflicts"] == 1 and res.exit_code == 1


def test_conflict_computed_pass_against_attested_fail(env):
    res, doc = env('"1.1": {value: 95, verdict: chưa đạt, by: Sở X}\n"2.1": 80\n"3.1": 60\n')
    i = _ind(doc, "1.1")
    assert (i["status"], i["conflict"]) == ("fail", True)


def test_agreeing_verdict_is_evidence_and_the_basis_stays_computed(env):
    res, doc = env('"1.1": {value: 95, verdict: đạt, by: Sở X}\n"2.1": 80\n"3.1": 60\n')
    i = _ind(doc, "1.1")
    assert (i["status"], i["basis"], i.get("conflict")) == ("pass", "computed", None)
    assert i["attestation"]["by"] == "Sở X"


def test_criterion_verdict_cannot_override_a_failing_indicator(env):
    res, doc = env('"1.1": 80\n"2.1": 80\n"3.1": 60\n', '"1": {verdict: đạt, by: Phòng X}\n')
    c1 = _crit(doc, "1")
    assert (c1["status"], c1["conflict"]) == ("fail", True)


def test_criterion_verdict_not_met_wins_over_attested_indicators(env):
    res, doc = env(ALL_MET, '"2": chưa đạt\n"3": đạt\n')
    assert _crit(doc, "2")["status"] == "fail" and _crit(doc, "2")["attestation"]["unsourced"] is True


def test_basis_computed_counts_only_what_the_numbers_prove(env):
    res, doc = env(ALL_MET, '"3": {verdict: đạt, by: Phòng X}\n', "--basis", "computed")
    assert res.exit_code == 1
    assert _crit(doc, "2")["status"] == "no_threshold" and _crit(doc, "3")["status"] == "no_threshold"
    assert doc["summary"]["passed"] == doc["summary"]["passed_computed"] == 1


@pytest.mark.parametrize("criteria,key,where", [
    ('"9": đạt\n', "data.unknown_criterion", "9"),
    ('"1": {verdict: có lẽ, by: X}\n', "data.bad_verdict", "có lẽ"),
    ('"1": {verdict: đạt, bởi: X}\n', "schema.unknown_key", "bởi"),
])
def test_bad_verdicts_are_located_errors(env, criteria, key, where):
    res, doc = env('"1.1": 95\n', criteria)
    assert res.exit_code == 2
    line = next(x for x in res.stderr.splitlines() if "x.yaml:" in x)
    assert where in line and "x.yaml:7:" in line, res.stderr  # the line of the verdict


def test_a_criterion_number_is_never_suggested_as_another(env):
    """"3" is not "13", "TC 1" is criterion 1."""
    res, doc = env('"1.1": 95\n', '"TC 1": đạt\n')
    assert res.exit_code in (0, 1) and _crit(doc, "1")["attestation"]["verdict"] == "pass"
    res, _ = env('"1.1": 95\n', '"13": đạt\n')
    assert res.exit_code == 2 and "“3”" not in res.stderr


def test_attestation_dated_after_the_evaluation_is_a_warning(env):
    res, doc = env('"1.1": 95\n"2.1": {verdict: đạt, by: X, date: "2025-03-01"}\n"3.1": 60\n')
    assert res.exit_code in (0, 1)
    assert any(w["key"] == "data.attestation_future" for w in doc["warnings"])


def test_unknown_key_under_a_known_criterion_lists_its_indicators(env):
    res, _ = env('"2.9": 95\n')
    assert res.exit_code == 2
    assert "2.1 (Chỉ tiêu chưa rõ ngưỡng)" in res.stderr and "criteria:" in res.stderr


COMPOSITES = """\
schema_version: 1
id: t/composites
title: Bộ thử chỉ tiêu gộp
level: xa
status: demo
criteria:
  - id: "7"
    title: Cơ sở hạ tầng thương mại
    indicators:
      - id: "7"
        title: Chợ nếu có, không có chợ thì cửa hàng
        type: first_applicable
        parts:
          - {id: "7.a", title: Chợ đạt chuẩn, type: yes_no, optional: true, threshold: {value: true}}
          - {id: "7.b", title: Cửa hàng tiện lợi, type: yes_no, optional: true, threshold: {value: true}}
"""


@pytest.mark.parametrize("a,b,status", [
    ("đạt", "chưa đạt", "pass"),          # a chợ that meets the standard decides
    ("chưa đạt", "đạt", "fail"),          # a substandard chợ is not made good by a shop
    ("n/a", "đạt", "pass"),               # no chợ: the shop decides
    ("n/a", "chưa đạt", "fail"),
    ("n/a", "n/a", "missing"),            # one of them must apply
    ("null", "đạt", "missing"),           # the chợ's verdict is missing: the shop cannot stand in
])
def test_first_applicable_part_decides(tmp_path: Path, a: str, b: str, status: str):
    crit = tmp_path / "criteria" / "t"
    crit.mkdir(parents=True)
    (crit / "composites.yaml").write_text(COMPOSITES, encoding="utf-8")
    f = tmp_path / "x.yaml"
    f.write_text(f'unit: {{name: X, level: xa}}\nyear: 2024\ncriteria_set: t/composites\n'
                 f'values: {{"7.a": {a}, "7.b": {b}}}\n', encoding="utf-8")
    res = CliRunner().invoke(main_group, ["check", str(f), "--format", "json",
                                          "--criteria-dir", str(tmp_path / "criteria")])
    doc = json.loads(res.stdout)
    assert doc["criteria"][0]["status"] == status, res.stdout


def test_basis_computed_keeps_a_computed_pass_and_flags_the_conflict(env):
    """For an appraiser, only the numbers decide: 95 % ≥ 90 % is met whatever was attested, and
    the contradiction is still shown."""
    res, doc = env('"1.1": {value: 95, verdict: chưa đạt, by: Sở X}\n"2.1": 80\n"3.1": 60\n', "", "--basis", "computed")
    i = _ind(doc, "1.1")
    assert (i["status"], i["basis"], i["conflict"]) == ("pass", "computed", True)
    assert _crit(doc, "1")["conflict"] is True  # the criterion says it holds a conflict


def test_unsourced_verdicts_are_accepted_and_flagged(env):
    res, doc = env('"1.1": 95\n"2.1": {verdict: đạt}\n"3.1": 60\n', '"3": đạt\n')
    assert _crit(doc, "2")["status"] == "pass" and _crit(doc, "3")["status"] == "pass"
    (w,) = [w for w in doc["warnings"] if w["key"] == "data.unsourced_verdicts"]
    assert (w["n"], w["ids"]) == (2, "2.1, 3")
