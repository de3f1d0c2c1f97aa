"""What the start-up savings rest on (bench/startup.py): each shortcut gives what the long way gives."""

from __future__ import annotations

import gc
import json
import re

import pytest

from ntm_eval import cli, entry
from ntm_eval.commands.check import FORMATS
from ntm_eval.io.output import format_for
from ntm_eval.messages import CATALOG


def test_click_words_answered_without_the_catalogue_have_no_translation():
    english = {en for key, (_vi, en) in CATALOG.items() if key.startswith("cli.click.")}
    assert not cli._AS_IS & english
    cli.LANGUAGE.start(["check", "x.yaml"])
    assert all(cli._vi(w) == w for w in cli._AS_IS)


@pytest.mark.parametrize("given", [None, *FORMATS])
def test_check_without_output_takes_the_format_format_for_gives(given):
    assert format_for(None, given, "table", FORMATS) == (given or "table", None)


def test_the_lazy_pattern_is_the_pattern():
    lazy = entry._LazyPattern(entry._NON_PRINTABLE, 0, re.compile)
    real = re.compile(entry._NON_PRINTABLE)
    for text in ["abc", "a\x00b", "tiếng Việt \ufffe", "\x85ok\x7f", "\U0001F600", ""]:
        assert (lazy.search(text) and lazy.search(text).span()) == (real.search(text) and real.search(text).span())
    assert lazy.pattern == real.pattern and repr(lazy) == repr(real)


def test_yaml_reader_pattern_is_the_one_entry_defers():
    import yaml.reader

    assert yaml.reader.Reader.NON_PRINTABLE.pattern == entry._NON_PRINTABLE


def test_imports_done_turns_the_collector_on_only_if_main_stopped_it(monkeypatch):
    assert gc.isenabled()
    entry.imports_done()  # not paused: nothing to do
    assert gc.isenabled()
    monkeypatch.setattr(entry, "_GC_PAUSED", [True])
    gc.disable()
    try:
        entry.imports_done()
        assert gc.isenabled() and entry._GC_PAUSED == []
    finally:
        gc.unfreeze()
        gc.enable()


def test_configuration_read_once_per_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ntm-eval.toml").write_text('lang = "en"\n', encoding="utf-8")
    cli.LANGUAGE.start(["check", "x.yaml"])
    first = cli.LANGUAGE.config()
    (tmp_path / "ntm-eval.toml").write_text('lang = "vi"\n', encoding="utf-8")
    assert cli.LANGUAGE.config() is first and cli.LANGUAGE.lang == "en"
    cli.LANGUAGE.start(["check", "x.yaml"])  # a new run reads it again
    assert cli.LANGUAGE.config().lang == "vi"


def test_a_broken_configuration_is_the_same_error_each_time(tmp_path, monkeypatch):
    from ntm_eval.errors import InputError

    monkeypatch.chdir(tmp_path)
    (tmp_path / "ntm-eval.toml").write_text("lang = [\n", encoding="utf-8")
    cli.LANGUAGE.start(["check", "x.yaml"])
    for _ in range(2):
        with pytest.raises(InputError) as got:
            cli.LANGUAGE.config()
        assert got.value.problems[0].key == "config.bad_toml"
    assert cli.LANGUAGE.lang == "vi"


# --- the units cache: codes in small buckets (load/adminunits.py) ---------------------------

au = pytest.importorskip("ntm_eval.load.adminunits")
needs_data = pytest.mark.skipif(not au.available(), reason="vietnamadminunits not installed")


def _fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(au, "_MAPS", {})


@needs_data
def test_codes_read_from_buckets_are_the_dataset_codes(monkeypatch, tmp_path):
    _fresh(monkeypatch, tmp_path)
    built = au.get_map("old")  # first use: built from the dataset, cache written
    monkeypatch.setattr(au, "_MAPS", {})
    cached = au.get_map("old")  # from the cache
    rows = au._rows("old")
    for code in {r[6] for r in rows[::97] if r[6]} | {r[4] for r in rows[::301] if r[4]}:
        assert cached.by_code.get(code) == built.by_code.get(code) and cached.by_code.get(code) is not None
    for code in ("99999", "00000", "../x", "", "1", 12):
        assert cached.by_code.get(code) == built.by_code.get(code)


@needs_data
def test_a_lost_or_corrupt_bucket_is_rebuilt_not_believed(monkeypatch, tmp_path):
    _fresh(monkeypatch, tmp_path)
    rows = au._rows("old")
    code = next(r[6] for r in rows if r[6])
    au.get_map("old")
    path = au._cache_path("old", au._bucket(code))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("{not json")
    monkeypatch.setattr(au, "_MAPS", {})
    assert au.get_map("old").by_code.get(code).code == code
    with open(path, encoding="utf-8") as fh:
        assert code in json.load(fh)  # written again
    import os

    os.remove(au._cache_path("old", f"p{next(r[2] for r in rows if r[6] == code)}"))
    monkeypatch.setattr(au, "_MAPS", {})
    assert au.get_map("old").by_code.get(code).code == code
