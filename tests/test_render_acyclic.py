"""`batch` pauses the garbage collector while it writes a json, csv, md, html or table report
(commands/batch._ACYCLIC, run/batch.rendering): those renderers must make no reference cycles,
or a province's report would hold its garbage to the end. Each is rendered with the collector
off, then a collection must find nothing. And the collector is as it was after the pause."""

from __future__ import annotations

import gc
import io

import pytest

from _helpers import generated
from ntm_eval.commands.batch import _ACYCLIC
from ntm_eval.load.catalog import Catalog
from ntm_eval.render.batch import render_text
from ntm_eval.run.batch import rendering, run_batch


@pytest.mark.parametrize("fmt", sorted(_ACYCLIC))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_paused_formats_leave_no_cycles(tmp_path, monkeypatch, fmt, lang):
    folder = generated(tmp_path, monkeypatch, 120)
    with run_batch(str(folder), Catalog(), detail=fmt == "html", facts=fmt not in ("json", "csv")) as rep:
        gc.collect()
        was = gc.isenabled()
        gc.disable()
        try:
            buf = io.StringIO()
            render_text(fmt, rep, buf, lang)
            found = gc.collect()
        finally:
            if was:
                gc.enable()
    assert buf.getvalue()
    assert found == 0, f"{fmt}: {found} objects in reference cycles"


@pytest.mark.parametrize("pause", [True, False])
def test_the_collector_is_as_it_was_after_rendering(pause):
    assert gc.isenabled()
    with rendering(pause):
        assert gc.isenabled() is not pause
    assert gc.isenabled() and not gc.get_freeze_count()
    gc.disable()
    try:
        with rendering(pause):
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
