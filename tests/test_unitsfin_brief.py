"""`check --brief` and the data warnings (issue 14). Decision: --brief shortens the *results* (only
what is not met or in conflict), never what is wrong with the *data*: a misspelt district ("Tam
Duong" → "Tam Đường"), an unknown name with the closest official names, an old commune merged
twice are still said, one line each, as the printed brief reports (PDF/DOCX) already do. Errors
are never hidden by --brief (exit 2, the located error on stderr). Writes only in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ntm_eval.cli import main_group
from ntm_eval.load import adminunits as au

pytestmark = pytest.mark.skipif(not au.available(), reason="the units dataset (ntm-eval[units]) is not installed")


def _unit(tmp_path: Path, district: str = "Tam Duong", extra: str = "") -> Path:
    p = tmp_path / "kh.yaml"
    p.write_text(f'unit:\n  name: "Khun Há"\n  level: xa\n  district: "{district}"\n  province: "Lai Châu"\n'
                 f'  region: tdmnpb\n{extra}year: 2024\ncriteria_set: vn/2021-2025/xa-ntm\nvalues:\n  "3.1": 80\n',
                 encoding="utf-8")
    return p


def _check(*args):
    r = CliRunner().invoke(main_group, ["check", *map(str, args)])
    return r.exit_code, r.stdout, r.stderr


def test_the_full_table_says_the_spelling_warning(tmp_path):
    rc, out, _ = _check(_unit(tmp_path))
    assert rc == 1 and "“Tam Đường”, không phải “Tam Duong”" in out


def test_brief_still_says_the_data_warnings(tmp_path):
    rc, out, _ = _check(_unit(tmp_path), "--brief")
    assert rc == 1
    assert "“Tam Đường”, không phải “Tam Duong”" in out
    lines = out.strip().splitlines()
    assert lines[0].startswith("xã Khun Há") and any(line.startswith("Khun Há 2024:") for line in lines)


def test_brief_never_hides_an_error(tmp_path):
    p = _unit(tmp_path, extra='  code: "99999"\n')
    for args in ((p,), (p, "--brief")):
        rc, _, err = _check(*args)
        assert rc == 2 and f"{p}:" in err and "99999" in err


def test_the_printed_brief_report_keeps_the_warnings(tmp_path):
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.render.printed import unit_doc
    from ntm_eval.run.check import check_file

    o = check_file(str(_unit(tmp_path)), Catalog(()))
    doc = unit_doc(o.result, "vi", brief=True)
    assert "Tam Đường" in repr(doc)
