"""The printed reports' text helpers made faster (helper D) give what they gave before: clean()
(NFC, tabs, control characters, surrogates) and printable() (glyphs the font lacks), on any text;
the batch PDF's own string encoding equals fpdf2's encode_text."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from d_legacy import pdf as old_pdf
from d_legacy import printed as old_printed
from ntm_eval.render import pdf as new_pdf
from ntm_eval.render import printed as new_printed
from ntm_eval.render.batch import pdf as batch_pdf

TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8")),
    st.text(alphabet="aăâbđeêoôơuưyÀÁẢÃẠạảấầẩẫậ\u0300\u0301\u0303\u0309\u0323\t\n\r\x00\x1f\x7f\x85\x9f\ufffe\uffff"
                     " ()\\☃𝔘\u00a0\u2028\ud800"),
)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_clean_and_printable_as_before(s: str):
    assert new_printed.clean(s) == old_printed.clean(s)
    assert new_pdf.printable(s) == old_pdf.printable(s)


def test_clean_of_none_and_numbers():
    for v in (None, 0, 1.5, "", "Xã Đạt"):
        assert new_printed.clean(v) == old_printed.clean(v)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=8), st.booleans())
def test_encoded_equals_fpdf2_encode_text(texts: list[str], bold: bool):
    """The codes the batch PDF writes equal fpdf2's for the same texts in the same order (the
    subset's places are handed out in the order characters are first used)."""
    if not _PAIR:  # one pair for every example (making a report reads the font): the same uses in both
        _PAIR.extend((batch_pdf._Report("vi", True, "t"), batch_pdf._Report("vi", True, "t")))
    mine, theirs = _PAIR
    mine.font(8, bold)
    theirs.font(8, bold)
    for s in texts:
        s = new_pdf.printable(s)
        assert mine._encoded(s) == theirs.current_font.encode_text(s)


_PAIR: list = []


def test_a_report_with_every_code_still_writes():
    rep = batch_pdf._Report("vi", True, "t")
    rep.para("Xã Đạt (x) \\ ☃ " + "".join(map(chr, range(0x1EA0, 0x1EFA))), 9)
    out = io.BytesIO()
    rep.finish(out)
    assert out.getvalue().startswith(b"%PDF")


@settings(max_examples=300, deadline=None)
@given(TEXT, st.floats(min_value=1, max_value=280), st.sampled_from([7.0, 9.0, 10.0]), st.booleans())
def test_line_widths_are_what_width_of_measures(s: str, room: float, size: float, bold: bool):
    """The widths lines() hands the paragraph are each line's own width (whole font units)."""
    if not _PAIR:
        _PAIR.extend((batch_pdf._Report("vi", True, "t"), batch_pdf._Report("vi", True, "t")))
    rep = _PAIR[0]
    rep.font(size, bold)
    widths: list[int] = []
    lines = rep.lines(new_pdf.printable(s), room, widths)
    assert lines == rep.lines(new_pdf.printable(s), room)
    assert [w * rep.font_size_pt * 0.001 / rep.k for w in widths] == [rep.width_of(line) for line in lines]
