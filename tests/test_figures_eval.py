"""The batch's lean evaluation with figures (issue 15, the HTML report): each indicator's figures
computed without an IndicatorResult must be, field for field, what the full evaluation gives —
the same batch row, so the same tooltips and drill-down.

* on random unit files of every built-in set (test_lean_eval's generator: values around the
  thresholds, counts, n/a, words, given verdicts that send a unit down the full path);
* on every example file (communes, districts computed from members, sheets, attested verdicts).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import event, given, settings
from hypothesis import strategies as st

from test_lean_eval import CAT, SETTINGS, bound, unit_texts
from ntm_eval.core.engine import evaluate
from ntm_eval.errors import InputError
from ntm_eval.io.yamlload import load_path
from ntm_eval.load.unit import read_unit
from ntm_eval.results import Outcome
from ntm_eval.results.batch import PARTIAL_FROM
from ntm_eval.run.batch import BatchContext, Worker, compact, iter_tasks
from ntm_eval.run.check import check_raw


@settings(SETTINGS, max_examples=400)
@given(unit_texts(), st.booleans())
def test_figures_are_the_full_results_figures(case, use_attested):
    cset, data = bound(case)
    if data is None:
        return
    full = evaluate(cset, data, CAT.get, [], use_attested)
    fig = evaluate(cset, data, CAT.get, [], use_attested, figures=True)
    if fig.figures is None:
        event("full path (verdicts given)")
        assert all(c.indicators for c in fig.criteria) or not cset.criteria
    else:
        event("figures")
        assert not any(c.indicators for c in fig.criteria)
        assert len(fig.figures) == sum(1 + len(ind.parts) for c in cset.criteria for ind in c.indicators)
    a = compact(0, "x.yaml", Outcome("x.yaml", full, [], cset), cset, detail=True)
    b = compact(0, "x.yaml", Outcome("x.yaml", fig, [], cset), cset, detail=True)
    assert a.indicators == b.indicators
    if fig.figures is not None and any(len(p) > 13 and p[13] for p in b.indicators):
        event("figures with evidence")
    assert a == b
    # past PARTIAL_FROM (short tooltips): the lean figures filtered before packing are those
    # short_tip_figures keeps of the full row's
    a2 = compact(PARTIAL_FROM, "x.yaml", Outcome("x.yaml", full, [], cset), cset, detail=True)
    b2 = compact(PARTIAL_FROM, "x.yaml", Outcome("x.yaml", fig, [], cset), cset, detail=True)
    assert a2 == b2
    assert a2.partial == bool(a.indicators)
    # every figure of the same type as the full one's (1 is not 1.0, False is not 0 in a tooltip)
    for x, y in zip(a.indicators, b.indicators):
        assert [type(v) for v in x] == [type(v) for v in y], (x, y)


def test_figures_on_every_example_file():
    """A batch over every example file: the rows evaluated lean with figures equal the rows of the
    full evaluation (most examples give verdicts, which take the full path; a few take the lean one)."""
    examples = Path(__file__).resolve().parent.parent / "examples"
    worker = Worker(BatchContext(detail=True), CAT)
    n = lean = 0
    for i, task in enumerate(iter_tasks(str(examples))):
        row, _ = worker((i, task))
        if not isinstance(task, str):
            continue  # sheets: their rows go through the same evaluation
        try:
            raw = read_unit(load_path(task))
        except InputError:
            continue
        outcome = check_raw(raw, CAT)
        if outcome.result is None:
            continue
        want = compact(i, task, outcome, outcome.cset, catalog=CAT, detail=True)
        assert row.indicators == want.indicators, task
        assert row.criterion_attestations == want.criterion_attestations, task
        assert (row.statuses, row.bases, row.conflicts, row.passed, row.total) == \
            (want.statuses, want.bases, want.conflicts, want.passed, want.total), task
        n += 1
        lean += check_raw(raw, CAT, figures=True).result.figures is not None
    assert n > 20 and lean >= 5, (n, lean)  # most examples give verdicts (the full path); some do not
