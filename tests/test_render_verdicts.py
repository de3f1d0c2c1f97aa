"""Reports show how each verdict was reached (issue 10, items 1, 3, 5, 6): "Đạt" computed from
the numbers, "Đạt/Chưa đạt theo xác nhận" given in the data (who attested, on which document),
"Mâu thuẫn" where a given verdict contradicts the numbers (both sides shown), "Chưa có ngưỡng †"
for a criterion whose indicator list is not known complete; data is never read as rich markup;
id and threshold confidence are marked; `template` shows how to give a verdict; the coverage
sentence says what ntm-eval records of the document; batch reports split the counts by basis."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import table_row, table_rows
from ntm_eval.cli import main_group

# 1 computed · 2 threshold unknown (only a given verdict decides) · 3 indicator list incomplete ·
# 4 an inferred id, a title with brackets, an uncertain threshold with a note
SET = """\
schema_version: 1
id: t/verdicts
title: Bộ thử kết luận theo xác nhận
level: xa
status: demo
years: [2024]
{count}criteria:
  - id: "1"
    title: Đã biết ngưỡng
    indicators:
      - {{id: "1.1", title: Tỷ lệ, type: percent,
         threshold: {{op: ">=", value: 90, source: {{document: QĐ thử}}, confidence: demo}}}}
  - id: "2"
    title: Chưa biết ngưỡng
    indicators:
      - {{id: "2.1", title: Chỉ tiêu chưa rõ ngưỡng, type: percent, threshold: unknown}}
  - id: "3"
    title: Danh sách chỉ tiêu chưa đầy đủ
    complete: false
    indicators:
      - {{id: "3.1", title: Phần đã biết, type: percent,
         threshold: {{op: ">=", value: 50, source: {{document: QĐ thử}}, confidence: demo}}}}
  - id: "4"
    title: Môi trường [bold]đậm[/bold]
    indicators:
      - {{id: "4.1", title: "Tỷ lệ [mã suy luận] [red]đỏ[/red]", type: percent, id_confidence: inferred,
         threshold: {{op: ">=", value: 70, source: {{document: QĐ thử}}, confidence: uncertain,
                     note: ngưỡng đọc từ bản scan}}}}
