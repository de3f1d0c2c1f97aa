"""The province a provincial criteria set is of (`province:` in the set file), checked against the
official units (load/adminunits.py, dataset `vietnamadminunits`).

    province: {code: "15", name: Yên Bái, merged_into: {code: "15", name: Lào Cai}}

`code` is the official two-digit province code (mã tỉnh) of the map the set was issued under: the
63-province map for a set issued before 1/7/2025, the 34-province map after. `merged_into` is
written for a province merged on 1/7/2025 (Nghị quyết 202/2025/QH15): the new province its land
became part of. `ntm-eval validate` checks both against the dataset (`expected`, below); an
evaluation dated from 1/7/2025 with such a set is warned (`merged_warning`, called by
load/unit.py). Rules: docs/provincial-sets.md.
"""

from __future__ import annotations

from typing import Any

from ntm_eval.model import CriteriaSet, ProvinceRef

PROVINCE_KEYS = {"code", "name", "merged_into"}
REF_KEYS = {"code", "name"}


def read_province(parser: Any, top: dict) -> ProvinceRef | None:
    """`province:` of a set file, read by the criteria parser (located problems on `parser`)."""
    if "province" not in top:
        return None
    m = parser.mapping(top["province"], ("province",), PROVINCE_KEYS, ("code", "name"), "province")
    if m is None:
        return None
    ref = _ref(parser, m, ("province",))
    if ref is None:
        return None
    into = None
    if m.get("merged_into") is not None:
        path = ("province", "merged_into")
        mm = parser.mapping(m["merged_into"], path, REF_KEYS, ("code", "name"), "merged_into")
        into = _ref(parser, mm, path) if mm is not None else None
    return ProvinceRef(ref.code, ref.name, into)


def _ref(parser: Any, m: dict, path: tuple) -> ProvinceRef | None:
    code = province_code(m.get("code"))
    if code is None:
        if "code" in m:
            parser.err("schema.bad_province_code", path + ("code",), value=str(m.get("code")))
        return None
    name = parser.text(m, "name", path)
    if not name or not name.strip():
        return None
    return ProvinceRef(code, name.strip())


def province_code(raw: Any) -> str | None:
    """"12", 12, "6" → "12", "12", "06"; None for anything that is not one or two ASCII digits."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int) and 0 <= raw < 100:
        return f"{raw:02d}"
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit() and len(raw.strip()) <= 2:
        return raw.strip().zfill(2)
    return None


def set_era(cset: CriteriaSet) -> str:
    """The map a set was issued under: "new" when it starts on or after 1/7/2025 (by `valid_from`,
    else by its first year ≥ 2026), "old" otherwise."""
    from ntm_eval.load.adminunits import SWITCH

    if cset.valid_from:
        return "new" if cset.valid_from >= SWITCH else "old"
    return "new" if cset.years and min(cset.years) >= 2026 else "old"


# --- the dataset -------------------------------------------------------------------------------

_MERGES: dict[str, Any] = {}


def merges() -> dict[str, tuple[ProvinceRef, tuple[str, ...]]]:
    """Old province code → (the new province it is part of, the short names of every old province
    merged into that one), for the old provinces merged with another on 1/7/2025 — read from the
    dataset's converter (converter_2025.json, DICT_PROVINCE), never typed by hand."""
    if "map" not in _MERGES:
        import json
        import os

        from ntm_eval.load.adminunits import _query, data_dir

        with open(os.path.join(data_dir(), "converter_2025.json"), encoding="utf-8") as fh:
            merged = json.load(fh).get("DICT_PROVINCE", {})
        old = {k: (s, c) for k, s, c in _query("select distinct provinceKey, provinceShort, provinceCode "
                                                "from admin_units_legacy")}
        new = {k: (s, c) for k, s, c in _query("select distinct provinceKey, provinceShort, provinceCode "
                                                "from admin_units")}
        out = {}
        for nk, olds in merged.items():
            if nk not in new or len(olds) < 2:
                continue  # a province left as it was (Lai Châu, Hà Nội…) is not merged
            names = tuple(old[o][0] for o in olds if o in old)
            for o in olds:
                if o in old:
                    out[old[o][1]] = (ProvinceRef(new[nk][1], new[nk][0]), names)
        _MERGES["map"] = out
    return _MERGES["map"]


def official(code: str, era: str) -> Any:
    """The province of `code` on the map of `era` (an adminunits.Unit), or None."""
    from ntm_eval.load.adminunits import get_map

    u = get_map(era).by_code.get(code)
    return u if u is not None and len(u.code) == 2 else None


def expected_merge(cset: CriteriaSet) -> ProvinceRef | None:
    """Into which province the set's province was merged on 1/7/2025, from the dataset (None when it
    was not, for a set of the new map, or without the dataset)."""
    from ntm_eval.load.adminunits import available

    if cset.province is None or set_era(cset) != "old" or not available():
        return None
    hit = merges().get(cset.province.code)
    return hit[0] if hit else None


def merged_warning(doc: Any, cset: CriteriaSet, date: str) -> Any:
    """A located warning (at the data file's `year`) when a set of a province merged on 1/7/2025 is
    used for an evaluation dated from that day; None otherwise."""
    from ntm_eval.load.adminunits import SWITCH

    if cset.province is None or date < SWITCH or set_era(cset) != "old":
        return None
    into = cset.province.merged_into or expected_merge(cset)
    if into is None:
        return None
    return doc.problem("data.set_province_merged", ("year",), severity="warning", set_id=cset.id, date=date,
                       province=cset.province.name, code=cset.province.code, into=into.name,
                       into_code=into.code)


def as_dict(ref: ProvinceRef | None) -> dict[str, Any] | None:
    """`{code, name, merged_into: {code, name} | None}` for JSON (`sets`, `show`)."""
    if ref is None:
        return None
    into = ref.merged_into
    return {"code": ref.code, "name": ref.name,
            "merged_into": {"code": into.code, "name": into.name} if into is not None else None}


def batch_note(result: Any, source: str, warned: set[str]) -> Any:
    """The merged-province warning of a unit's result as a batch note (stderr, JSON `warnings`),
    once per set and process (`warned`: the set ids already said); None otherwise."""
    from ntm_eval.errors import Problem

    if result is None or result.criteria_set in warned:
        return None
    for w in getattr(result, "warnings", ()) or ():
        if isinstance(w, dict) and w.get("key") == "data.set_province_merged":
            warned.add(result.criteria_set)
            return Problem("data.set_province_merged", source, params={k: v for k, v in w.items() if k != "key"},
                           severity="warning")
    return None


def province_from_id(set_id: str, years: list[int] | tuple[int, ...]) -> ProvinceRef | None:
    """The province a new provincial set's id names by its first part ("lai-chau/2024/xa-ntm" →
    Lai Châu 12; "yen-bai/…" → Yên Bái 15, merged into Lào Cai 15), on the map of its years (the
    new one when they all are ≥ 2026); None when that part is no province (example/…) or without
    the dataset. `new-set` writes it as `province:`."""
    from ntm_eval.load.adminunits import available, get_map, lookup

    slug = str(set_id).split("/", 1)[0]
    if not slug or not available():
        return None
    era = "new" if years and min(years) >= 2026 else "old"
    u = lookup(get_map(era).provinces, slug.replace("-", " "))
    if u is None:
        return None
    hit = merges().get(u.code) if era == "old" else None
    return ProvinceRef(u.code, u.short, hit[0] if hit else None)
