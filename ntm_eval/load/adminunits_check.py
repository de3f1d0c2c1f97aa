"""Checking a unit's names, code and `merged_from` against the official units in force on the
evaluation date (the data and the name keys: load/adminunits.py; the rules: docs/units.md).

An unknown or misspelt name is a located warning with the closest official names; a code that does
not exist on the date, or that names another unit, and a wrong `merged_from` entry are located
errors. Nothing is regrouped silently, and the unit is never changed except for the predecessors
found (`merged_from_units`), which the reports show.
"""

from __future__ import annotations

from typing import Any

from ntm_eval.load.adminunits import (PACKAGE, REGIONS, SWITCH, Map, Unit, _bare, _fold, available, closest, data_dir,
                                      era_of, get_map, lookup, name_key, predecessors, region_of, same_name, short_name,
                                      spelling_key)

class _Other:
    """The other map, read on first use (a unit of the new map rarely needs the old one)."""

    def __init__(self, era: str):
        self.era = era

    @property
    def provinces(self) -> dict[str, Unit]:
        return get_map(self.era).provinces

    @property
    def by_code(self) -> dict[str, Unit]:
        return get_map(self.era).by_code


_COMMUNE_LEVELS = {"xa", "phuong", "thi_tran"}
_DISTRICT_LEVELS = {"huyen", "thi_xa"}
_CODE_DIGITS = {"xa": 5, "phuong": 5, "thi_tran": 5, "huyen": 3, "thi_xa": 3, "tinh": 2}


def wants_check(unit: dict[str, Any]) -> bool:
    """Only a unit that names its province is checked (and loads the data): it claims to be an
    official unit. A `code` alone (a file's own identifier, as `diff` matches units by it) is not."""
    return isinstance(unit.get("province"), str) and bool(unit["province"].strip())


def check_unit(doc, unit: dict[str, Any], date: str, problems: list, warnings: list) -> None:
    """Check the unit's names and code against the map in force on `date`; append located
    problems (errors) and warnings. Never changes the unit."""
    if not wants_check(unit):
        return
    _region_spans(doc, unit, date, problems)
    if not available():
        if unit.get("code") not in (None, "") or unit.get("merged_from"):
            warnings.append(doc.problem("units.no_dataset", ("unit", "code" if "code" in unit else "merged_from"),
                                        severity="warning", package=PACKAGE))
        return
    era = era_of(date)
    m = get_map(era)
    other = _Other("new" if era == "old" else "old")  # read only if a name or code is not in `m`
    level = unit.get("level")
    params = {"date": date}

    def warn(key: str, field_: str | tuple, **kw) -> None:
        path = ("unit", *field_) if isinstance(field_, tuple) else ("unit", field_)
        warnings.append(doc.problem(key, path, severity="warning", **params, **kw))

    def err(key: str, field_: str | tuple, **kw) -> None:
        path = ("unit", *field_) if isinstance(field_, tuple) else ("unit", field_)
        problems.append(doc.problem(key, path, **params, **kw))

    province = _match_province(unit.get("province"), m, other, warn)
    if province is None and lookup(other.provinces, unit["province"]) is None:
        return  # no official province (a made-up "P"): its warning says it, the code is the file's own id
    coded = _check_code(unit, level, m, other, err, warn)
    if coded is False:
        return  # the code is wrong: its error says it all
    if isinstance(coded, Unit):
        _official_group(unit, coded, era)
    district = None
    if province is not None and era == "old" and unit.get("district") not in (None, ""):
        district = _match_in(unit["district"], "district", m.districts.get(province.code, {}), warn, province)
    name = unit.get("name")
    if province is None or not isinstance(name, str) or not name.strip() or coded:
        pass
    elif level in _COMMUNE_LEVELS:
        _match_commune(name, "name", province, district, m, warn, level, unit.get("district"))
    elif level in _DISTRICT_LEVELS and era == "old":
        _match_in(name, "name", m.districts.get(province.code, {}), warn, province)
    elif level == "tinh":
        pass  # the province itself: checked above when `province` is given
    if level == "thon" and province is not None and isinstance(unit.get("commune"), str):
        _match_commune(unit["commune"], "commune", province, district, m, warn, "xa", unit.get("district"))
    if unit.get("merged_from") not in (None, "", []):
        _check_merged(unit, coded if isinstance(coded, Unit) else None, province, name, m, err, warn, era)
    if era == "new" and date[:4] <= "2025" and unit.get("district") in (None, "") and level in _COMMUNE_LEVELS:
        _old_district(unit, coded if isinstance(coded, Unit) else None)


