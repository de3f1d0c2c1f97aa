"""Loading unit data files: every bad input is a located error with exit 2, never a false pass.

Each error case is checked through `ntm-eval check` (exit code, `file:line:col` location,
Vietnamese by default and English with `--lang en`, no traceback, no verdict printed) and,
where useful, through the core (`check_file`, `load_text`) for the exact problem code.
"""

from __future__ import annotations

import json
import re
import time

import pytest

from conftest import PASSING, XA_NTM, data_text, no_crash, write
from ntm_eval.run.check import check_file
from ntm_eval.errors import InputError
from ntm_eval.io.yamlload import load_text

VI_ERR, EN_ERR = "lỗi", "error"


def located(stderr: str, path, line: int | None = None) -> list[str]:
    """The stderr lines `path:LINE:COL: lỗi|error: …` (optionally at one line)."""
    pat = re.compile(re.escape(str(path)) + r":(\d+):(\d+): (lỗi|error): ")
    out = []
    for ln in stderr.splitlines():
        m = pat.match(ln)
        if m and (line is None or int(m.group(1)) == line):
            out.append(ln)
    return out


def assert_invalid(res, path, lang: str = "vi", line: int | None = None, locate: bool = True) -> str:
    """Exit 2, no traceback, no verdict on stdout, and a (located) error on stderr. → stderr."""
    no_crash(res)
    assert res.exit_code == 2, (res.exit_code, res.output)
    # never a false pass: nothing that looks like a verdict is printed for a broken file
    assert "Kết quả" not in res.stdout and "Result:" not in res.stdout
    err = res.stderr
    word = VI_ERR if lang == "vi" else EN_ERR
    if locate:
        lines = located(err, path, line)
        assert lines, f"no located `{path}:line:col: {word}:` message in:\n{err}"
        assert all(f": {word}: " in ln for ln in lines)
    else:
        assert f"{path}: {word}: " in err or f"{path}:" in err and f" {word}: " in err, err
    return err


def line_of(path, needle: str) -> int:
    """1-based line number of the first line of `path` containing `needle`."""
    for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in ln:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


def key_line(path, key: str) -> int:
    """1-based line of the mapping key `key` (quoted or not) in `path`."""
    pat = re.compile(r"^\s*['\"]?" + re.escape(key) + r"['\"]?:")
    for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if pat.match(ln):
            return n
    raise AssertionError(f"key {key!r} not in {path}")


# --- malformed YAML ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang,word", [("vi", "lỗi cú pháp YAML"), ("en", "YAML syntax error")])
def test_malformed_yaml_is_located_syntax_error(run_cli, data_file, lang, word):
    p = data_file(text="unit: {name: Tân Linh\nyear: 2024\nvalues: {}\n")
    err = assert_invalid(run_cli(p, "--lang", lang), p, lang, line=2)
    assert word in err


def test_malformed_yaml_bad_indentation(run_cli, data_file):
    p = data_file(text="unit:\n  name: x\n region: r1\nyear: 2024\n")
    assert_invalid(run_cli(p), p)


def test_tab_indentation_is_a_syntax_error(run_cli, data_file):
    p = data_file(text="unit:\n\tname: x\n")
    assert_invalid(run_cli(p), p)


# --- duplicate keys ----------------------------------------------------------------------------

DUP = data_text().replace("year: 2024\n", "year: 2024\ncriteria_set: t/xa-ntm\n", 1)


def test_duplicate_key_problem_names_key_and_first_line(tmp_path, catalog):
    p = write(tmp_path / "dup.yaml", DUP)
    first = line_of(p, "criteria_set:")
    out = check_file(str(p), catalog)
    assert out.result is None
    [prob] = out.problems
    assert prob.key == "yaml.duplicate_key"
    assert prob.params["key"] == "criteria_set"
    assert prob.params["first_line"] == first
    second = [n for n, ln in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
              if ln.startswith("criteria_set:")][1]
    assert (prob.line, prob.col) == (second, 1)


def test_duplicate_value_key_is_refused_not_overwritten():
    text = "values:\n  '17.1': 96\n  '17.1': 10\n"
    with pytest.raises(InputError) as ei:
        load_text(text, "d.yaml")
    [p] = ei.value.problems
    assert (p.key, p.line, p.params["key"], p.params["first_line"]) == ("yaml.duplicate_key", 3, "17.1", 2)


