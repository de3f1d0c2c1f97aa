"""`ntm-eval dossier`: evidence and verdicts per criterion and indicator, what a met indicator
still lacks (evidence, document, `by`, date, deadline), the recognition conditions of QĐ
18/2022/QĐ-TTg as items to confirm, the three formats, and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ntm_eval.cli import main_group

ROOT = Path(__file__).resolve().parent.parent
SON_BINH = ROOT / "examples" / "tam-duong" / "xa" / "son-binh-2024.yaml"
EXAMPLE_AGENCIES = ROOT / "examples" / "agencies" / "lai-chau-tam-duong.agencies"

SET = """\
schema_version: 1
id: t/dossier
title: Bộ thử hồ sơ
level: xa
status: demo
valid_from: "2022-01-01"
years: [2024]
criteria:
  - id: "1"
    title: Quy hoạch
    indicators:
      - {id: "1.1", title: Có quy hoạch, type: yes_no, threshold: {value: true, source: {document: QĐ thử}, confidence: demo}}
      - {id: "1.2", title: Tỷ lệ, type: percent, threshold: {op: ">=", value: 90, source: {document: QĐ thử}, confidence: demo}}
  - id: "2"
    title: Giao thông
    agency: Bộ Thử
    indicators:
      - {id: "2.1", title: Đường, type: yes_no, threshold: unknown}
  - id: "19"
    title: Quốc phòng và an ninh
    indicators:
      - {id: "19.2", title: An ninh trật tự, type: yes_no, threshold: {value: true, source: {document: CV thử}, confidence: demo}}
"""

COMPLETE = """\
unit: {name: Xã Thử, level: xa, district: Huyện Thử}
year: 2024
criteria_set: t/dossier
values:
  "1.1": {value: true, evidence: ["Quyết định phê duyệt quy hoạch"]}
  "1.2": {value: 95, evidence: ["Báo cáo tỷ lệ"]}
  "2.1": {verdict: đạt, by: Phòng KTHT huyện, document: Biên bản 1/BB, date: "2024-03-01"}
  "19.2": {value: true, evidence: ["Xác nhận của Công an huyện"]}
criteria:
  "1": {verdict: đạt, by: Phòng KTHT huyện, document: Biên bản thẩm tra 2/BB, date: "2024-04-10"}
