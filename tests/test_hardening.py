"""Regression tests for issue 9 (hardening): false passes, inputs overwritten, tracebacks and
hangs, paths that escape, leftovers and leniency. Each test names its defect number (D1 … D16).

These tests are black-box: they drive the CLI only, in process through
`ntm_eval.cli.main_group` with click's `CliRunner`, or in a subprocess through
`python -m ntm_eval` (where a hang, a signal, file permissions or a memory limit are involved).
No other ntm_eval module is imported.

Every test writes inside its own `tmp_path` only (never a device or a system path as
`--output`); every subprocess has a timeout, so a hang fails instead of stalling CI.

The defects were open when these tests were written: most of them fail until issue 9 is fixed.
"""

from __future__ import annotations

import csv
import ctypes
import io
import json
import os
import re
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ntm_eval.cli import main_group

REPO = Path(__file__).resolve().parent.parent
DEMO_SET = REPO / "criteria" / "demo" / "xa-ntm-minh-hoa.yaml"
DEMO_ID = "demo/xa-ntm-minh-hoa"
LONG = "x" * 300  # longer than NAME_MAX (255)
UP = "../" * 40  # enough to reach / from any tmp_path

# Values meeting every indicator of the demonstration set for a commune of region dbsh in 2024
# (default date 2024-12-31). Thresholds from criteria/demo/xa-ntm-minh-hoa.yaml: 2.1 >= 96,
# 3.1 >= 98.5 (from 2024-03-01), 3.2 >= 77, 4.2 >= 5, 5 >= 47.5 (2024, dbsh), 6 <= 3.5,
# 7.1.b >= 82, 8.1 >= 91.5, 8.2 <= 1.
PASSING_DBSH: dict[str, str] = {
    "1": "đạt", "2.1": "97", "2.2": "100", "2.3": "n/a", "3.1": "99", "3.2": "80", "4.1": "100",
    "4.2": "5", "4.3": "n/a", "5": "50", "6": "3", "7.1.a": "true", "7.1.b": "85", "7.2.a": "true",
    "7.2.b": "true", "7.3": "n/a", "8.1": "92", "8.2": "0", "8.3": "true",
}
# The header of a sheet with every indicator of the demo set; "6" comes last (defect 3).
SHEET_IDS = ["1", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2", "4.3", "5", "7.1.a", "7.1.b",
             "7.2.a", "7.2.b", "7.3", "8.1", "8.2", "8.3", "6"]
SHEET_PASS = {"1": "đạt", "2.1": "97", "2.2": "100", "2.3": "n/a", "3.1": "99", "3.2": "80",
              "4.1": "100", "4.2": "5", "4.3": "n/a", "5": "50", "7.1.a": "đạt", "7.1.b": "85",
              "7.2.a": "đạt", "7.2.b": "đạt", "7.3": "n/a", "8.1": "92", "8.2": "0", "8.3": "đạt",
              "6": "3"}

# A district set whose P1 is the share of member communes meeting the demo set (so that every
# threshold is known and P1 can pass: examples/tam-duong uses the national set, which has unknown
# thresholds).
HUYEN_SET = """\
schema_version: 1
id: t/huyen
title: Huyện thử
level: huyen
status: demo
criteria:
  - id: "P"
    title: Điều kiện
    indicators:
      - id: "P1"
        title: Tỷ lệ xã đạt chuẩn
        type: percent
        counts: {of: xã, of_en: communes}
        from_members: {level: xa, set: demo/xa-ntm-minh-hoa}
        threshold: {op: "=", value: 100}
"""

PARENT_SET = """\
schema_version: 1
id: t/parent
title: Bộ cha
level: xa
status: demo
criteria:
  - id: "1"
    title: Một
    indicators:
      - {id: "1", title: Số câu lạc bộ, type: number, threshold: {op: ">=", value: 5}}
"""

CHILD_SET = """\
schema_version: 1
id: t/child
title: Bộ con
extends: t/parent
status: demo
"""

SMALL_SET = """\
schema_version: 1
id: t/small
title: Bộ nhỏ
level: xa
status: demo
indicator_count: 1
criteria:
  - id: "1"
    title: Một
    indicators:
      - {id: "1", title: Số câu lạc bộ, type: number, threshold: {op: ">=", value: 5}}
"""


# --- helpers --------------------------------------------------------------------------------

def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def demo_unit(name: str = "Xã Đạt", *, region: str = "dbsh", criteria_set: str | None = DEMO_ID,
              values: dict[str, str] | None = None, first: dict[str, str] | None = None,
              year: int = 2024, extra: str = "") -> str:
    """A commune data file for the demo set, as YAML text with fixed line numbers:
    line 1 `unit:`, 2 `year:`, 3 `criteria_set:`, 4 `values:`, 5… the values (`first` ones first,
    then PASSING_DBSH updated with `values`). `extra` is appended after the values."""
    vals = dict(PASSING_DBSH)
    vals.update(values or {})
    order = list(first or {}) + [k for k in vals if k not in (first or {})]
    vals.update(first or {})
    lines = [f'unit: {{name: "{name}", level: xa, region: {region}}}', f"year: {year}",
             f"criteria_set: {criteria_set}" if criteria_set is not None else "note: no set", "values:"]
    lines += [f'  "{k}": {vals[k]}' for k in order]
    return "\n".join(lines) + "\n" + extra


def invoke(*args: Any):
    """The CLI in process; exceptions are caught by CliRunner and checked by `no_traceback`."""
    return CliRunner().invoke(main_group, [str(a) for a in args], catch_exceptions=True)


def no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"uncaught {result.exception!r}\n{result.output[-3000:]}"
    assert "Traceback" not in result.output


def run(*args: Any, cwd: Path, timeout: float = 60, env: dict | None = None, preexec_fn=None,
        what: str = "ntm-eval") -> subprocess.CompletedProcess:
    """`python -m ntm_eval ARGS` in a subprocess; a hang fails the test instead of stalling."""
    try:
        return subprocess.run([sys.executable, "-m", "ntm_eval", *map(str, args)], cwd=cwd,
                              capture_output=True, text=True, timeout=timeout,
                              env=env, preexec_fn=preexec_fn)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{what} {' '.join(map(str, args))[:200]} did not finish within {timeout} s (hang)")


