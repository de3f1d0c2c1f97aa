"""`ntm-eval check`: exit codes, the JSON contract, several files, --set/--year, languages, coverage."""

from __future__ import annotations

import json

import pytest

from conftest import PASSING, UPPER, XA_NTM, data_text, no_crash, set_with_indicator, table_row, write

STATUS_KEYS = {"total", "passed", "failed", "missing", "not_applicable", "no_threshold",
               "passed_computed", "passed_attested", "conflicts"}  # the split of "passed" by basis


def as_json(res):
    no_crash(res)
    return json.loads(res.stdout)


def inds(doc):
    return {i["id"]: i for c in doc["criteria"] for i in c["indicators"]}


# --- exit codes ------------------------------------------------------------------------------------

def test_exit_0_when_met(run_cli, data_file):
    res = run_cli(data_file())
    no_crash(res)
    assert res.exit_code == 0
    assert res.stderr == ""


@pytest.mark.parametrize("changes", [{"6.3": 1}, {"6.3": None}, {"2": False}])
def test_exit_1_when_not_met(run_cli, data_file, changes):
    res = run_cli(data_file({**PASSING, **changes}))
    no_crash(res)
    assert res.exit_code == 1


def test_exit_1_when_threshold_unknown(run_cli, tmp_path, data_file):
    d = tmp_path / "c2"
    write(d / "t" / "xa-ntm.yaml", XA_NTM.replace('{op: ">=", value: 70, source: qd1, confidence: demo}',
                                                  "unknown"))
    res = run_cli(data_file(), criteria_dir=d)
    no_crash(res)
    assert res.exit_code == 1  # no threshold is never a pass


def test_exit_2_on_bad_input(run_cli, data_file):
    res = run_cli(data_file({**PASSING, "6.3": "nhiều lắm"}))
    no_crash(res)
    assert res.exit_code == 2


@pytest.mark.parametrize("args", [["--format", "xml"], ["--year", "1800"], ["--lang", "fr"]])
def test_exit_2_on_bad_options(run_cli, data_file, args):
    res = run_cli(data_file(), *args)
    no_crash(res)
    assert res.exit_code == 2


def test_exit_2_on_unknown_set_option(run_cli, data_file):
    res = run_cli(data_file(), "--set", "t/khong-co")
    no_crash(res)
    assert res.exit_code == 2
    assert "t/khong-co" in res.stderr


def test_no_files_is_usage_error(run_cli):
    res = run_cli()
    assert res.exit_code == 2


# --- JSON contract --------------------------------------------------------------------------------

def test_json_contract(run_cli, data_file):
    vals = {**PASSING, "1.1": {"numerator": 6, "denominator": 10}, "6.3": None, "5.1": "n/a"}
    doc = as_json(run_cli(data_file(vals), "--format", "json"))
    for k in ("unit", "criteria_set", "year", "status", "summary", "criteria"):
        assert k in doc, k
    assert doc["unit"]["name"] == "Tân Linh" and doc["unit"]["region"] == "r1"
    assert (doc["criteria_set"], doc["year"], doc["status"]) == ("t/xa-ntm", 2024, "fail")
    assert set(doc["summary"]) == STATUS_KEYS
    assert doc["summary"] == {"total": 7, "passed": 4, "failed": 1, "missing": 1, "not_applicable": 1,
                              "no_threshold": 0, "passed_computed": 4, "passed_attested": 0, "conflicts": 0}
    assert [c["id"] for c in doc["criteria"]] == ["1", "2", "3", "4", "5", "6", "17"]
    for c in doc["criteria"]:
        assert {"id", "title", "status", "indicators"} <= set(c)
        for i in c["indicators"]:
            assert {"id", "status", "value", "op", "threshold", "unit", "gap"} <= set(i), i
    i = inds(doc)
    assert i["1.1"] | {} == i["1.1"]
    assert (i["1.1"]["value"], i["1.1"]["op"], i["1.1"]["threshold"], i["1.1"]["unit"], i["1.1"]["gap"]) == \
        (60.0, ">=", 80, "%", 20.0)
    assert (i["1.1"]["need"], i["1.1"]["need_of"]) == (2, "thôn")
    assert (i["1.10"]["unit"], i["1.10"]["gap"], i["1.10"]["status"]) == ("km", 0.0, "pass")
    assert (i["2"]["value"], i["2"]["threshold"], i["2"]["op"]) == (True, True, "=")
    assert (i["6.3"]["status"], i["6.3"]["value"], i["6.3"]["gap"]) == ("missing", None, None)
    assert i["5.1"]["status"] == "not_applicable"
    assert [p["id"] for p in i["4"]["parts"]] == ["4.a", "4.b"]
    assert i["17.1"]["confidence"] == "demo" and "Quyết định thử 1/QĐ-TEST" in i["17.1"]["source"]


