"""Re-runs after a few changes (issue 15, run/splice.py and run/cache.py), in lock-step with a run
without the cache: the merge of chunk aggregates is the aggregate of all rows (hypothesis, random
rows and chunkings); after any sequence of edits, deletions, additions, criteria-file edits and
option changes, `batch --format json -o` with the cache writes the same bytes and says the same
as `--no-cache` — whichever way it took (quick table, kept report, pieces spliced, long way)."""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _helpers import run_cli as _run
from _helpers import same_as_no_cache
from ntm_eval.errors import Problem
from ntm_eval.results import UnitRow
from ntm_eval.run import splice
from ntm_eval.vocab import STATUSES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


# --- merge == sequential aggregation -------------------------------------------------------------

def _canon(x):
    """A value with every dict's order kept (== on dicts ignores order; the report does not)."""
    if dataclasses.is_dataclass(x):
        return (type(x).__name__, [(f.name, _canon(getattr(x, f.name))) for f in dataclasses.fields(x)])
    if isinstance(x, dict):
        return [(k, _canon(v)) for k, v in x.items()]
    if isinstance(x, (list, tuple)):
        return [_canon(v) for v in x]
    return x


status = st.sampled_from(STATUSES)
ROW = st.builds(
    lambda set_id, st_, statuses, bases, conflicts, basis, district, province, known, declared, prereqs, broken:
    UnitRow(0, "f.yaml", "N", set_id=set_id if st_ is not None else None, status=st_,
            passed=sum(s == "pass" for s in statuses), total=len(statuses), statuses=tuple(statuses),
            bases=tuple(bases[: len(statuses)]), conflicts=tuple(conflicts[: len(statuses)]), basis=basis,
            district=district, province=province, known=known, encoded=known, declared=declared,
            prerequisites=tuple(prereqs), problems=(Problem("x.y", "f.yaml"),) if broken else ()),
    st.sampled_from(["s/a", "s/b"]), st.none() | status, st.lists(status, min_size=0, max_size=5),
    st.lists(st.sampled_from(["computed", "attested", None]), max_size=5), st.lists(st.booleans(), max_size=5),
    st.sampled_from(["computed", "attested", None]), st.sampled_from([None, "D1", "D2"]),
    st.sampled_from([None, "P1", "P2"]), st.integers(0, 9), st.integers(0, 9),
    st.lists(st.tuples(st.sampled_from(["p/1", "p/2"]), st.sampled_from(["T", "T2"]), status,
                       st.sampled_from([None, "", "En"])), max_size=2),
    st.booleans())


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(ROW, max_size=40), cuts=st.lists(st.integers(0, 40), max_size=5))
def test_merged_chunk_aggregates_are_the_aggregate_of_all_rows(rows, cuts):
    sets = {"s/a": None, "s/b": None}
    whole = splice.aggregate(rows, sets)
    bounds = sorted({0, len(rows), *(c for c in cuts if c <= len(rows))})
    parts = [splice.aggregate(rows[a:b], sets) for a, b in zip(bounds, bounds[1:])] or [splice.aggregate([], sets)]
    total = parts[0]
    for p in parts[1:]:
        splice.merge(total, p)
    assert _canon(total) == _canon(whole)


def test_an_unknown_kind_of_field_is_not_merged():
    @dataclasses.dataclass
    class Odd:
        flag: bool = False

    with pytest.raises(splice.Unmergeable):
        splice.merge(Odd(), Odd(True))


# --- the CLI in lock-step with --no-cache ---------------------------------------------------------

def _age(folder: Path, step: list[int]) -> None:
    """Every file modified a while ago (a fresh stamp is racy and never trusted); each step older
    than the last, the same for every file — an edit of the same size keeps size and time, and
    only the change time tells."""
    step[0] += 1
    past = time.time() - 1000 + step[0]
    for p in [folder, *folder.rglob("*")]:
        os.utime(p, (past, past))