def sub_ok(p: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in p.stderr, p.stderr[-3000:]


def located(text: str, name: str, line: int | None = None, col: int | bool = False) -> list[str]:
    """Lines of `text` that carry a location `name:LINE` (any line when LINE is None), followed
    by `:COL` when `col` is given (any column when `col` is True)."""
    pat = re.escape(name) + ":" + (r"\d+" if line is None else str(line))
    if col is True:
        pat += r":\d+"
    elif col is not False:
        pat += f":{col}"
    rx = re.compile(pat + r"(?!\d)")
    return [x for x in text.splitlines() if rx.search(x)]


def batch_json(stdout: str) -> dict | None:
    s = stdout.strip()
    return json.loads(s) if s else None


def batch_units(doc: dict | None) -> list[dict]:
    if not doc:
        return []
    return [u for s in doc.get("sets", []) for u in s.get("units", [])]


def find_indicator(unit_json: dict, iid: str) -> dict | None:
    for c in unit_json.get("criteria", []):
        for i in c.get("indicators", []):
            if i["id"] == iid:
                return i
            for p in i.get("parts") or []:
                if p["id"] == iid:
                    return p
    return None


def sheet(rows: list[list[str]], delim: str = ",") -> str:
    return "\n".join(delim.join(r) for r in rows) + "\n"


def sheet_header(extra: list[str] = ()) -> list[str]:
    return ["Tên xã", "Vùng", "Năm", *SHEET_IDS, *extra]


def sheet_row(name: str, overrides: dict[str, str] | None = None, extra: list[str] = ()) -> list[str]:
    vals = dict(SHEET_PASS)
    vals.update(overrides or {})
    return [name, "dbsh", "2024", *[vals[i] for i in SHEET_IDS], *extra]


# --- running with file permissions honoured (defects 4 and 10) -------------------------------

def _setuid_nobody() -> None:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


def _drop_dac_capabilities() -> None:
    """Stay uid 0 but lose CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (bounding set, so they are not
    regained at exec): permission bits then apply, and the interpreter under /root stays usable."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture
def honour_permissions(tmp_path: Path):
    """A `preexec_fn` under which a child process is refused a mode-000 folder (None when not
    root). Children run with cwd=tmp_path and relative paths, so that a child running as
    nobody does not need the (0700) folders above tmp_path. Skips when the machine cannot."""
    if os.geteuid() != 0:
        yield None
        return
    tmp_path.chmod(0o755)
    probe = tmp_path / "probe-locked"
    probe.mkdir()
    (probe / "f.yaml").write_text("x: 1\n")
    probe.chmod(0)
    code = ("import os, ntm_eval\n"
            "try:\n    os.listdir('probe-locked')\nexcept PermissionError:\n    raise SystemExit(0)\n"
            "raise SystemExit(3)\n")
    chosen = None
    why = []
    try:
        for fn in (_setuid_nobody, _drop_dac_capabilities):
            try:
                r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, preexec_fn=fn,
                                   capture_output=True, text=True, timeout=60)
            except (OSError, subprocess.SubprocessError) as exc:
                why.append(f"{fn.__name__}: {exc}")
                continue
            if r.returncode == 0:
                chosen = fn
                break
            why.append(f"{fn.__name__}: exit {r.returncode} {r.stderr[-200:]}")
    finally:
        probe.chmod(0o755)
    if chosen is None:
        pytest.skip("running as root, and no way to run a child that honours permission bits "
                    f"(setuid(65534) and dropping CAP_DAC_OVERRIDE both failed: {'; '.join(why)})")
    yield chosen


def lock(path: Path) -> None:
    path.chmod(0)


# =============================================================================================
# False passes
# =============================================================================================

def _poison_layout(tmp_path: Path) -> Path:
    """units/.lax.yml: a copy of the demo set, same id, income threshold for dbsh 2024 lowered
    47.5 → 30.5; units/a.yaml names it by path; units/b.yaml names the built-in id and has income
    40 (< 47.5): it does not meet the real set, but would meet the loose copy."""
    d = tmp_path / "units"
    original = DEMO_SET.read_text(encoding="utf-8")
    lax = original.replace("dbsh: 47.5", "dbsh: 30.5")
    assert lax != original
    write(d / ".lax.yml", lax)
    write(d / "a.yaml", demo_unit("Xã Lỏng", criteria_set=".lax.yml", values={"5": "40"}))
    write(d / "b.yaml", demo_unit("Xã Thật", values={"5": "40"}))
    return d


def test_d1_builtin_fails_alone(tmp_path):
    """D1 (sanity of the layout): b.yaml alone does not meet the real demo set (exit 1)."""
    d = _poison_layout(tmp_path)
    r = invoke("check", d / "b.yaml", "--format", "json")
    no_traceback(r)
    assert r.exit_code == 1, r.output
    assert json.loads(r.stdout)["status"] == "fail"


def test_d1_check_path_set_does_not_poison_id(tmp_path):
    """D1: `check a.yaml b.yaml` — the loose copy loaded from a path (a.yaml) must not stand in
    for the built-in id named by b.yaml; two sets claiming one id is an error naming both files."""
    d = _poison_layout(tmp_path)
    r = invoke("check", d / "a.yaml", d / "b.yaml", "--format", "json")
    no_traceback(r)
    items = json.loads(r.stdout)
    b = [i for i in items if str(i.get("file", "")).endswith("b.yaml")]
    assert b, items
    assert b[0].get("status") != "pass", "b.yaml was evaluated with the loose copy of the set"
    assert r.exit_code == 2, r.output
    assert ".lax.yml" in r.stderr and "xa-ntm-minh-hoa.yaml" in r.stderr, r.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_d1_batch_path_set_does_not_poison_id(tmp_path, jobs):
    """D1: `batch` (one process and --jobs 2) — a set loaded from a path never stands in for the
    built-in id; the clash of two sets with one id is an error naming both files (exit 2)."""
    d = _poison_layout(tmp_path)
    r = invoke("batch", d, "--format", "json", "--jobs", jobs)
    no_traceback(r)
    units = batch_units(batch_json(r.stdout))
    b = [u for u in units if u.get("name") == "Xã Thật"]
    assert b, units
    assert b[0].get("status") != "pass", "b.yaml was evaluated with the loose copy of the set"
    assert r.exit_code == 2, r.output
    assert ".lax.yml" in r.stderr and "xa-ntm-minh-hoa.yaml" in r.stderr, r.stderr


def test_d2_unbalanced_quote_swallows_rows(tmp_path):
    """D2: an unbalanced quote in the last cell of row 2 (`"Số liệu ""sơ bộ`) must not swallow
    rows 3–4 into one cell and report "1/1 xã đạt chuẩn": it is an error naming row 2."""
    rows = [sheet_header(["Huyện"]),
            sheet_row("Xã A", extra=['"Số liệu ""sơ bộ']),
            sheet_row("Xã B", {"5": "20"}, extra=["Huyện X"]),
            sheet_row("Xã C", {"5": "20"}, extra=["Huyện X"])]
    f = write(tmp_path / "q.csv", sheet(rows))
    r = invoke("batch", f, "--set", DEMO_ID, "--format", "json")
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert located(r.stderr, "q.csv", 2), r.stderr
    doc = batch_json(r.stdout)
    if doc:
        assert doc["summary"]["meeting_set"] == 0, doc["summary"]


def test_d2_quoted_field_runs_into_next_rows(tmp_path):
    """D2: a quoted field opened on row 2 and closed on row 3 runs past the end of its line into
    another row: an error naming row 2 (not one unit with a multi-line district)."""
    rows = [sheet_header(["Huyện"]),
            sheet_row("Xã A", extra=['"Huyện X']),
            sheet_row("Xã B", {"5": "20"}, extra=['Huyện Y"'])]
    f = write(tmp_path / "q.csv", sheet(rows))
    r = invoke("batch", f, "--set", DEMO_ID, "--format", "json")
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert located(r.stderr, "q.csv", 2), r.stderr


def test_d3_more_cells_than_headers(tmp_path):
    """D3: `…,đạt,3,9` under a last header `6` (an unquoted decimal comma) must not read 3 and
    drop 9: more cells than headers is an error naming the row."""
    row = sheet_row("Xã A")
    assert row[-1] == "3"
    row = row[:-1] + ["3", "9"]
    f = write(tmp_path / "m.csv", sheet([sheet_header(), row]))
    r = invoke("batch", f, "--set", DEMO_ID, "--format", "json")
    no_traceback(r)
    assert r.exit_code == 2, r.output
    msgs = located(r.stderr, "m.csv", 2)
    assert msgs, r.stderr
    doc = batch_json(r.stdout)
    if doc:
        assert doc["summary"]["meeting_set"] == 0, doc["summary"]


def test_d3_fewer_cells_than_headers(tmp_path):
    """D3: a row with fewer cells than headers is an error naming the row (not missing data)."""
    row = sheet_row("Xã A")[:-1]
    f = write(tmp_path / "f.csv", sheet([sheet_header(), row]))
    r = invoke("batch", f, "--set", DEMO_ID, "--format", "json")
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert located(r.stderr, "f.csv", 2), r.stderr


def test_d4_batch_unreadable_subfolder(tmp_path, honour_permissions):
    """D4: `batch` on a folder with an unreadable subfolder must not skip it silently: an error
    naming it, exit 2 (run with permission bits honoured)."""
    write(tmp_path / "units" / "ok" / "a.yaml", demo_unit("Xã Đạt"))
    write(tmp_path / "units" / "locked" / "b.yaml", demo_unit("Xã Khóa", values={"5": "20"}))
    locked = tmp_path / "units" / "locked"
    lock(locked)
    try:
        p = run("batch", "units", "--format", "json", cwd=tmp_path, preexec_fn=honour_permissions)
    finally:
        locked.chmod(0o755)
    sub_ok(p)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "locked" in p.stderr, p.stderr


def test_d4_members_unreadable_subfolder(tmp_path, honour_permissions):
    """D4: a district with `members: [xa/]` and one unreadable commune folder must not get P1
    "100% (1/1) Đạt": an error naming the folder, exit 2, and the share is not computed as met."""
    write(tmp_path / "crit" / "t" / "huyen.yaml", HUYEN_SET)
    write(tmp_path / "huyen" / "h.yaml",
          "unit: {name: Huyện Thử, level: huyen}\nyear: 2024\ncriteria_set: t/huyen\nmembers: [xa/]\nvalues: {}\n")
    write(tmp_path / "huyen" / "xa" / "ok" / "a.yaml", demo_unit("Xã Đạt"))
    write(tmp_path / "huyen" / "xa" / "locked" / "b.yaml", demo_unit("Xã Khóa", values={"5": "20"}))
    locked = tmp_path / "huyen" / "xa" / "locked"
    lock(locked)
    try:
        p = run("check", "--criteria-dir", "crit", "huyen/h.yaml", "--format", "json", cwd=tmp_path,
                preexec_fn=honour_permissions)
    finally:
        locked.chmod(0o755)
    sub_ok(p)
    assert p.returncode == 2, (p.returncode, p.stdout[-2000:], p.stderr)
    assert "locked" in p.stderr, p.stderr
    if p.stdout.strip():
        doc = json.loads(p.stdout)
        if isinstance(doc, dict) and doc.get("criteria"):
            p1 = find_indicator(doc, "P1")
            assert p1 is None or p1["status"] != "pass", p1


def test_d4_batch_unreadable_file(tmp_path, honour_permissions):
    """D4: an unreadable data file under a batch folder is an error naming it (exit 2)."""
    write(tmp_path / "units" / "a.yaml", demo_unit("Xã Đạt"))
    f = write(tmp_path / "units" / "b.yaml", demo_unit("Xã Khóa"))
    lock(f)
    try:
        p = run("batch", "units", "--format", "json", cwd=tmp_path, preexec_fn=honour_permissions)
    finally:
        f.chmod(0o644)
    sub_ok(p)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "b.yaml" in p.stderr, p.stderr


def test_d5_values_for_own_set_twice(tmp_path):
    """D5: `values_for: {<the file's own set>: …}` must not silently replace `values:`; values for
    one set given twice is an error naming both lines (values: line 4, values_for entry line 25)."""
    passing = "".join(f'    "{k}": {v}\n' for k, v in PASSING_DBSH.items())
    text = demo_unit("Xã Hai Lần", values={"5": "40"}) + f"values_for:\n  {DEMO_ID}:\n" + passing
    lines = text.splitlines()
    assert lines[3] == "values:" and lines[24].strip() == f"{DEMO_ID}:"
    f = write(tmp_path / "vf.yaml", text)
    r = invoke("check", f, "--format", "json")
    no_traceback(r)
    assert r.exit_code == 2, r.output
    msgs = located(r.stderr, "vf.yaml")
    assert msgs, r.stderr
    both = "\n".join(msgs)
    assert re.search(r"(?<!\d)4(?!\d)", both) and re.search(r"(?<!\d)2[45](?!\d)", both), \
        f"the error should name the values: line (4) and the values_for line (25): {r.stderr}"


# =============================================================================================
# Inputs overwritten (defect 6)
# =============================================================================================

def _district(tmp_path: Path) -> dict[str, Path]:
    crit = write(tmp_path / "crit" / "t" / "huyen.yaml", HUYEN_SET)
    h = write(tmp_path / "huyen" / "h.yaml",
              "unit: {name: Huyện Thử, level: huyen}\nyear: 2024\ncriteria_set: t/huyen\nmembers: [xa/]\nvalues: {}\n")
    a = write(tmp_path / "huyen" / "xa" / "a.yaml", demo_unit("Xã Đạt"))
    return {"crit_dir": tmp_path / "crit", "set": crit, "district": h, "member": a}


def test_d6_output_onto_members_file(tmp_path):
    """D6: `batch district.yaml --output <a members: file>` is refused (exit 2), file untouched."""
    p = _district(tmp_path)
    before = p["member"].read_bytes()
    r = invoke("batch", p["district"], "--criteria-dir", p["crit_dir"], "--format", "json", "-o", p["member"])
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert p["member"].read_bytes() == before


def test_d6_output_symlink_to_member(tmp_path):
    """D6: `--output` onto a symlink whose real path is a member file the run read is refused;
    the link and its target stay as they were."""
    p = _district(tmp_path)
    before = p["member"].read_bytes()
    link = tmp_path / "report.json"
    link.symlink_to(p["member"])
    r = invoke("batch", p["district"], "--criteria-dir", p["crit_dir"], "--format", "json", "-o", link)
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert link.is_symlink()
    assert p["member"].read_bytes() == before


def test_d6_output_symlink_to_data_file_in_folder(tmp_path):
    """D6: `batch FOLDER --output <symlink to a data file in it>` is refused (regression guard)."""
    a = write(tmp_path / "units" / "a.yaml", demo_unit("Xã Đạt"))
    before = a.read_bytes()
    link = tmp_path / "report.json"
    link.symlink_to(a)
    r = invoke("batch", tmp_path / "units", "--format", "json", "-o", link)
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert link.is_symlink() and a.read_bytes() == before


def test_d6_output_onto_criteria_file_read(tmp_path):
    """D6: `--output` onto a criteria file the run read (the district set) is refused."""
    p = _district(tmp_path)
    before = p["set"].read_bytes()
    r = invoke("batch", p["district"], "--criteria-dir", p["crit_dir"], "--format", "json", "-o", p["set"])
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert p["set"].read_bytes() == before


def test_d6_batch_output_onto_extends_parent(tmp_path):
    """D6: `batch --output` onto the `extends` parent of the set used is refused."""
    parent = write(tmp_path / "crit" / "t" / "parent.yaml", PARENT_SET)
    write(tmp_path / "crit" / "t" / "child.yaml", CHILD_SET)
    data = write(tmp_path / "data" / "x.yaml",
                 'unit: {name: Xã Con, level: xa}\nyear: 2024\ncriteria_set: t/child\nvalues: {"1": 6}\n')
    before = parent.read_bytes()
    r = invoke("batch", data, "--criteria-dir", tmp_path / "crit", "--format", "json", "-o", parent)
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert parent.read_bytes() == before


def test_d6_validate_output_onto_extends_parent(tmp_path):
    """D6: `validate child.yaml --output parent.yaml` (a file the run read through `extends`) is
    refused with exit 2 and the parent is untouched."""
    parent = write(tmp_path / "crit" / "t" / "parent.yaml", PARENT_SET)
    child = write(tmp_path / "crit" / "t" / "child.yaml", CHILD_SET)
    before = parent.read_bytes()
    r = invoke("validate", "--criteria-dir", tmp_path / "crit", child, "--output", parent)
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert parent.read_bytes() == before


def test_d6_validate_output_symlink_to_validated_file(tmp_path):
    """D6: `validate F --output <symlink to F>` is refused (regression guard)."""
    f = write(tmp_path / "crit" / "t" / "small.yaml", SMALL_SET)
    before = f.read_bytes()
    link = tmp_path / "report.txt"
    link.symlink_to(f)
    r = invoke("validate", f, "--output", link)
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert link.is_symlink() and f.read_bytes() == before


def test_d6_batch_output_onto_fifo(tmp_path):
    """D6: `batch --output FIFO` (a FIFO made in tmp_path; device nodes are not touched) is
    refused: only a regular file or a new path is written; the FIFO stays a FIFO."""
    write(tmp_path / "units" / "a.yaml", demo_unit("Xã Đạt"))
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    p = run("batch", "units", "--format", "json", "--output", "out.json", cwd=tmp_path, timeout=30)
    sub_ok(p)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced"


def test_d6_validate_output_onto_fifo(tmp_path):
    """D6: `validate --output FIFO` is refused with exit 2; the FIFO stays a FIFO."""
    write(tmp_path / "crit" / "t" / "small.yaml", SMALL_SET)
    fifo = tmp_path / "out.txt"
    os.mkfifo(fifo)
    p = run("validate", "crit/t/small.yaml", "--output", "out.txt", cwd=tmp_path, timeout=30)
    sub_ok(p)
    assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced"


def _looks_like(fmt: str, data: bytes) -> bool:
    text = data.decode("utf-8-sig", errors="replace")
    if fmt == "xlsx":
        return data[:4] == b"PK\x03\x04"
    if fmt == "html":
        return "<html" in text.lower()
    if fmt == "json":
        try:
            return "format_version" in json.loads(text)
        except ValueError:
            return False
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        return any(r and r[0] == "STT" for r in rows) and "┃" not in text
    if fmt == "md":
        return "|" in text and "┃" not in text and "│" not in text and "<html" not in text.lower()
    raise AssertionError(fmt)


@pytest.mark.parametrize("ext", ["xlsx", "html", "csv", "md", "json"])
def test_d6_format_inferred_from_extension(tmp_path, ext):
    """D6: without --format, `--output r.EXT` writes that format (today `-o r.xlsx` writes the
    terminal table)."""
    write(tmp_path / "units" / "a.yaml", demo_unit("Xã Đạt"))
    out = tmp_path / f"r.{ext}"
    r = invoke("batch", tmp_path / "units", "--output", out)
    no_traceback(r)
    assert r.exit_code == 0, r.output
    assert out.is_file()
    assert _looks_like(ext, out.read_bytes()), out.read_bytes()[:200]


@pytest.mark.parametrize("fmt,ext", [("csv", "xlsx"), ("json", "html")])
def test_d6_format_extension_clash(tmp_path, fmt, ext):
    """D6: `--format FMT --output r.EXT` with a different format is an error (exit 2), no file."""
    write(tmp_path / "units" / "a.yaml", demo_unit("Xã Đạt"))
    out = tmp_path / f"r.{ext}"
    r = invoke("batch", tmp_path / "units", "--format", fmt, "--output", out)
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert not out.exists()


def test_d6_output_dash_is_stdout(tmp_path, monkeypatch):
    """D6: `--output -` means stdout: the report is printed and no file named "-" is made."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "units" / "a.yaml", demo_unit("Xã Đạt"))
    r = invoke("batch", "units", "--format", "json", "--output", "-")
    no_traceback(r)
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "-").exists()
    assert json.loads(r.stdout)["format_version"]


