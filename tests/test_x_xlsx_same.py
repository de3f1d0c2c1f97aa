"""Issue 15 item 4: the batch workbook's rows are written as XML text (render/batch/xlsx.py), not
as openpyxl cells; the workbook users get must not change by accident. Every part of the file is
held byte for byte (but docProps: its dates) to the workbook stored in tests/data/expected/xlsx/
— written by the openpyxl-cell writer's replacement when it was proven to give that writer's very
bytes (the frozen copy of the old writer these tests compared with is gone) — on examples/ (vi,
en), a generated batch, spooled rows, fixed lists of awkward names and sheets of every kind of
value. Random names are held to what needs no stored file: the same input gives the same bytes,
the workbook reads back, and every name is in it as written.

Regenerate the stored files only for an intended change: tests/data/expected/regenerate.py."""

from __future__ import annotations

import datetime
import decimal
import io
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _helpers import generated, in_tmp, parts_as_stored, write_named_units
from ntm_eval.load.catalog import Catalog
from ntm_eval.render.batch import xlsx as new
from ntm_eval.run.batch import run_batch
from test_batch import UNITS, tiny, write_unit  # noqa: F401 (fixture shared)
from test_xlsx_print import LONG, NAME

REPO = Path(__file__).resolve().parent.parent


def book(path: Path, lang: str = "vi", set_ref: str | None = None, spool_limit: int = 2000) -> bytes:
    with run_batch(str(path), Catalog(), set_ref=set_ref, spool_limit=spool_limit) as rep:
        out = io.BytesIO()
        new.render(rep, out, lang)
    return out.getvalue()


def parts(data: bytes) -> dict:
    """The workbook's part names, and every part's text but docProps' (the moment of saving)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        return {"names": names, "parts": {n: z.read(n).decode("utf-8") for n in names if not n.startswith("docProps/")}}


def as_stored(file: str, data: bytes) -> None:
    parts_as_stored("xlsx", file, parts(data))


def reads_back(data: bytes):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    for ws in wb:
        assert any(c.value is not None for row in ws.iter_rows() for c in row), ws.title
    return wb


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("example", ["tam-duong", "tam-duong-2023", "sau-sap-xep", "demo"])
def test_examples_unchanged(example: str, lang: str, tmp_path: Path, monkeypatch):
    data = book(in_tmp(tmp_path, monkeypatch, example), lang)
    as_stored(f"{example}-{lang}.json.gz", data)
    reads_back(data)


def test_spooled_rows_unchanged(tmp_path: Path, monkeypatch):
    """Rows read back from the spool (a province's report is not held in memory): the workbook of
    rows held in memory."""
    as_stored("tam-duong-vi.json.gz", book(in_tmp(tmp_path, monkeypatch, "tam-duong"), "vi", spool_limit=1))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_generated_batch_unchanged(tmp_path: Path, monkeypatch, lang: str):
    data = book(generated(tmp_path, monkeypatch, 250), lang)
    as_stored(f"generated-250-{lang}.json.gz", data)
    assert zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml").count(b"<row ") > 250


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


# Names with "&", "<", "=", leading spaces, "\r", control characters, long text (the pieces of
# tests/test_xlsx_print.py's NAME and LONG): the old writer's escaping, row heights and wrapping.
NAMES = {
    "escapes": ["x&&b <a> =SUM(A1)", "x  lead & trail  ", "x\"quoted\" 'single' |*%"],
    "controls": ["x\x01\x1f\x7f bell", "xa\r\nb\tc", "x&P&C&12&\"x\""],
    "long": ["Xã " + "rất dài " * 40, "xĐđ=+-@" * 3],
    "very long": ["Xã " + "rất dài " * 120, "x<" * 20, "x" + "Đạt " * 30],
    "one": ["x"],
}


@pytest.mark.parametrize("case", sorted(NAMES))
def test_fixed_awkward_names_unchanged(tmp_path: Path, tiny: Path, monkeypatch, case: str):
    in_tmp(tmp_path, monkeypatch)
    write_named_units(tmp_path / "d", NAMES[case])
    data = book(Path("d"), "vi", set_ref="criteria/t/tiny-xa.yaml")
    as_stored(f"names-{case.replace(' ', '-')}.json.gz", data)


@settings(max_examples=20, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(names=st.lists(st.one_of(NAME, LONG, st.text(min_size=1, max_size=12).map(lambda s: "x" + s)),
                      min_size=1, max_size=3))
def test_arbitrary_names_give_one_workbook_that_reads_back(tmp_path: Path, tiny: Path, names: list[str]):
    """Any names: the same report gives the same bytes twice (nothing of the moment in the rows),
    the workbook reads back, and every name is in the matrix as written (controls made visible)."""
    write_named_units(tmp_path / "d", names)
    with run_batch(str(tmp_path / "d"), Catalog(), set_ref=str(tiny)) as rep:
        a, b = io.BytesIO(), io.BytesIO()
        new.render(rep, a, "vi")
        new.render(rep, b, "vi")
        code = rep.exit_code
    assert parts(a.getvalue()) == parts(b.getvalue())
    wb = reads_back(a.getvalue())
    m = wb["Ma trận"]
    shown = {m.cell(r, 3).value for r in range(2, m.max_row + 1)}
    if code != 2:  # every unit read (tests/test_xlsx_print.py checks the same of the CLI)
        assert {new.visible_controls(n) for n in names} <= shown


def _sheet_book(rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    s = new._Sheet(wb, "t", [10, 5, 20], "A2", wrap=[False, False, True])
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
    "other kinds": lambda s: [([datetime.date(2024, 1, 2), decimal.Decimal("1.5"), " lead"], True, None)],
    "styled": lambda s: [([s.cell(3.25, pct=True), None, "=SUM(A1)\r\n" + "từ dài " * 20], False, None),
                         ([s.cell(None, pct=True, fill="no_threshold"), s.cell("x", bold=True), None], False, None)],
    "empty": lambda s: [([], False, None), ([None, None, None], False, None), ([None, None], False, ["fail"])],
}


@pytest.mark.parametrize("case", sorted(ROWS))
def test_sheet_rows_of_any_value_unchanged(case: str):
    as_stored(f"sheet-{case.replace(' ', '-')}.json.gz", _sheet_book(ROWS[case]))


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
