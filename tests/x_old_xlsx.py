"""`--format xlsx` (needs --output): one sheet per view — "Tổng hợp", "Ma trận", "Theo tiêu chí",
"Theo huyện" (when the data names districts), "Đơn vị trực thuộc" (districts computed from
their communes), "Lỗi". Written with openpyxl's streaming (write-only) workbook; text from the
data is always stored as text, never as a formula. It walks the report's outline (outline.py).

Print-ready (issue 13): every sheet prints on A4 landscape, one page wide and as many tall as it
needs, its header row repeated on each page (the matrix also repeats the unit's columns), with
a page header (report title, input, sheet) and footer (print date, page x / y); panes frozen
under the header, an autofilter over the data table, column widths from the longest header or
cell (capped: longer text wraps), headers bold and wrapped, never cut. Numbers stay numbers:
a share that cannot be given is an empty cell (never "—"), explained by a legend line.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from itertools import islice
from typing import IO, TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.xml.functions import XML_NS, Element, SubElement

from ntm_eval.messages import t
from ntm_eval.render.batch.common import words
from ntm_eval.render.batch.outline import Cell as Item
from ntm_eval.render.batch.outline import Outline, outline
from ntm_eval.render.printed import fill_of

if TYPE_CHECKING:
    from ntm_eval.results import BatchReport

FILLS = {"pass": "C6EFCE", "fail": "FFC7CE", "missing": "FFEB9C", "not_applicable": "EDEDED",
         "no_threshold": "E4DFEC", "error": "FF7C80", "warn": "E4DFEC",
         # a verdict given in the data (attested), a conflict: the matrix keeps the status word
         # (it reads back as input), the fill says the basis
         "pass_attested": "E2F0D9", "fail_attested": "FCE4E4", "conflict": "F4B183"}
_BOLD = Font(name="Calibri", bold=True)  # named: a reader without Calibri keeps one family
_TITLE = Font(name="Calibri", bold=True, size=13)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_HEAD = Alignment(wrap_text=True, vertical="center")
_ALIGN_KEYS = {id(_WRAP): "wrap", id(_TOP): "top", id(_HEAD): "head", id(None): None}
_FILL_CACHE: dict[str, PatternFill] = {}
# per workbook: (bold, fill, pct, alignment) → the cell style's indices, made once (openpyxl
# hashes a style object each time one is set: 10,000 rows × 30 styled cells)
_STYLES: weakref.WeakKeyDictionary[Any, dict[tuple, Any]] = weakref.WeakKeyDictionary()

PAPER_A4 = "9"  # Worksheet.PAPERSIZE_A4
MAX_WIDTH = 45  # a column is never wider than this (characters): longer text wraps
HEAD_WRAP = 10  # a header longer than this wraps onto more lines (never inside a word)
SAMPLE = 500  # rows looked at for the column widths (a province's matrix is not read twice whole)
LINE_HEIGHT = 15.0  # points per line of text (Calibri 11)
HF_DATA = 60  # characters of data text in a page header (Excel allows 255 in all)


def _fill(name: str) -> PatternFill:
    f = _FILL_CACHE.get(name)
    if f is None:
        f = _FILL_CACHE[name] = PatternFill("solid", fgColor=FILLS.get(name, name))
    return f


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible_controls(s: str) -> str:
    """Control characters (not allowed in XLSX cells) written as visible escapes: "\x01"."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", s) if _CONTROL.search(s) else s


def header_text(s: str, limit: int = HF_DATA) -> str:
    """Data text for a page header or footer: on one line, control characters visible, at most
    `limit` characters (a longer text keeps its start and its end: "Dữ liệu: /h…/tam-duong"),
    every "&" doubled ("&&": Excel's escape; a lone "&" starts a code)."""
    s = " ".join(visible_controls(s).split())
    if len(s) > limit:
        head = limit // 3
        s = s[:head] + "…" + s[len(s) - (limit - head - 1):]
    return s.replace("&", "&&")


def _text_len(v: Any) -> int:
    """Characters a cell shows (its longest line)."""
    if isinstance(v, Cell):
        v = v.value
    if v is None:
        return 0
    if isinstance(v, bool):
        return 5
    if isinstance(v, float):
        return len(f"{v:.1f}")
    if isinstance(v, int):
        return len(str(v))
    return max((len(line) for line in visible_controls(str(v)).split("\n")), default=0)