OPS = st.lists(st.one_of(
    st.tuples(st.just("value"), st.integers(0, 4), st.sampled_from(["'86,5'", "40", "null", "đạt", "99", "["])),
    st.tuples(st.just("same_size"), st.integers(0, 4), st.just(None)),
    st.tuples(st.just("delete"), st.integers(0, 4), st.just(None)),
    st.tuples(st.just("add"), st.integers(0, 4), st.just(None)),
    st.tuples(st.just("criteria"), st.integers(0, 1), st.just(None)),
    st.tuples(st.just("option"), st.integers(0, 2), st.just(None)),
    st.tuples(st.just("nothing"), st.just(0), st.just(None)),
), min_size=1, max_size=6)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_cached_runs_write_what_uncached_runs_write_after_any_changes(tmp_path_factory, monkeypatch, ops):
    base = tmp_path_factory.mktemp("lockstep")
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(base / "cache"))
    d, crit = base / "units", base / "crit"
    d.mkdir()
    (crit / "demo").mkdir(parents=True)
    demo = (ROOT / "criteria" / "demo" / "xa-ntm-minh-hoa.yaml").read_text(encoding="utf-8")
    (crit / "demo" / "xa-ntm-minh-hoa.yaml").write_text(demo, encoding="utf-8")  # shadows the built-in set
    tutorial = (EXAMPLES / "demo" / "tutorial-2024.yaml").read_text(encoding="utf-8")
    for i in range(5):
        (d / f"x{i}.yaml").write_text(tutorial.replace("year: 2024", f"year: 2024\n# {i}", 1), encoding="utf-8")
    shutil.copytree(EXAMPLES / "tam-duong", d / "tam-duong")  # a district reading its member folder
    step = [0]
    options: list[str] = []
    taken: list[str] = []
    real_rebuild = splice.rebuild

    def rebuild(*a, **k):
        out = real_rebuild(*a, **k)
        taken.append("spliced" if out is not None else "long")
        return out

    monkeypatch.setattr(splice, "rebuild", rebuild)
    monkeypatch.setattr(splice, "CHUNK", 2)  # many chunks: added rows join one, gone ones leave, big ones split

    def check() -> None:
        _age(base, step)
        args = ["batch", str(d), "--criteria", str(crit), *options, "--format", "json"]
        for _ in range(2):  # the second run: quick table or kept report
            same_as_no_cache(args, base, "cached.json", "fresh.json")

    check()
    for op, i, value in ops:
        files = sorted(d.glob("x*.yaml"))
        if op == "value" and files:
            p = files[i % len(files)]
            lines = [ln for ln in p.read_text(encoding="utf-8").splitlines() if not ln.startswith('  "3.2":')]
            at = next(n for n, ln in enumerate(lines) if ln.startswith("values:")) + 1
            lines.insert(at, f'  "3.2": {value}')
            p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        elif op == "same_size" and files:
            p = files[i % len(files)]
            text = p.read_text(encoding="utf-8")
            swapped = text.replace("year: 2024", "year: 2023", 1) if "year: 2024" in text else \
                text.replace("year: 2023", "year: 2024", 1)
            p.write_text(swapped, encoding="utf-8")
        elif op == "delete" and files:
            files[i % len(files)].unlink()
        elif op == "add":
            (d / f"x{len(files) + i + 10}.yaml").write_text(tutorial, encoding="utf-8")
        elif op == "criteria":
            f = crit / "demo" / "xa-ntm-minh-hoa.yaml"
            f.write_text(f.read_text(encoding="utf-8") + f"\n# sửa {i}\n", encoding="utf-8")
        elif op == "option":
            options = [[], ["--year", "2023"], ["--basis", "computed"]][i]
        check()
    if any(op in ("value", "same_size") for op, _, _ in ops):
        assert taken, "some re-run took the pieces' way or tried it"


def test_one_changed_file_is_spliced_and_gives_the_same_report(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(tmp_path / "cache"))
    d = tmp_path / "u"
    shutil.copytree(EXAMPLES / "tam-duong", d / "tam-duong")
    tutorial = (EXAMPLES / "demo" / "tutorial-2024.yaml").read_text(encoding="utf-8")
    for i in range(3):
        (d / f"x{i}.yaml").write_text(tutorial, encoding="utf-8")
    args = ["batch", str(d), "--format", "json"]
    _run(*args, "-o", str(tmp_path / "a.json"))
    taken: list[object] = []
    real = splice.rebuild
    monkeypatch.setattr(splice, "rebuild", lambda *a, **k: taken.append(real(*a, **k)) or taken[-1])
    member = d / "tam-duong" / "xa" / "son-binh-2024.yaml"  # a commune, and the district reading it
    member.write_text(member.read_text(encoding="utf-8").replace("name: Sơn Bình", "name: Sơn Bình Mới", 1),
                      encoding="utf-8")
    same_as_no_cache(args, tmp_path)
    assert len(taken) == 1 and taken[0] is not None, "spliced (and --no-cache never tries)"
    assert "Sơn Bình Mới" in (tmp_path / "a.json").read_text(encoding="utf-8")


