"""`--output` never replaces a file the run read, however it is named: the same path, another
spelling, a symbolic link, a hard link (io/output.output_problem compares file identities)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ntm_eval.io.output import output_problem

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "demo" / "tutorial-2024.yaml"


@pytest.fixture
def src(tmp_path: Path) -> Path:
    p = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, p)
    return p


def test_same_path_other_spelling_symlink_and_hard_link_are_refused(tmp_path, src):
    (tmp_path / "sub").mkdir()
    os.symlink(src, tmp_path / "link.yaml")
    os.link(src, tmp_path / "hard.yaml")
    for out in (src, tmp_path / "sub" / ".." / "a.yaml", tmp_path / "link.yaml", tmp_path / "hard.yaml"):
        p = output_problem(str(out), [str(src)])
        assert p is not None and p.key == "cli.output_is_input", out


def test_a_dangling_link_to_a_file_read_is_refused(tmp_path, src):
    os.symlink(tmp_path / "gone.yaml", tmp_path / "dangling.json")
    p = output_problem(str(tmp_path / "dangling.json"), [str(tmp_path / "gone.yaml")])
    assert p is not None and p.key == "cli.output_is_input"


def test_another_file_or_a_new_one_is_fine(tmp_path, src):
    (tmp_path / "other.json").write_text("{}", encoding="utf-8")
    assert output_problem(str(tmp_path / "other.json"), [str(src)]) is None
    assert output_problem(str(tmp_path / "new.json"), [str(src)]) is None


def test_a_file_named_for_a_format_the_command_does_not_write_is_refused(tmp_path):
    """`check -o r.html` would put a text table in a file named .html: refused (exit 2), nothing
    written; `.txt` holds any text format; a suffix that contradicts --format is a clash."""
    from click.testing import CliRunner

    from ntm_eval.cli import main_group

    out = tmp_path / "r.html"
    r = CliRunner().invoke(main_group, ["check", str(EXAMPLE), "-o", str(out)])
    assert r.exit_code == 2 and "html" in r.output and not out.exists()
    r = CliRunner().invoke(main_group, ["check", str(EXAMPLE), "--format", "json", "-o", str(out)])
    assert r.exit_code == 2 and not out.exists()
    txt = tmp_path / "r.txt"
    r = CliRunner().invoke(main_group, ["check", str(EXAMPLE), "-o", str(txt)])
    assert r.exit_code in (0, 1) and txt.exists()
