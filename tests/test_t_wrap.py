"""Helper T: the plain batch table's string wrapping (`table._wrap`) and cell widths
(`table._cells`) are rich's own, for any text: the same lines as `Text(text).wrap(console,
width)`, the same widths as `rich.cells.cell_len` — on words of one-cell letters, Vietnamese,
wide (CJK) characters, odd whitespace, zero-width and emoji sequences, at narrow and wide widths."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ntm_eval.render.batch import table as tbl

PIECES = ["a", "xã", "Đức", "ưỡn", "ỹ", " ", "  ", "\u3000", "\xa0", "\x1c", "\u2028", "一", "宽字符", "-", ";",
          "e\u0301", "\u200d", "\ufe0f", "👍", "👨\u200d👩", "x" * 30, "từ ", "2025-12-31; "]
TEXT = st.lists(st.sampled_from(PIECES), max_size=80).map("".join) | st.text(max_size=300)


def _rich(text: str, width: int) -> str:
    con = Console(file=io.StringIO(), width=width, color_system=None)
    return "\n".join(line.plain for line in Text(text).wrap(con, width))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.integers(min_value=1, max_value=170))
def test_wrap_is_rich_wrap(text: str, width: int):
    text = tbl._strip(text)
    if "\n" in text or "\t" in text:
        return  # _say leaves those to rich
    got = tbl._wrap(text, width)
    if got is not None:
        assert got == _rich(text, width)
    if tbl._is_one(text):
        one = tbl._wrap_one(text, width)
        assert one is None or one == _rich(text, width)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_cells_is_cell_len(text: str):
    assert tbl._cells(text) == cell_len(text)
    assert tbl._cells(text) == cell_len(text)  # again, with what the first call learnt


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.integers(min_value=10, max_value=170))
def test_say_is_print(text: str, width: int):
    fast, slow = io.StringIO(), io.StringIO()
    tbl._say(Console(file=fast, width=width, highlight=False, soft_wrap=False, color_system=None), text)
    Console(file=slow, width=width, highlight=False, soft_wrap=False, color_system=None).print(Text(text))
    assert fast.getvalue() == slow.getvalue()


@pytest.mark.parametrize("width", [1, 2, 5, 12, 40, 80, 160])
@pytest.mark.parametrize("text", [
    "  /tmp/x/huyen-001/xa-00001.yaml:6:13: cảnh báo: không có tỉnh/thành phố “Tỉnh Thử Nghiệm” trong danh mục "
    "đơn vị hành chính vào ngày 2025-12-31; tên chính thức gần nhất: —",
    "   leading spaces then words " * 5, "word" * 50 + " tail", "a " * 200, " " * 300, "x", "",
    "ends with spaces" + " " * 100, "一二三四五六七八九十 宽字符 " * 6, "Xã Ẳng Nưa\u3000Đạt\xa0ưỡn ỹ " * 9])
def test_wrap_examples(text: str, width: int):
    got = tbl._wrap(text, width)
    assert got is None or got == _rich(text, width)
    fast, slow = io.StringIO(), io.StringIO()
    tbl._say(Console(file=fast, width=width, highlight=False, soft_wrap=False, color_system=None), text)
    Console(file=slow, width=width, highlight=False, soft_wrap=False, color_system=None).print(Text(text))
    assert fast.getvalue() == slow.getvalue()


@pytest.mark.parametrize("text", ["aaxãĐứce\u0301  ", "Xa\u0303 Đu\u031bc  ", "e\u0301" * 12 + "   "])
def test_combining_marks_then_spaces(text: str):
    """Fewer cells than characters, spaces at the end: rich crops the spaces past the width
    (counted in characters) even though the line fits in cells; so does the plain path."""
    for width in (8, 10, 12, 14):
        fast, slow = io.StringIO(), io.StringIO()
        tbl._say(Console(file=fast, width=width, highlight=False, soft_wrap=False, color_system=None), text)
        Console(file=slow, width=width, highlight=False, soft_wrap=False, color_system=None).print(Text(text))
        assert fast.getvalue() == slow.getvalue(), width


def test_the_fast_paths_are_taken():
    """The warnings of a province (one-cell text, words that fit) never need rich."""
    line = ("  /tmp/x/huyen-001/xa-00001.yaml:6:13: cảnh báo: không có tỉnh/thành phố “Tỉnh Thử Nghiệm” "
            "trong danh mục đơn vị hành chính vào ngày 2025-12-31; tên chính thức gần nhất: —")
    tbl._cells(line)  # learns its letters
    assert tbl._is_one(line)
    assert tbl._wrap(line, 80) == _rich(line, 80)
