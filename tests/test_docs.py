"""Examples in the documentation work as written."""

from __future__ import annotations

import re
from pathlib import Path

from ntm_eval.run.check import check_file
from ntm_eval.load.catalog import Catalog
from ntm_eval.validate.validator import validate_paths

DOCS = Path(__file__).resolve().parent.parent / "docs"


def yaml_block_after(doc: str, heading: str) -> str:
    text = (DOCS / doc).read_text(encoding="utf-8")
    section = text[text.index(heading):]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def test_provincial_extends_example_validates_and_evaluates(tmp_path: Path):
    block = yaml_block_after("criteria-format.md", "## 7. Inheritance")
    f = tmp_path / "criteria" / "tinh-a" / "2024" / "xa-ntm-nang-cao.yaml"
    f.parent.mkdir(parents=True)
    f.write_text(block, encoding="utf-8")
    report = validate_paths([str(tmp_path / "criteria")])
    assert [p.key for p in report.problems if p.severity == "error"] == []
    assert not [p for p in report.problems if p.key == "validate.no_provenance" and p.file == str(f)]
    cat = Catalog([str(tmp_path / "criteria")])
    cs = cat.get("tinh-a/2024/xa-ntm-nang-cao")
    assert cs.title.startswith("Bộ tiêu chí xã nông thôn mới nâng cao tỉnh A")
    assert "17.10" not in cs.all_ids()
    data = tmp_path / "xa.yaml"
    data.write_text('unit: {name: Thử, level: xa, region: tdmnpb}\nyear: 2024\n'
                    'criteria_set: tinh-a/2024/xa-ntm-nang-cao\nvalues: {"10": 61}\n', encoding="utf-8")
    out = check_file(str(data), cat)
    income = next(i for c in out.result.criteria for i in c.indicators if i.id == "10")
    assert (income.status, income.threshold, income.confidence) == ("pass", 60, "primary")


def test_readme_data_file_example_is_accepted(tmp_path: Path):
    text = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Tệp dữ liệu của một đơn vị\n\n```yaml\n(.*?)```", text, re.S).group(1)
    f = tmp_path / "xa.yaml"
    f.write_text(block, encoding="utf-8")
    out = check_file(str(f), Catalog())
    assert out.problems == [] and out.result is not None
    ind = {i.id: i for c in out.result.criteria for top in c.indicators for i in (top, *top.parts)}
    assert ind["6.3"].need == 2 and ind["5.b"].status == "not_applicable"
    assert ind["15.1"].value == 93.4
