"""Issue 12: the batch HTML and XLSX reports carry each criterion's guiding / responsible agency
(`Criterion.agency`) in the per-criterion table and the "Theo tiêu chí" sheet."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from test_batch import TINY, UNITS, run, write_unit

ROOT = Path(__file__).resolve().parents[1]
TAM_DUONG = ROOT / "examples" / "tam-duong" / "xa"
HEAD = "Cơ quan hướng dẫn / phụ trách"
EVIL_AGENCY = '<b onmouseover="x()">Bộ GTVT</b> & =SUM(1)'


@pytest.fixture
def agency_set(tmp_path: Path) -> Path:
    """The tiny set, with an agency (markup, a formula) on criterion 2 only."""
    text = TINY.replace("    title: Giao thông\n", f"    title: Giao thông\n    agency: '{EVIL_AGENCY}'\n", 1)
    assert EVIL_AGENCY in text
    p = tmp_path / "criteria" / "t" / "tiny-xa.yaml"
    p.parent.mkdir(parents=True)
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def units(tmp_path: Path, agency_set: Path) -> Path:
    d = tmp_path / "xa"
    for stem, spec in UNITS.items():
        write_unit(d, stem, spec)
    return d


def _criteria_sheet(path: Path) -> list[list]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return [[c.value for c in row] for row in wb["Theo tiêu chí"].iter_rows()]


def test_set_info_agencies_default_and_from_the_set():
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.results import SetInfo
    from ntm_eval.run.batch import set_info

    assert SetInfo("x", "X", "xa", (("1", "A", None),)).agencies == ()
    cset = Catalog(()).get("vn/2021-2025/xa-ntm")
    info = set_info(cset)
    assert len(info.agencies) == len(info.criteria)
    by_id = dict(zip((c[0] for c in info.criteria), info.agencies))
    assert by_id["1"] is None and by_id["5"].startswith("Bộ Giáo dục và Đào tạo")


def test_xlsx_criteria_sheet_has_the_agency_column(tmp_path: Path):
    out = tmp_path / "r.xlsx"
    r = run(TAM_DUONG, "--format", "xlsx", "--output", out)
    assert r.exit_code in (0, 1), r.output
    rows = _criteria_sheet(out)
    head = rows[0]
    assert head[-1] == HEAD and head[:3] == ["Bộ tiêu chí", "Tiêu chí", "Tên tiêu chí"]
    col = len(head) - 1
    xa = {row[1]: row[col] for row in rows[1:] if row[0] == "vn/2021-2025/xa-ntm"}
    assert xa["1"] is None  # the set names no agency for criterion 1: empty
    assert xa["5"] == "Bộ Giáo dục và Đào tạo (QĐ 1491/QĐ-BGDĐT)"
    assert xa["4"].startswith("Bộ Công Thương")
    assert all(isinstance(v, str) for k, v in xa.items() if k != "1" and v is not None)


def test_xlsx_agency_is_text_never_a_formula(units: Path, agency_set: Path, tmp_path: Path):
    from openpyxl import load_workbook

    out = tmp_path / "e.xlsx"
    run(units, "--set", agency_set, "--format", "xlsx", "--output", out)
    ws = load_workbook(out)["Theo tiêu chí"]
    rows = [[c for c in row] for row in ws.iter_rows()]
    assert rows[0][-1].value == HEAD
    cells = {row[1].value: row[-1] for row in rows[1:]}
    assert cells["2"].value == EVIL_AGENCY and cells["2"].data_type == "s"
    assert cells["1"].value is None and cells["3"].value is None


def test_html_per_criterion_table_has_the_agency_escaped(units: Path, agency_set: Path, tmp_path: Path):
    out = tmp_path / "r.html"
    run(units, "--set", agency_set, "--format", "html", "--output", out)
    page = out.read_text(encoding="utf-8")
    assert f'<th class="agency">{html.escape(HEAD)}</th>' in page
    assert f'<td class="agency">{html.escape(EVIL_AGENCY)}</td>' in page
    assert EVIL_AGENCY not in page and "<b onmouseover" not in page
    assert page.count('<td class="agency"></td>') == 2  # criteria 1 and 3 name none


def test_html_national_set_names_the_agencies(tmp_path: Path):
    out = tmp_path / "r.html"
    run(TAM_DUONG, "--format", "html", "--output", out)
    page = out.read_text(encoding="utf-8")
    tables = [part[:part.index("</table>")] for part in page.split('<table class="per-criterion">')[1:]]
    assert tables and all(html.escape(HEAD) in tb for tb in tables)
    # the agency cell comes right after the criterion's title
    assert any('<td>5</td><td>Trường học</td><td class="agency">Bộ Giáo dục và Đào tạo (QĐ 1491/QĐ-BGDĐT)</td>'
               in tb for tb in tables)
    assert any('<td>1</td><td>Quy hoạch</td><td class="agency"></td>' in tb for tb in tables)


def test_text_and_markdown_reports_unchanged(units: Path, agency_set: Path):
    assert HEAD not in run(units, "--set", agency_set, "--format", "md").stdout
