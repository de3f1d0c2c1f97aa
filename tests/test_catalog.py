"""`ntm-eval sets | show | template | schema`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ntm_eval.cli import main_group
from ntm_eval.load.catalog import Catalog, builtin_dir
from ntm_eval.io.yamlload import load_path, load_text

REPO = Path(__file__).resolve().parent.parent
USER_SET = """\
schema_version: 1
id: tinh-y/2024/xa
title: Bộ xã tỉnh Y
title_en: Province Y commune set
level: xa
tier: ntm
status: demo
valid_from: "2023-01-01"
years: [2023, 2024]
indicator_count: 5
source: {document: Quyết định Y, date: "2023-01-01"}
classification:
  key: region
  values: {a: Vùng A, b: Vùng B}
criteria:
  - id: "1"
    title: Thu nhập
    indicators:
      - id: "1"
        title: Thu nhập bình quân
        type: number
        unit: triệu đồng/người
        threshold:
          op: ">="
          value: {by_year: {2023: {by_region: {a: 40, b: 50}}, 2024: {by_region: {a: 42, b: 55}}}}
          confidence: demo
  - id: "2"
    title: Môi trường
    indicators:
      - id: "2"
        title: Môi trường đạt
        type: all_of
        parts:
          - {id: "2.a", title: Nước sạch, type: percent, threshold: {op: ">=", value: 90}}
          - {id: "2.b", title: Chợ, type: yes_no, optional: true, threshold: {value: true}}
      - id: "2.c"
        title: Chưa rõ
        type: yes_no
        threshold: unknown