def test_json_is_utf8_not_escaped(run_cli, data_file):
    res = run_cli(data_file(), "--format", "json")
    assert "Tân Linh" in res.stdout and "\\u" not in res.stdout


def test_json_error_entry(run_cli, data_file):
    p = data_file({**PASSING, "17.1": 101})
    res = run_cli(p, "--format", "json")
    assert res.exit_code == 2
    doc = as_json(res)
    assert doc["status"] == "error" and doc["file"] == str(p)
    [e] = doc["errors"]
    assert (e["file"], e["indicator"], e["code"]) == (str(p), "17.1", "data.percent_range")
    assert isinstance(e["line"], int) and isinstance(e["col"], int)
    assert e["message"].startswith(f"{p}:{e['line']}:{e['col']}: lỗi: ")


def test_several_files_give_json_array(run_cli, data_file):
    a = data_file(name="a.yaml")
    b = data_file({**PASSING, "6.3": 1}, name="b.yaml")
    res = run_cli(a, b, "--format", "json")
    doc = as_json(res)
    assert isinstance(doc, list) and len(doc) == 2
    assert [d["file"] for d in doc] == [str(a), str(b)]
    assert [d["status"] for d in doc] == ["pass", "fail"]
    assert res.exit_code == 1


def test_all_files_met_exit_0(run_cli, data_file):
    res = run_cli(data_file(name="a.yaml"), data_file(name="b.yaml"), "--format", "json")
    assert res.exit_code == 0 and len(as_json(res)) == 2


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_broken_file_among_good_ones(run_cli, data_file, fmt):
    good1 = data_file(name="good1.yaml", unit={"name": "Xã Một", "region": "r1"})
    bad = data_file(name="bad.yaml", text="unit: {name: x\n")
    good2 = data_file({**PASSING, "6.3": 1}, name="good2.yaml", unit={"name": "Xã Hai", "region": "r1"})
    res = run_cli(good1, bad, good2, "--format", fmt)
    no_crash(res)
    assert res.exit_code == 2
    assert f"{bad}:" in res.stderr
    if fmt == "json":
        doc = json.loads(res.stdout)
        assert [d["status"] for d in doc] == ["pass", "error", "fail"]
        assert doc[1]["errors"][0]["code"] == "yaml.syntax"
    else:
        assert "Xã Một" in res.stdout and "Xã Hai" in res.stdout
        assert res.stdout.count("Kết quả:") == 2


def test_missing_file_among_good_ones(run_cli, data_file, tmp_path):
    res = run_cli(data_file(), tmp_path / "nope.yaml", "--format", "json")
    assert res.exit_code == 2
    doc = as_json(res)
    assert [d["status"] for d in doc] == ["pass", "error"]


# --- --set and --year ------------------------------------------------------------------------------

def test_set_option_wins_over_file(run_cli, crit_dir, data_file):
    write(crit_dir / "t" / "lenient.yaml",
          XA_NTM.replace("id: t/xa-ntm", "id: t/lenient").replace("value: 95,", "value: 90,"))
    p = data_file({**PASSING, "17.1": 92})  # file says criteria_set: t/xa-ntm (17.1 >= 95)
    assert as_json(run_cli(p, "--format", "json"))["status"] == "fail"
    res = run_cli(p, "--format", "json", "--set", "t/lenient")
    doc = as_json(res)
    assert doc["criteria_set"] == "t/lenient"
    assert inds(doc)["17.1"]["threshold"] == 90 and doc["status"] == "pass"
    assert res.exit_code == 0


def test_set_option_by_path(run_cli, crit_dir, data_file):
    path = write(crit_dir / "t" / "lenient.yaml",
                 XA_NTM.replace("id: t/xa-ntm", "id: t/lenient").replace("value: 95,", "value: 90,"))
    doc = as_json(run_cli(data_file({**PASSING, "17.1": 92}), "--format", "json", "--set", str(path)))
    assert doc["criteria_set"] == "t/lenient" and doc["status"] == "pass"


