"""`--jobs` by default (issue 15): every CPU for a batch of PARALLEL_FROM units or more, one process
below (starting workers costs more than a small batch takes); an explicit value always wins."""

from __future__ import annotations

import os

from ntm_eval.commands.common import PARALLEL_FROM, resolve_jobs


def _folder(tmp_path, n):
    d = tmp_path / f"u{n}"
    d.mkdir()
    for i in range(n):
        (d / f"x{i}.yaml").write_text("unit: {name: X}\n", encoding="utf-8")
    return str(d)


def test_explicit_jobs_win(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    small = _folder(tmp_path, 3)
    assert resolve_jobs(1, small) == 1 and resolve_jobs(3, small) == 3 and resolve_jobs(0, small) == 4


def test_default_is_one_process_for_a_small_batch_and_every_cpu_for_a_big_one(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert resolve_jobs(None, _folder(tmp_path, 3)) == 1
    assert resolve_jobs(None, _folder(tmp_path, PARALLEL_FROM)) == 4
    half = PARALLEL_FROM // 2 + 1
    assert resolve_jobs(None, _folder(tmp_path, half), str(tmp_path / f"u{half}")) == 4  # paths add up
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert resolve_jobs(None, str(tmp_path / f"u{PARALLEL_FROM}")) == 1


def test_a_missing_path_counts_nothing(tmp_path):
    assert resolve_jobs(None, str(tmp_path / "nothing")) == 1
