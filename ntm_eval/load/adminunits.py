"""Official administrative units: names and codes (mã đơn vị hành chính) checked against the map
in force on the evaluation date, and the 2021–2025 region (vùng) of a province.

The data are those of the PyPI package `vietnamadminunits` (MIT; extra `ntm-eval[units]`): the
63-province map with districts and communes as it stood just before 1/7/2025, the 34-province map
in force from 1/7/2025, and the old → new commune converter. The package itself is never imported
(its parser pulls in shapely and geopy): its data files are read where pip put them, with the
standard library (sqlite3, json), once per process and only when a unit names its province. Without the package the name and code checks are skipped (a unit that gives a
code is warned once); the region table below needs no data at all.

Names are compared without the level word ("xã", "huyện", "tỉnh"…) and with diacritics folded;
suggestions keep the official spelling. An unknown or misspelt name is a warning; a code that does
not exist on the evaluation date, or that names another unit, is an error (see docs/units.md).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable

from ntm_eval.vocab import fold

PACKAGE = "vietnamadminunits"
PACKAGE_VERSION = "1.0.4"  # pinned in pyproject.toml (extras `units` and `test`)
SWITCH = "2025-07-01"  # Nghị quyết 202/2025/QH15: 34 provinces, no district level, from this day

# --- the 2021–2025 regions ----------------------------------------------------------------
# The seven regions of the 2021–2025 criteria (QĐ 318/319/320/QĐ-TTg, region codes of the sets'
# `classification`). Neither package gives regions: the table is encoded here. Source: the six
# socio-economic regions of Nghị quyết 81/2023/QH15 (Quy hoạch tổng thể quốc gia 2021–2030, §IV),
# which match the Tổng cục Thống kê regions, with its 14-province "Bắc Trung Bộ và duyên hải miền
# Trung" split, as the 2021–2025 sets do, into Bắc Trung Bộ (Thanh Hóa … Thừa Thiên Huế) and
# Duyên hải Nam Trung Bộ (Đà Nẵng … Bình Thuận). Confidence ~ for that split line (secondary
# sources); Quảng Ninh is in Đồng bằng sông Hồng as in 81/2023 (older classifications put it in
# the north-east). An explicit `unit.region` always wins.
REGION_SOURCE = ("Nghị quyết 81/2023/QH15 (6 vùng KT-XH, như Tổng cục Thống kê), vùng Bắc Trung Bộ và "
                 "duyên hải miền Trung tách thành btb / dhntb như bộ 2021–2025")
_REGIONS: dict[str, tuple[str, ...]] = {
    "tdmnpb": ("Hà Giang", "Cao Bằng", "Bắc Kạn", "Tuyên Quang", "Lào Cai", "Điện Biên", "Lai Châu", "Sơn La",
               "Yên Bái", "Hòa Bình", "Thái Nguyên", "Lạng Sơn", "Bắc Giang", "Phú Thọ"),
    "dbsh": ("Hà Nội", "Vĩnh Phúc", "Bắc Ninh", "Quảng Ninh", "Hải Dương", "Hải Phòng", "Hưng Yên", "Thái Bình",
             "Hà Nam", "Nam Định", "Ninh Bình"),
    "btb": ("Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế"),
    "dhntb": ("Đà Nẵng", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận",
              "Bình Thuận"),
    "tn": ("Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng"),
    "dnb": ("Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    "dbscl": ("Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang",
              "Cần Thơ", "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau"),
}
REGIONS = tuple(_REGIONS)

# Level words written before a name, longest first. Stripped as written with diacritics ("Phường
# Phương Liệt" is "Phương Liệt", "Xã Xa Dung" is "Xa Dung"); the bare forms only from a name typed
# without any diacritics ("xa Khun Ha").
_LEVEL_WORDS = ("thành phố trực thuộc trung ương", "thành phố", "thị trấn", "thị xã", "đặc khu", "tp.", "tp",
                "tỉnh", "huyện", "quận", "xã", "phường")
_LEVEL_ASCII = ("thanh pho", "thi tran", "thi xa", "dac khu", "tp.", "tp", "tinh", "huyen", "quan", "xa", "phuong")
_SPACES = re.compile(r"\s+")
_HYPHEN = re.compile(r"\s*[-–—]\s*")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_D = str.maketrans({"đ": "d", "Đ": "d"})


def _fold(s: str) -> str:
    """`vocab.fold` for names, done in C (the old map has 10,040 of them): Vietnamese letters only
    carry combining marks, so NFD + ASCII drops exactly the diacritics."""
    return unicodedata.normalize("NFD", str(s).translate(_D)).encode("ascii", "ignore").decode().strip().lower()


def _bare(s: str, words: tuple[str, ...] = _LEVEL_WORDS) -> str:
    """Lower case, one space, "A - B" as "a-b", without the leading level word."""
    s = _HYPHEN.sub("-", _SPACES.sub(" ", unicodedata.normalize("NFC", str(s)).strip().lower()))
    for w in words:
        if s.startswith(w) and (w.endswith(".") or s[len(w):len(w) + 1] == " ") and s[len(w):].strip():
            return s[len(w):].strip()
    return s


def _key(s: str) -> str:
    """A name for matching: no level word, diacritics folded ("Tỉnh Bà Rịa - Vũng Tàu" → "ba
    ria-vung tau", "Huyện Đại Từ" → "dai tu", "TP. Hồ Chí Minh" → "ho chi minh")."""
    return _fold(_bare(s))


# the names units write repeat (provinces, districts): a small cache; the maps use `_key` uncached
name_key = functools.lru_cache(maxsize=4096)(_key)


def short_name(full: str) -> str:
    """An official name without its level word, as written ("Thị trấn Yên Viên" → "Yên Viên"; the
    dataset's own short form says "Yên Viên (Thị trấn)" where a commune and a town share a name)."""
    s = _SPACES.sub(" ", unicodedata.normalize("NFC", full).strip())
    low = s.lower()
    for w in _LEVEL_WORDS:
        if low.startswith(w + " ") and s[len(w):].strip():
            return s[len(w):].strip()
    return s


def same_name(value: str, official: str) -> bool:
    """The same name, level word and diacritics aside (and a bare level word when typed in ASCII)."""
    if name_key(value) == name_key(official) or _fold(_bare(value, ())) == name_key(official):
        return True
    return str(value).isascii() and _fold(_bare(value, _LEVEL_ASCII)) == name_key(official)


def lookup(table: dict[str, Any], s: str) -> Any:
    """`table[name_key(s)]`, or for a name typed without diacritics also without a bare level word
    ("xa Khun Ha"; but "Quan Hoa" is a name, found first as it is); None when neither is there."""
    hit = table.get(name_key(s))
    if hit is None:  # a name that begins with a level word itself: "Phường Đúc" (Phường Phường Đúc, Huế)
        hit = table.get(_fold(_bare(s, ())))
    if hit is None and str(s).isascii():
        hit = table.get(_fold(_bare(s, _LEVEL_ASCII)))
    return hit


@functools.lru_cache(maxsize=4096)
def spelling_key(s: str) -> str:
    """A name as spelt (case, spaces and the place of the tone mark aside: "Hoà" = "Hòa"), without
    its level word — to tell "Đại Từ" from "Đai Từ" once both fold to "dai tu"."""
    out = []
    for w in _bare(s).split(" "):
        d = unicodedata.normalize("NFD", w)
        tones = "".join(c for c in d if c in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES)) + tones)
    return " ".join(out)


