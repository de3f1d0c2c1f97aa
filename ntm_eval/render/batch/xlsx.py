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
import sys
import weakref
from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from itertools import islice
from typing import IO, TYPE_CHECKING, Any


def _openpyxl_without_numpy() -> None:
    """Import openpyxl with numpy hidden, when neither is loaded yet: openpyxl imports numpy only
    to count numpy's number types as numbers (a report's cells hold Python numbers), which costs
    ~12 MiB and ~0.2 s of every `--format xlsx` run. numpy stays importable afterwards."""
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        if "numpy" in sys.modules and sys.modules["numpy"] is None:
            del sys.modules["numpy"]


_openpyxl_without_numpy()

from openpyxl import LXML, Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter, create_temporary_file
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import fromstring, xmlfile

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
_FILL_CACHE: dict[str, PatternFill] = {}
# per workbook: (bold, fill, pct, alignment, font) → [the cell style's indices, its index in the
# workbook], made once (openpyxl hashes a style object each time one is set: 10,000 rows × 30 cells)
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


# and what XML cannot hold at all: a lone surrogate (a file name's undecodable byte, "\udcff"), U+FFFE/F
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _shown(m: re.Match[str]) -> str:
    n = ord(m.group())
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def visible_controls(s: str) -> str:
    """Control characters (not allowed in XLSX cells) written as visible escapes: "\x01"; a
    character XML cannot hold ("\udcff": a file name's undecodable byte) likewise."""
    return _CONTROL.sub(_shown, s) if _CONTROL.search(s) else s


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
    if isinstance(v, Styled):
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


class Styled:
    """A cell given with its style (and maybe a comment): what `_Sheet.cell` makes. A row mixes
    these with plain values; nothing is made per cell for the plain ones."""

    __slots__ = ("value", "key", "comment")

    def __init__(self, value: Any, key: tuple, comment: Comment | None = None) -> None:
        self.value = value
        self.key = key  # (bold, fill, pct, alignment name, font name)
        self.comment = comment


_PLAIN_KEY = (False, None, False, None, None)  # no style
_ALIGNS = {"wrap": _WRAP, "top": _TOP, "head": _HEAD}
_FONTS = {"title": _TITLE}
_CACHE_MAX = 4096  # cell texts kept written (statuses, marks, numbers repeat over a province)


def _value_of(v: Any) -> Any:
    """The value a cell stores: text with its control characters visible (XML cannot hold them,
    never a crash), at most Excel's 32,767 characters."""
    if isinstance(v, str):
        return visible_controls(v)[:32767]
    return v


