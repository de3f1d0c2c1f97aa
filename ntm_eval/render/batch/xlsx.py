"""`--format xlsx` (needs --output): one sheet per view — "Tổng hợp", "Ma trận", "Theo tiêu chí",
"Theo huyện" (when the data names districts), "Đơn vị trực thuộc" (districts computed from
their communes), "Lỗi". Written with openpyxl's streaming (write-only) workbook; text from the
data is always stored as text, never as a formula. It walks the report's outline (outline.py)."""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ntm_eval.messages import t
from ntm_eval.render.batch.common import words
from ntm_eval.render.batch.outline import Cell as Item
from ntm_eval.render.batch.outline import Outline, outline

if TYPE_CHECKING:
    from ntm_eval.results import BatchReport

FILLS = {"pass": "C6EFCE", "fail": "FFC7CE", "missing": "FFEB9C", "not_applicable": "EDEDED",
         "no_threshold": "E4DFEC", "error": "FF7C80", "warn": "E4DFEC",
         # a verdict given in the data (attested), a conflict: the matrix keeps the status word
         # (it reads back as input), the fill says the basis
         "pass_attested": "E2F0D9", "fail_attested": "FCE4E4", "conflict": "F4B183"}
_BOLD = Font(bold=True)
_FILL_CACHE: dict[str, PatternFill] = {}


