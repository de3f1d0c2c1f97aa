"""The batch cache's rows in chunk files (issue 15, item 4, run/cache.py): a run reads them one at
a time and writes its own as rows come; a file changed rewrites the chunk it is in and no other;
a damaged chunk costs only its own rows; the quick table is read and written part by part; the
window of planned tasks never changes the stream."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ntm_eval.cli import main_group
from ntm_eval.load.catalog import Catalog
from ntm_eval.run import cache as cache_mod
from ntm_eval.run.batch import BatchContext, stream_units
from ntm_eval.run.cache import BatchCache

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(autouse=True)
def _small_chunks(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(tmp_path / "cache"))
    # a chunk ends after a key whose hash is even (about every other row), none holds more than
    # 8: many chunks from a few files, cut where the keys say
    monkeypatch.setattr(cache_mod, "_CHUNK_MIN", 1)
    monkeypatch.setattr(cache_mod, "_CHUNK_CUT", 2)
    monkeypatch.setattr(cache_mod, "_CHUNK_MAX", 8)
    monkeypatch.setattr(cache_mod, "_QUICK_PART", 2)
    monkeypatch.setattr(cache_mod, "WINDOW", 3)


def _units(tmp_path: Path, n: int = 9) -> Path:
    d = tmp_path / "u"
    d.mkdir()
    tutorial = (EXAMPLES / "demo" / "tutorial-2024.yaml").read_text(encoding="utf-8")
    for i in range(n):
        (d / f"x{i:02}.yaml").write_text(tutorial.replace("year: 2024", f"year: 2024\n# {i}", 1), encoding="utf-8")
    shutil.copytree(EXAMPLES / "tam-duong", d / "tam-duong")  # a district reading its members
    return d


def _run(path: Path, jobs: int = 1, use_cache: bool = True):
    catalog = Catalog()
    bctx = BatchContext((), None, None, True, ())
    cache = BatchCache.open(str(path), bctx, catalog) if use_cache else None
    rows = list(stream_units(str(path), catalog, jobs=jobs, cache=cache))
    return rows, cache


def _summary(rows):
    return [(r.source, r.index, r.name, r.status, r.passed, r.total, r.statuses, r.bases,
             tuple(p.key for p in r.problems)) for r, _ in rows]


def _chunks(tmp_path: Path) -> set[str]:
    return {p.name for p in (tmp_path / "cache").glob("*.rows")}


def test_rows_are_kept_in_many_chunks_and_read_back_the_same(tmp_path):
    d = _units(tmp_path)
    fresh, _ = _run(d, use_cache=False)
    cold, c1 = _run(d)
    assert c1.misses == len(fresh) and len(_chunks(tmp_path)) >= 2
    warm, c2 = _run(d)
    assert c2.hits == len(fresh) and c2.misses == 0
    assert _summary(warm) == _summary(cold) == _summary(fresh)


def test_one_file_changed_rewrites_one_chunk_and_no_other(tmp_path):
    d = _units(tmp_path)
    _run(d)
    before = _chunks(tmp_path)
    f = d / "x04.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "# sửa\n", encoding="utf-8")
    rows, cache = _run(d)
    assert cache.misses == 1
    after = _chunks(tmp_path)
    assert len(before - after) == 1 and len(after - before) == 1, "the old chunk of x04 swept, one new"
    fresh, _ = _run(d, use_cache=False)
    assert _summary(rows) == _summary(fresh)


def test_a_file_added_or_removed_keeps_the_other_chunks(tmp_path):
    d = _units(tmp_path, 12)
    _run(d)
    before = _chunks(tmp_path)
    (d / "x05.yaml").unlink()
    shutil.copy(d / "x01.yaml", d / "x10b.yaml")
    rows, cache = _run(d)
    assert cache.misses == 1  # the file added; the one removed is simply gone
    after = _chunks(tmp_path)
    assert len(before - after) <= 3, "only the chunks the two files fall in are new (one more if a cut moved)"
    fresh, _ = _run(d, use_cache=False)
    assert _summary(rows) == _summary(fresh)


def test_a_damaged_chunk_costs_its_own_rows_only(tmp_path):
    d = _units(tmp_path)
    cold, _ = _run(d)
    victim = sorted((tmp_path / "cache").glob("*.rows"))[0]
    victim.write_bytes(victim.read_bytes()[:-7])  # truncated
    rows, cache = _run(d)
    assert 0 < cache.misses < len(cold)
    assert _summary(rows) == _summary(cold)
    _, again = _run(d)
    assert again.hits == len(cold)


def test_the_cache_with_workers_and_small_windows_gives_the_same_rows(tmp_path):
    d = _units(tmp_path)
    fresh, _ = _run(d, use_cache=False)
    _run(d, jobs=2)
    for name in ("x02.yaml", "x07.yaml"):
        f = d / name
        f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    mixed, cache = _run(d, jobs=2)
    assert 0 < cache.misses < len(fresh)
    assert _summary(mixed) == _summary(fresh)


def test_quick_table_in_parts_answers_a_re_run_and_notices_a_touched_file(tmp_path, monkeypatch):
    import os
    import time

    d = _units(tmp_path)
    out = tmp_path / "a.json"
    runner = CliRunner()
    args = ["batch", str(d), "--format", "json", "-o", str(out)]
    old = time.time() - 10  # older than RACY_NS: stamps recorded as they are
    for p in d.rglob("*.yaml"):
        os.utime(p, (old, old))
    r = runner.invoke(main_group, args)
    assert r.exit_code in (0, 1), r.output
    first = out.read_bytes()
    calls: list[object] = []
    real = cache_mod.quick_report
    monkeypatch.setattr(cache_mod, "quick_report", lambda *a, **k: calls.append(real(*a, **k)) or calls[-1])
    r = runner.invoke(main_group, args)
    assert r.exit_code in (0, 1) and calls and calls[-1] is not None, "answered by the quick table"
    assert out.read_bytes() == first
    os.utime(d / "x08.yaml", (old + 1, old + 1))  # the last part of the table
    r = runner.invoke(main_group, args)
    assert calls[-1] is None, "a touched file: the long way"
    assert out.read_bytes() == first
