"""Report text (issue 8): every string from the catalogue, English plurals, no English words in
Vietnamese text, and the one outline every batch format walks."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ntm_eval.messages import CATALOG, plural, singular_en, t

RENDER = Path(__file__).resolve().parent.parent / "ntm_eval" / "render"


# --- counts in English ------------------------------------------------------------------------

@pytest.mark.parametrize("n,text", [(0, "0 communes meet"), (1, "1 commune meets"), (2, "2 communes meet"),
                                    ("1", "1 commune meets")])
def test_count_forms(n, text, monkeypatch):
    monkeypatch.setitem(CATALOG, "x.count", ("{n} {unit} đạt", "{n} {n:{unit}|{units}} {n:meets|meet}"))
    assert t("x.count", "en", n=n, unit="commune", units="communes") == text
    assert t("x.count", "vi", n=n, unit="xã", units="xã") == f"{n} xã đạt"  # no plural in Vietnamese


def test_plural_messages():
    assert t("batch.errors", "en", n=1) == "Data errors (1 unit)"
    assert t("batch.errors", "en", n=2) == "Data errors (2 units)"
    assert t("batch.totals", "en", total=1, evaluated=1, broken=0) == "1 unit: 1 evaluated, 0 with errors"
    assert t("batch.unit_errors", "en", n=1).startswith("1 unit has data errors")
    assert t("catalog.invalid_sets", "en", count=1).startswith("1 criteria set has errors")
    assert t("catalog.invalid_sets", "en", count=3).startswith("3 criteria sets have errors")
    assert t("check.result", "en", status="MET", passed=1, total=1) == "Result: MET — 1/1 criterion met"
    w = {"unit": "district", "units": "districts"}
    assert t("batch.meeting", "en", k=0, n=1, pct="0", **w) == "0/1 district meets the whole set (0%)"
    assert t("batch.meeting", "en", k=3, n=12, pct="25", **w) == "3/12 districts meet the whole set (25%)"
    assert plural(1, "unit", "units") == "unit" and plural(0, "unit", "units") == "units"


def test_need_one_more_is_singular():
    assert t("check.need.more", "en", more="", n=1, of="villages", of_one=singular_en("villages")) \
        == "need 1 more village"
    assert t("check.need.more", "en", more="at least ", n=2, of="communes", of_one="commune") \
        == "need at least 2 more communes"
    assert [singular_en(x) for x in ("households", "upper-secondary schools", "towns and provincial cities", "km")] \
        == ["household", "upper-secondary school", "town or provincial city", "km"]


# --- Vietnamese text ----------------------------------------------------------------------------

def test_where_is_said_in_vietnamese():
    assert t("schema.unknown_key", "vi", name="x", where="data file") == "khóa không hợp lệ “x” trong tệp dữ liệu"
    assert t("schema.unknown_key", "vi", name="x", where="criteria set") == "khóa không hợp lệ “x” trong bộ tiêu chí"
    assert t("schema.unknown_key", "vi", name="x", where="unit") == "khóa không hợp lệ “x” trong “unit”"
    assert t("schema.unknown_key", "en", name="x", where="data file") == "unknown key “x” in data file"
    assert t("schema.missing_key", "en", name="id", where="criterion") == "missing required key “id” in criterion"
    assert t("schema.missing_key", "vi", name="title", where="") == "thiếu khóa bắt buộc “title”"


ENGLISH = re.compile(r"\b(criteria|criterion|set|sets|data|file|files|folder|indicators?|batch|thresholds?|"
                     r"warnings?|errors?|units?|members|values?|default|derived|null|parts|extends|numerator|"
                     r"denominator)\b", re.I)
# what may stay: a gloss the loader tests look for, a command-line option
KEPT = {"cli.no_set"}


def test_no_english_words_in_vietnamese_text():
    """Code (YAML keys and values, commands) is quoted: “unit”, “ntm-eval check …”."""
    found = {}
    for key, (vi, _en) in CATALOG.items():
        rest = re.sub(r"“[^”]*”|`[^`]*`|\{[^}]*\}|ntm-eval \w+", "", vi)
        words = ENGLISH.findall(rest)
        if words and key not in KEPT:
            found[key] = words
    assert not found, found


# --- renderers take their text from the catalogue ---------------------------------------------

def _literal_keys() -> set[str]:
    keys = set()
    for path in RENDER.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args \
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                keys.add(node.args[0].value)
    return keys


def test_every_key_the_renderers_use_exists():
    keys = _literal_keys()
    assert len(keys) > 80
    assert sorted(k for k in keys if k not in CATALOG) == []


VI_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def test_no_vietnamese_text_in_renderer_code():
    """Vietnamese may appear in comments and docstrings only: text lives in messages.py."""
    found = []
    for path in RENDER.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs \
                    and VI_LETTERS.search(node.value):
                found.append(f"{path.name}:{node.lineno}: {node.value[:40]}")
    assert not found, found


# --- one outline -------------------------------------------------------------------------------

def test_outline_holds_final_text_and_typed_cells(tmp_path: Path):
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.render.batch.outline import Cell, outline
    from ntm_eval.run.batch import run_batch

    examples = Path(__file__).resolve().parent.parent / "examples" / "tam-duong"
    with run_batch(str(examples), Catalog()) as rep:
        o = outline(rep, "en")
        assert o.title == t("batch.title", "en") and o.coverage  # partial sets are said first
        district = next(s for s in o.sets if s.set_id == "vn/2021-2025/huyen-ntm")
        assert district.heading.startswith("Districts — Criteria set:")
        assert any(line.text.startswith("0/1 district meets") for line in district.headline)
        assert district.held_back and district.held_back[0].items[0].text.startswith("indicator P1")
        rows = list(district.matrix.rows)
        assert len(rows) == district.matrix.size == 1 and all(isinstance(c, Cell) for c in rows[0])
        assert list(district.matrix.rows) == rows  # read again from the store, same rows
        marks = [c for col, c in zip(district.matrix.columns, rows[0]) if col.key == "crit"]
        assert {c.status for c in marks} <= {"pass", "fail", "missing", "not_applicable", "no_threshold"}
        share = [r[-1] for r in district.per_criterion.rows]
        assert all(c.text == "—" and c.label for c in share if c.open)  # no share, and why


def test_batch_formats_never_evaluate():
    """The human formats read the outline only: no aggregate, no row store, no sentence helper."""
    for name in ("table", "md", "html", "xlsx", "svg"):
        src = (RENDER / "batch" / f"{name}.py").read_text(encoding="utf-8")
        assert "render.batch.common import" not in src.replace("common import words", ""), name
        assert ".aggregates" not in src and "report.rows" not in src and "group_rows" not in src, name