def _old_district(unit: dict[str, Any], coded: Unit | None) -> None:
    """A 2021–2025 record of a commune formed on 1/7/2025 (a 2025 evaluation dated after the
    switch) is grouped by `batch` under its old district (`district_official`), as the records of
    2021–2025 are: the district of all its predecessors — those its `merged_from` names, else those
    the converter gives for its code — when they share one; otherwise under none (never a guess)."""
    preds = unit.get("merged_from_units")
    if preds is None and coded is not None and not unit.get("merged_from"):
        preds = [{"district": p.district} for p in predecessors(coded)]
    districts = {p.get("district") for p in preds or ()}
    if len(districts) == 1 and None not in districts:
        unit["district_official"] = short_name(districts.pop())


def _region_spans(doc, unit: dict[str, Any], date: str, problems: list) -> None:
    """A 2021–2025 set's missing region, for a province formed on 1/7/2025 from provinces of two
    regions (new Gia Lai = Gia Lai `tn` + Bình Định `dhntb`): the region cannot follow from it, and
    the error says why and which regions (`units.region_spans`) instead of a bare "missing region"."""
    if date < SWITCH or unit.get("region") not in (None, "") or not available():
        return
    at = next((i for i, p in enumerate(problems) if p.key == "data.no_class" and p.params.get("key_name") == "region"),
              None)
    if at is None:
        return
    new = lookup(get_map("new").provinces, unit["province"])
    parts = _old_provinces(new) if new is not None else []
    regions = [r for r in REGIONS if r in {r for _, r in parts}]
    if len(regions) < 2:
        return
    old = problems[at].params
    labels = dict(c.rstrip(")").split(" (", 1) for c in str(old.get("choices", "")).split("; ") if " (" in c)
    problems[at] = doc.problem("units.region_spans", ("unit", "region"), province=new.short,
                               parts=", ".join(f"{n} ({r})" for n, r in parts), set_id=old.get("set_id"),
                               choices="; ".join(f"{r} ({labels[r]})" if r in labels else r for r in regions))


def _old_provinces(new: Unit) -> list[tuple[str, str]]:
    """The old provinces merged on 1/7/2025 into a new one, with their 2021–2025 regions (the
    dataset's converter)."""
    import json
    import os

    from ntm_eval.load.adminunits import _query  # the dataset's sqlite tables (read once per process)

    if not _MERGED:
        with open(os.path.join(data_dir(), "converter_2025.json"), encoding="utf-8") as fh:
            _MERGED.update(json.load(fh).get("DICT_PROVINCE", {}))
        _SHORT.update(_query("select distinct provinceKey, provinceShort from admin_units_legacy"))
        _SHORT.update({"new:" + k: v for k, v in _query("select distinct provinceKey, provinceShort from admin_units")})
    key = next((k for k, v in _SHORT.items() if k.startswith("new:") and name_key(v) == name_key(new.short)), None)
    olds = [_SHORT.get(o, o) for o in _MERGED.get(key[4:], [])] if key else []
    return [(o, region_of(o)) for o in olds if region_of(o) is not None]


_MERGED: dict[str, list[str]] = {}
_SHORT: dict[str, str] = {}


def _official_group(unit: dict[str, Any], u: Unit, era: str) -> None:
    """A unit its code names is grouped by `batch` under the official district and province, not
    under a misspelling of them ("Đai Từ" → "Đại Từ"; its spelling warning still says so): the
    official short names go to `district_official` / `province_official` when the unit writes the
    same name spelt otherwise, or (district) none. A district that is another name (the commune
    moved since) keeps what the unit says: its own warning says it."""
    dist = unit.get("district")
    if era == "old" and u.district:
        if not isinstance(dist, str) or not dist.strip():
            unit["district_official"] = short_name(u.district)
        elif same_name(dist, u.district) and spelling_key(dist) != spelling_key(short_name(u.district)):
            unit["district_official"] = short_name(u.district)
    prov = unit.get("province")
    if isinstance(prov, str) and same_name(prov, u.province) and spelling_key(prov) != spelling_key(u.province):
        unit["province_official"] = u.province


