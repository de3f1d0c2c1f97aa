"""Threshold resolution: by region, by year, by amendment date, special-commune overrides,
`default` branches, derived thresholds and unknown comparators (docs/criteria-format.md §2, §4, §5).

Sets are written into a tmp folder and read with `criteria.Catalog([tmp])`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import set_with_indicator, write
from ntm_eval.load.catalog import Catalog
from ntm_eval.load.unit import read_unit
from ntm_eval.run.check import check_unit
from ntm_eval.model import Const, ThresholdVersion
from ntm_eval.core.thresholds import Context, resolve, unit_class, version_in_force
from ntm_eval.io.yamlload import load_text


def make_catalog(tmp_path: Path, **sets: str) -> Catalog:
    """make_catalog(tmp, **{"t/one": yaml_text}) → Catalog over tmp/criteria."""
    d = tmp_path / "criteria"
    for sid, text in sets.items():
        write(d / f"{sid}.yaml", text)
    return Catalog([str(d)])


def run(cat: Catalog, set_id: str, value=None, *, year: int = 2024, date: str | None = None,
        region: str = "r1", categories=(), iid: str = "1", override_year: int | None = None):
    """Evaluate one value of indicator `iid` → its IndicatorResult (and the UnitResult)."""
    lines = ["unit:", "  name: Xã thử", f"  region: {region}"]
    if categories:
        lines.append(f"  categories: [{', '.join(categories)}]")
    lines.append(f"year: {year}")
    if date:
        lines.append(f'date: "{date}"')
    lines.append("values:")
    lines.append(f'  "{iid}": {"null" if value is None else value}')
    raw = read_unit(load_text("\n".join(lines) + "\n", "unit.yaml"))
    res = check_unit(raw, cat.get(set_id), cat.get, override_year)
    ind = next(i for c in res.criteria for i in c.indicators if i.id == iid)
    return ind, res


# --- by region / by year / default ---------------------------------------------------------------

BY_REGION = '{op: ">=", value: {by_region: {r1: 24, r2: 16.5, default: 30}}}'


@pytest.mark.parametrize("region,threshold", [("r1", 24), ("r2", 16.5), ("r3", 30)])
def test_by_region_with_default(tmp_path, region, threshold):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator(BY_REGION)})
    ind, res = run(cat, "t/one", 20, region=region)
    assert (ind.op, ind.threshold) == (">=", threshold)
    assert ind.status == ("pass" if 20 >= threshold else "fail")
    assert res.klass == region


def test_by_region_without_default_is_unknown_for_other_regions(tmp_path):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator('{op: ">=", value: {by_region: {r1: 24}}}')})
    ind, _ = run(cat, "t/one", 99, region="r2")
    assert ind.status == "no_threshold" and ind.threshold is None and ind.reason == "unknown"
    ind, _ = run(cat, "t/one", 99, region="r1")
    assert ind.status == "pass"


def test_by_region_default_unknown(tmp_path):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator(
        '{op: ">=", value: {by_region: {r1: 24, default: unknown}}}')})
    assert run(cat, "t/one", 99, region="r3")[0].status == "no_threshold"


BY_YEAR = '{op: ">=", value: {by_year: {2022: 45, 2023: 48, 2024: {by_region: {r1: 42, r2: 55}}}}}'


@pytest.mark.parametrize("year,region,threshold", [(2022, "r1", 45), (2023, "r2", 48), (2024, "r1", 42),
                                                   (2024, "r2", 55)])
def test_by_year_then_region(tmp_path, year, region, threshold):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator(BY_YEAR)})
    ind, res = run(cat, "t/one", 50, year=year, region=region)
    assert ind.threshold == threshold
    assert res.year == year


def test_year_not_listed_is_no_threshold(tmp_path):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator(BY_YEAR)})
    ind, _ = run(cat, "t/one", 50, year=2025)
    assert ind.status == "no_threshold" and ind.threshold is None


def test_by_year_default(tmp_path):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator(
        '{op: ">=", value: {by_year: {2022: 45, default: 60}}}')})
    assert run(cat, "t/one", 50, year=2022)[0].threshold == 45
    assert run(cat, "t/one", 50, year=2030)[0].threshold == 60


def test_year_override_argument_wins(tmp_path):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator(BY_YEAR)})
    ind, res = run(cat, "t/one", 50, year=2022, override_year=2023)
    assert ind.threshold == 48 and res.year == 2023 and res.date == "2023-12-31"


def test_unknown_with_reason(tmp_path):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator(
        '{op: ">=", value: {unknown: "chờ hướng dẫn của Bộ"}}')})
    ind, _ = run(cat, "t/one", 50)
    assert ind.status == "no_threshold" and ind.reason == "unknown"
    assert ind.reason_detail == "chờ hướng dẫn của Bộ"
    assert ind.op == ">="


@pytest.mark.parametrize("thr", ["unknown", '{op: ">=", value: unknown}'])
def test_threshold_unknown(tmp_path, thr):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator(thr)})
    ind, _ = run(cat, "t/one", 50)
    assert ind.status == "no_threshold" and ind.threshold is None


# --- dated versions (amendments) -----------------------------------------------------------------

VERSIONS = """
- from: "2022-03-08"
  op: ">="
  value: 95
