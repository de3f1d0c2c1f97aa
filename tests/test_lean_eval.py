"""The batch's lean evaluation (issue 15): memos that must never change a result.

* the engine's Plan (thresholds resolved once per set and context, the date kept only as its place
  among the set's dates) resolves exactly what `resolve` does for any date, year, class and
  categories, and stays bounded however many dates a batch has;
* a scalar value parsed once per kind of indicator is the value (and the problems) parsed afresh;
* the collector paused for a batch is given back as it was.
"""

from __future__ import annotations

import gc

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write
from ntm_eval.core import engine
from ntm_eval.core.engine import plan_for
from ntm_eval.core.thresholds import Context, resolve, unit_class
from ntm_eval.io.yamlload import load_text
from ntm_eval.load import unit as unit_mod
from ntm_eval.load.catalog import Catalog
from ntm_eval.model import Indicator
from ntm_eval.run.batch import run_batch

CAT = Catalog(())
SETS = [CAT.get(sid) for sid in sorted(CAT.index())]
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _leaves(cset):
    out = []

    def walk(ind):
        out.append(ind)
        for p in ind.parts:
            walk(p)

    for ind in cset.indicators():
        walk(ind)
    return [i for i in out if not i.composite]


@st.composite
def contexts(draw):
    cset = draw(st.sampled_from(SETS))
    marks = engine._date_marks(cset, CAT.get)
    # around every date the set names (the edges matter most), and anywhere else
    around = st.sampled_from(marks) if marks else st.just("2025-12-31")
    date = draw(st.one_of(around, st.dates().map(lambda d: d.isoformat()).filter(lambda s: len(s) == 10)))
    year = draw(st.one_of(st.none(), st.integers(2015, 2035), st.just(int(date[:4]))))
    cl = cset.classification
    declared = draw(st.one_of(st.none(), st.sampled_from(sorted(cl.values)))) if cl is not None else None
    cats = frozenset(draw(st.sets(st.sampled_from(sorted(cset.categories) or ["x"]), max_size=2)))
    klass, ov = unit_class(cset, declared, cats, date)
    return cset, Context(year, date, klass, declared, ov, cats)


@SETTINGS
@given(contexts())
def test_plan_resolves_what_resolve_does(case):
    cset, ctx = case
    plan = plan_for(cset, ctx, CAT.get)
    for ind in _leaves(cset):
        assert plan.rule(ind)[1] == resolve(ind, cset, ctx, CAT.get), (cset.id, ind.id, ctx)


def test_plan_cache_does_not_grow_with_dates():
    cset = CAT.get("vn/2021-2025/xa-ntm")
    cl = cset.classification
    declared = sorted(cl.values)[0] if cl is not None else None
    engine._PLANS.clear()  # other tests' contexts (years, classes) are not this test's
    for day in range(1, 29):
        for month in range(1, 13):
            ctx = Context(2024, f"2024-{month:02d}-{day:02d}", declared, declared)
            plan_for(cset, ctx, CAT.get)
    plans = engine._PLANS[(id(cset), id(CAT))][2]
    # a year's 336 dates fall between a few of the set's dates: a few plans, not one per date
    assert len(plans) <= 2 * len(engine._date_marks(cset, CAT.get)) + 1
    assert all(len(e[2]) <= engine._MAX_CONTEXTS for e in engine._PLANS.values())


SCALARS = st.one_of(st.sampled_from(["đạt", "Đạt", "chưa đạt", "có", "không", "n/a", "-", "x", "12,5", "1.234",
                                     "93,4 %", " 7 ", "１２", "abc", "", "inf", "nan"]),
                    st.booleans(), st.integers(-5, 200), st.floats(allow_nan=True, allow_infinity=True),
                    st.just(-0.0), st.just(0.0), st.none())


@SETTINGS
@given(st.lists(st.tuples(SCALARS, st.sampled_from(["number", "percent", "yes_no", "all_of"]), st.booleans()),
                min_size=1, max_size=20))
def test_scalar_memo_is_the_fresh_parse(items):
    doc = load_text("values: {}\n", "u.yaml")
    for v, itype, optional in items:
        ind = Indicator(id="9", title="t", type=itype, optional=optional)
        got_p: list = []
        fresh_p: list = []
        got = unit_mod._parse_value(doc, ("values", "9"), ind, v, got_p)
        fresh = unit_mod._parse_one(doc, ("values", "9"), ind, v, fresh_p)
        assert got == fresh and repr(got) == repr(fresh)  # repr: -0.0 stays -0.0
        assert got_p == fresh_p


def test_batch_gives_the_collector_back(tmp_path):
    folder = tmp_path / "units"
    folder.mkdir()
    for n in range(3):
        write(folder / f"x{n}.yaml", f"unit: {{name: X{n}, level: xa, region: dbsh}}\nyear: 2024\n"
                                    "criteria_set: vn/2021-2025/xa-ntm\nvalues: {}\n")
    frozen = gc.get_freeze_count()
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            for jobs in (1, 2):
                with run_batch(str(folder), catalog=CAT, jobs=jobs) as report:
                    assert [r.name for r in report.rows] == ["X0", "X1", "X2"]
                assert gc.isenabled() is enabled
                assert gc.get_freeze_count() == frozen
        finally:
            gc.enable()