# =============================================================================================
# Tracebacks, hangs, unbounded reads
# =============================================================================================

def _good_and(tmp_path: Path) -> Path:
    d = tmp_path / "units"
    write(d / "good.yaml", demo_unit("Xã Tốt"))
    return d


def _assert_batch_went_on(r, bad_name: str) -> None:
    no_traceback(r)
    assert r.exit_code == 2, r.output
    names = [u.get("name") for u in batch_units(batch_json(r.stdout))]
    assert "Xã Tốt" in names, names
    assert bad_name in r.stderr, r.stderr


def test_d7_symlink_loop_in_batch(tmp_path):
    """D7: a file symlink loop (a.yaml → b.yaml → a.yaml) is a located error for that unit; the
    batch goes on (the good unit is reported, exit 2)."""
    d = _good_and(tmp_path)
    (d / "a.yaml").symlink_to("b.yaml")
    (d / "b.yaml").symlink_to("a.yaml")
    r = invoke("batch", d, "--format", "json")
    _assert_batch_went_on(r, "a.yaml")


@pytest.mark.parametrize("ref", [LONG, f"demo/{LONG}", f"{LONG}.yaml"], ids=["id", "id-with-slash", "path"])
def test_d7_long_criteria_set(tmp_path, ref):
    """D7: a 300-character `criteria_set:` (id or file name: ENAMETOOLONG) is an error located at
    the data file's criteria_set line; the batch goes on."""
    d = _good_and(tmp_path)
    write(d / "long.yaml", demo_unit("Xã Dài", criteria_set=ref))
    r = invoke("batch", d, "--format", "json")
    _assert_batch_went_on(r, "long.yaml")
    assert located(r.stderr, "long.yaml", 3), r.stderr