def region_of(province: Any, date: str | None = None) -> str | None:
    """The 2021–2025 region code of a province, or None. Before 1/7/2025 (or with no date) the
    province is one of the 63; from then on a new province has a region only when all the old
    provinces merged into it share one (new Gia Lai = Gia Lai `tn` + Bình Định `dhntb`: none — the
    unit must say), which needs the dataset's converter."""
    if not isinstance(province, str) or not province.strip():
        return None
    if date is None or date < SWITCH:
        return lookup(_REGION_BY_KEY, province)
    if not available():
        return None
    if lookup(get_map("new").provinces, province) is None:  # an old name (Hà Giang): its land has one region
        return lookup(_REGION_BY_KEY, province)
    return lookup(_new_regions(), province)


_NEW_REGIONS: dict[str, dict[str, str]] = {}


def _new_regions() -> dict[str, str]:
    """name_key of a new province → its region, when the old provinces merged into it share one."""
    if not _NEW_REGIONS:
        import json
        import os

        with open(os.path.join(data_dir(), "converter_2025.json"), encoding="utf-8") as fh:
            merged = json.load(fh).get("DICT_PROVINCE", {})
        old_short = dict(_query("select distinct provinceKey, provinceShort from admin_units_legacy"))
        new_short = dict(_query("select distinct provinceKey, provinceShort from admin_units"))
        out = {}
        for new_key, olds in merged.items():
            regions = {lookup(_REGION_BY_KEY, old_short.get(o, "")) for o in olds}
            if len(regions) == 1 and None not in regions and new_key in new_short:
                out[_key(new_short[new_key])] = regions.pop()
        _NEW_REGIONS["map"] = out
    return _NEW_REGIONS["map"]


