"""Batch HTML that answers the official's question first (issue 13, deliverable 3): the summary
and the matrix on the first screen, the coverage caveat once, tooltips with values, thresholds,
gaps and basis, a drill-down per unit, a print stylesheet with page numbers, date, title and
signature blocks — one self-contained file, every data string escaped. Parsed with html.parser,
and rendered in headless Chromium (screen and print) when it is installed."""

from __future__ import annotations

import html
import html.parser
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_batch import TINY, UNITS, run, write_unit

ROOT = Path(__file__).resolve().parents[1]
TAM_DUONG = ROOT / "examples" / "tam-duong"
CHROMIUM = "/usr/bin/chromium"
HOSTILE = '<script>alert(1)</script>"&\'<img src=x onerror=alert(2)>'


class Page(html.parser.HTMLParser):
    """The parsed page: tags in order, each element's attributes, text, and where things are."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.cells: list[dict[str, str]] = []  # matrix cells' attributes (td.m)
        self.hrefs: list[str] = []
        self.ids: dict[str, list[str]] = {}  # id → open tags around it (innermost last)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.order: list[str] = []  # markers in document order: h1, summary, warn, matrix, drill, sign
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag not in ("br", "meta", "rect", "line"):
            self.stack.append((tag, a))
        if tag == "td" and a.get("class", "").startswith("m "):
            self.cells.append(a)
        if "href" in a:
            self.hrefs.append(a["href"])
        if "id" in a:
            self.ids[a["id"]] = [f"{t}.{x.get('class', '')}" for t, x in self.stack]
        cls = a.get("class", "")
        for marker, (want_tag, want_cls) in {"h1": ("h1", ""), "summary": ("p", "summary"), "warn": ("p", "warn"),
                                             "matrix": ("table", "matrix"), "drill": ("section", "drill"),
                                             "sign": ("section", "sign")}.items():
            if tag == want_tag and (not want_cls or want_cls in cls.split()) and marker not in self.order:
                self.order.append(marker)
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(doc: str) -> Page:
    p = Page()
    p.feed(doc)
    return p


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    p = tmp_path / "criteria" / "t" / "tiny-xa.yaml"
    p.parent.mkdir(parents=True)
    p.write_text(TINY, encoding="utf-8")
    return p


@pytest.fixture
def units(tmp_path: Path) -> Path:
    """The four communes of test_batch, one of them hostile: its name, evidence and attestation
    carry markup; commune C, missing data for criterion 2, has it attested by a department."""
    d = tmp_path / "xa"
    for stem, spec in UNITS.items():
        spec = {"unit": dict(spec["unit"]), "values": dict(spec["values"])}
        extra: dict[str, Any] = {}
        if stem == "b":
            spec["unit"]["name"] = HOSTILE
            spec["values"]["2.10"] = {"value": 6, "evidence": [f"Báo cáo {HOSTILE}"]}
        if stem == "c":
            extra["criteria"] = {"2": {"verdict": "đạt", "by": "Phòng <b>Lao động</b>", "document": "BB 7/2024",
                                       "date": "2024-10-01"}}
        write_unit(d, stem, spec, **extra)
    return d


def render(folder: Path, tiny: Path, out: Path, *args: str) -> str:
    r = run(folder, "--set", tiny, "--format", "html", "--output", out, *args)
    assert r.exit_code in (0, 1), r.output
    return out.read_text(encoding="utf-8")


# --- structure and escaping -----------------------------------------------------------------

def test_summary_and_matrix_come_first_and_data_is_escaped(units: Path, tiny: Path, tmp_path: Path):
    doc = render(units, tiny, tmp_path / "r.html")
    assert "<script" not in doc.lower() and "<img" not in doc and "<b>" not in doc
    assert html.escape(HOSTILE, quote=True) in doc
    page = parse(doc)
    assert not {t for t, _ in page.tags} & {"script", "img", "b", "iframe", "object", "link"}
    assert not any(k.startswith("on") for _, a in page.tags for k in a)
    # the official's question first: title, summary, the matrix; the drill-down and signatures after
    assert page.order[:2] == ["h1", "summary"] and page.order.index("matrix") < page.order.index("drill")
    assert page.order.index("drill") < page.order.index("sign")
    words = page.words
    assert HOSTILE in words and f"Báo cáo {HOSTILE}" in words and "Phòng <b>Lao động</b>" in words
    assert "Tổng số 4 đơn vị" in words and "Xã NTM: 1/4 xã đạt chuẩn, 3 chưa đạt · bình quân" in words
    assert "Người lập biểu" in words and "Thủ trưởng đơn vị" in words and words.count("(Ký, ghi rõ họ tên)") == 2
    assert "Đơn vị: Tỉnh P · Kỳ đánh giá: năm 2024 · Ngày lập:" in words


def test_every_matrix_link_reaches_its_folded_drill_down(units: Path, tiny: Path, tmp_path: Path):
    page = parse(render(units, tiny, tmp_path / "r.html"))
    assert sorted(page.hrefs) == ["#u-1", "#u-2", "#u-3", "#u-4"]  # one per unit, in-page only
    for href in page.hrefs:
        around = page.ids[href[1:]]
        assert "details.unit" in around and "section.drill" in around, around  # folded, in the drill-down
    assert sum(1 for t, a in page.tags if t == "details" and a.get("class") == "unit") == 4


def test_tooltips_give_values_thresholds_gaps_and_basis(units: Path, tiny: Path, tmp_path: Path):
    page = parse(render(units, tiny, tmp_path / "r.html"))
    tips = [c["title"] for c in page.cells]
    assert len(tips) == 4 * 3  # every cell of the matrix has one
    assert ("TC2 Giao thông — Chưa đạt: 2.1 = 70% (7/10) (ngưỡng ≥ 80%, thiếu 10%; cần thêm 1 thôn); "
            "2.10 = 6 km (ngưỡng ≥ 5 km); tính từ số liệu") in tips
    assert "TC3 Nghèo đa chiều — Đạt: 3 = 3% (ngưỡng ≤ 4%); tính từ số liệu" in tips
    assert "TC3 Nghèo đa chiều — Chưa đạt: 3 = 5% (ngưỡng ≤ 4%, vượt 1%); tính từ số liệu" in tips
    # the attested criterion: who attested it, on what document (commune C: criterion 2, data missing)
    attested = [x for x in tips if "theo xác nhận" in x]
    assert attested == ["TC2 Giao thông — Đạt: 2.1 = — (ngưỡng ≥ 80%, thiếu dữ liệu); 2.10 = 5 km (ngưỡng ≥ 5 km); "
                        "theo xác nhận của Phòng <b>Lao động</b>, BB 7/2024, ngày 2024-10-01"]
    assert all("ngưỡng" in x and ("tính từ số liệu" in x or "theo xác nhận" in x) for x in tips)


def test_english_tooltips_and_drill_down(units: Path, tiny: Path, tmp_path: Path):
    page = parse(render(units, tiny, tmp_path / "r.html", "--lang", "en"))
    tips = [c["title"] for c in page.cells]
    assert any(x.startswith("C2 Roads — Not met: 2.1 = 70% (7/10) (threshold ≥ 80%, short by 10%; need 1 more "
                            "village)") and x.endswith("computed from the numbers") for x in tips), tips
    words = page.words
    assert "Prepared by" in words and "Head of office" in words and "Unit details" in words


def test_drill_down_holds_the_full_indicator_table(units: Path, tiny: Path, tmp_path: Path):
    doc = render(units, tiny, tmp_path / "r.html")
    drill = doc.split('<section class="drill">')[1].split("</section>")[0]
    b = next(part for part in drill.split("<details")[1:] if html.escape(HOSTILE, quote=True) in part)
    rows = [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
            for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", b)]
    heads = [html.unescape(h) for h in re.findall(r"<th>(.*?)</th>", b)]
    assert heads == ["Chỉ tiêu", "Nội dung", "Giá trị", "Ngưỡng", "Kết quả", "Còn thiếu", "Cơ sở kết luận",
                     "Minh chứng", "Xác nhận (cơ quan, văn bản)"]
    by_id = {r[0]: r for r in rows if r}
    assert by_id["2.1"] == ["2.1", "Tỷ lệ thôn có đường", "70% (7/10)", "≥ 80%", "Chưa đạt",
                            "thiếu 10%; cần thêm 1 thôn", "tính từ số liệu", "", ""]
    assert by_id["2.10"][:5] == ["2.10", "Số km đường mới", "6 km", "≥ 5 km", "Đạt"]
    assert by_id["2.10"][7] == f"Báo cáo {HOSTILE}"
    assert by_id["TC2"][:2] == ["TC2", "Giao thông"] and by_id["TC2"][4] == "Chưa đạt"
    assert by_id["1"][2:5] == ["Chưa đạt", "Đạt", "Chưa đạt"]  # yes/no: value, threshold, status


def test_attestation_shows_in_the_drill_down(units: Path, tiny: Path, tmp_path: Path):
    doc = render(units, tiny, tmp_path / "r.html")
    drill = doc.split('<section class="drill">')[1]
    c = next(part for part in drill.split("<details")[1:] if "<summary" in part and ">C — " in part)
    crit = next(tr for tr in c.split("<tr")[1:] if tr.startswith(' class="crit"><td>TC2<'))
    cells = [html.unescape(re.sub(r"<[^>]+>", "", x)) for x in re.findall(r"<td[^>]*>(.*?)</td>", crit)]
    assert cells[4:] == ["Đạt theo xác nhận", "", "theo xác nhận", "", "Phòng <b>Lao động</b>, BB 7/2024, ngày 2024-10-01"]


def test_large_batch_keeps_the_drill_down_short(units: Path, tiny: Path, tmp_path: Path, monkeypatch):
    from ntm_eval.render.batch import drill

    monkeypatch.setattr(drill, "DRILL_MAX_UNITS", 2)
    monkeypatch.setattr(drill, "FULL_TIPS_MAX_UNITS", 1)
    page = parse(render(units, tiny, tmp_path / "r.html"))
    assert sorted(page.hrefs) == ["#u-1", "#u-2"]  # the others are not linked to nothing
    assert sum(1 for t, a in page.tags if t == "details" and a.get("class") == "unit") == 2
    assert "Chi tiết chỉ ghi cho 2 đơn vị đầu tiên (trong 4 đơn vị)" in page.words
    tips = [c["title"] for c in page.cells]
    met = [x for x in tips if " — Đạt" in x]
    assert met and all(":" not in x.split(" — Đạt")[1].split(";")[0] for x in met)  # met: status and basis only
    assert any("(ngưỡng ≥ 80%, thiếu 10%" in x for x in tips)  # not met: the figures not met


def test_coverage_caveat_is_said_once_in_one_sentence():
    doc = run(TAM_DUONG, "--format", "html").stdout
    page = parse(doc)
    warns = [a for t, a in page.tags if t == "p" and "warn" in a.get("class", "")]
    assert len(warns) == 1
    warn = doc.split('<p class="warn">')[1].split("</p>")[0]
    assert warn.count(".") == 1 and "[" not in warn and "/" not in warn  # one short sentence, no set ids
    assert doc.index('<p class="warn">') < doc.index('<table class="matrix"')
    details = doc.split('<details class="coverage">')[1].split("</details>")[0]
    assert details.count("<li>") == 4 and "vn/2021-2025/xa-ntm:" in details  # the four sets, folded
    # the communes' set (most units) comes first, before the district's
    heads = re.findall(r"<h2>(.*?)</h2>", doc)
    assert heads[0].startswith("Xã — ") and "[vn/2021-2025/xa-ntm]" in heads[0]
    assert "Đơn vị: <strong>Huyện Tam Đường, Lai Châu</strong>" in doc and "Tam Đường, ngày … tháng … năm …" in doc


def test_print_stylesheet():
    from ntm_eval.render.batch import drill
    from ntm_eval.render.batch.html import CSS, _page_css

    page = _page_css(drill.TitleBlock("Huyện X", "X", "năm 2024", "01/02/2025"), "vi")
    assert "size: A4 landscape" in page and 'counter(page) "/" counter(pages)' in page
    assert '"Trang "' in page and "Ngày lập: 01/02/2025" in page and "@bottom-right" in page
    printed = CSS.split("@media print")[1]
    assert re.search(r"h1, h2, h3[^{]*\{ break-after: avoid", printed)
    assert "section.drill" in printed and "display: none" in printed  # the drill-down is not printed
    assert "break-inside: avoid" in CSS.split("section.sign")[1].split("}")[0]


def test_css_strings_are_escaped():
    from ntm_eval.render.batch.html import _css_string

    assert _css_string('a"b\\c</style>') == 'a\\22 b\\5c c\\3c /style\\3e '


def test_report_date_follows_source_date_epoch(monkeypatch):
    from ntm_eval.render.batch import drill

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01 00:00 UTC
    assert drill.today("vi") == "01/01/2025" and drill.today("en") == "2025-01-01"


NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES, by=NAMES)
def test_any_name_stays_text(tmp_path: Path, tiny: Path, name: str, by: str):
    """Whatever a unit's name or an attesting body says, it comes back as text, never markup."""
    import yaml

    d = tmp_path / "h"
    d.mkdir(exist_ok=True)
    doc = {"unit": {"name": name, "level": "xa", "district": "D", "province": "P", "region": "r1"}, "year": 2024,
           "criteria": {"1": {"verdict": "đạt", "by": by, "document": "BB"}},
           "values": {"2.1": 85, "2.10": 6, "3": 3}}
    (d / "u.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "h.html"
    r = run(d, "--set", tiny, "--format", "html", "--output", out)
    if r.exit_code == 2:  # a name the loader rejects (an unreadable YAML scalar): nothing to check
        return
    page = parse(out.read_text(encoding="utf-8"))
    assert {t for t, _ in page.tags} <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "p",
                                         "strong", "br", "details", "summary", "ul", "li", "span", "section",
                                         "h2", "h3", "table", "thead", "tr", "th", "tbody", "td", "a", "div", "svg",
                                         "text", "g", "rect", "line", "em", "footer"}
    assert " ".join(name.split()) in page.words
    assert any(" ".join(by.split()) in " ".join(c["title"].split()) for c in page.cells)