def _fill(name: str) -> PatternFill:
    f = _FILL_CACHE.get(name)
    if f is None:
        f = _FILL_CACHE[name] = PatternFill("solid", fgColor=FILLS.get(name, name))
    return f


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible_controls(s: str) -> str:
    """Control characters (not allowed in XLSX cells) written as visible escapes: "\x01"."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", s) if _CONTROL.search(s) else s


class _Sheet:
    def __init__(self, wb: Workbook, title: str, widths: list[int] | tuple[int, ...] = (),
                 freeze: str | None = None) -> None:
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


def _value(c: Item) -> Any:
    """What a workbook cell stores for an outline cell: its number, else its text (blank: empty)."""
    return c.value if c.value is not None else (c.text or None)


def render(report: BatchReport, out: IO[bytes], lang: str = "vi") -> None:
    o = outline(report, lang)
    wb = Workbook(write_only=True)
    _summary(wb, o, lang)
    _matrix(wb, o)
    _criteria(wb, o, lang)
    _districts(wb, o, lang)
    _members(wb, o, lang)
    _errors(wb, o, lang)
    wb.save(out)


def _summary(wb: Workbook, o: Outline, lang: str) -> None:
    s = _Sheet(wb, t("batch.sheet.summary", lang), [100, 60])
    s.row([o.title], bold=True)
    s.row([o.input_line])
    s.row([o.totals])
    for line in o.coverage:  # before anything reads like a verdict
        s.row([line], bold=True, fills=["warn"])
    for sec in o.sets:
        s.row([])
        s.row([sec.heading], bold=True)
        if sec.demo:
            s.row([sec.demo], bold=True)
        for line in sec.headline:
            s.row([line.text])
        if sec.meeting.names:
            s.row([sec.meeting.label, ", ".join(sec.meeting.names)])
        elif sec.meeting.line:
            s.row([sec.meeting.line])
        for line in sec.criterion_lines:
            s.row([line.text])
    s.row([])
    s.row([o.legend.text])
    if o.legend.basis:
        s.row([t("batch.xlsx_fills", lang)])


def _matrix(wb: Workbook, o: Outline) -> None:
    tb = o.all_units
    n_crit = sum(col.key == "crit" for col in tb.columns)
    m = _Sheet(wb, tb.title, [6, 30, 24, 18, 18, 6, 24, 14, 8, 8] + [9] * n_crit, "D2")
    m.row([col.text for col in tb.columns], bold=True)
    for row in tb.rows:
        m.row([_value(c) for c in row], fills=[_fill_key(c) for c in row])


def _fill_key(c: Item) -> str | None:
    if c.conflict and c.status == "fail":
        return "conflict"
    if c.basis == "attested" and c.status in ("pass", "fail"):
        return f"{c.status}_attested"
    return c.status


def _criteria(wb: Workbook, o: Outline, lang: str) -> None:
    statuses = o.legend.statuses
    c = _Sheet(wb, t("batch.sheet.criteria", lang), [24, 9, 50, 9] + [12] * len(statuses) + [9, 40, 50], "A2")
    c.row([t("batch.col.set", lang), t("batch.col.criterion", lang), t("batch.col.title", lang),
           t("batch.col.units", lang, **words(None, lang))]
          + [label for _, label in statuses] + [t("batch.col.percent", lang), t("batch.col.note", lang),
                                                t("batch.col.agency", lang)], bold=True)
    for sec in o.sets:
        for f in sec.criteria:
            if f.decidable:
                tail = [c.cell(round(f.percent, 1) if f.percent is not None else None, pct=True), None]
            else:  # no share: "—" and why, never a 0 that reads like "nobody meets it"
                tail = ["—", f.why]
            # last, the criterion's guiding / responsible agency (empty where the set names none)
            c.row([sec.set_id, f.code, f.title, f.units] + [f.counts.get(st, 0) for st, _ in statuses] + tail
                  + [f.agency or None],
                  fills=[None] * 9 + ([None] if f.decidable else ["no_threshold"]))


def _districts(wb: Workbook, o: Outline, lang: str) -> None:
    secs = [sec for sec in o.sets if sec.by_district is not None]
    if not secs:
        return
    d = _Sheet(wb, t("batch.sheet.districts", lang),
               [24, 18, 22, 9, 12, 12, 12] + [9] * max(len(sec.criteria) for sec in o.sets))
    for sec in secs:
        tb = sec.by_district
        cols = tb.columns  # district, province, units, average, meeting, undecided, criteria
        d.row([t("batch.col.set", lang), cols[1].text, cols[0].text] + [col.text for col in cols[2:6]]
              + [col.text + " %" for col in cols[6:]], bold=True)
        for row in tb.rows:
            name, prov, units, average, passed, undecided = row[:6]
            d.row([sec.set_id, prov.text or None, name.text, units.value,
                   d.cell(round(average.value, 2) if average.value is not None else None, pct=True),
                   passed.value, undecided.value]
                  + [d.cell(round(x.value, 1), pct=True) if x.value is not None else "—" for x in row[6:]])
        d.row([])


def _members(wb: Workbook, o: Outline, lang: str) -> None:
    held = [u for sec in o.sets for u in sec.held_back]
    if not held:
        return
    h = _Sheet(wb, t("batch.sheet.members", lang), [24, 14, 10, 16, 10, 50, 50, 80])
    h.row([t("batch.col.unit", lang), t("batch.col.status", lang), t("batch.col.indicator", lang),
           t("batch.col.status", lang), t("batch.col.value", lang), t("batch.col.held_back", lang),
           t("batch.col.undecided", lang), ""], bold=True)
    for u in held:
        for hb in u.items:  # the indicator's status as the engine gave it
            h.row([u.name, u.status_text, hb.indicator, hb.status_text, hb.value, hb.names, hb.undecided, hb.text],
                  fills=[None, u.status, None, hb.status, None, None, "no_threshold" if hb.undecided else None])


def _errors(wb: Workbook, o: Outline, lang: str) -> None:
    e = _Sheet(wb, t("batch.sheet.errors", lang), [24, 40, 30, 10, 100], "A2")
    e.row([t("batch.col.unit", lang), t("batch.col.file", lang), t("batch.col.location", lang),
           t("batch.col.indicator", lang), t("batch.col.message", lang)], bold=True)
    for p in o.notes:  # about the input itself
        e.row([o.input_name, o.input, p.location, p.indicator, p.text])
    for b in o.broken():
        for p in b.problems:
            e.row([b.name, b.source, p.location, p.indicator, p.text])
