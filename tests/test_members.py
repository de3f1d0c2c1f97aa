"""District indicators computed from member communes (`from_members`), including members whose
own result is still open (unknown thresholds or missing data): no verdict may depend on them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ntm_eval.run.check import check_file
from ntm_eval.load.catalog import Catalog

XA = """\
schema_version: 1
id: t/xa
title: Xã thử
level: xa
criteria:
  - id: "1"
    title: Một
    indicators:
      - {id: "1.1", title: Tỷ lệ, type: percent, threshold: {op: ">=", value: 80}}
      - {id: "1.2", title: Chưa rõ, type: yes_no, optional: true, threshold: unknown}
"""
HUYEN = """\
schema_version: 1
id: t/huyen
title: Huyện thử
level: huyen
criteria:
  - id: "P"
    title: Điều kiện
    indicators:
      - id: "P1"
        title: Tỷ lệ xã đạt chuẩn
        type: percent
        counts: {of: xã, of_en: communes}
        from_members: {level: xa, set: t/xa}
        threshold: {op: "=", value: 100}
      - id: "P2"
        title: Ít nhất một nửa số xã đạt chuẩn
        type: percent
        counts: {of: xã, of_en: communes}
        from_members: {level: xa, set: t/xa}
        threshold: {op: ">=", value: 50}
"""


def commune(name: str, v: float, unknown: bool) -> str:
    extra = '  "1.2": true\n' if unknown else '  "1.2": n/a\n'
    return f'unit: {{name: {name}, level: xa}}\nyear: 2024\ncriteria_set: t/xa\nvalues:\n  "1.1": {v}\n{extra}'


@pytest.fixture
def district(tmp_path: Path):
    root = tmp_path / "sets"
    (root / "t").mkdir(parents=True)
    (root / "t" / "xa.yaml").write_text(XA, encoding="utf-8")
    (root / "t" / "huyen.yaml").write_text(HUYEN, encoding="utf-8")

    def make(communes: list[tuple[str, float, bool]]) -> Path:
        d = tmp_path / "data"
        (d / "xa").mkdir(parents=True, exist_ok=True)
        for name, v, unknown in communes:
            (d / "xa" / f"{name}.yaml").write_text(commune(name, v, unknown), encoding="utf-8")
        f = d / "huyen.yaml"
        f.write_text(textwrap.dedent("""\
            unit: {name: Huyện A, level: huyen}
            year: 2024
            criteria_set: t/huyen
            members: [xa/]
            """), encoding="utf-8")
        return f

    return make, Catalog([str(root)])


def indicator(outcome, iid):
    return next(i for c in outcome.result.criteria for i in c.indicators if i.id == iid)


def test_all_members_decided(district):
    make, cat = district
    out = check_file(str(make([("a", 90, False), ("b", 85, False), ("c", 70, False)])), cat)
    p1, p2 = indicator(out, "P1"), indicator(out, "P2")
    assert (p1.numerator, p1.denominator, p1.status, p1.need) == (2, 3, "fail", 1)
    assert p1.held_back == ("c",) and p1.undecided == ()
    assert p2.status == "pass"


def test_undecided_member_keeps_verdict_open_only_when_it_matters(district):
    make, cat = district
    # a passes, b is undecided (unknown threshold), c fails
    out = check_file(str(make([("a", 90, False), ("b", 90, True), ("c", 70, False)])), cat)
    p1, p2 = indicator(out, "P1"), indicator(out, "P2")
    # P1 (=100%) fails whatever b turns out to be, because c fails; "need" assumes b meets it
    assert p1.status == "fail" and p1.held_back == ("c",) and p1.undecided == ("b",)
    assert p1.need == 1 and p1.at_least
    # P2 (>=50%): 1/3 now, 2/3 if b meets it: no verdict yet, and never a pass
    assert p2.status == "no_threshold"


def test_undecided_members_cannot_make_a_pass(district):
    make, cat = district
    out = check_file(str(make([("a", 90, True), ("b", 90, True)])), cat)
    assert indicator(out, "P1").status == "no_threshold"
    assert out.result.status != "pass"


def test_enough_decided_members_pass_regardless(district):
    make, cat = district
    out = check_file(str(make([("a", 90, False), ("b", 90, False), ("c", 90, True)])), cat)
    assert indicator(out, "P2").status == "pass"  # 2/3 ≥ 50% whatever c turns out to be