def test_d7_requires_long_id(tmp_path):
    """D7: a criteria set with `requires: [<300-character id>]` is a located error for the unit
    using it; the batch goes on."""
    text = DEMO_SET.read_text(encoding="utf-8").replace(f"id: {DEMO_ID}\n", f"id: t/req\nrequires: [t/{LONG}]\n")
    assert "requires:" in text
    write(tmp_path / "crit" / "t" / "req.yaml", text)
    d = _good_and(tmp_path)
    write(d / "req.yaml", demo_unit("Xã Cần", criteria_set="t/req"))
    r = invoke("batch", d, "--criteria-dir", tmp_path / "crit", "--format", "json")
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert "Xã Tốt" in [u.get("name") for u in batch_units(batch_json(r.stdout))]
    assert located(r.stderr, "req.yaml"), r.stderr


def test_d7_check_long_file_name(tmp_path):
    """D7: `check good.yaml <300-character name>.yaml`: a located error for the long one, the good
    one still reported, exit 2, no traceback."""
    good = write(tmp_path / "good.yaml", demo_unit("Xã Tốt"))
    r = invoke("check", good, tmp_path / f"{LONG}.yaml", "--format", "json")
    no_traceback(r)
    assert r.exit_code == 2, r.output
    items = json.loads(r.stdout)
    assert any(i.get("status") == "pass" for i in items), items
    assert LONG[:50] in r.stderr, r.stderr


