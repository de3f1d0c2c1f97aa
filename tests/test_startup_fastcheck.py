"""fastcheck.py runs a plain `ntm-eval check` without click: for every command line, the
exit code, stdout and stderr are those of the click command (NTM_EVAL_FAST_CHECK=0)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ntm_eval.fastcheck import parse

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "examples"
FILES = [EX / "demo" / "tutorial-2021.yaml", EX / "demo" / "xac-nhan-2021.yaml", EX / "tan-linh-2024.yaml",
         EX / "xa-nhom-2-2026.yaml", EX / "tam-duong" / "huyen-tam-duong-2024.yaml",
         EX / "tam-duong" / "xa" / "son-binh-2024.yaml", EX / "sau-sap-xep" / "binh-lu-2026.yaml",
         EX / "cam-xuyen-cam-binh-2021.yaml"]


def both(args: list[str], cwd: Path, **env: str) -> None:
    """Run `python -m ntm_eval ARGS` the fast way and through click; the same in every byte."""
    got = []
    for fast in ("1", "0"):
        e = {**os.environ, "NTM_EVAL_FAST_CHECK": fast, "COLUMNS": "120", **env}
        e.pop("NTM_EVAL_LANG", None) if "NTM_EVAL_LANG" not in env else None
        p = subprocess.run([sys.executable, "-m", "ntm_eval", *args], cwd=cwd, env=e, capture_output=True, timeout=120)
        got.append((p.returncode, p.stdout, p.stderr))
    assert got[0] == got[1], (args, got[0][2][-400:], got[1][2][-400:])


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_each_example_alone_and_together(fmt, tmp_path):
    for f in FILES:
        both(["check", str(f), "--format", fmt], tmp_path)
    both(["check", *map(str, FILES[:4]), "--format", fmt], tmp_path)


def test_language_and_defaults(tmp_path):
    f = str(FILES[0])
    both(["check", f], tmp_path)
    both(["check", "--lang", "en", f, "--format", "json"], tmp_path)
    both(["check", f, "--format", "json"], tmp_path, NTM_EVAL_LANG="en")
    both(["check", f], tmp_path, NTM_EVAL_LANG="xx")


def test_bad_input(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("unit: {name: X\nvalues: [\n", encoding="utf-8")
    dup = tmp_path / "dup.yaml"
    dup.write_text("criteria_set: vn/2021-2025/xa-ntm\nyear: 2024\nyear: 2025\nunit: {name: X}\n", encoding="utf-8")
    noset = tmp_path / "noset.yaml"
    noset.write_text("unit: {name: X}\n", encoding="utf-8")
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("criteria_set: vn/none\nunit: {name: X}\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    for fmt in ("json", "table"):
        for f in (bad, dup, noset, unknown, tmp_path / "missing.yaml", tmp_path / "folder"):
            both(["check", str(f), "--format", fmt], tmp_path)
        both(["check", str(bad), str(FILES[0]), "--format", fmt], tmp_path)


def test_what_goes_to_click(tmp_path):
    f = str(FILES[0])
    for args in (["check", f, "--brief"], ["check", f, "--format", "pdf"], ["check", f, "--format=json"],
                 ["check", "--", f], ["check", f, "--format", "json", "--format", "table"], ["check"],
                 ["check", f, "--lang"], ["check", f, "-o", str(tmp_path / "r.json")], ["check", "-"]):
        assert parse(args) is None
        both(args, tmp_path)
    (tmp_path / "ntm-eval.toml").write_text('lang = "en"\n', encoding="utf-8")
    both(["check", f, "--format", "json"], tmp_path)  # a configuration: click's group reads it
    (tmp_path / "ntm-eval.toml").write_text("lang = [\n", encoding="utf-8")
    both(["check", f, "--format", "json"], tmp_path)


def test_parse_takes_only_the_plain_command_line(monkeypatch):
    monkeypatch.delenv("NTM_EVAL_LANG", raising=False)
    monkeypatch.delenv("NTM_EVAL_FAST_CHECK", raising=False)
    f = str(FILES[0])
    assert parse(["check", f]) == {"files": (f,), "fmt": None, "lang": "vi"}
    assert parse(["check", "--format", "json", f, f, "--lang", "en"]) == {"files": (f, f), "fmt": "json",
                                                                         "lang": "en"}
    assert parse(["batch", f]) is None and parse([]) is None and parse(["check", ""]) is None
    monkeypatch.setenv("NTM_EVAL_FAST_CHECK", "0")
    assert parse(["check", f]) is None
    monkeypatch.setenv("NTM_EVAL_FAST_CHECK", "1")
    monkeypatch.setenv("_NTM_EVAL_COMPLETE", "bash_complete")
    assert parse(["check", f]) is None
