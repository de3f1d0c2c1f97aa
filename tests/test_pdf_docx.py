"""`--format pdf` and `--format docx` (issue 13): A4 pages, the Vietnamese font embedded, every
diacritic surviving text extraction, header rows repeated, page numbers, the signature block;
Word heading styles, repeated header rows, literal text; arbitrary names never crash."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from ntm_eval.cli import main_group
from ntm_eval.render.docx import render_units as docx_units
from ntm_eval.render.pdf import REPLACEMENT, glyphs, printable
from ntm_eval.render.pdf import render_units as pdf_units
from ntm_eval.results import CriterionResult, IndicatorResult, Outcome, UnitResult
from test_batch import UNITS, tiny, write_unit  # noqa: F401 (fixture)

HOSTILE = "Xã Ẳng Nưa Đạt ưỡn ỹ"
LETTERS = "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐơưƠƯ"
LITERAL = "<w:t>x</w:t> & {nb} =SUM(A1) \\x"
A4 = (595.28, 841.89)  # points


def cli(*args: object):
    return CliRunner().invoke(main_group, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def units(tmp_path: Path, tiny: Path) -> Path:  # noqa: F811 (fixture)
    """Four communes; the first named with every hard Vietnamese letter, the second literally."""
    d = tmp_path / "xa"
    names = {"a": HOSTILE, "b": f"{LETTERS} {LITERAL}", "c": "C", "d": "D"}
    for stem, spec in UNITS.items():
        write_unit(d, stem, {**spec, "unit": {**spec["unit"], "name": names[stem]}})
    return d


@pytest.fixture
def many(tmp_path: Path, tiny: Path) -> Path:  # noqa: F811 (fixture)
    """Enough communes for the matrix to run over several pages."""
    d = tmp_path / "many"
    for k in range(90):
        spec = UNITS["abcd"[k % 4]]
        write_unit(d, f"u{k:03d}", {**spec, "unit": {**spec["unit"], "name": f"Xã Thử {k}"}})
    return d


def pdf_text(path: Path) -> list[str]:
    return [unicodedata.normalize("NFC", p.extract_text()) for p in PdfReader(path).pages]


def embedded_fonts(path: Path) -> list[tuple[str, bool]]:
    """(base font, has /FontFile2) of every font the pages use."""
    seen = []
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            seen.append((str(font["/BaseFont"]), "/FontFile2" in desc))
    return seen


# --- PDF ------------------------------------------------------------------------------------------

def test_batch_pdf_keeps_every_diacritic_and_embeds_the_font(units: Path, tiny: Path, tmp_path: Path):  # noqa: F811
    out = tmp_path / "r.pdf"
    r = cli("batch", units, "--set", tiny, "-o", out)  # the format from the suffix
    assert r.exit_code == 1, r.output
    reader = PdfReader(out)
    assert len(reader.pages) > 0
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (841.9, 595.3)  # A4 landscape
    text = "\n".join(pdf_text(out))
    assert HOSTILE in text
    for ch in LETTERS:
        assert ch in text, ch
    assert "{nb}" in text  # no page-count alias swallowed the data
    fonts = embedded_fonts(out)
    assert fonts and all(has for _, has in fonts) and all("DejaVu" in name for name, _ in fonts)
    assert "Trang 1 / " in pdf_text(out)[0] and "Ngày in:" in pdf_text(out)[0]
    last = pdf_text(out)[-1]
    for word in ("Người lập biểu", "Thủ trưởng đơn vị", "(Ký, ghi rõ họ tên)"):
        assert word in last
    if shutil.which("pdftotext"):  # a second, independent reader where present
        got = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, check=True).stdout
        assert HOSTILE in unicodedata.normalize("NFC", got.decode("utf-8"))


def test_batch_pdf_repeats_the_matrix_header_on_every_page(many: Path, tiny: Path, tmp_path: Path):  # noqa: F811
    out = tmp_path / "r.pdf"
    assert cli("batch", many, "--set", tiny, "--format", "pdf", "-o", out).exit_code == 1
    pages = pdf_text(out)
    matrix_pages = [p for p in pages if "Xã Thử" in p]
    assert len(matrix_pages) >= 2
    for p in matrix_pages:
        assert "STT" in p and "Đơn vị" in p and "TC1" in p
    n = len(pages)
    assert all(f"Trang {i} / {n}" in p for i, p in enumerate(pages, start=1))


def test_check_pdf_is_a4_portrait_with_values_thresholds_and_gaps(units: Path, tiny: Path, tmp_path: Path):  # noqa: F811
    out = tmp_path / "c.pdf"
    r = cli("check", units / "b.yaml", "--set", tiny, "--format", "pdf", "-o", out)
    assert r.exit_code == 1, r.output
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4
    text = "\n".join(pdf_text(out))
    for want in ("Giá trị", "Ngưỡng", "Còn thiếu", "Kết quả", "Căn cứ", "≥ 80%", "70% (7/10)", "Chưa đạt",
                 "thiếu 10%", "Số liệu", "Kết quả: CHƯA ĐẠT", "Người lập biểu", "Thủ trưởng đơn vị"):
        assert want in text, want
    assert all(has for _, has in embedded_fonts(out))


def test_binary_formats_need_an_output_file(units: Path, tiny: Path, tmp_path: Path):  # noqa: F811
    for args in (("check", units / "a.yaml", "--set", tiny, "--format", "pdf"),
                 ("batch", units, "--set", tiny, "--format", "docx"),
                 ("batch", units, "--set", tiny, "--format", "pdf", "-o", "-")):
        r = cli(*args)
        assert r.exit_code == 2 and "--output" in r.stderr
    clash = cli("check", units / "a.yaml", "--set", tiny, "--format", "docx", "-o", tmp_path / "x.pdf")
    assert clash.exit_code == 2 and not (tmp_path / "x.pdf").exists()
    assert cli("check", units / "a.yaml", "--set", tiny, "-o", units / "a.yaml").exit_code == 2  # never over an input


def test_missing_glyphs_are_replaced_visibly_never_dropped():
    s = printable("Đạt 😀 \x01 q\u0303")
    assert REPLACEMENT in s and "\\x01" in s and "Đạt" in s
    assert all(ord(ch) in glyphs() for ch in s)
    needed = "≥≤–…✓✗≠·•⚠" + LETTERS + LETTERS.upper()
    assert [ch for ch in needed if ord(ch) not in glyphs()] == []


# --- DOCX -----------------------------------------------------------------------------------------

def test_batch_docx_headings_matrix_header_repeat_and_signature(units: Path, tiny: Path, tmp_path: Path):  # noqa: F811
    out = tmp_path / "r.docx"
    r = cli("batch", units, "--set", tiny, "-o", out)
    assert r.exit_code == 1, r.output
    d = docx.Document(str(out))
    sec = d.sections[0]
    assert round(sec.page_width.mm) == 297 and round(sec.page_height.mm) == 210  # A4 landscape
    styles = [(p.style.name, p.text) for p in d.paragraphs]
    assert ("Title", "Kết quả đánh giá nông thôn mới hàng loạt") in styles
    assert any(s == "Heading 1" and "Bộ tiêu chí" in text for s, text in styles)
    assert any(s == "Heading 2" and text.startswith("Ma trận") for s, text in styles)
    matrix = next(t for t in d.tables if t.rows[0].cells[0].text == "STT")
    head = [c.text for c in matrix.rows[0].cells]
    assert head[:3] == ["STT", "Đơn vị", "Huyện"] and "TC1" in head
    assert "w:tblHeader" in matrix.rows[0]._tr.xml
    assert all("w:tblHeader" not in row._tr.xml for row in matrix.rows[1:])
    names = [row.cells[1].text for row in matrix.rows[1:]]
    assert HOSTILE in names and f"{LETTERS} {LITERAL}" in names  # literal text, nothing interpreted
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    for word in ("Người lập biểu", "Thủ trưởng đơn vị", "(Ký, ghi rõ họ tên)"):
        assert word in cells
    footer = sec.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer and "Ngày in:" in footer


def test_check_docx_in_english(units: Path, tiny: Path, tmp_path: Path):  # noqa: F811
    out = tmp_path / "c.docx"
    r = cli("check", units / "b.yaml", units / "a.yaml", "--set", tiny, "--lang", "en", "-o", out)
    assert r.exit_code == 1, r.output
    d = docx.Document(str(out))
    assert round(d.sections[0].page_width.mm) == 210
    tables = [t for t in d.tables if t.rows[0].cells[0].text == "Id"]
    assert len(tables) == 2  # one per unit
    assert [c.text for c in tables[0].rows[0].cells] == ["Id", "Criterion / indicator", "Value", "Threshold", "Gap",
                                                         "Result", "Basis"]
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Result: NOT MET" in text and HOSTILE in text
    assert "Prepared by" in [c.text for t in d.tables for row in t.rows for c in row.cells]


# --- arbitrary names --------------------------------------------------------------------------------

def _unit(name: str) -> UnitResult:
    ind = IndicatorResult(id="1.1", title=name, status="fail", value=3.0, op=">=", threshold=5.0, unit="km",
                          gap=2.0, basis="computed", evidence=(name,), source_short=name)
    crit = CriterionResult(id="1", title=name, status="fail", indicators=[ind], basis="computed")
    return UnitResult(file=f"{name}.yaml", unit={"name": name, "level": "xa", "district": name},
                      criteria_set="t/x", set_title=name, set_status="demo", year=2024, date="2024-12-31",
                      status="fail", criteria=[crit], indicators_known=1, indicators_encoded=1, indicators_declared=2)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=60))
def test_arbitrary_unit_names_never_crash_pdf_or_docx(name: str):
    outcomes = [Outcome(path="x.yaml", result=_unit(name))]
    buf = io.BytesIO()
    pdf_units(outcomes, buf, "vi")
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    assert len(reader.pages) > 0
    buf = io.BytesIO()
    docx_units(outcomes, buf, "en")
    d = docx.Document(io.BytesIO(buf.getvalue()))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    from ntm_eval.render.printed import clean

    assert clean(name) in cells  # the title, literal (control characters shown as escapes)


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=3))
def test_arbitrary_names_in_a_batch_never_crash_pdf_or_docx(tmp_path: Path, tiny: Path, names: list[str]):  # noqa: F811
    import tempfile

    from ntm_eval.load.catalog import Catalog
    from ntm_eval.render.batch.docx import render as batch_docx
    from ntm_eval.render.batch.pdf import render as batch_pdf
    from ntm_eval.run.batch import run_batch

    with tempfile.TemporaryDirectory(dir=tmp_path) as d:
        for k, name in enumerate(names):
            spec = UNITS["abcd"[k % 4]]
            write_unit(Path(d), f"u{k}", {**spec, "unit": {**spec["unit"], "name": name, "district": name}})
        catalog = Catalog((str(tiny.parent.parent),))
        report = run_batch(d, catalog, (str(tiny.parent.parent),), "t/tiny-xa", None, 1)
        with report:
            pdf, doc = io.BytesIO(), io.BytesIO()
            batch_pdf(report, pdf, "vi")
            batch_docx(report, doc, "vi")
    assert len(PdfReader(io.BytesIO(pdf.getvalue())).pages) > 0
    assert docx.Document(io.BytesIO(doc.getvalue())).paragraphs[0].text


def test_brief_keeps_only_what_is_not_met(units: Path, tiny: Path, tmp_path: Path):  # noqa: F811
    full, brief = tmp_path / "full.docx", tmp_path / "brief.docx"
    assert cli("check", units / "b.yaml", "--set", tiny, "-o", full).exit_code == 1
    assert cli("check", units / "b.yaml", "--set", tiny, "--brief", "-o", brief).exit_code == 1

    def ids(path: Path) -> list[str]:
        table = next(t for t in docx.Document(str(path)).tables if t.rows[0].cells[0].text == "Mã")
        return [row.cells[0].text.strip() for row in table.rows[1:]]

    assert ids(full) == ["1", "1", "2", "2.1", "2.10", "3", "3"]
    assert ids(brief) == ["1", "1", "2", "2.1"]  # 2.10 and criterion 3 are met
    out = tmp_path / "brief.pdf"
    assert cli("check", units / "b.yaml", "--set", tiny, "--brief", "-o", out).exit_code == 1
    text = "\n".join(pdf_text(out))
    assert "Tỷ lệ thôn có đường" in text and "Tỷ lệ hộ nghèo" not in text


def test_pdf_outline_and_the_shipped_font(units: Path, tiny: Path, tmp_path: Path):  # noqa: F811
    from ntm_eval.render.pdf import FONT_DIR, FONT_FILES

    out = tmp_path / "c.pdf"
    assert cli("check", units / "a.yaml", units / "c.yaml", "--set", tiny, "-o", out).exit_code == 1
    top = [x.title for x in PdfReader(out).outline if not isinstance(x, list)]
    assert top == [f"{HOSTILE}, D1, P", "xã C, D2, P"]  # a bookmark per unit
    for name in FONT_FILES.values():  # installed with the package (wheel), never looked up on the system
        assert (FONT_DIR / name).stat().st_size > 50_000
    assert "Bitstream" in (FONT_DIR / "LICENSE.txt").read_text(encoding="utf-8")
