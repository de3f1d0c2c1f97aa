"""What the text reports' outline reads of the rows (core/aggregate.RowFacts: sets with
predecessors, units meeting each set, rows holding a district back, places and years) gathered
while the batch collects its rows must be what a walk over the row store finds — the same report,
one pass over the spooled rows fewer (issue 15) — and a JSON batch gathers none of it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ntm_eval.load.catalog import Catalog
from ntm_eval.render.batch import render_text
from ntm_eval.run.batch import run_batch

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CAT = Catalog(())


@pytest.mark.parametrize("fmt", ["html", "md", "table"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_facts_gathered_give_the_report_of_a_walk(fmt: str, lang: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("COLUMNS", "160")
    pages = []
    for facts in (True, False):
        # spool_limit 3: the rows are read back from the spooled file, as in a province's batch
        with run_batch(str(EXAMPLES), CAT, jobs=1, spool_limit=3, detail=fmt == "html", facts=facts) as report:
            assert (report.aggregates.facts is not None) == facts
            out = io.StringIO()
            render_text(fmt, report, out, lang)
            pages.append(out.getvalue())
    assert pages[0] == pages[1]
    assert "Sơn Bình" in pages[0]


def test_facts_are_those_of_every_row():
    with run_batch(str(EXAMPLES), CAT, jobs=2, facts=True) as report:
        facts = report.aggregates.facts
        rows = list(report.rows)
    assert facts.years == {r.year for r in rows if r.year}
    assert facts.provinces == {r.province for r in rows if r.province}
    assert sum(map(len, facts.meeting.values())) == sum(1 for r in rows if r.status == "pass" and r.set_id)
    assert facts.held and all(not r.indicators and not r.problems for rs in facts.held.values() for r in rs)
    with run_batch(str(EXAMPLES), CAT, jobs=1) as report:
        assert report.aggregates.facts is None  # a JSON or CSV batch: no list of names


def test_meanwhile_runs_once_when_the_first_row_has_come():
    """The work given to do while the workers evaluate (a heavy renderer's import) runs once, as
    soon as the first unit's row has come (not after the last); never for an empty batch."""
    from ntm_eval.run.batch import collect, stream_units

    pairs = list(stream_units(str(EXAMPLES), CAT))
    taken: list[object] = []
    calls: list[int] = []

    def stream():
        for p in pairs:
            taken.append(p)
            yield p

    with collect(stream(), meanwhile=lambda: calls.append(len(taken))) as report:
        assert report.aggregates.total > 3
    first = next(k for k, (row, _) in enumerate(pairs, start=1) if hasattr(row, "statuses"))
    assert calls == [first] and first < len(pairs)
    with collect(iter(()), meanwhile=lambda: calls.append(-1)) as empty:
        assert empty.aggregates.total == 0
    assert calls == [first]