def test_d8_batch_folder_with_fifo(tmp_path):
    """D8: `batch` on a folder holding a FIFO named *.yaml must not hang: only regular files are
    read; the FIFO is an error naming it, the other unit is reported."""
    d = _good_and(tmp_path)
    os.mkfifo(d / "pipe.yaml")
    p = run("batch", "units", "--format", "json", cwd=tmp_path, timeout=30)
    sub_ok(p)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "pipe.yaml" in p.stderr, p.stderr
    assert "Xã Tốt" in [u.get("name") for u in batch_units(batch_json(p.stdout))]


def test_d8_check_fifo(tmp_path):
    """D8: `check FIFO` must not block or read without limit: an error naming it, exit 2."""
    os.mkfifo(tmp_path / "pipe.yaml")
    p = run("check", "pipe.yaml", cwd=tmp_path, timeout=30)
    sub_ok(p)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "pipe.yaml" in p.stderr, p.stderr


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_strings(path: Path) -> list[str]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row
            if isinstance(c, str)]


def test_d9_xlsx_control_characters_from_yaml(tmp_path):
    """D9: control characters in data strings (unit name "Xã\\x01Một", district "\\x1b") must not
    crash the XLSX writer (IllegalCharacterError): the report is written with them stripped or
    shown visibly, and the exit code is the one the same batch gives in JSON. (A subprocess: the
    crash leaves an openpyxl generator whose late finaliser can upset pytest itself.)"""
    d = tmp_path / "units"
    write(d / "a.yaml", demo_unit("Xã\\x01Một").replace("level: xa,", 'level: xa, district: "H\\x1bai",'))
    write(d / "b.yaml", demo_unit("Xã Hai", values={"5": "20"}))
    ref = run("batch", "units", "--format", "json", cwd=tmp_path)
    sub_ok(ref)
    p = run("batch", "units", "--format", "xlsx", "--output", "r.xlsx", cwd=tmp_path)
    sub_ok(p)
    assert p.returncode == ref.returncode == 1, (p.returncode, ref.returncode, p.stderr[-2000:])
    strings = _xlsx_strings(tmp_path / "r.xlsx")
    assert any("Một" in s for s in strings), strings[:50]
    assert not [s for s in strings if _ILLEGAL.search(s)]


