"""Every embedded `tests:` case of every built-in criteria file is one pytest item, with the
set id and the case name in its id: `test_case[vn/2021-2025/xa-ntm::13.3 chua truy xuat …]`
(the id is the name without diacritics, so it reads well and `-k` can select it; the
failure message quotes the name as written). A failing case prints what `ntm-eval validate`
prints: the indicator, its value, its threshold and why.

    pytest tests/test_embedded_cases.py -k "xa-ntm and 13.3"
"""

from __future__ import annotations

import textwrap
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from ntm_eval.cli import main_group
from ntm_eval.render.validation import problem_text
from ntm_eval.validate.cases import PARSE, EmbeddedCase, embedded_cases


def ascii_id(text: str) -> str:
    """"vn/x::xã đạt → 19" → "vn/x::xa dat -> 19" (pytest would escape the rest as \\u….)."""
    for a, b in (("đ", "d"), ("Đ", "D"), ("→", "->"), ("–", "-"), ("—", "-"), ("“", '"'), ("”", '"')):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isascii() and not unicodedata.combining(ch))


def failure_text(case: EmbeddedCase, problems) -> str:
    lines = [f"{case.file}: {case.set_id}: “{case.name}”"]
    lines += [problem_text(p, lang) for lang in ("vi", "en") for p in problems]
    return "\n".join(lines)


def check(case: EmbeddedCase) -> None:
    problems = case.run()
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        pytest.fail(failure_text(case, errors), pytrace=False)


BUILTIN = embedded_cases()


def test_every_builtin_set_has_cases():
    assert len({c.set_id for c in BUILTIN}) >= 10
    assert not [c.test_id for c in BUILTIN if c.name == PARSE]


@pytest.mark.parametrize("case", [pytest.param(c, id=ascii_id(c.test_id)) for c in BUILTIN])
def test_case(case: EmbeddedCase):
    check(case)


# --- a wrong case fails with the reason, in pytest and in validate -------------------------------
WRONG = """\
schema_version: 1
id: t/wrong
title: Bộ thử
level: xa
status: demo
valid_from: "2022-01-01"
years: [2022]
criteria:
  - id: "2"
    title: Hai
    indicators:
      - id: "2.1"
        title: Tỷ lệ
        type: percent
        threshold: {op: ">=", value: 90, source: {document: X}, confidence: demo}
tests:
  - name: 80% mà ghi là đạt
    year: 2022
    values: {"2.1": 80}
    expect: {indicators: {"2.1": pass}, criteria: {"2": pass}, status: pass}
  - name: 95% đạt
    year: 2022
    values: {"2.1": 95}
    expect: {indicators: {"2.1": pass}}
"""


@pytest.fixture
def wrong(tmp_path: Path) -> Path:
    p = tmp_path / "criteria" / "t" / "wrong.yaml"
    p.parent.mkdir(parents=True)
    p.write_text(WRONG, encoding="utf-8")
    return p


def test_wrong_case_fails_with_indicator_value_threshold_and_reason(wrong: Path):
    cases = embedded_cases([str(wrong.parent.parent)])
    assert [(c.test_id, ascii_id(c.test_id)) for c in cases] == [
        ("t/wrong::80% mà ghi là đạt", "t/wrong::80% ma ghi la dat"), ("t/wrong::95% đạt", "t/wrong::95% dat")]
    with pytest.raises(pytest.fail.Exception) as exc:
        check(cases[0])
    text = str(exc.value)
    assert "ca kiểm thử “80% mà ghi là đạt”: chỉ tiêu 2.1 mong đợi pass, nhận được fail " \
           "(giá trị 80%, ngưỡng ≥ 90%: Chưa đạt, thiếu 10%)" in text
    assert "tiêu chí 2 mong đợi pass, nhận được fail (chỉ tiêu 2.1: giá trị 80%, ngưỡng ≥ 90%: Chưa đạt, thiếu 10%)" in text
    assert "kết quả chung mong đợi pass, nhận được fail (tiêu chí 2: Chưa đạt — chỉ tiêu 2.1: giá trị 80%" in text
    assert "indicator 2.1 expected pass, got fail (value 80%, threshold ≥ 90%: Not met, short by 10%)" in text
    check(cases[1])  # the right one passes


def test_wrong_case_fails_in_validate_with_the_same_detail(wrong: Path):
    res = CliRunner().invoke(main_group, ["validate", str(wrong)], catch_exceptions=False)
    assert res.exit_code == 1
    assert "chỉ tiêu 2.1 mong đợi pass, nhận được fail (giá trị 80%, ngưỡng ≥ 90%: Chưa đạt, thiếu 10%)" in res.output
    res = CliRunner().invoke(main_group, ["validate", "--lang", "en", "--format", "github", str(wrong)],
                             catch_exceptions=False)
    # GitHub annotations escape "%" as "%25"
    assert "indicator 2.1 expected pass, got fail (value 80%25, threshold ≥ 90%25: Not met, short by 10%25)" in res.output


def test_a_file_that_does_not_parse_is_one_failing_item(tmp_path: Path):
    p = tmp_path / "t" / "bad.yaml"
    p.parent.mkdir(parents=True)
    p.write_text(textwrap.dedent("""\
        schema_version: 1
        id: t/bad
        title: x
        level: xa
        criterias: []
        """), encoding="utf-8")
    [case] = embedded_cases([str(p)])
    assert (case.test_id, case.file) == ("t/bad::(parse)", str(p))
    with pytest.raises(pytest.fail.Exception, match="criterias"):
        check(case)