- from: "2024-03-01"
  op: ">="
  value: 97
"""


@pytest.mark.parametrize("year,date,expected", [
    (2024, "2024-02-29", 95),  # the day before the amendment
    (2024, "2024-03-01", 97),  # the amendment's first day
    (2024, None, 97),  # no date: 31 December
    (2022, "2022-03-08", 95),  # first version's first day
    (2023, None, 95),
    (2030, None, 97),
])
def test_version_in_force_at_evaluation_date(tmp_path, year, date, expected):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator(VERSIONS)})
    ind, res = run(cat, "t/one", 96, year=year, date=date)
    assert ind.threshold == expected
    assert ind.status == ("pass" if 96 >= expected else "fail")
    assert res.date == (date or f"{year}-12-31")


@pytest.mark.parametrize("year,date", [(2022, "2022-03-07"), (2021, None), (2022, "2022-01-01")])
def test_before_first_version_not_in_force(tmp_path, year, date):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator(VERSIONS)})
    ind, _ = run(cat, "t/one", 99, year=year, date=date)
    assert ind.status == "no_threshold"
    assert ind.reason == "not_in_force"
    assert ind.threshold is None and ind.gap is None


def test_version_until(tmp_path):
    thr = """
- from: "2022-01-01"
  until: "2023-12-31"
  op: "<="
  value: 5
"""
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator(thr)})
    assert run(cat, "t/one", 4, year=2023, date="2023-12-31")[0].status == "pass"
    ind, _ = run(cat, "t/one", 4, year=2024, date="2024-01-01")
    assert ind.status == "no_threshold" and ind.reason == "not_in_force"


def test_versions_with_different_ops(tmp_path):
    thr = """
- from: "2022-01-01"
  op: ">="
  value: 10
- from: "2024-01-01"
  op: "<="
  value: 10