def test_duplicate_nested_unit_key(tmp_path, catalog):
    p = write(tmp_path / "dup.yaml", data_text().replace("  region: r1\n", "  region: r1\n  region: r2\n"))
    out = check_file(str(p), catalog)
    assert out.result is None and [x.key for x in out.problems] == ["yaml.duplicate_key"]


@pytest.mark.parametrize("lang,word", [("vi", "bị lặp"), ("en", "duplicate key")])
def test_duplicate_key_cli_message(run_cli, data_file, lang, word):
    p = data_file(text=DUP)
    first = line_of(p, "criteria_set:")
    err = assert_invalid(run_cli(p, "--lang", lang), p, lang)
    assert word in err
    assert "criteria_set" in err
    assert str(first) in err.split(word, 1)[1]


# --- unknown indicator ids ---------------------------------------------------------------------

@pytest.mark.parametrize("typo,meant", [("17.01", "17.1"), ("6.4", "6.3"), ("17,1", "17.1")])
@pytest.mark.parametrize("lang,hint", [("vi", "có phải ý bạn là “{}”?"), ("en", "did you mean “{}”?")])
def test_unknown_indicator_id_with_did_you_mean(run_cli, data_file, typo, meant, lang, hint):
    vals = dict(PASSING)
    vals[typo] = vals.pop(meant)
    p = data_file(vals)
    err = assert_invalid(run_cli(p, "--lang", lang), p, lang, line=key_line(p, typo))
    assert hint.format(meant) in err


def test_unknown_indicator_problem_is_located_on_the_key(tmp_path, catalog):
    p = write(tmp_path / "u.yaml", data_text({**PASSING, "17.01": 3}))
    out = check_file(str(p), catalog)
    [prob] = out.problems
    assert prob.key == "data.unknown_indicator" and prob.indicator == "17.01"
    assert prob.params["hint"] == "17.1"
    assert (prob.line, prob.col) == (key_line(p, "17.01"), 3)


# --- wrong types, ranges, numbers --------------------------------------------------------------

@pytest.mark.parametrize("iid,value,code", [
    ("6.3", "nhiều lắm", "data.expected_number"),
    ("6.3", [1, 2], "data.expected_number"),
    ("6.3", True, "data.expected_number"),
    ("2", 5, "data.expected_bool"),
    ("2", "có lẽ", "data.expected_bool"),
    ("17.1", 101, "data.percent_range"),
    ("17.1", "101%", "data.percent_range"),
    ("17.1", -1, "data.negative"),
    ("6.3", -0.5, "data.negative"),
    ("6.3", "1.234,5", "data.ambiguous_number"),
    ("6.3", "1.234", "data.ambiguous_number"),
    ("17.1", "9.5,1", "data.ambiguous_number"),
    ("6.3", ".nan", "data.expected_number"),
    ("1.1", {"numerator": 11, "denominator": 10}, "data.numerator_gt"),
    ("1.1", {"numerator": 1, "denominator": 0}, "data.zero_denominator"),
    ("1.1", {"numerator": 1.5, "denominator": 3}, "data.bad_count"),
    ("1.1", {"numerator": 1, "denominator": 3, "value": 30}, "data.value_and_counts"),
    ("1.1", {"evidence": ["x"]}, "data.wrapper_no_value"),
    ("1.1", {"vaule": 30}, "schema.unknown_key"),
])
def test_bad_value_is_one_located_problem(tmp_path, catalog, iid, value, code):
    text = data_text({**PASSING, iid: value})
    if value == ".nan":
        text = text.replace("'.nan'", ".nan")
    p = write(tmp_path / "v.yaml", text)
    out = check_file(str(p), catalog)
    assert out.result is None
    assert [x.key for x in out.problems] == [code]
    prob = out.problems[0]
    assert prob.indicator == iid
    assert prob.line is not None and prob.line >= key_line(p, iid)


@pytest.mark.parametrize("iid,value", [("6.3", "nhiều lắm"), ("17.1", 101), ("17.1", -1),
                                       ("6.3", "1.234,5"), ("6.3", "1.234")])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_bad_value_cli_exit_2_located(run_cli, data_file, iid, value, lang):
    p = data_file({**PASSING, iid: value})
    assert_invalid(run_cli(p, "--lang", lang), p, lang, line=key_line(p, iid))


