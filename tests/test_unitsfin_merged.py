"""Issue 14, bad input: one old commune in the `merged_from` of two units, found by the one pure
function of core/merged_units.py — for `check a.yaml b.yaml` (run/check.check_files) as `batch`
says it. Units checked by hand: Bình Lư 03390 (since 1/7/2025) formed from Thị trấn Tam Đường
03390, Bình Lư 03412 and Sơn Bình 03413 (Lai Châu). Each test writes only in its own tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from ntm_eval.core.merged_units import Claim, MergedIndex, merged_twice
from ntm_eval.load import adminunits as au
from ntm_eval.messages import t

NEW = "vn/2026-2030/xa-ntm"
_BINH_LU = {"name": "Bình Lư", "code": "03390", "level": "xa", "province": "Lai Châu", "group": "2"}


def _yaml(tmp_path: Path, name: str, unit: dict, year: int = 2026) -> str:
    lines = ["unit:"] + [f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in unit.items()]
    p = tmp_path / name
    p.write_text("\n".join(lines) + f"\nyear: {year}\ncriteria_set: {NEW}\nvalues: {{}}\n", encoding="utf-8")
    return str(p)


# --- the pure function ---------------------------------------------------------------------

def test_a_second_claim_is_a_conflict_with_the_first():
    a = Claim("a.yaml", "Bình Lư", "03390", 2026, (("03412", "Xã Bình Lư"), ("03413", "Xã Sơn Bình")))
    b = Claim("b.yaml", "Tân Uyên", "03400", 2026, (("03413", "Xã Sơn Bình"),))
    c = Claim("c.yaml", "Phong Thổ", "03500", 2026, (("03413", "Xã Sơn Bình"), ("03412", "Xã Bình Lư")))
    out = merged_twice([a, b, c])
    assert [(x.code, x.claim.source, x.first.source) for x in out] == [
        ("03413", "b.yaml", "a.yaml"), ("03413", "c.yaml", "a.yaml"), ("03412", "c.yaml", "a.yaml")]


def test_the_same_commune_in_two_years_is_no_conflict_but_the_same_year_is():
    preds = (("03413", "Xã Sơn Bình"),)
    y26, y27 = Claim("2026.yaml", "Bình Lư", "03390", 2026, preds), Claim("2027.yaml", "Bình Lư", "03390", 2027, preds)
    assert merged_twice([y26, y27]) == []
    again = Claim("copy.yaml", "Bình Lư", "03390", 2026, preds)
    assert [x.first.source for x in merged_twice([y26, y27, again])] == ["2026.yaml"]
    # without a code two files cannot be told to be the same commune: said
    assert len(merged_twice([Claim("x", "A", "", 2026, preds), Claim("y", "A", "", 2027, preds)])) == 1


def test_a_code_listed_twice_by_one_unit_is_one_claim_and_empty_codes_are_ignored():
    assert merged_twice([Claim("a", "A", "1", 2026, (("03413", "S"), ("03413", "S"), ("", "?")))]) == []
    assert merged_twice([Claim("a", "A", "1", 2026, (("", "S"),)), Claim("b", "B", "2", 2026, (("", "S"),))]) == []


_claims = st.lists(st.builds(Claim, st.sampled_from(["a", "b", "c", "d"]), st.just("U"),
                             st.sampled_from(["", "1", "2"]), st.sampled_from([None, 2026, 2027]),
                             st.lists(st.tuples(st.sampled_from(["01", "02", "03"]), st.just("n")), max_size=3)
                             .map(tuple)), max_size=8)


@given(_claims)
def test_streamed_equals_whole_and_every_conflict_is_a_real_double_claim(claims):
    index = MergedIndex()
    assert [c for cl in claims for c in index.add(cl)] == merged_twice(claims)
    for c in merged_twice(claims):
        assert c.code in {x for x, _ in c.claim.merged_from} and c.code in {x for x, _ in c.first.merged_from}
        assert claims.index(c.first) <= claims.index(c.claim) and c.first is not c.claim
    # a code claimed by units with different official codes is always said
    for code in {x for cl in claims for x, _ in cl.merged_from}:
        owners = [cl for cl in claims if cl.code and code in {x for x, _ in cl.merged_from}]
        if len({o.code for o in owners}) > 1:
            assert any(c.code == code for c in merged_twice(claims))


# --- check of several files ----------------------------------------------------------------

@pytest.mark.skipif(not au.available(), reason="the units dataset (ntm-eval[units]) is not installed")
def test_check_files_warns_at_the_second_file(tmp_path):
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.results import exit_code_of
    from ntm_eval.run.check import check_files

    a = _yaml(tmp_path, "a.yaml", {**_BINH_LU, "merged_from": ["03412", "03413"]})
    b = _yaml(tmp_path, "b.yaml", {**_BINH_LU, "merged_from": ["03413"]})
    c = _yaml(tmp_path, "c.yaml", {**_BINH_LU, "merged_from": ["03413"]}, year=2027)  # another year: no conflict
    oa, ob, oc = check_files([a, b, c], Catalog(()))
    assert exit_code_of([oa, ob, oc]) in (0, 1)  # a warning: every unit still evaluated
    assert not [w for w in oa.result.warnings if w["key"] == "batch.merged_twice"]
    assert not [w for w in oc.result.warnings if w["key"] == "batch.merged_twice"]
    (w,) = [w for w in ob.result.warnings if w["key"] == "batch.merged_twice"]
    assert (w["code"], w["first_file"]) == ("03413", a)
    assert (w["line"], w["col"]) == (7, 16)  # at b.yaml's merged_from, as the other data warnings
    text = t(w["key"], "en", **w)
    assert "03413" in text and "merged_from" in text and a in text
    assert "Sơn Bình" in t(w["key"], "vi", **w)
