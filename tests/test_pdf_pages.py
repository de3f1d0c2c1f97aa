"""PDF pages compressed and set aside as they are finished, the file written as it is made
(render/pdf_pages.py; issue 15: every format streams). Held to fpdf2's own output:

- with nothing set aside, the file is fpdf2's, byte for byte (its /ID included): the producer
  writing to the destination and the /ID from the running hash change nothing;
- with the pages set aside, every page's content stream inflates to the same bytes, and the
  pages, their text and the bookmarks are the same;
- a page's stream from any pieces set aside and any rest inflates to their concatenation."""

from __future__ import annotations

import datetime as _dt
import io
import zlib
from pathlib import Path

import pytest
from fpdf.output import OutputProducer
from fpdf.syntax import PDFContentStream
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from _helpers import generated, in_tmp, pdf_bookmarks
from ntm_eval.load.catalog import Catalog
from ntm_eval.render import pdf as page_pdf
from ntm_eval.render import pdf_pages
from ntm_eval.render.batch import pdf as batch_pdf
from ntm_eval.run.batch import run_batch

TODAY = _dt.date(2026, 12, 4)


class _Plain(OutputProducer):
    """fpdf2's producer as it is (its bytearray), the result handed to the destination."""

    def bufferize(self) -> bytearray:
        buf = super().bufferize()
        self.fpdf.destination += bytes(buf)
        return buf


def _batch_pdf(path: Path, lang: str = "vi") -> bytes:
    buf = io.BytesIO()
    with run_batch(str(path), Catalog(), detail=False) as rep:
        batch_pdf.render(rep, buf, lang, today=TODAY)
    return buf.getvalue()


def _fpdf2s(monkeypatch, make, level: int) -> bytes:
    """What fpdf2 alone writes: nothing set aside, its producer, its compression at `level`."""
    with monkeypatch.context() as m:
        m.setattr(pdf_pages.Pages, "put", lambda self, number, page: None)
        m.setattr(page_pdf, "Producer", _Plain)
        m.setattr(PDFContentStream, "_COMPRESSION_LEVEL", level)
        return make()


def _streams(data: bytes) -> list[bytes]:
    return [p.get_contents().get_data() for p in PdfReader(io.BytesIO(data)).pages]


def _view(data: bytes) -> tuple:
    reader = PdfReader(io.BytesIO(data))
    return [p.extract_text() for p in reader.pages], pdf_bookmarks(reader), reader.metadata.title


@pytest.fixture
def one_moment(monkeypatch):
    """Every document made at the same moment (its date is in the file and in its /ID)."""
    finish = page_pdf.Report.finish

    def at_noon(self, out, generated=""):
        self.creation_date = _dt.datetime(2026, 12, 4, 12, 0, 0, tzinfo=_dt.timezone.utc)
        return finish(self, out, generated)

    monkeypatch.setattr(page_pdf.Report, "finish", at_noon)


@pytest.mark.parametrize("example", ["tam-duong", "demo"])
def test_nothing_set_aside_is_fpdf2s_file_byte_for_byte(tmp_path, monkeypatch, one_moment, example):
    folder = in_tmp(tmp_path, monkeypatch, example)
    level = batch_pdf._Report.compression
    with monkeypatch.context() as m:
        m.setattr(pdf_pages.Pages, "put", lambda self, number, page: None)
        m.setattr(PDFContentStream, "_COMPRESSION_LEVEL", level)  # the font's streams at our pages' level
        m.setattr(pdf_pages, "_mem_level", lambda size: 8)  # zlib.compress's memory for every page
        ours = _batch_pdf(folder)
    theirs = _fpdf2s(monkeypatch, lambda: _batch_pdf(folder), level)
    assert ours == theirs


def test_pages_set_aside_inflate_to_fpdf2s_content(tmp_path, monkeypatch):
    folder = generated(tmp_path, monkeypatch, 300)
    ours = _batch_pdf(folder)
    theirs = _fpdf2s(monkeypatch, lambda: _batch_pdf(folder), batch_pdf._Report.compression)
    assert len(_streams(ours)) > 10  # many pages, each set aside as the next began
    assert _streams(ours) == _streams(theirs)
    assert _view(ours) == _view(theirs)
    assert ours != theirs  # the streams are made differently (pieces), not fpdf2's after all