@pytest.mark.parametrize("iid,value,shown", [("6.3", "nhiều lắm", "nhiều lắm"), ("17.1", 101, "101"),
                                             ("17.1", -1, "-1"), ("6.3", "1.234,5", "1.234,5"),
                                             ("6.3", "1.234", "1.234"), ("17.01", 3, "17.01")])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_bad_value_message_names_indicator_and_value(run_cli, data_file, iid, value, shown, lang):
    vals = dict(PASSING)
    vals[iid] = value
    p = data_file(vals)
    err = assert_invalid(run_cli(p, "--lang", lang), p, lang)
    [msg] = located(err, p)
    body = msg.split(f": {VI_ERR if lang == 'vi' else EN_ERR}: ", 1)[1]
    assert "{" not in body and "}" not in body, msg  # every placeholder filled in
    assert shown in body
    assert iid in body


def test_decimal_comma_is_read_as_decimal(run_cli, data_file):
    p = data_file({**PASSING, "17.1": "93,4", "6.3": "70,5"})
    res = run_cli(p, "--format", "json")
    no_crash(res)
    assert res.exit_code == 1
    doc = json.loads(res.stdout)
    inds = {i["id"]: i for c in doc["criteria"] for i in c["indicators"]}
    assert inds["17.1"]["value"] == pytest.approx(93.4)
    assert inds["17.1"]["status"] == "fail" and inds["17.1"]["gap"] == pytest.approx(1.6)
    assert inds["6.3"]["value"] == pytest.approx(70.5) and inds["6.3"]["status"] == "pass"


@pytest.mark.parametrize("text,expected", [("93,4", 93.4), ("96,5%", 96.5), (" 96 % ", 96.0), ("96.5", 96.5),
                                           ("100", 100.0), ("0,0", 0.0)])
def test_number_strings_accepted(evaluate_values, text, expected):
    res = evaluate_values({**PASSING, "17.1": text})
    from conftest import indicator
    assert indicator(res, "17.1").value == pytest.approx(expected)


# --- files -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,word", [("vi", "tệp rỗng"), ("en", "file is empty")])
@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(run_cli, data_file, lang, word, text):
    p = data_file(text=text)
    err = assert_invalid(run_cli(p, "--lang", lang), p, lang, locate=False)
    assert word in err


@pytest.mark.parametrize("lang,word", [("vi", "không phải UTF-8"), ("en", "not UTF-8")])
def test_non_utf8_file_is_located(run_cli, data_file, lang, word):
    body = data_text().encode("utf-8").replace("Tân Linh".encode(), "Tân Linh".encode("latin-1"))
    p = data_file(text=body)
    err = assert_invalid(run_cli(p, "--lang", lang), p, lang, line=2)
    assert word in err and "0xe2" in err


def test_utf8_bom_is_accepted(run_cli, data_file):
    p = data_file(text=b"\xef\xbb\xbf" + data_text().encode("utf-8"))
    res = run_cli(p)
    no_crash(res)
    assert res.exit_code == 0, res.output
    assert "Tân Linh" in res.stdout


def test_alias_bomb_refused_fast(run_cli, data_file):
    levels = ["a: &a [" + ",".join(['"lol"'] * 9) + "]"]
    for prev, cur in zip("abcdefgh", "bcdefghi"):
        levels.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "\n".join(levels) + "\n"  # 9**9 ≈ 387 million strings once expanded
    p = data_file(text=bomb)
    t0 = time.monotonic()
    res = run_cli(p)
    assert time.monotonic() - t0 < 5
    err = assert_invalid(res, p)
    assert "alias" in err


def test_alias_bomb_inside_a_data_file_refused_fast(run_cli, data_file):
    bomb = "  a: &a [" + ",".join(['"x"'] * 10) + "]\n"
    for prev, cur in zip("abcdefgh", "bcdefghi"):
        bomb += f"  {cur}: &{cur} [" + ",".join([f"*{prev}"] * 10) + "]\n"
    p = data_file(text=data_text() + "note:\n" + bomb)
    t0 = time.monotonic()
    res = run_cli(p, "--lang", "en")
    assert time.monotonic() - t0 < 5
    err = assert_invalid(res, p, "en")
    assert "alias bomb" in err


@pytest.mark.parametrize("lang,word", [("vi", "không tìm thấy tệp"), ("en", "file not found")])
def test_missing_path(run_cli, tmp_path, lang, word):
    p = tmp_path / "khong-co.yaml"
    err = assert_invalid(run_cli(p, "--lang", lang), p, lang, locate=False)
    assert word in err


