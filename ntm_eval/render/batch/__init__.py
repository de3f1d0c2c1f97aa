"""Renderers of a batch report (ntm_eval.results.BatchReport). They never evaluate: the human
formats (table, md, html, xlsx) walk the report's outline (outline.py), csv and json read the rows
and aggregates. Each format lives in its own module, imported only when asked for (rich only for
the terminal table, openpyxl only for xlsx)."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from ntm_eval.results import BatchReport

TEXT_FORMATS = ("table", "json", "csv", "md", "html")


def render_text(fmt: str, report: BatchReport, out: IO[str], lang: str = "vi") -> None:
    """Write a text format to `out` (stdout or a file opened by fileio.atomic_open)."""
    if fmt == "json":
        from ntm_eval.render.batch.jsonout import render
    elif fmt == "csv":
        from ntm_eval.render.batch.csvout import render
    elif fmt == "md":
        from ntm_eval.render.batch.md import render
    elif fmt == "html":
        from ntm_eval.render.batch.html import render
    elif fmt == "table":
        from ntm_eval.render.batch.table import render
    else:  # pragma: no cover - click restricts the choice
        raise ValueError(fmt)
    render(report, out, lang)


def render_xlsx(report: BatchReport, out: IO[bytes], lang: str = "vi") -> None:
    from ntm_eval.render.batch.xlsx import render

    render(report, out, lang)
