"""The JSON report's pieces kept per chunk file (run/splice.py, format 3): with small chunks, a
re-run after one or two changed files, files added or removed, writes the same bytes and says the
same as `--no-cache`, rewrites only the chunks those files fall in, and never reads more than one
chunk's pieces at once; a damaged, missing, stale or foreign piece file sends the run the long way
(the same bytes again); a piece file removed by a concurrent run while the report is written does
not take it from under it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from _helpers import same_as_no_cache
from ntm_eval.run import splice

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TUTORIAL = (EXAMPLES / "demo" / "tutorial-2024.yaml").read_text(encoding="utf-8")


def _unit(i: int, value: str = '"71,3"') -> str:
    return TUTORIAL.replace("year: 2024", f"year: 2024\n# {i}", 1).replace('"3.2": "71,3"', f'"3.2": {value}', 1)


@pytest.fixture
def batch(tmp_path, monkeypatch):
    """A folder of 30 communes, chunks of about 4 rows (at most 16), the rebuilds recorded."""
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(splice, "CHUNK", 4)
    d = tmp_path / "u"
    d.mkdir()
    for i in range(30):
        (d / f"x{i:03}.yaml").write_text(_unit(i), encoding="utf-8")
    taken: list[object] = []
    real = splice.rebuild
    monkeypatch.setattr(splice, "rebuild", lambda *a, **k: taken.append(real(*a, **k)) or taken[-1])
    args = ["batch", str(d), "--format", "json"]

    def same() -> None:
        same_as_no_cache(args, tmp_path)

    same()
    taken.clear()  # the first run: no pieces yet
    return d, tmp_path / "cache", taken, same


def _pieces(cache: Path) -> set[str]:
    return {p.name for p in cache.glob("*.spc")}


def test_the_pieces_are_kept_in_many_chunk_files(batch):
    d, cache, taken, same = batch
    names = _pieces(cache)
    assert len(names) >= 3, "several chunks"
    assert len(list(cache.glob("*.sp"))) == 1


@pytest.mark.parametrize("step", ["one", "two", "added", "removed", "added_and_removed", "first_and_last"])
def test_changed_added_removed_files_are_spliced_and_rewrite_only_their_chunks(batch, step):
    d, cache, taken, same = batch
    before = _pieces(cache)
    if step == "one":
        (d / "x007.yaml").write_text(_unit(7, "40"), encoding="utf-8")
    elif step == "two":
        (d / "x003.yaml").write_text(_unit(3, "40"), encoding="utf-8")
        (d / "x025.yaml").write_text(_unit(25, "99"), encoding="utf-8")
    elif step == "added":
        (d / "x0105.yaml").write_text(_unit(105), encoding="utf-8")
    elif step == "removed":
        (d / "x012.yaml").unlink()
    elif step == "added_and_removed":
        (d / "x012.yaml").unlink()
        (d / "x000a.yaml").write_text(_unit(1000), encoding="utf-8")
        (d / "x999.yaml").write_text(_unit(999), encoding="utf-8")
    else:
        (d / "x000.yaml").write_text(_unit(0, "null"), encoding="utf-8")
        (d / "x029.yaml").write_text(_unit(29, "'86,5'"), encoding="utf-8")
    same()
    assert len(taken) == 1 and taken[0] is not None, "spliced"
    after = _pieces(cache)
    kept = before & after
    assert kept, "the chunks with no change are named again as they are"
    assert len(after - before) <= 3 * (2 if step in ("two", "first_and_last") else 3 if step == "added_and_removed" else 1)
    # the chunk files the new head does not name are gone
    assert len(after) < len(before) + 6
    same()  # and again, from the renewed pieces (the quick table or kept report answers, or a splice)


def test_a_series_of_changes_stays_the_same_as_no_cache(batch):
    d, cache, taken, same = batch
    for k in range(6):
        (d / f"x{(k * 7) % 30:03}.yaml").write_text(_unit(k, str(40 + k)), encoding="utf-8")
        if k % 2:
            (d / f"y{k}.yaml").write_text(_unit(100 + k), encoding="utf-8")
        same()
    assert taken and all(t is not None for t in taken)


def _chunk_of(cache: Path, source: str) -> tuple[Path, int, tuple[int, ...]]:
    """The chunk file holding the pieces of `source`, where its sections start, their lengths."""
    import marshal

    for p in cache.glob("*.spc"):
        with open(p, "rb") as fh:
            head = marshal.load(fh)
            base = fh.tell()
            sources = marshal.loads(fh.read(head[4][0]))[0]
        if source in sources:
            return p, base, head[4]
    raise AssertionError(source)


@pytest.mark.parametrize("damage", ["unit", "rows", "truncate", "garbage", "missing", "link", "head", "version"])
def test_a_damaged_or_stale_piece_file_takes_the_long_way_and_writes_the_same(batch, damage):
    d, cache, taken, same = batch
    victim, base, lengths = _chunk_of(cache, str(d / "x010.yaml"))
    data = bytearray(victim.read_bytes())
    if damage in ("unit", "rows"):  # a byte inside a unit object, or a pickled row: only a digest tells
        s = splice.S_UNITS if damage == "unit" else splice.S_ROWS
        data[base + sum(lengths[:s]) + lengths[s] // 2] ^= 0x01
        victim.write_bytes(bytes(data))
    elif damage == "truncate":
        victim.write_bytes(bytes(data[: len(data) - 10]))
    elif damage == "garbage":
        victim.write_bytes(os.urandom(len(data)))
    elif damage == "missing":
        victim.unlink()
    elif damage == "link":
        other = cache.parent / "elsewhere.spc"
        other.write_bytes(bytes(data))
        victim.unlink()
        victim.symlink_to(other)
    elif damage == "head":
        head = next(cache.glob("*.sp"))
        head.write_bytes(head.read_bytes()[:-3])
    else:
        import marshal

        head = next(cache.glob("*.sp"))
        with open(head, "rb") as fh:
            first = marshal.load(fh)
            rest = fh.read()
        head.write_bytes(marshal.dumps((first[0], "0.0.0-other", *first[2:])) + rest)
    (d / "x010.yaml").write_text(_unit(10, "40"), encoding="utf-8")  # its chunk made again: its rows read
    same()
    assert taken == [None], "the long way"
    (d / "x011.yaml").write_text(_unit(11, "40"), encoding="utf-8")
    same()
    assert taken[-1] is not None, "the pieces kept again by the long way are spliced"


def test_a_damaged_unit_object_in_a_chunk_with_no_change_takes_the_long_way(batch):
    d, cache, taken, same = batch
    victim, base, lengths = _chunk_of(cache, str(d / "x000.yaml"))
    data = bytearray(victim.read_bytes())
    data[base + sum(lengths[:splice.S_UNITS]) + lengths[splice.S_UNITS] // 2] ^= 0x01
    victim.write_bytes(bytes(data))
    (d / "x029.yaml").write_text(_unit(29, "40"), encoding="utf-8")
    same()
    assert taken == [None], "the long way"


def test_no_more_than_one_chunk_of_pieces_is_read_or_made_at_once(batch, monkeypatch):
    """What keeping and splicing hold does not grow with the batch: every section read is one
    chunk's (at most 4 × CHUNK rows), every chunk made is at most that long."""
    d, cache, taken, same = batch
    longest = [0]
    real_section = splice._Chunks.section

    def section(self, name, s):
        got = real_section(self, name, s)
        longest[0] = max(longest[0], len(got[0]) if s == splice.S_ENTRIES else len(got) if isinstance(got, list) else 0)
        return got

    real_add = splice._Block.add

    def add(self, *a):
        real_add(self, *a)
        longest[0] = max(longest[0], len(self))

    monkeypatch.setattr(splice._Chunks, "section", section)
    monkeypatch.setattr(splice._Block, "add", add)
    (d / "x005.yaml").write_text(_unit(5, "40"), encoding="utf-8")
    same()  # spliced, and the pieces of the long way's run (--no-cache keeps none) checked
    assert taken[-1] is not None
    for p in cache.glob("*.sp"):
        p.unlink()
    (d / "x006.yaml").write_text(_unit(6, "40"), encoding="utf-8")
    same()  # the long way, its pieces kept
    assert _pieces(cache)
    assert 0 < longest[0] <= 4 * splice.CHUNK


