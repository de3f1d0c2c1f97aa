"""Helper T: the batch terminal table made faster (issue 15 item 4) prints what the renderer
printed before it: the text stored in tests/data/expected/table/ — written when a frozen copy of
the old renderer (since removed) printed those very bytes — on the examples/ batches and
generated ones (long names, Vietnamese diacritics, wide characters, control characters, markup,
more rows than one frame, merged communes), vi and en, at wide and narrow widths, to a file or a
pipe (no colour, the width from COLUMNS or given), and on a colour terminal (styles included).

Each stored file holds every variant of one input (a "=== vi width=80 ... ===" line before
each). Where the old renderer broke (an IndexError on a narrow console: a by-district table with
no chunk fitting), the stored text is the one the new one prints.

Regenerate the stored files only for an intended change: tests/data/expected/regenerate.py."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from _helpers import generated, in_tmp, join_variants, split_variants, stored, tiny_batch
from ntm_eval.load.catalog import Catalog
from ntm_eval.render.batch import table as new
from ntm_eval.run.batch import run_batch
from test_batch import tiny  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("tam-duong", "tam-duong-2023", "sau-sap-xep", "demo")
WIDTHS = (200, 160, 120, 100, 80, 60, 40)


@pytest.fixture(autouse=True)
def _no_terminal_settings(monkeypatch):
    """What the environment tells rich (width, colour) is the test's own, not the machine's."""
    for name in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
                 "JUPYTER_COLUMNS", "JUPYTER_LINES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def _out(rep, lang: str, width: int | None, colour: bool = False) -> str:
    buf = io.StringIO()
    if width is None:  # what `batch --output FILE` does: render(report, fh)
        new.render(rep, buf, lang)
    else:
        con = Console(file=buf, highlight=False, soft_wrap=False, width=width,
                      **({"force_terminal": True, "color_system": "truecolor"} if colour else {}))
        new.render_to(rep, con, lang)
    return buf.getvalue()


def _variants(rep, langs=("vi", "en"), widths=WIDTHS, colour_widths=(160, 80)) -> dict[str, str]:
    out: dict[str, str] = {}
    for lang in langs:
        for width in (None, *widths):
            out[f"{lang} width={width or 'file'}"] = _out(rep, lang, width)
        for width in colour_widths:
            out[f"{lang} width={width} colour"] = _out(rep, lang, width, True)
            assert "\x1b[" in out[f"{lang} width={width} colour"]
    return out


def _as_stored(file: str, got: dict[str, str]) -> None:
    want = split_variants(stored("table", file, join_variants(got)))
    assert list(got) == list(want)
    for key, text in got.items():
        assert text == want[key], key


@pytest.mark.parametrize("example", EXAMPLES)
def test_examples_as_before(example: str, tmp_path: Path, monkeypatch):
    with run_batch(str(in_tmp(tmp_path, monkeypatch, example)), Catalog(), detail=False) as rep:
        _as_stored(f"{example}.txt.gz", _variants(rep))


def test_width_from_columns_as_before(tmp_path: Path, monkeypatch):
    """`render(report, file)` takes COLUMNS when wider than 160."""
    with run_batch(str(in_tmp(tmp_path, monkeypatch, "tam-duong")), Catalog(), detail=False) as rep:
        got = {}
        for columns in ("200", "100", "40"):
            monkeypatch.setenv("COLUMNS", columns)
            for lang in ("vi", "en"):
                got[f"{lang} COLUMNS={columns}"] = _out(rep, lang, None)
    _as_stored("tam-duong-columns.txt.gz", got)


HOSTILE = ["Xã Ẳng Nưa Đạt ưỡn ỹ", "[bold]markup[/bold] & <b>", "tab\there", "bell\x07 cr\r x",
           "一二三四五六七八九十 宽字符 " * 3, "A" * 70, "Một tên xã rất dài " * 4, "", " lead and trail ",
           "Xã Nghĩa Hưng Thượng Phước Lộc Ẳng Đông " * 2, "e\u0301 combining", "👨\u200d👩 family", "x" * 41]


def test_hostile_names_as_before(tmp_path: Path, tiny: Path, monkeypatch):  # noqa: F811
    in_tmp(tmp_path, monkeypatch)
    with tiny_batch(tmp_path, tiny, HOSTILE, ["D1", "Huyện có tên dài " * 3, "Huyện Ẳng Nưa"], relative=True) as rep:
        _as_stored("hostile-names.txt.gz", _variants(rep))


def test_many_rows_and_frames_as_before(tmp_path: Path, tiny: Path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(new, "MATRIX_CHUNK", 7)
    in_tmp(tmp_path, monkeypatch)
    names = [f"Xã Đức Thịnh {k}" for k in range(30)] + ["Xã tên dài " * 6, "Xã Ẳng"]
    with tiny_batch(tmp_path, tiny, names, [f"Huyện {k}" for k in range(5)], relative=True) as rep:
        _as_stored("many-rows.txt.gz", _variants(rep, widths=(160, 80, 50), colour_widths=(100,)))


def test_merged_communes_as_before(tmp_path: Path, monkeypatch):
    in_tmp(tmp_path, monkeypatch)
    d = tmp_path / "xa"
    d.mkdir()
    for p in (ROOT / "examples" / "sau-sap-xep").glob("*.yaml"):
        shutil.copy(p, d / p.name)
    with run_batch("xa", None, (), None, None, 1) as rep:
        _as_stored("merged-communes.txt.gz", _variants(rep))


def test_generated_batch_as_before(tmp_path: Path, monkeypatch):
    """The bench's fictional communes (bench/batch_bench.py): every file carries a warning about
    its province — the long lines the plain path wraps itself — in several frames."""
    folder = generated(tmp_path, monkeypatch, 240)
    monkeypatch.setattr(new, "MATRIX_CHUNK", 100)
    with run_batch(str(folder), Catalog(), detail=False) as rep:
        assert len(rep.notes) >= 240
        _as_stored("generated-240.txt.gz", _variants(rep, widths=(200, 160, 97, 80, 45), colour_widths=(120,)))
