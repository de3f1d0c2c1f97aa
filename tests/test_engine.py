"""The rule engine: statuses, gaps, `need`, composites, combination precedence, prerequisites.

Uses the fictional set `t/xa-ntm` from conftest (see its table of indicators).
"""

from __future__ import annotations

import pytest

from conftest import NANG_CAO, PASSING, UPPER, XA_NTM, criterion, indicator, write
from ntm_eval.load.catalog import Catalog
from ntm_eval.core.engine import combine_all, combine_any, compare, units_needed
from ntm_eval.errors import InputError
from ntm_eval.vocab import FAIL, MISSING, NA, NO_THRESHOLD, PASS


def vals(**changes):
    """PASSING with changes; keyword names use _ for . (i17_1 → "17.1"); ... deletes the key."""
    out = dict(PASSING)
    for k, v in changes.items():
        key = k.lstrip("i").replace("_", ".")
        if v is ...:
            out.pop(key, None)
        else:
            out[key] = v
    return out


# --- every status -------------------------------------------------------------------------------

def test_all_pass(evaluate_values):
    res = evaluate_values()
    assert res.status == PASS
    assert all(c.status == PASS for c in res.criteria)
    for c in res.criteria:
        for i in c.indicators:
            assert i.status == PASS and i.gap == 0
    assert res.summary() == {"total": 7, "passed": 7, "failed": 0, "missing": 0, "not_applicable": 0,
                             "no_threshold": 0, "passed_computed": 7, "passed_attested": 0, "conflicts": 0}


def test_fail_with_gap_in_unit(evaluate_values):
    res = evaluate_values(vals(i6_3=65.5, i1_10=2))
    i = indicator(res, "6.3")
    assert (i.status, i.op, i.threshold, i.value, i.gap) == (FAIL, ">=", 70, 65.5, 4.5)
    i = indicator(res, "1.10")
    assert (i.status, i.gap, i.unit) == (FAIL, 3, "km")
    assert criterion(res, "1").status == FAIL
    assert res.status == FAIL


def test_missing_key_and_null(evaluate_values):
    res = evaluate_values(vals(i6_3=..., i17_1=None))
    assert indicator(res, "6.3").status == MISSING and indicator(res, "6.3").value is None
    assert indicator(res, "17.1").status == MISSING
    assert indicator(res, "6.3").gap is None
    assert res.status == MISSING
    s = res.summary()
    assert (s["missing"], s["passed"]) == (2, 5)


def test_missing_in_a_wrapper(evaluate_values):
    res = evaluate_values(vals(i6_3={"value": None, "evidence": ["chưa có báo cáo"]}))
    i = indicator(res, "6.3")
    assert i.status == MISSING and i.evidence == ("chưa có báo cáo",)


def test_not_applicable_on_optional(evaluate_values):
    res = evaluate_values(vals(i5_1="n/a"))
    assert indicator(res, "5.1").status == NA
    assert criterion(res, "5").status == NA  # its only indicator is n/a
    assert res.status == PASS  # n/a never counts against the unit
    assert res.summary()["not_applicable"] == 1 and res.summary()["passed"] == 6


def test_no_threshold(tmp_path, evaluate_values):
    d = tmp_path / "c2"
    write(d / "t" / "xa-ntm.yaml", XA_NTM.replace('{op: ">=", value: 70, source: qd1, confidence: demo}',
                                                  "unknown"))
    cat = Catalog([str(d)])
    res = evaluate_values(cat=cat)
    i = indicator(res, "6.3")
    assert i.status == NO_THRESHOLD and i.threshold is None and i.gap is None and i.value == 75
    assert criterion(res, "6").status == NO_THRESHOLD
    assert res.status == NO_THRESHOLD  # never a pass
    assert res.indicators_known == 7 and res.indicators_declared == 8