"""

MIXED = """\
"1.1": 95
"2.1": {verdict: đạt, by: Phòng Kinh tế huyện, document: "Văn bản 45/KT", date: "2024-08-20"}
"3.1": 60
"4.1": {value: 60, verdict: đạt, by: Sở X, document: "CV 1/SX"}
"""


@pytest.fixture()
def crit(tmp_path: Path) -> Path:
    d = tmp_path / "criteria"
    (d / "t").mkdir(parents=True)
    (d / "t" / "verdicts.yaml").write_text(SET.format(count=""), encoding="utf-8")
    (d / "t" / "counted.yaml").write_text(SET.format(count="indicator_count: 6\n")
                                          .replace("id: t/verdicts", "id: t/counted"), encoding="utf-8")
    return d


def unit_text(values: str, criteria: str = "", name: str = "Xã Thử", district: str | None = None,
              set_id: str = "t/verdicts") -> str:
    unit = f"{{name: {name}, level: xa" + (f", district: {district}" if district else "") + "}"
    body = f"unit: {unit}\nyear: 2024\ncriteria_set: {set_id}\nvalues:\n" + textwrap.indent(textwrap.dedent(values), "  ")
    if criteria:
        body += "criteria:\n" + textwrap.indent(textwrap.dedent(criteria), "  ")
    return body


@pytest.fixture()
def check(tmp_path: Path, crit: Path):
    def run(values: str, criteria: str = "", *args: str, set_id: str = "t/verdicts"):
        f = tmp_path / "x.yaml"
        f.write_text(unit_text(values, criteria, set_id=set_id), encoding="utf-8")
        res = CliRunner().invoke(main_group, ["check", str(f), "--criteria-dir", str(crit), *args])
        assert "Traceback" not in (res.stderr or "") and res.exit_code in (0, 1), res.output
        return res

    return run


def flat(text: str) -> str:
    return " ".join(text.split())


# --- check ------------------------------------------------------------------------------------

def test_check_table_says_the_basis_of_every_verdict(check):
    out = check(MIXED).stdout
    assert table_row(out, "1")[5] == "Đạt" and table_row(out, "1.1")[5] == "Đạt"  # computed
    assert table_row(out, "2")[5] == "Đạt theo xác nhận" and table_row(out, "2.1")[5] == "Đạt theo xác nhận"
    assert table_row(out, "3")[5] == "Chưa có ngưỡng †"  # every listed indicator met, the list incomplete
    assert table_row(out, "3.1")[5] == "Đạt"
    assert table_row(out, "4")[5] == "Mâu thuẫn" and table_row(out, "4.1°")[5] == "Mâu thuẫn"
    # who attested, on which document; for the conflict, the numbers against the verdict
    assert "↳ Xác nhận đạt: Phòng Kinh tế huyện, Văn bản 45/KT, ngày 2024-08-20" in table_row(out, "2.1")[1]
    conflict = table_row(out, "4.1°")
    assert conflict[2:4] == ["60%", "≥ 70%"] and conflict[4] == "thiếu 10%"
    assert ("↳ Mâu thuẫn: theo số liệu (60%, ngưỡng ≥ 70%) là chưa đạt, nhưng được xác nhận đạt: Sở X, CV 1/SX"
            in conflict[1])
    text = flat(out)
    assert ("Kết quả: CHƯA ĐẠT — đạt 2/4 tiêu chí (1 tính từ số liệu, 1 theo xác nhận) — 1 tiêu chí có mâu thuẫn "
            "giữa số liệu và kết luận được xác nhận") in text
    assert "Chưa có ngưỡng 1 · Không áp dụng 0 · Mâu thuẫn 1" in text
    assert "† Chưa có ngưỡng — danh sách chỉ tiêu chưa đầy đủ" in text
    assert "chỉ đạt được theo xác nhận" in text


def test_check_escapes_rich_markup_and_marks_id_and_threshold_confidence(check):
    out = check(MIXED).stdout
    assert "Tỷ lệ [mã suy luận] [red]đỏ[/red]" in table_row(out, "4.1°")[1]  # printed, not swallowed
    assert table_row(out, "4")[1].startswith("Môi trường [bold]đậm[/bold]")
    assert table_row(out, "4.1°")[6] == "? QĐ thử"  # the uncertain threshold's mark
    text = flat(out)
    assert "Mã chỉ tiêu: ° mã suy luận (văn bản không in mã này)" in text
    assert "? chưa chắc chắn" in text
    assert "°?" not in text  # no uncertain id here: its mark is not in the legend


def test_unsourced_verdict_is_flagged(check):
    out = check(MIXED, '"3": chưa đạt\n').stdout
    row = table_row(out, "3")
    assert row[5] == "Chưa đạt theo xác nhận"
    assert "↳ Xác nhận chưa đạt: không rõ cơ quan xác nhận" in row[1]
    assert "1 kết luận theo xác nhận không rõ cơ quan xác nhận (thêm “by:”)" in flat(out)
    assert "†" not in out  # decided by the verdict: no longer open


def test_criterion_conflicts_say_both_sides(check):
    out = check('"1.1": 80\n"2.1": 80\n"3.1": 60\n"4.1": 80\n', '"1": {verdict: đạt, by: Phòng X}\n').stdout
    assert table_row(out, "1")[5] == "Mâu thuẫn"
    assert "↳ Mâu thuẫn: tiêu chí được xác nhận đạt, nhưng chỉ tiêu 1.1 chưa đạt: Phòng X" in table_row(out, "1")[1]
    out = check('"1.1": 95\n"2.1": 80\n"3.1": 60\n"4.1": 80\n', '"1": {verdict: chưa đạt, by: Phòng X}\n').stdout
    assert table_row(out, "1")[5] == "Mâu thuẫn" and table_row(out, "1.1")[4] == ""  # no gap: the numbers meet it
    assert "theo số liệu mọi chỉ tiêu đều đạt" in table_row(out, "1")[1]


def test_agreeing_verdict_is_shown_as_evidence(check):
    out = check('"1.1": {value: 95, verdict: đạt, by: Sở X}\n"2.1": 80\n"3.1": 60\n"4.1": 80\n').stdout
    assert table_row(out, "1.1")[5] == "Đạt"
    assert "↳ Xác nhận đạt, khớp với số liệu: Sở X" in table_row(out, "1.1")[1]


def test_headline_of_a_unit_met_partly_by_attestation(check):
    res = check(MIXED.replace('value: 60, verdict', 'value: 80, verdict'), '"3": {verdict: đạt, by: Phòng NN}\n')
    assert res.exit_code == 0
    assert "Kết quả: ĐẠT — đạt 4/4 tiêu chí (2 tính từ số liệu, 2 theo xác nhận)" in flat(res.stdout)
    assert "mâu thuẫn" not in res.stdout.split("Kết quả:")[1].split("\n")[0]


def test_check_in_english(check):
    out = check(MIXED, "", "--lang", "en").stdout
    assert table_row(out, "2")[5] == "Met (attested)" and table_row(out, "4")[5] == "Conflict"
    assert table_row(out, "3")[5] == "No threshold †"
    assert "↳ Attested met: Phòng Kinh tế huyện, Văn bản 45/KT, dated 2024-08-20" in table_row(out, "2.1")[1]
    text = flat(out)
    assert ("Result: NOT MET — 2/4 criteria met (1 computed from the numbers, 1 attested) — 1 criterion with a "
            "conflict") in text
    assert "Indicator ids: ° id inferred" in text and "Đạt" not in text
    two = check('"1.1": 80\n"2.1": 80\n"3.1": 60\n"4.1": 80\n',
                '"1": {verdict: đạt, by: X}\n"4": {verdict: chưa đạt, by: Y}\n', "--lang", "en").stdout
    assert "— 2 criteria with a conflict" in flat(two)


def test_brief_shows_only_what_is_not_met_in_conflict_or_open(check):
    """--brief (issue 13): the rows not met or in conflict; the open criterion 3 is counted in the
    one summary line, not listed."""
    out = check(MIXED, "", "--brief").stdout
    ids = [r[0] for r in table_rows(out)]
    assert ids == ["4", "4.1°"]  # 1 (computed) and 2 (attested) met; 3 open ("Chưa có ngưỡng"): counted
    lines = [x for x in out.splitlines() if x and not x.startswith(("│", "┃", "┏", "┡", "└"))]
    assert lines[-1] == ("Xã Thử 2024: 2/4 tiêu chí đạt (1 theo xác nhận); mâu thuẫn: TC4; chưa kết luận: 1; "
                         "có ngưỡng cho 3/4 chỉ tiêu đã ghi")
    assert "Đạt 2 · Chưa đạt" not in out and "Độ tin cậy của ngưỡng" not in out  # one summary line
    assert "° mã suy luận" in out  # the marks the rows use


def test_coverage_sentence_says_what_ntm_eval_records(check):
    out = flat(check(MIXED, set_id="t/counted").stdout)
    assert ("Bộ tiêu chí này mới có ngưỡng cho 3/6 chỉ tiêu (ntm-eval mới ghi 4/6 chỉ tiêu của văn bản): "
            "kết quả chỉ là một phần") in out
    assert "mã hóa" not in out
    # the set gives no `indicator_count`: the sentence says how many the law has is not known
    assert "có ngưỡng cho 3/4 chỉ tiêu ntm-eval đã ghi, nhưng chưa biết văn bản có tất cả bao nhiêu chỉ tiêu" \
        in flat(check(MIXED).stdout)


def test_coverage_line_when_the_document_count_is_unknown():
    """Once a result says the set gives no `indicator_count`, "21/21" is never printed."""
    from ntm_eval.render.common import coverage_line
    from ntm_eval.results import UnitResult

    res = UnitResult("x.yaml", {}, "t/x", "X", "demo", 2024, "2024-12-31", "pass", [],
                     indicators_known=21, indicators_encoded=21, indicators_declared=21)
    assert coverage_line(res) is None
    res.indicator_count_given = False  # type: ignore[attr-defined]
    assert coverage_line(res).startswith("Bộ tiêu chí này có ngưỡng cho 21/21 chỉ tiêu ntm-eval đã ghi, nhưng chưa "
                                         "biết văn bản có tất cả bao nhiêu chỉ tiêu")


# --- show, sets, template ----------------------------------------------------------------------

def invoke(crit: Path, *args: str):
    res = CliRunner().invoke(main_group, [*args, "--criteria-dir", str(crit)])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_show_marks_ids_thresholds_and_incomplete_criteria(crit: Path):
    out = invoke(crit, "show", "t/verdicts")
    row = table_row(out, "4.1°")
    assert "Tỷ lệ [mã suy luận] [red]đỏ[/red]" in row[1] and row[4] == "? QĐ thử"
    assert "ghi chú: ngưỡng đọc từ bản scan" in row[3]  # the caveat of the uncertain threshold
    assert "danh sách chỉ tiêu chưa đầy đủ: chỉ đạt được theo xác nhận" in table_row(out, "3")[1]
    assert "ghi chú" not in table_row(out, "1.1")[3]  # not uncertain: no note
    text = flat(out)
    assert "Mã chỉ tiêu: ° mã suy luận" in text and "? chưa chắc chắn" in text
    assert "Chưa biết văn bản có tất cả bao nhiêu chỉ tiêu; bộ tiêu chí trong ntm-eval ghi 4 chỉ tiêu; 3 chỉ tiêu có " \
        "ngưỡng" in text and "mã hóa" not in text
    counted = flat(invoke(crit, "show", "t/counted"))
    assert "Văn bản có 6 chỉ tiêu; bộ tiêu chí trong ntm-eval mới ghi 4 chỉ tiêu của văn bản; 3 chỉ tiêu có ngưỡng" \
        in counted
    en = flat(invoke(crit, "show", "t/counted", "--lang", "en"))
    assert "The document has 6 indicators; the set in ntm-eval records 4 of them; 3 have thresholds" in en


def test_coverage_words_when_the_count_is_unknown_or_complete():
    from ntm_eval.render.catalog import coverage_text

    cov = {"thresholds_known": 14, "indicators_encoded": 34, "indicators_declared": 34}
    assert coverage_text(cov) == "Bộ tiêu chí trong ntm-eval ghi 34 chỉ tiêu; 14 chỉ tiêu có ngưỡng"
    assert coverage_text({**cov, "indicator_count_given": False}).startswith(
        "Chưa biết văn bản có tất cả bao nhiêu chỉ tiêu; bộ tiêu chí trong ntm-eval ghi 34 chỉ tiêu")
    assert coverage_text({**cov, "indicator_count_given": True}) == \
        "Bộ tiêu chí trong ntm-eval ghi đủ 34 chỉ tiêu của văn bản; 14 chỉ tiêu có ngưỡng"
    assert coverage_text({**cov, "thresholds_known": 1}, "en").endswith("; 1 has a threshold")


def test_sets_column_says_an_unknown_count():
    from rich.console import Console

    from ntm_eval.render.catalog import render_sets_to

    row = {"id": "t/x", "title": "X [b]y[/b]", "level": "xa", "tier": None, "status": "demo", "criteria": 2,
           "indicators_encoded": 3, "indicators_declared": 3, "thresholds_known": 2, "year": 2024,
           "indicator_count_given": False}
    buf = io.StringIO()
    render_sets_to([row], Console(file=buf, width=100), "vi")
    out = buf.getvalue()
    assert "3/?" in out and "X [b]y[/b]" in out and "Chỉ tiêu (đã ghi/của văn bản)" in flat(out)


def test_template_shows_confidence_and_how_to_attest(crit: Path, tmp_path: Path):
    text = invoke(crit, "template", "t/verdicts")
    lines = text.splitlines()
    assert any("1.1 — Tỷ lệ" in x and "ngưỡng: ≥ 90% D" in x for x in lines)
    assert any("4.1 —" in x and "ngưỡng: ≥ 70% ?" in x for x in lines)
    assert "# Độ tin cậy của ngưỡng: ✓ trích văn bản gốc, ~ nguồn thứ cấp, ? chưa chắc chắn, D minh họa" in lines
    head3 = next(x for x in lines if x.startswith("  # Tiêu chí 3:"))
    assert "chỉ đạt được theo xác nhận" in head3
    assert "# criteria:" in lines
    block = [x for x in lines if x.startswith("#   \"")]
    assert [x.split(":")[0] for x in block] == ['#   "1"', '#   "2"', '#   "3"', '#   "4"']
    assert all("{verdict: , by: , document: , date: }" in x for x in block)
    assert "chỉ đạt được theo xác nhận" in block[2] and "chỉ đạt được" not in block[0]
    assert "criteria" not in yaml.safe_load(text)  # comments only: the file stays valid as it is
    # filled in and uncommented, the block is accepted by check
    filled = text.replace("# criteria:", "criteria:")
    filled = "\n".join(x.replace("#   ", "  ", 1).replace("{verdict: , by: , document: , date: }",
                                                          '{verdict: đạt, by: Phòng X, document: "BB 1", date: "2024-05-01"}')
                       if x.startswith("#   \"") else x for x in filled.splitlines()) + "\n"
    f = tmp_path / "filled.yaml"
    f.write_text(filled, encoding="utf-8")
    res = CliRunner().invoke(main_group, ["check", str(f), "--format", "json", "--criteria-dir", str(crit)])
    assert res.exit_code == 0, res.output  # every criterion attested met
    doc = json.loads(res.stdout)
    assert {c["basis"] for c in doc["criteria"]} == {"attested"}
    en = invoke(crit, "template", "t/verdicts", "--lang", "en")
    assert "can only be met by attestation" in en and "Threshold confidence:" in en


# --- batch ------------------------------------------------------------------------------------

UNITS = {
    # met: 1 and 4 computed, 2 and 3 attested
    "a.yaml": ('"1.1": 95\n"2.1": {verdict: đạt, by: Phòng KT, document: "VB 1"}\n"3.1": 60\n"4.1": 80\n',
               '"3": {verdict: đạt, by: Phòng NN, document: "BB 2"}\n', "H1"),
    # a conflict on 1, an attested "chưa đạt" on 2
    "b.yaml": (('"1.1": {value: 80, verdict: đạt, by: Sở X, document: "CV 1"}\n'
                '"2.1": {verdict: chưa đạt, by: Phòng KT}\n"3.1": 60\n"4.1": 80\n'), "", "H1"),
    # open: no verdict for 2 and 3
    "c.yaml": ('"1.1": 95\n"2.1": 50\n"3.1": 60\n"4.1": 80\n', "", "H2"),
}


@pytest.fixture()
def units(tmp_path: Path) -> Path:
    d = tmp_path / "units"
    d.mkdir()
    for name, (values, criteria, district) in UNITS.items():
        (d / name).write_text(unit_text(values, criteria, name=f"Xã {name[0].upper()}", district=district),
                              encoding="utf-8")
    return d


def batch(crit: Path, folder: Path, *args: str):
    res = CliRunner().invoke(main_group, ["batch", str(folder), "--criteria-dir", str(crit), *args])
    assert "Traceback" not in (res.stderr or "") and res.exit_code == 1, res.output
    return res.stdout


def test_batch_table_marks_attested_and_conflicts(crit: Path, units: Path):
    out = batch(crit, units)
    rows = {r[1]: r for r in table_rows(out) if len(r) > 8 and r[0].isdigit()}
    assert rows["Xã A"][3:9] == ["Đ", "Đ*", "Đ*", "Đ", "4/4", "Đạt theo xác nhận"]
    assert rows["Xã B"][3:9] == ["≠", "✗*", "·", "Đ", "1/4", "Chưa đạt"]
    text = flat(out)
    assert "1 xã đạt chuẩn: 1 theo xác nhận" in text
    assert "1 xã có mâu thuẫn giữa số liệu và kết luận được xác nhận (tính là chưa đạt)" in text
    assert "Đ* đạt theo xác nhận · ✗* chưa đạt theo xác nhận · ≠ mâu thuẫn" in text
    assert "66,7% số xã đạt tiêu chí số 1 (Đã biết ngưỡng): 2/3 xã (1 chưa đạt; 1 mâu thuẫn)" in text
    assert "33,3% số xã đạt tiêu chí số 2 (Chưa biết ngưỡng): 1/3 xã (1 đạt theo xác nhận; 1 chưa đạt" in text
    en = flat(batch(crit, units, "--lang", "en"))
    assert "1 commune meets the whole set: 1 attested" in en and "1 commune has a conflict" in en
    assert "✓* met (attested)" in en


def test_batch_basis_split_with_computed_units(crit: Path, tmp_path: Path):
    d = tmp_path / "two"
    d.mkdir()
    for n in ("a", "b"):  # every criterion met on the numbers except 2 and 3 (attested)
        (d / f"{n}.yaml").write_text(unit_text(*UNITS["a.yaml"][:2], name=f"Xã {n}"), encoding="utf-8")
    (d / "c.yaml").write_text(unit_text(*UNITS["c.yaml"][:2], name="Xã c"), encoding="utf-8")
    out = flat(batch(crit, d))
    assert "2 xã đạt chuẩn: 2 theo xác nhận" in out
    one = tmp_path / "one"
    one.mkdir()
    (one / "c.yaml").write_text(unit_text(*UNITS["c.yaml"][:2]), encoding="utf-8")
    plain = flat(batch(crit, one))
    plain = plain.replace("Bộ thử kết luận theo xác nhận", "")  # the set's title
    assert "Đ*" not in plain and "theo xác nhận" not in plain  # nothing attested: the reports as before


def test_batch_markdown_html_and_xlsx(crit: Path, units: Path, tmp_path: Path):
    from openpyxl import load_workbook

    md = batch(crit, units, "--format", "md")
    assert "| 1 | Xã A | H1 | Đ | Đ\\* | Đ\\* | Đ | 4/4 | Đạt theo xác nhận |" in md
    assert "| 2 | Xã B | H1 | ≠ | ✗\\* | · | Đ | 1/4 | Chưa đạt |" in md
    assert "- 1 xã đạt chuẩn: 1 theo xác nhận" in md
    html = batch(crit, units, "--format", "html")
    # the tooltip: criterion, status, the indicators' values and thresholds, and the basis (issue 13)
    assert ('<td class="m pass" title="TC1 Đã biết ngưỡng — Đạt: 1.1 = 95% (ngưỡng ≥ 90%); tính từ số liệu">Đ</td>'
            in html)
    assert ('<td class="m pass att" title="TC2 Chưa biết ngưỡng — Đạt: 2.1 = — (ngưỡng chưa có); theo xác nhận của '
            'Phòng KT, VB 1">Đ*</td>') in html
    assert ('<td class="m fail conflict" title="TC1 Đã biết ngưỡng — Chưa đạt: 1.1 = 80% (ngưỡng ≥ 90%, thiếu 10%); '
            'mâu thuẫn: số liệu và kết luận được xác nhận (Sở X, CV 1) khác nhau">≠</td>') in html
    assert "≠ mâu thuẫn" in html
    out = tmp_path / "r.xlsx"
    CliRunner().invoke(main_group, ["batch", str(units), "--criteria-dir", str(crit), "--format", "xlsx",
                                    "--output", str(out)])
    wb = load_workbook(out)
    summary = [c.value for row in wb["Tổng hợp"].iter_rows() for c in row if c.value]
    assert "1 xã đạt chuẩn: 1 theo xác nhận" in summary
    assert any(str(x).startswith("Trang “Ma trận”: ô xanh nhạt là đạt theo xác nhận") for x in summary)
    ws = wb["Ma trận"]
    head = [c.value for c in ws[1]]
    a = [c for c in ws[2]]
    b = [c for c in ws[3]]
    j1, j2 = head.index("TC1"), head.index("TC2")
    assert (a[j1].value, a[j2].value, b[j1].value) == ("Đạt", "Đạt", "Chưa đạt")  # words: it reads back as input
    assert a[j1].fill.fgColor.rgb.endswith("C6EFCE") and a[j2].fill.fgColor.rgb.endswith("E2F0D9")
    assert b[j1].fill.fgColor.rgb.endswith("F4B183")


def test_batch_json_carries_the_basis(crit: Path, units: Path):
    doc = json.loads(batch(crit, units, "--format", "json"))
    s = doc["sets"][0]
    by_name = {u["name"]: u for u in s["units"]}
    a, b, c = by_name["Xã A"], by_name["Xã B"], by_name["Xã C"]
    assert a["bases"] == {"1": "computed", "2": "attested", "3": "attested", "4": "computed"}
    assert (a["basis"], a["conflicts"]) == ("attested", [])
    assert b["bases"]["2"] == "attested" and b["conflicts"] == ["1"] and b["criteria"]["1"] == "fail"
    assert c["bases"] == {"1": "computed", "2": None, "3": None, "4": "computed"} and c["basis"] is None
    assert s["basis"]["meeting_set"] == {"computed": 0, "attested": 1}
    assert s["basis"]["units_with_conflicts"] == 1
    assert [(x["passed_attested"], x["conflicts"]) for x in s["basis"]["criteria"]] == [(0, 1), (1, 0), (1, 0), (0, 0)]


def test_batch_csv_says_the_basis_on_stderr_and_keeps_the_words(crit: Path, units: Path):
    res = CliRunner().invoke(main_group, ["batch", str(units), "--criteria-dir", str(crit), "--format", "csv"])
    rows = list(csv.reader(res.stdout.lstrip("\ufeff").splitlines()))
    notes = res.stderr.splitlines()
    assert "t/verdicts: 1 xã đạt chuẩn: 1 theo xác nhận" in notes
    assert any("1 xã có mâu thuẫn" in x for x in notes)
    cols, head = rows[0], 0  # the header is the first line
    assert cols[0] == "STT"
    a = next(r for r in rows[head + 1:] if r[2] == "Xã A")
    assert [a[cols.index(f"TC{n}")] for n in (1, 2, 3, 4)] == ["Đạt"] * 4


def test_batch_table_escapes_rich_markup(crit: Path, tmp_path: Path):
    d = tmp_path / "evil"
    d.mkdir()
    (d / "a.yaml").write_text(unit_text(UNITS["c.yaml"][0], name='"[bold]Xã[/bold] [red]Ác[/red]"'),
                              encoding="utf-8")
    out = batch(crit, d)
    assert "[bold]Xã[/bold] [red]Ác[/red]" in flat(out)
