"""A batch remembers reading only its report's file (io/files.watch_reads), not every unit file it
reads — and still refuses a report written over a file it read, in the pool workers too."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ntm_eval.cli import main_group
from ntm_eval.io import files

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "demo" / "tutorial-2024.yaml"


@pytest.fixture(autouse=True)
def _unwatched():
    yield
    files.set_watch(None)


def test_only_the_watched_file_is_remembered(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    shutil.copy(EXAMPLE, a)
    shutil.copy(EXAMPLE, b)
    os.link(b, tmp_path / "hard.yaml")
    files.watch_reads([str(tmp_path / "hard.yaml"), None, "-", str(tmp_path / "missing.json")])
    files.note_read(str(a))
    files.note_read(str(b))
    assert os.path.realpath(b) in files.files_read()
    assert os.path.realpath(a) not in files.files_read()
    assert list(files.keep_watched([str(a), str(b)])) == [str(b)]
    files.watch_reads([str(tmp_path / "missing.json")])  # a report not yet written: nothing is
    assert files.watched() == frozenset() and list(files.keep_watched([str(a)])) == []
    files.watch_reads(None)
    assert list(files.keep_watched([str(a)])) == [str(a)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_report_over_a_unit_file_read_is_refused_in_workers_too(tmp_path, jobs):
    folder = tmp_path / "xa"
    folder.mkdir()
    for k in range(4):
        shutil.copy(EXAMPLE, folder / f"x{k}.yaml")
    os.link(folder / "x2.yaml", tmp_path / "report.json")  # the report is a unit file under another name
    before = (folder / "x2.yaml").read_bytes()
    r = CliRunner().invoke(main_group, ["batch", str(folder), "--format", "json", "--no-cache", "--jobs", jobs,
                                        "-o", str(tmp_path / "report.json")])
    assert r.exit_code == 2, r.output
    assert (folder / "x2.yaml").read_bytes() == before
    assert files.watched() is None  # the command's end unwatches (one process, several commands)
    r = CliRunner().invoke(main_group, ["batch", str(folder), "--format", "json", "--no-cache", "--jobs", jobs,
                                        "-o", str(tmp_path / "other.json")])
    assert r.exit_code in (0, 1), r.output  # 1: units not met (the fictional province is warned about)
    assert (tmp_path / "other.json").is_file()