def _lines(text: str, width: float, bold: bool = False) -> int:
    """Lines `text` takes once wrapped at word boundaries in a column `width` wide (generous:
    a reader may show a wider font than Calibri; bold is wider still)."""
    room = max(1, int((width - 1.2) / (1.2 if bold else 1.05)))
    n = 0
    for para in (text or "").split("\n"):
        n += 1
        used = 0
        for word in para.split():
            if used and used + 1 + len(word) > room:
                n += 1
                used = 0
            used += (1 if used else 0) + len(word)
            while used > room:  # a word longer than the column (data only: headers never are)
                n += 1
                used -= room
    return max(1, n)


def fit(headers: Sequence[str], rows: Iterable[Sequence[Any]], caps: Sequence[int | None] = ()
        ) -> tuple[list[float], list[bool]]:
    """Column widths from the longest header word / header / cell (capped), and which columns
    wrap their cells (some text is longer than the cap)."""
    longest = [0] * len(headers)
    for row in rows:
        for i, v in enumerate(row[:len(headers)]):
            n = _text_len(v)
            if n > longest[i]:
                longest[i] = n
    widths, wraps = [], []
    for i, h in enumerate(headers):
        cap = (caps[i] if i < len(caps) else None) or MAX_WIDTH
        word = max((len(w) for w in str(h).split()), default=0)
        want = max(3, word, min(len(str(h)), HEAD_WRAP), min(longest[i], cap))
        widths.append(round(want * 1.1 + 1.2, 1))
        wraps.append(longest[i] > cap)
    return widths, wraps