"""


def setup(tmp_path: Path, data: str = COMPLETE) -> tuple[Path, Path]:
    crit = tmp_path / "criteria" / "t"
    crit.mkdir(parents=True, exist_ok=True)
    (crit / "dossier.yaml").write_text(SET, encoding="utf-8")
    f = tmp_path / "data" / "xa.yaml"
    f.parent.mkdir(exist_ok=True)
    f.write_text(data, encoding="utf-8")
    return f, tmp_path / "criteria"


def run(*args):
    return CliRunner().invoke(main_group, [str(a) for a in args], catch_exceptions=False)


def dossier_json(f: Path, crit: Path, *extra) -> tuple[int, dict]:
    res = run("dossier", f, "--criteria-dir", crit, "--format", "json", *extra)
    return res.exit_code, json.loads(res.stdout)


def lacks(doc: dict) -> list[tuple[str, str]]:
    out = [(x["code"], x["id"]) for c in doc["criteria"] for x in c["lacks"]]
    return out + [(x["code"], x["id"]) for c in doc["criteria"] for i in c["indicators"] for x in i["lacks"]]


def test_nothing_lacking_exits_0(tmp_path: Path):
    f, crit = setup(tmp_path)
    code, doc = dossier_json(f, crit, "--deadline", "2024-03-15", "--appraisal-deadline", "2024-04-15")
    assert code == 0, doc
    assert doc["complete"] is True and lacks(doc) == []
    assert doc["deadlines"] == {"evidence": "2024-03-15", "appraisal": "2024-04-15"}
    ind = {i["id"]: i for c in doc["criteria"] for i in c["indicators"]}
    assert ind["1.1"]["evidence"] == ["Quyết định phê duyệt quy hoạch"]
    assert ind["2.1"]["attestations"][0]["by"] == "Phòng KTHT huyện" and ind["2.1"]["agency"] == "Bộ Thử"
    assert doc["criteria"][0]["attestation"]["document"] == "Biên bản thẩm tra 2/BB"


def test_recognition_conditions_are_items_to_confirm_with_their_source(tmp_path: Path):
    f, crit = setup(tmp_path)
    _, doc = dossier_json(f, crit)
    conds = {c["key"]: c for c in doc["recognition_conditions"]}
    assert list(conds) == ["no_debt", "satisfaction", "security"]
    assert all(c["status"] == "to_confirm" and c["source"].startswith("QĐ 18/2022/QĐ-TTg") for c in conds.values())
    assert conds["no_debt"]["quote"] == "Không có nợ đọng xây dựng cơ bản thuộc Chương trình MTQG xây dựng NTM trên địa bàn"
    assert conds["security"]["indicator"] == "19.2" and conds["security"]["indicator_status"] == "pass"
    table = run("dossier", f, "--criteria-dir", crit)
    assert "☐" in table.stdout and "nợ đọng" in table.stdout and "criteria.md §10" in table.stdout


def test_what_a_met_indicator_lacks(tmp_path: Path):
    data = COMPLETE.replace('"1.2": {value: 95, evidence: ["Báo cáo tỷ lệ"]}', '"1.2": 95').replace(
        '"2.1": {verdict: đạt, by: Phòng KTHT huyện, document: Biên bản 1/BB, date: "2024-03-01"}',
        '"2.1": {verdict: đạt, date: "2024-05-02"}').replace('date: "2024-04-10"', 'date: "2024-04-20"')
    f, crit = setup(tmp_path, data)
    code, doc = dossier_json(f, crit, "--deadline", "2024-03-15", "--appraisal-deadline", "2024-04-15")
    assert code == 1
    got = lacks(doc)
    assert ("no_evidence", "1.2") in got
    assert ("no_document", "2.1") in got and ("no_by", "2.1") in got and ("late", "2.1") in got
    assert ("late", "1") in got  # the criterion's appraisal document, after the appraisal deadline
    late = next(x for c in doc["criteria"] for x in c["lacks"] if x["code"] == "late")
    assert (late["date"], late["deadline"]) == ("2024-04-20", "2024-04-15")
    # one deadline for both when only --deadline is given; without one, dates are not checked
    _, doc1 = dossier_json(f, crit, "--deadline", "2024-03-15")
    assert doc1["deadlines"]["appraisal"] == "2024-03-15"
    _, doc0 = dossier_json(f, crit)
    assert not any(code in ("late", "no_date") for code, _ in lacks(doc0))


def test_undated_verdict_lacks_a_date_only_against_a_deadline(tmp_path: Path):
    data = COMPLETE.replace(', date: "2024-03-01"}', "}")
    f, crit = setup(tmp_path, data)
    assert dossier_json(f, crit)[0] == 0
    code, doc = dossier_json(f, crit, "--deadline", "2024-03-15")
    assert code == 1 and ("no_date", "2.1") in lacks(doc)


def test_not_met_indicators_make_it_incomplete(tmp_path: Path):
    f, crit = setup(tmp_path, COMPLETE.replace('"1.2": {value: 95', '"1.2": {value: 80'))
    code, doc = dossier_json(f, crit)
    assert code == 1 and doc["summary"]["not_met"] == 1 and doc["complete"] is False


def test_markdown_to_a_file_and_english(tmp_path: Path):
    f, crit = setup(tmp_path)
    out = tmp_path / "out" / "hoso.md"
    out.parent.mkdir()
    res = run("dossier", f, "--criteria-dir", crit, "--output", out)
    assert res.exit_code == 0
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# Hồ sơ minh chứng — Xã Thử") and "- [ ] **" in md and "| Chỉ tiêu |" in md
    en = run("dossier", f, "--criteria-dir", crit, "--format", "md", "--lang", "en")
    assert "# Evidence dossier" in en.stdout and "to confirm" in en.stdout


def test_son_binh_example_with_the_seed_deadlines():
    res = run("dossier", SON_BINH, "--format", "json", "--deadline", "2024-03-15", "--appraisal-deadline",
              "2024-04-15", "--agencies", EXAMPLE_AGENCIES)
    assert res.exit_code == 1
    doc = json.loads(res.stdout)
    crit = {c["id"]: c for c in doc["criteria"]}
    assert crit["2"]["indicators"][0]["agency"] == "Sở Giao thông vận tải"
    assert crit["2"]["indicators"][0]["met_by_criterion_verdict"] is True
    assert {x["code"] for x in crit["1"]["lacks"]} == {"late"}  # biên bản 25/10/2024 after 15/4/2024


def test_bad_input_exits_2(tmp_path: Path):
    f, crit = setup(tmp_path)
    res = run("dossier", f, "--criteria-dir", crit, "--deadline", "15/3/2024")
    assert res.exit_code == 2 and "15/3/2024" in res.stderr
    broken = tmp_path / "data" / "bad.yaml"
    broken.write_text("unit: {name: X, level: xa}\nyear: 2024\ncriteria_set: t/dossier\nvalues: {\"1.9\": 1}\n",
                      encoding="utf-8")
    res = run("dossier", f, broken, "--criteria-dir", crit, "--format", "json")
    assert res.exit_code == 2 and "bad.yaml:4" in res.stderr
    assert json.loads(res.stdout)["unit"]["name"] == "Xã Thử"  # the good file is still reported
    assert run("dossier", f, "--criteria-dir", crit, "--output", f).exit_code == 2  # never over an input
    assert f.read_text(encoding="utf-8") == COMPLETE


def test_district_lists_no_commune_conditions(tmp_path: Path):
    from ntm_eval.core.dossier import build_dossier
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.run.check import check_file

    res = check_file(str(ROOT / "examples" / "tam-duong" / "huyen-tam-duong-2024.yaml"), Catalog()).result
    assert build_dossier(res).conditions == []


def test_deadlines_block_in_the_data_file(tmp_path: Path):
    data = COMPLETE.replace("criteria_set: t/dossier\n",
                            'criteria_set: t/dossier\ndeadlines: {evidence: "2024-02-01", appraisal: "2024-04-01"}\n')
    f, crit = setup(tmp_path, data)
    code, doc = dossier_json(f, crit)
    assert code == 1 and doc["deadlines"] == {"evidence": "2024-02-01", "appraisal": "2024-04-01"}
    assert ("late", "2.1") in lacks(doc) and ("late", "1") in lacks(doc)
    code, doc = dossier_json(f, crit, "--deadline", "2024-12-31")  # the option wins over the file
    assert code == 0 and doc["deadlines"] == {"evidence": "2024-12-31", "appraisal": "2024-12-31"}
    # `check` reads the same file as before (the block is only the dossier's)
    assert run("check", f, "--criteria-dir", crit).exit_code == 0
    schema = json.loads(run("schema", "data").stdout)
    assert "deadlines" in json.dumps(schema)


def test_bad_deadlines_block_is_located(tmp_path: Path):
    data = COMPLETE.replace("criteria_set: t/dossier\n",
                            'criteria_set: t/dossier\ndeadlines:\n  evidense: "2024-02-01"\n  appraisal: 15/4/2024\n')
    f, crit = setup(tmp_path, data)
    res = run("dossier", f, "--criteria-dir", crit)
    assert res.exit_code == 2
    assert f"{f}:5:3:" in res.stderr and "“evidence”" in res.stderr
    assert f"{f}:6:14:" in res.stderr and "15/4/2024" in res.stderr


def test_html_and_xlsx(tmp_path: Path):
    from openpyxl import load_workbook

    f, crit = setup(tmp_path, COMPLETE.replace('"1.2": {value: 95, evidence: ["Báo cáo tỷ lệ"]}',
                                                '"1.2": {value: 95, evidence: ["=HYPERLINK(1) <b>"]}'))
    html = tmp_path / "out.html"
    assert run("dossier", f, "--criteria-dir", crit, "--output", html).exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "&lt;b&gt;" in page and "☐" in page
    book = tmp_path / "out.xlsx"
    assert run("dossier", f, "--criteria-dir", crit, "--output", book).exit_code == 0
    wb = load_workbook(book)
    rows = [[c.value for c in r] for r in wb.worksheets[0].iter_rows()]
    assert rows[0][:3] == ["Đơn vị", "Tiêu chí", "Chỉ tiêu"]
    cell = next(c for r in wb.worksheets[0].iter_rows() for c in r if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s"  # text, never a formula
    assert wb.worksheets[1].max_row == 4  # header + three conditions
    assert run("dossier", f, "--criteria-dir", crit, "--format", "xlsx").exit_code == 2  # needs --output
