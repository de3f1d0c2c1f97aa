"""Compiled criteria sets (run/compiled.py): a parsed set is read back from the user's cache
folder only while every key matches — the file's content, the sets it extends, the tool — and a
corrupt entry or a changed parent is never trusted."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import XA_NTM, write
from ntm_eval.commands.common import open_catalog
from ntm_eval.load.catalog import Catalog

CHILD = "schema_version: 1\nid: t/child\ntitle: Bộ con\nextends: t/xa-ntm\n"


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "sets").glob("*.set")) if (cache / "sets").is_dir() else []


def _setup(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    crit, cache = tmp_path / "crit", tmp_path / "cache"
    write(crit / "t" / "xa-ntm.yaml", XA_NTM)
    write(crit / "t" / "child.yaml", CHILD)
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(cache))
    monkeypatch.delenv("NTM_EVAL_SET_CACHE", raising=False)
    return crit, cache


def _shape(cs) -> list:
    return [(c.id, c.title, [(i.id, i.title, repr(i)) for i in c.indicators]) for c in cs.criteria]


def test_second_read_is_the_compiled_entry_and_the_same_set(tmp_path, monkeypatch):
    crit, cache = _setup(tmp_path, monkeypatch)
    first = open_catalog([str(crit)]).get("t/xa-ntm")
    assert len(_entries(cache)) == 1
    stamp = _entries(cache)[0].stat().st_mtime_ns
    again = open_catalog([str(crit)]).get("t/xa-ntm")
    assert _entries(cache)[0].stat().st_mtime_ns == stamp  # read, not written again
    assert _shape(again) == _shape(first) == _shape(Catalog([str(crit)]).get("t/xa-ntm"))


def test_an_edited_set_file_is_parsed_again(tmp_path, monkeypatch):
    crit, cache = _setup(tmp_path, monkeypatch)
    open_catalog([str(crit)]).get("t/xa-ntm")
    write(crit / "t" / "xa-ntm.yaml", XA_NTM.replace("title: Quy hoạch", "title: Quy hoạch sửa"))
    assert open_catalog([str(crit)]).get("t/xa-ntm").criteria[0].title == "Quy hoạch sửa"


def test_a_changed_parent_invalidates_the_child(tmp_path, monkeypatch):
    crit, cache = _setup(tmp_path, monkeypatch)
    assert open_catalog([str(crit)]).get("t/child").criteria[0].title == "Quy hoạch"
    assert len(_entries(cache)) == 2
    write(crit / "t" / "xa-ntm.yaml", XA_NTM.replace("title: Quy hoạch", "title: Quy hoạch mới"))
    assert open_catalog([str(crit)]).get("t/child").criteria[0].title == "Quy hoạch mới"


def test_a_corrupt_or_foreign_entry_is_ignored_and_rebuilt(tmp_path, monkeypatch):
    crit, cache = _setup(tmp_path, monkeypatch)
    want = _shape(open_catalog([str(crit)]).get("t/xa-ntm"))
    (entry,) = _entries(cache)
    for junk in (b"", b"not a pickle", b"\x80\x04K\x01.", entry.read_bytes()[:40]):
        entry.write_bytes(junk)
        assert _shape(open_catalog([str(crit)]).get("t/xa-ntm")) == want
        assert entry.read_bytes() != junk  # rewritten
    os.chmod(cache / "sets", 0o777)  # a folder others may write: its entries are never read
    entry.write_bytes(b"junk")
    assert _shape(open_catalog([str(crit)]).get("t/xa-ntm")) == want


def test_switched_off_writes_nothing(tmp_path, monkeypatch):
    crit, cache = _setup(tmp_path, monkeypatch)
    monkeypatch.setenv("NTM_EVAL_SET_CACHE", "off")
    assert open_catalog([str(crit)]).get("t/child").criteria
    assert _entries(cache) == []


def test_check_output_is_the_same_from_the_compiled_set(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(tmp_path / "cache"))
    ex = str(Path(__file__).resolve().parent.parent / "examples" / "tam-duong" / "xa" / "son-binh-2024.yaml")
    one = run_cli("check", ex, "--format", "json")
    assert _entries(tmp_path / "cache")
    two = run_cli("check", ex, "--format", "json")
    assert (one.exit_code, one.output) == (two.exit_code, two.output)