def test_no_threshold_wins_over_missing_data_for_the_indicator(tmp_path, evaluate_values):
    d = tmp_path / "c2"
    write(d / "t" / "xa-ntm.yaml", XA_NTM.replace('{op: ">=", value: 70, source: qd1, confidence: demo}',
                                                  "unknown"))
    res = evaluate_values(vals(i6_3=...), cat=Catalog([str(d)]))
    assert indicator(res, "6.3").status == NO_THRESHOLD


def test_yes_no(evaluate_values):
    for given, status in [(True, PASS), ("đạt", PASS), ("Đạt", PASS), (False, FAIL), ("chưa đạt", FAIL),
                          ("không đạt", FAIL)]:
        i = indicator(evaluate_values(vals(i2=given)), "2")
        assert i.status == status, given
        assert (i.gap == 0) == (status == PASS)


# --- gaps -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,status,gap", [(95, PASS, 0), (96, PASS, 0), (94.9, FAIL, 0.1), (0, FAIL, 95)])
def test_gap_ge(evaluate_values, value, status, gap):
    i = indicator(evaluate_values(vals(i17_1=value)), "17.1")
    assert i.status == status
    assert i.gap == pytest.approx(gap)
    assert (i.gap == 0) == (status == PASS)
    if status == FAIL:
        assert i.gap > 0


@pytest.mark.parametrize("value,status,gap", [(4, PASS, 0), (0, PASS, 0), (4.01, FAIL, 0.01), (10, FAIL, 6)])
def test_gap_le(evaluate_values, value, status, gap):
    i = indicator(evaluate_values(vals(i3=value)), "3")
    assert (i.op, i.status) == ("<=", status)
    assert i.gap == pytest.approx(gap)
    if status == FAIL:
        assert i.gap > 0


def test_tiny_shortfall_is_never_rounded_to_zero(evaluate_values):
    i = indicator(evaluate_values(vals(i17_1=94.9999999999)), "17.1")
    assert i.status == FAIL and i.gap > 0


@pytest.mark.parametrize("v,op,t,met,gap", [(5, ">=", 5, True, 0), (4, ">=", 5, False, 1), (5, "<=", 5, True, 0),
                                            (6, "<=", 5, False, 1), (5, "=", 5, True, 0), (4, "=", 5, False, 1),
                                            (6, "=", 5, False, 1)])
def test_compare(v, op, t, met, gap):
    assert compare(v, op, t) == (met, gap)


# --- counts and `need` ------------------------------------------------------------------------------

@pytest.mark.parametrize("num,den,need", [(6, 10, 2), (7, 10, 1), (8, 10, None), (10, 10, None), (0, 10, 8),
                                          (11, 14, 1), (12, 14, None)])
def test_counts_need_ge(evaluate_values, num, den, need):
    i = indicator(evaluate_values(vals(i1_1={"numerator": num, "denominator": den})), "1.1")
    assert (i.numerator, i.denominator) == (num, den)
    assert i.value == pytest.approx(round(100 * num / den, 4))
    assert i.need == need
    assert i.need_of == "thôn"
    assert i.status == (PASS if need is None else FAIL)
    if need is not None:
        assert i.gap == pytest.approx(80 - 100 * num / den)


@pytest.mark.parametrize("num,den,need", [(7, 100, 3), (5, 100, 1), (4, 100, None), (0, 50, None),
                                          (3, 50, 1), (50, 50, 48)])
def test_counts_need_le(evaluate_values, num, den, need):
    i = indicator(evaluate_values(vals(i3={"numerator": num, "denominator": den})), "3")
    assert i.need == need
    assert i.status == (PASS if need is None else FAIL)


def test_need_depends_on_region(evaluate_values):
    i = indicator(evaluate_values(vals(i1_1={"numerator": 8, "denominator": 10}),
                                  unit={"name": "x", "region": "r2"}), "1.1")
    assert (i.threshold, i.status, i.need) == (90, FAIL, 1)


@pytest.mark.parametrize("num,den,op,t,need", [(6, 10, ">=", 80, 2), (12, 14, ">=", 100, 2), (0, 3, ">=", 50, 2),
                                               (7, 100, "<=", 4, 3), (1, 3, "<=", 0, 1), (0, 7, ">=", 0, 0)])
