"""`--format docx`: an editable Word report (python-docx) — headings as Word's heading styles,
tables whose header row repeats on every printed page and whose rows never split, status
colours as cell shading, "Trang X / Y" and the print date in the footer, the signature block.
This module holds the document machinery and the one-unit report of `check`; the batch report
walks its outline in render/batch/docx.py. Every text from the data is written as literal text
(never a field, never markup). Imported only when a Word document is asked for.

Big tables (a province's matrix) are written as XML rows directly: python-docx's cell API
recomputes the table grid on every access."""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from ntm_eval.messages import format_problem, t
from ntm_eval.render.printed import FILLS, Cell, Signature, UnitDoc, clean, print_date, signature, unit_cells, unit_doc

if TYPE_CHECKING:
    from ntm_eval.results import Outcome

FONT = "Times New Roman"  # the font of Vietnamese administrative documents; Word has it
_TWIPS_PER_MM = 56.7
_W, _P, _R, _T, _BR = qn("w:tc"), qn("w:p"), qn("w:r"), qn("w:t"), qn("w:br")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_ROWS = "ntm-eval-rows-"  # a comment in a table, replaced by its rows when saved
_AFTER_KEEP_NEXT = ("w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
                    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing",
                    "w:ind", "w:jc", "w:rPr")  # what follows w:keepNext in w:pPr


