"""`--format xlsx` (needs --output): one sheet per view — "Tổng hợp", "Ma trận", "Theo tiêu chí",
"Theo huyện" (when the data names districts), "Đơn vị trực thuộc" (districts computed from
their communes), "Lỗi". Written with openpyxl's streaming (write-only) workbook; text from the
data is always stored as text, never as a formula."""

from __future__ import annotations

import re
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ntm_eval.messages import format_problem, status_label, t
from ntm_eval.render.batch.common import _words as _w
from ntm_eval.render.batch.common import (STATUS_ORDER, broken_rows, coverage_lines, crit_col,
                                          crit_title, criterion_lines, group_rows, has_districts, headline_lines,
                                          held_back_text, input_name, legend, meeting_line, meeting_names, notes,
                                          section_title, set_title, status_text, why, words)
from ntm_eval.render.batch.csvout import criteria_columns

FILLS = {"pass": "C6EFCE", "fail": "FFC7CE", "missing": "FFEB9C", "not_applicable": "EDEDED",
         "no_threshold": "E4DFEC", "error": "FF7C80", "warn": "E4DFEC"}
_BOLD = Font(bold=True)
_FILL_CACHE: dict[str, PatternFill] = {}


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible_controls(s: str) -> str:
    """Control characters (not allowed in XLSX cells) written as visible escapes: "\x01"."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", s) if _CONTROL.search(s) else s


def _fill(name: str) -> PatternFill:
    f = _FILL_CACHE.get(name)
    if f is None:
        f = _FILL_CACHE[name] = PatternFill("solid", fgColor=FILLS.get(name, name))
    return f


class _Sheet:
    def __init__(self, wb: Workbook, title: str, widths: list[int] = (), freeze: str | None = None):
        # a write-only sheet takes its layout before the first row
        self.ws = wb.create_sheet(title=title[:31])
        for i, wdt in enumerate(widths):
            self.ws.column_dimensions[get_column_letter(i + 1)].width = wdt
        if freeze:
            self.ws.freeze_panes = freeze

    def cell(self, v: Any, bold: bool = False, fill: str | None = None, pct: bool = False) -> Cell:
        c = WriteOnlyCell(self.ws)
        if isinstance(v, str):
            c.value = visible_controls(v)  # XML cannot hold them: shown as "\x01", never a crash
            c.data_type = "s"  # text, never a formula, whatever it starts with ("=…")
        else:
            c.value = v
        if bold:
            c.font = _BOLD
        if fill:
            c.fill = _fill(fill)
        if pct:
            c.number_format = "0.0"
        return c

    def row(self, values: list[Any], bold: bool = False, fills: list[str | None] | None = None) -> None:
        cells = []
        for i, v in enumerate(values):
            cells.append(v if isinstance(v, Cell) else
                         self.cell(v, bold=bold, fill=fills[i] if fills and i < len(fills) else None))
        self.ws.append(cells)


def render(report, out: IO[bytes], lang: str = "vi") -> None:
    wb = Workbook(write_only=True)
    agg = report.aggregates
    groups = list(agg.groups.values())

    # Tổng hợp
    s = _Sheet(wb, t("batch.sheet.summary", lang), [100, 60])
    s.row([t("batch.title", lang)], bold=True)
    s.row([t("batch.input", lang, path=report.input)])
    s.row([t("batch.totals", lang, total=agg.total, evaluated=agg.evaluated, broken=agg.broken)])
    for line in coverage_lines(report, lang):  # before anything reads like a verdict
        s.row([line], bold=True, fills=["warn"])
    for g in groups:
        info = g.info
        s.row([])
        s.row([f"{section_title(info.level if info else None, lang)} — "
               + t("batch.set", lang, title=set_title(info, lang), id=g.set_id)], bold=True)
        if info is not None and info.status == "demo":
            s.row([t("batch.demo", lang)], bold=True)
        for line in headline_lines(g, lang):
            s.row([line])
        names = meeting_names(report, g)
        if names:
            s.row([t("batch.col.set_passed", lang, **_w(g, lang)), ", ".join(names)])
        else:
            ml = meeting_line(report, g, lang)
            if ml:
                s.row([ml])
        for line in criterion_lines(g, lang):
            s.row([line])
    s.row([])
    s.row([legend(lang)])

    # Ma trận
    ids = criteria_columns(report)
    pos = {c: i for i, c in enumerate(ids)}
    order = {sid: [pos[c[0]] for c in g.criteria()] for sid, g in agg.groups.items()}
    m = _Sheet(wb, t("batch.sheet.matrix", lang), [6, 30, 24, 18, 18, 6, 24, 14, 8, 8] + [9] * len(ids), "D2")
    cols = ["index", "file", "name", "district", "province", "year", "set", "status", "met", "total"]
    m.row([t(f"batch.col.{c}", lang) for c in cols] + [crit_col(c, lang) for c in ids], bold=True)
    for r in report.rows:
        cells: list[Any] = [None] * len(ids)
        fills: list[str | None] = [None] * len(ids)
        for j, st in zip(order.get(r.set_id, ()), r.statuses):
            cells[j], fills[j] = status_label(st, lang), st
        head = [r.index + 1, r.source, r.name, r.district, r.province, r.year, r.set_id, status_text(r, lang),
                r.passed if r.status else None, r.total if r.status else None]
        m.row(head + cells, fills=[None] * 7 + [r.status or "error"] + [None, None] + fills)

    # Theo tiêu chí
    c = _Sheet(wb, t("batch.sheet.criteria", lang), [24, 9, 50, 9] + [12] * len(STATUS_ORDER) + [9, 40], "A2")
    c.row([t("batch.col.set", lang), t("batch.col.criterion", lang), t("batch.col.title", lang),
           t("batch.col.units", lang, **words(None, lang))] + [status_label(st, lang) for st in STATUS_ORDER]
          + [t("batch.col.percent", lang), t("batch.col.note", lang)], bold=True)
    for g in groups:
        for i, cr in enumerate(g.criteria()):
            counts = g.counts(i)
            p = g.percent(i)
            if g.decidable(i):
                tail = [c.cell(round(p, 1) if p is not None else None, pct=True), None]
            else:  # no share: "—" and why, never a 0 that reads like "nobody meets it"
                tail = ["—", why(counts, lang)]
            c.row([g.set_id, cr[0], crit_title(cr, lang), g.units] + [counts.get(st, 0) for st in STATUS_ORDER]
                  + tail, fills=[None] * 9 + ([None] if g.decidable(i) else ["no_threshold"]))

    # Theo huyện
    if any(has_districts(g) for g in groups):
        d = _Sheet(wb, t("batch.sheet.districts", lang),
                   [24, 18, 22, 9, 12, 12, 12] + [9] * max(len(g.criteria()) for g in groups))
        for g in groups:
            if not has_districts(g):
                continue
            crits = g.criteria()
            d.row([t("batch.col.set", lang), t("batch.col.province", lang), t("batch.col.district", lang),
                   t("batch.col.units", lang, **_w(g, lang)), t("batch.col.average", lang, **_w(g, lang)),
                   t("batch.col.set_passed", lang, **_w(g, lang)),
                   t("batch.col.set_undecided", lang, **_w(g, lang))]
                  + [crit_col(cr[0], lang) + " %" for cr in crits], bold=True)
            for (prov, dist), sub in g.districts():
                d.row([g.set_id, prov or None, dist, sub.units,
                       d.cell(round(sub.average_met, 2) if sub.average_met is not None else None, pct=True),
                       sub.set_passed, sub.set_undecided]
                      + [d.cell(round(sub.percent(i), 1) if sub.percent(i) is not None else None, pct=True)
                         if sub.decidable(i) else "—" for i in range(len(crits))])
            d.row([])

    # Đơn vị trực thuộc (district indicators computed from the communes)
    held = [(g, r) for g in groups for r in group_rows(report, g) if r.held_back]
    if held:
        h = _Sheet(wb, t("batch.sheet.members", lang), [24, 14, 10, 16, 10, 50, 50, 80])
        h.row([t("batch.col.unit", lang), t("batch.col.status", lang), t("batch.col.indicator", lang),
               t("batch.col.status", lang), t("batch.col.value", lang), t("batch.col.held_back", lang),
               t("batch.col.undecided", lang), ""], bold=True)
        for g, r in held:
            for hb in r.held_back:  # the indicator's status as the engine gave it
                val = f"{hb.numerator}/{hb.denominator}" if hb.denominator is not None else None
                h.row([r.name, status_text(r, lang), hb.indicator, status_label(hb.status, lang), val,
                       ", ".join(hb.names), ", ".join(hb.undecided), held_back_text(hb, lang)],
                      fills=[None, r.status, None, hb.status, None, None,
                             "no_threshold" if hb.undecided else None])

    # Lỗi
    e = _Sheet(wb, t("batch.sheet.errors", lang), [24, 40, 30, 10, 100], "A2")
    e.row([t("batch.col.unit", lang), t("batch.col.file", lang), t("batch.col.location", lang),
           t("batch.col.indicator", lang), t("batch.col.message", lang)], bold=True)
    for p in notes(report):  # about the input itself
        e.row([input_name(report), report.input, p.location(), p.indicator, format_problem(p, lang)])
    for r in broken_rows(report):
        for p in r.problems:
            e.row([r.name, r.source, p.location(), p.indicator, format_problem(p, lang)])
    wb.save(out)