def test_d9_xlsx_control_characters_from_sheet(tmp_path):
    """D9: a CSV cell holding a control character (BEL) reaches the XLSX report without a crash."""
    write(tmp_path / "s.csv", sheet([sheet_header(), sheet_row("Xã\x07Chuông")]))
    p = run("batch", "s.csv", "--set", DEMO_ID, "--format", "xlsx", "--output", "r.xlsx", cwd=tmp_path)
    sub_ok(p)
    assert p.returncode == 0, (p.returncode, p.stderr[-2000:])
    strings = _xlsx_strings(tmp_path / "r.xlsx")
    assert any("Chuông" in s for s in strings)
    assert not [s for s in strings if _ILLEGAL.search(s)]


def _derived_set(derived: str) -> str:
    return ("schema_version: 1\nid: t/der\ntitle: Dẫn xuất\nlevel: xa\nstatus: demo\ncriteria:\n"
            "  - id: \"1\"\n    title: Một\n    indicators:\n      - id: \"1\"\n        title: Một\n"
            "        type: number\n        threshold:\n          op: \">=\"\n"
            f"          value: {{derived: {derived}}}\n")


@pytest.mark.parametrize("derived", ["{factor: 1.1}", "{}", f"{{set: {DEMO_ID}, factor: 1.1}}",
                                     '{indicator: "5", factor: 1.1}'])
def test_d10_validate_derived_incomplete(tmp_path, derived):
    """D10: `derived:` without `set` or `indicator` is a located error in `validate` (exit 1 or
    2), not a KeyError traceback."""
    f = write(tmp_path / "crit" / "t" / "der.yaml", _derived_set(derived))
    r = invoke("validate", f)
    no_traceback(r)
    assert r.exit_code in (1, 2), r.output
    assert located(r.output, "der.yaml"), r.output


def test_d10_check_with_incomplete_derived(tmp_path):
    """D10: evaluating a unit against a set whose `derived:` lacks `set` is a located error
    (exit 2), not a traceback."""
    write(tmp_path / "crit" / "t" / "der.yaml", _derived_set("{factor: 1.1}"))
    f = write(tmp_path / "d.yaml", 'unit: {name: A, level: xa}\nyear: 2024\ncriteria_set: t/der\nvalues:\n  "1": 5\n')
    r = invoke("check", "--criteria-dir", tmp_path / "crit", f)
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert located(r.stderr, "der.yaml") or located(r.stderr, "d.yaml"), r.stderr


@pytest.mark.parametrize("count", ["[]", "{}", "[1]"])
def test_d10_validate_indicator_count_not_int(tmp_path, count):
    """D10: `indicator_count: []` (or a mapping) is a located error, not a TypeError traceback."""
    f = write(tmp_path / "crit" / "t" / "small.yaml",
              SMALL_SET.replace("indicator_count: 1", f"indicator_count: {count}"))
    r = invoke("validate", f)
    no_traceback(r)
    assert r.exit_code in (1, 2), r.output
    assert located(r.output, "small.yaml", 6), r.output


def test_d10_validate_output_read_only_folder(tmp_path, honour_permissions):
    """D10: `validate --output ro/out.txt` into a read-only folder is a clean exit-2 message
    naming the path, not an OSError traceback (run with permission bits honoured)."""
    write(tmp_path / "crit" / "t" / "small.yaml", SMALL_SET)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        p = run("validate", "crit/t/small.yaml", "--output", "ro/out.txt", cwd=tmp_path,
                preexec_fn=honour_permissions)
    finally:
        ro.chmod(0o755)
    sub_ok(p)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "ro/out.txt" in p.stderr or "ro" in p.stderr.split(), p.stderr
    assert not list(ro.iterdir())


@pytest.mark.parametrize("char", [b"\x00", b"\x01", b"\x1b", b"\x7f", "\x85".encode()],
                         ids=["NUL", "SOH", "ESC", "DEL", "C1-NEL"])
def test_d11_control_character_located(tmp_path, char):
    """D11: a control character in a YAML data file gives `file:line:col` (line 5, where it is),
    not "position 104"."""
    text = demo_unit("Xã A", first={"1": "đ@ạt"}).encode()
    assert text.count(b"@") == 1
    f = write(tmp_path / "c.yaml", text.replace(b"@", char))
    r = invoke("check", f)
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert located(r.stderr, "c.yaml", 5, col=True), r.stderr
    assert "position" not in r.stderr, r.stderr


def test_d11_control_character_in_criteria_file_located(tmp_path):
    """D11: the same in a criteria file read by `validate`: `file:line:col` (line 3)."""
    f = write(tmp_path / "crit" / "t" / "small.yaml", SMALL_SET.replace("Bộ nhỏ", "Bộ\x01nhỏ"))
    r = invoke("validate", f)
    no_traceback(r)
    assert r.exit_code in (1, 2), r.output
    assert located(r.output, "small.yaml", 3, col=True), r.output
    assert "position" not in r.output


def _flow_list_file(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f'unit: {{name: A, level: xa, region: dbsh}}\nyear: 2024\ncriteria_set: {DEMO_ID}\nnote: [')
        fh.write(",".join(["0"] * n))
        fh.write(']\nvalues: {"1": đạt}\n')
    return path


def test_d12_oversized_flow_list_refused(tmp_path):
    """D12: a 300,000-item flow list (over the node limit) is refused with a located message
    saying what was too large (a limit is named), exit 2 — quickly (generous timeout)."""
    _flow_list_file(tmp_path / "big.yaml", 300_000)
    p = run("check", "big.yaml", cwd=tmp_path, timeout=60)
    sub_ok(p)
    assert p.returncode == 2, (p.returncode, p.stderr[-2000:])
    msgs = located(p.stderr, "big.yaml")
    assert msgs, p.stderr[-2000:]
    assert re.search(r"\d[\d.,  ]*\d{3}|\d+\s*(MB|KB|MiB|KiB|bytes|byte)", "\n".join(msgs)), msgs