def test_check_report_streams_too(tmp_path, monkeypatch):
    """`check --format pdf` (the base Report, zlib's default level) is held the same way."""
    from ntm_eval.run.check import check_files

    in_tmp(tmp_path, monkeypatch)
    root = Path(__file__).resolve().parent.parent / "examples"
    files = [str(root / name) for name in ("tan-linh-2024.yaml", "xa-nhom-2-2026.yaml", "cam-xuyen-cam-binh-2021.yaml")]
    outcomes = check_files(files, Catalog(), None, None, True)

    def make() -> bytes:
        buf = io.BytesIO()
        page_pdf.render_units(outcomes, buf, "vi", today=TODAY)
        return buf.getvalue()

    ours = make()
    assert _streams(ours) == _streams(_fpdf2s(monkeypatch, make, -1))
    assert len(_streams(ours)) >= 2


def test_pages_memory_holds_no_page_content(tmp_path, monkeypatch):
    """Once a page is finished, fpdf2's page keeps nothing of it: the spool does."""
    rep = batch_pdf._Report("vi", True, "t", TODAY)
    for k in range(400):
        rep.para(f"Xã Thử {k} — một dòng cảnh báo đủ dài để chiếm một dòng của trang", 9)
    assert rep.pages_count > 3
    assert all(not rep.pages[n].contents for n in range(1, rep.pages_count))
    assert rep.pages[rep.pages_count].contents  # the page being written
    out = io.BytesIO()
    rep.finish(out)
    texts = [p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages]
    assert f"Trang {rep.pages_count} / {rep.pages_count}" in texts[-1]
    assert "Xã Thử 0 " in texts[0] and "Xã Thử 399 " in texts[-1]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=3000), max_size=5), st.binary(max_size=2000),
       st.sampled_from([-1, 0, 1, 6, 9]), st.integers(1, 3))
def test_a_pages_stream_inflates_to_what_was_written(pieces, rest, level, number):
    pages = pdf_pages.Pages(level)
    other = type("Page", (), {})()
    other.contents = bytearray(b"another page, set aside between the pieces")
    for piece in pieces:
        page = type("Page", (), {})()
        page.contents = bytearray(piece)
        pages.put(number, page)
        assert page.contents == bytearray()
        pages.put(number + 1, other)
    try:
        stream = pages.stream(number, rest)
        assert zlib.decompress(stream) == b"".join(pieces) + rest
    finally:
        pages.close()


def test_the_spool_goes_to_disk_past_its_limit(monkeypatch):
    monkeypatch.setattr(pdf_pages, "IN_MEMORY", 1000)
    pages = pdf_pages.Pages(1)
    data = [bytes(range(256)) * 40 for _ in range(5)]
    for n, d in enumerate(data, 1):
        page = type("Page", (), {})()
        page.contents = bytearray(d)
        pages.put(n, page)
    assert pages._file._rolled  # the pieces are on disk, not in memory
    assert [zlib.decompress(pages.stream(n, b"")) for n in range(1, 6)] == data
    pages.close()


@pytest.mark.parametrize("gap", [18.0, 22.0, 26.0, 30.0, 40.0])
def test_a_heading_is_never_left_above_a_table_on_the_next_page(gap):
    """A heading followed by a table whose header row is tall moves to the next page with it
    when the table cannot start under it (the new-user pass found "Theo tỉnh" alone at a foot)."""
    from ntm_eval.render.pdf import Col

    rep = batch_pdf._Report("vi", True, "t", TODAY)
    while rep.get_y() < rep.page_break_trigger - gap - 6:
        rep.para("một dòng", 9, space=0)
    cols = [Col("Bình quân tiêu chí/xã đạt chuẩn theo tỉnh", 15), Col("Số xã", 13), Col("Tỉnh", 40)]
    rep.heading("Theo tỉnh", 2, keep=rep.table_room(cols, 7))
    page = rep.page
    rep.table(cols, [(("1", None, False), ("2", None, False), ("P", None, False))], 7)
    assert rep.page == page  # the table began under its heading


def test_a_long_indicator_code_stays_on_one_line_in_the_check_report(tmp_path, monkeypatch):
    """The code column widens for a set whose codes are names (the new-user pass saw
    "4.dien-nt" / "m°?" in the check PDF)."""
    from ntm_eval.run.check import check_files

    in_tmp(tmp_path, monkeypatch)
    src = Path(__file__).resolve().parent.parent / "examples" / "tam-duong" / "xa" / "son-binh-2024.yaml"
    buf = io.BytesIO()
    page_pdf.render_units(check_files([str(src)], Catalog()), buf, "vi", today=TODAY)
    lines = [line for p in PdfReader(io.BytesIO(buf.getvalue())).pages for line in p.extract_text().split("\n")]
    assert any(line.strip().startswith("18.binh-dang-gioi") for line in lines)
    assert not any(line.strip().startswith("-gioi") for line in lines)
    assert any("Tạo bởi ntm-eval" in line and "Trang 1 /" in line for line in lines)  # the batch report's foot
