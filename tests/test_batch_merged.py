"""A batch of 2026 communes formed on 1/7/2025 (issue 14): the JSON names each commune's
predecessors, and an old commune listed in the merged_from of two new communes is a located
warning (never a silent double count)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from ntm_eval.cli import main_group

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sau-sap-xep" / "binh-lu-2026.yaml"


def _run(folder: Path, out: Path):
    return CliRunner().invoke(main_group, ["batch", str(folder), "--format", "json", "-o", str(out), "--no-cache"])


def test_predecessors_are_in_the_json(tmp_path):
    d = tmp_path / "xa"
    d.mkdir()
    shutil.copy(EXAMPLE, d / "binh-lu.yaml")
    r = _run(d, tmp_path / "r.json")
    assert r.exit_code in (0, 1), r.output
    rep = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    (unit,) = [u for s in rep["sets"] for u in s["units"]]
    assert {p["code"] for p in unit["merged_from"]} == {"03390", "03412", "03413"}
    assert not [w for w in rep.get("warnings", []) if "03412" in json.dumps(w, ensure_ascii=False)]


def test_an_old_commune_in_two_merged_communes_is_warned_about(tmp_path):
    d = tmp_path / "xa"
    d.mkdir()
    shutil.copy(EXAMPLE, d / "a-binh-lu.yaml")  # the same commune twice (a copy left in the folder)
    shutil.copy(EXAMPLE, d / "b-binh-lu.yaml")
    r = _run(d, tmp_path / "r.json")
    assert r.exit_code in (0, 1), r.output
    assert "03412" in r.output and "a-binh-lu.yaml" in r.output, r.output
    rep = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    text = json.dumps(rep.get("warnings", []), ensure_ascii=False)
    for code in ("03390", "03412", "03413"):
        assert code in text, text


def test_the_same_commune_for_two_years_is_no_conflict(tmp_path):
    """One commune (same official code) recorded for 2026 and 2027, each naming its predecessors:
    one unit claiming them twice, not two units sharing one old commune."""
    import re

    text = EXAMPLE.read_text(encoding="utf-8")
    assert re.search(r"^  code: ", text, re.M), "the example must give the commune's official code"
    d = tmp_path / "xa"
    d.mkdir()
    (d / "binh-lu-2026.yaml").write_text(text, encoding="utf-8")
    later = re.sub(r"^year: 2026$", "year: 2027", text, flags=re.M).replace("2026-11-30", "2027-11-30")
    (d / "binh-lu-2027.yaml").write_text(later, encoding="utf-8")
    r = _run(d, tmp_path / "r.json")
    assert r.exit_code in (0, 1), r.output
    rep = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len([u for s in rep["sets"] for u in s["units"]]) == 2
    assert "03412" not in json.dumps(rep.get("warnings", []), ensure_ascii=False), rep.get("warnings")
