"""The HTML batch report's one-pass paths (issue 15, item 4) give what the general ones give:
the rows' scan (common.Scan) what meeting_names / merged_sets / group_rows / title_block read
each in its own pass, the matrix's paired rows (outline.Rows.pairs, drill.tipper) the rows and
drill.tips in lock step, the plain tooltip figure (drill._plain_figure) what _figure words, and
the chunked row store (io/spool.py) its rows in order, however often and nested it is read."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm_eval.io.spool import RowStore
from ntm_eval.load.catalog import Catalog
from ntm_eval.render.batch import common as c
from ntm_eval.render.batch import drill, html
from ntm_eval.render.batch.outline import outline
from ntm_eval.results.batch import IndicatorRow
from ntm_eval.run.batch import run_batch

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def reports():
    """The examples batch, its rows in memory and spooled (limit 3, chunks of 128 and fewer)."""
    out = {"mem": run_batch(str(EXAMPLES), Catalog(()), jobs=1, detail=True),
           "spooled": run_batch(str(EXAMPLES), Catalog(()), jobs=1, detail=True, spool_limit=3)}
    yield out
    for r in out.values():
        r.close()


def test_scan_gives_what_each_pass_gives(reports):
    for report in reports.values():
        sc = c.scan(report)
        assert sc.merged == c.merged_sets(report)
        for g in report.aggregates.groups.values():
            assert sc.meeting_names(g) == c.meeting_names(report, g)
            whole = [r for r in c.group_rows(report, g) if r.held_back]
            light = sc.held_rows(g)
            assert [(r.index, r.name, r.status, r.passed, r.total, r.held_back) for r in light] == \
                [(r.index, r.name, r.status, r.passed, r.total, r.held_back) for r in whole]
            assert all(not r.indicators for r in light)  # figures are not kept aside
        for lang in ("vi", "en"):
            assert drill.title_block(report, lang, sc) == drill.title_block(report, lang)
            assert outline(report, lang, sc) is not None


def test_some_unit_holds_back_and_some_unit_meets(reports):
    """The examples exercise what the scan keeps (else the test above proves little)."""
    sc = c.scan(reports["mem"])
    assert any(sc.held.values()) and any(sc.meeting.values())


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_paired_rows_give_the_rows_and_tips_in_lock_step(reports, lang, monkeypatch):
    monkeypatch.setattr(drill, "FULL_TIPS_MAX_UNITS", 5)  # short tooltips too
    for report in reports.values():
        for g in report.aggregates.groups.values():
            s = outline(report, lang).sets[list(report.aggregates.groups).index(g.set_id)]
            pairs = list(s.matrix.rows.pairs())
            assert [row for _, row in pairs] == list(s.matrix.rows)
            tip = drill.tipper(report, g, lang)
            assert [tip(u) for u, _ in pairs] == list(drill.tips(report, g, lang))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_spooled_and_in_memory_rows_give_the_same_page(reports, lang, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pages = []
    for report in reports.values():
        out = io.StringIO()
        html.render(report, out, lang)
        pages.append(out.getvalue())
    assert pages[0] == pages[1] and 'title="' in pages[0]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cleared_caches_give_the_same_page(reports, lang, monkeypatch):
    """The bounded caches of the tooltips (figures' numbers, needs, a mark's cell) cleared all the
    time give the page they give when they keep everything."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(drill, "FULL_TIPS_MAX_UNITS", 5)
    report = reports["spooled"]
    first = io.StringIO()
    html.render(report, first, lang)

    class Forgetful(dict):
        def __setitem__(self, key, value):
            self.clear()
            super().__setitem__(key, value)

    monkeypatch.setattr(drill, "_NUMS", Forgetful())
    monkeypatch.setattr(drill, "_NEEDS", Forgetful())
    monkeypatch.setattr(drill, "_THRESHOLDS", Forgetful())
    again = io.StringIO()
    html.render(report, again, lang)
    assert again.getvalue() == first.getvalue()