def test_directory_instead_of_file(run_cli, tmp_path):
    d = tmp_path / "a-folder"
    d.mkdir()
    assert_invalid(run_cli(d), d, locate=False)


def test_multiple_documents_refused(run_cli, data_file):
    p = data_file(text=data_text() + "---\n" + data_text())
    assert_invalid(run_cli(p), p)


def test_top_level_not_a_mapping(run_cli, data_file):
    p = data_file(text="- 1\n- 2\n")
    assert_invalid(run_cli(p), p, line=1)


# --- YAML tags ---------------------------------------------------------------------------------

def test_python_name_tag_on_scalar_refused(run_cli, data_file):
    p = data_file(text=data_text().replace("year: 2024", "year: !!python/name:os.system ''"))
    err = assert_invalid(run_cli(p), p, line=line_of(p, "!!python"))
    assert "python/name" in err


@pytest.mark.parametrize("snippet", [
    "note: !!python/object/apply:os.system [\"echo pwned\"]",
    "note: !!python/object:collections.OrderedDict {a: 1}",
    "note: !!python/object/new:builtins.list [[1]]",
    "note: !custom [1]",
])
def test_python_object_tag_on_collection_is_not_constructed(tmp_path, catalog, snippet):
    """Whatever else happens, no Python object is ever built from a tag (safe loading)."""
    p = write(tmp_path / "t.yaml", data_text() + snippet + "\n")
    out = check_file(str(p), catalog)  # must not run os.system nor raise
    if out.result is not None:
        assert not any(type(v).__module__ not in ("builtins",) for v in out.result.unit.values())


@pytest.mark.parametrize("snippet", [
    "note: !!python/object/apply:os.system [\"echo pwned\"]",
    "note: !!python/object:collections.OrderedDict {a: 1}",
])
def test_python_object_tag_on_collection_refused(run_cli, data_file, snippet):
    p = data_file(text=data_text() + snippet + "\n")
    err = assert_invalid(run_cli(p), p, line=line_of(p, "!!python"))
    assert "python/object" in err


def test_python_tag_refused_by_loader_on_scalar():
    with pytest.raises(InputError) as ei:
        load_text("a: !!python/object/apply:os.system 'echo x'\n", "x.yaml")
    assert ei.value.problems[0].key == "yaml.bad_tag"


# --- ids are kept as written -------------------------------------------------------------------

def test_unquoted_ids_kept_as_written_in_criteria(xa_ntm):
    ids = xa_ntm.all_ids()
    assert "1.10" in ids and "1.1" in ids
    assert ids["1.10"].title == "Số km đường"
    assert "id: 1.10\n" in XA_NTM  # the fixture really writes it unquoted


def test_unquoted_id_values_kept_by_loader():
    doc = load_text("id: 1.10\nrequires: [1.20, 2.0]\nx: 1.10\nother:\n  id: 007\n", "x.yaml")
    assert doc.data["id"] == "1.10"
    assert doc.data["requires"] == ["1.20", "2.0"]
    assert doc.data["x"] == 1.1  # ordinary values are typed as YAML says
    assert doc.data["other"]["id"] == "007"


def test_unquoted_value_keys_kept_as_written(tmp_path, catalog):
    text = data_text({}) .replace("values: {}\n", "values:\n  1.10: 4\n  1.1: {numerator: 9, denominator: 10}\n")
    p = write(tmp_path / "k.yaml", text)
    out = check_file(str(p), catalog)
    assert out.problems == []
    from conftest import indicator
    assert indicator(out.result, "1.10").value == 4 and indicator(out.result, "1.10").status == "fail"
    assert indicator(out.result, "1.1").status == "pass"


def test_dates_kept_as_text():
    doc = load_text("date: 2024-11-30\n", "x.yaml")
    assert doc.data["date"] == "2024-11-30"


# --- unknown keys ------------------------------------------------------------------------------

@pytest.mark.parametrize("old,new,bad,hint", [
    ("  region: r1\n", "  regoin: r1\n", "regoin", "region"),
    ("  name: Tân Linh\n", "  nmae: Tân Linh\n", "nmae", "name"),
    ("values:\n", "valuse:\n", "valuse", "values"),
    ("year: 2024\n", "yaer: 2024\n", "yaer", "year"),
    ("criteria_set: t/xa-ntm\n", "criteria-set: t/xa-ntm\n", "criteria-set", "criteria_set"),
])
@pytest.mark.parametrize("lang,hint_fmt", [("vi", "có phải ý bạn là “{}”?"), ("en", "did you mean “{}”?")])
def test_unknown_key_with_suggestion(run_cli, data_file, old, new, bad, hint, lang, hint_fmt):
    text = data_text()
    assert old in text
    p = data_file(text=text.replace(old, new, 1))
    err = assert_invalid(run_cli(p, "--lang", lang), p, lang, line=line_of(p, bad))
    assert bad in err
    assert hint_fmt.format(hint) in err


