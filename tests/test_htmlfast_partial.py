"""The HTML batch report's fast paths (issue 15, item 4) give the same page as the general ones:
rows past FULL_TIPS_MAX_UNITS kept with only the figures short tooltips read (results/batch.short_tip_figures), and
the common figures worded without an IndicatorResult (drill._plain_figure). The limits are
lowered so that the examples (attested verdicts, counts, composites, districts) cross them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import ntm_eval.run.batch as rb
from ntm_eval.load.catalog import Catalog
from ntm_eval.render.batch import drill, html
from ntm_eval.results.batch import IndicatorRow, short_tip_figures

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _page(monkeypatch: pytest.MonkeyPatch, lang: str, partial: bool, dropped: list[int] | None = None) -> str:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    full = rb.compact

    def compact(index, *args, **kwargs):
        row = full(index, *args, **kwargs)
        if partial and row.indicators and index >= drill.FULL_TIPS_MAX_UNITS:
            kept = short_tip_figures(row.statuses, row.indicators)
            if dropped is not None:
                dropped.append(len(row.indicators) - len(kept))
            row.indicators = kept
        return row

    monkeypatch.setattr(rb, "compact", compact)
    report = rb.run_batch(str(EXAMPLES), Catalog(()), jobs=1, detail=True)
    with report:
        out = io.StringIO()
        html.render(report, out, lang)
    monkeypatch.setattr(rb, "compact", full)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_partial_rows_give_the_same_page(monkeypatch: pytest.MonkeyPatch, lang: str):
    monkeypatch.setattr(drill, "DRILL_MAX_UNITS", 3)
    monkeypatch.setattr(drill, "FULL_TIPS_MAX_UNITS", 5)
    whole = _page(monkeypatch, lang, partial=False)
    dropped: list[int] = []
    assert _page(monkeypatch, lang, partial=True, dropped=dropped) == whole
    assert sum(dropped) > 50  # figures were left out indeed
    assert "u-4" not in whole and 'href="#u-3"' in whole  # the drill-down stops at the lowered limit


def test_short_tips_by_the_batch_count(monkeypatch: pytest.MonkeyPatch):
    """A batch over the limit has short tooltips in every set, small sets too (their rows past the
    limit may have been kept partial)."""
    monkeypatch.setattr(drill, "FULL_TIPS_MAX_UNITS", 5)
    report = rb.run_batch(str(EXAMPLES), Catalog(()), jobs=1, detail=True)
    with report:
        assert report.aggregates.total > 5
        groups = list(report.aggregates.groups.values())
        assert any(g.units <= 5 for g in groups)
        assert all(drill.short_tips(report, g) for g in groups)


def test_plain_figure_words_as_the_general_way():
    """Every figure of the examples that the plain path takes is worded as `_figure` words it."""
    report = rb.run_batch(str(EXAMPLES), Catalog(()), jobs=1, detail=True)
    taken = 0
    with report:
        for row in report.rows:
            info = drill._info(report.sets.get(row.set_id or ""))
            for p in row.indicators:
                for lang in ("vi", "en"):
                    fast = drill._plain_figure(p, info, lang)
                    if fast is not None:
                        taken += 1
                        assert fast == drill._figure(drill.result(IndicatorRow.unpack(p), info), lang), p
    assert taken > 100


def test_needed_keeps_what_short_tips_read():
    ind = IndicatorRow
    att = (True, "Phòng Kinh tế", "BB 1", "2024-05-01")
    rows = (ind(0, "1.1", "pass").packed(), ind(0, "1.2", "fail", 3, ">=", 5, 2.0).packed(),
            ind(1, "2.1", "pass", attestation=att).packed(), ind(1, "2.2", "fail", 1, ">=", 2, 1.0).packed(),
            ind(2, "3", "fail", op="all_of").packed(), ind(2, "3.1", "fail", 1, ">=", 2, 1.0, part=True).packed(),
            ind(2, "3.2", "pass", 2, ">=", 2, 0.0, part=True).packed())
    kept = short_tip_figures(("fail", "pass", "fail"), rows)
    # criterion 1 not met: its indicator not met; criterion 2 met: only who attested it;
    # criterion 3: the part not met (the composite itself is said by its parts)
    assert [p[1] for p in kept] == ["1.2", "2.1", "3.1"]