class Report:
    """A Word document on A4 (landscape for a batch) with its text styles and footer."""

    def __init__(self, lang: str, landscape: bool, doc_title: str, generated: str = "",
                 today: _dt.date | None = None) -> None:
        self.lang = lang
        # what save() streams into the document's XML in place of a placeholder comment: each an
        # iterator of XML text (a table's body rows, a run of paragraphs)
        self._pending: list[Callable[[], Iterator[str]]] = []
        self.doc = Document()
        self.doc.core_properties.title = clean(doc_title)[:250]
        self.doc.core_properties.language = "vi-VN" if lang != "en" else "en-GB"
        sec = self.doc.sections[0]
        if landscape:
            sec.orientation = WD_ORIENT.LANDSCAPE
            sec.page_width, sec.page_height = Mm(297), Mm(210)
        else:
            sec.page_width, sec.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(sec, side, Mm(15))
        self.width_mm = (297 if landscape else 210) - 30
        self._styles()
        self._footer(print_date(lang, today), generated)

    def _styles(self) -> None:
        styles = self.doc.styles
        styles["Normal"].font.name = FONT
        styles["Normal"].font.size = Pt(11)
        for name, size in (("Table Text", 8), ("Table Small", 6.5)):
            st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = styles["Normal"]
            st.font.size = Pt(size)
            st.paragraph_format.space_after = Pt(0)
            st.paragraph_format.space_before = Pt(0)
        self.style_ids = {name: styles[name].style_id for name in ("Table Text", "Table Small")}

    def _footer(self, printed: str, generated: str) -> None:
        """"Ngày in: … · Tạo bởi … · Trang X / Y", X and Y as Word fields (PAGE, NUMPAGES)."""
        p = self.doc.sections[0].footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        head = " · ".join(clean(x) for x in (printed, generated) if x)
        text = t("report.page", self.lang, page="\0PAGE\0", pages="\0NUMPAGES\0")
        p.add_run(head + " · " if head else "").font.size = Pt(8)
        for bit in text.split("\0"):
            if bit in ("PAGE", "NUMPAGES"):
                fld = OxmlElement("w:fldSimple")
                fld.set(qn("w:instr"), bit)
                r = OxmlElement("w:r")
                tx = OxmlElement("w:t")
                tx.text = "1"
                r.append(tx)
                fld.append(r)
                p._p.append(fld)
            elif bit:
                p.add_run(bit).font.size = Pt(8)

    # --- text -------------------------------------------------------------------------------
    def heading(self, text: str, level: int = 1) -> None:
        h = self.doc.add_heading(clean(text), level)
        h.paragraph_format.keep_with_next = True

    def para(self, text: str, bold: bool = False, fill: str | None = None, size: float | None = None,
             center: bool = False) -> None:
        p = self.doc.add_paragraph()
        if fill in FILLS:  # first: w:shd comes before w:spacing and w:jc in w:pPr
            p._p.get_or_add_pPr().append(_shading(FILLS[fill]))
        run = p.add_run(clean(text))
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(2)

    def paras_later(self, texts: Iterable[str], size: float | None = None) -> None:
        """`para(text, size=size)` of each text, streamed into the document's XML when it is saved
        (`save`), not built as elements: a province's warnings, one paragraph each, are never an
        XML tree. Each is the XML python-docx makes for its style (one made here, with a stand-in
        text, is the template); a text python-docx would split (tabs, line breaks) is made by it,
        in a scratch document of the same kind."""
        self.para("x", size=size)
        p = _last_paragraph(self.doc)
        head, tail = _fragment(p).split("<w:t>x</w:t>")
        p.addprevious(etree.Comment(f"{_ROWS}{len(self._pending)}"))
        p.getparent().remove(p)

        def xmls() -> Iterator[str]:
            scratch = None
            for text in texts:
                shown = clean(text)
                if shown and not any(ch in shown for ch in "\t\n\r"):
                    space = ' xml:space="preserve"' if len(shown.strip()) < len(shown) else ""
                    yield f"{head}<w:t{space}>{_esc(shown)}</w:t>{tail}"
                    continue
                if scratch is None:
                    scratch = type(self)(self.lang, True, "")
                scratch.para(text, size=size)
                sp = _last_paragraph(scratch.doc)
                yield _fragment(sp)
                sp.getparent().remove(sp)

        self._pending.append(xmls)

    def page_break(self) -> None:
        self.doc.add_page_break()

    # --- tables -----------------------------------------------------------------------------
    def table(self, head: Sequence[str], widths: Sequence[float], rows: Iterable[Sequence[Cell]],
              small: bool = False) -> None:
        """A grid table: the header row repeated on every page (w:tblHeader), rows kept whole
        (w:cantSplit), fixed column widths (mm), cells shaded by status."""
        tb = self.doc.add_table(rows=0, cols=len(head))
        tb.style = self.doc.styles["Table Grid"]
        tb.autofit = False  # w:tblLayout fixed: the widths below hold
        tbl = tb._tbl
        margins = etree.fromstring(f'<w:tblCellMar xmlns:w="{_NS_W}"><w:left w:w="45" w:type="dxa"/>'
                                   '<w:right w:w="45" w:type="dxa"/></w:tblCellMar>')  # narrow: marks fit
        look = tbl.tblPr.find(qn("w:tblLook"))
        if look is not None:
            look.addprevious(margins)
        else:
            tbl.tblPr.append(margins)
        twips = [str(int(w * _TWIPS_PER_MM)) for w in widths]
        for gc, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), twips):
            gc.set(qn("w:w"), w)
        style = self.style_ids["Table Small" if small else "Table Text"]
        _row(tbl, [(h, "head", True) for h in head], twips, style, header=True)
        # the body rows are written when the document is saved, streamed into its XML (save)
        tbl.append(etree.Comment(f"{_ROWS}{len(self._pending)}"))
        self._pending.append(lambda: (_row_xml(row, twips, style) for row in rows))
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def sign(self, sig: Signature) -> None:
        """Place and date; "Người lập biểu" and "Thủ trưởng đơn vị" side by side, each with
        "(Ký, ghi rõ họ tên)" and room to sign; kept on one page."""
        body = self.doc.element.body
        last = body[-2] if len(body) > 1 and body[-1].tag == qn("w:sectPr") else body[-1]
        if last.tag == _P:  # the last line of the report goes with the signatures, not alone before them
            last.get_or_add_pPr().insert_element_before(OxmlElement("w:keepNext"), *_AFTER_KEEP_NEXT)
        self.doc.add_paragraph().paragraph_format.keep_with_next = True
        tb = self.doc.add_table(rows=4, cols=2)
        texts = (("", sig.place_date, False, False), (sig.left, sig.right, True, False),
                 (sig.note, sig.note, False, True), ("", "", False, False))
        for row, (left, right, bold, italic) in zip(tb.rows, texts):
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for cell, text in zip(row.cells, (left, right)):
                p = cell.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.keep_with_next = True
                run = p.add_run(clean(text))
                run.bold = bold or None
                run.italic = italic or None
        tb.rows[3].height = Mm(25)

    def save(self, out: IO[bytes]) -> None:
        """The document, its tables' rows streamed into word/document.xml: a province's matrix
        is never held as an XML tree (python-docx would keep every cell in memory)."""
        buf = io.BytesIO()
        self.doc.save(buf)
        with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                if info.filename != "word/document.xml":
                    zout.writestr(info, zin.read(info), compress_type=zipfile.ZIP_DEFLATED)
                    continue
                pieces = re.split(rb"<!--" + _ROWS.encode() + rb"(\d+)-->", zin.read(info))
                part = zipfile.ZipInfo(info.filename, info.date_time)
                part.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(part, "w", force_zip64=True) as fh:
                    fh.write(pieces[0])
                    for k in range(1, len(pieces), 2):
                        batch: list[str] = []
                        for xml in self._pending[int(pieces[k])]():
                            batch.append(xml)
                            if len(batch) >= 200:
                                fh.write("".join(batch).encode("utf-8"))
                                batch.clear()
                        fh.write("".join(batch).encode("utf-8"))
                        fh.write(pieces[k + 1])


def _last_paragraph(doc):
    """The body's last paragraph (before the closing w:sectPr)."""
    body = doc.element.body
    last = body[-1]
    return last.getprevious() if last.tag == qn("w:sectPr") else last


_XMLNS = re.compile(r' xmlns:\w+="[^"]*"')  # declared once, at the document's root