def test_a_piece_file_removed_while_the_report_is_written_does_not_change_it(batch, monkeypatch):
    """A concurrent run may remove a chunk file the new head no longer names: the run writing
    from it holds it open."""
    d, cache, taken, same = batch
    real_open = splice._Chunks.open

    def open_then_gone(self, c, variant, name, count):
        real_open(self, c, variant, name, count)
        os.unlink(splice._chunk_path(c, variant, name))

    monkeypatch.setattr(splice._Chunks, "open", open_then_gone)
    (d / "x020.yaml").write_text(_unit(20, "40"), encoding="utf-8")
    same()
    assert taken[-1] is not None, "spliced from files removed meanwhile"


def test_a_batch_with_problems_and_a_district_is_spliced_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(splice, "CHUNK", 2)
    d = tmp_path / "u"
    shutil.copytree(EXAMPLES / "tam-duong", d / "tam-duong")
    for i in range(8):
        (d / f"x{i}.yaml").write_text(_unit(i), encoding="utf-8")
    (d / "x9.yaml").write_text("unit: {name: Hỏng\n", encoding="utf-8")
    taken: list[object] = []
    real = splice.rebuild
    monkeypatch.setattr(splice, "rebuild", lambda *a, **k: taken.append(real(*a, **k)) or taken[-1])
    args = ["batch", str(d), "--format", "json"]
    for step in range(4):
        if step == 1:
            (d / "x3.yaml").write_text(_unit(3, "["), encoding="utf-8")  # now broken
        elif step == 2:
            (d / "x9.yaml").write_text(_unit(9), encoding="utf-8")  # now fine
        elif step == 3:
            member = d / "tam-duong" / "xa" / "son-binh-2024.yaml"
            member.write_text(member.read_text(encoding="utf-8").replace("name: Sơn Bình", "name: Sơn Bình Mới", 1),
                              encoding="utf-8")
        same_as_no_cache(args, tmp_path)
    assert len(taken) == 4 and all(t is not None for t in taken[1:]), "spliced after the first run"
