"""The batch result cache (issue 15, run/cache.py): a re-run reads unchanged units from the cache,
re-evaluates exactly what changed (a unit file, a district's member, a criteria file, an option),
and never trusts an entry it cannot stand behind (corrupt, another user's, another context)."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm_eval.cli import main_group
from ntm_eval.load.catalog import Catalog
from ntm_eval.run.batch import BatchContext, collect, stream_units
from ntm_eval.run.cache import BatchCache, cache_dir

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory, monkeypatch):
    d = tmp_path_factory.mktemp("batch-cache")
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(d / "c"))
    return d / "c"


def _district(tmp_path: Path) -> Path:
    d = tmp_path / "tam-duong"
    shutil.copytree(EXAMPLES / "tam-duong", d)
    return d


def _run(path: Path, jobs: int = 1, use_cache: bool = True, **ctx):
    catalog = Catalog()
    bctx = BatchContext((), ctx.get("set_ref"), ctx.get("year"), True, ())
    cache = BatchCache.open(str(path), bctx, catalog) if use_cache else None
    rows = list(stream_units(str(path), catalog, jobs=jobs, cache=cache, **ctx))
    return rows, cache


def _json(report_rows):
    report = collect(iter(report_rows))
    try:
        from ntm_eval.render.batch.jsonout import render

        import io

        buf = io.StringIO()
        render(report, buf, "vi")
        return json.loads(buf.getvalue())
    finally:
        report.close()


def _summary(rows):
    return [(r.source, r.index, r.name, r.status, r.passed, r.total, r.statuses, r.bases,
             tuple(p.key for p in r.problems)) for r, _ in rows]


def test_warm_run_reads_every_unit_from_the_cache_and_says_the_same(tmp_path):
    d = _district(tmp_path)
    cold, c1 = _run(d)
    assert c1 is not None and c1.hits == 0 and c1.misses == len(cold)
    warm, c2 = _run(d)
    assert c2.hits == len(cold) and c2.misses == 0
    assert _summary(warm) == _summary(cold)
    assert _json(warm) == _json(cold)


def test_a_changed_member_re_evaluates_the_commune_and_its_district(tmp_path):
    d = _district(tmp_path)
    _run(d)
    f = d / "xa" / "son-binh-2024.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("year: 2024", "year: 2024\n# sửa", 1), encoding="utf-8")
    warm, cache = _run(d)
    assert cache.misses == 2, "the commune itself and the district file that reads it as a member"
    fresh, _ = _run(d, use_cache=False)
    assert _summary(warm) == _summary(fresh)


def test_a_changed_value_changes_the_result_not_only_the_hash(tmp_path):
    d = tmp_path / "u"
    d.mkdir()
    shutil.copy(EXAMPLES / "demo" / "tutorial-2024.yaml", d / "a.yaml")
    _run(d)
    text = (d / "a.yaml").read_text(encoding="utf-8")
    (d / "a.yaml").write_text(text + "\n# same size? no\n", encoding="utf-8")
    os.utime(d / "a.yaml", ns=(1, 1))  # even with an old modification time: the size differs
    _, cache = _run(d)
    assert cache.misses == 1


def test_same_stamp_but_other_content_is_caught_when_the_stamp_differs(tmp_path):
    d = tmp_path / "u"
    d.mkdir()
    shutil.copy(EXAMPLES / "demo" / "tutorial-2024.yaml", d / "a.yaml")
    _run(d)
    p = d / "a.yaml"
    st0 = p.stat()
    text = p.read_text(encoding="utf-8")
    p.write_text(text.replace("year: 2024", "year: 2023", 1), encoding="utf-8")  # same size
    os.utime(p, ns=(st0.st_atime_ns, st0.st_mtime_ns + 1))
    rows, cache = _run(d)
    assert cache.misses == 1
    fresh, _ = _run(d, use_cache=False)
    assert _summary(rows) == _summary(fresh) != []


def test_a_changed_criteria_file_invalidates_every_entry(tmp_path, crit_dir, data_file):
    for i in range(3):
        data_file(name=f"x{i}.yaml")
    data = tmp_path / "data"

    def run():
        catalog = Catalog([str(crit_dir)])
        ctx = BatchContext((str(crit_dir),))
        cache = BatchCache.open(str(data), ctx, catalog)
        rows = list(stream_units(str(data), catalog, [str(crit_dir)], cache=cache))
        return rows, cache

    run()
    _, warm = run()
    assert warm.hits == 3
    f = crit_dir / "t" / "xa-ntm.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    _, after = run()
    assert after.hits == 0 and after.misses == 3


def test_options_are_part_of_the_key(tmp_path):
    d = _district(tmp_path)
    _run(d)
    _, other_year = _run(d, year=2023)
    assert other_year.hits == 0


def test_a_corrupt_entry_is_ignored_and_rebuilt(tmp_path, _own_cache):
    d = _district(tmp_path)
    cold, _ = _run(d)
    entries = list(_own_cache.glob("*.rows"))
    assert len(entries) == 1
    entries[0].write_bytes(b"\x80\x05garbage")
    warm, cache = _run(d)
    assert cache.hits == 0 and _summary(warm) == _summary(cold)
    _, again = _run(d)
    assert again.hits == len(cold)


def test_a_cache_folder_others_can_write_is_not_used(tmp_path, _own_cache):
    _own_cache.mkdir(parents=True)
    os.chmod(_own_cache, 0o777)
    d = _district(tmp_path)
    rows, cache = _run(d)
    assert cache is None and rows
    assert list(_own_cache.iterdir()) == []


def test_an_entry_others_can_write_is_not_trusted(tmp_path, _own_cache):
    d = _district(tmp_path)
    _run(d)
    (entry,) = _own_cache.glob("*.rows")
    os.chmod(entry, stat.S_IMODE(entry.stat().st_mode) | stat.S_IWOTH)
    _, cache = _run(d)
    assert cache.hits == 0


def test_parallel_workers_with_the_cache_give_the_same_rows(tmp_path):
    d = _district(tmp_path)
    fresh, _ = _run(d, use_cache=False)
    _run(d, jobs=2)
    f = d / "xa" / "khun-ha-2024.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    mixed, cache = _run(d, jobs=2)
    assert 0 < cache.misses < len(fresh)
    assert _summary(mixed) == _summary(fresh)


def test_cli_no_cache_writes_no_entry_and_the_default_run_does(tmp_path, _own_cache):
    d = _district(tmp_path)
    runner = CliRunner()
    out1 = tmp_path / "a.json"
    r = runner.invoke(main_group, ["batch", str(d), "--no-cache", "-o", str(out1)])
    assert r.exit_code in (0, 1), r.output
    assert not _own_cache.exists() or list(_own_cache.glob("*.rows")) == []
    out2, out3 = tmp_path / "b.json", tmp_path / "c.json"
    for out in (out2, out3):
        r = runner.invoke(main_group, ["batch", str(d), "-o", str(out)])
        assert r.exit_code in (0, 1), r.output
    assert len(list(_own_cache.glob("*.rows"))) == 1
    a, b, c = (json.loads(p.read_text(encoding="utf-8")) for p in (out1, out2, out3))
    assert a == b == c


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(tmp_path / "x"))
    assert cache_dir() == str(tmp_path / "x")
    monkeypatch.delenv("NTM_EVAL_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == os.path.join(str(tmp_path / "xdg"), "ntm-eval", "batch")


EDIT = st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["'86,5'", "40", "null", "đạt", "["])), max_size=6)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDIT)
def test_cached_runs_equal_fresh_runs_after_any_edits(tmp_path_factory, edits):
    """Whatever sequence of edits (valid values, wrong ones, broken YAML), a run with the cache
    gives the rows a run without it gives."""
    d = tmp_path_factory.mktemp("edits")
    base = (EXAMPLES / "demo" / "tutorial-2024.yaml").read_text(encoding="utf-8")
    assert '"3.2": "71,3"' in base
    for i in range(4):
        (d / f"x{i}.yaml").write_text(base, encoding="utf-8")
    _run(d)
    for i, value in edits:
        p = d / f"x{i}.yaml"
        lines = [ln for ln in p.read_text(encoding="utf-8").splitlines() if not ln.startswith('  "3.2":')]
        at = next(n for n, ln in enumerate(lines) if ln.startswith("values:")) + 1
        lines.insert(at, f'  "3.2": {value}')
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        cached, _ = _run(d)
        fresh, _ = _run(d, use_cache=False)
        assert _summary(cached) == _summary(fresh)


def test_rows_without_detail_say_the_same_and_are_smaller(tmp_path):
    """`detail=False` (every format but HTML) drops only the drill-down figures: the JSON report
    is the same, the rows are smaller (they are spooled, cached and sent between processes)."""
    import pickle

    from ntm_eval.run.batch import run_batch

    d = _district(tmp_path)
    full = list(stream_units(str(d), Catalog()))
    lean = list(stream_units(str(d), Catalog(), detail=False))
    assert all(r.indicators for r, _ in full if r.status) and not any(r.indicators for r, _ in lean)
    assert _json(full) == _json(lean)
    rows = lambda stream: pickle.dumps([r for r, _ in stream])  # noqa: E731
    assert len(rows(lean)) < 0.75 * len(rows(full))
    rep = run_batch(str(d), detail=False)
    with rep:
        assert all(not r.indicators for r in rep.rows)


# --- the whole report, when nothing changed --------------------------------------------------------

def _cli(*args: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "ntm_eval", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ})


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "html"])
def test_an_unchanged_batch_writes_the_same_report_and_says_the_same(tmp_path, fmt, _own_cache):
    d = _district(tmp_path)
    (d / "xa" / "broken.yaml").write_text("unit: {name: Hỏng\n", encoding="utf-8")  # a located error, exit 2
    outs = [tmp_path / f"r{i}.{fmt}" for i in range(3)]
    runs = [_cli("batch", str(d), "-o", str(o)) for o in outs]
    assert {r.returncode for r in runs} == {2}, runs[0].stderr
    strip = [r.stderr.replace(str(o), "OUT") for r, o in zip(runs, outs)]
    assert strip[0] == strip[1] == strip[2] and "broken.yaml" in strip[0]
    if fmt != "xlsx":  # a workbook stores the time it was written
        assert outs[0].read_bytes() == outs[1].read_bytes() == outs[2].read_bytes()
    assert len(list(_own_cache.glob("*.out"))) == 1


def test_a_change_after_the_report_was_kept_gives_a_new_report(tmp_path):
    d = _district(tmp_path)
    out = tmp_path / "r.json"
    assert _cli("batch", str(d), "-o", str(out)).returncode in (0, 1)
    before = json.loads(out.read_text(encoding="utf-8"))
    f = d / "xa" / "son-binh-2024.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("name: Sơn Bình", "name: Sơn Bình Mới", 1), encoding="utf-8")
    assert _cli("batch", str(d), "-o", str(out)).returncode in (0, 1)
    after = json.loads(out.read_text(encoding="utf-8"))
    names = lambda rep: sorted(u["name"] for s in rep["sets"] for u in s["units"])  # noqa: E731
    assert "Sơn Bình Mới" in names(after) and "Sơn Bình Mới" not in names(before)
    fresh = tmp_path / "fresh.json"
    assert _cli("batch", str(d), "--no-cache", "-o", str(fresh)).returncode in (0, 1)
    assert json.loads(fresh.read_text(encoding="utf-8")) == after


def test_a_new_file_in_the_folder_is_not_missed(tmp_path):
    d = _district(tmp_path)
    out = tmp_path / "r.json"
    _cli("batch", str(d), "-o", str(out))
    shutil.copy(d / "xa" / "khun-ha-2024.yaml", d / "xa" / "khun-ha-copy.yaml")
    _cli("batch", str(d), "-o", str(out))
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert rep["summary"]["units"] == 15, rep["summary"]


def test_a_tampered_kept_report_is_not_used(tmp_path, _own_cache):
    d = _district(tmp_path)
    out = tmp_path / "r.json"
    _cli("batch", str(d), "-o", str(out))
    good = out.read_bytes()
    (kept,) = _own_cache.glob("*.out")
    kept.write_bytes(good[:-10])  # another size than the one recorded
    _cli("batch", str(d), "-o", str(out))
    assert out.read_bytes() == good


def test_the_kept_report_never_replaces_an_input(tmp_path):
    d = _district(tmp_path)
    out = tmp_path / "r.json"
    _cli("batch", str(d), "-o", str(out))
    member = d / "xa" / "ban-bo-2024.yaml"
    before = member.read_bytes()
    r = _cli("batch", str(d), "--format", "json", "-o", str(member))
    assert r.returncode == 2 and member.read_bytes() == before


def test_a_rerun_with_nothing_changed_writes_the_kept_report_without_evaluating(tmp_path, _own_cache):
    """Proof that the kept report is what the re-run writes: a mark put in the kept copy (same
    size) comes out; after any change the mark is gone (the report is written afresh)."""
    d = _district(tmp_path)
    out = tmp_path / "r.json"
    _cli("batch", str(d), "-o", str(out))
    (kept,) = _own_cache.glob("*.out")
    text = kept.read_text(encoding="utf-8")
    assert '"Khun Há"' in text
    kept.write_text(text.replace('"Khun Há"', '"KHUN HÁ"'), encoding="utf-8")
    _cli("batch", str(d), "-o", str(out))
    assert '"KHUN HÁ"' in out.read_text(encoding="utf-8")
    f = d / "thi-tran-tam-duong-2024.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _cli("batch", str(d), "-o", str(out))
    assert '"KHUN HÁ"' not in out.read_text(encoding="utf-8") and '"Khun Há"' in out.read_text(encoding="utf-8")


def test_parallel_cached_runs_end(tmp_path):
    """A cold cached run with workers ends (it once hung in Pool.terminate: a worker ran the CLI's
    SIGTERM handler while waiting on the task queue's lock). Run several times, each bounded."""
    d = tmp_path / "u"
    d.mkdir()
    base = (EXAMPLES / "demo" / "tutorial-2024.yaml").read_text(encoding="utf-8")
    for i in range(40):
        (d / f"x{i:02}.yaml").write_text(base, encoding="utf-8")
    for i in range(4):
        shutil.rmtree(os.environ["NTM_EVAL_CACHE_DIR"], ignore_errors=True)
        r = _cli("batch", str(d), "--jobs", "2", "-o", str(tmp_path / f"r{i}.json"))
        assert r.returncode in (0, 1), r.stderr
