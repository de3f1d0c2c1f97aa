"""Issue 14: every batch format shows the units a commune was formed from on 1/7/2025 —
"Hợp nhất từ: Thị trấn Tam Đường (03390); Xã Bình Lư (03412); Xã Sơn Bình (03413)" — as a column
(md, html, pdf, docx), a line under the unit's name (table), or the codes in a column that reads
back as `merged_from` (csv, xlsx: the names in the cell's comment); escaped in HTML, and absent
(no empty column) when no unit of the batch has predecessors."""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
import unicodedata
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pypdf import PdfReader

from ntm_eval.cli import main_group
from ntm_eval.render.batch import render_text
from ntm_eval.run.batch import collect, stream_units

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sau-sap-xep" / "binh-lu-2026.yaml"
NAMES = ("Thị trấn Tam Đường (03390)", "Xã Bình Lư (03412)", "Xã Sơn Bình (03413)")
LINE_VI = "Hợp nhất từ: " + "; ".join(NAMES)
LINE_EN = "Formed from: " + "; ".join(NAMES)
CODES = "03390; 03412; 03413"
TEXT_FORMATS = ("table", "md", "html", "csv")
FILE_FORMATS = ("xlsx", "pdf", "docx")


def _plain(text: str) -> str:
    """The example without its `merged_from` line: the same commune, no predecessors."""
    return "".join(line + "\n" for line in text.splitlines() if "merged_from" not in line)