def test_d12_oversized_document_bounded_memory(tmp_path):
    """D12: a 9 MB file of a 4.5-million-item list is refused with bounded memory: under a 768 MB
    address-space limit the run ends with a located exit-2 message (today it composes the whole
    tree first: MemoryError traceback)."""
    _flow_list_file(tmp_path / "big.yaml", 4_500_000)
    limit = 768 * 1024 * 1024

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    p = run("check", "big.yaml", cwd=tmp_path, timeout=180, preexec_fn=cap)
    sub_ok(p)
    assert "MemoryError" not in p.stderr
    assert p.returncode == 2, (p.returncode, p.stderr[-2000:])
    assert located(p.stderr, "big.yaml"), p.stderr[-2000:]


# =============================================================================================
# Paths that escape (defect 13)
# =============================================================================================

def _no_etc_echo(text: str) -> None:
    assert "/etc/passwd:" not in text, text
    assert "root:x:" not in text and "root:*:" not in text, text


def test_d13_criteria_set_escapes_to_etc_passwd(tmp_path):
    """D13: `criteria_set: ../../…/etc/passwd` is not opened: an error located at the data file's
    criteria_set line (3); nothing from /etc is echoed."""
    f = write(tmp_path / "proj" / "d.yaml", demo_unit("Xã A", criteria_set=f"{UP}etc/passwd"))
    r = invoke("check", f)
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert located(r.stderr, "d.yaml", 3), r.stderr
    _no_etc_echo(r.output)


def test_d13_criteria_set_escapes_yaml_outside(tmp_path):
    """D13: `criteria_set: ../…/etc/x.yaml` (a .yaml path outside every root) is an error at the
    data file's line 3, not at the target."""
    f = write(tmp_path / "proj" / "d.yaml", demo_unit("Xã A", criteria_set=f"{UP}etc/ntm-eval-nope.yaml"))
    r = invoke("check", f)
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert located(r.stderr, "d.yaml", 3), r.stderr


def test_d13_criteria_set_not_yaml(tmp_path):
    """D13: a `criteria_set:` path to a non-.yaml/.yml file (here a valid criteria file named
    sets/notes.txt inside the project folder) is an error at the data file's line 3."""
    proj = tmp_path / "proj"
    write(proj / "sets" / "notes.txt", DEMO_SET.read_text(encoding="utf-8").replace(DEMO_ID, "t/notes"))
    write(proj / "d.yaml", demo_unit("Xã A", criteria_set="sets/notes.txt"))
    p = run("check", "d.yaml", cwd=proj, timeout=60)
    sub_ok(p)
    assert p.returncode == 2, (p.returncode, p.stdout[-1000:], p.stderr)
    assert located(p.stderr, "d.yaml", 3), p.stderr


def _district_with_members(tmp_path: Path, members: str) -> Path:
    write(tmp_path / "crit" / "t" / "huyen.yaml", HUYEN_SET)
    return write(tmp_path / "proj" / "h.yaml",
                 f"unit: {{name: Huyện Thử, level: huyen}}\nyear: 2024\ncriteria_set: t/huyen\n"
                 f"members: {members}\nvalues: {{}}\n")


def test_d13_members_root_of_filesystem(tmp_path):
    """D13: `members: ["/"]` does not walk the whole filesystem: an error located at the data
    file's members line (4), promptly (timeout)."""
    _district_with_members(tmp_path, '["/"]')
    p = run("check", "--criteria-dir", "crit", "proj/h.yaml", cwd=tmp_path, timeout=20)
    sub_ok(p)
    assert p.returncode == 2, (p.returncode, p.stderr[-2000:])
    assert located(p.stderr, "h.yaml", 4), p.stderr[-2000:]
    _no_etc_echo(p.stdout + p.stderr)


@pytest.mark.parametrize("entry", [f"{UP}etc", "/etc/passwd", f"{UP}etc/passwd"])
def test_d13_members_escape(tmp_path, entry):
    """D13: a `members:` entry outside the root (or not .yaml/.yml) is an error located at the
    data file's members line (4); nothing from /etc is echoed."""
    h = _district_with_members(tmp_path, f'["{entry}"]')
    r = invoke("check", "--criteria-dir", tmp_path / "crit", h)
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert located(r.stderr, "h.yaml", 4), r.stderr
    _no_etc_echo(r.output)


# =============================================================================================
# Leftovers and leniency
# =============================================================================================

def _big_batch(tmp_path: Path, fmt: str, n: int = 3000) -> tuple[Path, Path, Path, bytes]:
    units = tmp_path / "units"
    units.mkdir()
    for i in range(n):
        (units / f"u{i:04d}.yaml").write_text(
            f'unit: {{name: "Xã {i}", level: xa, region: dbsh, district: "Huyện {i % 7}"}}\n'
            f'year: 2024\ncriteria_set: {DEMO_ID}\nvalues: {{"1": đạt, "5": {40 + i % 20}, "8.2": 0}}\n',
            encoding="utf-8")
    tmpdir = tmp_path / "tmpdir"
    tmpdir.mkdir()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    old = b"old report, must survive\n"
    (out_dir / f"report.{fmt}").write_bytes(old)
    return units, tmpdir, out_dir, old


