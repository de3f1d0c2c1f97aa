"""`diff --format html|xlsx` (issue 12): one self-contained HTML page with every data string
escaped, and an XLSX workbook whose text cells are text, never formulas. Every test writes only
in its own tmp_path."""

from __future__ import annotations

import html
import html.parser
from pathlib import Path

import pytest

from test_diff import EX_2023, EX_2024, crit, run, two_years, unit  # noqa: F401 (fixture shared with test_diff)

EVIL = "<script>alert(1)</script>"
IMG = "<img src=x onerror=\"alert('x')\">"
FORMULA = "=HYPERLINK(\"http://x\",\"y\")"
CONTROL = "Xã\x01 lạ"


def evil_years(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "e2023", tmp_path / "e2024"
    for stem, name in (("s", EVIL), ("i", IMG), ("f", FORMULA), ("q", "\"&'")):
        unit(old, stem, name, 2023, {"1": True, "2.1": 70, "3": 3}, unit={"district": EVIL})
        unit(new, stem, name, 2024, {"1": True, "2.1": 90, "3": 5}, unit={"district": EVIL})
    return old, new


class _Parser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


# --- html -----------------------------------------------------------------------------------

def test_html_is_one_self_contained_page(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    out = tmp_path / "kq.html"
    r = run(old, new, "--output", out, crit=crit)  # format from the extension
    assert r.exit_code == 1, r.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "script-src &#x27;none&#x27;" in page or "script-src 'none'" in page
    p = _Parser()
    p.feed(page)
    assert "script" not in p.tags and "link" not in p.tags and "img" not in p.tags
    assert not any(k in ("src", "href") or k.startswith("on") for k, _v in p.attrs)
    text = " ".join(p.text)
    assert "So sánh kết quả nông thôn mới giữa hai năm" in text
    assert "không còn đạt 1 tiêu chí so với năm 2023 (3)" in text
    assert "tăng 1 tiêu chí so với năm 2023 (2)" in text
    assert "Bảng theo đơn vị" in text and "% số đơn vị đạt từng tiêu chí" in text
    # the outline's nested lines are nested lists, well formed
    assert page.count("<ul>") == page.count("</ul>") and page.count("<li>") == page.count("</li>")


def test_html_escapes_every_data_string(tmp_path: Path, crit: Path):
    old, new = evil_years(tmp_path)
    out = tmp_path / "e.html"
    r = run(old, new, "--format", "html", "--output", out, crit=crit)
    assert r.exit_code == 1, r.stderr
    page = out.read_text(encoding="utf-8")
    for raw in (EVIL, IMG, FORMULA, "\"&'"):
        assert raw not in page
        assert html.escape(raw) in page
    p = _Parser()
    p.feed(page)
    assert "script" not in p.tags and "img" not in p.tags
    assert EVIL in "".join(p.text) and IMG in "".join(p.text)  # shown as text


def test_html_tam_duong_english(tmp_path: Path):
    out = tmp_path / "td.html"
    r = run(EX_2023, EX_2024, "--output", out, "--lang", "en")
    assert r.exit_code in (0, 1), r.stderr
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Sơn Bình" in page and "Units table" in page


def test_html_to_stdout(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    r = run(old, new, "--format", "html", crit=crit)
    assert r.exit_code == 1 and r.stdout.startswith("<!DOCTYPE html>")


# --- xlsx -----------------------------------------------------------------------------------

def _sheets(path: Path):
    from openpyxl import load_workbook

    return load_workbook(path)


def test_xlsx_workbook(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    out = tmp_path / "kq.xlsx"
    r = run(old, new, "--output", out, crit=crit)
    assert r.exit_code == 1, r.stderr
    wb = _sheets(out)
    assert wb.sheetnames == ["Tổng hợp", "Theo đơn vị", "Theo tiêu chí", "Chỉ tiêu thay đổi"]
    summary = [c.value for row in wb["Tổng hợp"].iter_rows() for c in row if c.value]
    assert summary[0] == "So sánh kết quả nông thôn mới giữa hai năm"
    assert any("không còn đạt 1 tiêu chí so với năm 2023 (3)" in v for v in summary)
    units = [[c.value for c in row] for row in wb["Theo đơn vị"].iter_rows()]
    assert units[0][:2] == ["Loại", "Tên đơn vị"]
    a = next(row for row in units[1:] if row[1] == "A")
    assert a[7:9] == [2023, 2024] and a[11:14] == [2, 2, 3] and a[14] == "2" and a[15] == "3"
    crits = [[c.value for c in row] for row in wb["Theo tiêu chí"].iter_rows()]
    assert crits[0][:3] == ["Bộ tiêu chí", "Tiêu chí", "Tên tiêu chí"]
    by_id = {row[1]: row for row in crits[1:] if row[0] == "t/tiny-xa"}
    assert by_id["2"][3:6] == [50, 100, 50] and by_id["3"][3:6] == [100, 50, -50]
    moved = [[c.value for c in row] for row in wb["Chỉ tiêu thay đổi"].iter_rows()]
    assert moved[0][:3] == ["Tên đơn vị", "Bộ tiêu chí", "Chỉ tiêu"]
    assert ["A", "t/tiny-xa", "2.1", 70, 90, 20, "Chưa đạt", "Đạt"] in moved[1:]
    assert ["xã  b", "t/tiny-xa", "1", "Chưa đạt", "Đạt", None, "Chưa đạt", "Đạt"] in moved[1:]  # yes/no: words


def test_xlsx_stores_text_as_text_and_strips_control_characters(tmp_path: Path, crit: Path):
    old, new = evil_years(tmp_path)
    out = tmp_path / "e.xlsx"
    r = run(old, new, "--output", out, crit=crit)
    assert r.exit_code == 1, r.stderr
    wb = _sheets(out)
    cells = [c for row in wb["Theo đơn vị"].iter_rows() for c in row]
    f = [c for c in cells if c.value == FORMULA]
    assert f and all(c.data_type == "s" for c in f)
    assert any(c.value == EVIL for c in cells)
    for name in wb.sheetnames:
        for row in wb[name].iter_rows():
            for c in row:
                assert c.data_type != "f", (name, c.value)


def test_xlsx_control_characters_do_not_break_the_workbook(tmp_path: Path):
    from ntm_eval.core.diff import DiffReport
    from ntm_eval.render.diff import render

    r = DiffReport(CONTROL, "b\x1f", (2023,), (2024,), {}, [], [], [], [])
    out = tmp_path / "c.xlsx"
    with out.open("wb") as fh:
        render("xlsx", r, fh, "vi")
    summary = [c.value for row in _sheets(out)["Tổng hợp"].iter_rows() for c in row if c.value]
    assert any("Xã\\x01 lạ" in v and "b\\x1f" in v for v in summary)
    assert not any("\x01" in v or "\x1f" in v for v in summary)


def test_xlsx_needs_output(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    for extra in ((), ("--output", "-")):
        r = run(old, new, "--format", "xlsx", *extra, crit=crit)
        assert r.exit_code == 2 and "--output" in r.stderr


def test_format_clash_with_extension(tmp_path: Path, crit: Path):
    old, new = two_years(tmp_path)
    r = run(old, new, "--output", tmp_path / "kq.html", "--format", "xlsx", crit=crit)
    assert r.exit_code == 2 and not (tmp_path / "kq.html").exists()


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_tam_duong_formats(tmp_path: Path, fmt: str):
    out = tmp_path / f"td.{fmt}"
    r = run(EX_2023, EX_2024, "--output", out)
    assert r.exit_code in (0, 1), r.stderr
    assert out.stat().st_size > 1000
    if fmt == "xlsx":
        units = [[c.value for c in row] for row in _sheets(out)["Theo đơn vị"].iter_rows()]
        assert any(row[1] == "Sơn Bình" for row in units[1:])
