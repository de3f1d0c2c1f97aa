"""`--format pdf` for a batch: A4 landscape, walking the report's outline (outline.py) — title,
input and totals, the coverage caveat once, then per set: its headline, the units × criteria
matrix (marks on status colours), the % meeting each criterion, by district / province, the
district indicators computed from members; the input warnings and the broken units; the
signature block. Page machinery (fonts, repeated header rows, page numbers): render/pdf.py."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

import sys

from ntm_eval.render.batch.outline import Outline, SetSection, Table, outline


def _fpdf_without_numpy() -> None:
    """Import fpdf2 with numpy hidden, when neither is loaded yet: fpdf2 imports numpy only to
    speed up image decoding (a report embeds no image), a third of its import time (~0.2 s of
    0.6). numpy stays importable afterwards; fpdf2 keeps its pure-Python image path."""
    if "fpdf" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError
    try:
        import fpdf  # noqa: F401
    except ImportError:  # a module of fpdf2 that needs numpy after all: import it as it is
        for name in [m for m in sys.modules if m == "fpdf" or m.startswith(("fpdf.", "fontTools"))]:
            del sys.modules[name]
    finally:
        if "numpy" in sys.modules and sys.modules["numpy"] is None:
            del sys.modules["numpy"]


_fpdf_without_numpy()

from fpdf.drawing_primitives import convert_to_device_color  # noqa: E402
from fpdf.enums import PDFResourceType  # noqa: E402
from fpdf.util import escape_parens  # noqa: E402

from ntm_eval.render.pdf import FONT, Col, Report, printable  # noqa: E402
from ntm_eval.render.printed import FILLS, Cell, batch_cell, rgb, signature  # noqa: E402

if TYPE_CHECKING:
    from ntm_eval.results import BatchReport

# Widths (mm) of the matrix's fixed columns; the criteria share what is left of the 273 mm.
FIXED = {"index": 9, "unit": 40, "district": 28, "merged": 44, "met": 12, "status": 26}  # merged: predecessors
NUMERIC = {"index", "met", "count", "percent", "units", "average", "set_passed", "set_undecided"}
MEMO = 8192  # entries of each of the renderer's caches (cells laid out, texts encoded): memory bounded
_FAMILY = FONT.lower()  # the key fpdf2 gives the font (add_font lowers it)
_RGB = {key: rgb(key) for key in FILLS}


class _Codes(dict):
    """A font's characters -> their codes in the page content (fpdf2's TTFFont.encode_text, one
    character at a time: the subset's place of the glyph, UTF-16BE, parentheses and backslashes
    escaped). A character is given its place in the subset when first used, as encode_text does."""

    def __init__(self, font: Any) -> None:
        super().__init__()
        self.font = font

    def __missing__(self, ch: str) -> str:
        mapped = self.font.subset.pick(ord(ch))
        code = "" if mapped is None else escape_parens(chr(mapped).encode("utf-16-be").decode("latin-1"))
        self[ch] = code
        return code


class _Report(Report):
    """The page machinery with text measured and broken into lines once, from the font's
    character widths: fpdf2's multi_cell measures the line anew for every character it adds,
    quadratic in a paragraph's length (a batch's thousand located warnings took 25 s of 34).
    The widths are fpdf2's own (the same sum get_string_width makes), so lines break where a
    reader expects: at spaces, a word longer than the line at the character.

    A table's cells are laid out once per text and column (a matrix repeats its marks, numbers
    and district names thousands of times) and each row is written as one string: the bytes
    fpdf2's rect(), set_fill_color() and text() would write, without their per-call work."""

    # the pages compressed at zlib's level 1, not the default 6: a tenth of the render less at
    # 10,000 communes for a file ~10 % larger
    compression = 1

    def __init__(self, *args: Any, **kw: Any) -> None:
        self._ops: dict[tuple[int, str], str] = {}
        self._codes: dict[int, _Codes] = {}  # per font: character -> its code in the subset, escaped
        self._memo: dict[tuple[int, str, bool, float], tuple[str, float, list[str] | None]] = {}
        self._memo_cols: object = None  # the columns `_memo` is for
        self._geo: tuple[object, list[tuple[float, str, str]]] = (None, [])
        self._texts: dict[tuple[int, str, float, bool], tuple[str, str, float]] = {}
        self._devices: dict[tuple[int, int, int], tuple[Any, str]] = {}
        self._metrics: dict[float, tuple[float, float]] = {}  # font size -> (line height, size in mm)
        self._word_w: dict[tuple[int, str], float] = {}  # (font, word) -> width in the font's units
        self._tf: dict[tuple[int, float, bool], str] = {}  # a font's operator by font, size
        self._tf_pages: set[tuple[int, int]] = set()  # (page, font) recorded among the page's resources
        super().__init__(*args, **kw)

    def font(self, size: float, bold: bool = False) -> None:
        """What set_font(FONT, style, size) does when the font changes, without its checks."""
        if self._cur != (size, bold):
            self.font_family = _FAMILY
            self.font_style = "B" if bold else ""
            self.font_size_pt = size
            self.current_font = self.fonts[_FAMILY + self.font_style]
            self.current_font_is_set_on_page = False
            self.underline = self.strikethrough = False
            self._cur = (size, bold)

    def width_of(self, text: str) -> float:
        cw = self.current_font.cw
        return sum(map(cw.__getitem__, map(ord, text))) * self.font_size_pt * 0.001 / self.k

    def lines(self, text: str, room: float, widths: list[int] | None = None) -> list[str]:
        """`text` (printable) broken into lines at most `room` mm wide, at "\n" and spaces;
        `widths` given, each line's width in the font's units is appended to it (the widths are
        whole numbers: the same sum width_of makes of the line)."""
        cw = self.current_font.cw
        scale = self.font_size_pt * 0.001 / self.k
        limit = room / scale if scale else 0.0
        space = cw[32]
        known, fi = self._word_w, self.current_font.i
        out: list[str] = []
        for para in text.split("\n"):
            line: list[str] = []
            used = 0.0
            for word in para.split(" "):
                w = known.get((fi, word))
                if w is None:
                    w = sum(map(cw.__getitem__, map(ord, word)))
                    if len(known) < MEMO:
                        known[(fi, word)] = w
                if line and used + space + w > limit:
                    out.append(" ".join(line))
                    if widths is not None:
                        widths.append(int(used))
                    line, used = [], 0.0
                elif line:
                    used += space
                if w > limit and word:  # longer than a line: cut at the character
                    part, pw = "", 0.0
                    for ch in word:
                        cwid = cw[ord(ch)]
                        if part and used + pw + cwid > limit:
                            out.append(" ".join([*line, part]) if line else part)
                            if widths is not None:
                                widths.append(int(used + pw))
                            line, used, part, pw = [], 0.0, "", 0.0
                        part += ch
                        pw += cwid
                    word, w = part, pw
                line.append(word)
                used += w
            out.append(" ".join(line))
            if widths is not None:
                widths.append(int(used))
        return out

    def _set_font_for_page(self, font: Any, font_size_pt: float, wrap_in_text_object: bool = True) -> str:
        """fpdf2's: the font's operator (made once per font and size) and the font recorded
        among the page's resources (once per page: the record is a set)."""
        key = (font.i, font_size_pt, wrap_in_text_object)
        sl = self._tf.get(key)
        if sl is None:
            sl = f"/F{font.i} {font_size_pt:.2f} Tf"
            sl = self._tf[key] = f"BT {sl} ET" if wrap_in_text_object else sl
        if (self.page, font.i) not in self._tf_pages:
            self._resource_catalog.add(PDFResourceType.FONT, font.i, self.page)
            self._tf_pages.add((self.page, font.i))
        self.current_font_is_set_on_page = True
        return sl

    def multi_cell(self, w: float, h: float | None = None, text: str = "", *args: Any, **kw: Any) -> Any:
        if kw.get("dry_run") and kw.get("output") == "LINES":  # the table's wrapped cells
            return self.lines(text, w - 2 * self.c_margin)
        return super().multi_cell(w, h, text, *args, **kw)

    def _encoded(self, text: str) -> str:
        """`(…) Tj` of `text` in the current font: what fpdf2's encode_text() makes (each
        character's place in the font's subset, as UTF-16BE, escaped), a character's code made
        once; cached for the texts a report repeats (marks, numbers, names)."""
        font = self.current_font
        key = (font.i, text)
        op = self._ops.get(key)
        if op is None:
            codes = self._codes.get(font.i)
            if codes is None:
                codes = self._codes[font.i] = _Codes(font)
            op = "(" + "".join(map(codes.__getitem__, text)) + ") Tj"
            if len(self._ops) < MEMO:
                self._ops[key] = op
        return op

    def _layout(self, cols: Sequence[Col], row: Sequence[Cell], size: float) -> tuple[list, float]:
        """render/pdf.py's layout of a row, each cell's worked out once per column and text."""
        if cols is not self._memo_cols:
            self._memo_cols, self._memo = cols, {}
        memo = self._memo
        out, most = [], 1
        for j, (col, (text, fill, bold)) in enumerate(zip(cols, row)):
            key = (j, text, bold, size)
            got = memo.get(key)
            if got is None:
                got = self._cell(col, text, bold, size)
                if len(memo) < MEMO:
                    memo[key] = got
            shown, small, lines = got
            if lines is not None and len(lines) > most:
                most = len(lines)
            out.append((shown, fill, bold, small, lines))
        self.font(size)
        return out, most * self.line_h() + 1.2

    def _device(self, colour: tuple[int, int, int]) -> tuple[Any, str]:
        """The fill colour fpdf2's set_fill_color() keeps, and the operator it writes."""
        got = self._devices.get(colour)
        if got is None:
            dev = convert_to_device_color(*colour)
            got = self._devices[colour] = (dev, dev.serialize().lower())
        return got

    def _draw(self, cols: Sequence[Col], cells: list, h: float) -> None:
        """A table row as render/pdf.py draws it (a rectangle per cell, filled by status, its
        lines of text), its operators written in one go: the same page content fpdf2's rect()
        and text() write, without their per-call checks (25,000 cells for 1,000 communes)."""
        k, top = self.k, self.h
        y = self.get_y()
        if self._geo[0] is not cols:  # each column's left edge and width, as the operators print them
            geo, x = [], self.l_margin
            for col in cols:
                geo.append((x, f"{x * k:.2f}", f"{col.width * k:.2f}"))
                x += col.width
            self._geo = (cols, geo)
            self._texts = {}  # by column: this table's
        texts = self._texts
        box = f" {(top - y) * k:.2f} "
        tail = f" {-h * k:.2f} re "
        ops: list[str] = []
        colour_op = self.text_color.serialize().lower()
        wrap = self.fill_color != self.text_color  # text() sets its colour apart then
        heights: dict[tuple[float, int], str] = {}  # this row's text baselines, by font size and line
        metrics = self._metrics
        need_tf = not self.current_font_is_set_on_page
        for j, ((x, xs, ws), col, (text, fill, bold, size, lines)) in enumerate(zip(self._geo[1], cols, cells)):
            colour = _RGB.get(fill) if fill else None
            if colour and colour != self._fill:
                dev, op = self._device(colour)
                if dev != self.fill_color:
                    ops.append(op)
                    self.fill_color = dev
                    wrap = dev != self.text_color
                self._fill = colour
            ops.append(xs + box + ws + tail + ("B" if colour else "S"))
            if text:
                if self._cur != (size, bold):
                    self.font(size, bold)
                    need_tf = not self.current_font_is_set_on_page
                if need_tf:
                    ops.append(self._set_font_for_page(self.current_font, self.font_size_pt))
                    need_tf = False
                for n, line in enumerate(lines if lines is not None else (text,)):
                    tkey = (j, line, size, bold)
                    got = texts.get(tkey)
                    if got is None:
                        w = self.width_of(line)
                        left = x + 0.6 if col.align == "L" else x + col.width - 0.6 - w if col.align == "R" \
                            else x + (col.width - w) / 2
                        got = (f"BT {left * k:.2f} ", f" Td {self._encoded(line)} ET")
                        if len(texts) < MEMO:
                            texts[tkey] = got
                    ys = heights.get((size, n))
                    if ys is None:
                        lh_fs = metrics.get(size)
                        if lh_fs is None:
                            lh_fs = metrics[size] = (self.line_h(), self.font_size)
                        lh, fs = lh_fs
                        at = y + 0.6 + n * lh + lh / 2 + fs * 0.33  # as render/pdf.py puts it
                        ys = heights[(size, n)] = f"{(top - at) * k:.2f}"
                    ops.append(f"q {colour_op} {got[0]}{ys}{got[1]} Q" if wrap else got[0] + ys + got[1])
        if ops:
            self._out("\n".join(ops))
        self.set_xy(self.l_margin, y + h)

    def footer_line(self, width: float, texts: tuple[str, str, str]) -> None:
        """render/pdf.py's page foot, the operators fpdf2's cell(width, 5, text, align=…) writes
        for each text (a text object in the text colour, placed in the cell), in one go."""
        if not all(texts) or self.fill_color == self.text_color:
            return super().footer_line(width, texts)
        k, top, h = self.k, self.h, 5
        colour = self.text_color.serialize().lower()
        ops = []
        if not self.current_font_is_set_on_page:
            ops.append(self._set_font_for_page(self.current_font, self.font_size_pt))
        at = f"{(top - self.y - 0.5 * h - 0.3 * self.font_size) * k:.2f}"
        for text, align in zip(texts, "LCR"):
            tw = self.width_of(text)
            dx = self.c_margin if align == "L" else (width - tw) / 2 if align == "C" else width - self.c_margin - tw
            ops.append(f"q BT {(self.x + dx) * k:.2f} {at} Td {colour} {self._encoded(text)} ET Q")
            self.x += width
        self._out("\n".join(ops))

    def para(self, text: str, size: float = 10, bold: bool = False, fill: str | None = None,
             align: str = "L", space: float = 1.0) -> None:
        """A paragraph, line by line as fpdf2's cell(0, h, line, align, fill) places it (the
        text inside the cell margin, or centred; the line's height filled), a page break before
        a line that does not fit; without cell()'s per-fragment machinery."""
        self.paras((text,), size, bold, fill, align, space)

    def paras(self, texts: Iterable[str], size: float = 10, bold: bool = False, fill: str | None = None,
              align: str = "L", space: float = 1.0) -> None:
        """`para` of each text in turn, in one style (a province's 10,000 warnings): the font,
        colours and measures worked out once."""
        self.font(size, bold)
        colour = rgb(fill)
        if colour:
            self.set_fill_color(*colour)
            self._fill = None
        lh = self.line_h()
        k, top = self.k, self.h
        room = self.w - self.r_margin - self.l_margin - 2 * self.c_margin
        for text in texts:
            widths: list[int] = []
            for line, units in zip(self.lines(printable(text), room, widths), widths):
                self._perform_page_break_if_need_be(lh)
                self.x = self.l_margin
                x, y, w = self.x, self.y, self.w - self.r_margin - self.x
                ops = []
                if colour:
                    ops.append(f"{x * k:.2f} {(top - y) * k:.2f} {w * k:.2f} {-lh * k:.2f} re f")
                if line:
                    if not self.current_font_is_set_on_page:
                        ops.append(self._set_font_for_page(self.current_font, self.font_size_pt))
                    tw = units * self.font_size_pt * 0.001 / self.k  # width_of(line)
                    dx = (w - tw) / 2 if align == "C" else w - self.c_margin - tw if align == "R" else self.c_margin
                    op = (f"BT {(x + dx) * k:.2f} {(top - y - 0.5 * lh - 0.3 * self.font_size) * k:.2f} Td "
                          f"{self._encoded(line)} ET")
                    if self.fill_color != self.text_color:
                        op = f"q {self.text_color.serialize().lower()} {op} Q"
                    ops.append(op)
                if ops:
                    self._out("\n".join(ops))
                self.y = y + lh
            self.x = self.l_margin
            self.ln(space)