# --- a real browser ---------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                    reason=f"{CHROMIUM} is not installed (apt-get install -y chromium)")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
             f"--user-data-dir={tmp_path / 'profile'}"]
    res = subprocess.run(flags + list(args), capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    return res


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext when installed, else pypdf)."""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              timeout=60, check=True).stdout
        return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    pypdf = pytest.importorskip("pypdf")
    return [p.extract_text() or "" for p in pypdf.PdfReader(str(pdf)).pages]


def tam_duong_html(tmp_path: Path) -> Path:
    out = tmp_path / "t.html"
    res = run(TAM_DUONG, "--format", "html", "--output", out)
    assert res.exit_code == 1 and out.exists(), res.output
    return out


def _squeezed(text: str) -> str:
    return "".join(text.split())


@needs_chromium
def test_printed_report_in_chromium(tmp_path: Path):
    """Print to PDF: A4 landscape, the matrix on page 1, page numbers, the date, the signature
    block, and Vietnamese diacritics kept; fewer pages than before (12)."""
    out = tam_duong_html(tmp_path)
    pdf = tmp_path / "t.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", out.as_uri())
    pages = pdf_pages(pdf)
    # compared without any white space: some Chromium builds put spaces around letters with
    # diacritics in the PDF's text ("Ma tr ậ n"), which says nothing about the layout
    first = _squeezed(pages[0])
    for s in ("Ma trận xã × tiêu chí", "STT", "Thèn Sin", "Đơn vị: Huyện Tam Đường, Lai Châu", "Kỳ đánh giá: năm 2024"):
        assert _squeezed(s) in first, s  # the title block and the whole commune matrix on page 1
    n = len(pages)
    assert 1 < n < 12
    for k, text in enumerate(pages, start=1):
        flat = _squeezed(text)
        assert f"Trang{k}/{n}" in flat and "Ngàylập:" in flat, k
    last = _squeezed(pages[-1])
    for s in ("Người lập biểu", "Thủ trưởng đơn vị", "(Ký, ghi rõ họ tên)"):
        assert _squeezed(s) in last, s
    everything = _squeezed("".join(pages))
    for s in ("Tam Đường", "Bình quân", "Nùng Nàng", "Thị trấn đạt chuẩn", "Số xã được đánh giá"):
        assert _squeezed(s) in everything, s
    assert _squeezed("Chi tiết từng đơn vị") not in everything  # the drill-down stays on screen
    # no heading left alone at the foot of a page: each page's last line is not a heading's start
    doc = out.read_text(encoding="utf-8")
    heads = [_squeezed(html.unescape(re.sub(r"<[^>]+>", "", h)))
             for h in re.findall(r"<h[123][^>]*>(.*?)</h[123]>", doc)]
    assert len(heads) > 10
    for k, text in enumerate(pages, start=1):
        lines = [_squeezed(ln) for ln in text.splitlines() if ln.strip() and "Ngày lập:" not in ln
                 and "Ngàylập:" not in _squeezed(ln)]
        assert lines, k
        assert not [h for h in heads if h.startswith(lines[-1]) or lines[-1].startswith(h[:20])], (k, lines[-1])
    try:
        from pypdf import PdfReader
    except ImportError:
        return
    box = PdfReader(str(pdf)).pages[0].mediabox
    assert float(box.width) > float(box.height) and abs(float(box.width) - 841.9) < 2  # A4 landscape


@needs_chromium
def test_first_screen_shows_the_matrix(tmp_path: Path):
    """1366×768: the matrix's coloured cells are on the first screen (legend swatches alone are a
    few hundred pixels)."""
    image = pytest.importorskip("PIL.Image")
    out = tam_duong_html(tmp_path)
    shot = tmp_path / "shot.png"
    chromium(tmp_path, "--window-size=1366,768", "--hide-scrollbars", f"--screenshot={shot}", out.as_uri())
    img = image.open(shot).convert("RGB")
    assert img.size == (1366, 768)
    green = (0x2E, 0x7D, 0x32)
    ys = [y for y in range(img.size[1]) for x in range(0, img.size[0], 2) if img.getpixel((x, y)) == green]
    rows = {y for y in ys}
    assert len(ys) > 3000, len(ys)
    assert len(rows) > 100  # many rows of cells, not one line of swatches


@needs_chromium
def test_browser_opens_the_drill_down_of_a_linked_unit(tmp_path: Path):
    """Following a matrix link (#u-N) opens that unit's folded table; nothing from the data ran."""
    out = tam_duong_html(tmp_path)
    res = chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", out.as_uri() + "#u-5")
    page = parse(res.stdout)
    opened = [a for t, a in page.tags if t == "details" and a.get("class") == "unit" and "open" in a]
    assert len(opened) == 1
    assert "script" not in {t for t, _ in page.tags}
    assert "Chi tiết từng đơn vị" in page.words and "Người lập biểu" in page.words


def test_an_unnamed_attestation_reads_as_a_sentence():
    """No attesting body: "theo xác nhận (không rõ cơ quan xác nhận, …)", never "theo xác nhận
    của không rõ cơ quan xác nhận"."""
    from ntm_eval.model import Attestation
    from ntm_eval.render.batch.drill import basis_text

    att = Attestation(True, None, "bang.xlsx, dòng 5")
    vi = basis_text("attested", False, att, [], "vi")
    assert vi.startswith("theo xác nhận (không rõ cơ quan xác nhận") and "của không rõ" not in vi
    named = basis_text("attested", False, Attestation(True, "Phòng Nông nghiệp", "BB 1"), [], "vi")
    assert named.startswith("theo xác nhận của Phòng Nông nghiệp")
    assert basis_text("attested", False, att, [], "en").startswith("attested (attesting body not given")