@pytest.fixture
def merged(tmp_path: Path) -> Path:
    """A folder of two communes of the same set: one formed from three old units, one without."""
    d = tmp_path / "xa"
    d.mkdir()
    shutil.copy(EXAMPLE, d / "a-binh-lu.yaml")
    (d / "b-khong.yaml").write_text(_plain(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    return d


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    d = tmp_path / "plain"
    d.mkdir()
    (d / "b-khong.yaml").write_text(_plain(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    return d


def _run(folder: Path, fmt: str, out: Path | None = None, *extra: str) -> str:
    args = ["batch", str(folder), "--format", fmt, "--no-cache", *extra]
    if out is not None:
        args += ["-o", str(out)]
    r = CliRunner().invoke(main_group, args, catch_exceptions=False)
    assert r.exit_code in (0, 1), r.output
    return r.stdout


def _flat(s: str) -> str:
    """Terminal text with the box drawing and line breaks gone: what a reader reads."""
    for ch in "│┃":
        s = s.replace(ch, " ")
    return " ".join(s.split())


def _pdf(path: Path) -> str:
    return " ".join(unicodedata.normalize("NFC", p.extract_text()) for p in PdfReader(path).pages)


def _docx_cells(path: Path) -> list[str]:
    return [c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells]


def test_table_shows_the_line_under_the_unit_name(merged: Path):
    out = _run(merged, "table", None)
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "Hợp nhất từ:" in line)
    assert "Bình Lư" in lines[at - 1]  # under the name, in the name's column
    flat = _flat("\n".join(lines[at:at + 4]))
    for name in NAMES:
        assert name.split(" (")[1].rstrip(")") in flat
    assert out.count("Hợp nhất từ:") == 1  # the commune without predecessors has no line
    en = _flat(_run(merged, "table", None, "--lang", "en"))
    assert "Formed from: Thị trấn Tam Đường (03390);" in en


def test_md_has_a_predecessors_column(merged: Path):
    out = _run(merged, "md")
    head = next(line for line in out.splitlines() if line.startswith("| STT |"))
    assert "| Hợp nhất từ |" in head
    row = next(line for line in out.splitlines() if "03412" in line)
    assert "; ".join(NAMES) in row
    # the commune without predecessors: an empty cell in that column, never a shifted row
    cells = [line.split(" | ") for line in out.splitlines() if line.startswith("| ") and "0/10" in line]
    assert len({len(c) for c in cells}) == 1 and len(cells) == 2
    assert "| Formed from |" in _run(merged, "md", None, "--lang", "en")


def test_html_has_the_column_and_escapes_the_names(merged: Path):
    out = _run(merged, "html")
    assert "<th>Hợp nhất từ</th>" in out
    assert "<td>" + "; ".join(NAMES) + "</td>" in out
    # names from the data go through html.escape
    rows = []
    for row, info in stream_units(str(merged), detail=True):
        if getattr(row, "merged_from", None):
            row = dataclasses.replace(row, merged_from=(("03412", "<b>Xã</b> & \"A\""),))
        rows.append((row, info))
    with collect(iter(rows), str(merged)) as rep:
        buf = io.StringIO()
        render_text("html", rep, buf)
    html = buf.getvalue()
    assert "<b>Xã</b>" not in html
    assert "&lt;b&gt;Xã&lt;/b&gt; &amp; &quot;A&quot; (03412)" in html


def test_csv_has_the_codes_in_a_column_that_reads_back(merged: Path, tmp_path: Path):
    out = tmp_path / "r.csv"
    _run(merged, "csv", out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    j = rows[0].index("Hợp nhất từ (mã xã cũ)")
    assert rows[0][j - 1] == "Tên đơn vị"
    by_file = {r[1].rsplit("/", 1)[-1]: r for r in rows[1:]}
    assert by_file["a-binh-lu.yaml"][j] == CODES and by_file["b-khong.yaml"][j] == ""
    assert len({len(r) for r in rows}) == 1
    back = tmp_path / "back.json"
    _run(out, "json", back, "--group", "2")
    import json

    rep = json.loads(back.read_text(encoding="utf-8"))
    got = {u["name"]: u.get("merged_from") for s in rep["sets"] for u in s["units"] if u.get("merged_from")}
    assert [p["code"] for p in got["Bình Lư"]] == ["03390", "03412", "03413"]


def test_xlsx_matrix_has_the_codes_and_the_names_in_a_comment(merged: Path, tmp_path: Path):
    out = tmp_path / "r.xlsx"
    _run(merged, "xlsx", out)
    ws = load_workbook(out)["Ma trận"]
    head = [c.value for c in ws[1]]
    j = head.index("Hợp nhất từ (mã xã cũ)")
    cells = {ws.cell(row=i, column=2).value.rsplit("/", 1)[-1]: ws.cell(row=i, column=j + 1) for i in (2, 3)}
    assert cells["a-binh-lu.yaml"].value == CODES and cells["b-khong.yaml"].value is None
    assert cells["a-binh-lu.yaml"].comment.text == LINE_VI
    assert cells["b-khong.yaml"].comment is None
    en = tmp_path / "en.xlsx"
    _run(merged, "xlsx", en, "--lang", "en")
    ws = load_workbook(en)["Matrix"] if "Matrix" in load_workbook(en).sheetnames else load_workbook(en).worksheets[1]
    head = [c.value for c in ws[1]]
    j = head.index("merged_from")
    assert any((ws.cell(row=i, column=j + 1).comment or None) and ws.cell(row=i, column=j + 1).comment.text == LINE_EN
               for i in (2, 3))


def test_pdf_and_docx_have_the_predecessors_column(merged: Path, tmp_path: Path):
    pdf = tmp_path / "r.pdf"
    _run(merged, "pdf", pdf)
    text = " ".join(_pdf(pdf).split())
    assert "Hợp nhất từ" in text
    for name in NAMES:
        assert name.split(" (")[1].rstrip(")") in text
    assert "Tam Đường" in text
    word = tmp_path / "r.docx"
    _run(merged, "docx", word)
    cells = _docx_cells(word)
    assert "Hợp nhất từ" in cells and "; ".join(NAMES) in cells
    en = tmp_path / "en.docx"
    _run(merged, "docx", en, "--lang", "en")
    assert "Formed from" in _docx_cells(en)


@pytest.mark.parametrize("fmt", TEXT_FORMATS + FILE_FORMATS)
def test_no_predecessors_no_column(plain: Path, tmp_path: Path, fmt: str):
    if fmt in FILE_FORMATS:
        out = tmp_path / f"r.{fmt}"
        _run(plain, fmt, out)
        if fmt == "xlsx":
            text = " ".join(str(c.value) for ws in load_workbook(out).worksheets for r in ws.iter_rows() for c in r)
        elif fmt == "pdf":
            text = _pdf(out)
        else:
            text = " ".join(_docx_cells(out))
    else:
        text = _run(plain, fmt)
    assert "Hợp nhất từ" not in text and "03412" not in text