def test_units_needed(num, den, op, t, need):
    assert units_needed(num, den, op, t) == need


def test_counts_in_json(evaluate_values):
    d = indicator(evaluate_values(vals(i1_1={"numerator": 6, "denominator": 10})), "1.1").to_dict()
    assert (d["numerator"], d["denominator"], d["need"], d["need_of"]) == (6, 10, 2, "thôn")


def test_need_with_decimal_threshold(tmp_path, evaluate_values):
    d = tmp_path / "c2"
    write(d / "t" / "xa-ntm.yaml", XA_NTM.replace('{op: "<=", value: 4,', '{op: "<=", value: 2.3,'))
    cat = Catalog([str(d)])
    i = indicator(evaluate_values(vals(i3={"numerator": 25, "denominator": 1000}), cat=cat), "3")
    assert i.status == FAIL
    ok = indicator(evaluate_values(vals(i3={"numerator": 23, "denominator": 1000}), cat=cat), "3")
    assert ok.status == PASS  # so 2 fewer households are enough
    assert i.need == 2


# --- composites ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("a,b,status", [(60, True, PASS), (40, True, FAIL), (60, False, FAIL), (40, False, FAIL),
                                        (None, True, MISSING), (40, None, FAIL), (None, None, MISSING)])
def test_all_of_combination(evaluate_values, a, b, status):
    res = evaluate_values(vals(**{"i4_a": a, "i4_b": b}))
    comp = indicator(res, "4")
    assert comp.status == status
    assert [p.id for p in comp.parts] == ["4.a", "4.b"]
    assert criterion(res, "4").status == status
    assert (comp.gap == 0) == (status == PASS)


def test_composite_verdict_given_directly(evaluate_values):
    res = evaluate_values(vals(i4_a=..., i4_b=..., i4="đạt"))
    assert indicator(res, "4").status == PASS
    assert all(p.status == MISSING for p in indicator(res, "4").parts)
    res = evaluate_values(vals(i4_a=..., i4_b=..., i4=False))
    assert indicator(res, "4").status == FAIL


def test_composite_and_parts_together_is_an_error(evaluate_values):
    with pytest.raises(InputError) as ei:
        evaluate_values(vals(i4=True))
    assert [p.key for p in ei.value.problems] == ["data.composite_and_parts"]


ANY_OF = """\
schema_version: 1
id: t/any
title: Any-of
level: xa
criteria:
  - id: "1"
    title: Một
    indicators:
      - id: "1"
        title: Một trong
        type: any_of
        parts:
          - {id: "1.a", title: A, type: number, optional: true, threshold: {op: ">=", value: 10}}
          - {id: "1.b", title: B, type: yes_no, optional: true, threshold: {value: true}}
          - {id: "1.c", title: C, type: number, optional: true, threshold: unknown}
"""


@pytest.mark.parametrize("a,b,c,status", [
    (10, False, "n/a", PASS), (5, True, "n/a", PASS), (5, False, "n/a", FAIL), (None, False, "n/a", MISSING),
    (5, False, 1, NO_THRESHOLD), (None, True, 1, PASS), (5, None, 1, MISSING),
    # every part written "n/a" although the indicator itself is not optional: one of them must
    # apply, so this is missing data — never "not applicable", which the set would pass over
    ("n/a", "n/a", "n/a", MISSING),
])
def test_any_of_combination(tmp_path, evaluate_values, a, b, c, status):
    d = tmp_path / "c2"
    write(d / "t" / "any.yaml", ANY_OF)
    cat = Catalog([str(d)])
    res = evaluate_values({"1.a": a, "1.b": b, "1.c": c}, set_id="t/any", cat=cat, unit={"name": "x"})
    assert indicator(res, "1").status == status
    assert res.status == status