def test_merged_communes_named_twice_are_warned_the_same_when_spliced(tmp_path, monkeypatch):
    """batch.merged_twice depends on the rows before: the pieces leave it out and the rebuilt
    report makes it again, where the long way says it."""
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(tmp_path / "cache"))
    d = tmp_path / "u"
    shutil.copytree(EXAMPLES / "sau-sap-xep", d)
    shutil.copy(d / "khun-ha-2025.yaml", d / "khun-ha-copy-2025.yaml")  # the same predecessors twice
    tutorial = (EXAMPLES / "demo" / "tutorial-2024.yaml").read_text(encoding="utf-8")
    (d / "z.yaml").write_text(tutorial, encoding="utf-8")
    args = ["batch", str(d), "--format", "json"]
    _run(*args, "-o", str(tmp_path / "a.json"))
    taken: list[object] = []
    real = splice.rebuild
    monkeypatch.setattr(splice, "rebuild", lambda *a, **k: taken.append(real(*a, **k)) or taken[-1])
    for text in ("# sửa\n", "# sửa lại\n"):
        with open(d / "z.yaml", "a", encoding="utf-8") as fh:
            fh.write(text)
        same_as_no_cache(args, tmp_path)
        assert "batch.merged_twice" in (tmp_path / "a.json").read_text(encoding="utf-8")
    assert taken and all(t is not None for t in taken), "spliced"


@pytest.mark.parametrize("chunk", [1, 2, 128])
def test_files_added_and_removed_are_spliced_and_give_the_same_report(tmp_path, monkeypatch, chunk):
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(splice, "CHUNK", chunk)
    d = tmp_path / "u"
    d.mkdir()
    tutorial = (EXAMPLES / "demo" / "tutorial-2024.yaml").read_text(encoding="utf-8")
    for i in range(0, 12, 2):
        (d / f"x{i:02}.yaml").write_text(tutorial.replace("year: 2024", f"year: 2024\n# {i}", 1), encoding="utf-8")
    args = ["batch", str(d), "--format", "json"]
    _run(*args, "-o", str(tmp_path / "a.json"))
    taken: list[object] = []
    real = splice.rebuild
    monkeypatch.setattr(splice, "rebuild", lambda *a, **k: taken.append(real(*a, **k)) or taken[-1])
    steps = [lambda: (d / "x05.yaml").write_text(tutorial.replace('"3.2": "71,3"', '"3.2": 40', 1), encoding="utf-8"),
             lambda: (d / "x00.yaml").unlink(),
             lambda: [(d / f"x{i:02}.yaml").write_text(tutorial, encoding="utf-8") for i in (1, 3, 7, 13)],
             lambda: [(d / f"x{i:02}.yaml").unlink() for i in (2, 4, 6)],
             lambda: (d / "x99.yaml").write_text("unit: {name: Hỏng\n", encoding="utf-8")]
    for step in steps:
        step()
        same_as_no_cache(args, tmp_path)
    assert len(taken) == len(steps) and all(t is not None for t in taken), "spliced every time"


def test_a_big_batch_keeps_its_pieces_in_many_chunk_files_and_still_writes_the_same_report(tmp_path, monkeypatch):
    """The pieces are kept per chunk (no limit on the batch's size): with chunks of about two
    rows, a change rewrites its chunk's file and names the others again."""
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(splice, "CHUNK", 2)
    d = tmp_path / "u"
    shutil.copytree(EXAMPLES / "tam-duong", d / "tam-duong")
    args = ["batch", str(d), "--format", "json"]
    _run(*args, "-o", str(tmp_path / "a.json"))
    before = {p.name for p in (tmp_path / "cache").rglob("*.spc")}
    assert len(before) > 1
    member = d / "tam-duong" / "xa" / "son-binh-2024.yaml"
    member.write_text(member.read_text(encoding="utf-8").replace("name: Sơn Bình", "name: Sơn Bình Mới", 1),
                      encoding="utf-8")
    same_as_no_cache(args, tmp_path)
    after = {p.name for p in (tmp_path / "cache").rglob("*.spc")}
    assert after & before and after != before