# --- the plain figure against the general one, over random figures ---------------------------

_INFO = {"1.1": ("1.1", "Tỷ lệ hộ", "Share of households", "%", "hộ", "households"),
         "2.3": ("2.3", "Số km", "Road km", "km", None, None),
         "4.2": ("4.2", "Có nhà văn hóa", None, None, "xã", None)}

numbers = st.one_of(st.integers(-5, 2000), st.floats(-1e4, 1e6, allow_nan=False, allow_infinity=False),
                    st.sampled_from([0.005, 0.015, 1.005, 2.675, 99.995, 85.9485]))


@st.composite
def figures(draw):
    op = draw(st.sampled_from([">=", "<=", "=", "all_of", None]))
    yes_no = draw(st.booleans())
    value = draw(st.booleans() if yes_no else st.one_of(st.none(), numbers))
    threshold = draw(st.one_of(st.none(), st.booleans() if yes_no else numbers))
    status = draw(st.sampled_from(["pass", "fail", "pass", "fail", "missing", "no_threshold"]))
    gap = draw(st.one_of(st.none(), numbers))
    need = draw(st.one_of(st.none(), st.integers(0, 30)))
    num = draw(st.one_of(st.none(), st.integers(0, 500)))
    den = draw(st.one_of(st.none(), st.integers(1, 500))) if num is not None else None
    ir = IndicatorRow(0, draw(st.sampled_from(sorted(_INFO) + ["9.9"])), status, value, op, threshold, gap, need,
                      num, den, draw(st.sampled_from([None, "computed", "attested"])), draw(st.booleans()),
                      undecided=draw(st.sampled_from([0, 0, 2])), at_least=draw(st.booleans()))
    return ir.packed()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=figures(), lang=st.sampled_from(["vi", "en"]))
def test_plain_figure_words_as_figure(p, lang):
    plain = drill._plain_figure(p, _INFO, lang)
    if plain is not None:
        assert plain == drill._figure(drill.result(IndicatorRow.unpack(p), _INFO), lang)
        assert plain == drill._plain_figure(p, _INFO, lang)  # from the caches, the same words


# --- the row store ------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 40), limit=st.integers(0, 12), chunk=st.integers(1, 9), peek=st.integers(0, 40))
def test_row_store_reads_back_in_order(n, limit, chunk, peek):
    store: RowStore = RowStore(limit, chunk)
    try:
        rows = [(i, f"xã {i}", (i % 3, ("pass",) * (i % 4))) for i in range(n)]
        for i, r in enumerate(rows):
            store.append(r)
            if i == peek:  # a pass while rows are still coming: what is there so far
                assert list(store) == rows[:i + 1]
        assert len(store) == n and list(store) == rows and list(store) == rows
        nested = [(a[0], b[0]) for a in store for b in store]
        assert nested == [(a[0], b[0]) for a in rows for b in rows]
        path = store._path
        assert (path is not None) == (n > limit)
    finally:
        store.close()
    assert path is None or not os.path.exists(path)
    assert list(store) == []


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=figures(), lang=st.sampled_from(["vi", "en"]), evidence=st.sampled_from([(), ("Biên bản 3", "ảnh")]))
def test_plain_drill_line_is_the_line(p, lang, evidence):
    ir = IndicatorRow.unpack(p)._replace(evidence=evidence)
    plain = drill._plain_line(ir, _INFO, lang)
    if plain is not None:
        assert plain == drill._line(drill.result(ir, _INFO), ir, lang)
        assert plain == drill._plain_line(ir.packed(), _INFO, lang)


def test_the_plain_paths_are_taken():
    """The random figures above do reach the plain paths (else they prove nothing)."""
    p = IndicatorRow(1, "1.1", "fail", 60.0, ">=", 70, 10.0, 3, basis="computed").packed()
    assert drill._plain_figure(p, _INFO, "vi") is not None
    assert drill._plain_line(IndicatorRow.unpack(p), _INFO, "en") is not None