def _check_code(unit, level, m: Map, other: _Other, err, warn) -> Unit | bool | None:
    """The unit named by `unit.code` on the date (and checks that the names agree with it):
    None when no code is given, False when the code is wrong."""
    raw = unit.get("code")
    if raw in (None, ""):
        return None
    if isinstance(raw, float) and raw.is_integer() and raw >= 0:
        raw = int(raw)  # an XLSX number cell: 3430.0
    if isinstance(raw, bool) or not (isinstance(raw, int) and raw >= 0
                                     or isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit()):
        err("units.bad_code", "code", value=str(raw))
        return False
    digits = str(raw).strip()
    want = _CODE_DIGITS.get(level or "")
    if want is None:
        want = 5 if len(digits) > 3 else (3 if len(digits) == 3 else 2)
    if len(digits) > want:
        err("units.bad_code", "code", value=digits)
        return False
    code = digits.zfill(want)
    u = m.by_code.get(code)
    if u is None or len(u.code) != want:
        was = other.by_code.get(code)
        if was is not None and len(was.code) == want:
            err("units.code_abolished" if m.era == "new" else "units.code_not_yet", "code", code=code,
                official=_full(was, other.era))
        else:
            err("units.unknown_code", "code", code=code)
        return False
    ok = True
    name = unit.get("name")
    if isinstance(name, str) and name.strip() and not same_name(name, u.name):
        err("units.code_name", "name", code=code, value=name, official=_full(u, m.era))
        ok = False
    prov = unit.get("province")
    if isinstance(prov, str) and prov.strip() and not same_name(prov, u.province):
        err("units.code_province", "province", code=code, value=prov, official=_full(u, m.era))
        ok = False
    dist = unit.get("district")
    if m.era == "old" and u.district and isinstance(dist, str) and dist.strip() \
            and not same_name(dist, u.district):
        # the old map is the one of June 2025: a commune may have changed district since the date
        warn("units.code_district", "district", code=code, value=dist, official=_full(u, m.era))
    return u if ok else False


def _suggest(warn, key: str, field_: str, names: list[str], **params: Any) -> None:
    """Warning `key` with the closest official names; its `_far` form when none is close (the
    warning then says so, rather than "closest official names: —")."""
    if names:
        warn(key, field_, names=", ".join(names), **params)
    else:
        warn(f"{key}_far", field_, **params)


def _match_province(value, m: Map, other: _Other, warn) -> Unit | None:
    if not isinstance(value, str) or not value.strip():
        return None
    u = lookup(m.provinces, value)
    if u is None:
        if lookup(other.provinces, value) is not None:
            _suggest(warn, "units.province_abolished" if m.era == "new" else "units.province_not_yet", "province",
                     closest(value, m.provinces.values()), value=value)
        else:
            _suggest(warn, "units.unknown_province", "province", closest(value, m.provinces.values()), value=value)
        return None
    _spelling(value, u, "province", warn)
    return u


def _match_in(value, field_: str, units: dict[str, Unit], warn, province: Unit) -> Unit | None:
    if not isinstance(value, str) or not value.strip():
        return None
    u = lookup(units, value)
    if u is None:
        _suggest(warn, "units.unknown_district", field_, closest(value, units.values()), value=value,
                 within=province.short)
        return None
    _spelling(value, u, field_, warn)
    return u


def _in_district(u: Unit, district: Unit, written: Any) -> bool:
    """Whether commune `u` is in the district written. A province may have two districts of one
    name (Thị xã Kỳ Anh and Huyện Kỳ Anh, Hà Tĩnh), which the map finds under one name: the
    commune's own district is meant too when the name written fits it — with its level word, if
    one is written."""
    if u.district_code == district.code:
        return True
    if not u.district or not isinstance(written, str) or not same_name(written, u.district):
        return False
    if _bare(written) == _bare(written, ()):  # no level word written: either district
        return True
    return _fold(_bare(written, ())) == _fold(_bare(u.district, ()))


