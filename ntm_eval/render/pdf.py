"""`--format pdf`: a printable A4 report (fpdf2), the Vietnamese font embedded (a subset of the
DejaVu Sans Condensed shipped in ntm_eval/fonts). This module holds the page machinery — fonts,
text made printable, paragraphs, tables whose header row repeats on every page, the signature
block, "Trang X / Y" and the print date on every page — and the one-unit report of `check`; the
batch report walks its outline in render/batch/pdf.py. Imported only when a PDF is asked for.

Why fpdf2: pure Python (installed by pip with the project, nothing from the system), it embeds
TrueType fonts as subsets, and Vietnamese needs no shaping — every letter is one precomposed NFC
glyph — so a plain TTF is enough. (weasyprint needs pango and other system libraries pip cannot
install; headless Chromium is not on every machine.)"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from fpdf import FPDF

from ntm_eval.messages import format_problem, t
from ntm_eval.render.common import unit_line
from ntm_eval.render.pdf_pages import Pages, Producer, Sink, file_id
from ntm_eval.render.printed import Cell, Signature, UnitDoc, clean, print_date, rgb, signature, unit_cells, unit_doc

if TYPE_CHECKING:
    from ntm_eval.results import Outcome

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSansCondensed.ttf", "B": "DejaVuSansCondensed-Bold.ttf"}
REPLACEMENT = "\ufffd"  # shown for a character the font has no glyph for
MAX_CELL = 600  # characters of one table cell
MAX_LINES = 30  # lines of one table cell (a row never outgrows a page)
_PT = 25.4 / 72  # millimetres per point


@lru_cache(maxsize=1)
def glyphs() -> frozenset[int]:
    """The code points the embedded font can draw (the same in both weights)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(FONT_DIR / FONT_FILES[""]), lazy=True) as f:
        return frozenset(f.getBestCmap())


@lru_cache(maxsize=1)
def _drawable() -> frozenset[int]:
    """What a printed text may hold as it is: the font's characters and the line break."""
    return glyphs() | {10}


def printable(s: object) -> str:
    """`clean` text with every character the font lacks replaced by a visible U+FFFD."""
    s = clean(s)
    if _drawable().issuperset(map(ord, s)):
        return s
    have = glyphs()
    return "".join(ch if ch == "\n" or ord(ch) in have else REPLACEMENT for ch in s)


@dataclass(frozen=True, slots=True)
class Col:
    text: str  # header
    width: float  # mm
    align: str = "L"
    wrap: bool = True  # the cell may take several lines (else one line, shrunk to fit)




