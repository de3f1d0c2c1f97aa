"""Rewrite the stored expected outputs under tests/data/expected/ from the current renderers.

    python tests/data/expected/regenerate.py [pytest arguments, e.g. -k tam-duong]

ONLY REGENERATE WHEN AN OUTPUT CHANGE IS INTENDED, and then review the diff before committing it:
these files are what the tests hold the batch table, workbook, PDF and Word reports to — they
were written when frozen copies of the renderers as they were before (since removed) gave the
very same outputs, so a test failing against them means the output changed. Regenerating to make
a failing test pass, without knowing why it failed, throws that check away.

It runs the tests that compare with stored files (tests/test_x_xlsx_same.py,
tests/test_t_same_output.py, tests/test_d_same_output.py, tests/test_d_text.py) with
NTM_EVAL_REGENERATE_EXPECTED=1: each stored file (tests/_helpers.py, `stored`) is written from
what the renderer gives, only where it differs, then read back and compared as usual. It then
shows what changed (git status); review it with

    git diff --stat tests/data/expected
    git diff --text tests/data/expected              # the .json and plain files
    for f in $(git diff --name-only tests/data/expected | grep '\\.gz$'); do
        diff <(git show HEAD:$f | zcat) <(zcat $f); done  # the gzip-compressed ones

The .gz files are gzip without a time stamp (the same text gives the same bytes). A change of
openpyxl, python-docx, pypdf, rich or fpdf2 may change them too (their templates, text
extraction, layout): regenerate then as well, and read the diff to see that it is theirs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[2]
MODULES = ["test_x_xlsx_same.py", "test_t_same_output.py", "test_d_same_output.py", "test_d_text.py"]


def main(argv: list[str]) -> int:
    env = {**os.environ, "NTM_EVAL_REGENERATE_EXPECTED": "1"}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *(str(TESTS / m) for m in MODULES), *argv]
    code = subprocess.call(cmd, cwd=str(TESTS.parent), env=env)
    subprocess.call(["git", "status", "--short", "--", str(TESTS / "data" / "expected")], cwd=str(TESTS.parent))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