_REGION_BY_KEY = {name_key(p): code for code, ps in _REGIONS.items() for p in ps}
_REGION_BY_KEY.update({"thua thien-hue": "btb", "hue": "btb", "tp ho chi minh": "dnb", "tphcm": "dnb",
                       "ba ria vung tau": "dnb"})


# --- the dataset --------------------------------------------------------------------------

@dataclass(slots=True)
class Unit:
    name: str  # official, with its level word: "Xã Khun Há"
    short: str  # "Khun Há"
    code: str
    province: str  # short name: "Lai Châu"
    province_code: str
    district: str | None = None  # old map only: "Huyện Tam Đường"
    district_code: str | None = None


@dataclass
class Map:
    """One map (old: 63 provinces with districts; new: 34 provinces, communes directly under them)."""

    era: str  # "old" | "new"
    provinces: dict[str, Unit] = field(default_factory=dict)  # name_key → province
    districts: dict[str, dict[str, Unit]] = field(default_factory=dict)  # province code → name_key → district
    communes: dict[str, dict[str, list[Unit]]] = field(default_factory=dict)  # province code → name_key → units
    by_code: dict[str, Unit] = field(default_factory=dict)  # 2-, 3- and 5-digit codes

    def add_province(self, short: str, full: str, code: str) -> Unit:
        u = self.provinces.get(_key(short))
        if u is None:
            u = self.provinces[_key(short)] = Unit(full, short, code, short, code)
            self.by_code[code] = u
        return u


_DATA_DIR: list[Any] = []  # [path | None] once looked up
_MAPS: dict[str, Map] = {}


def data_dir():
    """The package's data folder, found without importing the package; None when not installed."""
    if not _DATA_DIR:
        import importlib.util
        import os

        path = None
        try:
            spec = importlib.util.find_spec(PACKAGE)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.submodule_search_locations:
            cand = os.path.join(list(spec.submodule_search_locations)[0], "data")
            if os.path.isfile(os.path.join(cand, "dataset.db")):
                path = cand
        _DATA_DIR.append(path)
    return _DATA_DIR[0]


def available() -> bool:
    return data_dir() is not None