def _interrupt(tmp_path: Path, sig: int, when: str, fmt: str) -> None:
    units, tmpdir, out_dir, old = _big_batch(tmp_path, fmt)
    env = dict(os.environ, TMPDIR=str(tmpdir), TEMP=str(tmpdir), TMP=str(tmpdir))
    out = out_dir / f"report.{fmt}"
    proc = subprocess.Popen([sys.executable, "-m", "ntm_eval", "batch", str(units), "--format", fmt,
                             "--output", str(out)], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t0 = time.monotonic()
    sent = False
    try:
        while proc.poll() is None and time.monotonic() - t0 < 60:
            spool = any(n.startswith("ntm-eval-batch-") for n in os.listdir(tmpdir))
            partial = any(n.endswith(".tmp") for n in os.listdir(out_dir))
            # Signal as soon as the artefact of the phase under test exists (about 1 s in; a
            # fixed delay would sometimes hit the evaluation before the spool exists), or after
            # 10 s if it never shows up under that name.
            if (when == "spool" and spool) or (when == "write" and partial) or time.monotonic() - t0 > 10:
                proc.send_signal(sig)
                sent = True
                break
            time.sleep(0.01)
        if not sent and proc.poll() is None:
            proc.send_signal(sig)
            sent = True
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("the interrupted batch did not stop within 60 s")
    assert sent, f"the batch finished before its {when} phase could be interrupted; make it bigger"
    assert proc.returncode != 0
    assert "Traceback" not in err.decode("utf-8", "replace")
    assert [n for n in os.listdir(out_dir) if n.endswith(".tmp")] == [], os.listdir(out_dir)
    assert [n for n in os.listdir(tmpdir) if n.startswith("ntm-eval-batch-")] == [], os.listdir(tmpdir)
    assert out.read_bytes() == old, "the old report was not kept intact"


def test_d14_sigterm_during_spool_cleans_up(tmp_path):
    """D14: SIGTERM while a 3000-unit batch spools its rows: no `ntm-eval-batch-*` left in TMPDIR,
    no `*.tmp` beside the output, the old report intact."""
    _interrupt(tmp_path, signal.SIGTERM, "spool", "json")


def test_d14_sigterm_during_write_cleans_up(tmp_path):
    """D14: SIGTERM while the report is written (the partial `.report.html.*.tmp` exists): it is
    removed, the spool too, and the old report is intact."""
    _interrupt(tmp_path, signal.SIGTERM, "write", "html")


def test_d14_sigint_during_write_cleans_up(tmp_path):
    """D14: the same on SIGINT (Ctrl-C)."""
    _interrupt(tmp_path, signal.SIGINT, "write", "html")


@pytest.mark.parametrize("value", ["1:05", "0x1F", "0o17", '"1 0"', "1_000", "0b101", '"1:05"', '"0x1F"'])
def test_d15_non_decimal_numbers_rejected(tmp_path, value):
    """D15: `1:05` (YAML 1.1 base 60 → 65), `0x1F` (→ 31), `0o17`, `"1 0"` (→ 10), `1_000`,
    `0b101` are not decimal numbers: a located type error (exit 2, file:line:col, indicator id)."""
    f = write(tmp_path / "n.yaml", demo_unit("Xã Số", first={"4.2": value}))
    r = invoke("check", f)
    no_traceback(r)
    assert r.exit_code == 2, r.output
    msgs = located(r.stderr, "n.yaml", 5, col=True)
    assert msgs and any("4.2" in m for m in msgs), r.stderr


@pytest.mark.parametrize("where", ["value", "note"])
def test_d15_huge_integer_located(tmp_path, where):
    """D15/D7: a 5000-digit integer (past Python's int-string limit of 4300 digits) as a value or
    anywhere in the file is a located error (exit 2), not a ValueError traceback."""
    big = "9" * 5000
    if where == "value":
        text = demo_unit("Xã Lớn", first={"4.2": big})
    else:
        text = demo_unit("Xã Lớn", extra=f"note: {big}\n")
    f = write(tmp_path / "n.yaml", text)
    r = invoke("check", f)
    no_traceback(r)
    assert r.exit_code == 2, r.output[-2000:]
    assert located(r.stderr, "n.yaml", 5 if where == "value" else None, col=True), r.stderr[-2000:]


def test_d15_leading_zero_not_octal(tmp_path):
    """D15: `017` is not the YAML 1.1 octal 15: either a located error or the decimal 17."""
    f = write(tmp_path / "n.yaml", demo_unit("Xã Số", first={"4.2": "017"}))
    r = invoke("check", f, "--format", "json")
    no_traceback(r)
    if r.exit_code == 2:
        assert any("4.2" in m for m in located(r.stderr, "n.yaml", 5, col=True)), r.stderr
    else:
        assert find_indicator(json.loads(r.stdout), "4.2")["value"] == 17


@pytest.mark.parametrize("cell", ["1 0", "1:05", "0x1F"])
def test_d15_sheet_non_decimal_numbers_rejected(tmp_path, cell):
    """D15: the same in a sheet cell: a located error at the cell (row 2, column 4), exit 2."""
    f = write(tmp_path / "s.csv", sheet([["Tên xã", "Vùng", "Năm", "4.2"], ["Xã A", "dbsh", "2024", cell]]))
    r = invoke("batch", f, "--set", DEMO_ID, "--format", "json")
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert located(r.stderr, "s.csv", 2, col=4), r.stderr


def test_d15_decimal_comma_still_accepted(tmp_path):
    """D15 (guard): the documented decimal comma `"50,5"` stays accepted (income 50.5 ≥ 47.5)."""
    f = write(tmp_path / "n.yaml", demo_unit("Xã Phẩy", first={"5": '"50,5"'}))
    r = invoke("check", f, "--format", "json")
    no_traceback(r)
    assert r.exit_code == 0, r.output
    assert find_indicator(json.loads(r.stdout), "5")["value"] == 50.5


@pytest.mark.parametrize("name", [" =1+1", "＝1+1", " ＝1+1", " +1", " -1", " @A1", "＋1", "－1", "＠A1",
                                  "\u3000=1+1"])
def test_d16_csv_formula_injection_variants(tmp_path, name):
    """D16: CSV output protects " =1+1", "＝1+1" (space or full-width sign before = + - @) the
    way it protects "=1+1": prefixed with an apostrophe."""
    d = tmp_path / "units"
    write(d / "a.yaml", demo_unit(name))
    write(d / "b.yaml", demo_unit("=1+1"))
    out = tmp_path / "r.csv"
    r = invoke("batch", d, "--format", "csv", "--output", out)
    no_traceback(r)
    assert r.exit_code == 0, r.output
    cells = [c for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))) for c in row]
    assert "'=1+1" in cells, "the reference protection changed"
    assert "'" + name in cells, [c for c in cells if "1" in c and ("=" in c or "+" in c)][:20]
    assert name not in cells


def test_d16_missing_criteria_set_file_located_in_data(tmp_path):
    """D16: a missing `criteria_set: x.yaml` is reported at the data file's line 3, not at x.yaml."""
    f = write(tmp_path / "m.yaml", demo_unit("Xã A", criteria_set="x.yaml"))
    r = invoke("check", f)
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert located(r.stderr, "m.yaml", 3), r.stderr
    r = invoke("batch", f, "--format", "json")
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert located(r.stderr, "m.yaml", 3), r.stderr
