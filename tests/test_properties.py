"""Hypothesis properties of the engine and of data-file checking.

* monotonicity: raising a value under ">=" never turns pass into fail (lowering, under "<=");
* gap == 0 exactly when the status is pass (numeric indicators, every op);
* `need` is the least number of extra (">=") or fewer ("<=") counted units that makes the
  indicator pass, checked by brute force against the engine itself;
* any generated data file (YAML-ish token soup, random structures dumped with safe_dump, random
  bytes) goes through `check_file` without raising, giving a result or located problems, and
  through the CLI gives exit 0/1/2 without a traceback.

Generators leave out inputs that hit bugs already pinned by strict xfail tests (see the
`KNOWN_*` notes below) so that these properties stay green and keep guarding everything else.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from conftest import NANG_CAO, PASSING, XA_NTM, no_crash, write
from ntm_eval.results import Outcome
from ntm_eval.run.check import check_file
from ntm_eval.load.catalog import Catalog
from ntm_eval.load.unit import DataValue
from ntm_eval.core.engine import evaluate_indicator
from ntm_eval.errors import InputError
from ntm_eval.model import Const, Criterion, CriteriaSet, Indicator, ThresholdVersion
from ntm_eval.vocab import FAIL, PASS
from ntm_eval.core.thresholds import Context
from ntm_eval.io.yamlload import load_text

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CTX = Context(year=2024, date="2024-12-31")


def one_indicator(op: str, threshold: float, itype: str = "number") -> tuple[Indicator, CriteriaSet]:
    ind = Indicator(id="x", title="x", type=itype, unit="%" if itype == "percent" else None,
                    counts_of="thôn" if itype == "percent" else None,
                    thresholds=(ThresholdVersion(op=op, value=Const(threshold)),))
    cs = CriteriaSet(id="p/x", title="p", level="xa", criteria=(Criterion("1", "c", (ind,)),))
    return ind, cs


def status_of(ind, cs, dv: DataValue):
    return evaluate_indicator(ind, {"x": dv}, cs, CTX)


def number(v: float) -> DataValue:
    return DataValue("number", float(v))


def counts(n: int, d: int) -> DataValue:
    """Exactly what data._parse_counts builds (checked in test_counts_mirror_matches_the_parser)."""
    return DataValue("counts", 100.0 * n / d, n, d)


values = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
thresholds = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
ops = st.sampled_from([">=", "<=", "="])


# --- monotonicity ----------------------------------------------------------------------------------

@FAST
@given(t=thresholds, v1=values, v2=values)
def test_raising_value_never_turns_pass_into_fail_ge(t, v1, v2):
    lo, hi = sorted((v1, v2))
    ind, cs = one_indicator(">=", t)
    if status_of(ind, cs, number(lo)).status == PASS:
        assert status_of(ind, cs, number(hi)).status == PASS


@FAST
@given(t=thresholds, v1=values, v2=values)
def test_lowering_value_never_turns_pass_into_fail_le(t, v1, v2):
    lo, hi = sorted((v1, v2))
    ind, cs = one_indicator("<=", t)
    if status_of(ind, cs, number(hi)).status == PASS:
        assert status_of(ind, cs, number(lo)).status == PASS


@FAST
@given(t=st.integers(0, 100), d=st.integers(1, 300), data=st.data())
def test_more_counted_units_never_turn_pass_into_fail(t, d, data):
    n1 = data.draw(st.integers(0, d))
    n2 = data.draw(st.integers(n1, d))
    for op, (a, b) in ((">=", (n1, n2)), ("<=", (n2, n1))):
        ind, cs = one_indicator(op, t, "percent")
        if status_of(ind, cs, counts(a, d)).status == PASS:
            assert status_of(ind, cs, counts(b, d)).status == PASS


# --- gap ---------------------------------------------------------------------------------------------

@FAST
@given(op=ops, t=thresholds, v=values | thresholds)
def test_gap_zero_exactly_when_pass(op, t, v):
    ind, cs = one_indicator(op, t)
    r = status_of(ind, cs, number(v))
    assert r.status in (PASS, FAIL)
    assert (r.gap == 0) == (r.status == PASS)
    assert r.gap is not None and r.gap >= 0
    if r.status == FAIL:
        assert r.gap > 0
        # the gap is the distance to the threshold, in the indicator's unit
        assert math.isclose(r.gap, abs(v - t), rel_tol=1e-9, abs_tol=1e-6)  # gaps are rounded to 6 places


@FAST
@given(op=ops, t=st.integers(0, 1000), v=st.integers(0, 1000))
def test_gap_exact_for_whole_numbers(op, t, v):
    ind, cs = one_indicator(op, t)
    r = status_of(ind, cs, number(v))
    met = {">=": v >= t, "<=": v <= t, "=": v == t}[op]
    assert r.status == (PASS if met else FAIL)
    assert r.gap == (0 if met else abs(v - t))


@FAST
@given(op=ops, t=st.integers(0, 100), d=st.integers(1, 500), data=st.data())
def test_gap_zero_exactly_when_pass_for_counts(op, t, d, data):
    n = data.draw(st.integers(0, d))
    ind, cs = one_indicator(op, t, "percent")
    r = status_of(ind, cs, counts(n, d))
    assert (r.gap == 0) == (r.status == PASS)
    assert (r.need is None) == (r.status == PASS) or op == "="


# --- need, by brute force --------------------------------------------------------------------------

def brute_force_need(op: str, t: float, n: int, d: int) -> int | None:
    """Least k ≥ 0 such that n+k (">=") or n-k ("<=") counted units pass, per the engine itself."""
    ind, cs = one_indicator(op, t, "percent")
    rng = range(0, d - n + 1) if op == ">=" else range(0, n + 1)
    for k in rng:
        m = n + k if op == ">=" else n - k
        if status_of(ind, cs, counts(m, d)).status == PASS:
            return k
    return None


# thresholds that are exact in binary: whole numbers and quarters (95, 80, 2.5, 33.25)
exact_thresholds = st.integers(0, 400).map(lambda q: q / 4)


@FAST
@given(op=st.sampled_from([">=", "<="]), t=exact_thresholds, d=st.integers(1, 400), data=st.data())
def test_need_is_minimal_number_of_units(op, t, d, data):
    n = data.draw(st.integers(0, d))
    ind, cs = one_indicator(op, t, "percent")
    r = status_of(ind, cs, counts(n, d))
    k = brute_force_need(op, t, n, d)
    assert k is not None  # with 0 ≤ t ≤ 100 some count always passes
    if r.status == PASS:
        assert k == 0 and r.need is None
    else:
        assert r.need == k
        assert k >= 1


@settings(max_examples=60, deadline=None)
@example(op=">=", t=1.1, n=10, d=1000)
@example(op="<=", t=2.3, n=25, d=1000)
@given(op=st.sampled_from([">=", "<="]), t=st.integers(0, 1000).map(lambda x: x / 10),
       n=st.integers(0, 2000), d=st.integers(1, 2000))
def test_need_is_minimal_for_decimal_thresholds(op, t, n, d):
    assume(n <= d)
    ind, cs = one_indicator(op, t, "percent")
    r = status_of(ind, cs, counts(n, d))
    if r.status == FAIL:
        assert r.need == brute_force_need(op, t, n, d)


def test_counts_mirror_matches_the_parser(evaluate_values):
    """`counts()` above builds the same DataValue as the real parser."""
    from conftest import indicator

    for n, d in ((6, 10), (1, 3), (2, 7), (997, 1000)):
        res = evaluate_values({**PASSING, "1.1": {"numerator": n, "denominator": d}})
        i = indicator(res, "1.1")
        ind, cs = one_indicator(">=", 80, "percent")
        mine = status_of(ind, cs, counts(n, d))
        assert (i.status, i.need, i.gap, i.value) == (mine.status, mine.need, mine.gap, mine.value)


# --- arbitrary data files never crash -----------------------------------------------------------------

@pytest.fixture(scope="module")
def fuzz_env(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    d = root / "criteria"
    write(d / "t" / "xa-ntm.yaml", XA_NTM)
    write(d / "t" / "xa-nang-cao.yaml", NANG_CAO)
    return root, Catalog([str(d)])


IDS = list(PASSING) + ["4", "10", "17.01", "6.4", "1,1", "x"]
special = st.sampled_from(["n/a", "N/A", "không áp dụng", "đạt", "chưa đạt", "Đạt", "93,4", "96,5%", "1.234,5",
                           "1.234", "-1", "101", "101%", " 80 ", "nhiều lắm", "2024-12-31", "", "∞", "1e400",
                           "0x10", ".5", "5.", "1,2,3", "r1", "Vùng hai", "xa_dbkk"])
# KNOWN (xfail in test_loader): ints beyond float range crash data._parse_number → bounded ints here.
scalars = (st.none() | st.booleans() | st.integers(-10 ** 15, 10 ** 15)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12) | special)
wrappers = st.fixed_dictionaries({}, optional={
    "value": scalars, "numerator": st.integers(-2, 50) | scalars, "denominator": st.integers(-2, 50) | scalars,
    "evidence": st.lists(st.text(max_size=5), max_size=2) | scalars, "note": scalars, "vaule": scalars})
value_maps = st.dictionaries(st.sampled_from(IDS) | st.text(max_size=5), scalars | wrappers, max_size=10)
units = st.fixed_dictionaries({}, optional={
    "name": scalars, "level": st.sampled_from(["xa", "huyen", "thon", "xã"]) | scalars,
    "region": st.sampled_from(["r1", "r2", "r9", "Vùng một"]) | scalars,
    "categories": st.lists(st.sampled_from(["xa_dbkk", "xa_dbk", "abc"]), max_size=3) | scalars,
    "district": scalars, "regoin": scalars})
docs = st.fixed_dictionaries({}, optional={
    "unit": units | scalars,
    "year": st.integers(1985, 2105) | scalars,
    "date": st.sampled_from(["2024-11-30", "2023-05-01", "2024-13-01", "30/11/2024"]) | scalars,
    "criteria_set": st.sampled_from(["t/xa-ntm", "t/xa-nang-cao", "t/xa-ntn", "../t/xa-ntm", "T/XA-NTM"])
    | scalars,
    "values": value_maps | scalars,
    "note": scalars, "members": scalars, "valuse": scalars})
# near-valid files: the passing commune with a few values replaced, dropped or added
near_valid = st.builds(
    lambda changes, drop, unit: {"unit": unit, "year": 2024, "criteria_set": "t/xa-ntm",
                                 "values": {**{k: v for k, v in PASSING.items() if k not in drop}, **changes}},
    st.dictionaries(st.sampled_from(IDS), scalars | wrappers | special, max_size=3),
    st.sets(st.sampled_from(list(PASSING)), max_size=3),
    st.sampled_from([{"name": "Xã A", "region": "r1"}, {"name": "Xã B", "region": "r2"},
                     {"name": "Xã C", "region": "r2", "categories": ["xa_dbkk"]}]))
docs = docs | near_valid
trees = st.recursive(scalars, lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c,
                                                                                  max_size=4), max_leaves=25)

# KNOWN (xfail in test_loader): explicit !!int/!!float/!!bool tags on bad scalars and !!binary crash;
# duplicate keys crash the CLI's message formatting. Token soup avoids those tokens.
TOKENS = ["unit", "values", "year", "criteria_set", "date", "name", "region", "categories", "t/xa-ntm",
          "1.1", "1.10", "17.1", "6.3", "2", "numerator", "denominator", "value", "n/a", "đạt", "93,4",
          ":", ": ", "\n", "\n  ", "\n    ", " ", "- ", "{", "}", "[", "]", ",", "'", '"', "#", "&a ", "*a",
          "!!python/object/apply:os.system ", "!!str ", "!custom ", "|", ">", "? ", "---", "...", "%YAML 1.1",
          "\t", "\\", "\x00", "\ufeff", "2024", "-1", "101", "1e3", ".nan", "~", "null", "yes", "<<: ", "@", "`"]
soup = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


def check_outcome(out: Outcome, path: Path) -> None:
    assert isinstance(out, Outcome)
    assert (out.result is None) == bool(out.problems), out
    for p in out.problems:
        assert p.key and p.severity in ("error", "warning")
        assert p.file is not None
        if p.file == str(path) and p.key not in ("file.empty", "file.not_found", "yaml.too_deep") \
                and not (p.key == "yaml.syntax" and "position" in p.params.get("detail", "")):
            assert p.line is not None and p.line >= 1, p


def run_check_file(fuzz_env, body: str | bytes) -> tuple[Outcome, Path]:
    root, cat = fuzz_env
    path = root / "fuzz.yaml"
    write(path, body)
    return check_file(str(path), cat), path


PROP = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@PROP
@given(doc=docs)
def test_check_file_never_raises_on_structured_data(fuzz_env, doc):
    out, path = run_check_file(fuzz_env, yaml.safe_dump(doc, allow_unicode=True))
    check_outcome(out, path)


@PROP
@given(tree=trees)
def test_check_file_never_raises_on_random_structures(fuzz_env, tree):
    out, path = run_check_file(fuzz_env, yaml.safe_dump(tree, allow_unicode=True))
    check_outcome(out, path)


@PROP
@given(text=soup)
def test_check_file_never_raises_on_yamlish_text(fuzz_env, text):
    out, path = run_check_file(fuzz_env, text)
    check_outcome(out, path)


@PROP
@given(raw=st.binary(max_size=200))
@example(raw=b"\xff\xfe")
@example(raw=b"\xef\xbb\xbf")
@example(raw=b"unit: \xe2\x82")
def test_check_file_never_raises_on_random_bytes(fuzz_env, raw):
    out, path = run_check_file(fuzz_env, raw)
    check_outcome(out, path)


@PROP
@given(doc=docs)
def test_valid_shaped_documents_either_evaluate_or_explain(fuzz_env, doc):
    """A result is only ever produced for data that binds to a known set; never a pass with errors."""
    out, _ = run_check_file(fuzz_env, yaml.safe_dump(doc, allow_unicode=True))
    event("result" if out.result is not None else "problems")
    if out.result is not None:
        event(f"status {out.result.status}")
        assert out.result.criteria_set in ("t/xa-ntm", "t/xa-nang-cao")
        assert out.result.status in ("pass", "fail", "missing", "not_applicable", "no_threshold")
        json.dumps(out.result.to_dict())


# --- the CLI on arbitrary files ------------------------------------------------------------------------

def _has_duplicate_keys(text: str) -> bool:
    try:
        load_text(text, "x")
    except InputError as exc:
        return any(p.key == "yaml.duplicate_key" for p in exc.problems)
    except Exception:  # noqa: BLE001 - other loader crashes are check_file's business, not this filter's
        return False
    return False


def cli(fuzz_env, body: str | bytes, *args: str):
    from click.testing import CliRunner

    from ntm_eval.cli import main_group

    root, _ = fuzz_env
    path = root / "cli.yaml"
    write(path, body)
    return CliRunner().invoke(main_group, ["check", "--criteria-dir", str(root / "criteria"), str(path), *args])


CLI = settings(max_examples=30, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@CLI
@given(body=docs.map(lambda d: yaml.safe_dump(d, allow_unicode=True)) | soup | st.binary(max_size=120),
       fmt=st.sampled_from(["table", "json"]), lang=st.sampled_from(["vi", "en"]))
def test_cli_exit_codes_and_no_traceback(fuzz_env, body, fmt, lang):
    if isinstance(body, str):
        assume(not _has_duplicate_keys(body))  # KNOWN: pinned by test_loader.test_duplicate_key_cli_message
    res = cli(fuzz_env, body, "--format", fmt, "--lang", lang)
    no_crash(res)
    assert res.exit_code in (0, 1, 2)
    if fmt == "json" and res.stdout.strip():
        doc = json.loads(res.stdout)
        assert doc["status"] in ("pass", "fail", "missing", "not_applicable", "no_threshold", "error")
        assert (doc["status"] == "error") == (res.exit_code == 2)
        assert (doc["status"] == "pass") == (res.exit_code == 0)


@pytest.mark.parametrize("snippet", ["year: !!int x", "year: !!float x", "year: !!bool x"])
def test_check_file_never_raises_on_bad_explicit_tags(fuzz_env, snippet):
    out, path = run_check_file(fuzz_env, snippet + "\n")
    check_outcome(out, path)
    assert out.problems[0].key == "yaml.bad_scalar"
