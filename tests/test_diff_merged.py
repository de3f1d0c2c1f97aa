"""`diff OLD NEW` where NEW holds units formed on 1/7/2025 (`unit.merged_from`) and OLD their
predecessors' results (core/diff_merged.py, render/diff_merged.py): the merged unit is compared with
its predecessors — never matched by name or code as one of them, never reported as a new unit.
Each test writes only in its own tmp_path.

The example (examples/sau-sap-xep, illustrative figures): Khun Há 03430 = Bản Hon 03421 + Khun Há
03430; Bình Lư 03390 = Thị trấn Tam Đường 03390 + Bình Lư 03412 + Sơn Bình 03413 (the converter of
vietnamadminunits 1.0.4, checked by hand against the statistics office's list)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from ntm_eval.cli import main_group as main
from ntm_eval.core.diff import compare
from ntm_eval.core.diff_snap import SetShape, SetState, UnitSnap
from ntm_eval.load import adminunits as au
from ntm_eval.run.diff import merged_from

ROOT = Path(__file__).resolve().parents[1]
OLD = ROOT / "examples" / "tam-duong"
NEW = ROOT / "examples" / "sau-sap-xep"
needs_data = pytest.mark.skipif(not au.available(), reason="the units dataset (vietnamadminunits) is not installed")


def _diff(old: Path, new: Path, *args: str):
    r = CliRunner().invoke(main, ["diff", str(old), str(new), *args])
    return r


def _json(old: Path, new: Path) -> tuple[int, dict]:
    r = _diff(old, new, "--format", "json")
    return r.exit_code, json.loads(r.stdout)


def _copy_new(tmp_path: Path, edit=None) -> Path:
    d = tmp_path / "new"
    shutil.copytree(NEW, d)
    if edit:
        for f in d.glob("*.yaml"):
            f.write_text(edit(f.name, f.read_text(encoding="utf-8")), encoding="utf-8")
    return d


def _copy_old(tmp_path: Path, drop: tuple[str, ...] = (), edit=None) -> Path:
    d = tmp_path / "old"
    shutil.copytree(OLD, d)
    for name in drop:
        next(d.rglob(name)).unlink()
    if edit:
        for f in d.rglob("*.yaml"):
            f.write_text(edit(f.name, f.read_text(encoding="utf-8")), encoding="utf-8")
    return d


# --- the example -------------------------------------------------------------------------------------

@needs_data
def test_merged_communes_are_compared_with_their_predecessors():
    exit_code, d = _json(OLD, NEW)
    assert exit_code == 0
    merged = {m["name"]: m for m in d["merged"]}
    assert set(merged) == {"Khun Há", "Bình Lư"}
    kh = merged["Khun Há"]
    assert [(p["code"], p["found"], p["old"]["source"].rsplit("/", 1)[-1]) for p in kh["merged_from"]] == [
        ("03421", True, "ban-hon-2024.yaml"), ("03430", True, "khun-ha-2024.yaml")]
    (shared,) = kh["sets"]
    assert shared["criteria_set"] == "vn/2021-2025/xa-ntm" and shared["shared"] is True
    by_id = {c["criterion"]: c for c in shared["criteria"]}
    assert by_id["5"]["met_by"] == ["Xã Bản Hon"] and by_id["5"]["new_status"] == "pass"
    assert [x["name"] for x in by_id["5"]["not_met_by"]] == ["Xã Khun Há"]
    assert by_id["11"]["new_status"] == "fail" and shared["no_longer_met"] == []
    bl = merged["Bình Lư"]
    assert {s["criteria_set"]: s["predecessors"] for s in bl["sets"]} == {
        "vn/2022/do-thi-van-minh": ["Thị trấn Tam Đường"], "vn/2021-2025/xa-ntm": ["Xã Bình Lư", "Xã Sơn Bình"]}
    assert all(not s["shared"] for s in bl["sets"])
    # the predecessors are neither units of one year only nor paired with anything as a unit
    only_old = {(u["name"], u["level"]) for u in d["only_old"]}
    for pred in (("Bản Hon", "xa"), ("Khun Há", "xa"), ("Bình Lư", "xa"), ("Sơn Bình", "xa"), ("Tam Đường", "thi_tran")):
        assert pred not in only_old
    assert ("Tam Đường", "huyen") in only_old
    assert d["only_new"] == [] and d["units"] == []


def test_without_merged_from_the_commune_is_matched_by_name_as_before(tmp_path):
    new = _copy_new(tmp_path, lambda name, s: "\n".join(x for x in s.splitlines() if "merged_from:" not in x) + "\n")
    (new / "binh-lu-2026.yaml").unlink()
    exit_code, d = _json(OLD, new)
    assert d["merged"] == []
    assert [u["name"] for u in d["units"]] == ["Khun Há"]  # Khun Há 2024 alone: Bản Hon is only in 2024
    assert "Bản Hon" in {u["name"] for u in d["only_old"]}


@needs_data
def test_the_text_report_says_it_side_by_side_in_both_languages():
    vi = " ".join(_diff(OLD, NEW).output.split())
    assert "Khun Há, mã 03430, Lai Châu — hợp nhất từ 2 đơn vị cũ: Xã Bản Hon (03421), Xã Khun Há (03430)" in vi
    assert "tiêu chí 5 (Trường học): đạt: Xã Bản Hon; chưa đạt: Xã Khun Há → Khun Há: Đạt" in vi
    assert "trước hợp nhất: Thị trấn Tam Đường (mã 03390), năm 2024, bộ vn/2022/do-thi-van-minh" in vi
    en = " ".join(_diff(OLD, NEW, "--lang", "en").output.split())
    assert "criterion 5 (Schools): met by Xã Bản Hon; not met by Xã Khun Há → Khun Há: Met" in en


@needs_data
@pytest.mark.parametrize("fmt", ["csv", "md", "html"])
def test_the_other_formats_show_the_predecessors(tmp_path, fmt):
    out = tmp_path / f"d.{fmt}"
    r = _diff(OLD, NEW, "--format", fmt, "-o", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8-sig")
    assert "Xã Bản Hon (03421)" in text and "Thị trấn Tam Đường (03390)" in text
    if fmt != "md":  # the units' table (csv, html) has one row per predecessor
        assert "hợp nhất từ Xã Bản Hon (03421)" in text
    if fmt == "csv":
        rows = [line for line in text.splitlines() if line.startswith("hợp nhất,")]
        assert len(rows) == 5  # one per predecessor: 2 + 3


# --- codes, missing predecessors, loss, years ----------------------------------------------------------

@needs_data
def test_a_new_code_equal_to_a_predecessors_old_code_is_no_clash(tmp_path):
    """New Bình Lư took the code 03390 of the old Thị trấn Tam Đường: with codes on both sides the
    merged commune is still compared with all three predecessors (no level-mismatch error)."""
    codes = {"thi-tran-tam-duong-2024.yaml": "03390", "binh-lu-2024.yaml": "03412", "son-binh-2024.yaml": "03413"}

    def add_code(name: str, s: str) -> str:
        return s.replace("unit:\n", f'unit:\n  code: "{codes[name]}"\n', 1) if name in codes else s

    exit_code, d = _json(_copy_old(tmp_path, edit=add_code), NEW)
    assert exit_code == 0
    bl = next(m for m in d["merged"] if m["name"] == "Bình Lư")
    assert [p["found"] for p in bl["merged_from"]] == [True, True, True]
    assert bl["merged_from"][0]["old"]["level"] == "thi_tran"


@needs_data
def test_a_predecessor_missing_from_old_is_said_never_silent(tmp_path):
    old = _copy_old(tmp_path, drop=("ban-hon-2024.yaml",))
    exit_code, d = _json(old, NEW)
    kh = next(m for m in d["merged"] if m["name"] == "Khun Há")
    assert [(p["code"], p["found"]) for p in kh["merged_from"]] == [("03421", False), ("03430", True)]
    assert d["only_new"] == []
    text = " ".join(_diff(old, NEW).output.split())
    assert f"không có kết quả trong {old} của: Xã Bản Hon (03421)" in text


@needs_data
def test_a_criterion_every_predecessor_met_and_the_merged_commune_does_not_is_a_loss(tmp_path):
    def lose_2(name: str, s: str) -> str:
        if name != "khun-ha-2025.yaml":
            return s
        return s.replace('"2":  {verdict: đạt,', '"2":  {verdict: chưa đạt,', 1)

    new = _copy_new(tmp_path, lose_2)
    exit_code, d = _json(OLD, new)
    kh = next(m for m in d["merged"] if m["name"] == "Khun Há")
    assert kh["lost"] is True and kh["sets"][0]["no_longer_met"] == ["2"]
    assert exit_code == 1
    assert "Khun Há không đạt 1 tiêu chí mà mọi đơn vị cũ đều đạt" in " ".join(_diff(OLD, new).output.split())


@needs_data
def test_a_predecessor_of_the_same_year_is_refused(tmp_path):
    def to_2025(name: str, s: str) -> str:
        return s.replace("year: 2024", "year: 2025").replace('date: "2024-', 'date: "2025-') \
            if name in ("ban-hon-2024.yaml",) else s

    old = _copy_old(tmp_path, edit=to_2025)
    new = _copy_new(tmp_path)
    (new / "binh-lu-2026.yaml").unlink()
    r = _diff(old, new)
    assert r.exit_code == 2
    assert "2025" in r.output and "lỗi" in r.output


# --- pure parts -------------------------------------------------------------------------------------

def test_merged_from_as_written_when_the_converter_did_not_confirm_it():
    assert merged_from({"merged_from": ["03413", 3412, "Thị trấn Tam Đường"]}) == (
        ("03413", "", "", "", ""), ("03412", "", "", "", ""), ("", "Thị trấn Tam Đường", "", "", ""))
    assert merged_from({"merged_from_units": [{"code": "03390", "name": "Thị trấn Tam Đường",
                                               "district": "Huyện Tam Đường", "province": "Lai Châu"}],
                        "merged_from": ["x"]}) == (("03390", "Thị trấn Tam Đường", "thi_tran", "Huyện Tam Đường",
                                                    "Lai Châu"),)
    assert merged_from({"name": "A"}) == ()


SHAPE = SetShape("s", "S", None, "ntm", "xa", (("1", "A", None), ("2", "B", None)), frozenset(), ())


def _snap(i: int, name: str, year: int, crit: bytes, code: str | None = None, merged=()) -> UnitSnap:
    from array import array

    state = SetState("s", "pass" if crit == b"\x00\x00" else "fail", crit.count(0), 2, crit, array("d"), b"")
    return UnitSnap(i, f"{name}.yaml", name, "xa", None, "P", code, year, sets=(state,), merged_from=merged)


@given(st.permutations(["Bản Hon", "Khun Há", "Nà Tăm", "Bản Bo"]))
def test_predecessors_found_whatever_the_order_of_the_old_side(names):
    from ntm_eval.vocab import STATUSES

    p, f = bytes([STATUSES.index("pass")]), bytes([STATUSES.index("fail")])
    crit = {"Bản Hon": p + p, "Khun Há": p + f, "Nà Tăm": f + f, "Bản Bo": p + p}
    old = [_snap(i, n, 2024, crit[n]) for i, n in enumerate(names)]
    new = _snap(0, "Khun Há", 2025, p + p, "03430",
                merged=(("03421", "Xã Bản Hon", "xa", "", "P"), ("03430", "Xã Khun Há", "xa", "", "P")))
    r = compare(old, [new], {"s": SHAPE})
    (m,) = r.merged
    assert [u.name for u in m.predecessors] == ["Bản Hon", "Khun Há"]
    assert [c.met_by(m.names(m.sets[0])) for c in m.sets[0].criteria] == [["Xã Bản Hon", "Xã Khun Há"], ["Xã Bản Hon"]]
    assert sorted(u.name for u in r.only_old) == ["Bản Bo", "Nà Tăm"] and not r.units and not r.only_new


def test_a_predecessor_of_two_merged_units_is_warned():
    from ntm_eval.vocab import STATUSES

    p = bytes([STATUSES.index("pass")])
    old = [_snap(0, "Bản Hon", 2024, p + p)]
    pred = (("", "Xã Bản Hon", "xa", "", "P"),)
    new = [_snap(0, "Khun Há", 2025, p + p, merged=pred), _snap(1, "Bản Bo", 2025, p + p, merged=pred)]
    r = compare(old, new, {"s": SHAPE})
    assert [len(m.predecessors) for m in r.merged] == [1, 1]
    (w,) = [n for n in r.notes if n.key == "diff.merged_twice"]
    assert w.severity == "warning" and w.file == "Bản Bo.yaml" and w.params["first"] == "Khun Há"
    assert not r.problems


@needs_data
def test_check_shows_the_predecessors():
    out = " ".join(CliRunner().invoke(main, ["check", str(NEW / "binh-lu-2026.yaml")]).output.split())
    assert "Hợp nhất từ 01/7/2025, gồm: Thị trấn Tam Đường (03390, Huyện Tam Đường); Xã Bình Lư (03412" in out
