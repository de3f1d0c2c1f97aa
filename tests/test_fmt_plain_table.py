"""The terminal report written to a file or a pipe (no colours) skips rich's layout for the
matrix rows and the lines that need none (issue 15: the table format of 10,000 communes spent
most of its time in rich). It must print exactly what rich prints: the same report rendered with
the plain path and with rich (the path a colour terminal takes, forced here) is byte for byte
the same — for hostile names (long, wide, tabs, control characters, markup), merged communes,
and more rows than one rich frame holds."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from ntm_eval.render.batch import table as tbl
from ntm_eval.run.batch import run_batch
from _helpers import tiny_batch
from test_batch import tiny  # noqa: F401 (fixture)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sau-sap-xep" / "binh-lu-2026.yaml"


def _both(report, lang: str = "vi", width: int | None = None) -> tuple[str, str]:
    outs = []
    for plain in (True, False):
        buf = io.StringIO()
        con = Console(file=buf, highlight=False, soft_wrap=False, width=width or 160, color_system=None)
        orig = tbl._plain
        tbl._plain = (lambda c: orig(c)) if plain else (lambda c: False)  # type: ignore[assignment]
        try:
            tbl.render_to(report, con, lang)
        finally:
            tbl._plain = orig  # type: ignore[assignment]
        outs.append(buf.getvalue())
    return outs[0], outs[1]


HOSTILE = ["Xã Ẳng Nưa Đạt ưỡn ỹ", "[bold]markup[/bold] & <b>", "tab\there", "bell\x07 cr\r x",
           "一二三四五六七八九十 宽字符 " * 3, "A" * 70, "Một tên xã rất dài " * 4, "", " lead and trail "]


def test_plain_matrix_and_lines_are_what_rich_prints(tmp_path: Path, tiny: Path):  # noqa: F811
    with tiny_batch(tmp_path, tiny, HOSTILE, districts=["D1", "Huyện có tên dài " * 3]) as rep:
        for lang in ("vi", "en"):
            for width in (160, 100, 80):
                fast, slow = _both(rep, lang, width)
                assert fast == slow, (lang, width)


def test_more_rows_than_one_frame(tmp_path: Path, tiny: Path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(tbl, "MATRIX_CHUNK", 7)  # frames of 7 rows: 3 frames and a short one
    with tiny_batch(tmp_path, tiny, [f"Xã {k}" for k in range(21)] + ["Xã tên dài " * 6]) as rep:
        fast, slow = _both(rep)
    assert fast == slow
    assert fast.count("┌") >= 3  # the frames after the first have a plain top edge


def test_merged_commune_line_under_its_name(tmp_path: Path):
    d = tmp_path / "xa"
    d.mkdir()
    shutil.copy(EXAMPLE, d / "a.yaml")
    with run_batch(str(d), None, (), None, None, 1) as rep:
        fast, slow = _both(rep)
    assert fast == slow and "Hợp nhất từ: Thị trấn Tam Đường (03390);" in fast


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.integers(min_value=20, max_value=200))
def test_a_line_is_what_rich_prints(text: str, width: int):
    fast, slow = io.StringIO(), io.StringIO()
    tbl._say(Console(file=fast, width=width, highlight=False, soft_wrap=False, color_system=None), text)
    Console(file=slow, width=width, highlight=False, soft_wrap=False, color_system=None).print(Text(text))
    assert fast.getvalue() == slow.getvalue()


@pytest.mark.parametrize("text", ["", " ", "a  b", "x" * 300, "từ " * 80, "\x1b[31mred", "a\nb", "  indented " * 20])
def test_edge_lines(text: str):
    fast, slow = io.StringIO(), io.StringIO()
    tbl._say(Console(file=fast, width=60, highlight=False, soft_wrap=False, color_system=None), text)
    Console(file=slow, width=60, highlight=False, soft_wrap=False, color_system=None).print(Text(text))
    assert fast.getvalue() == slow.getvalue()


_WORDS = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠạảấầẩẫậ一宽 ", min_size=0, max_size=14)
_NAME = st.lists(_WORDS, min_size=1, max_size=7).map(" ".join)
_COUNTER = iter(range(10**9))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(_NAME, min_size=1, max_size=12), st.lists(_NAME, min_size=1, max_size=5),
       st.sampled_from([60, 80, 100, 160]), st.sampled_from(["vi", "en"]))
def test_rows_that_wrap_are_what_rich_prints(tmp_path: Path, tiny: Path, names, districts, width, lang):  # noqa: F811
    """Names and districts longer than their columns (narrow consoles shrink them): the plain
    path writes the wrapped rows itself — the matrix's and the by-district table's — and they
    are rich's lines, byte for byte."""
    sub = tmp_path / f"ex{next(_COUNTER)}"
    sub.mkdir()
    with tiny_batch(sub, tiny, names, districts=districts) as rep:
        fast, slow = _both(rep, lang, width)
    assert fast == slow


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.text(alphabet="ab đẠ一 ", max_size=14), min_size=3, max_size=3), max_size=8),
       st.sampled_from([40, 80]))
@example([["aaaaaa ", "", ""]], 40)  # longer than its column by a space: wraps to one line
@example([["ab", "x  ", "y  "]], 40)  # right and centre: the end's spaces stripped first
def test_any_cells_in_any_alignment_are_what_rich_prints(rows, width):
    """`_plain_chunk` beside `_rich_chunk` on columns of each alignment, wrapping or not, with
    texts that end in spaces (rich strips them before aligning right or centre)."""
    def new_table(first: bool) -> tbl.Table:
        t = tbl.Table(header_style="bold", pad_edge=False, show_header=first)
        t.add_column("L", overflow="fold", width=6)
        t.add_column("R", justify="right", width=7)
        t.add_column("C", justify="center", no_wrap=True, width=8)
        return t

    def cells_of(row):
        return [Text(x) for x in row]

    outs = []
    for plain in (True, False):
        buf = io.StringIO()
        con = Console(file=buf, highlight=False, soft_wrap=False, width=width, color_system=None)
        if plain:
            tbl._plain_chunk(rows, con, new_table, cells_of, list, 0, 3)
        else:
            tbl._rich_chunk(rows, con, new_table, cells_of, 3)
        outs.append(buf.getvalue())
    assert outs[0] == outs[1]


def test_a_long_indicator_code_is_not_cut_on_a_wide_console():
    """A set whose codes are names ("18.binh-dang-gioi") gets a code column wide enough for
    them on a wide console (the new-user pass saw "18.binh-dang" / "-gioi°?"); the plain
    writer and rich print the same."""
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.render.plain import PlainConsole
    from ntm_eval.render.table import render_unit
    from ntm_eval.run.check import check_files

    src = Path(__file__).resolve().parent.parent / "examples" / "tam-duong" / "xa" / "son-binh-2024.yaml"
    (outcome,) = check_files([str(src)], Catalog())
    plain, fancy = io.StringIO(), io.StringIO()
    render_unit(outcome.result, PlainConsole(plain, 160), "vi")
    render_unit(outcome.result, Console(file=fancy, highlight=False, soft_wrap=False, width=160,
                                        color_system=None), "vi")
    assert "18.binh-dang-gioi°?" in plain.getvalue()
    assert plain.getvalue() == fancy.getvalue()
