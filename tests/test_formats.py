"""Batch report formats: csv, xlsx, md, json, html (escaping; rendered in headless Chromium)."""

from __future__ import annotations

import csv
import html.parser
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from test_batch import UNITS, folder, run, tiny, write_unit  # noqa: F401 (fixtures shared with test_batch)

EVIL = "<script>alert(1)</script>"
QUOTES = "\"&'"
IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"



@pytest.fixture
def evil(tmp_path: Path, tiny: Path) -> Path:
    """Units whose names and districts would be markup, formulas or quotes if not escaped."""
    d = tmp_path / "evil"
    names = [EVIL, QUOTES, IMG, "=HYPERLINK(\"http://x\")", "Tân | Phú *đậm*"]
    for i, name in enumerate(names):
        spec = {"unit": {**UNITS["a"]["unit"], "name": name, "district": f"D{EVIL}" if i == 0 else "D1"},
                "values": UNITS["a" if i % 2 == 0 else "b"]["values"]}
        write_unit(d, f"u{i}", spec)
    (d / "z-bad.yaml").write_text(f"unit: {{name: '{EVIL}', level: xa, region: r1}}\nyear: 2024\nvalues:\n"
                                  f"  \"2.1\": '<b>x</b>'\n", encoding="utf-8")
    return d


# --- csv ------------------------------------------------------------------------------------

def test_csv_is_a_matrix_with_bom(folder: Path, tiny: Path, tmp_path: Path):
    out = tmp_path / "r.csv"
    r = run(folder, "--set", tiny, "--format", "csv", "--output", out)
    assert r.exit_code == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["STT", "Tệp", "Tên đơn vị", "Cấp", "Huyện", "Tỉnh", "Năm", "Bộ tiêu chí", "Kết quả",
                       "Số tiêu chí đạt", "Tổng số tiêu chí", "TC1", "TC2", "TC3", "Lỗi"]
    assert len(rows) == 5
    b = rows[2]
    assert b[2] == "B" and b[8] == "Chưa đạt" and b[9:14] == ["1", "3", "Chưa đạt", "Chưa đạt", "Đạt"]
    assert rows[3][12] == "Thiếu dữ liệu"