class Report(FPDF):
    """An A4 document: the title block, "Trang X / Y" and the print date on every page. Each
    page is compressed and set aside once the next one begins, and the file is written to its
    destination as it is made (render/pdf_pages.py): memory stays one page, not the document."""

    compression = -1  # zlib level of the page streams (-1: zlib's default, as fpdf2's)

    def __init__(self, lang: str, landscape: bool, doc_title: str, today: _dt.date | None = None) -> None:
        self.spooled = Pages(self.compression)
        self.destination: Sink | None = None
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.lang = lang
        self.printed = print_date(lang, today)
        self.single_resources_object = True  # one /Resources (the two fonts) for every page, not one each
        self.alias_nb_pages(None)  # no text alias: "{nb}" in a unit name stays as it is
        self.set_margins(12, 12, 12)
        self.set_auto_page_break(True, margin=16)
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(FONT_DIR / name))
        self.set_title(printable(doc_title))
        self.set_lang("vi" if lang != "en" else "en")
        self.set_creator("ntm-eval")
        self._cur: tuple[float, bool] | None = None  # the font selected last (size, bold)
        self._fill: tuple[int, int, int] | None = None  # the fill colour selected last
        self._widths: dict = {}
        self.font(10)
        self.add_page()

    def add_page(self, *args: Any, **kw: Any) -> None:
        if self.page:  # the page just finished: compressed and set aside (its foot comes at the end)
            self.spooled.put(self.page, self.pages[self.page])
        super().add_page(*args, **kw)

    def _default_file_id(self, buffer: Any) -> str:
        if isinstance(buffer, Sink):
            return file_id(buffer, self.creation_date)
        return super()._default_file_id(buffer)

    # --- text -------------------------------------------------------------------------------
    def font(self, size: float, bold: bool = False) -> None:
        if self._cur != (size, bold):  # set_font is costly even when nothing changes
            self.set_font(FONT, "B" if bold else "", size)
            self._cur = (size, bold)

    def line_h(self) -> float:
        return self.font_size_pt * _PT * 1.3

    def width_of(self, text: str) -> float:
        """The printed width of `text` in the current font; short texts (marks) are cached."""
        if len(text) > 6:
            return self.get_string_width(text)
        key = (text, self._cur)
        w = self._widths.get(key)
        if w is None:
            w = self._widths[key] = self.get_string_width(text)
        return w

    def para(self, text: str, size: float = 10, bold: bool = False, fill: str | None = None,
             align: str = "L", space: float = 1.0) -> None:
        self.font(size, bold)
        colour = rgb(fill)
        if colour:
            self.set_fill_color(*colour)
            self._fill = None
        self.multi_cell(0, self.line_h(), printable(text), align=align, fill=bool(colour), new_x="LMARGIN",
                        new_y="NEXT")
        self.ln(space)

    def heading(self, text: str, level: int = 1, outline: str | None = None, keep: float = 14) -> None:
        """A heading kept with what follows it (never alone at the foot of a page): with `keep`
        mm below it, a table's `table_room`; and an entry of the PDF's outline (the reader's
        bookmarks): `outline`, else the heading itself."""
        size = {0: 15, 1: 12.5, 2: 11}.get(level, 10.5)
        if self.get_y() + size * _PT * 1.3 * 2 + max(keep, 14) > self.page_break_trigger:
            self.add_page()
        self.ln(2 if level else 0)
        self.start_section(printable(outline or text).replace("\n", " ")[:200], level, strict=False)
        self.para(text, size, bold=True, align="C" if level == 0 else "L", space=1.5)

    # --- tables -----------------------------------------------------------------------------
    def _head(self, cols: Sequence[Col], size: float) -> tuple[tuple[list, float], float]:
        """A table's header row laid out, and the height (mm) the table needs on the page it
        starts on: that row and three lines."""
        head = self._layout(cols, [(c.text, "head", True) for c in cols], size)
        self.font(size)
        return head, head[1] + 3 * self.line_h()

    def table_room(self, cols: Sequence[Col], size: float = 8) -> float:
        """What `table` needs below a heading that must stay with it (`heading(keep=…)`)."""
        return self._head(cols, size)[1]

    def table(self, cols: Sequence[Col], rows: Iterable[Sequence[Cell]], size: float = 8) -> None:
        """A table whose header row repeats at the top of every page it spans; rows are never
        split across pages; each cell is filled with its status colour."""
        head, room = self._head(cols, size)
        if self.get_y() + room > self.page_break_trigger:
            self.add_page()
        self._draw(cols, *head)
        for row in rows:
            cells, h = self._layout(cols, row, size)
            if self.get_y() + h > self.page_break_trigger:
                self.add_page()
                self._draw(cols, *head)
            self._draw(cols, cells, h)
        self.ln(2)

    def _layout(self, cols: Sequence[Col], row: Sequence[Cell], size: float) -> tuple[list, float]:
        """Each cell as (text, fill, bold, size, lines): `lines` None for one line (drawn with
        the fast `text`), else the wrapped lines; and the row's height."""
        out, most = [], 1
        for col, (text, fill, bold) in zip(cols, row):
            shown, small, lines = self._cell(col, text, bold, size)
            if lines is not None:
                most = max(most, len(lines))
            out.append((shown, fill, bold, small, lines))
        self.font(size)
        return out, most * self.line_h() + 1.2

    def _cell(self, col: Col, text: str, bold: bool, size: float) -> tuple[str, float, list[str] | None]:
        """One cell of `_layout`: (text as printed, font size, its lines or None for one line).
        The batch report (render/batch/pdf.py) takes it as it is: its multi_cell answers the
        dry run with its own line breaking."""
        text = printable(text)[:MAX_CELL] if text else ""
        room = col.width - 1.2
        self.font(size, bold)
        small, lines = size, None
        if not text:
            pass
        elif col.wrap:
            if "\n" in text or self.width_of(text) > room:  # wraps: its lines
                lines = self.multi_cell(room, 1, text, dry_run=True, output="LINES")
                if len(lines) > MAX_LINES:  # a row always fits on a page
                    lines = [*lines[:MAX_LINES - 1], "…"]
        else:
            while small > 4 and self.width_of(text) > room:
                small -= 0.5  # a mark or a number: shrunk to its cell, never cut
                self.font(small, bold)
        return text, small, lines

    def _draw(self, cols: Sequence[Col], cells: list, h: float) -> None:
        x, y = self.l_margin, self.get_y()
        for col, (text, fill, bold, size, lines) in zip(cols, cells):
            colour = rgb(fill)
            if colour and colour != self._fill:
                self.set_fill_color(*colour)
                self._fill = colour
            self.rect(x, y, col.width, h, style="DF" if colour else "D")
            if text:
                self.font(size, bold)
                lh = self.line_h()
                for n, line in enumerate(lines if lines is not None else (text,)):
                    w = self.width_of(line)
                    left = x + 0.6 if col.align == "L" else x + col.width - 0.6 - w if col.align == "R" \
                        else x + (col.width - w) / 2
                    self.text(left, y + 0.6 + n * lh + lh / 2 + self.font_size * 0.33, line)
            x += col.width
        self.set_xy(self.l_margin, y + h)

    def footer_line(self, width: float, texts: tuple[str, str, str]) -> None:
        """A page's foot: the print date left, what made the report centred, the page right."""
        for text, align in zip(texts, "LCR"):
            self.cell(width, 5, text, align=align)

    # --- closing ----------------------------------------------------------------------------
    def sign(self, sig: Signature) -> None:
        """The signature block: place and date, "Người lập biểu" and "Thủ trưởng đơn vị", each
        with "(Ký, ghi rõ họ tên)" and room to sign; kept whole on one page."""
        if self.get_y() + 36 > self.page_break_trigger:
            self.add_page()
        self.ln(4)
        half = (self.w - self.l_margin - self.r_margin) / 2
        self.font(10)
        self.set_x(self.l_margin + half)
        self.cell(half, 5, printable(sig.place_date), align="C", new_x="LMARGIN", new_y="NEXT")
        self.font(10.5, True)
        self.cell(half, 6, printable(sig.left), align="C")
        self.cell(half, 6, printable(sig.right), align="C", new_x="LMARGIN", new_y="NEXT")
        self.font(9)
        self.cell(half, 5, printable(sig.note), align="C")
        self.cell(half, 5, printable(sig.note), align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(22)

    def finish(self, out: IO[bytes], generated: str = "") -> None:
        """Number the pages ("Trang 3 / 12"), date them, and write the document."""
        total = self.pages_count
        self.spooled.put(self.page, self.pages[self.page])  # the last page, as the others were
        self.set_auto_page_break(False)
        for n in range(1, total + 1):
            self.page = n
            self.font_size_pt = -1  # the page's stream may end in another font: select it anew
            self._cur = None
            self.font(8)
            self.set_text_color(90, 90, 90)
            y = self.h - 11
            self.set_xy(self.l_margin, y)
            width = (self.w - self.l_margin - self.r_margin) / 3
            self.footer_line(width, (printable(self.printed), printable(generated),
                                     printable(t("report.page", self.lang, page=n, pages=total))))
            self.spooled.put(n, self.pages[n])  # the foot set aside too: no page's text left in memory
        self.page = total
        self.destination = Sink(out)
        try:
            self.output(output_producer_class=Producer)
        finally:
            self.spooled.close()


# --- check: one or more units -------------------------------------------------------------------
UNIT_WIDTHS = (15, 60, 23, 26, 25, 22, 15)  # id, name, value, threshold, gap, result, basis (186 mm)
UNIT_ALIGN = ("L", "L", "R", "L", "L", "L", "L")


def render_units(outcomes: Sequence[Outcome], out: IO[bytes], lang: str = "vi",
                 today: _dt.date | None = None, brief: bool = False) -> None:
    """`check --format pdf`: each unit from a new page — its criteria and indicators (value,
    threshold, gap, result, basis), its summary, the signature block."""
    pdf = Report(lang, False, t("report.check_title", lang), today)
    first = True
    for o in outcomes:
        if not first:
            pdf.add_page()
        first = False
        pdf.heading(t("report.check_title", lang), 0,
                    outline=unit_line(o.result, lang) if o.result is not None else o.path)
        if o.result is None:
            pdf.para(t("report.file_errors", lang, path=o.path), 11, bold=True, fill="error")
        else:
            _unit(pdf, unit_doc(o.result, lang, brief), lang)
        for p in o.problems:
            pdf.para(format_problem(p, lang), 9, fill="error")
        pdf.sign(signature(lang))
    from ntm_eval import __version__

    pdf.finish(out, t("batch.generated", lang, version=__version__))  # the foot the batch report has


def _unit_widths(pdf: Report, rows: Sequence[Sequence[Cell]], size: float) -> tuple[float, ...]:
    """UNIT_WIDTHS, the code column widened (up to 30 mm, from the name's) for the longest code
    of the table, so that a set whose codes are names ("6.nha-van-hoa-thon") is not cut mid-word."""
    pdf.font(size)
    longest = max((pdf.get_string_width(printable(r[0][0])) for r in rows), default=0.0)
    extra = max(0.0, min(30.0, longest + 2.0) - UNIT_WIDTHS[0])
    return (UNIT_WIDTHS[0] + extra, UNIT_WIDTHS[1] - extra, *UNIT_WIDTHS[2:])


def _unit(pdf: Report, doc: UnitDoc, lang: str) -> None:
    if doc.demo:
        pdf.para(doc.demo, 10, bold=True, fill="warn")
    pdf.para(doc.heading, 12, bold=True, align="C")
    pdf.para(doc.set_line, 10, align="C", space=0)
    pdf.para(doc.year_line, 9.5, align="C", space=3)
    rows = list(unit_cells(doc))
    cols = [Col(h, w, a, wrap=True) for h, w, a in zip(doc.columns, _unit_widths(pdf, rows, 7.5), UNIT_ALIGN)]
    pdf.heading(t("report.criteria", lang), 1, keep=pdf.table_room(cols, 7.5))
    pdf.table(cols, rows, 7.5)
    pdf.heading(t("report.summary", lang), 1)
    for text, fill in doc.summary:
        pdf.para(text, 9.5, bold=fill is not None and fill not in ("warn", "missing"), fill=fill)