class _Sheet:
    """A write-only sheet laid out for print. Layout (widths, panes, print setup) comes before
    the first row; `head` writes a table's header row, `filter` puts the autofilter over the
    table once its rows are written.

    Rows are written as XML text (`_RowWriter`): one string per row, each cell's style index
    made once per (bold, fill, pct, alignment, font), a repeated cell's XML kept; the workbook's
    parts are openpyxl's (the same XML it writes cell by cell)."""

    def __init__(self, wb: Workbook, title: str, widths: Sequence[float] = (), freeze: str | None = None, *,
                 lang: str = "vi", heading: str = "", note: str = "", title_cols: str | None = None,
                 title_rows: str | None = "1:1", wrap: Sequence[bool] = ()) -> None:
        # a write-only sheet takes its layout before the first row
        self.ws = wb.create_sheet(title=title[:31])
        self.widths = list(widths)
        self.wrap = list(wrap)
        # the wrapped columns: (index, width, lines of a text in it, as found)
        self._wrap_cols: list[tuple[int, float, dict[str, int]]] = [
            (i, self.widths[i] if i < len(self.widths) else MAX_WIDTH, {}) for i, w in enumerate(self.wrap) if w]
        for i, wdt in enumerate(widths):
            self.ws.column_dimensions[get_column_letter(i + 1)].width = wdt
        if freeze:
            self.ws.freeze_panes = freeze
        page(self.ws, lang, heading or title, note, title_rows, title_cols)
        self.n = 0  # rows written
        self._table: tuple[int, int] | None = None  # (header row, columns)
        self._styles = _STYLES.setdefault(wb, {})
        self._out: _RowWriter | None = None

    def style(self, key: tuple) -> list[Any]:
        """[style array, index in the workbook (at the first cell written with it)] of a key; its
        font, fill, number format and alignment registered with the workbook in the order
        openpyxl's own cells would register them."""
        st = self._styles.get(key)
        if st is None:
            bold, fill, pct, align, font = key
            c = WriteOnlyCell(self.ws)
            if bold:
                c.font = _BOLD
            if fill:
                c.fill = _fill(fill)
            if pct:
                c.number_format = "0.0"
            if align is not None:
                c.alignment = _ALIGNS[align]
            if font is not None:
                c.font = _FONTS[font]
            st = self._styles[key] = [c._style, None]
        return st

    def cell(self, v: Any, bold: bool = False, fill: str | None = None, pct: bool = False,
             wrap: bool = False, align: str | None = None, font: str | None = None) -> Any:
        """A cell's value with its style: a plain value when it has none."""
        align = "wrap" if wrap else align
        v = _value_of(v)
        if not (bold or fill or pct or align is not None or font is not None):
            return v
        key = (bold, fill, pct, align, font)
        self.style(key)
        return Styled(v, key)

    def row(self, values: list[Any], bold: bool = False, fills: list[str | None] | None = None) -> None:
        lines = 1
        wrapped = None
        nv = len(values)
        for i, width, known in self._wrap_cols:
            if i < nv:
                v = values[i]
                if isinstance(v, str):  # as tall as its longest wrapped cell (readers do not all size rows)
                    if wrapped is None:
                        wrapped = set()
                    wrapped.add(i)
                    n = known.get(v)
                    if n is None:
                        if len(known) >= _CACHE_MAX:
                            known.clear()
                        n = known[v] = _lines(visible_controls(v), width)
                    if n > lines:
                        lines = n
        top = "top" if lines > 1 else None  # a tall row reads from the top
        out = self._out
        if out is None:
            out = self._out = _RowWriter(self)
        self.n += 1
        n = self.n
        nf = len(fills) if fills else 0
        # the cells' XML made here, not through a cell each: `cell` (then `_RowWriter.write`)
        # for every value, in the same order (the workbook's styles are numbered as they come)
        done = out.cells
        letters = out.letters
        parts: list[str] = []
        notes = None
        for i, v in enumerate(values):
            if type(v) is Styled:
                if top is not None:
                    key = v.key[:3] + (top,) + v.key[4:]
                    self.style(key)
                    v = Styled(v.value, key, v.comment)
                if v.comment is not None:
                    if notes is None:
                        notes = []
                    notes.append((i, v.comment))
                value = raw = v.value
                key = v.key
            else:
                fill = fills[i] if i < nf else None  # type: ignore[index]
                align = "wrap" if wrapped is not None and i in wrapped else top
                if not (bold or fill or align is not None):
                    if v is None:
                        continue
                    key = None
                else:
                    key = (bold, fill, False, align, None)
                    if key not in self._styles:
                        self.style(key)
                value = v
                tail = done.get((key, type(v), v)) if v or type(v) is not float else None  # -0.0 is "-0"
                if tail is not None:
                    parts.append(f'<c r="{letters[i] if i < len(letters) else get_column_letter(i + 1)}{n}"{tail}')
                    continue
                value, raw = _value_of(v), v
            try:
                tail = out.tail(value, key, raw)
            except TypeError:  # a value of another kind (a date…): the row written by openpyxl
                self._plain_row(n, values, bold, fills, wrapped, top, lines)
                return
            ref = f"{letters[i] if i < len(letters) else get_column_letter(i + 1)}{n}"
            if tail is not None:
                parts.append(f'<c r="{ref}"{tail}')
            elif type(v) is Styled and v.comment is not None:  # an empty cell that keeps its comment
                parts.append(f'<c r="{ref}" t="n"/>')
        if notes:
            out.notes(n, notes)
        out.emit(n, parts, LINE_HEIGHT * lines + 2 if lines > 1 else None)

    def _plain_row(self, n: int, values: list[Any], bold: bool, fills: list[str | None] | None,
                   wrapped: set[int] | None, top: str | None, lines: int) -> None:
        cells: list[Any] = []
        nf = len(fills) if fills else 0
        for i, v in enumerate(values):
            if type(v) is Styled:
                if top is not None:
                    v = Styled(v.value, v.key[:3] + (top,) + v.key[4:], v.comment)
                cells.append(v)
                continue
            fill = fills[i] if i < nf else None  # type: ignore[index]
            cells.append(self.cell(v, bold=bold, fill=fill, wrap=wrapped is not None and i in wrapped, align=top))
        height = LINE_HEIGHT * lines + 2 if lines > 1 else None
        assert self._out is not None
        self._out._plain(n, cells, dict(self._out._height(height)[1]) if height is not None else {})

    def head(self, values: list[str], fills: list[str | None] | None = None) -> None:
        """A table's header row: bold, wrapped, tall enough for its longest header; the
        autofilter will start here."""
        cells = []
        for i, v in enumerate(values):
            c = self.cell(v, bold=True, fill=fills[i] if fills and i < len(fills) else None, align="head")
            cells.append(c)
        lines = max((_lines(str(v), self.widths[i], bold=True) for i, v in enumerate(values)
                     if i < len(self.widths)), default=1)
        self._append(cells, LINE_HEIGHT * lines + 4)
        if self._table is None:
            self._table = (self.n, len(values))

    def line(self, text: str, span: int, bold: bool = False, fill: str | None = None, font: str | None = None,
             lead: str | None = None) -> None:
        """A sentence across the first `span` columns (merged, wrapped, as tall as it needs);
        `lead` alone in the first column, the sentence merged over the others. `font`: "title"."""
        first = 1 if lead is None else 2
        width = sum(self.widths[first - 1:span]) or MAX_WIDTH
        c = self.cell(text, bold=bold, fill=fill, align="wrap", font=font)
        lines = _lines(visible_controls(text), width * 0.95, bold=bold)
        height = LINE_HEIGHT * lines * (1.2 if font is not None else 1) + 2 if lines > 1 or font is not None else None
        self._append(([self.cell(lead, bold=True)] if lead is not None else []) + [c], height)
        if span > first:
            self.ws.merged_cells.add(f"{get_column_letter(first)}{self.n}:{get_column_letter(span)}{self.n}")

    def _append(self, cells: list[Any], height: float | None = None) -> None:
        """Write a row (`height` in points: its size; else the reader's default). The row is
        written at once: its size is not kept (10,000 tall rows, no 10,000 kept sizes)."""
        if self._out is None:
            self._out = _RowWriter(self)
        self.n += 1
        self._out.write(self.n, cells, height)

    def filter(self) -> None:
        """The autofilter over the table: its header row to the last row written so far."""
        if self._table is None:
            return
        start, cols = self._table
        self.ws.auto_filter.ref = f"A{start}:{get_column_letter(max(cols, 1))}{max(self.n, start)}"