def render(report: BatchReport, out: IO[bytes], lang: str = "vi", today: _dt.date | None = None) -> None:
    o = outline(report, lang)
    pdf = _Report(lang, True, f"{o.title} — {o.input_name}", today)
    pdf.heading(o.title, 0)
    pdf.para(o.input_line, 10, align="C", space=0)
    pdf.para(o.totals, 10, align="C", space=2)
    for line in o.coverage:  # once, before anything reads like a verdict
        pdf.para("⚠ " + line, 9.5, bold=True, fill="warn")
    pdf.para(o.legend.text, 8.5)
    for s in o.sets:
        _section(pdf, s, o)
    _errors(pdf, o)
    pdf.sign(signature(lang))
    pdf.finish(out, o.generated)


def _section(pdf: Report, s: SetSection, o: Outline) -> None:
    pdf.heading(s.heading, 1)
    if s.demo:
        pdf.para(s.demo, 10, bold=True, fill="warn")
    for line in s.headline:
        pdf.para("• " + line.text, 10, bold=line.highlight is not None, space=0.3)
    if s.meeting.line:
        pdf.para("• " + s.meeting.line, 10, space=0.3)
    cols = _matrix_cols(pdf, s.matrix)
    pdf.heading(s.matrix.title, 2, keep=pdf.table_room(cols, 7))  # never alone above its table
    pdf.table(cols, _cells(s.matrix), 7)
    pdf.para(o.legend.text, 8)
    cols = _cols(pdf, s.per_criterion, {"criterion": 16, "title": 0, "count": 22, "percent": 18})
    pdf.heading(s.per_criterion.title, 2, keep=pdf.table_room(cols, 8))
    pdf.table(cols, _cells(s.per_criterion), 8)
    for line in s.criterion_lines:
        if line.open:  # why there is no share: said once, under the table
            pdf.para(line.text, 8.5, fill="no_threshold", space=0.3)
    for sub in (s.by_district, s.by_province):
        if sub is not None:
            cols = _cols(pdf, sub, {"name": 34, "parent": 28, "units": 13, "average": 15, "set_passed": 15,
                                    "set_undecided": 15, "crit": 0})
            pdf.heading(sub.title, 2, keep=pdf.table_room(cols, 7))
            pdf.table(cols, _cells(sub), 7)
    if s.held_back:
        pdf.heading(s.held_heading, 2)
        for unit in s.held_back:
            for item in unit.items:
                pdf.para(f"{unit.name}: {item.text}", 9, fill=item.status if item.undecided else None, space=0.5)


