"""`--format md`: a Markdown report (headings, aggregate sentences, matrix, per-criterion table),
walking the report's outline (outline.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING

from ntm_eval.render.batch.outline import Outline, SetSection, Table, outline

if TYPE_CHECKING:
    from ntm_eval.results import BatchReport

_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")

Write = Callable[[str], object]


def esc(s: object) -> str:
    """Text from the data as inert Markdown: no markup, no raw HTML, no table breaks."""
    s = "" if s is None else str(s)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _SPECIAL.sub(r"\\\1", s)
    return re.sub(r"[\r\n]+", " ", s)


def _table(w: Write, head: list[str], rows: Iterable[list[str]]) -> None:
    w("| " + " | ".join(head) + " |\n")
    w("|" + "|".join("---" for _ in head) + "|\n")
    for r in rows:
        w("| " + " | ".join(r) + " |\n")
    w("\n")


def _shown(tb: Table) -> list[int]:
    return [j for j, col in enumerate(tb.columns) if not col.extra]


def _write_table(w: Write, tb: Table, crit_suffix: str = "") -> None:
    """Headers as they are, cells escaped (their text may come from the data); rows streamed."""
    keep = _shown(tb)
    head = [tb.columns[j].text + (crit_suffix if tb.columns[j].key == "crit" else "") for j in keep]
    _table(w, head, ([esc(row[j].text) for j in keep] for row in tb.rows))


def render(report: BatchReport, out: IO[str], lang: str = "vi") -> None:
    o = outline(report, lang)
    w = out.write
    w(f"# {o.title}\n\n")
    w(esc(o.input_line) + "  \n")
    w(o.totals + "\n\n")
    for line in o.coverage:  # before anything reads like a verdict
        w(f"> **⚠ {esc(line)}**\n\n")
    for s in o.sets:
        _section(w, s, o)
    _errors(w, o)


def _section(w: Write, s: SetSection, o: Outline) -> None:
    w(f"## {esc(s.heading)}\n\n")
    if s.demo:
        w(f"**{s.demo}**\n\n")
    for line in s.headline:
        w(f"- {esc(line.text)}\n")
    if s.meeting.line:
        w(f"- {esc(s.meeting.line)}\n")
    w("\n")
    w(f"### {s.matrix.title}\n\n")
    _write_table(w, s.matrix)
    w(esc(o.legend.text) + "\n\n")
    w(f"### {s.per_criterion.title}\n\n")
    _write_table(w, s.per_criterion)
    for line in s.criterion_lines:
        w(f"- {esc(line.text)}\n")
    w("\n")
    for sub in (s.by_district, s.by_province):
        if sub is not None:
            w(f"### {sub.title}\n\n")
            _write_table(w, sub, " %")
    if s.held_back:
        w(f"### {s.held_heading}\n\n")
        for unit in s.held_back:
            for item in unit.items:
                w(f"- **{esc(unit.name)}**: {esc(item.text)}\n")
        w("\n")


def _errors(w: Write, o: Outline) -> None:
    if o.notes:
        w(f"## {o.notes_heading}\n\n")
        for p in o.notes:
            w(f"- {esc(p.text)}\n")
        w("\n")
    w(f"## {o.errors_heading}\n\n")
    if o.no_errors:
        w(o.no_errors + "\n")
    for b in o.broken():
        w(f"- **{esc(b.name)}** ({esc(b.source)})\n")
        for p in b.problems:
            w(f"  - {esc(p.text)}\n")
    w("\n")