def _query(sql: str) -> list[tuple]:
    import os
    import sqlite3
    from urllib.parse import quote

    db = os.path.join(data_dir(), "dataset.db")
    con = sqlite3.connect(f"file:{quote(db)}?mode=ro&immutable=1", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def get_map(era: str) -> Map:
    """The old or new map, read once per process (old: 10,040 communes; new: 3,321)."""
    m = _MAPS.get(era)
    if m is not None:
        return m
    m = Map(era)
    if era == "old":
        rows = _query("select provinceShort, province, provinceCode, district, districtShort, districtCode, "
                      "ward, wardShort, wardCode from admin_units_legacy")
        for pshort, pfull, pcode, dfull, dshort, dcode, wfull, wshort, wcode in rows:
            m.add_province(pshort, pfull, pcode)
            ds = m.districts.setdefault(pcode, {})
            d = ds.get(_key(dfull))
            if d is None:
                d = ds[_key(dfull)] = Unit(dfull, short_name(dfull), dcode, pshort, pcode)
                m.by_code[dcode] = d
            if wcode:
                w = Unit(wfull, short_name(wfull), wcode, pshort, pcode, dfull, dcode)
                m.communes.setdefault(pcode, {}).setdefault(_key(wfull), []).append(w)
                m.by_code[wcode] = w
    else:
        rows = _query("select provinceShort, province, provinceCode, ward, wardShort, wardCode from admin_units")
        for pshort, pfull, pcode, wfull, wshort, wcode in rows:
            m.add_province(pshort, pfull, pcode)
            w = Unit(wfull, short_name(wfull), wcode, pshort, pcode)
            m.communes.setdefault(pcode, {}).setdefault(_key(wfull), []).append(w)
            m.by_code[wcode] = w
    _MAPS[era] = m
    return m


def era_of(date: str) -> str:
    return "old" if date < SWITCH else "new"


def closest(name: str, units: Iterable[Unit], n: int = 3) -> list[str]:
    """The official names closest to `name` (compared folded, given with diacritics)."""
    by_key: dict[str, str] = {}
    for u in units:
        by_key.setdefault(name_key(u.name), u.short)
    keys = difflib.get_close_matches(name_key(name), list(by_key), n=n, cutoff=0.6)
    return [by_key[k] for k in keys]


# --- merged communes (2026 data: `unit.merged_from`) ---------------------------------------

_CONVERTER: dict[str, Any] = {}


def predecessors(new: Unit) -> list[Unit]:
    """The old communes (63-map) merged, whole or in part, into a commune of the new map, from the
    package's converter (converter_2025.json, keyed by the dataset's own folded keys)."""
    if not _CONVERTER:
        import json
        import os

        with open(os.path.join(data_dir(), "converter_2025.json"), encoding="utf-8") as fh:
            data = json.load(fh)
        old, newm = get_map("old"), get_map("new")
        key_old = {f"{p}_{d}_{w}": old.by_code[c] for p, d, w, c in
                   _query("select provinceKey, districtKey, wardKey, wardCode from admin_units_legacy")
                   if c in old.by_code}
        new_key = {f"{p}/{w}": c for p, w, c in _query("select provinceKey, wardKey, wardCode from admin_units")}
        out: dict[str, list[Unit]] = {}
        for pk, wards in data.get("DICT_PROVINCE_WARD_NO_DIVIDED", {}).items():
            for wk, olds in wards.items():
                code = new_key.get(f"{pk}/{wk}")
                out.setdefault(code, []).extend(key_old[o] for o in olds if o in key_old)
        for pk, olds in data.get("DICT_PROVINCE_WARD_DIVIDED", {}).items():
            for o, news in olds.items():
                for nw in news:
                    code = new_key.get(f"{pk}/{nw['newWardKey']}")
                    if o in key_old and key_old[o] not in out.get(code, []):
                        out.setdefault(code, []).append(key_old[o])
        _CONVERTER["map"] = out
        del newm
    return list(_CONVERTER["map"].get(new.code, []))


# --- checking a unit ----------------------------------------------------------------------

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
    district = None
    if province is not None and era == "old" and unit.get("district") not in (None, ""):
        district = _match_in(unit["district"], "district", m.districts.get(province.code, {}), warn, province)
    name = unit.get("name")
    if province is None or not isinstance(name, str) or not name.strip() or coded:
        pass
    elif level in _COMMUNE_LEVELS:
        _match_commune(name, "name", province, district, m, warn, level)
    elif level in _DISTRICT_LEVELS and era == "old":
        _match_in(name, "name", m.districts.get(province.code, {}), warn, province)
    elif level == "tinh":
        pass  # the province itself: checked above when `province` is given
    if level == "thon" and province is not None and isinstance(unit.get("commune"), str):
        _match_commune(unit["commune"], "commune", province, district, m, warn, "xa")
    if unit.get("merged_from") not in (None, "", []):
        _check_merged(unit, coded if isinstance(coded, Unit) else None, province, name, m, err, warn, era)


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


def _match_province(value, m: Map, other: _Other, warn) -> Unit | None:
    if not isinstance(value, str) or not value.strip():
        return None
    u = lookup(m.provinces, value)
    if u is None:
        if lookup(other.provinces, value) is not None:
            warn("units.province_abolished" if m.era == "new" else "units.province_not_yet", "province",
                 value=value, names=", ".join(closest(value, m.provinces.values())) or "—")
        else:
            warn("units.unknown_province", "province", value=value,
                 names=", ".join(closest(value, m.provinces.values())) or "—")
        return None
    _spelling(value, u, "province", warn)
    return u


def _match_in(value, field_: str, units: dict[str, Unit], warn, province: Unit) -> Unit | None:
    if not isinstance(value, str) or not value.strip():
        return None
    u = lookup(units, value)
    if u is None:
        warn("units.unknown_district", field_, value=value, within=province.short,
             names=", ".join(closest(value, units.values())) or "—")
        return None
    _spelling(value, u, field_, warn)
    return u


def _match_commune(value: str, field_: str, province: Unit, district: Unit | None, m: Map, warn, level) -> None:
    in_prov = m.communes.get(province.code, {})
    found = lookup(in_prov, value) or []
    if not found:
        pool = [u for lst in in_prov.values() for u in lst if district is None or u.district_code == district.code]
        warn("units.unknown_commune", field_, value=value,
             within=district.name if district is not None else province.name,
             names=", ".join(closest(value, pool) or closest(value, [u for lst in in_prov.values() for u in lst]))
             or "—")
        return
    if district is not None and not any(u.district_code == district.code for u in found):
        warn("units.commune_district", field_, value=value, district=district.name,
             official="; ".join(_full(u, m.era) for u in found))
        return
    _spelling(value, found[0], field_, warn)


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
                cands = sorted((x for lst in old.communes.values() for x in lst.get(name_key(s), [])),
                               key=lambda x: x.province_code != target.province_code)
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
