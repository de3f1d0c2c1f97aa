"""Issue 13, deliverable 2: the batch workbook is print-ready. Opened with openpyxl (normal mode):
A4 landscape, one page wide, the header row repeated on every page (the matrix: the unit's
columns too), frozen panes, an autofilter over each table, every header cell filled, widths
that never cut a header, a real summary table, shares as numbers or empty cells (never "—"),
page header and footer — and no openpyxl warning. Arbitrary unit and folder names (with "&",
"=", control characters, long text) never break the workbook or its page header."""

from __future__ import annotations

import html
import json
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _helpers import write_named_units
from ntm_eval.render.batch.xlsx import header_text, visible_controls
from test_batch import PARTIAL, UNITS, folder, run, tiny, write_unit  # noqa: F401 (fixtures shared)
from test_diff import crit, two_years  # noqa: F401 (the diff's fixture)
from test_diff import run as diff_run

REPO = Path(__file__).resolve().parent.parent
TAM_DUONG = REPO / "examples" / "tam-duong"
SHEETS = ["Tổng hợp", "Ma trận", "Theo tiêu chí", "Theo huyện", "Đơn vị trực thuộc", "Lỗi"]


def load(path: Path):
    """The workbook, any openpyxl warning ("Cannot parse header or footer") an error."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return load_workbook(path)


def batch_xlsx(tmp_path: Path, *args: Any, name: str = "r.xlsx") -> Path:
    out = tmp_path / name
    r = run(*args, "--format", "xlsx", "--output", out)
    assert r.exit_code in (0, 1), r.output
    return out


@pytest.fixture
def tam_duong(tmp_path: Path) -> Path:
    return batch_xlsx(tmp_path, TAM_DUONG)


@pytest.fixture
def partial_folder(tmp_path: Path, folder: Path) -> tuple[Path, Path]:
    """The four communes judged with a set that lacks thresholds: criterion 3 undecided."""
    p = tmp_path / "criteria" / "t" / "partial.yaml"
    p.write_text(PARTIAL.replace("id: t/tiny-xa\n", "id: t/partial\n"), encoding="utf-8")
    return folder, p


def table(ws) -> tuple[int, int, int]:
    """(header row, last column, last row) of the sheet's autofilter."""
    from openpyxl.utils.cell import range_boundaries

    assert ws.auto_filter.ref, ws.title
    min_col, min_row, max_col, max_row = range_boundaries(ws.auto_filter.ref)
    assert min_col == 1
    return min_row, max_col, max_row


def header(ws) -> list[Any]:
    row, last, _ = table(ws)
    return [ws.cell(row, c).value for c in range(1, last + 1)]


def raw_headers(path: Path) -> dict[str, tuple[str, str]]:
    """Sheet name → (oddHeader, oddFooter) exactly as written in the file."""
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        names = [html.unescape(n) for n in re.findall(r'<sheet [^>]*name="([^"]*)"', book)]
        out = {}
        for i, name in enumerate(names, start=1):
            xml = z.read(f"xl/worksheets/sheet{i}.xml").decode()
            get = [re.search(f"<{tag}>(.*?)</{tag}>", xml, re.S) for tag in ("oddHeader", "oddFooter")]
            out[name] = tuple(html.unescape(m.group(1)) if m else "" for m in get)
        return out


_CODES = set("ADPNTFZGBIUESXY")


def decode(hf: str) -> dict[str, tuple[str, list[str]]]:
    """Excel's header/footer mini-language, section by section: (literal text, codes). "&&" is a
    literal "&"; a lone "&" that starts no known code is an error."""
    out: dict[str, tuple[str, list[str]]] = {}
    sec, text, codes = None, [], []
    i = 0
    while i < len(hf):
        ch = hf[i]
        if ch != "&":
            assert sec is not None, hf
            text.append(ch)
            i += 1
            continue
        nxt = hf[i + 1] if i + 1 < len(hf) else ""
        if nxt == "&":
            text.append("&")
            i += 2
        elif nxt in ("L", "C", "R"):
            if sec is not None:
                out[sec] = ("".join(text), codes)
            sec, text, codes = nxt, [], []
            i += 2
        elif nxt in _CODES:
            codes.append(nxt)
            i += 2
        else:
            raise AssertionError(f"a lone '&' in {hf!r} at {i}")
    if sec is not None:
        out[sec] = ("".join(text), codes)
    return out


# --- print setup ----------------------------------------------------------------------------

