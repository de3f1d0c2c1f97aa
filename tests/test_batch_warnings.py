"""What `check` warns about a unit, `batch` says too (new-user report): a folder's unit files
get their own warnings (an unknown province, verdicts nobody attests), named by file; a sheet's
verdicts given with no attesting body are summed up once per sheet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from ntm_eval.cli import main_group

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _batch(path: Path, out: Path, *extra: str):
    r = CliRunner().invoke(main_group, ["batch", str(path), "--format", "json", "-o", str(out), "--no-cache", *extra])
    return r, json.loads(out.read_text(encoding="utf-8"))


def test_a_unit_files_warnings_reach_the_batch(tmp_path):
    d = tmp_path / "xa"
    d.mkdir()
    shutil.copy(EXAMPLES / "demo" / "xac-nhan-2021.yaml", d)
    r, rep = _batch(d, tmp_path / "r.json")
    codes = {w["code"] for w in rep["warnings"]}
    assert "data.unsourced_verdicts" in codes, rep["warnings"]
    assert all(w["file"].endswith("xac-nhan-2021.yaml") for w in rep["warnings"])
    assert "không ghi cơ quan xác nhận" in r.output  # stderr: said as check says it


def test_a_sheets_unattested_verdicts_are_said_once(tmp_path):
    sheet = tmp_path / "tong-hop.csv"
    sheet.write_text("Tên xã,Vùng,Năm,TC1 Quy hoạch,2.1,5,Tiêu chí 6\n"
                     "Minh Họa,btb,2024,Đạt,96,Đạt,Chưa đạt\n"
                     "Minh Hòa,btb,2024,Đạt,97,,\n", encoding="utf-8")
    r, rep = _batch(sheet, tmp_path / "r.json", "--set", "demo/xa-ntm-minh-hoa")
    (w,) = [w for w in rep["warnings"] if w["code"] == "sheet.unsourced_verdicts"]
    assert "2 dòng" in w["message"] and "4 kết luận" in w["message"]
    # named: no such warning
    sheet.write_text("Tên xã,Vùng,Năm,TC1 Quy hoạch,Đơn vị xác nhận,Văn bản\n"
                     "Minh Họa,btb,2024,Đạt,Phòng Kinh tế,BB 1/2024\n", encoding="utf-8")
    _, rep = _batch(sheet, tmp_path / "r2.json", "--set", "demo/xa-ntm-minh-hoa")
    assert not [w for w in rep["warnings"] if w["code"] == "sheet.unsourced_verdicts"]


def test_an_unknown_name_is_warned_at_its_line_and_column(tmp_path):
    """“Đai Từ” for “Đại Từ”: the batch says the warning where the name is written (file:line:col),
    as issue 14 asks, and the JSON report gives the line and column; so does `check --format json`."""
    d = tmp_path / "xa"
    d.mkdir()
    f = d / "tan-linh.yaml"
    f.write_text("unit:\n  name: Tân Linh\n  level: xa\n  district: Đai Từ\n  province: Thái Nguyên\n"
                 "  region: tdmnpb\nyear: 2024\ncriteria_set: demo/xa-ntm-minh-hoa\nvalues:\n  \"5\": 36.3\n",
                 encoding="utf-8")
    r, rep = _batch(d, tmp_path / "r.json")
    (w,) = [w for w in rep["warnings"] if w["code"].startswith("units.") and "Đai Từ" in json.dumps(w, ensure_ascii=False)]
    assert (w.get("line"), w.get("col")) == (4, 13), w
    assert f"{f}:4:13: cảnh báo" in r.output, r.output
    c = CliRunner().invoke(main_group, ["check", str(f), "--format", "json"])
    res = json.loads(c.stdout)
    (cw,) = [x for x in res["warnings"] if x["key"].startswith("units.")]
    assert (cw["line"], cw["col"]) == (4, 13)
