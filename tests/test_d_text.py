"""The printed reports' text helpers made faster (helper D) give what they gave before: clean()
(NFC, tabs, control characters, surrogates) and printable() (glyphs the font lacks). On a fixed,
seeded list of texts they give what is stored in tests/data/expected/text/ (written when a frozen
copy of the old helpers, since removed, gave the same); on any text they keep what they promise
(a property test needing no old code). The batch PDF's own string encoding equals fpdf2's
encode_text.

Regenerate the stored files only for an intended change: tests/data/expected/regenerate.py."""

from __future__ import annotations

import io
import random
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from _helpers import as_json, stored_json
from ntm_eval.render import pdf as new_pdf
from ntm_eval.render import printed as new_printed
from ntm_eval.render.batch import pdf as batch_pdf

ALPHABET = ("aăâbđeêoôơuưyÀÁẢÃẠạảấầẩẫậ\u0300\u0301\u0303\u0309\u0323\t\n\r\x00\x1f\x7f\x85\x9f\ufffe\uffff"
            " ()\\☃𝔘\u00a0\u2028\ud800")
TEXT = st.one_of(st.text(), st.text(alphabet=st.characters(codec="utf-8")), st.text(alphabet=ALPHABET))


def _seeded_texts() -> list[str]:
    """300 texts: the alphabet above, any code point (surrogates, other planes), and the two mixed."""
    rnd = random.Random(2026)
    out = []
    for k in range(300):
        n = rnd.randrange(0, 40)
        if k % 3 == 0:
            out.append("".join(rnd.choice(ALPHABET) for _ in range(n)))
        elif k % 3 == 1:
            out.append("".join(chr(rnd.randrange(0, 0x110000) if rnd.random() < 0.3 else rnd.randrange(0, 0x3000))
                               for _ in range(n)))
        else:
            out.append("".join(rnd.choice(ALPHABET) if rnd.random() < 0.5 else chr(rnd.randrange(0x80, 0x2100))
                               for _ in range(n)))
    return out


def test_clean_and_printable_as_before():
    got = [[s, new_printed.clean(s), new_pdf.printable(s)] for s in _seeded_texts()]
    want = stored_json("text", "clean-printable.json", got)
    assert len(want) == len(got)
    for (s, c, p), (ws, wc, wp) in zip(as_json(got), want):
        assert s == ws, "the seeded texts are not the stored ones"
        assert (c, p) == (wc, wp), s


_ESCAPED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\t\ud800-\udfff]")


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_clean_and_printable_keep_their_word(s: str):
    """clean: no control character, tab or surrogate left (each shown as "\\x..", a space or
    U+FFFD), text that holds none of them only made NFC, the result always NFC and cleaning it
    again changes nothing (a combining mark after an escaped control, "\\x0e" + U+0323, sits on
    a dotted circle, not on the escape's "e"); printable: the clean text with exactly the
    characters the font lacks (never the line break) made U+FFFD."""
    c = new_printed.clean(s)
    assert not _ESCAPED.search(c)
    assert unicodedata.is_normalized("NFC", c)
    assert new_printed.clean(c) == c
    if not _ESCAPED.search(s):
        assert c == unicodedata.normalize("NFC", s)
    p = new_pdf.printable(s)
    have = new_pdf.glyphs()
    assert len(p) == len(c)
    for a, b in zip(c, p):
        assert b == (a if a == "\n" or ord(a) in have else new_pdf.REPLACEMENT)


def test_a_mark_after_an_escape_stands_on_a_dotted_circle():
    assert new_printed.clean("a\x0e\u0301b") == "a\\x0e\u25cc\u0301b"
    assert new_printed.clean("\x01\u0323\u0300") == "\\x01\u25cc\u0323\u0300"


def test_clean_of_none_and_numbers():
    assert [new_printed.clean(v) for v in (None, 0, 1.5, "", "Xã Đạt", "Xa\u0303 \t\x01")] == \
        ["", "0", "1.5", "", "Xã Đạt", "Xã  \\x01"]


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