def test_set_option_supplies_missing_criteria_set(run_cli, data_file):
    res = run_cli(data_file(criteria_set=None), "--set", "t/xa-ntm")
    no_crash(res)
    assert res.exit_code == 0


def test_year_option_wins(run_cli, crit_dir, data_file):
    write(crit_dir / "t" / "one.yaml",
          set_with_indicator('{op: ">=", value: {by_year: {2022: 45, 2023: 48}}}'))
    p = data_file({"1": 46}, criteria_set="t/one", year=2022, date="2022-06-30")
    doc = as_json(run_cli(p, "--format", "json"))
    assert (doc["year"], doc["date"], doc["status"]) == (2022, "2022-06-30", "pass")
    res = run_cli(p, "--format", "json", "--year", "2023")
    doc = as_json(res)
    assert (doc["year"], doc["date"]) == (2023, "2023-12-31")
    assert inds(doc)["1"]["threshold"] == 48 and doc["status"] == "fail"
    assert res.exit_code == 1


def test_year_option_supplies_missing_year(run_cli, data_file):
    p = data_file(year=None)
    assert run_cli(p).exit_code == 2
    res = run_cli(p, "--year", "2024")
    no_crash(res)
    assert res.exit_code == 0


# --- languages --------------------------------------------------------------------------------------

def mixed_file(data_file):
    vals = {**PASSING, "1.1": {"numerator": 6, "denominator": 10}, "6.3": None, "5.1": "n/a",
            "3": {"numerator": 7, "denominator": 100}}
    return data_file(vals)


@pytest.fixture
def unknown_dir(tmp_path):
    d = tmp_path / "c-unknown"
    write(d / "t" / "xa-ntm.yaml", XA_NTM.replace('{op: ">=", value: 95, source: qd1, confidence: demo}',
                                                  "unknown"))
    return d


def test_vietnamese_labels_with_diacritics(run_cli, data_file, unknown_dir):
    res = run_cli(mixed_file(data_file), criteria_dir=unknown_dir)
    no_crash(res)
    out = res.stdout
    for label in ("Chưa đạt", "Thiếu dữ liệu", "Chưa có ngưỡng", "Không áp dụng", "Đạt", "Kết quả: CHƯA ĐẠT"):
        assert label in out, label
    assert table_row(out, "1.1")[4] == "thiếu 20%; cần thêm 2 thôn"
    assert table_row(out, "3")[4] == "vượt 3%; cần giảm 3 hộ"
    assert table_row(out, "6.3")[2:6] == ["—", "≥ 70", "", "Thiếu dữ liệu"]
    assert table_row(out, "17.1")[3:6] == ["chưa có", "", "Chưa có ngưỡng"]
    assert table_row(out, "5.1")[2] == "n/a" and table_row(out, "5.1")[5] == "Không áp dụng"
    assert "Chua dat" not in out and "Thieu du lieu" not in out
    assert "Not met" not in out


def test_english_labels(run_cli, data_file, unknown_dir):
    res = run_cli(mixed_file(data_file), "--lang", "en", criteria_dir=unknown_dir)
    no_crash(res)
    out = res.stdout
    for label in ("Not met", "No data", "No threshold", "Not applicable", "Met", "Result: NOT MET"):
        assert label in out, label
    assert table_row(out, "1.1")[4] == "short by 20%; need 2 more villages"
    assert table_row(out, "3")[4] == "over by 3%; need 3 fewer households"
    assert table_row(out, "1.1")[1] == "Villages with a cultural house"  # title_en
    assert table_row(out, "17.1")[3:6] == ["unknown", "", "No threshold"]
    for vi in ("Chưa đạt", "Thiếu dữ liệu", "Chưa có ngưỡng", "cần thêm"):
        assert vi not in out


def test_vietnamese_decimal_comma_in_table(run_cli, data_file):
    res = run_cli(data_file({**PASSING, "17.1": 93.4}))
    row = table_row(res.stdout, "17.1")
    assert (row[2], row[3], row[4]) == ("93,4%", "≥ 95%", "thiếu 1,6%")


def test_coverage_sentence_when_thresholds_unknown(run_cli, data_file, unknown_dir):
    res = run_cli(data_file(), criteria_dir=unknown_dir)
    no_crash(res)
    assert res.exit_code == 1
    assert "mới có ngưỡng cho 7/8 chỉ tiêu" in res.stdout
    en = run_cli(data_file(), "--lang", "en", criteria_dir=unknown_dir)
    assert "thresholds for only 7/8 indicators" in en.stdout
    doc = as_json(run_cli(data_file(), "--format", "json", criteria_dir=unknown_dir))
    assert doc["coverage"]["thresholds_known"] == 7 and doc["status"] == "no_threshold"
    assert doc["summary"]["no_threshold"] == 1