@pytest.mark.parametrize("parts,all_,any_", [
    ([PASS, PASS], PASS, PASS),
    ([PASS, FAIL], FAIL, PASS),
    ([FAIL, MISSING], FAIL, MISSING),
    ([MISSING, NO_THRESHOLD], MISSING, MISSING),
    ([PASS, NO_THRESHOLD], NO_THRESHOLD, PASS),
    ([FAIL, NO_THRESHOLD], FAIL, NO_THRESHOLD),
    ([PASS, NA], PASS, PASS),
    ([FAIL, NA], FAIL, FAIL),
    ([NA, NA], NA, NA),
    ([], NA, NA),
    ([PASS, FAIL, MISSING, NO_THRESHOLD, NA], FAIL, PASS),
])
def test_combine_rules(parts, all_, any_):
    assert combine_all(parts) == all_
    assert combine_any(parts) == any_


# --- criterion precedence: fail > missing > no_threshold > pass; all n/a → not_applicable ---------

PREC = """\
schema_version: 1
id: t/prec
title: Precedence
level: xa
criteria:
  - id: "1"
    title: Một
    indicators:
      - {id: "1.1", title: a, optional: true, threshold: {op: ">=", value: 10}}
      - {id: "1.2", title: b, optional: true, threshold: {op: ">=", value: 10}}
      - {id: "1.3", title: c, optional: true, threshold: {op: ">=", value: 10}}
      - {id: "1.4", title: d, optional: true, threshold: unknown}
"""

#       1.1 (pass/fail/missing/na)   1.2              1.3       1.4 (no_threshold or na)
PREC_CASES = [
    ((20, 20, 20, "n/a"), PASS),
    ((5, None, 20, 1), FAIL),
    ((20, None, 20, 1), MISSING),
    ((20, 20, 20, 1), NO_THRESHOLD),
    ((5, 20, 20, "n/a"), FAIL),
    ((None, 20, "n/a", "n/a"), MISSING),
    (("n/a", "n/a", "n/a", "n/a"), NA),
    (("n/a", 20, "n/a", "n/a"), PASS),
    (("n/a", "n/a", "n/a", 1), NO_THRESHOLD),
]


@pytest.mark.parametrize("values,status", PREC_CASES)
def test_criterion_status_precedence(tmp_path, evaluate_values, values, status):
    d = tmp_path / "c2"
    write(d / "t" / "prec.yaml", PREC)
    cat = Catalog([str(d)])
    res = evaluate_values(dict(zip(["1.1", "1.2", "1.3", "1.4"], values)), set_id="t/prec", cat=cat,
                          unit={"name": "x"})
    assert criterion(res, "1").status == status
    assert res.status == status
    assert sum(res.summary()[k] for k in ("passed", "failed", "missing", "not_applicable", "no_threshold")) == 1


def test_unit_status_precedence_across_criteria(evaluate_values):
    # one criterion fails, one is missing: the unit fails
    assert evaluate_values(vals(i6_3=1, i17_1=None)).status == FAIL
    assert evaluate_values(vals(i6_3=None)).status == MISSING


# --- prerequisites (`requires`) ----------------------------------------------------------------------

@pytest.fixture
def upper_catalog(crit_dir):
    write(crit_dir / "t" / "upper.yaml", UPPER)
    return Catalog([str(crit_dir)])


NTM_WITH_92 = {"t/xa-ntm": {**PASSING, "17.1": 92}}  # 92 < 95: the prerequisite fails


def test_prerequisite_evaluated_and_reported(upper_catalog, evaluate_values):
    res = evaluate_values({"10": 60, "17.1": 92}, set_id="t/upper", cat=upper_catalog,
                          extra={"values_for": NTM_WITH_92})
    assert all(c.status == PASS for c in res.criteria)  # the set's own criteria are met …
    [pre] = res.prerequisites
    assert pre.criteria_set == "t/xa-ntm"
    assert indicator(pre, "17.1").status == FAIL  # … but 92 < 95 in the prerequisite
    assert indicator(pre, "1.1").status == PASS
    assert pre.status == FAIL
    assert res.status == FAIL  # so the unit is not met
    d = res.to_dict()
    assert d["prerequisites"][0]["criteria_set"] == "t/xa-ntm"
    assert d["prerequisites"][0]["status"] == FAIL
    assert d["summary"]["passed"] == 2  # the summary is about the set's own criteria


