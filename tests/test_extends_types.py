"""A provincial set that changes only the threshold of an inherited indicator reads it as the
parent's type: a yes/no `true` is accepted, a percentage is checked against 0–100."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ntm_eval.cli import main_group

EXT = """\
schema_version: 1
id: t/ext
title: Thử kế thừa
extends: demo/xa-ntm-minh-hoa
criteria:
  - id: "1"
    indicators:
      - id: "1"
        threshold: {value: true, source: {document: QĐ thử}, confidence: demo}
  - id: "3"
    indicators:
      - id: "3.1"
        threshold: {op: ">=", value: PCT, source: {document: QĐ thử}, confidence: demo}
"""


def _validate(tmp_path: Path, pct: str):
    d = tmp_path / "c" / "t"
    d.mkdir(parents=True)
    (d / "ext.yaml").write_text(EXT.replace("PCT", pct), encoding="utf-8")
    return CliRunner().invoke(main_group, ["validate", str(tmp_path / "c")])


def test_threshold_only_change_keeps_the_parents_type(tmp_path: Path):
    res = _validate(tmp_path, "99")
    assert res.exit_code == 0, res.output


def test_inherited_percent_is_range_checked(tmp_path: Path):
    res = _validate(tmp_path, "120")
    assert res.exit_code == 1 and "120" in res.output and "3.1" in res.output
