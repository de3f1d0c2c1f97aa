"""The quick way of a re-run (issue 15, run/cache.py `quick_report`): when nothing a kept report
stands on changed, `batch` writes it again before the catalog, the YAML loader or the engine are
imported — and never when anything differs (a unit file, even with its time set back, a file
added or removed, a criteria file, an option), nor from a table that is corrupt or others' to write."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm_eval.load.catalog import Catalog
from ntm_eval.run.batch import iter_tasks
from ntm_eval.run.cache import catalog_dirs, walk_units

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# run the CLI and say on stderr's last line which heavy modules the process imported
PROBE = ("import atexit, sys\n"
         "atexit.register(lambda: sys.stderr.write('\\nIMPORTED ' + ' '.join(sorted(m for m in "
         "('yaml', 'ntm_eval.io.yamlload', 'ntm_eval.core.engine', 'ntm_eval.load.catalog', 'ntm_eval.run.batch') "
         "if m in sys.modules)) + '\\n'))\n"
         "from ntm_eval.entry import main\nsys.argv[0] = 'ntm-eval'\nmain()\n")


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ})


def _entry_preloads_yaml() -> bool:
    """The entry point imports PyYAML itself before any command (a start-up change of its own)."""
    import ntm_eval.entry

    return hasattr(ntm_eval.entry, "_import_yaml")


def _imported(r: subprocess.CompletedProcess) -> list[str]:
    """The heavy modules the run imported (PyYAML left out when the entry point preloads it)."""
    last = r.stderr.rstrip("\n").rsplit("\n", 1)[-1]
    assert last.startswith("IMPORTED"), r.stderr
    return [m for m in last.split()[1:] if not (m == "yaml" and _entry_preloads_yaml())]


def _said(r: subprocess.CompletedProcess) -> str:
    return r.stderr.rstrip("\n").rsplit("\n", 1)[0]


def _age(folder: Path, seconds: int = 60) -> None:
    """Every file modified a while ago: a stamp taken just after a write is racy, never trusted."""
    past = time.time() - seconds
    for p in [folder, *folder.rglob("*")]:
        os.utime(p, (past, past))


def _district(tmp_path: Path) -> Path:
    d = tmp_path / "tam-duong"
    shutil.copytree(EXAMPLES / "tam-duong", d)
    _age(d)
    return d


def _kept(cache: Path) -> Path:
    """The report kept last (another context leaves its own entries)."""
    return max(cache.glob("*.out"), key=lambda p: p.stat().st_mtime_ns)


def _mark(cache: Path) -> None:
    """Put a mark in the kept copy (same size): a report that shows it was written from the copy."""
    kept = _kept(cache)
    text = kept.read_text(encoding="utf-8")
    assert '"Khun Há"' in text
    kept.write_text(text.replace('"Khun Há"', '"KHUN HÁ"'), encoding="utf-8")


@pytest.fixture
def cache_dir_(monkeypatch, tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("quick-cache") / "c"
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(d))
    return d


def test_an_unchanged_rerun_imports_neither_engine_nor_loader_and_says_the_same(tmp_path, cache_dir_):
    d = _district(tmp_path)
    (d / "xa" / "broken.yaml").write_text("unit: {name: Hỏng\n", encoding="utf-8")
    _age(d)
    out = tmp_path / "r.json"
    cold = _cli("batch", str(d), "-o", str(out))
    assert cold.returncode == 2 and "ntm_eval.core.engine" in _imported(cold)
    first = out.read_bytes()
    warm = _cli("batch", str(d), "-o", str(out))
    assert warm.returncode == 2
    assert _imported(warm) == [], "the quick way imports no engine, YAML loader, catalog or batch runner"
    assert _said(warm) == _said(cold) and "broken.yaml" in _said(warm)
    assert out.read_bytes() == first
    assert len(list(cache_dir_.glob("*.q"))) == 1


def _fresh(d: Path, tmp_path: Path, *args: str) -> bytes:
    out = tmp_path / "fresh.json"
    r = _cli("batch", str(d), "--no-cache", *args, "-o", str(out))
    assert r.returncode in (0, 1, 2), r.stderr
    return out.read_bytes()


def _changes():
    def content_same_stamp(d: Path) -> None:  # same size, modification time set back: the change time tells
        f = d / "xa" / "son-binh-2024.yaml"
        st0 = f.stat()
        text = f.read_text(encoding="utf-8")
        assert "name: Sơn Bình" in text
        f.write_text(text.replace("name: Sơn Bình", "name: Sơn Bìnk", 1), encoding="utf-8")
        os.utime(f, ns=(st0.st_atime_ns, st0.st_mtime_ns))
        assert f.stat().st_size == st0.st_size

    def added(d: Path) -> None:
        shutil.copy(d / "xa" / "khun-ha-2024.yaml", d / "xa" / "khun-ha-copy.yaml")

    def removed(d: Path) -> None:
        (d / "xa" / "ban-bo-2024.yaml").unlink()

    def renamed(d: Path) -> None:
        os.replace(d / "xa" / "ban-bo-2024.yaml", d / "xa" / "ban-bo-2025.yaml")

    return {"content_same_stamp": content_same_stamp, "added": added, "removed": removed, "renamed": renamed}


@pytest.mark.parametrize("change", sorted(_changes()))
def test_any_change_to_the_unit_files_is_never_answered_from_the_kept_report(tmp_path, cache_dir_, change):
    d = _district(tmp_path)
    out = tmp_path / "r.json"
    _cli("batch", str(d), "-o", str(out))
    _mark(cache_dir_)
    _changes()[change](d)
    r = _cli("batch", str(d), "-o", str(out))
    assert r.returncode in (0, 1, 2), r.stderr
    assert json.loads(out.read_bytes()) == json.loads(_fresh(d, tmp_path))


def test_a_criteria_file_added_or_changed_is_never_answered_from_the_kept_report(tmp_path, cache_dir_):
    d = _district(tmp_path)
    crit = tmp_path / "crit"
    crit.mkdir()
    out = tmp_path / "r.json"
    _cli("batch", str(d), "--criteria", str(crit), "-o", str(out))
    _mark(cache_dir_)
    r = _cli("batch", str(d), "--criteria", str(crit), "-o", str(out))
    assert _imported(r) == [] and '"KHUN HÁ"' in out.read_text(encoding="utf-8")
    demo = (Path(__file__).resolve().parent.parent / "criteria" / "demo" / "xa-ntm-minh-hoa.yaml").read_text(
        encoding="utf-8")
    (crit / "x").mkdir()
    (crit / "x" / "extra.yaml").write_text(demo.replace("id: demo/xa-ntm-minh-hoa", "id: x/extra", 1),
                                           encoding="utf-8")  # a new criteria file the catalog sees
    r = _cli("batch", str(d), "--criteria", str(crit), "-o", str(out))
    assert r.returncode in (0, 1), r.stderr
    assert '"KHUN HÁ"' not in out.read_text(encoding="utf-8")
    _age(crit)
    _cli("batch", str(d), "--criteria", str(crit), "-o", str(out))
    _mark(cache_dir_)
    f = crit / "x" / "extra.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")  # a criteria file changed
    r = _cli("batch", str(d), "--criteria", str(crit), "-o", str(out))
    assert r.returncode in (0, 1), r.stderr
    assert '"KHUN HÁ"' not in out.read_text(encoding="utf-8")


def test_the_quick_way_takes_the_kept_copy_and_options_are_part_of_its_name(tmp_path, cache_dir_):
    d = _district(tmp_path)
    out = tmp_path / "r.json"
    _cli("batch", str(d), "-o", str(out))
    _mark(cache_dir_)
    r = _cli("batch", str(d), "-o", str(out))
    assert _imported(r) == [] and '"KHUN HÁ"' in out.read_text(encoding="utf-8")
    r = _cli("batch", str(d), "--year", "2023", "-o", str(out))
    assert '"KHUN HÁ"' not in out.read_text(encoding="utf-8")
    r = _cli("batch", str(d), "--lang", "en", "-o", str(out))
    assert "ntm_eval.core.engine" in _imported(r)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "others_can_write"])
def test_a_damaged_quick_table_is_ignored_and_rebuilt(tmp_path, cache_dir_, damage):
    d = _district(tmp_path)
    out = tmp_path / "r.json"
    _cli("batch", str(d), "-o", str(out))
    good = out.read_bytes()
    (table,) = cache_dir_.glob("*.q")
    if damage == "truncated":
        table.write_bytes(table.read_bytes()[: table.stat().st_size // 2])
    elif damage == "garbage":
        table.write_bytes(b"\x00garbage")
    else:
        os.chmod(table, stat.S_IMODE(table.stat().st_mode) | stat.S_IWOTH)
    r = _cli("batch", str(d), "-o", str(out))
    assert "ntm_eval.run.batch" in _imported(r), "the long way"
    assert out.read_bytes() == good
    if damage != "others_can_write":
        r = _cli("batch", str(d), "-o", str(out))
        assert _imported(r) == [] and out.read_bytes() == good, "rebuilt by the long way"


def test_the_quick_way_never_writes_over_an_input(tmp_path, cache_dir_):
    d = _district(tmp_path)
    out = tmp_path / "r.json"
    _cli("batch", str(d), "--format", "json", "-o", str(out))
    member = d / "xa" / "ban-bo-2024.yaml"
    link = tmp_path / "link.json"
    os.link(member, link)  # another name of an input
    before = member.read_bytes()
    r = _cli("batch", str(d), "--format", "json", "-o", str(link))
    assert r.returncode == 2 and member.read_bytes() == before


def test_racy_files_take_the_long_way_then_the_quick_one(tmp_path, cache_dir_):
    """Files written just before the run could change again within their time stamp: the first
    re-run hashes them (the long way) and renews the table; once they are old, the quick way."""
    d = tmp_path / "tam-duong"
    shutil.copytree(EXAMPLES / "tam-duong", d, copy_function=shutil.copy)  # modified just now
    out = tmp_path / "r.json"
    _cli("batch", str(d), "-o", str(out))
    good = out.read_bytes()
    r = _cli("batch", str(d), "-o", str(out))
    assert "ntm_eval.run.batch" in _imported(r) and out.read_bytes() == good
    _age(d)  # now old (the change time stays: it is recorded when the long way hashes them again)
    r = _cli("batch", str(d), "-o", str(out))
    assert out.read_bytes() == good
    r = _cli("batch", str(d), "-o", str(out))
    assert _imported(r) == [] and out.read_bytes() == good


def test_catalog_dirs_are_the_catalogs(monkeypatch, tmp_path):
    for env in (None, f"{tmp_path / 'e1'}{os.pathsep}{tmp_path / 'e2'}/"):
        if env is None:
            monkeypatch.delenv("NTM_EVAL_CRITERIA_PATH", raising=False)
        else:
            monkeypatch.setenv("NTM_EVAL_CRITERIA_PATH", env)
        extra = (str(tmp_path / "a") + "/./", "rel/dir", str(tmp_path / "b"))
        assert catalog_dirs(extra) == [str(p) for p in Catalog(extra).dirs]


NAMES = st.sampled_from(["a.yaml", "b.yml", ".h.yaml", "c.txt", "d.YAML", "e.yaml", "z.yml"])
TREE = st.recursive(st.dictionaries(NAMES, st.just(None), max_size=4),
                    lambda kids: st.dictionaries(st.sampled_from(["x", "y", ".hid", "z.yaml", "Q"]), kids,
                                                 max_size=3), max_leaves=12)


def _build(root: Path, tree: dict) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for name, sub in tree.items():
        if sub is None:
            (root / name).write_text("x: 1\n", encoding="utf-8")
        elif isinstance(sub, dict):
            _build(root / name, sub)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=TREE, link=st.booleans())
def test_walk_units_is_iter_tasks(tmp_path_factory, tree, link):
    root = tmp_path_factory.mktemp("tree") / "t"
    _build(root, tree if isinstance(tree, dict) else {})
    if link:
        (root / "linked").symlink_to(root, target_is_directory=True)  # a link to a folder is not entered
        (root / "dangling.yaml").symlink_to(root / "nowhere.yaml")
    for path in (root, *root.rglob("*.y*ml"), root / "missing.yaml"):
        tasks = list(iter_tasks(str(path)))
        # the same unit files, or None where iter_tasks yields anything else (the long way)
        assert walk_units(str(path)) == (tasks if all(isinstance(t, str) for t in tasks) else None)


def test_old_entries_are_swept_and_nothing_else(tmp_path):
    from ntm_eval.run.cache import DAY_S, sweep

    folder = tmp_path / "c"
    folder.mkdir(mode=0o700)
    now = time.time()
    ages = {"a.out": 3, "a.meta": 3, "a.sp": 3, "a.q": 3, "b.out": 1, "b.q": 0, "r.idx": 31, "r.rows": 31,
            "s.idx": 29, ".tmp-x": 2, ".tmp-y": 0, "other.txt": 90}
    for name, days in ages.items():
        (folder / name).write_bytes(b"x")
        os.utime(folder / name, (now - days * DAY_S - 10, now - days * DAY_S - 10))
    (folder / "sets").mkdir()
    assert sweep(str(folder), now) == 7
    assert sorted(p.name for p in folder.iterdir()) == [".tmp-y", "b.out", "b.q", "other.txt", "s.idx", "sets"]


def test_concurrent_runs_each_write_the_report_a_fresh_run_writes(tmp_path, cache_dir_):
    """Runs started together (cold, then after a change: spliced, quick, long way, whichever
    each finds) read only whole entries and each writes the fresh run's report."""
    d = _district(tmp_path)
    fresh = json.loads(_fresh(d, tmp_path))

    def together(tag: str) -> None:
        procs = [subprocess.Popen([sys.executable, "-c", PROBE, "batch", str(d), "--format", "json", "-o",
                                   str(tmp_path / f"{tag}{i}.json")], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, env={**os.environ}) for i in range(3)]
        for p in procs:
            assert p.wait(timeout=120) in (0, 1)
        for i in range(3):
            assert json.loads((tmp_path / f"{tag}{i}.json").read_bytes()) == fresh

    together("cold")
    f = d / "xa" / "son-binh-2024.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("name: Sơn Bình", "name: Sơn Bình Mới", 1), encoding="utf-8")
    fresh = json.loads(_fresh(d, tmp_path))
    together("changed")
    together("again")


def test_a_quick_table_names_its_own_copy_and_is_not_used_without_it(tmp_path, cache_dir_):
    """Each kept copy has its own name, and the quick table names it: a table written by one run
    is never paired with the copy a concurrent run kept for other files."""
    d = _district(tmp_path)
    out = tmp_path / "r.json"
    _cli("batch", str(d), "-o", str(out))
    (table,) = cache_dir_.glob("*.q")
    first = table.read_bytes()
    (copy1,) = cache_dir_.glob("*.out")
    f = d / "xa" / "son-binh-2024.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("name: Sơn Bình", "name: Sơn Bình Mới", 1), encoding="utf-8")
    _age(d)
    _cli("batch", str(d), "-o", str(out))
    (copy2,) = cache_dir_.glob("*.out")
    assert copy2 != copy1 and not copy1.exists()
    table.write_bytes(first)  # the older run's table, last to land: its copy is gone
    r = _cli("batch", str(d), "-o", str(out))
    assert "ntm_eval.run.batch" in _imported(r)
    assert json.loads(out.read_bytes()) == json.loads(_fresh(d, tmp_path))