def test_prerequisite_met_with_full_data(upper_catalog, evaluate_values):
    res = evaluate_values({"10": 60, "17.1": 92}, set_id="t/upper", cat=upper_catalog,
                          extra={"values_for": {"t/xa-ntm": PASSING}})
    assert res.prerequisites[0].status == PASS
    assert res.status == PASS


def test_prerequisite_without_values_is_missing_not_pass(upper_catalog, evaluate_values):
    res = evaluate_values({"10": 60, "17.1": 96}, set_id="t/upper", cat=upper_catalog)
    [pre] = res.prerequisites
    assert pre.status == MISSING
    assert all(i.status == MISSING for c in pre.criteria for i in c.indicators)
    assert any(w["key"] == "data.no_values_for" for w in pre.warnings)
    assert res.status == MISSING


def test_prerequisite_failing_when_own_criteria_fail(upper_catalog, evaluate_values):
    res = evaluate_values({"10": 40, "17.1": 92}, set_id="t/upper", cat=upper_catalog,
                          extra={"values_for": {"t/xa-ntm": PASSING}})
    assert res.prerequisites[0].status == PASS
    assert res.status == FAIL


def test_prerequisite_values_are_checked_too(upper_catalog, evaluate_values):
    with pytest.raises(InputError) as ei:
        evaluate_values({"10": 60, "17.1": 92}, set_id="t/upper", cat=upper_catalog,
                        extra={"values_for": {"t/xa-ntm": {**PASSING, "17.01": 1}}})
    [p] = ei.value.problems
    assert (p.key, p.indicator, p.params["hint"]) == ("data.unknown_indicator", "17.01", "17.1")


def test_prerequisite_ids_do_not_leak_into_main_values(upper_catalog, evaluate_values):
    with pytest.raises(InputError) as ei:
        evaluate_values({"10": 60, "17.1": 92, "6.3": 75}, set_id="t/upper", cat=upper_catalog)
    assert [p.key for p in ei.value.problems] == ["data.unknown_indicator"]


def test_nang_cao_fixture_chain(catalog, evaluate_values):
    res = evaluate_values({"10": 55}, set_id="t/xa-nang-cao")
    assert [c.status for c in res.criteria] == [PASS]
    assert res.prerequisites[0].criteria_set == "t/xa-ntm"
    assert res.prerequisites[0].status == MISSING  # no values_for the prerequisite
    assert res.status != PASS
    assert "requires: [t/xa-ntm]" in NANG_CAO


# --- coverage -------------------------------------------------------------------------------------

def test_coverage_counts(evaluate_values):
    res = evaluate_values()
    assert (res.indicators_known, res.indicators_encoded, res.indicators_declared) == (8, 8, 8)


def test_coverage_counts_declared_beyond_encoded(tmp_path, evaluate_values):
    d = tmp_path / "c2"
    write(d / "t" / "xa-ntm.yaml", XA_NTM.replace("indicator_count: 8", "indicator_count: 57"))
    res = evaluate_values(cat=Catalog([str(d)]))
    assert (res.indicators_known, res.indicators_encoded, res.indicators_declared) == (8, 8, 57)
    assert res.to_dict()["coverage"] == {"thresholds_known": 8, "indicators_encoded": 8, "indicators_declared": 57,
                                         "indicator_count_given": True}


def test_result_keeps_evidence_and_note(evaluate_values):
    res = evaluate_values(vals(i6_3={"value": "75,5", "evidence": "Báo cáo UBND xã", "note": "ước tính"}))
    i = indicator(res, "6.3")
    assert (i.value, i.evidence, i.note) == (75.5, ("Báo cáo UBND xã",), "ước tính")
    assert i.to_dict()["evidence"] == ["Báo cáo UBND xã"]