# --- writing rows -----------------------------------------------------------------------------
# openpyxl's write-only sheet binds every appended value again and writes each cell through
# nested XML elements (a Python object or two per cell: 230,000 cells for a province). Here a
# row is one XML string (the cells' text escaped, a repeated cell's XML kept), parsed once by
# lxml and written into the sheet's stream: the same elements openpyxl writes, in one step.

_ESCAPE = re.compile(r"[&<>\r]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}  # "\r" kept (a parser reads it as "\n")


def _escape(s: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group()], s) if _ESCAPE.search(s) else s


class _Row:
    """A row given as XML text (what `_RowWriter` sends through the sheet's `append`)."""

    __slots__ = ("xml",)

    def __init__(self, xml: str) -> None:
        self.xml = xml


class _Plain:
    """A row of openpyxl cells (a value of another kind: a date…), row `n`."""

    __slots__ = ("n", "cells")

    def __init__(self, n: int, cells: list[Any]) -> None:
        self.n = n
        self.cells = cells


class _StreamWriter(WorksheetWriter):
    """openpyxl's sheet writer, its XML stream opened on a file it keeps (its own temporary file,
    removed by openpyxl as before): a row's bytes go into that file between the stream's own
    writes (the stream flushed first), not through an element per cell."""

    def __init__(self, ws: Any) -> None:
        path = create_temporary_file()
        self.raw = open(path, "wb")  # noqa: SIM115 (closed with the stream, in close())
        super().__init__(ws, out=path)

    def get_stream(self) -> Any:  # openpyxl's, on the file object
        with xmlfile(self.raw) as xf:
            with xf.element("worksheet", xmlns=SHEET_MAIN_NS):
                try:
                    while True:
                        el = (yield)
                        if el is True:
                            yield xf
                        elif el is None:
                            continue
                        else:
                            xf.write(el)
                except GeneratorExit:
                    pass

    def close(self) -> None:
        super().close()
        if not self.raw.closed:
            self.raw.close()