def _shown(tb: Table) -> list[int]:
    return [j for j, col in enumerate(tb.columns) if not col.extra]


def _matrix_cols(pdf: Report, tb: Table) -> list[Col]:
    avail = pdf.w - pdf.l_margin - pdf.r_margin
    keep = _shown(tb)
    n = sum(tb.columns[j].key == "crit" for j in keep)

    def width(col) -> float:  # a district with its province beside it: half as wide again
        return FIXED.get(col.key, 12) * (1.5 if col.key == "district" and col.code == "province" else 1)

    fixed = sum(width(tb.columns[j]) for j in keep if tb.columns[j].key != "crit")
    crit = max(4.5, min(12.0, (avail - fixed) / n)) if n else 0
    scale = min(1.0, (avail - crit * n) / fixed) if fixed else 1.0  # many criteria: names narrower
    cols = []
    for j in keep:
        col = tb.columns[j]
        if col.key == "crit":
            cols.append(Col(col.text, crit, "C", wrap=False))
        else:
            cols.append(Col(col.text, width(col) * scale, "R" if col.key in NUMERIC else "L",
                            wrap=col.key not in NUMERIC))
    return cols


def _cols(pdf: Report, tb: Table, widths: dict[str, float]) -> list[Col]:
    """Columns with the widths given by key; 0 shares what is left among those columns."""
    avail = pdf.w - pdf.l_margin - pdf.r_margin
    keep = [tb.columns[j] for j in _shown(tb)]
    flex = sum(1 for c in keep if not widths.get(c.key))
    rest = avail - sum(widths.get(c.key, 0) for c in keep)
    share = max(8.0, rest / flex) if flex else 0
    return [Col(c.text, widths.get(c.key) or share, "R" if c.key in NUMERIC or c.key == "crit" else "L",
                wrap=c.key != "crit") for c in keep]


def _cells(tb: Table) -> Iterator[Sequence[Cell]]:
    keep = _shown(tb)
    for row in tb.rows:
        yield tuple(batch_cell(row[j], tb.columns[j].key) for j in keep)



def _errors(pdf: Report, o: Outline) -> None:
    if o.notes:
        pdf.heading(o.notes_heading, 1)
        pdf.paras((p.text for p in o.notes), 9, space=0.5)
    pdf.heading(o.errors_heading, 1)
    if o.no_errors:
        pdf.para(o.no_errors, 10)
    for b in o.broken():
        pdf.para(f"{b.name} ({b.source})", 9.5, bold=True, fill="error", space=0.3)
        for p in b.problems:
            pdf.para("    " + p.text, 9, space=0.3)
