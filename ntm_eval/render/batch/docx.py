"""`--format docx` for a batch: an editable Word report, A4 landscape, the same sections as the
other formats, walking the report's outline (outline.py): title, input and totals, the coverage
caveat once, per set its headline, the units × criteria matrix (shaded by status), the % meeting
each criterion, by district / province, the district indicators computed from members; input
warnings and broken units; the signature block. Document machinery: render/docx.py."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Sequence
from copy import deepcopy
from typing import IO, TYPE_CHECKING, Any

from docx.oxml.ns import qn

from ntm_eval.render.batch.outline import Outline, SetSection, Table, outline
from ntm_eval.render.docx import Report
from ntm_eval.render.printed import Cell, batch_cell, clean, signature

if TYPE_CHECKING:
    from ntm_eval.results import BatchReport

_R, _T = qn("w:r"), qn("w:t")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

FIXED = {"index": 9, "unit": 38, "district": 26, "merged": 42, "met": 12, "status": 24, "criterion": 16, "title": 0,
         "count": 20, "percent": 16, "name": 32, "parent": 26, "units": 13, "average": 15, "set_passed": 15,
         "set_undecided": 15}


class _Report(Report):
    """The document machinery, a paragraph written as a copy of the first one of its kind
    (bold, shading, size, alignment) with its text set: python-docx builds each one element by
    element (a batch's thousand located warnings took more time than its matrix). The XML is
    the one python-docx writes; a text it would split (tabs, line breaks) still goes through it.
    The body's closing w:sectPr is looked up once: `body.sectPr` searches the body's children from
    the first, so asking it for every paragraph was quadratic (2.6 s of a 10,000-commune report)."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._made: dict[tuple[Any, ...], Any] = {}
        self._sect_pr = self.doc.element.body.sectPr  # stays the body's last child

    def para(self, text: str, bold: bool = False, fill: str | None = None, size: float | None = None,
             center: bool = False) -> None:
        key = (bool(bold), fill, size, bool(center))
        shown = clean(text)
        made = self._made.get(key)
        if made is None or not shown or any(ch in shown for ch in "\t\n\r"):
            super().para(text, bold, fill, size, center)
            if made is None and shown and not any(ch in shown for ch in "\t\n\r"):
                body = self.doc.element.body
                last = self._sect_pr.getprevious() if self._sect_pr is not None else body[-1]
                self._made[key] = deepcopy(last)
            return
        p = deepcopy(made)
        tx = p.find(f"{_R}/{_T}")
        tx.text = shown
        if len(shown.strip()) < len(shown):  # as python-docx marks it
            tx.set(_SPACE, "preserve")
        elif _SPACE in tx.attrib:
            del tx.attrib[_SPACE]
        if self._sect_pr is not None:
            self._sect_pr.addprevious(p)
        else:
            self.doc.element.body.append(p)


def render(report: BatchReport, out: IO[bytes], lang: str = "vi", today: _dt.date | None = None) -> None:
    o = outline(report, lang)
    rep = _Report(lang, True, f"{o.title} — {o.input_name}", o.generated, today)
    rep.heading(o.title, 0)
    rep.para(o.input_line)
    rep.para(o.totals)
    for line in o.coverage:  # once, before anything reads like a verdict
        rep.para("⚠ " + line, bold=True, fill="warn", size=10)
    rep.para(o.legend.text, size=9)
    for s in o.sets:
        _section(rep, s, o)
    _errors(rep, o)
    rep.sign(signature(lang))
    rep.save(out)


def _section(rep: Report, s: SetSection, o: Outline) -> None:
    rep.heading(s.heading, 1)
    if s.demo:
        rep.para(s.demo, bold=True, fill="warn")
    for line in s.headline:
        rep.para("• " + line.text, bold=line.highlight is not None)
    if s.meeting.line:
        rep.para("• " + s.meeting.line)
    _table(rep, s.matrix, small=True)
    rep.para(o.legend.text, size=8)
    _table(rep, s.per_criterion)
    for line in s.criterion_lines:
        if line.open:  # why there is no share: said once, under the table
            rep.para(line.text, fill="no_threshold", size=9)
    for sub in (s.by_district, s.by_province):
        if sub is not None:
            _table(rep, sub, small=True)
    if s.held_back:
        rep.heading(s.held_heading, 2)
        for unit in s.held_back:
            for item in unit.items:
                rep.para(f"{unit.name}: {item.text}", size=10)


def _table(rep: Report, tb: Table, small: bool = False) -> None:
    rep.heading(tb.title, 2)
    keep = [j for j, col in enumerate(tb.columns) if not col.extra]
    cols = [tb.columns[j] for j in keep]
    n_crit = sum(c.key == "crit" for c in cols)
    fixed = sum(FIXED.get(c.key, 12) for c in cols if c.key != "crit")
    flex = sum(1 for c in cols if c.key != "crit" and FIXED.get(c.key) == 0)
    crit = max(5.0, min(12.0, (rep.width_mm - fixed) / n_crit)) if n_crit else 0
    rest = max(20.0, (rep.width_mm - fixed - crit * n_crit) / flex) if flex else 0
    widths = [crit if c.key == "crit" else (FIXED.get(c.key, 12) or rest) for c in cols]
    scale = min(1.0, rep.width_mm / sum(widths))  # too many criteria: everything narrower
    rep.table([c.text for c in cols], [w * scale for w in widths], _cells(tb, keep), small)


def _cells(tb: Table, keep: list[int]) -> Iterator[Sequence[Cell]]:
    keys = [tb.columns[j].key for j in keep]
    for row in tb.rows:
        yield tuple(batch_cell(row[j], key) for j, key in zip(keep, keys))



def _errors(rep: Report, o: Outline) -> None:
    if o.notes:
        rep.heading(o.notes_heading, 1)
        rep.paras_later((p.text for p in o.notes), size=9)
    rep.heading(o.errors_heading, 1)
    if o.no_errors:
        rep.para(o.no_errors)
    for b in o.broken():
        rep.para(f"{b.name} ({b.source})", bold=True, fill="error", size=10)
        for p in b.problems:
            rep.para("    " + p.text, size=9)