class _RowWriter:
    """A sheet's rows written as text: installed before its first row."""

    def __init__(self, sheet: _Sheet) -> None:
        ws = sheet.ws
        self.sheet = sheet
        self.ws = ws
        self.cells: dict[tuple, str] = {}  # (style key, type, value) → the cell's XML after its reference
        self.heights: dict[float, str] = {}
        self.height_attrs: dict[float, dict[str, str]] = {}
        self.letters = [get_column_letter(i) for i in range(1, 64)]
        self.raw = None  # the sheet's file, when rows go into it as bytes
        self.xf: Any = None  # the sheet's XML stream, once its first row opened <sheetData>
        self.dirty = False  # the stream holds XML not yet in the file
        if LXML and ws._writer is None:  # lxml's stream can be flushed: rows written as bytes
            ws._writer = _StreamWriter(ws)
            ws._writer.write_top()
            self.raw = ws._writer.raw
        ws._get_writer()
        plain_values = ws._values_to_row
        writer = ws._writer
        plain_write = writer.write_row

        def to_row(values: Any, row_idx: int) -> Any:
            if type(values) is tuple and len(values) == 1 and isinstance(values[0], (_Row, _Plain)):
                return values[0]
            return plain_values(values, row_idx)

        def write_row(xf: Any, row: Any, row_idx: int) -> None:
            self.xf = xf
            if isinstance(row, _Plain):
                plain_write(xf, row.cells, row.n)
                self.dirty = True
            elif not isinstance(row, _Row):
                plain_write(xf, row, row_idx)
                self.dirty = True
            elif self.raw is not None:
                xf.flush()  # what the stream holds, then the row
                self.dirty = False
                self.raw.write(row.xml.encode("ascii", "xmlcharrefreplace"))
            else:
                xf.write(fromstring(row.xml))

        ws._values_to_row = to_row
        writer.write_row = write_row

    def send(self, xml: str) -> None:
        """A row's XML into the sheet (ASCII: other characters as references, as lxml writes
        them): after the first row straight into its file, not through openpyxl's row loop (the
        row numbers are ours)."""
        raw = self.raw
        if raw is None or self.xf is None:
            self.ws.append((_Row(xml),))
            return
        if self.dirty:
            self.xf.flush()
            self.dirty = False
        raw.write(xml.encode("ascii", "xmlcharrefreplace"))

    def _height(self, height: float) -> tuple[str, dict[str, str]]:
        got = self.heights.get(height)
        if got is None:
            attrs = dict(RowDimension(self.ws, index=1, ht=height))
            got = self.heights[height] = "".join(f' {k}="{v}"' for k, v in attrs.items())
            self.height_attrs[height] = attrs
        return got, self.height_attrs[height]

    def tail(self, v: Any, key: tuple | None, raw: Any) -> str | None:
        """A cell's XML after `<c r="A1"`: its style index, type and value (`v`: what the cell
        stores, made from `raw`); None: no cell."""
        ck = (key, type(raw), raw) if raw or type(raw) is not float else (key, float, str(raw))  # -0.0 is "-0"
        got = self.cells.get(ck)
        if got is not None:
            return got
        sid = ""
        if key is not None:
            st = self.sheet.style(key)
            if st[1] is None:
                st[1] = f' s="{self.ws.parent._cell_styles.add(st[0])}"' if any(st[0]) else ""
            sid = st[1]
        if v is None:
            if not sid:
                return None
            got = f'{sid} t="n"/>'
        elif isinstance(v, str):
            if v == "":
                got = f'{sid} t="inlineStr"/>'
            else:
                space = ' xml:space="preserve"' if v != v.strip() else ""
                text = _escape(v).encode("ascii", "xmlcharrefreplace").decode("ascii")  # once per text
                got = f'{sid} t="inlineStr"><is><t{space}>{text}</t></is></c>'
        elif isinstance(v, bool):
            got = f'{sid} t="b"><v>{int(v)}</v></c>'
        elif isinstance(v, (int, float)):
            text = safe_string(v)
            got = f'{sid} t="n"><v>{text}</v></c>'  # NaN, infinity: an empty <v/> (as openpyxl)
        else:
            raise TypeError(v)  # not a value the workbook writes as text: the caller's fallback
        if len(self.cells) >= _CACHE_MAX:
            self.cells.clear()
        self.cells[ck] = got
        return got

    def write(self, n: int, cells: list[Any], height: float | None) -> None:
        if height is not None:
            hattrs, hdict = self._height(height)
        else:
            hattrs, hdict = "", {}
        parts = [f'<row r="{n}"{hattrs}>']
        letters = self.letters
        notes = None
        for col, c in enumerate(cells):
            if isinstance(c, Styled):
                v, key, comment = c.value, c.key, c.comment
            else:
                v, key, comment = c, None, None
            ref = f"{letters[col] if col < len(letters) else get_column_letter(col + 1)}{n}"
            if comment is not None:
                rec = CommentRecord(ref=ref, author=comment.author)
                rec.text.t = comment.content
                rec.height = comment.height
                rec.width = comment.width
                if notes is None:
                    notes = []
                notes.append(rec)
            if v is None and key is None:
                continue
            try:
                tail = self.tail(v, key, v)
            except TypeError:
                self._plain(n, cells, hdict)
                return
            if tail is not None:
                parts.append(f'<c r="{ref}"{tail}')
            elif comment is not None:  # an empty cell that keeps its comment
                parts.append(f'<c r="{ref}" t="n"/>')
        if notes:
            self.ws._comments.extend(notes)
        parts.append("</row>")
        self.send("".join(parts))

    def notes(self, n: int, notes: list[tuple[int, Comment]]) -> None:
        """Comments of row `n`'s cells (column index, comment)."""
        for col, comment in notes:
            rec = CommentRecord(ref=f"{get_column_letter(col + 1)}{n}", author=comment.author)
            rec.text.t = comment.content
            rec.height = comment.height
            rec.width = comment.width
            self.ws._comments.append(rec)

    def emit(self, n: int, cells: list[str], height: float | None) -> None:
        """Row `n` of its cells' XML (`<c …>` each)."""
        hattrs = self._height(height)[0] if height is not None else ""
        self.send(f'<row r="{n}"{hattrs}>{"".join(cells)}</row>')

    def _plain(self, n: int, cells: list[Any], hdict: dict[str, str]) -> None:
        """A row with a value of another kind (a date…): written by openpyxl, cell by cell."""
        if hdict:
            self.ws.row_dimensions[n].height = float(hdict["ht"])
        row = []
        for col, c in enumerate(cells, 1):
            v, key = (c.value, c.key) if isinstance(c, Styled) else (c, None)
            w = WriteOnlyCell(self.ws)
            if isinstance(v, str):
                w._value, w.data_type = v, "s"  # text, never a formula
            else:
                w.value = v
            w.column, w.row = col, n
            if key is not None:
                w._style = copy(self.sheet.style(key)[0])
            if isinstance(c, Styled) and c.comment is not None:
                w.comment = c.comment
            row.append(w)
        self.ws.append((_Plain(n, row),))
        self.ws.row_dimensions.pop(n, None)


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
    s.line(o.title, span, font="title")
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
            values[pred] = Styled(_value_of(values[pred]), _PLAIN_KEY,
                                  Comment(row[pred].label, "ntm-eval", width=320, height=90))
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


