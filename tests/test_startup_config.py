"""run/compiled.PyprojectMemo, io/config.find_config's memo of table-less pyproject.toml files: the same bytes are not parsed again,
and any other content (bad TOML, a [tool.ntm-eval] table) is parsed and found as before."""

from __future__ import annotations

import tomllib

import pytest

from ntm_eval.errors import InputError
from ntm_eval.io import config
from ntm_eval.run import compiled

MEMO = compiled.PyprojectMemo()


@pytest.fixture()
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_EVAL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NTM_EVAL_SET_CACHE", raising=False)
    monkeypatch.setattr(compiled, "_MEMO", [])
    proj = tmp_path / "proj"
    proj.mkdir()
    return proj


def _forget(monkeypatch):
    monkeypatch.setattr(compiled, "_MEMO", [])  # as a new process: the memo is read from the cache folder


def test_same_bytes_are_not_parsed_again(fresh, monkeypatch):
    (fresh / "pyproject.toml").write_text('[tool.black]\nline-length = 100\n', encoding="utf-8")
    assert config.find_config(str(fresh), memo=MEMO).path is None
    _forget(monkeypatch)

    def boom(*a, **k):
        raise AssertionError("parsed again")

    monkeypatch.setattr(tomllib, "loads", boom)
    assert config.find_config(str(fresh), memo=MEMO).path is None


def test_changed_content_is_parsed(fresh, monkeypatch):
    py = fresh / "pyproject.toml"
    py.write_text('[tool.black]\nline-length = 100\n', encoding="utf-8")
    assert config.find_config(str(fresh), memo=MEMO).path is None
    _forget(monkeypatch)
    py.write_text('[tool.black\nline-length = 100\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        config.find_config(str(fresh), memo=MEMO)
    assert exc.value.problems[0].key == "config.bad_toml"
    _forget(monkeypatch)
    py.write_text('[tool.ntm-eval]\nlang = "en"\n', encoding="utf-8")
    got = config.find_config(str(fresh), memo=MEMO)
    assert got.path == str(py) and got.lang == "en"


def test_off_writes_nothing(fresh, monkeypatch, tmp_path):
    monkeypatch.setenv("NTM_EVAL_SET_CACHE", "off")
    (fresh / "pyproject.toml").write_text('[tool.black]\n', encoding="utf-8")
    assert config.find_config(str(fresh), memo=MEMO).path is None
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob(compiled._MEMO_NAME))


def test_bad_utf8_is_a_located_error(fresh):
    (fresh / "pyproject.toml").write_bytes(b'[tool.black]\nx = "\xff"\n')
    with pytest.raises(InputError) as exc:
        config.find_config(str(fresh), memo=MEMO)
    assert exc.value.problems[0].key == "config.bad_toml"


def test_without_memo_the_file_is_always_parsed(fresh, monkeypatch):
    (fresh / "pyproject.toml").write_text('[tool.black]\n', encoding="utf-8")
    assert config.find_config(str(fresh), memo=MEMO).path is None
    _forget(monkeypatch)
    calls = []
    real = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert config.find_config(str(fresh)).path is None and calls == [1]