def _match_commune(value: str, field_: str, province: Unit, district: Unit | None, m: Map, warn, level,
                   written: Any = None) -> None:
    in_prov = m.communes.get(province.code, {})
    found = lookup(in_prov, value) or []
    if not found:
        pool = [u for lst in in_prov.values() for u in lst if district is None or u.district_code == district.code]
        _suggest(warn, "units.unknown_commune", field_,
                 closest(value, pool) or closest(value, [u for lst in in_prov.values() for u in lst]), value=value,
                 within=district.name if district is not None else province.name)
        return
    if district is not None:
        found_in = [u for u in found if _in_district(u, district, written)]
        if not found_in:
            warn("units.commune_district", field_, value=value, district=district.name,
                 official="; ".join(_full(u, m.era) for u in found))
            return
    # communes of one province whose names differ only in their marks ("Tiên Phong" in Ba Vì,
    # "Tiền Phong" in Mê Linh): the one of the district named, and the one spelt as written
    cands = found if district is None else found_in
    key = spelling_key(value)
    _spelling(value, next((u for u in cands if spelling_key(u.short) == key), cands[0]), field_, warn)


def _spelling(value: str, u: Unit, field_: str, warn) -> None:
    if spelling_key(value) != spelling_key(u.short):
        warn("units.spelling", field_, value=value, official=u.short)


def _full(u: Unit, era: str) -> str:
    parts = [u.name]
    if u.district and u.district != u.name:
        parts.append(u.district)
    if u.province != u.short:
        parts.append(u.province)
    return f"{', '.join(parts)} ({u.code})"


def _check_merged(unit, coded: Unit | None, province: Unit | None, name, m: Map, err, warn, era: str) -> None:
    """`merged_from: [codes or names]` of a new-map commune, checked against the converter. The
    predecessors found are recorded in the unit as `merged_from_units` (official name, district,
    province, code) for the reports."""
    raw = unit["merged_from"]
    items = raw if isinstance(raw, list) else [raw]
    if era != "new":
        err("units.merged_before", "merged_from")
        return
    target = coded
    if target is None and province is not None and isinstance(name, str):
        found = lookup(m.communes.get(province.code, {}), name) or []
        target = found[0] if len(found) == 1 else None
    if target is None:
        warn("units.merged_unchecked", "merged_from")
        return
    preds = predecessors(target)
    old = get_map("old")
    found_units: list[Unit] = []
    wrong = False
    for i, item in enumerate(items):
        s = str(item).strip()
        where = ("merged_from", i) if isinstance(raw, list) else "merged_from"
        if s.isdigit():
            u = old.by_code.get(s.zfill(5))
            hit = [u] if u is not None and any(p.code == u.code for p in preds) else []
        else:
            u = None
            hit = [p for p in preds if same_name(s, p.name)]
            if not hit:
                # the same spelling first: "Tân Linh" is Tân Linh (Thái Nguyên), not Tản Lĩnh (Hà Nội)
                cands = sorted((x for lst in old.communes.values() for x in lst.get(name_key(s), [])),
                               key=lambda x: (x.province_code != target.province_code,
                                              spelling_key(x.short) != spelling_key(s), x.code))
                u = cands[0] if cands else None
        if hit:
            found_units.extend(x for x in hit if x not in found_units)
            continue
        listed = "; ".join(_full(p, "old") for p in preds) or "—"
        if u is not None and u.province_code not in {p.province_code for p in preds}:
            problems_key = "units.merged_other_province"
        elif u is None:
            problems_key = "units.merged_unknown"
        else:
            problems_key = "units.merged_not_predecessor"
        err(problems_key, where, value=s, official=_full(target, "new"), listed=listed,
            found=_full(u, "old") if u is not None else "—")
        wrong = True
    if not wrong:
        unit["merged_from_units"] = [{"code": u.code, "name": u.name, "district": u.district,
                                      "province": u.province} for u in found_units]