"""
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator(thr)})
    assert run(cat, "t/one", 12, year=2023)[0].status == "pass"
    ind, _ = run(cat, "t/one", 12, year=2024)
    assert (ind.op, ind.status, ind.gap) == ("<=", "fail", 2)


def test_version_in_force_pure():
    v1 = ThresholdVersion(">=", Const(1), valid_from="2022-01-01")
    v2 = ThresholdVersion(">=", Const(2), valid_from="2023-06-01", valid_until="2023-12-31")
    v3 = ThresholdVersion(">=", Const(3), valid_from="2025-01-01")
    vs = (v1, v2, v3)
    assert version_in_force(vs, "2021-12-31") is None
    assert version_in_force(vs, "2022-01-01") is v1
    assert version_in_force(vs, "2023-06-01") is v2
    assert version_in_force(vs, "2023-12-31") is v2
    assert version_in_force(vs, "2025-01-01") is v3
    assert version_in_force((ThresholdVersion("=", Const(True)),), "1999-01-01") is not None


# --- special-commune overrides ---------------------------------------------------------------------

# r1 (mountain) 80, r2 (delta) 90; set_with_indicator's override: dbkk → r1 inside 2022-03-08…2024-02-29
OVR = '{op: ">=", value: {by_region: {r1: 80, r2: 90, r3: 85}}}'


@pytest.mark.parametrize("date,cats,klass,threshold,overridden", [
    ("2023-06-01", ["dbkk"], "r1", 80, True),
    ("2022-03-08", ["dbkk"], "r1", 80, True),  # first day of the rule
    ("2024-02-29", ["dbkk"], "r1", 80, True),  # last day (inclusive)
    ("2022-03-07", ["dbkk"], "r2", 90, False),  # the day before
    ("2024-03-01", ["dbkk"], "r2", 90, False),  # the day after
    ("2023-06-01", ["other"], "r2", 90, False),  # not a listed category
    ("2023-06-01", [], "r2", 90, False),
    ("2023-06-01", ["other", "dbkk"], "r1", 80, True),
])
def test_override_switches_region_only_inside_window(tmp_path, date, cats, klass, threshold, overridden):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator(OVR)})
    ind, res = run(cat, "t/one", 85, year=int(date[:4]), date=date, region="r2", categories=cats)
    assert res.klass == klass
    assert ind.threshold == threshold
    assert ind.status == ("pass" if 85 >= threshold else "fail")
    if overridden:
        assert res.override["from"] == "r2" and res.override["use"] == "r1"
        assert res.override["because"] == ["dbkk"]
        assert res.to_dict()["classification"]["override"]["use"] == "r1"
    else:
        assert res.override is None
        assert "override" not in res.to_dict()["classification"]


def test_override_without_until_and_with_source(tmp_path):
    extra = ('sources:\n  qd211: {document: Quyết định 211/QĐ-TTg, date: "2024-03-01"}\n')
    text = set_with_indicator(OVR, extra_top=extra).replace(
        '      use: r1\n', '      use: r1\n    - from: "2024-03-01"\n      if_any: [other]\n      use: r3\n'
                          '      source: qd211\n')
    cat = make_catalog(tmp_path, **{"t/one": text})
    ind, res = run(cat, "t/one", 86, year=2030, region="r2", categories=["other"])
    assert res.klass == "r3" and ind.threshold == 85 and ind.status == "pass"
    assert "Quyết định 211/QĐ-TTg" in res.override["source"]
    ind, res = run(cat, "t/one", 86, year=2023, region="r2", categories=["other"])
    assert res.klass == "r2" and ind.status == "fail"


def test_unit_class_pure(tmp_path):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator(OVR)})
    cs = cat.get("t/one")
    assert unit_class(cs, "r2", frozenset({"dbkk"}), "2023-01-01")[0] == "r1"
    assert unit_class(cs, "r2", frozenset({"dbkk"}), "2025-01-01") == ("r2", None)


# --- derived thresholds -----------------------------------------------------------------------------

BASE = set_with_indicator('{op: ">=", value: {by_region: {r1: 50, r2: 60}}}', set_id="t/base", ind_id="10")
DERIVED = set_with_indicator('{op: ">=", value: {derived: {set: t/base, indicator: "10", factor: 1.1}}}',
                             set_id="t/derived", ind_id="10")


@pytest.mark.parametrize("region,threshold", [("r1", 55.0), ("r2", 66.0)])
def test_derived_threshold_is_factor_times_other_sets(tmp_path, region, threshold):
    cat = make_catalog(tmp_path, **{"t/base": BASE, "t/derived": DERIVED})
    ind, _ = run(cat, "t/derived", 60, region=region, iid="10")
    assert ind.threshold == pytest.approx(threshold)
    assert ind.status == ("pass" if 60 >= threshold else "fail")
    if ind.status == "fail":
        assert ind.gap == pytest.approx(threshold - 60)


def test_derived_follows_the_base_sets_override(tmp_path):
    cat = make_catalog(tmp_path, **{"t/base": BASE, "t/derived": DERIVED})
    ind, _ = run(cat, "t/derived", 60, year=2023, region="r2", categories=["dbkk"], iid="10")
    assert ind.threshold == pytest.approx(55.0) and ind.status == "pass"


def test_derived_follows_base_by_year(tmp_path):
    base = set_with_indicator('{op: ">=", value: {by_year: {2023: 40, 2024: 50}}}', set_id="t/base", ind_id="10")
    cat = make_catalog(tmp_path, **{"t/base": base, "t/derived": DERIVED})
    assert run(cat, "t/derived", 45, year=2023, iid="10")[0].threshold == pytest.approx(44.0)
    assert run(cat, "t/derived", 45, year=2024, iid="10")[0].threshold == pytest.approx(55.0)
    assert run(cat, "t/derived", 45, year=2025, iid="10")[0].status == "no_threshold"


def test_derived_from_unknown_base_threshold_is_no_threshold(tmp_path):
    base = set_with_indicator("unknown", set_id="t/base", ind_id="10")
    cat = make_catalog(tmp_path, **{"t/base": base, "t/derived": DERIVED})
    ind, _ = run(cat, "t/derived", 1000, iid="10")
    assert ind.status == "no_threshold" and ind.threshold is None


def test_derived_from_missing_indicator_is_no_threshold(tmp_path):
    derived = DERIVED.replace('indicator: "10"', 'indicator: "99"')
    cat = make_catalog(tmp_path, **{"t/base": BASE, "t/derived": derived})
    ind, _ = run(cat, "t/derived", 1000, iid="10")
    assert ind.status == "no_threshold"


def test_derived_resolve_without_lookup_is_unknown(tmp_path):
    cat = make_catalog(tmp_path, **{"t/base": BASE, "t/derived": DERIVED})
    cs = cat.get("t/derived")
    ind = cs.all_ids()["10"]
    r = resolve(ind, cs, Context(2024, "2024-12-31", "r1", "r1"))
    assert not r.known
    r = resolve(ind, cs, Context(2024, "2024-12-31", "r1", "r1"), cat.get)
    assert r.known and r.value == pytest.approx(55.0)


# --- op: unknown ----------------------------------------------------------------------------------

def test_op_unknown_is_no_threshold_but_shows_value(tmp_path):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator('{op: unknown, value: 2}')})
    for v in (1, 2, 3):
        ind, res = run(cat, "t/one", v)
        assert ind.status == "no_threshold"
        assert ind.reason == "op_unknown"
        assert ind.op == "unknown" and ind.threshold == 2
        assert ind.gap is None
        assert res.status == "no_threshold"


def test_yes_no_threshold_shorthand(tmp_path):
    cat = make_catalog(tmp_path, **{"t/one": set_with_indicator('{value: true}', ind_type="yes_no")})
    ind, _ = run(cat, "t/one", "đạt")
    assert (ind.op, ind.threshold, ind.status) == ("=", True, "pass")
    ind, _ = run(cat, "t/one", "chưa đạt")
    assert ind.status == "fail"
