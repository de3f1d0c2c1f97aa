"""Project configuration (ntm-eval.toml, [tool.ntm-eval]) and validate for CI: the criteria
folders of the project, defaults, a baseline of accepted warnings, --quiet, json and sarif,
the GitHub format chosen by itself under GITHUB_ACTIONS (issue 11, items 3 and 4)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DEMO = (REPO / "criteria" / "demo" / "xa-ntm-minh-hoa.yaml").read_text(encoding="utf-8")


def run(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    e = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NTM_EVAL_CRITERIA_PATH")}
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "ntm_eval", *args], cwd=cwd, capture_output=True, text=True,
                          env=e, timeout=120)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A province's repository: its own set (a copy of the demo set under another id, with one
    threshold left unknown so that validate warns) and a configuration naming its folder."""
    crit = tmp_path / "bo-tieu-chi" / "p"
    crit.mkdir(parents=True)
    text = DEMO.replace("id: demo/xa-ntm-minh-hoa", "id: p/xa")
    (crit / "xa.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.ntm-eval]\ncriteria = ["bo-tieu-chi"]\n'
                                             'lang = "en"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    return tmp_path


def test_validate_without_paths_validates_the_projects_folders(project: Path):
    r = run(project / "sub", "validate")  # found upward from a sub-folder
    assert r.returncode == 0, r.stderr
    assert "p/xa" in r.stdout and "vn/2021-2025" not in r.stdout  # the project's sets, not the built-in ones
    assert "Checked 1 criteria file" in r.stdout  # lang = "en" from the configuration


def test_configured_folders_are_used_by_check(project: Path):
    data = project / "a.yaml"
    data.write_text("unit: {name: A, level: xa, region: tdmnpb}\nyear: 2024\ncriteria_set: p/xa\nvalues: {}\n",
                    encoding="utf-8")
    r = run(project, "check", "a.yaml", "--format", "json")
    assert r.returncode == 1, r.stderr
    assert json.loads(r.stdout)["criteria_set"] == "p/xa"


def test_bad_configuration_is_a_located_error(tmp_path: Path):
    (tmp_path / "ntm-eval.toml").write_text('lang = "fr"\ncriterias = ["x"]\n', encoding="utf-8")
    r = run(tmp_path, "sets")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "ntm-eval.toml" in r.stderr and "“criteria”" in r.stderr  # did you mean


def test_baseline_accepts_known_warnings_and_only_new_ones_fail(tmp_path: Path):
    crit = tmp_path / "c" / "p"
    crit.mkdir(parents=True)
    text = DEMO.replace("id: demo/xa-ntm-minh-hoa", "id: p/xa")
    f = crit / "xa.yaml"
    f.write_text(text, encoding="utf-8")
    strict = run(tmp_path, "validate", "c", "--strict")
    baseline = tmp_path / "baseline.json"
    w = run(tmp_path, "validate", "c", "--write-baseline", str(baseline))
    assert w.returncode == 0 and baseline.exists(), w.stderr
    ok = run(tmp_path, "validate", "c", "--strict", "--baseline", str(baseline))
    assert ok.returncode == 0, ok.stdout
    # a new warning (a threshold made unknown) fails under --strict, the accepted ones do not
    changed = text.replace("{op: \">=\", value: 100, source: mh, confidence: demo}", "{op: \">=\", value: unknown}", 1)
    assert changed != text
    f.write_text(changed, encoding="utf-8")
    new = run(tmp_path, "validate", "c", "--strict", "--baseline", str(baseline), "--quiet")
    assert new.returncode == 1
    assert strict.returncode in (0, 1)


def test_json_and_sarif_formats(project: Path):
    j = json.loads(run(project, "validate", "--format", "json").stdout)
    assert j["errors"] == 0 and j["sets"][0]["id"] == "p/xa"
    s = json.loads(run(project, "validate", "--format", "sarif").stdout)
    assert s["version"] == "2.1.0" and s["runs"][0]["tool"]["driver"]["name"] == "ntm-eval"


def test_github_format_by_itself_in_github_actions(project: Path):
    (project / "bo-tieu-chi" / "p" / "xa.yaml").write_text(
        DEMO.replace("id: demo/xa-ntm-minh-hoa", "id: p/xa").replace("{op: \">=\", value: 100, source: mh, confidence: demo}", "{op: \">=\", value: unknown}", 1),
        encoding="utf-8")
    r = run(project, "validate", env={"GITHUB_ACTIONS": "true"})
    assert any(line.startswith("::warning file=") for line in r.stdout.splitlines()), r.stdout
    plain = run(project, "validate")
    assert not any(line.startswith("::") for line in plain.stdout.splitlines())
