"""Every official commune, under its own district and province, is taken without a word — the
units check must never warn about a name that is right (a commune whose name differs from another
of its province only in its marks, "Tiên Phong" in Ba Vì and "Tiền Phong" in Mê Linh, was told it
is spelt wrong)."""

from __future__ import annotations

import pytest

from ntm_eval.io.yamlload import Doc
from ntm_eval.load import adminunits as au
from ntm_eval.load.adminunits_check import check_unit

pytestmark = pytest.mark.skipif(not au.available(), reason="the units dataset is not installed")


def _said(unit: dict, date: str) -> list:
    problems: list = []
    warnings: list = []
    check_unit(Doc("x.yaml", {"unit": unit}), unit, date, problems, warnings)
    return [(p.key, p.params) for p in problems + warnings]


def test_every_commune_of_the_old_map_is_taken_as_written():
    old = au.get_map("old")
    said, n = [], 0
    for pcode, units in sorted(old.communes.items()):
        prov = old.by_code[pcode]
        for lst in units.values():
            for u in lst:
                n += 1
                out = _said({"name": u.short, "level": "xa", "district": u.district, "province": prov.short},
                            "2024-12-31")
                if out:
                    said.append((u.short, u.district, prov.short, out))
    assert n > 9000
    assert not said, said[:5]


def test_every_commune_of_the_new_map_is_taken_as_written():
    new = au.get_map("new")
    said, n = [], 0
    for pcode, units in sorted(new.communes.items()):
        prov = new.by_code[pcode]
        for lst in units.values():
            for u in lst:
                n += 1
                out = _said({"name": u.short, "level": "xa", "province": prov.short}, "2026-06-30")
                if out:
                    said.append((u.short, prov.short, out))
    assert n > 3000
    assert not said, said[:5]


def test_the_marks_decide_between_two_communes_of_a_province():
    """Hà Nội has a Tiên Phong (Ba Vì) and two Tiền Phong (Mê Linh, Thường Tín)."""
    assert _said({"name": "Tiên Phong", "level": "xa", "district": "Ba Vì", "province": "Hà Nội"}, "2024-12-31") == []
    assert _said({"name": "Tiền Phong", "level": "xa", "district": "Mê Linh", "province": "Hà Nội"}, "2024-12-31") == []
    (said,) = _said({"name": "Tiền Phong", "level": "xa", "district": "Ba Vì", "province": "Hà Nội"}, "2024-12-31")
    assert said[0] == "units.spelling" and said[1]["official"] == "Tiên Phong"


def test_two_districts_of_one_name():
    """Hà Tĩnh has Thị xã Kỳ Anh and Huyện Kỳ Anh: a commune of either is taken under its own
    district, or under the bare name; under the other district it is warned about."""
    old = au.get_map("old")
    (town,) = [u for lst in old.communes["42"].values() for u in lst if u.short == "Hưng Trí"]
    assert town.district == "Thị xã Kỳ Anh"
    assert _said({"name": "Hưng Trí", "level": "phuong", "district": "Thị xã Kỳ Anh", "province": "Hà Tĩnh"},
                 "2024-12-31") == []
    assert _said({"name": "Hưng Trí", "level": "phuong", "district": "Kỳ Anh", "province": "Hà Tĩnh"},
                 "2024-12-31") == []
    (said,) = _said({"name": "Hưng Trí", "level": "phuong", "district": "Huyện Kỳ Anh", "province": "Hà Tĩnh"},
                    "2024-12-31")
    assert said[0] == "units.commune_district"
