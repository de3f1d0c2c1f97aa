"""A district computed from N member communes costs one evaluation per member and set (issue 15):
a commune counted for "100% số xã đạt chuẩn NTM" and for "≥ 10% số xã đạt NTM nâng cao" (which
requires NTM) is evaluated against NTM once, not twice; and the verdicts are those of `check`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import ntm_eval.run.check as run_check
from ntm_eval.load.catalog import Catalog
from ntm_eval.run.check import check_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "tam-duong"


def test_each_member_is_evaluated_once_per_set(monkeypatch):
    calls: Counter = Counter()
    real = run_check.evaluate

    def counting(cset, data, *a, **k):
        calls[cset.id] += 1
        return real(cset, data, *a, **k)

    monkeypatch.setattr(run_check, "evaluate", counting)
    out = check_file(str(EXAMPLES / "huyen-tam-duong-2024.yaml"), Catalog())
    assert out.result is not None
    communes = len(list((EXAMPLES / "xa").glob("*.yaml")))
    assert calls["vn/2021-2025/xa-ntm"] == communes, calls
    assert calls["vn/2021-2025/xa-ntm-nang-cao"] == communes, calls
    assert calls["vn/2022/do-thi-van-minh"] == 1, calls
    assert calls["vn/2021-2025/huyen-ntm"] == 1, calls


def test_member_verdicts_are_the_communes_own(monkeypatch):
    """The district's counts agree with checking each commune by itself."""
    cat = Catalog()
    out = check_file(str(EXAMPLES / "huyen-tam-duong-2024.yaml"), cat)
    ind = {i.id: i for c in out.result.criteria for top in c.indicators for i in (top, *top.parts)}
    district = cat.get("vn/2021-2025/huyen-ntm")
    rid = next(i.id for i in district.all_ids().values()
               if i.from_members is not None and i.from_members.set_id == "vn/2021-2025/xa-ntm")
    rule = ind[rid]
    assert rule.denominator == 12
    own = [check_file(str(p), cat, "vn/2021-2025/xa-ntm").result.status for p in sorted((EXAMPLES / "xa").glob("*.yaml"))]
    assert rule.numerator == own.count("pass")
