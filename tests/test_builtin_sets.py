"""The shipped criteria sets say what the law (as far as the references know it) says.

These tests pin the structure a user relies on — criterion counts as officials count them,
prerequisite chains, the special-commune rule, derived thresholds — and the honesty rules:
official sets carry no fictional value, every known threshold names its source.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from ntm_eval.load.catalog import Catalog
from ntm_eval.model import Const, Derived, Unknown
from ntm_eval.core.thresholds import Context, resolve, unit_class


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return Catalog()


def numbered(cset):
    return [c for c in cset.criteria if not c.precondition]


@pytest.mark.parametrize("set_id, criteria, declared", [
    ("vn/2021-2025/xa-ntm", 19, 57),
    ("vn/2021-2025/xa-ntm-nang-cao", 19, 75),
    ("vn/2021-2025/huyen-ntm", 9, None),
    ("vn/2021-2025/tinh", 8, None),
    ("vn/2022/do-thi-van-minh", 9, None),
    ("vn/2026-2030/xa-ntm", 10, 47),
    ("lai-chau/2023/ban-ntm", 15, None),
    ("yen-bai/2022/thon-ntm", 15, None),
])
def test_criterion_counts_as_officials_count_them(cat, set_id, criteria, declared):
    cset = cat.get(set_id)
    assert len(numbered(cset)) == criteria
    assert [c.id for c in numbered(cset)][:3] == (["T1", "T2", "T3"] if set_id.endswith("tinh") else ["1", "2", "3"])
    if declared:
        assert cset.indicator_count == declared


def test_district_preconditions_are_computed_from_communes(cat):
    h = cat.get("vn/2021-2025/huyen-ntm")
    pre = [c for c in h.criteria if c.precondition]
    assert [c.id for c in pre] == ["P"]
    rules = {i.id: i.from_members for i in pre[0].indicators if i.from_members}
    assert rules["P1"].set_id == "vn/2021-2025/xa-ntm" and rules["P1"].level == "xa"
    assert rules["P2"].set_id == "vn/2021-2025/xa-ntm-nang-cao"
    assert rules["P3"].set_id == "vn/2022/do-thi-van-minh" and rules["P3"].level == "thi_tran"


@pytest.mark.parametrize("set_id, requires", [
    ("vn/2021-2025/xa-ntm-nang-cao", ("vn/2021-2025/xa-ntm",)),
    ("vn/2021-2025/xa-ntm-kieu-mau", ("vn/2021-2025/xa-ntm-nang-cao",)),
    ("vn/2021-2025/huyen-ntm-nang-cao", ()),  # Phụ lục III's preconditions are not known
    ("vn/2026-2030/xa-ntm-hien-dai", ("vn/2026-2030/xa-ntm",)),
])
def test_prerequisite_chains(cat, set_id, requires):
    assert cat.get(set_id).requires == requires


@pytest.mark.parametrize("set_id", ["vn/2021-2025/xa-ntm", "vn/2021-2025/xa-ntm-nang-cao"])
def test_special_commune_rule_changes_on_1_march_2024(cat, set_id):
    cset = cat.get(set_id)
    old = frozenset({"xa_dbkk"})
    new = frozenset({"xa_khu_vuc_ii_iii_dtts_mn"})
    assert unit_class(cset, "dbsh", old, "2024-02-29")[0] == "tdmnpb"
    assert unit_class(cset, "dbsh", old, "2024-03-01")[0] == "dbsh"
    assert unit_class(cset, "dbsh", new, "2024-02-29")[0] == "dbsh"
    assert unit_class(cset, "dbsh", new, "2024-03-01")[0] == "tdmnpb"


def test_2026_groups_use_the_final_numbering(cat):
    cl = cat.get("vn/2026-2030/xa-ntm").classification
    assert cl.key == "group" and list(cl.values) == ["1", "2", "3"]
    assert "khu vực II" in cl.values["3"] and "đô thị" in cl.values["1"]


def test_kieu_mau_income_is_derived_from_nang_cao_not_copied(cat):
    km = cat.get("vn/2021-2025/xa-ntm-kieu-mau")
    inc = km.all_ids()["KM.2"]
    node = inc.thresholds[-1].value
    assert isinstance(node, Derived) and node.set_id == "vn/2021-2025/xa-ntm-nang-cao" and node.factor == 1.1
    ctx = Context(2024, "2024-12-31", "tdmnpb", "tdmnpb")
    # the national nâng cao income is not known, so neither is the kiểu mẫu one
    assert resolve(inc, km, ctx, cat.get).value is None
    # once a (provincial) nâng cao income is known, kiểu mẫu follows at +10%
    nc = cat.get("vn/2021-2025/xa-ntm-nang-cao")
    base = nc.all_ids()["10"]
    filled = replace(base, thresholds=(replace(base.thresholds[-1], op=">=", value=Const(60.0)),))
    nc2 = replace(nc, criteria=tuple(replace(c, indicators=tuple(filled if i.id == "10" else i for i in c.indicators))
                                     for c in nc.criteria))

    def lookup(sid):
        return nc2 if sid == nc.id else cat.get(sid)

    r = resolve(inc, km, ctx, lookup)
    assert r.op == ">=" and r.value == pytest.approx(66.0)


def _all_versions(cset):
    for ind in cset.all_ids().values():
        for v in ind.thresholds:
            yield ind, v


@pytest.mark.parametrize("set_id", sorted(i for i in Catalog().index() if not i.startswith(("demo/", "example/"))))
def test_official_sets_have_no_fictional_values_and_cite_sources(cat, set_id):
    cset = cat.get(set_id)
    assert cset.status in ("official", "provincial")
    for ind, v in _all_versions(cset):
        assert v.confidence != "demo", ind.id
        if not isinstance(v.value, Unknown) and v.op != "unknown":
            assert v.source is not None, f"{set_id} {ind.id}: a known threshold without its source"
            assert v.confidence in ("primary", "secondary", "uncertain"), ind.id


def test_demo_set_is_complete_and_labelled(cat):
    demo = cat.get("demo/xa-ntm-minh-hoa")
    assert demo.status == "demo" and "MINH HỌA" in demo.title.upper()
    assert all(v.confidence == "demo" for _, v in _all_versions(demo))


def test_provincial_example_extends_and_changes_only_what_it_says(cat):
    ex = cat.get("example/thai-nguyen/2022/xa-ntm-nang-cao")
    parent = cat.get(ex.extends)
    assert ex.extends == "vn/2021-2025/xa-ntm-nang-cao" and ex.status == "example"
    changed = [i for i, p in zip(ex.indicators(), parent.indicators()) if i != p]
    assert 1 <= len(changed) <= 3
    assert all(v.confidence == "demo" for i in changed for v in i.thresholds)
    assert len(ex.criteria) == len(parent.criteria)
