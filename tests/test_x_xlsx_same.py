"""Issue 15 item 4: the batch workbook's rows are written as XML text (render/batch/xlsx.py), not
as openpyxl cells; the workbook users get is unchanged. Held to the previous writer (kept in
tests/x_old_xlsx.py): every part of the file the same bytes (but docProps: its dates), and, read
back with openpyxl, every cell the same (value, type, bold, font, fill, number format, alignment,
comment) with the same merged ranges, widths, heights, panes, autofilter, print titles and page
setup — on examples/ (vi, en), a generated batch, spooled rows, and arbitrary names."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import x_old_xlsx as old
from ntm_eval.load.catalog import Catalog
from ntm_eval.render.batch import xlsx as new
from ntm_eval.run.batch import run_batch
from test_batch import UNITS, tiny, write_unit  # noqa: F401 (fixture shared)
from test_xlsx_print import LONG, NAME

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))


def books(path: Path, lang: str = "vi", set_ref: str | None = None, spool_limit: int = 2000) -> tuple[bytes, bytes]:
    with run_batch(str(path), Catalog(), set_ref=set_ref, spool_limit=spool_limit) as rep:
        a, b = io.BytesIO(), io.BytesIO()
        old.render(rep, a, lang)
        new.render(rep, b, lang)
    return a.getvalue(), b.getvalue()


def same_parts(a: bytes, b: bytes) -> None:
    za, zb = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(b))
    assert za.namelist() == zb.namelist()
    for name in za.namelist():
        if not name.startswith("docProps/"):
            assert za.read(name) == zb.read(name), name


def _font(c):
    f = c.font
    return (f.b, f.i, f.sz, f.name, f.color.rgb if f.color is not None else None)


def _fill(c):
    f = c.fill
    return (f.fill_type, f.fgColor.rgb if f.fgColor is not None else None)


def _align(c):
    a = c.alignment
    return (a.wrap_text, a.vertical, a.horizontal)


def sheet_facts(ws) -> dict:
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None and not c.has_style and c.comment is None:
                continue
            cells[c.coordinate] = (c.value, c.data_type, _font(c), _fill(c), c.number_format, _align(c),
                                   c.comment.text if c.comment is not None else None)
    ps = ws.page_setup
    return {
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "widths": {k: d.width for k, d in ws.column_dimensions.items()},
        "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height is not None},
        "freeze": ws.freeze_panes,
        "filter": ws.auto_filter.ref,
        "titles": (ws.print_title_rows, ws.print_title_cols),
        "page": (ps.orientation, ps.paperSize, ps.fitToWidth, ps.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage,
                 ws.print_options.gridLines, ws.page_margins.left, ws.page_margins.top),
        "hf": (ws.oddHeader.left.text, ws.oddHeader.center.text, ws.oddHeader.right.text,
               ws.oddFooter.left.text, ws.oddFooter.right.text),
    }


def same_cells(a: bytes, b: bytes) -> None:
    from openpyxl import load_workbook

    wa, wb = load_workbook(io.BytesIO(a)), load_workbook(io.BytesIO(b))
    assert wa.sheetnames == wb.sheetnames
    for name in wa.sheetnames:
        fa, fb = sheet_facts(wa[name]), sheet_facts(wb[name])
        assert fa["cells"], name
        for key in fa:
            assert fa[key] == fb[key], (name, key)


def same(a: bytes, b: bytes) -> None:
    same_parts(a, b)
    same_cells(a, b)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("example", ["tam-duong", "tam-duong-2023", "sau-sap-xep", "demo"])
def test_examples_unchanged(example: str, lang: str):
    same(*books(REPO / "examples" / example, lang))


def test_spooled_rows_unchanged():
    """Rows read back from the spool (a province's report is not held in memory)."""
    same(*books(REPO / "examples" / "tam-duong", "vi", spool_limit=1))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_generated_batch_unchanged(tmp_path: Path, lang: str):
    from batch_bench import generate, pick_set

    d = tmp_path / "gen"
    generate(pick_set(None), str(d), 250)
    a, b = books(d, lang)
    same(a, b)
    assert zipfile.ZipFile(io.BytesIO(b)).read("xl/worksheets/sheet2.xml").count(b"<row ") > 250


def test_undecodable_file_name_is_shown(tmp_path: Path, tiny: Path):
    """A file name's undecodable byte (a lone surrogate, which XML cannot hold) is shown as "\\udcff",
    never a broken workbook (the previous writer stopped with a traceback)."""
    from openpyxl import load_workbook

    d = tmp_path / "xa"
    write_unit(d, "a", UNITS["a"])
    odd = Path(str(d / "b") + "\udcff.yaml")
    try:
        (d / "a.yaml").rename(odd)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes no such name")
    with run_batch(str(d), Catalog(), set_ref=str(tiny)) as rep:
        out = io.BytesIO()
        new.render(rep, out, "vi")
    wb = load_workbook(io.BytesIO(out.getvalue()))
    texts = {c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert any("\\udcff" in s for s in texts)
    assert not any("\udcff" in s for s in texts)


def test_visible_controls_shows_what_xml_cannot_hold():
    assert new.visible_controls("a\x01\udcff\ufffe\x9f\r\t\n") == "a\\x01\\udcff\\ufffe\\x9f\r\t\n"
    assert new.visible_controls("Đạt 😀") == "Đạt 😀"


@settings(max_examples=20, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(names=st.lists(st.one_of(NAME, LONG, st.text(min_size=1, max_size=12).map(lambda s: "x" + s)),
                      min_size=1, max_size=3))
def test_arbitrary_names_unchanged(tmp_path: Path, tiny: Path, names: list[str]):
    """Names with "&", "<", "=", leading spaces, "\\r", control characters, long text: the same
    workbook as before (the old writer's escaping, row heights and wrapping)."""
    d = tmp_path / "d"
    if d.exists():
        for p in d.iterdir():
            p.unlink()
    for i, name in enumerate(names):
        write_unit(d, f"u{i}", {"unit": {**UNITS["a"]["unit"], "name": name, "district": name[:30]},
                                "values": UNITS["a"]["values"]})
    same(*books(d, "vi", set_ref=str(tiny)))


def _sheet_book(mod, rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    s = mod._Sheet(wb, "t", [10, 5, 20], "A2", wrap=[False, False, True])
    s.line("Tiêu đề & <b>", 3, bold=True, fill="warn")
    s.line("Người:", 3, lead="x")
    s.head(["a", "b", "c"], fills=["pass", None, None])
    for r in rows(s):
        s.row(r[0], bold=r[1], fills=r[2])
    s.filter()
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


ROWS = {  # values of every kind a row may hold, styles, tall rows, empty rows
    "numbers": lambda s: [([0.0, -0.0, 1e20], False, ["pass", None, "fail"]), ([10**17, 2.5, 3], False, None)],
    "nan": lambda s: [([float("nan"), float("inf"), True], False, None), ([False, None, ""], True, None)],
    "other kinds": lambda s: [([__import__("datetime").date(2024, 1, 2), __import__("decimal").Decimal("1.5"),
                                " lead"], True, None)],
    "styled": lambda s: [([s.cell(3.25, pct=True), None, "=SUM(A1)\r\n" + "từ dài " * 20], False, None),
                         ([s.cell(None, pct=True, fill="no_threshold"), s.cell("x", bold=True), None], False, None)],
    "empty": lambda s: [([], False, None), ([None, None, None], False, None), ([None, None], False, ["fail"])],
}


@pytest.mark.parametrize("case", sorted(ROWS))
def test_sheet_rows_of_any_value_unchanged(case: str):
    same(_sheet_book(old, ROWS[case]), _sheet_book(new, ROWS[case]))


def test_openpyxl_imported_without_numpy():
    """The workbook writer imports openpyxl with numpy hidden (~12 MiB, ~0.2 s a run); numpy stays
    importable afterwards, and a workbook's numbers are still numbers."""
    import subprocess

    code = ("import sys, io\n"
            "import ntm_eval.render.batch.xlsx\n"
            "assert 'numpy' not in sys.modules, 'numpy loaded'\n"
            "from openpyxl.compat.numbers import NUMERIC_TYPES\n"
            "assert float in NUMERIC_TYPES\n"
            "try:\n"
            "    import numpy\n"
            "except ImportError:\n"
            "    pass\n"
            "print('ok')\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO))
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr
