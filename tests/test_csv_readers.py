"""The batch CSV reads as it is in the tools officials use (issue 13): Python's csv module and,
where it is installed, pandas.read_csv — the header on the first line, one row per unit, every
row as wide as the header, Vietnamese kept; the caveats go to stderr."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from ntm_eval.cli import main_group

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "tam-duong"


@pytest.fixture
def batch_csv(tmp_path) -> Path:
    out = tmp_path / "tam-duong.csv"
    r = CliRunner().invoke(main_group, ["batch", str(EXAMPLES), "-o", str(out), "--no-cache"])
    assert r.exit_code in (0, 1), r.output
    return out


def test_csv_module_reads_it(batch_csv):
    text = batch_csv.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "STT" and "Tên đơn vị" in rows[0]
    assert all(len(r) == len(rows[0]) for r in rows)
    names = {r[rows[0].index("Tên đơn vị")] for r in rows[1:]}
    assert {"Sơn Bình", "Khun Há", "Bản Bo"} <= names and len(rows) - 1 == 14


def test_pandas_reads_it_as_it_is(batch_csv):
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(batch_csv, encoding="utf-8-sig", dtype=str)
    assert list(df.columns)[0] == "STT" and len(df) == 14
    assert "Thèn Sin" in set(df["Tên đơn vị"])