# --- n/a ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,word", [("vi", "không được ghi n/a"), ("en", "n/a is not allowed")])
@pytest.mark.parametrize("na", ["n/a", "không áp dụng", "N/A"])
def test_na_on_non_optional_indicator_is_error(run_cli, data_file, lang, word, na):
    p = data_file({**PASSING, "6.3": na})
    err = assert_invalid(run_cli(p, "--lang", lang), p, lang, line=key_line(p, "6.3"))
    assert word in err


def test_na_on_optional_indicator_is_accepted(run_cli, data_file):
    p = data_file({**PASSING, "5.1": "n/a"})
    res = run_cli(p, "--format", "json")
    no_crash(res)
    assert res.exit_code == 0, res.output


# --- other data-file checks --------------------------------------------------------------------

@pytest.mark.parametrize("kw,code", [
    ({"unit": {"name": "x", "region": "r9"}}, "data.bad_class"),
    ({"unit": {"name": "x"}}, "data.no_class"),
    ({"unit": {"name": "x", "region": "r1", "categories": ["xa_dbk"]}}, "data.unknown_category"),
    ({"unit": {"name": "x", "region": "r1", "level": "huyen"}}, "data.level_mismatch"),
    ({"year": None}, "data.no_year"),
    ({"year": 1800}, "data.bad_year"),
    ({"date": "2023-05-01"}, "data.date_year"),
    ({"date": "30/11/2024"}, "schema.bad_date"),
])
def test_unit_level_problems(tmp_path, catalog, kw, code):
    p = write(tmp_path / "u.yaml", data_text(**kw))
    out = check_file(str(p), catalog)
    assert out.result is None
    assert code in [x.key for x in out.problems]


def test_region_given_by_label_is_accepted(evaluate_values):
    res = evaluate_values(unit={"name": "x", "region": "Vùng hai"})
    assert res.klass == "r2"


def test_no_set_anywhere(run_cli, data_file):
    p = data_file(criteria_set=None)
    err = assert_invalid(run_cli(p), p, line=1)
    assert "criteria_set" in err


def test_unknown_set_in_file_is_located(run_cli, data_file):
    p = data_file(criteria_set="t/xa-ntn")
    err = assert_invalid(run_cli(p), p, line=line_of(p, "criteria_set:"))
    assert "t/xa-ntm" in err  # did you mean


def test_all_problems_of_a_file_reported_at_once(tmp_path, catalog):
    vals = {**PASSING, "6.3": "nhiều lắm", "17.1": 101, "17.01": 1}
    p = write(tmp_path / "m.yaml", data_text(vals))
    out = check_file(str(p), catalog)
    assert sorted(x.key for x in out.problems) == ["data.expected_number", "data.percent_range",
                                                   "data.unknown_indicator"]


@pytest.mark.parametrize("value", ["9" * 400, {"numerator": 10 ** 400, "denominator": 10 ** 401}])
def test_huge_integer_is_a_problem_not_a_crash(tmp_path, catalog, value):
    iid = "6.3" if isinstance(value, str) else "1.1"
    text = data_text({**PASSING, iid: 0}).replace(f"'{iid}': 0", f"'{iid}': {value}" if isinstance(value, str)
                                                  else f"'{iid}': {{numerator: {value['numerator']}, "
                                                       f"denominator: {value['denominator']}}}")
    p = write(tmp_path / "big.yaml", text)
    out = check_file(str(p), catalog)
    assert out.result is None and out.problems


def test_impossible_date_rejected(tmp_path, catalog):
    p = write(tmp_path / "d.yaml", data_text(date="2024-02-30"))
    out = check_file(str(p), catalog)
    assert out.result is None and [x.key for x in out.problems] == ["schema.bad_date"]


def test_binary_tag_in_unit_does_not_crash_json(run_cli, data_file):
    p = data_file(text=data_text().replace("name: Tân Linh", "name: !!binary aGVsbG8="))
    res = run_cli(p, "--format", "json")
    no_crash(res)
    assert res.exit_code in (0, 2)
