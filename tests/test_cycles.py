"""The one cycle test for references between sets (`load/cycles.py`) and everything using it:
the catalog's loading guard, `parse_criteria_doc`'s `extends` check and validate's graph walk."""

from __future__ import annotations

from pathlib import Path

import pytest

from ntm_eval.errors import InputError, Problem
from ntm_eval.io.yamlload import load_text
from ntm_eval.load.catalog import Catalog
from ntm_eval.load.criteria import parse_criteria_doc
from ntm_eval.load.cycles import LoadingGuard, cycle_through, find_cycle


def test_cycle_through_names_the_loop():
    assert cycle_through(("a", "b"), "a") == "a → b → a"
    assert cycle_through(("a", "b"), "c") is None
    assert cycle_through((), "a") is None
    assert cycle_through(("x.yaml",), "a", self_id="a") == "x.yaml → a"  # a set extending itself


def test_loading_guard_refuses_reentry_and_unwinds():
    guard = LoadingGuard()
    with guard.loading("a") as chain:
        assert chain == ("a",)
        with guard.loading("b") as inner:
            assert inner == ("a", "b")
            with pytest.raises(InputError) as exc:
                with guard.loading("a"):
                    pass
            [p] = exc.value.problems
            assert (p.key, p.file, p.line, p.params) == ("schema.cycle", "a", None, {"chain": "a → b → a"})
        with guard.loading("b", problem=lambda c: Problem("x", params={"c": c})):
            pass  # "b" is no longer being loaded
    assert guard.keys == []
    with guard.loading("a"):
        with pytest.raises(InputError) as exc:
            with guard.loading("a", problem=lambda c: Problem("mine", params={"chain": c})):
                pass
    assert exc.value.problems[0].key == "mine" and guard.keys == []


def graph(**edges: str):
    return lambda k: edges.get(k, "").split()


def test_find_cycle_through_start_only():
    g = graph(a="b c", b="c", c="a b")
    # depth first, a key's last edge first: b → c, then c's "b" (a loop not through a) is skipped
    assert find_cycle("a", g, via="b") == "a → b → c → a"
    assert find_cycle("a", g, via="c") == "a → c → a"
    assert find_cycle("b", g, via="c") == "b → c → b"
    assert find_cycle("a", graph(a="a"), via="a") == "a → a"
    assert find_cycle("a", graph(a="b", b="c", c="b"), via="b") is None  # b ↔ c is theirs to report
    assert find_cycle("a", graph(a="b"), via="b") is None


def test_find_cycle_visits_each_key_once():
    calls: list[str] = []

    def edges(k: str) -> list[str]:
        calls.append(k)
        return {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}.get(k, [])

    assert find_cycle("s", edges, via="a") is None
    assert sorted(calls) == ["a", "b", "c", "d"]


def write(root: Path, sid: str, text: str) -> Path:
    p = root / f"{sid}.yaml"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def test_catalog_extends_loop_is_located_in_the_file_that_closes_it(tmp_path: Path):
    a = write(tmp_path, "t/a", "schema_version: 1\nid: t/a\ntitle: A\nextends: t/b\n")
    b = write(tmp_path, "t/b", "schema_version: 1\nid: t/b\ntitle: B\nextends: t/a\n")
    with pytest.raises(InputError) as exc:
        Catalog([str(tmp_path)]).get("t/a")
    [p] = exc.value.problems
    assert p.key == "schema.cycle" and p.file == str(b) and (p.line, p.col) == (4, 10)
    assert p.params["chain"] == f"{a} → {b} → {a}"  # the catalog follows files


def test_catalog_set_extending_itself(tmp_path: Path):
    a = write(tmp_path, "t/a", "schema_version: 1\nid: t/a\ntitle: A\nextends: t/a\n")
    with pytest.raises(InputError) as exc:
        Catalog([str(tmp_path)]).get("t/a")
    [p] = exc.value.problems
    assert (p.key, p.file, p.line) == ("schema.cycle", str(a), 4)
    assert p.params["chain"] == f"{a} → t/a"


def test_parse_checks_extends_against_the_chain_it_is_given():
    doc = load_text("schema_version: 1\nid: t/b\ntitle: B\nextends: t/a\n", "b.yaml")

    def lookup(sid: str):
        raise AssertionError("a loop must be refused before looking the parent up")

    with pytest.raises(InputError) as exc:
        parse_criteria_doc(doc, lookup, ("t/a", "t/b"))
    [p] = exc.value.problems
    assert (p.key, p.line, p.params["chain"]) == ("schema.cycle", 4, "t/a → t/b → t/a")