def test_every_sheet_prints_a4_landscape_one_page_wide(tam_duong: Path):
    wb = load(tam_duong)
    assert wb.sheetnames == SHEETS
    for ws in wb:
        ps = ws.page_setup
        assert (ps.orientation, str(ps.paperSize)) == ("landscape", "9"), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, ws.title
        assert (ps.fitToWidth, ps.fitToHeight) == (1, 0), ws.title  # one page wide, any number tall
        assert ws.print_title_rows == "$1:$1", ws.title  # the header row on every printed page
        assert ws.freeze_panes, ws.title
    m = wb["Ma trận"]
    assert m.print_title_cols == "$A:$C" and m.freeze_panes == "D2"  # STT, file, unit name on every page
    assert [m.cell(1, c).value for c in (1, 3)] == ["STT", "Tên đơn vị"]


def test_page_header_and_footer(tam_duong: Path):
    raw = raw_headers(tam_duong)
    assert list(raw) == SHEETS
    for name, (head, foot) in raw.items():
        h, f = decode(head), decode(foot)
        assert h["C"][0] == "Kết quả đánh giá nông thôn mới hàng loạt", name
        assert h["L"][0].startswith("Dữ liệu: ") and h["R"][1] == ["A"], name  # input; the sheet's name
        assert f["L"] == ("In ngày ", ["D"]) and f["R"] == ("Trang  / ", ["P", "N"]), name
    wb = load(tam_duong)  # openpyxl reads them back too
    assert wb["Ma trận"].oddFooter.right.text == "Trang &P / &N"
    en = raw_headers(batch_xlsx(tam_duong.parent, TAM_DUONG, "--lang", "en", name="en.xlsx"))
    assert decode(en["Matrix"][1])["R"] == ("Page  of ", ["P", "N"])


def test_autofilter_over_each_table_and_every_header_filled(tam_duong: Path):
    wb = load(tam_duong)
    for ws in wb:
        row, last, end = table(ws)
        head = header(ws)
        assert all(isinstance(v, str) and v.strip() for v in head), (ws.title, head)
        assert ws.max_column == last, ws.title  # no column outside the table, none without a header
        assert all(ws.cell(row, c).font.b for c in range(1, last + 1)), ws.title
        assert all(ws.cell(row, c).alignment.wrap_text for c in range(1, last + 1)), ws.title
        if ws.title != "Lỗi":  # (no errors: the table is its header alone)
            assert end > row, ws.title
    assert header(wb["Đơn vị trực thuộc"])[-1] == "Nội dung"  # the column that had no header
    assert table(wb["Ma trận"]) == (1, wb["Ma trận"].max_column, 15)  # 14 units