def page(ws: Any, lang: str, title: str, note: str = "", title_rows: str | None = "1:1",
         title_cols: str | None = None) -> None:
    """A4 landscape, one page wide, header row(s) on every page, page header and footer."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.print_options.gridLines = True
    m = ws.page_margins
    m.left = m.right = 0.4
    m.top = m.bottom = 0.7
    m.header = m.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    if note:
        ws.oddHeader.left.text = header_text(note)
    ws.oddHeader.center.text = header_text(title, 120)
    ws.oddHeader.right.text = "&A"  # the sheet's name
    ws.oddFooter.left.text = t("xlsx.print.date", lang)
    ws.oddFooter.right.text = t("xlsx.print.page", lang)


class _Sheet:
    """A write-only sheet laid out for print. Layout (widths, panes, print setup) comes before
    the first row; `head` writes a table's header row, `filter` puts the autofilter over the
    table once its rows are written."""

    def __init__(self, wb: Workbook, title: str, widths: Sequence[float] = (), freeze: str | None = None, *,
                 lang: str = "vi", heading: str = "", note: str = "", title_cols: str | None = None,
                 title_rows: str | None = "1:1", wrap: Sequence[bool] = ()) -> None:
        # a write-only sheet takes its layout before the first row
        self.ws = wb.create_sheet(title=title[:31])
        self.widths = list(widths)
        self.wrap = list(wrap)
        for i, wdt in enumerate(widths):
            self.ws.column_dimensions[get_column_letter(i + 1)].width = wdt
        if freeze:
            self.ws.freeze_panes = freeze
        page(self.ws, lang, heading or title, note, title_rows, title_cols)
        self.n = 0  # rows written
        self._table: tuple[int, int] | None = None  # (header row, columns)
        self._styles = _STYLES.setdefault(wb, {})

    def cell(self, v: Any, bold: bool = False, fill: str | None = None, pct: bool = False,
             wrap: bool = False, align: Alignment | None = None) -> Cell:
        c = WriteOnlyCell(self.ws)
        kind = type(v)
        if kind is str:  # set as openpyxl's value setter would, without its type inference
            c._value = visible_controls(v)[:32767]  # XML cannot hold them: shown as "\x01", never a crash
            c.data_type = "s"  # text, never a formula, whatever it starts with ("=…")
        elif kind is int or kind is float:
            c._value = v
            c.data_type = "n"
        elif v is not None:
            c.value = v
        align = _WRAP if wrap else align
        if bold or fill or pct or align is not None:
            key = (bold, fill, pct, _ALIGN_KEYS.get(id(align), align))  # hashing an Alignment costs
            style = self._styles.get(key)
            if style is not None:
                c._style = copy(style)
                return c
            if bold:
                c.font = _BOLD
            if fill:
                c.fill = _fill(fill)
            if pct:
                c.number_format = "0.0"
            if align is not None:
                c.alignment = align
            self._styles[key] = copy(c._style)
        return c

    def row(self, values: list[Any], bold: bool = False, fills: list[str | None] | None = None) -> None:
        lines = 1
        wraps = [False] * len(values)
        for i, v in enumerate(values):
            if isinstance(v, str) and i < len(self.wrap) and self.wrap[i]:
                wraps[i] = True  # as tall as its longest wrapped cell (readers do not all size rows)
                lines = max(lines, _lines(visible_controls(v), self.widths[i] if i < len(self.widths) else MAX_WIDTH))
        top = _TOP if lines > 1 else None  # a tall row reads from the top
        cells = []
        for i, v in enumerate(values):
            if isinstance(v, Cell):
                if top is not None:
                    v.alignment = top
                cells.append(v)
                continue
            cells.append(self.cell(v, bold=bold, fill=fills[i] if fills and i < len(fills) else None, wrap=wraps[i],
                                   align=top))
        self._append(cells, LINE_HEIGHT * lines + 2 if lines > 1 else None)

    def head(self, values: list[str], fills: list[str | None] | None = None) -> None:
        """A table's header row: bold, wrapped, tall enough for its longest header; the
        autofilter will start here."""
        cells = []
        for i, v in enumerate(values):
            c = self.cell(v, bold=True, fill=fills[i] if fills and i < len(fills) else None, align=_HEAD)
            cells.append(c)
        lines = max((_lines(str(v), self.widths[i], bold=True) for i, v in enumerate(values)
                     if i < len(self.widths)), default=1)
        self._append(cells, LINE_HEIGHT * lines + 4)
        if self._table is None:
            self._table = (self.n, len(values))

    def line(self, text: str, span: int, bold: bool = False, fill: str | None = None, font: Font | None = None,
             lead: str | None = None) -> None:
        """A sentence across the first `span` columns (merged, wrapped, as tall as it needs);
        `lead` alone in the first column, the sentence merged over the others."""
        first = 1 if lead is None else 2
        width = sum(self.widths[first - 1:span]) or MAX_WIDTH
        c = self.cell(text, bold=bold, fill=fill, align=_WRAP)
        if font is not None:
            c.font = font
        lines = _lines(visible_controls(text), width * 0.95, bold=bold)
        height = LINE_HEIGHT * lines * (1.2 if font is not None else 1) + 2 if lines > 1 or font is not None else None
        self._append(([self.cell(lead, bold=True)] if lead is not None else []) + [c], height)
        if span > first:
            self.ws.merged_cells.add(f"{get_column_letter(first)}{self.n}:{get_column_letter(span)}{self.n}")

    def _append(self, cells: list[Any], height: float | None = None) -> None:
        """Write a row (`height` in points: its size; else the reader's default). The row is
        written at once: its size is not kept (10,000 tall rows, no 10,000 kept sizes)."""
        if height is not None:
            self.ws.row_dimensions[self.n + 1].height = height
        if self.n == 0:
            _fast_rows(self.ws)
        self.ws.append(cells)
        self.n += 1
        if height is not None:
            self.ws.row_dimensions.pop(self.n, None)

    def filter(self) -> None:
        """The autofilter over the table: its header row to the last row written so far."""
        if self._table is None:
            return
        start, cols = self._table
        self.ws.auto_filter.ref = f"A{start}:{get_column_letter(max(cols, 1))}{max(self.n, start)}"


# --- writing rows -----------------------------------------------------------------------------
# openpyxl's write-only sheet binds every appended value again (a cell given as a cell raises
# and is caught, once per cell) and writes each cell through nested XML contexts. Our rows are
# cells already made (`_Sheet.cell`): they are placed as they are, and a row of text, numbers
# and booleans is written as one element, the same XML openpyxl writes cell by cell.

def _fast_rows(ws: Any) -> None:
    """Before a write-only sheet's first row: its rows placed and written as below."""
    ws._get_writer()
    plain_values = ws._values_to_row
    writer = ws._writer
    plain_write = writer.write_row

    def to_row(values: Sequence[Any], row_idx: int) -> Iterable[Any]:
        if not all(isinstance(v, Cell) for v in values):
            return plain_values(values, row_idx)
        for col, cell in enumerate(values, 1):
            cell.column = col
            cell.row = row_idx
        return values

    def write_row(xf: Any, row: Any, row_idx: int) -> None:
        if not isinstance(row, list) or any(c.data_type not in _PLAIN or c.hyperlink is not None
                                            or (c._value is not None and type(c._value) not in _SIMPLE)
                                            for c in row):
            plain_write(xf, row, row_idx)
            return
        attrs = {"r": f"{row_idx}"}
        attrs.update(ws.row_dimensions.get(row_idx, {}))
        el = Element("row", attrs)
        for c in row:
            if c._comment is not None:
                ws._comments.append(CommentRecord.from_cell(c))
            styled = c.has_style
            value = c._value
            if value is None and not styled and not c._comment:
                continue
            cell_attrs = {"r": c.coordinate}
            if styled:
                cell_attrs["s"] = f"{c.style_id}"
            kind = c.data_type
            cell_attrs["t"] = "inlineStr" if kind == "s" else kind
            x = SubElement(el, "c", cell_attrs)
            if value is None or value == "":
                continue
            if kind == "s":
                t_attrs = {f"{{{XML_NS}}}space": "preserve"} if value != value.strip() else {}
                SubElement(SubElement(x, "is"), "t", t_attrs).text = value
            else:
                SubElement(x, "v").text = safe_string(value)
        if len(el):
            xf.write(el)
        else:
            with xf.element("row", attrs):
                pass

    ws._values_to_row = to_row
    writer.write_row = write_row


_PLAIN = frozenset({"s", "n", "b"})
_SIMPLE = frozenset({str, int, float, bool})


def _sample(rows: Iterable[Any], n: int = SAMPLE) -> list[Any]:
    it = iter(rows)
    try:
        return list(islice(it, n))
    finally:
        close = getattr(it, "close", None)
        if close is not None:
            close()  # the row store's pass ends here


def _value(c: Item) -> Any:
    """What a workbook cell stores for an outline cell: its number, else its text (blank: empty)."""
    return c.value if c.value is not None else (c.text or None)


def render(report: BatchReport, out: IO[bytes], lang: str = "vi") -> None:
    o = outline(report, lang)
    wb = Workbook(write_only=True)
    _summary(wb, o, lang)
    _matrix(wb, o, lang)
    _criteria(wb, o, lang)
    _districts(wb, o, lang)
    _members(wb, o, lang)
    _errors(wb, o, lang)
    wb.save(out)


# --- Tổng hợp ----------------------------------------------------------------------------

_SUMMARY_COLS = ("batch.col.set", "batch.xlsx.col.level", "batch.xlsx.col.set_title", "batch.xlsx.col.units",
                 "batch.xlsx.col.criteria", "batch.xlsx.col.average", "batch.xlsx.col.min", "batch.xlsx.col.max",
                 "batch.xlsx.col.passed", "batch.xlsx.col.failed", "batch.xlsx.col.undecided",
                 "batch.xlsx.col.percent", "batch.xlsx.col.known", "batch.xlsx.col.declared")


def _summary_rows(o: Outline) -> list[list[Any]]:
    rows = []
    for sec in o.sets:
        s = sec.summary
        if s is None:
            continue
        rows.append([sec.set_id, s.level, s.title, sec.units, sec.total_criteria,
                     round(s.average, 2) if s.average is not None else None, s.min_met, s.max_met,
                     s.passed, s.failed, s.undecided, round(s.percent, 1) if s.percent is not None else None,
                     int(s.known) if s.known.isdigit() else (s.known or None), s.declared])
    return rows


def _summary(wb: Workbook, o: Outline, lang: str) -> None:
    head = [t(k, lang) for k in _SUMMARY_COLS]
    rows = _summary_rows(o)
    widths, _ = fit(head, rows, [None, 12, 40])
    span = len(head)
    s = _Sheet(wb, t("batch.sheet.summary", lang), widths, "A2", lang=lang, heading=o.title, note=o.input_line,
               wrap=[False, False, True])
    s.line(o.title, span, font=_TITLE)
    s.line(o.input_line, span)
    s.line(o.totals, span)
    for line in o.coverage:  # before anything reads like a verdict
        s.line(line, span, bold=True, fill="warn")
    s.row([])
    s.line(t("batch.xlsx.summary_table", lang), span, bold=True)
    s.head(head)
    for r in rows:  # numbers as numbers; an empty cell where there is no figure
        pct_at, avg_at = 11, 5
        r[avg_at] = s.cell(r[avg_at], pct=True)
        r[pct_at] = s.cell(r[pct_at], pct=True, fill="no_threshold" if r[pct_at] is None else None)
        s.row(r)
    s.filter()
    s.row([])
    s.line(o.legend.text, span)
    if o.legend.basis:
        s.line(t("batch.xlsx_fills", lang), span)
    s.line(t("batch.xlsx.empty_cells", lang), span)
    for sec in o.sets:
        s.row([])
        s.line(sec.heading, span, bold=True)
        if sec.demo:
            s.line(sec.demo, span, bold=True)
        for line in sec.headline:
            s.line(line.text, span)
        if sec.meeting.names:
            s.line(", ".join(sec.meeting.names), span, lead=sec.meeting.label)
        elif sec.meeting.line:
            s.line(sec.meeting.line, span)
        for line in sec.criterion_lines:
            s.line(line.text, span)


# --- Ma trận -----------------------------------------------------------------------------

def _matrix(wb: Workbook, o: Outline, lang: str) -> None:
    tb = o.all_units
    head = [col.text for col in tb.columns]
    caps = [9 if col.key == "crit" else 40 if col.key == "file" else 30 if col.key == "merged" else None
            for col in tb.columns]
    widths, wrap = fit(head, ([_value(c) for c in row] for row in _sample(tb.rows)), caps)
    name = tb.index("name") + 1 or 3
    m = _Sheet(wb, tb.title, widths, f"{get_column_letter(name + 1)}2", lang=lang, heading=o.title,
               note=o.input_line, title_cols=f"A:{get_column_letter(name)}", wrap=wrap)
    m.head(head)
    pred = tb.index("merged")  # the predecessors' codes (they read back); names and codes in a comment
    for row in tb.rows:
        values = [_value(c) for c in row]
        if pred >= 0 and row[pred].label:
            values[pred] = m.cell(values[pred])
            values[pred].comment = Comment(row[pred].label, "ntm-eval", width=320, height=90)
        m.row(values, fills=[_fill_key(c) for c in row])
    m.filter()


def _fill_key(c: Item) -> str | None:
    return fill_of(c.status, c.basis, c.conflict)


# --- Theo tiêu chí -----------------------------------------------------------------------

def _criteria(wb: Workbook, o: Outline, lang: str) -> None:
    statuses = o.legend.statuses
    head = ([t("batch.col.set", lang), t("batch.col.criterion", lang), t("batch.col.title", lang),
             t("batch.col.units", lang, **words(None, lang))]
            + [label for _, label in statuses] + [t("batch.col.percent", lang), t("batch.col.note", lang),
                                                  t("batch.col.agency", lang)])
    rows = []
    for sec in o.sets:
        for f in sec.criteria:
            # no share: an empty cell and why ("chưa có ngưỡng"), never a 0 that reads like
            # "nobody meets it", nor a "—" in a number column
            pct = round(f.percent, 1) if f.decidable and f.percent is not None else None
            rows.append((f, [sec.set_id, f.code, f.title, f.units] + [f.counts.get(st, 0) for st, _ in statuses]
                         + [pct, None if f.decidable else f.why, f.agency or None]))
    widths, wrap = fit(head, (r for _, r in rows), [None, None, 40] + [None] * (len(statuses) + 2) + [40])
    c = _Sheet(wb, t("batch.sheet.criteria", lang), widths, "D2", lang=lang, heading=o.title, note=o.input_line,
               wrap=wrap)
    c.head(head)
    at = 4 + len(statuses)
    undecided = False
    for f, r in rows:
        open_ = not f.decidable
        undecided |= open_
        r[at] = c.cell(r[at], pct=True, fill="no_threshold" if open_ else None)
        # last, the criterion's guiding / responsible agency (empty where the set names none)
        c.row(r, fills=[None] * (at + 1) + (["no_threshold"] if open_ else []))
    c.filter()
    if undecided:
        c.row([])
        c.line(t("batch.xlsx.empty_cells", lang), len(head))


# --- Theo huyện --------------------------------------------------------------------------

def _districts(wb: Workbook, o: Outline, lang: str) -> None:
    """One table over the sets (a column per criterion id of any set, as on the matrix), so
    that it filters and sorts as one."""
    secs = [sec for sec in o.sets if sec.by_district is not None]
    if not secs:
        return
    levels = {sec.summary.level if sec.summary else None for sec in secs}
    first = secs[0].by_district.columns  # district, province, units, average, meeting, undecided, criteria
    if len(levels) == 1:
        mid = [col.text for col in first[2:6]]
    else:  # sets of different levels: "đơn vị"
        w = words(None, lang)
        mid = [t(k, lang, **w) for k in ("batch.col.units", "batch.col.average", "batch.col.set_passed",
                                         "batch.col.set_undecided")]
    codes: list[str] = []
    texts: dict[str, str] = {}
    for sec in secs:
        for col in sec.by_district.columns[6:]:
            if col.code not in texts:
                codes.append(col.code or "")
                texts[col.code or ""] = col.text
    pos = {code: i for i, code in enumerate(codes)}
    head = [t("batch.col.set", lang), first[1].text, first[0].text] + mid + [texts[k] + " %" for k in codes]
    rows: list[list[Any]] = []
    for sec in secs:
        tb = sec.by_district
        for row in tb.rows:
            name, prov, units, average, passed, undecided = row[:6]
            crit: list[Any] = [None] * len(codes)
            for col, x in zip(tb.columns[6:], row[6:]):
                crit[pos[col.code or ""]] = x
            rows.append([sec.set_id, prov.text or None, name.text, units.value,
                         round(average.value, 2) if average.value is not None else None,
                         passed.value, undecided.value] + crit)
    widths, wrap = fit(head, ([v.value if isinstance(v, Item) else v for v in r] for r in rows))
    d = _Sheet(wb, t("batch.sheet.districts", lang), widths, "D2", lang=lang, heading=o.title, note=o.input_line,
               wrap=wrap)
    d.head(head)
    open_any = False
    for r in rows:
        r[4] = d.cell(r[4], pct=True)
        for j in range(7, len(r)):
            x = r[j]
            if isinstance(x, Item):  # a criterion of the row's set: its share, empty while undecided
                open_ = x.value is None
                open_any |= open_
                r[j] = d.cell(round(x.value, 1) if x.value is not None else None, pct=True,
                              fill="no_threshold" if open_ else None)
        d.row(r)
    d.filter()
    if open_any:
        d.row([])
        d.line(t("batch.xlsx.empty_cells", lang), len(head))


# --- Đơn vị trực thuộc -------------------------------------------------------------------

def _members(wb: Workbook, o: Outline, lang: str) -> None:
    held = [u for sec in o.sets for u in sec.held_back]
    if not held:
        return
    head = [t("batch.col.unit", lang), t("batch.col.status", lang), t("batch.col.indicator", lang),
            t("batch.col.status", lang), t("batch.col.value", lang), t("batch.col.held_back", lang),
            t("batch.col.undecided", lang), t("batch.xlsx.col.sentence", lang)]
    rows = [(u, hb, [u.name, u.status_text, hb.indicator, hb.status_text, hb.value, hb.names, hb.undecided, hb.text])
            for u in held for hb in u.items]
    widths, wrap = fit(head, (r for _, _, r in rows), [None] * 5 + [30, 30, 60])
    h = _Sheet(wb, t("batch.sheet.members", lang), widths, "B2", lang=lang, heading=o.title, note=o.input_line,
               wrap=wrap)
    h.head(head)
    for u, hb, r in rows:  # the indicator's status as the engine gave it
        h.row([v or None for v in r],
              fills=[None, u.status, None, hb.status, None, None, "no_threshold" if hb.undecided else None])
    h.filter()


# --- Lỗi ---------------------------------------------------------------------------------

def _errors(wb: Workbook, o: Outline, lang: str) -> None:
    head = [t("batch.col.unit", lang), t("batch.col.file", lang), t("batch.col.location", lang),
            t("batch.col.indicator", lang), t("batch.col.message", lang)]
    def rows() -> Iterator[list[Any]]:  # made on each pass: a province's warnings are not kept twice
        for p in o.notes:  # about the input itself
            yield [o.input_name, o.input, p.location, p.indicator, p.text]
        for b in o.broken():
            for p in b.problems:
                yield [b.name, b.source, p.location, p.indicator, p.text]

    widths, wrap = fit(head, _sample(rows()), [30, 40, 40, None, 70])
    e = _Sheet(wb, t("batch.sheet.errors", lang), widths, "A2", lang=lang, heading=o.title, note=o.input_line,
               wrap=wrap)
    e.head(head)
    written = 0
    for r in rows():
        e.row(r)
        written += 1
    e.filter()
    if not written and o.no_errors:  # said, not left to an empty table
        e.line(o.no_errors, len(head))