def _fragment(el) -> str:
    """An element's XML as it stands inside word/document.xml (no namespace declarations)."""
    return _XMLNS.sub("", etree.tostring(el, encoding="unicode"))


def _shading(hex_fill: str):
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    return shd


def _row(tbl, cells: Sequence[Cell], twips: Sequence[str], style: str, header: bool = False) -> None:
    """One table row as XML (lxml), the text literal: lines joined by w:br, nothing parsed."""
    tr = etree.SubElement(tbl, qn("w:tr"))
    tr_pr = etree.SubElement(tr, qn("w:trPr"))
    etree.SubElement(tr_pr, qn("w:cantSplit"))
    if header:
        etree.SubElement(tr_pr, qn("w:tblHeader"))
    for (text, fill, bold), w in zip(cells, twips):
        tc = etree.SubElement(tr, _W)
        tc_pr = etree.SubElement(tc, qn("w:tcPr"))
        tcw = etree.SubElement(tc_pr, qn("w:tcW"))
        tcw.set(qn("w:w"), w)
        tcw.set(qn("w:type"), "dxa")
        if fill in FILLS:
            shd = etree.SubElement(tc_pr, qn("w:shd"))
            shd.set(qn("w:val"), "clear")
            shd.set(qn("w:color"), "auto")
            shd.set(qn("w:fill"), FILLS[fill])
        p = etree.SubElement(tc, _P)
        ppr = etree.SubElement(p, qn("w:pPr"))
        etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), style)
        if text:
            r = etree.SubElement(p, _R)
            if bold:
                etree.SubElement(etree.SubElement(r, qn("w:rPr")), qn("w:b"))
            for n, line in enumerate(clean(text).split("\n")):
                if n:
                    etree.SubElement(r, _BR)
                tx = etree.SubElement(r, _T)
                tx.text = line
                tx.set(_SPACE, "preserve")


def _row_xml(cells: Sequence[Cell], twips: Sequence[str], style: str) -> str:
    """A body row as WordprocessingML text, the same as `_row` builds: every text escaped. A
    cell's XML is made once per text, fill, weight, width and style (a matrix repeats its marks)."""
    out = ["<w:tr><w:trPr><w:cantSplit/></w:trPr>"]
    memo = _CELLS
    for cell, w in zip(cells, twips):
        key = (cell, w, style)
        xml = memo.get(key)
        if xml is None:
            xml = _cell_xml(cell, w, style)
            if len(memo) < _CELLS_MAX:
                memo[key] = xml
        out.append(xml)
    out.append("</w:tr>")
    return "".join(out)


_CELLS: dict[tuple[Cell, str, str], str] = {}  # cell XML by (cell, width, style): a pure function's results
_CELLS_MAX = 8192


def _cell_xml(cell: Cell, w: str, style: str) -> str:
    text, fill, bold = cell
    out = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>']
    if fill in FILLS:
        out.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{FILLS[fill]}"/>')
    out.append(f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>')
    if text:
        out.append("<w:r><w:rPr><w:b/></w:rPr>" if bold else "<w:r>")
        out.append("<w:br/>".join(f'<w:t xml:space="preserve">{_esc(line)}</w:t>'
                                  for line in clean(text).split("\n")))
        out.append("</w:r>")
    out.append("</w:p></w:tc>")
    return "".join(out)


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") if ("&" in s or "<" in s or ">" in s) else s


# --- check: one or more units -------------------------------------------------------------------
UNIT_WIDTHS = (14, 58, 22, 26, 24, 22, 14)  # id, name, value, threshold, gap, result, basis (180 mm)


def render_units(outcomes: Sequence[Outcome], out: IO[bytes], lang: str = "vi",
                 today: _dt.date | None = None, brief: bool = False) -> None:
    """`check --format docx`: each unit from a new page — title, the unit, its criteria and
    indicators table, its summary, the signature block."""
    rep = Report(lang, False, t("report.check_title", lang), today=today)
    for n, o in enumerate(outcomes):
        if n:
            rep.page_break()
        rep.heading(t("report.check_title", lang), 0)
        if o.result is None:
            rep.para(t("report.file_errors", lang, path=o.path), bold=True, fill="error")
        else:
            _unit(rep, unit_doc(o.result, lang, brief), lang)
        for p in o.problems:
            rep.para(format_problem(p, lang), fill="error", size=9)
        rep.sign(signature(lang))
    rep.save(out)


def _unit(rep: Report, doc: UnitDoc, lang: str) -> None:
    if doc.demo:
        rep.para(doc.demo, bold=True, fill="warn")
    rep.para(doc.heading, bold=True, size=13, center=True)
    rep.para(doc.set_line, center=True)
    rep.para(doc.year_line, size=10, center=True)
    rep.heading(t("report.criteria", lang), 1)


    rep.table(doc.columns, UNIT_WIDTHS, unit_cells(doc))
    rep.heading(t("report.summary", lang), 1)
    for text, fill in doc.summary:
        rep.para(text, bold=fill is not None and fill not in ("warn", "missing"), fill=fill, size=10)
