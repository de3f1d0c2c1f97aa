"""Helper T: the batch terminal table made faster (issue 15 item 4) prints the same bytes as the
renderer as it was (tests/t_table_before.py, a frozen copy): on the examples/ batches and
generated ones (long names, Vietnamese diacritics, wide characters, control characters, markup,
more rows than one frame, merged communes), vi and en, at wide and narrow widths, to a file or a
pipe (no colour, the width from COLUMNS or given), and on a colour terminal (styles included)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from ntm_eval.load.catalog import Catalog
from ntm_eval.render.batch import table as new
from ntm_eval.run.batch import run_batch
from test_batch import UNITS, tiny, write_unit  # noqa: F401 (fixture)

import t_table_before as old

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples" / d for d in ("tam-duong", "tam-duong-2023", "sau-sap-xep", "demo")]
WIDTHS = (200, 160, 120, 100, 80, 60, 40)


def _out(mod, rep, lang: str, width: int | None, colour: bool = False) -> str:
    buf = io.StringIO()
    if width is None:  # what `batch --output FILE` does: render(report, fh)
        mod.render(rep, buf, lang)
    else:
        con = Console(file=buf, highlight=False, soft_wrap=False, width=width,
                      **({"force_terminal": True, "color_system": "truecolor"} if colour else {}))
        mod.render_to(rep, con, lang)
    return buf.getvalue()


def _same(rep, langs=("vi", "en"), widths=WIDTHS, colour_widths=(160, 80)) -> None:
    for lang in langs:
        for width in (None, *widths):
            b = _out(new, rep, lang, width)
            try:
                a = _out(old, rep, lang, width)
            except IndexError:  # the old one broke on a narrow console (a by-district table
                assert width is not None and width < 60  # with no chunk fitting): now printed
                assert b.count("\n") > 10
                continue
            assert b == a, (lang, width)
        for width in colour_widths:
            a, b = _out(old, rep, lang, width, True), _out(new, rep, lang, width, True)
            assert "\x1b[" in a and b == a, (lang, width, "colour")


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_examples_as_before(folder: Path):
    with run_batch(str(folder), Catalog(), detail=False) as rep:
        _same(rep)


@pytest.mark.parametrize("columns", ["200", "100", "40"])
def test_width_from_columns_as_before(columns: str, monkeypatch):
    monkeypatch.setenv("COLUMNS", columns)
    with run_batch(str(EXAMPLES[0]), Catalog(), detail=False) as rep:
        for lang in ("vi", "en"):
            assert _out(new, rep, lang, None) == _out(old, rep, lang, None)


def _batch(tmp_path: Path, tiny: Path, names: list[str], districts: list[str] | None = None):  # noqa: F811
    d = tmp_path / "xa"
    for k, name in enumerate(names):
        spec = UNITS["abcd"[k % 4]]
        unit = {**spec["unit"], "name": name}
        if districts is not None:
            unit["district"] = districts[k % len(districts)]
        write_unit(d, f"u{k:04d}", {**spec, "unit": unit})
    root = str(tiny.parent.parent)
    return run_batch(str(d), Catalog((root,)), (root,), "t/tiny-xa", None, 1)


HOSTILE = ["Xã Ẳng Nưa Đạt ưỡn ỹ", "[bold]markup[/bold] & <b>", "tab\there", "bell\x07 cr\r x",
           "一二三四五六七八九十 宽字符 " * 3, "A" * 70, "Một tên xã rất dài " * 4, "", " lead and trail ",
           "Xã Nghĩa Hưng Thượng Phước Lộc Ẳng Đông " * 2, "e\u0301 combining", "👨\u200d👩 family", "x" * 41]


def test_hostile_names_as_before(tmp_path: Path, tiny: Path):  # noqa: F811
    with _batch(tmp_path, tiny, HOSTILE, districts=["D1", "Huyện có tên dài " * 3, "Huyện Ẳng Nưa"]) as rep:
        _same(rep)


def test_many_rows_and_frames_as_before(tmp_path: Path, tiny: Path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(new, "MATRIX_CHUNK", 7)
    monkeypatch.setattr(old, "MATRIX_CHUNK", 7)
    names = [f"Xã Đức Thịnh {k}" for k in range(30)] + ["Xã tên dài " * 6, "Xã Ẳng"]
    with _batch(tmp_path, tiny, names, districts=[f"Huyện {k}" for k in range(5)]) as rep:
        _same(rep, widths=(160, 80, 50), colour_widths=(100,))


def test_merged_communes_as_before(tmp_path: Path):
    d = tmp_path / "xa"
    d.mkdir()
    for p in (ROOT / "examples" / "sau-sap-xep").glob("*.yaml"):
        shutil.copy(p, d / p.name)
    with run_batch(str(d), None, (), None, None, 1) as rep:
        _same(rep)


def test_generated_batch_as_before(tmp_path: Path, monkeypatch):
    """The bench's fictional communes (bench/batch_bench.py): every file carries a warning about
    its province — the long lines the plain path wraps itself — in several frames."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from batch_bench import generate, pick_set
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder = tmp_path / "gen"
    generate(pick_set(None), str(folder), 240)
    monkeypatch.setattr(new, "MATRIX_CHUNK", 100)
    monkeypatch.setattr(old, "MATRIX_CHUNK", 100)
    with run_batch(str(folder), Catalog(), detail=False) as rep:
        assert len(rep.notes) >= 240
        _same(rep, widths=(200, 160, 97, 80, 45), colour_widths=(120,))
