# A frozen copy of the renderer as it was before helper D's speed work (commit 6559fe0): the tests/test_d_*.py
# expectations. Never used by ntm_eval.
"""`--format pdf` for a batch: A4 landscape, walking the report's outline (outline.py) — title,
input and totals, the coverage caveat once, then per set: its headline, the units × criteria
matrix (marks on status colours), the % meeting each criterion, by district / province, the
district indicators computed from members; the input warnings and the broken units; the
signature block. Page machinery (fonts, repeated header rows, page numbers): render/pdf.py."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Sequence
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

from d_legacy.pdf import Col, Report, printable  # noqa: E402
from d_legacy.printed import Cell, batch_cell, rgb, signature  # noqa: E402

if TYPE_CHECKING:
    from ntm_eval.results import BatchReport

# Widths (mm) of the matrix's fixed columns; the criteria share what is left of the 273 mm.
FIXED = {"index": 9, "unit": 40, "district": 28, "merged": 44, "met": 12, "status": 26}  # merged: predecessors
NUMERIC = {"index", "met", "count", "percent", "units", "average", "set_passed", "set_undecided"}


class _Report(Report):
    """The page machinery with text measured and broken into lines once, from the font's
    character widths: fpdf2's multi_cell measures the line anew for every character it adds,
    quadratic in a paragraph's length (a batch's thousand located warnings took 25 s of 34).
    The widths are fpdf2's own (the same sum get_string_width makes), so lines break where a
    reader expects: at spaces, a word longer than the line at the character."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        self._ops: dict[tuple[int, str], str] = {}
        super().__init__(*args, **kw)

    def width_of(self, text: str) -> float:
        cw = self.current_font.cw
        return sum(map(cw.__getitem__, map(ord, text))) * self.font_size_pt * 0.001 / self.k

    def lines(self, text: str, room: float) -> list[str]:
        """`text` (printable) broken into lines at most `room` mm wide, at "\n" and spaces."""
        cw = self.current_font.cw
        scale = self.font_size_pt * 0.001 / self.k
        limit = room / scale if scale else 0.0
        space = cw[32]
        out: list[str] = []
        for para in text.split("\n"):
            line: list[str] = []
            used = 0.0
            for word in para.split(" "):
                w = sum(map(cw.__getitem__, map(ord, word)))
                if line and used + space + w > limit:
                    out.append(" ".join(line))
                    line, used = [], 0.0
                elif line:
                    used += space
                if w > limit and word:  # longer than a line: cut at the character
                    part, pw = "", 0.0
                    for ch in word:
                        cwid = cw[ord(ch)]
                        if part and used + pw + cwid > limit:
                            out.append(" ".join([*line, part]) if line else part)
                            line, used, part, pw = [], 0.0, "", 0.0
                        part += ch
                        pw += cwid
                    word, w = part, pw
                line.append(word)
                used += w
            out.append(" ".join(line))
        return out

    def multi_cell(self, w: float, h: float | None = None, text: str = "", *args: Any, **kw: Any) -> Any:
        if kw.get("dry_run") and kw.get("output") == "LINES":  # the table's wrapped cells
            return self.lines(text, w - 2 * self.c_margin)
        return super().multi_cell(w, h, text, *args, **kw)

    def _encoded(self, text: str) -> str:
        """`(…) Tj` of `text` in the current font (what fpdf2's text() writes), cached: a
        matrix repeats its marks and numbers thousands of times."""
        key = (self.current_font.i, text)
        op = self._ops.get(key)
        if op is None:
            op = self._ops[key] = self.current_font.encode_text(text)
        return op

    def _draw(self, cols: Sequence[Col], cells: list, h: float) -> None:
        """A table row as render/pdf.py draws it (a rectangle per cell, filled by status, its
        lines of text), its operators written in one go: the same page content fpdf2's rect()
        and text() write, without their per-call checks (25,000 cells for 1,000 communes)."""
        k, top = self.k, self.h
        x, y = self.l_margin, self.get_y()
        ops: list[str] = []
        for col, (text, fill, bold, size, lines) in zip(cols, cells):
            colour = rgb(fill)
            if colour and colour != self._fill:
                if ops:
                    self._out("\n".join(ops))
                    ops = []
                self.set_fill_color(*colour)
                self._fill = colour
            ops.append(f"{x * k:.2f} {(top - y) * k:.2f} {col.width * k:.2f} {-h * k:.2f} re {'B' if colour else 'S'}")
            if text:
                if self._cur != (size, bold):
                    if ops:
                        self._out("\n".join(ops))
                        ops = []
                    self.font(size, bold)
                if not self.current_font_is_set_on_page:
                    ops.append(self._set_font_for_page(self.current_font, self.font_size_pt))
                lh = self.line_h()
                wrap = self.fill_color != self.text_color  # text() sets its colour apart then
                colour_op = self.text_color.serialize().lower() if wrap else ""
                for n, line in enumerate(lines if lines is not None else (text,)):
                    w = self.width_of(line)
                    left = x + 0.6 if col.align == "L" else x + col.width - 0.6 - w if col.align == "R" \
                        else x + (col.width - w) / 2
                    at = y + 0.6 + n * lh + lh / 2 + self.font_size * 0.33  # as render/pdf.py puts it
                    op = f"BT {left * k:.2f} {(top - at) * k:.2f} Td {self._encoded(line)} ET"
                    ops.append(f"q {colour_op} {op} Q" if wrap else op)
            x += col.width
        if ops:
            self._out("\n".join(ops))
        self.set_xy(self.l_margin, y + h)

    def para(self, text: str, size: float = 10, bold: bool = False, fill: str | None = None,
             align: str = "L", space: float = 1.0) -> None:
        """A paragraph, line by line as fpdf2's cell(0, h, line, align, fill) places it (the
        text inside the cell margin, or centred; the line's height filled), a page break before
        a line that does not fit; without cell()'s per-fragment machinery."""
        self.font(size, bold)
        colour = rgb(fill)
        if colour:
            self.set_fill_color(*colour)
            self._fill = None
        lh = self.line_h()
        k, top = self.k, self.h
        room = self.w - self.r_margin - self.l_margin - 2 * self.c_margin
        for line in self.lines(printable(text), room):
            self._perform_page_break_if_need_be(lh)
            self.x = self.l_margin
            x, y, w = self.x, self.y, self.w - self.r_margin - self.x
            ops = []
            if colour:
                ops.append(f"{x * k:.2f} {(top - y) * k:.2f} {w * k:.2f} {-lh * k:.2f} re f")
            if line:
                if not self.current_font_is_set_on_page:
                    ops.append(self._set_font_for_page(self.current_font, self.font_size_pt))
                tw = self.width_of(line)
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
    pdf.heading(s.matrix.title, 2)
    pdf.table(_matrix_cols(pdf, s.matrix), _cells(s.matrix), 7)
    pdf.para(o.legend.text, 8)
    pdf.heading(s.per_criterion.title, 2)
    pdf.table(_cols(pdf, s.per_criterion, {"criterion": 16, "title": 0, "count": 22, "percent": 18}),
              _cells(s.per_criterion), 8)
    for line in s.criterion_lines:
        if line.open:  # why there is no share: said once, under the table
            pdf.para(line.text, 8.5, fill="no_threshold", space=0.3)
    for sub in (s.by_district, s.by_province):
        if sub is not None:
            pdf.heading(sub.title, 2)
            pdf.table(_cols(pdf, sub, {"name": 34, "parent": 28, "units": 13, "average": 15, "set_passed": 15,
                                       "set_undecided": 15, "crit": 0}), _cells(sub), 7)
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
    fixed = sum(FIXED.get(tb.columns[j].key, 12) for j in keep if tb.columns[j].key != "crit")
    crit = max(4.5, min(12.0, (avail - fixed) / n)) if n else 0
    scale = min(1.0, (avail - crit * n) / fixed) if fixed else 1.0  # many criteria: names narrower
    cols = []
    for j in keep:
        col = tb.columns[j]
        if col.key == "crit":
            cols.append(Col(col.text, crit, "C", wrap=False))
        else:
            cols.append(Col(col.text, FIXED.get(col.key, 12) * scale, "R" if col.key in NUMERIC else "L",
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
        for p in o.notes:
            pdf.para(p.text, 9, space=0.5)
    pdf.heading(o.errors_heading, 1)
    if o.no_errors:
        pdf.para(o.no_errors, 10)
    for b in o.broken():
        pdf.para(f"{b.name} ({b.source})", 9.5, bold=True, fill="error", space=0.3)
        for p in b.problems:
            pdf.para("    " + p.text, 9, space=0.3)
