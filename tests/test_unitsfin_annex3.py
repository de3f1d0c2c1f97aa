"""Issue 14 deliverable 5: the 51/2025 Phụ lục III province conditions. The reference gives no rule
(criteria.md §11.4 "Conditions not known"; criteria-pass3.md §5), so nothing may conclude that a
province has completed the 2026–2030 task: `vn/2026-2030/tinh` is never met from data, and the
batch of a 51/2025 commune set must say plainly that the province conditions are not computed.
Writes only in tmp_path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from ntm_eval.cli import main_group
from ntm_eval.messages import t

REPO = Path(__file__).resolve().parent.parent


def _run(*args):
    r = CliRunner().invoke(main_group, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


def test_a_province_under_the_2026_set_is_never_met_even_when_declared(tmp_path):
    p = tmp_path / "tinh.yaml"
    p.write_text('unit:\n  name: "Lai Châu"\n  level: tinh\nyear: 2026\ncriteria_set: vn/2026-2030/tinh\n'
                 'values:\n  "T": true\n', encoding="utf-8")
    rc, out, err = _run("check", p, "--format", "json")
    assert rc != 0, out
    doc = json.loads(out)
    assert doc["status"] != "pass" and {c["status"] for c in doc["criteria"]} == {"no_threshold"}


def test_the_batch_of_2026_communes_says_the_province_conditions_are_not_computed(tmp_path):
    d = tmp_path / "xa"
    d.mkdir()
    shutil.copy(REPO / "examples" / "sau-sap-xep" / "binh-lu-2026.yaml", d / "binh-lu-2026.yaml")
    for lang, word in (("vi", "Phụ lục III"), ("en", "Annex III")):
        rc, out, _ = _run("batch", d, "--no-cache", "--lang", lang)
        assert rc in (0, 1), out
        assert t("batch.annex3_unknown", lang) in " ".join(out.split()) and word in out