def test_csv_to_stdout_in_english_and_formula_guard(evil: Path, tiny: Path):
    r = run(evil, "--set", tiny, "--format", "csv", "--lang", "en")
    assert r.exit_code == 2
    rows = list(csv.reader(io.StringIO(r.stdout.lstrip("\ufeff"), newline="")))
    assert rows[0][:3] == ["#", "File", "Name"] and rows[0][11] == "C1"
    names = [row[2] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://x\")" in names  # never a live formula in Excel
    assert EVIL in names
    assert rows[-1][8] == "Error" and "data.expected_number" not in rows[-1][-1] and rows[-1][-1]


# --- xlsx -----------------------------------------------------------------------------------

def test_xlsx_has_one_sheet_per_view(folder: Path, tiny: Path, tmp_path: Path):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    (folder / "z-bad.yaml").write_text("unit: {name: Z, level: xa, region: r1}\nyear: 2024\nvalues: {\"3\": -1}\n",
                                       encoding="utf-8")
    r = run(folder, "--set", tiny, "--format", "xlsx", "--output", out)
    assert r.exit_code == 2
    wb = load_workbook(out)
    assert wb.sheetnames == ["Tổng hợp", "Ma trận", "Theo tiêu chí", "Theo huyện", "Lỗi"]
    m = wb["Ma trận"]
    head = [c.value for c in m[1]]
    assert head[:3] == ["STT", "Tệp", "Tên đơn vị"] and head[-3:] == ["TC1", "TC2", "TC3"]
    a = [c.value for c in m[2]]
    assert a[2] == "A" and a[7] == "Đạt" and a[8:10] == [3, 3]
    assert m.max_row == 6
    per = wb["Theo tiêu chí"]
    assert [c.value for c in per[3]][1:4] == ["2", "Giao thông", 4] and per.cell(3, 10).value == 25
    summary = "\n".join(str(c.value) for row in wb["Tổng hợp"].iter_rows() for c in row if c.value)
    assert "Bình quân 1,8 tiêu chí/xã" in summary and "25% số xã đạt tiêu chí số 2" in summary
    errs = wb["Lỗi"]
    rows = [[c.value for c in row] for row in errs.iter_rows(min_row=2)]
    assert any(r[0] == "Z" and str(r[2]).endswith(":3:15") for r in rows), rows
    assert [c.value for c in wb["Theo huyện"][1]][:4] == ["Bộ tiêu chí", "Tỉnh", "Huyện", "Số xã"]


def test_xlsx_stores_data_as_text_never_formulas(evil: Path, tiny: Path, tmp_path: Path):
    from openpyxl import load_workbook

    out = tmp_path / "e.xlsx"
    run(evil, "--set", tiny, "--format", "xlsx", "--output", out)
    m = load_workbook(out)["Ma trận"]
    cells = [m.cell(r, 3) for r in range(2, m.max_row + 1)]
    f = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert f.data_type == "s"


# --- md, json -------------------------------------------------------------------------------

def test_markdown_report(folder: Path, evil: Path, tiny: Path):
    md = run(folder, "--set", tiny, "--format", "md").stdout
    assert md.startswith("# Kết quả đánh giá nông thôn mới hàng loạt")
    assert "| STT | Đơn vị | Huyện | TC1 | TC2 | TC3 | Đạt | Kết quả |" in md
    assert "| 1 | A | D1 | Đ | Đ | Đ | 3/3 | Đạt |" in md
    assert "- Bình quân 1,8 tiêu chí/xã" in md
    bad = run(evil, "--set", tiny, "--format", "md").stdout
    assert EVIL not in bad and "&lt;script&gt;" in bad
    assert "Tân \\| Phú \\*đậm\\*" in bad


def test_json_in_english_is_valid(folder: Path, tiny: Path):
    out = json.loads(run(folder, "--set", tiny, "--format", "json", "--lang", "en").stdout)
    assert out["format_version"] == 1 and out["sets"][0]["level"] == "xa"


# --- html -----------------------------------------------------------------------------------

class _Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: set[str] = set()
        self.body: dict[str, str | None] = {}
        self.text: list[str] = []
        self.hrefs: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.update(name for name, _ in attrs)
        self.hrefs += [v or "" for name, v in attrs if name == "href"]
        if tag == "body":
            self.body = dict(attrs)
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(doc: str) -> _Dom:
    p = _Dom()
    p.feed(doc)
    return p


def test_html_is_self_contained_and_escapes_data(evil: Path, tiny: Path, tmp_path: Path):
    out = tmp_path / "r.html"
    r = run(evil, "--set", tiny, "--format", "html", "--output", out)
    assert r.exit_code == 2
    doc = out.read_text(encoding="utf-8")
    assert EVIL not in doc and "<img" not in doc and "<script" not in doc.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "&quot;&amp;&#x27;" in doc
    for needle in ("url(", "@import", "<link", "<iframe", "<object", "<embed"):
        assert needle not in doc
    assert "Content-Security-Policy" in doc and "@media print" in doc and "<svg" in doc
    dom = parse(doc)
    assert "script" not in dom.tags and "img" not in dom.tags
    assert not dom.attrs & {"src", "xlink:href", "srcset", "action", "onerror", "onload"}  # no requests
    assert dom.hrefs and all(h.startswith("#u-") for h in dom.hrefs)  # in-page links to the drill-down only
    text = " ".join(dom.text)
    assert EVIL in text and QUOTES in text
    assert "Ma trận xã × tiêu chí" in text and "Bản đồ nhiệt xã × tiêu chí" in text
    assert dom.tags.count("svg") == 2 and "rect" in dom.tags


def test_html_heat_map_by_district_for_large_batches(folder: Path, tiny: Path, monkeypatch):
    from ntm_eval.render.batch import html as h

    monkeypatch.setattr(h, "HEATMAP_MAX_UNITS", 2)
    doc = run(folder, "--set", tiny, "--format", "html").stdout
    assert "bản đồ nhiệt theo huyện" in doc and ">D1</text>" in doc


CHROMIUM = "/usr/bin/chromium"


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is not installed (CI installs Debian's chromium)")
def test_html_in_headless_chromium(evil: Path, tiny: Path, tmp_path: Path):
    out = tmp_path / "r.html"
    run(evil, "--set", tiny, "--format", "html", "--output", out)
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(flags + ["--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    seen = parse(dom.stdout)
    assert "script" not in seen.tags and "img" not in seen.tags  # nothing from the data became an element
    assert "data-pwned" not in seen.body  # no handler ran
    text = " ".join(seen.text)
    for s in ("Kết quả đánh giá nông thôn mới hàng loạt", "Ma trận xã × tiêu chí", "Tỷ lệ số xã đạt từng tiêu chí",
              "Bình quân", "Lỗi dữ liệu (1 đơn vị)", EVIL, QUOTES, IMG, "Tân | Phú *đậm*"):
        assert s in text, s
    shot = tmp_path / "shot.png"
    res = subprocess.run(flags + ["--window-size=1280,1600", f"--screenshot={shot}", out.as_uri()],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_no_rich_for_machine_formats(folder: Path, tiny: Path, tmp_path: Path):
    import sys

    out = tmp_path / "report.json"  # never a device path: --output replaces what is there (CI runs as root)
    code = ("import sys; from ntm_eval.cli import main; sys.argv=['ntm-eval','batch',%r,'--set',%r,'--format',"
            "'json','--output',%r]\ntry: main()\nexcept SystemExit: pass\n"
            "print('rich' in sys.modules, 'openpyxl' in sys.modules)") % (str(folder), str(tiny), str(out))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip().splitlines()[-1] == "False False", r.stderr


# --- codes as words; partial sets ------------------------------------------------------------

def test_csv_names_levels_in_words_json_keeps_codes(folder: Path, tiny: Path):
    rows = list(csv.reader(io.StringIO(run(folder, "--set", tiny, "--format", "csv").stdout.lstrip("\ufeff"))))
    assert rows[0][3] == "Cấp" and {r[3] for r in rows[1:]} == {"xã"}
    en = run(folder, "--set", tiny, "--format", "csv", "--lang", "en").stdout.lstrip("\ufeff")
    en = list(csv.reader(io.StringIO(en)))
    assert {r[3] for r in en[1:]} == {"commune"}
    out = json.loads(run(folder, "--set", tiny, "--format", "json").stdout)
    assert {u["level"] for u in out["sets"][0]["units"]} == {"xa"}


def test_json_coverage_of_a_complete_set(folder: Path, tiny: Path):
    s = json.loads(run(folder, "--set", tiny, "--format", "json").stdout)["sets"][0]
    assert s["coverage"] == {"thresholds_known": {"min": 4, "max": 4}, "indicators_encoded": {"min": 4, "max": 4},
                             "indicators_declared": {"min": 4, "max": 4}, "partial": False, "message": None}
    assert all(c["decidable"] for c in s["aggregates"]["criteria"])


def test_html_heat_map_by_district_greys_undecidable_cells(tmp_path: Path, folder: Path, monkeypatch):
    from ntm_eval.render.batch import html as h
    from test_batch import PARTIAL

    p = tmp_path / "criteria" / "t" / "partial.yaml"
    p.write_text(PARTIAL.replace("id: t/tiny-xa\n", "id: t/partial\n"), encoding="utf-8")
    monkeypatch.setattr(h, "HEATMAP_MAX_UNITS", 2)
    doc = run(folder, "--set", p, "--format", "html").stdout
    heat = doc.split("bản đồ nhiệt theo huyện")[1].split("</svg>")[0]
    assert "D1 — 3: —" in heat and "D1 — 3: 0%" not in heat


def test_markdown_and_xlsx_input_warnings(tmp_path: Path, tiny: Path):
    from openpyxl import load_workbook

    from test_batch import SHEET_HEAD, SHEET_ROWS, write_csv

    sheet = write_csv(tmp_path / "bang.csv", SHEET_HEAD + ["17.01"], [r + [""] for r in SHEET_ROWS])
    md = run(sheet, "--set", tiny, "--format", "md").stdout
    assert "## Cảnh báo về dữ liệu đầu vào" in md and "17.01" in md
    out = tmp_path / "r.xlsx"
    run(sheet, "--set", tiny, "--format", "xlsx", "--output", out)
    errs = load_workbook(out)["Lỗi"]
    assert errs.cell(2, 1).value == "bang.csv" and errs.cell(2, 3).value == f"{sheet}:1:12"
