"""`ntm-eval validate` output formats (GitHub annotations, JUnit XML), `--output` and usage
errors. Shares the fixtures of `test_validate.py`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ntm_eval.errors import PathsError
from ntm_eval.validate import validate_paths
from test_validate import run, write_set


@pytest.fixture
def root(tmp_path: Path) -> Path:
    r = tmp_path / "criteria"
    r.mkdir()
    return r


# --- formats ----------------------------------------------------------------------------------
def test_github_annotations(root: Path):
    write_set(root, "t/base", threshold='{op: ">=", value: {by_region: {a: 80}}, source: s1}')
    write_set(root, "t/unk", threshold="unknown", expect="no_threshold")
    res = run("--format", "github", str(root))
    assert res.exit_code == 1
    ann = [ln for ln in res.output.splitlines() if ln.startswith("::")]
    rx = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.+)$")
    parsed = [rx.match(a) for a in ann]
    assert ann and all(parsed), ann
    sev = {m.group(1) for m in parsed}
    assert sev == {"error", "warning"}
    err = next(m for m in parsed if m.group(1) == "error")
    assert err.group(2).endswith("base.yaml") and "by_region" in err.group(6)
    assert "%3A" in err.group(5)  # ":" inside a property is escaped


def test_junit_report(root: Path, tmp_path: Path):
    write_set(root, "t/base", expect="fail")
    write_set(root, "t/ok")
    out = tmp_path / "report.xml"
    res = run("--format", "junit", "--output", str(out), str(root))
    assert res.exit_code == 1
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".ntm-eval-")]  # temp file replaced
    tree = ET.parse(out).getroot()
    assert tree.tag == "testsuites"
    suites = {s.get("name"): s for s in tree.findall("testsuite")}
    assert set(suites) == {"t/base", "t/ok"}
    base = suites["t/base"]
    cases = base.findall("testcase")
    assert int(base.get("tests")) == len(cases) == 9  # 8 checks (with "province", issue 14) + 1 embedded test
    failed = [c for c in cases if c.find("failure") is not None]
    assert len(failed) == 1 and "vùng a đạt" in failed[0].get("name")
    assert failed[0].find("failure").get("type") == "validate.test_indicators"
    assert base.get("failures") == "1" and suites["t/ok"].get("failures") == "0"
    assert tree.get("failures") == "1"
    # same report on stdout
    res = run("--format", "junit", "--lang", "en", str(root))
    assert ET.fromstring(res.stdout.encode()).find("testsuite/testcase").get("name") == "parse and schema"


# --- usage errors -----------------------------------------------------------------------------
def test_missing_path_is_a_usage_error(root: Path, tmp_path: Path):
    res = run(str(tmp_path / "nope"))
    assert res.exit_code == 2
    assert "không tìm thấy tệp hoặc thư mục" in res.output
    with pytest.raises(PathsError):
        validate_paths([str(tmp_path / "nope")])
    res = run(str(root))  # an empty folder
    assert res.exit_code == 2
    res = run("--format", "xml", str(root))
    assert res.exit_code == 2


def test_output_file_usage_errors(root: Path, tmp_path: Path):
    f = write_set(root, "t/base")
    res = run("--output", str(tmp_path / "no" / "such" / "dir" / "r.xml"), "--format", "junit", str(root))
    assert res.exit_code == 2
    before = f.read_text(encoding="utf-8")
    res = run("--output", str(f), str(root))  # would overwrite an input
    assert res.exit_code == 2 and f.read_text(encoding="utf-8") == before
    out = tmp_path / "report.txt"
    res = run("--output", str(out), "--lang", "en", str(root))
    assert res.exit_code == 0 and res.stdout == ""
    assert "t/base: 2 indicators" in out.read_text(encoding="utf-8")


def test_strict_junit_and_github_turn_warnings_into_failures(root: Path):
    write_set(root, "t/base", threshold="unknown", expect="no_threshold")
    tree = ET.fromstring(run("--format", "junit", str(root)).stdout.encode())
    assert tree.get("failures") == "0"
    assert "ngưỡng chưa xác định" in "".join(tree.itertext())  # warnings kept in <system-out>
    res = run("--format", "junit", "--strict", str(root))
    assert res.exit_code == 1
    tree = ET.fromstring(res.stdout.encode())
    [case] = [c for c in tree.iter("testcase") if c.find("failure") is not None]
    assert case.find("failure").get("type") == "validate.unknown_threshold_all"
    gh = run("--format", "github", "--strict", str(root)).stdout
    assert gh.startswith("::error ") and "::warning" not in gh