def test_coverage_sentence_when_set_declares_more_indicators(run_cli, data_file, tmp_path):
    d = tmp_path / "c57"
    write(d / "t" / "xa-ntm.yaml", XA_NTM.replace("indicator_count: 8", "indicator_count: 57"))
    res = run_cli(data_file(), criteria_dir=d)
    assert "mới có ngưỡng cho 8/57 chỉ tiêu" in res.stdout


def test_no_coverage_sentence_when_complete(run_cli, data_file):
    res = run_cli(data_file())
    assert "mới có ngưỡng" not in res.stdout


def test_prerequisite_chain_reported(run_cli, crit_dir, data_file):
    write(crit_dir / "t" / "upper.yaml", UPPER)
    p = data_file({"10": 60, "17.1": 92}, criteria_set="t/upper",
                  extra={"values_for": {"t/xa-ntm": {**PASSING, "17.1": 92}}})
    res = run_cli(p)
    no_crash(res)
    assert res.exit_code == 1
    assert "t/xa-ntm" in res.stdout and "nên chưa thể đạt t/upper" in res.stdout
    en = run_cli(p, "--lang", "en")
    assert "Prerequisite set t/xa-ntm: not met" in en.stdout


def test_override_reported_in_table(run_cli, data_file):
    p = data_file(unit={"name": "Xã Khó", "region": "r2", "categories": ["xa_dbkk"]}, year=2023)
    res = run_cli(p)
    no_crash(res)
    assert "áp dụng ngưỡng r1 thay cho r2" in res.stdout
    doc = as_json(run_cli(p, "--format", "json"))
    assert doc["classification"] == {"key": "region", "value": "r1", "label": "Vùng một",
                                     "override": {"from": "r2", "use": "r1", "because": ["xa_dbkk"],
                                                  "source": "Quyết định thử 1/QĐ-TEST, 2022-03-08"}}


def test_brief_hides_passing_indicators(run_cli, data_file):
    res = run_cli(data_file({**PASSING, "6.3": 1}), "--brief")
    assert "Điểm văn hóa" in res.stdout and "Số km đường" not in res.stdout


def test_demo_banner(run_cli, data_file):
    assert "BỘ TIÊU CHÍ MINH HỌA" in run_cli(data_file()).stdout
    assert "DEMONSTRATION SET" in run_cli(data_file(), "--lang", "en").stdout


def test_data_text_fixture_quotes_ids():
    assert "'1.10': 6" in data_text()


def test_real_entry_point_exit_codes_and_clean_stderr(crit_dir, data_file):
    """One run through a real process: exit codes reach the shell and stderr has no traceback."""
    import subprocess
    import sys

    good = data_file()
    bad = data_file({**PASSING, "17.1": "1.234,5"})
    base = [sys.executable, "-m", "ntm_eval", "check", "--criteria-dir", str(crit_dir)]
    ok = subprocess.run(base + [str(good)], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and ok.stderr == ""
    ko = subprocess.run(base + [str(good), str(bad), "--lang", "en"], capture_output=True, text=True, timeout=60)
    assert ko.returncode == 2
    assert "Traceback" not in ko.stderr
    assert f"{bad}:" in ko.stderr and ": error: " in ko.stderr and "1.234,5" in ko.stderr


def test_english_output_translates_units():
    """Criteria files write units in Vietnamese; --lang en shows them in English."""
    from pathlib import Path

    from ntm_eval.run.check import check_file
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.render.common import fmt_gap, fmt_threshold

    example = Path(__file__).resolve().parent.parent / "examples" / "demo" / "tutorial-2024.yaml"
    res = check_file(str(example), Catalog()).result
    ind = {i.id: i for c in res.criteria for i in c.indicators}
    assert fmt_gap(ind["5"], "en") == "short by 1.8 million VND/person"
    assert fmt_threshold(ind["5"], "en") == "≥ 33.9 million VND/person"
    assert fmt_gap(ind["4.1"], "en") == "short by 25%; need 3 more villages"
    assert fmt_gap(ind["4.1"], "vi") == "thiếu 25%; cần thêm 3 thôn"