def test_column_widths_never_cut_a_header(tam_duong: Path):
    from openpyxl.utils import get_column_letter

    wb = load(tam_duong)
    for ws in wb:
        row, last, _ = table(ws)
        height = ws.row_dimensions[row].height
        for c in range(1, last + 1):
            text = str(ws.cell(row, c).value)
            width = ws.column_dimensions[get_column_letter(c)].width
            longest_word = max(len(w) for w in text.split())
            assert width >= longest_word + 1, (ws.title, text, width)  # a word is never cut
            lines = -(-len(text) // max(1, int(width - 1)))  # at least this many lines once wrapped
            assert height >= 15 * min(lines, 4), (ws.title, text, width, height)
    widths = {ws.cell(1, c).value: ws.column_dimensions[get_column_letter(c)].width
              for ws in [wb["Ma trận"]] for c in range(1, ws.max_column + 1)}
    assert widths["Số tiêu chí đạt"] >= len("Số tiêu") and widths["STT"] < 10  # "Số tiêu c" no more
    assert widths["Tệp"] >= len("examples/tam-duong/xa/ban-bo-2024.yaml")  # the longest cell, capped
    per = wb["Theo tiêu chí"]  # a title longer than its column wraps, and its row is sized for it
    long = next(r for r in range(2, per.max_row + 1)
                if per.cell(r, 3).value == "Hệ thống chính trị - An ninh trật tự - Hành chính công")
    assert per.cell(long, 3).alignment.wrap_text and per.row_dimensions[long].height >= 30
    assert per.cell(long, 1).alignment.vertical == "top"  # the row reads from the top


def test_the_diff_workbook_has_the_same_print_layout(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    out = tmp_path / "kq.xlsx"
    assert diff_run(old, new, "--output", out, crit=crit).exit_code == 1
    wb = load(out)
    for ws in wb:
        ps = ws.page_setup
        assert (ps.orientation, str(ps.paperSize), ps.fitToWidth, ps.fitToHeight) == ("landscape", "9", 1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1" and ws.freeze_panes
    for name in ("Theo đơn vị", "Theo tiêu chí", "Chỉ tiêu thay đổi"):
        ws = wb[name]
        assert table(ws)[0] == 1 and all(isinstance(v, str) and v for v in header(ws)), name
        assert ws.cell(1, 1).font.b and ws.cell(1, 1).alignment.wrap_text
    for name, (head, foot) in raw_headers(out).items():
        assert decode(head)["C"][0] == "So sánh kết quả nông thôn mới giữa hai năm", name
        assert decode(foot)["R"][1] == ["P", "N"], name


# --- the summary table and numbers as numbers ------------------------------------------------

def test_summary_is_a_real_table_of_numbers(tmp_path: Path, folder: Path, tiny: Path):
    out = batch_xlsx(tmp_path, folder, "--set", tiny)
    js = json.loads(run(folder, "--set", tiny, "--format", "json").stdout)
    ws = load(out)["Tổng hợp"]
    row, last, end = table(ws)
    head = header(ws)
    assert head[:3] == ["Bộ tiêu chí", "Cấp đánh giá", "Tên bộ tiêu chí"] and "% đạt chuẩn" in head
    assert end == row + 1  # one set, one row
    got = dict(zip(head, [ws.cell(end, c).value for c in range(1, last + 1)]))
    agg = js["sets"][0]["aggregates"]
    assert got["Bộ tiêu chí"] == "t/tiny-xa" and got["Cấp đánh giá"] == "Xã"
    assert got["Số đơn vị được đánh giá"] == 4 == js["summary"]["evaluated"]
    assert got["Số đơn vị đạt chuẩn"] == 1 == js["summary"]["meeting_set"]
    assert got["Số đơn vị chưa đạt chuẩn"] == 3 and got["Số đơn vị chưa kết luận"] == 0
    assert got["% đạt chuẩn"] == 25.0 and isinstance(got["Bình quân tiêu chí đạt/đơn vị"], float)
    assert got["Bình quân tiêu chí đạt/đơn vị"] == pytest.approx(1.75)
    assert (got["Ít nhất"], got["Nhiều nhất"]) == (agg["min_criteria_met"], agg["max_criteria_met"]) == (1, 3)
    assert got["Số tiêu chí của bộ"] == agg["criteria_total"] == 3
    # the sentences stay below the table, after the legend
    texts = [c.value for r in ws.iter_rows(min_row=end + 1) for c in r if isinstance(c.value, str)]
    assert any(v.startswith("Ký hiệu:") for v in texts) and "Bình quân 1,8 tiêu chí/xã" in " ".join(texts)


def test_undecided_shares_are_empty_cells_with_a_legend(tmp_path: Path, partial_folder: tuple[Path, Path]):
    folder_, partial = partial_folder
    wb = load(batch_xlsx(tmp_path, folder_, "--set", partial))
    for ws in wb:  # a share that cannot be given: never a "—" in a number column
        for r in ws.iter_rows():
            for c in r:
                assert c.value != "—", (ws.title, c.coordinate)
    per = wb["Theo tiêu chí"]
    head = header(per)
    pct, note = head.index("% đạt") + 1, head.index("Ghi chú") + 1
    _, _, end = table(per)
    shares = {per.cell(r, 2).value: per.cell(r, pct).value for r in range(2, end + 1)}
    assert all(v is None or isinstance(v, (int, float)) for v in shares.values())
    assert shares["1"] == 75 and shares["3"] is None
    row3 = next(r for r in range(2, end + 1) if per.cell(r, 2).value == "3")
    assert per.cell(row3, note).value == "chưa có ngưỡng"
    legend = "Ô để trống ở cột tỷ lệ"
    below = [per.cell(r, 1).value for r in range(end + 1, per.max_row + 1)]
    assert any(str(v).startswith(legend) for v in below)  # said where the empty cell is
    summary = [c.value for r in wb["Tổng hợp"].iter_rows() for c in r if isinstance(c.value, str)]
    assert any(v.startswith(legend) and "không phải là 0%" in v for v in summary)
    s = wb["Tổng hợp"]
    srow, _, send = table(s)
    sh = header(s)
    assert s.cell(send, sh.index("% đạt chuẩn") + 1).value is None  # 3 units undecided: no share
    assert s.cell(send, sh.index("Số đơn vị chưa kết luận") + 1).value == 3
    d = wb["Theo huyện"]
    dh = header(d)
    _, _, dend = table(d)
    for col in (i + 1 for i, h in enumerate(dh) if h.endswith(" %")):
        assert all(d.cell(r, col).value is None or isinstance(d.cell(r, col).value, (int, float))
                   for r in range(2, dend + 1))
    en = load(batch_xlsx(tmp_path, folder_, "--set", partial, "--lang", "en", name="en.xlsx"))
    assert any(str(c.value).startswith("An empty cell in a share column") for r in en["Summary"].iter_rows()
               for c in r)


def test_the_summary_sheet_is_not_read_as_data(tmp_path: Path, folder: Path, tiny: Path):
    """The workbook read back as input is read from its matrix (row 1 its header, one row per
    unit), not from the summary table on its first sheet. (Without a region column the units
    cannot be evaluated: test_sheet_verdicts adds one and compares the results.)"""
    out = batch_xlsx(tmp_path, folder, "--set", tiny)
    again = json.loads(run(out, "--set", tiny, "--format", "json").stdout)
    rows = [(e["file"], e["name"]) for e in again["errors"]]
    assert rows == [(f"{out}:{i}", name) for i, name in enumerate("ABCD", start=2)]
    en = batch_xlsx(tmp_path, folder, "--set", tiny, "--lang", "en", name="en.xlsx")
    again = json.loads(run(en, "--set", tiny, "--format", "json").stdout)
    assert [(e["file"], e["name"]) for e in again["errors"]] == [(f"{en}:{i}", n) for i, n in enumerate("ABCD", 2)]


# --- the page header's text -----------------------------------------------------------------

def test_header_text_escapes_ampersands_and_controls():
    assert header_text("Tam & Đường") == "Tam && Đường"
    assert decode("&L" + header_text("a&&b &P &12 &\"x\" \x01"))["L"] == ("a&&b &P &12 &\"x\" \\x01", [])
    long = header_text("Dữ liệu: " + "x" * 500 + "/tam-duong")
    assert len(long) <= 60 and long.startswith("Dữ liệu: ") and long.endswith("…" + "x" * 29 + "/tam-duong")
    assert "&" not in header_text("&" * 200).replace("&&", "")  # a cut never leaves a lone "&"


def _pieces(pieces: list[str], max_size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), min_size=1, max_size=max_size).map("".join)


NAME = _pieces(list("aĐđ& =+-@\"'<>|*%\t\n\x01\x1f\x7f") + ["&&", "=SUM(A1)", "&P", "&C", "&12", "&\"x\""], 20
               ).map(lambda s: "x" + s)
LONG = st.integers(0, 3).map(lambda n: "Xã " + "rất dài " * (n * 40))
DIR = _pieces(list("ad&=\"'.- 09") + ["&&", "&P", "&L", "&12"], 30)


@settings(max_examples=25, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(names=st.lists(st.one_of(NAME, LONG), min_size=1, max_size=3), dirname=DIR)
def test_arbitrary_names_never_break_the_workbook(tmp_path: Path, tiny: Path, names: list[str], dirname: str):
    d = tmp_path / ("d-" + dirname)
    write_named_units(d, names)
    out = tmp_path / "out.xlsx"
    r = run(d, "--set", tiny, "--format", "xlsx", "--output", out)
    assert r.exit_code in (0, 1, 2), r.output
    wb = load(out)  # no warning, no error
    for name, (head, foot) in raw_headers(out).items():
        h = decode(head)  # every "&" of the data escaped: nothing reads as a code
        shown = " ".join(visible_controls(f"Dữ liệu: {d}").split())
        start, _, end = h["L"][0].partition("…")  # a long input: its start and its end
        assert shown.startswith(start) and shown.endswith(end) and h["L"][1] == [], (name, head)
        assert h["L"][0] == shown or len(shown) > 60
        assert len(head) <= 255 and decode(foot)["R"][1] == ["P", "N"]
    m = wb["Ma trận"]
    cells = [m.cell(r, 3) for r in range(2, m.max_row + 1)]
    for c in cells:  # text stays text, never a formula; control characters visible
        assert c.data_type == "s" and not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", c.value)
    if r.exit_code != 2:
        assert {visible_controls(name) for name in names} <= {c.value for c in cells}  # as written
