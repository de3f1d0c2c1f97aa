"""The batch Word report's warnings are streamed into word/document.xml when it is saved
(render/batch/docx._Report.paras_later: a province's 100,000 warnings are never an XML tree, issue
15). The document must be the one that building each paragraph with `para` gives, byte for byte:
plain texts, texts with leading or trailing spaces, markup characters, line breaks and tabs (made
by python-docx in a scratch document), empty texts, none at all."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ntm_eval.render.batch.docx import _Report  # the batch report (its para copies the first of a style)

TEXTS = ["x.yaml:6:13: cảnh báo: không có tỉnh “Tỉnh Thử” — gần nhất: —", "  lề trái", "lề phải  ",
         "a & b < c > d", "hai\ndòng", "cột\tkhác", "", "x", "Đ*", "\r lạ"]


def _document(texts: list[str], streamed: bool) -> bytes:
    rep = _Report("vi", True, "Thử")
    rep.para("trước", bold=True)
    if streamed:
        rep.paras_later(iter(texts), size=9)
    else:
        for text in texts:
            rep.para(text, size=9)
    rep.para("sau", size=10)
    out = io.BytesIO()
    rep.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        return z.read("word/document.xml")


@pytest.mark.parametrize("texts", [TEXTS, [], ["chỉ một"], TEXTS * 3])
def test_streamed_paragraphs_are_the_built_ones(texts: list[str]):
    assert _document(texts, True) == _document(texts, False)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("aĐ ế&<>\n\t\"'x1"), max_size=12), max_size=6))
def test_streamed_paragraphs_any_text(texts: list[str]):
    assert _document(texts, True) == _document(texts, False)