"""


def invoke(*args: str, env: dict | None = None):
    env = {"NTM_EVAL_CRITERIA_PATH": "", **(env or {})}
    return CliRunner().invoke(main_group, list(args), catch_exceptions=False, env=env)


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    p = tmp_path / "mine" / "tinh-y" / "2024" / "xa.yaml"
    p.parent.mkdir(parents=True)
    p.write_text(USER_SET, encoding="utf-8")
    return tmp_path / "mine"


def builtin_ids() -> list[str]:
    return sorted(Catalog().index())


# --- sets -------------------------------------------------------------------------------------
def test_sets_json_lists_builtin_and_user_sets(user_dir: Path):
    res = invoke("sets", "--format", "json", "--criteria-dir", str(user_dir))
    assert res.exit_code == 0, res.output
    rows = {r["id"]: r for r in json.loads(res.stdout)}
    assert set(builtin_ids()) <= set(rows)
    mine = rows["tinh-y/2024/xa"]
    assert mine["origin"] == str(user_dir)
    assert rows["vn/2021-2025/tinh"]["origin"] == "builtin"
    assert (mine["criteria"], mine["indicators_encoded"], mine["indicators_declared"]) == (2, 3, 5)
    # latest year 2024: "1" known, "2" known (both parts), "2.c" unknown
    assert (mine["thresholds_known"], mine["year"]) == (2, 2024)
    assert mine["source"] == "Quyết định Y, 2023-01-01"
    assert (mine["level"], mine["tier"], mine["status"]) == ("xa", "ntm", "demo")


def test_sets_reads_env_path_and_prints_a_table(user_dir: Path):
    res = invoke("sets", env={"NTM_EVAL_CRITERIA_PATH": str(user_dir), "COLUMNS": "300"})
    assert res.exit_code == 0
    assert "tinh-y/2024/xa" in res.stdout and "vn/2021-2025/tinh" in res.stdout
    assert "2/3" in res.stdout and "3/5" in res.stdout
    res = invoke("sets", "--lang", "en", env={"COLUMNS": "300"})
    assert "Thresholds known" in res.stdout and "tinh-y" not in res.stdout


def test_sets_reports_a_broken_user_set(user_dir: Path):
    (user_dir / "tinh-y" / "bad.yaml").write_text("id: tinh-y/bad\ntitle: x\nlevel: xa\ncriteria: []\nfoo: 1\n",
                                                 encoding="utf-8")
    res = invoke("sets", "--format", "json", "--criteria-dir", str(user_dir))
    assert res.exit_code == 2
    rows = {r["id"]: r for r in json.loads(res.stdout)}
    assert rows["tinh-y/bad"]["status"] == "error"
    assert "bad.yaml:5:1" in res.stderr


# --- show -------------------------------------------------------------------------------------
def indicator(d: dict, iid: str) -> dict:
    for c in d["criteria"]:
        for i in c["indicators"]:
            if i["id"] == iid:
                return i
            for p in i.get("parts") or []:
                if p["id"] == iid:
                    return p
    raise KeyError(iid)


def test_show_json_resolves_for_class_and_year(user_dir: Path):
    res = invoke("show", "tinh-y/2024/xa", "--region", "b", "--year", "2024", "--format", "json",
                 "--criteria-dir", str(user_dir))
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert (d["year"], d["date"], d["classification"]["value"]) == (2024, "2024-12-31", "b")
    inc = indicator(d, "1")
    assert (inc["op"], inc["threshold"], inc["unit"], inc["confidence"]) == (">=", 55, "triệu đồng/người", "demo")
    for key in ("id", "title", "type", "unit", "op", "threshold", "confidence", "source", "note"):
        assert key in inc
    comp = indicator(d, "2")
    assert comp["type"] == "all_of" and [p["id"] for p in comp["parts"]] == ["2.a", "2.b"]
    assert indicator(d, "2.b")["optional"] is True
    unk = indicator(d, "2.c")
    assert unk["threshold"] is None and unk["op"] == "unknown" and unk["reason"] in ("unknown", "op_unknown")
    assert d["coverage"] == {"thresholds_known": 2, "indicators_encoded": 3, "indicators_declared": 5,
                             "indicator_count_given": True}


def test_show_defaults_to_latest_year_and_every_class(user_dir: Path):
    res = invoke("show", "tinh-y/2024/xa", "--format", "json", "--criteria-dir", str(user_dir))
    d = json.loads(res.stdout)
    assert (d["year"], d["date"]) == (2024, "2024-12-31")
    inc = indicator(d, "1")
    assert inc["threshold"] is None
    assert {k: v["threshold"] for k, v in inc["by_class"].items()} == {"a": 42, "b": 55}
    # a region label works as well as its code
    res = invoke("show", "tinh-y/2024/xa", "--region", "vùng a", "--format", "json", "--criteria-dir", str(user_dir))
    assert indicator(json.loads(res.stdout), "1")["threshold"] == 42


def test_show_table(user_dir: Path):
    res = invoke("show", "tinh-y/2024/xa", "--region", "a", "--year", "2024", "--criteria-dir", str(user_dir))
    assert res.exit_code == 0
    out = res.stdout
    assert "Bộ xã tỉnh Y [tinh-y/2024/xa]" in out
    assert "≥ 42 triệu đồng/người" in out and "chưa có" in out and "đạt tất cả các phần" in out
    assert "BỘ TIÊU CHÍ MINH HỌA" in out
    res = invoke("show", "tinh-y/2024/xa", "--lang", "en", "--criteria-dir", str(user_dir))
    assert "a: ≥ 42 million VND/person" in res.stdout and "b: ≥ 55" in res.stdout and "unknown" in res.stdout


def test_show_usage_errors(user_dir: Path):
    d = ["--criteria-dir", str(user_dir)]
    res = invoke("show", "tinh-y/2024/xa", "--group", "2", *d)
    assert res.exit_code == 2 and "--region" in res.stderr
    res = invoke("show", "tinh-y/2024/xa", "--region", "c", *d)
    assert res.exit_code == 2 and "“c”" in res.stderr
    res = invoke("show", "tinh-y/2024/x", *d)
    assert res.exit_code == 2 and "tinh-y/2024/xa" in res.stderr  # did you mean
    res = invoke("show", "vn/2021-2025/tinh", "--region", "a")
    assert res.exit_code == 2


def test_show_builtin_set_json():
    res = invoke("show", "vn/2021-2025/tinh", "--year", "2024", "--format", "json")
    d = json.loads(res.stdout)
    assert indicator(d, "T7")["threshold"] == 4 and indicator(d, "T7")["op"] == ">="
    assert indicator(d, "T5")["threshold"] is True


# --- template ---------------------------------------------------------------------------------
def test_template_content(user_dir: Path):
    res = invoke("template", "tinh-y/2024/xa", "--region", "b", "--year", "2024", "--criteria-dir", str(user_dir))
    assert res.exit_code == 0
    text = res.stdout
    data = load_text(text).data
    assert data["unit"] == {"name": "Tên đơn vị", "level": "xa", "region": "b"}
    assert data["year"] == 2024 and data["criteria_set"] == "tinh-y/2024/xa"
    assert list(data["values"]) == ["1", "2.a", "2.b", "2.c"]  # the composite "2" gives its parts
    assert all(v is None for v in data["values"].values())
    lines = text.splitlines()
    i = lines.index('  "1": null')
    assert "Thu nhập bình quân" in lines[i - 1] and "≥ 55 triệu đồng/người" in lines[i - 1]
    j = lines.index('  "2.b": null')
    assert "nếu có" in lines[j - 1] and "nếu có" not in lines[i - 1]
    assert any('"2": true/false' in ln for ln in lines)
    en = invoke("template", "tinh-y/2024/xa", "--lang", "en", "--criteria-dir", str(user_dir)).stdout
    assert "if any" in en and "a: ≥ 42" in en


@pytest.mark.parametrize("set_id", builtin_ids())
def test_template_is_accepted_by_check(set_id: str, tmp_path: Path):
    res = invoke("template", set_id)
    assert res.exit_code == 0, res.output
    f = tmp_path / "data.yaml"
    f.write_text(res.stdout, encoding="utf-8")
    chk = invoke("check", str(f), "--format", "json")
    assert chk.exit_code == 1, chk.output
    result = json.loads(chk.stdout)
    assert result["criteria_set"] == set_id
    statuses = set()
    for c in result["criteria"]:
        for i in c["indicators"]:
            statuses.add(i["status"])
            statuses.update(p["status"] for p in i.get("parts", []))
    assert statuses <= {"missing", "no_threshold"}, statuses


# --- schema -----------------------------------------------------------------------------------
jsonschema = pytest.importorskip("jsonschema")


def schema_of(which: str) -> dict:
    res = invoke("schema", which)
    assert res.exit_code == 0
    s = json.loads(res.stdout)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(s)
    return s


def criteria_files() -> list[Path]:
    return sorted(builtin_dir().rglob("*.yaml"))


def data_files() -> list[Path]:
    return sorted((REPO / "examples").rglob("*.yaml"))


def test_schema_default_is_criteria():
    assert json.loads(invoke("schema").stdout) == schema_of("criteria")
    assert invoke("schema", "xml").exit_code == 2


def test_every_shipped_file_validates_against_schema():
    crit = jsonschema.Draft202012Validator(schema_of("criteria"))
    data = jsonschema.Draft202012Validator(schema_of("data"))
    assert criteria_files(), "no criteria files"
    for f in criteria_files():
        errs = [f"{list(e.absolute_path)}: {e.message}" for e in crit.iter_errors(load_path(str(f)).data)]
        assert not errs, (f, errs[:5])
    for f in data_files():
        errs = [f"{list(e.absolute_path)}: {e.message}" for e in data.iter_errors(load_path(str(f)).data)]
        assert not errs, (f, errs[:5])


def test_schema_rejects_what_the_parser_rejects(user_dir: Path):
    crit = jsonschema.Draft202012Validator(schema_of("criteria"))
    good = load_text(USER_SET).data
    assert crit.is_valid(good)
    for bad in (
        USER_SET.replace("tier: ntm", "tier: ntm\ncriterias: []"),                 # unknown key
        USER_SET.replace('op: ">="', 'op: ">"'),                                   # bad comparator
        USER_SET.replace("type: number", "type: numeric"),                         # bad type
        USER_SET.replace('valid_from: "2023-01-01"', 'valid_from: "1/1/2023"'),  # bad date
        USER_SET.replace("{by_region: {a: 40, b: 50}}", "{by_region: {a: 40}, by_year: {}}"),  # two by_
        USER_SET.replace("id: tinh-y/2024/xa", "id: ../x"),                        # bad set id
    ):
        assert not crit.is_valid(load_text(bad).data), bad[:0]
    data = jsonschema.Draft202012Validator(schema_of("data"))
    assert data.is_valid({"unit": {"name": "X", "level": "xa", "group": "2"}, "year": 2024,
                          "values": {"1": 3.5, "2": "93,4", "3": None, "4": {"numerator": 1, "denominator": 2}}})
    assert not data.is_valid({"unit": {"nam": "X"}})
    assert not data.is_valid({"values": {"1": {"valeu": 1}}})


def test_template_validates_against_data_schema(user_dir: Path):
    data = jsonschema.Draft202012Validator(schema_of("data"))
    text = invoke("template", "tinh-y/2024/xa", "--criteria-dir", str(user_dir)).stdout
    assert data.is_valid(load_text(text).data)


def test_commands_do_not_import_rich_or_pydantic_unless_needed():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from ntm_eval.cli import main_group\n"
        "for a in (['validate', 'criteria/vn/2021-2025/tinh.yaml'], ['validate', '--format', 'junit'],\n"
        "          ['template', 'vn/2021-2025/tinh'], ['sets', '--format', 'json'],\n"
        "          ['show', 'vn/2021-2025/tinh', '--format', 'json']):\n"
        "    assert CliRunner().invoke(main_group, a).exit_code in (0, 1), a\n"
        "print(sorted(m for m in ('rich', 'pydantic') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "[]"


# --- narrow terminals, codes as words -----------------------------------------------------------
def _render(fn, data, lang: str, width: int = 80) -> str:
    import io

    from rich.console import Console

    buf = io.StringIO()
    fn(data, Console(file=buf, width=width, highlight=False, soft_wrap=False), lang)
    return buf.getvalue()


def test_sets_is_readable_in_80_columns(user_dir: Path):
    from ntm_eval.render.catalog import render_sets_to

    rows = json.loads(invoke("sets", "--format", "json", "--criteria-dir", str(user_dir)).stdout)
    out = _render(render_sets_to, rows, "vi")
    lines = out.splitlines()
    assert max(len(ln) for ln in lines) <= 80
    blank = [ln for ln in lines if ln.startswith(("│", "┃")) and not ln.replace("│", "").replace("┃", "").strip()]
    assert not blank  # no row of empty cells (it printed ~20 per set)
    assert len(lines) <= 12 * len(rows)
    for r in rows:  # every id on one line, its long title on lines of its own
        assert any(ln.startswith("│" + r["id"] + " ") for ln in lines), r["id"]
    en = _render(render_sets_to, rows, "en")
    assert "Indicator s" not in en and "Indicators" in en and "Thresholds" in en
    assert max(len(ln) for ln in en.splitlines()) <= 80


def test_sets_and_show_speak_vietnamese_not_codes(user_dir: Path):
    from ntm_eval.render.catalog import render_sets_to, render_show_to

    rows = json.loads(invoke("sets", "--format", "json", "--criteria-dir", str(user_dir)).stdout)
    out = " ".join(_render(render_sets_to, rows, "vi", 200).split())
    for code in ("official", "provincial", "hoan_thanh_nhiem_vu", "nang_cao", "do_thi_van_minh", "huyen ", " xa "):
        assert code not in out, code
    for word in ("chính thức", "cấp tỉnh", "minh họa", "hoàn thành nhiệm vụ", "NTM nâng cao", "đô thị văn minh",
                 "huyện", "xã · NTM · minh họa"):
        assert word in out, word
    en = " ".join(_render(render_sets_to, rows, "en", 200).split())
    assert "commune · new rural · demo" in en and "official" in en
    d = json.loads(invoke("show", "tinh-y/2024/xa", "--region", "a", "--year", "2024", "--format", "json",
                          "--criteria-dir", str(user_dir)).stdout)
    assert (d["level"], d["tier"], d["status"]) == ("xa", "ntm", "demo")  # JSON keeps the codes
    assert indicator(d, "2")["type"] == "all_of"
    vi = " ".join(_render(render_show_to, d, "vi", 160).split())
    for code in ("yes_no", "percent", "all_of", "number", " demo ", "region"):
        assert code not in vi, code
    for word in ("Số (triệu đồng/người)", "Gồm tất cả", "Tỷ lệ (%)", "Đạt/Không đạt", "xã · NTM · minh họa",
                 "vùng: a (Vùng A)"):
        assert word in vi, word
    en = " ".join(_render(render_show_to, d, "en", 160).split())
    for word in ("Number (triệu đồng/người)", "All of", "Percentage (%)", "Met/not met", "region: a (Vùng A)"):
        assert word in en, word


def test_show_is_readable_in_80_columns():
    from ntm_eval.render.catalog import render_show_to

    d = json.loads(invoke("show", "vn/2021-2025/xa-ntm", "--format", "json").stdout)
    out = _render(render_show_to, d, "vi")
    lines = out.splitlines()
    assert max(len(ln) for ln in lines) <= 80
    head = next(ln for ln in lines if ln.startswith("┃"))
    assert "Chỉ tiêu" in head and "Loại / đơn vị" in head  # short headers stay whole
    assert "Đạt/Không đạt" in out and "Tỷ lệ (%)" in out
