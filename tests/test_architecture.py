"""The layout keeps its promises: imports flow one way between stages (docs/architecture.md),
and there is one evaluation-date rule, used by `check` and `show` alike."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ntm_eval.cli import main_group

PKG = Path(__file__).resolve().parent.parent / "ntm_eval"


def _imports(path: Path) -> set[str]:
    """Every ntm_eval module a file imports at run time (at any depth: lazy imports count too;
    imports for type annotations only, under `if TYPE_CHECKING:`, do not)."""
    out: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ntm_eval"):
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("ntm_eval"))
    return out


def _modules(folder: str) -> list[Path]:
    return sorted((PKG / folder).rglob("*.py"))


FORBIDDEN = {
    # stage: module prefixes it must never import
    "core": ("ntm_eval.load", "ntm_eval.io", "ntm_eval.run", "ntm_eval.render", "ntm_eval.commands",
             "ntm_eval.messages", "ntm_eval.validate", "ntm_eval.cli"),
    "render": ("ntm_eval.core.engine", "ntm_eval.core.thresholds", "ntm_eval.core.members", "ntm_eval.run",
               "ntm_eval.validate", "ntm_eval.commands", "ntm_eval.cli"),
    "io": ("ntm_eval.load", "ntm_eval.core", "ntm_eval.run", "ntm_eval.render", "ntm_eval.commands",
           "ntm_eval.validate"),
    "load": ("ntm_eval.core", "ntm_eval.run", "ntm_eval.render", "ntm_eval.commands", "ntm_eval.validate"),
    "run": ("ntm_eval.render", "ntm_eval.commands", "ntm_eval.cli"),
    "validate": ("ntm_eval.render", "ntm_eval.commands", "ntm_eval.cli"),
}
BASE = ("vocab.py", "model.py", "errors.py", *(f"results/{p.name}" for p in sorted((PKG / "results").glob("*.py"))))


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_stage_imports_flow_one_way(stage: str):
    bad = [f"{p.relative_to(PKG)} imports {m}" for p in _modules(stage) for m in _imports(p)
           if m.startswith(FORBIDDEN[stage])]
    assert not bad, bad


@pytest.mark.parametrize("name", BASE)
def test_base_modules_import_no_stage(name: str):
    stages = ("ntm_eval.io", "ntm_eval.load", "ntm_eval.core", "ntm_eval.run", "ntm_eval.validate",
              "ntm_eval.render", "ntm_eval.commands", "ntm_eval.messages")
    bad = [m for m in _imports(PKG / name) if m.startswith(stages)]
    assert not bad, bad


def test_nothing_but_the_cli_imports_commands():
    bad = [str(p.relative_to(PKG)) for p in PKG.rglob("*.py")
           if p.parent.name != "commands" and p.name != "cli.py"
           and any(m.startswith("ntm_eval.commands") for m in _imports(p))]
    assert not bad, bad


MID_YEAR = """\
schema_version: 1
id: t/ends-mid-year
title: Bộ thử kết thúc giữa năm
level: huyen
status: demo
valid_from: "2024-01-01"
valid_until: "2025-06-30"
years: [2024, 2025]
criteria:
  - id: "1"
    title: Quy hoạch
    indicators:
      - id: "1.1"
        title: Có quy hoạch
        type: percent
        threshold:
          - {op: ">=", value: 90, from: "2024-01-01", until: "2025-03-31", source: {document: QĐ thử}, confidence: demo}
          - {op: ">=", value: 95, from: "2025-04-01", source: {document: QĐ thử}, confidence: demo}
"""


def test_one_evaluation_date_rule_for_a_set_that_ends_mid_year(tmp_path: Path):
    """`check` of a 2025 file without a date and `show --year 2025` use the same day — the set's
    last day (2025-06-30), not 31 December when the set is no longer in force."""
    crit = tmp_path / "criteria" / "t"
    crit.mkdir(parents=True)
    (crit / "ends-mid-year.yaml").write_text(MID_YEAR, encoding="utf-8")
    data = tmp_path / "h.yaml"
    data.write_text('unit: {name: H, level: huyen}\nyear: 2025\ncriteria_set: t/ends-mid-year\n'
                    'values: {"1.1": 93}\n', encoding="utf-8")
    run = CliRunner().invoke
    res = run(main_group, ["check", str(data), "--format", "json", "--criteria-dir", str(tmp_path / "criteria")])
    doc = json.loads(res.stdout)
    assert doc["date"] == "2025-06-30"
    ind = doc["criteria"][0]["indicators"][0]
    assert (ind["threshold"], ind["status"]) == (95, "fail")  # the version in force on 30/6, and in force at all
    shown = run(main_group, ["show", "t/ends-mid-year", "--year", "2025", "--format", "json",
                             "--criteria-dir", str(tmp_path / "criteria")])
    d = json.loads(shown.stdout)
    assert d["date"] == "2025-06-30"
    assert d["criteria"][0]["indicators"][0]["threshold"] == 95
    # and a date the file gives after the set's end is honoured: the set is not in force then
    data.write_text('unit: {name: H, level: huyen}\nyear: 2025\ndate: "2025-12-31"\ncriteria_set: t/ends-mid-year\n'
                    'values: {"1.1": 93}\n', encoding="utf-8")
    late = json.loads(run(main_group, ["check", str(data), "--format", "json",
                                       "--criteria-dir", str(tmp_path / "criteria")]).stdout)
    assert late["criteria"][0]["indicators"][0]["status"] == "no_threshold"


def test_no_test_names_a_device_path():
    """Tests write only inside their own temporary folder: an `--output` naming the null device once
    replaced it with a regular file on a machine where the suite runs as root."""
    import re

    here = Path(__file__).resolve().parent
    dev = "/" + "dev/"  # spelt apart so that this file does not match its own pattern
    pattern = re.compile(r"os\.dev" + r"null|['\"]" + dev + r"(null|zero|stdout|stderr|full)")
    bad = [f"{p.name}:{n}" for p in sorted(here.glob("*.py")) if p.name != Path(__file__).name
           for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert not bad, bad
