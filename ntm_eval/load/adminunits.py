"""Official administrative units: names and codes (mã đơn vị hành chính) checked against the map
in force on the evaluation date, and the 2021–2025 region (vùng) of a province.

The data are those of the PyPI package `vietnamadminunits` (MIT; extra `ntm-eval[units]`): the
63-province map with districts and communes as it stood just before 1/7/2025, the 34-province map
in force from 1/7/2025, and the old → new commune converter. The package itself is never imported
(its parser pulls in shapely and geopy): its data files are read where pip put them, with the
standard library (sqlite3, json), once per process and only when a unit names its province. Without the package the name and code checks are skipped (a unit that gives a
code is warned once); the region table below needs no data at all.

Names are compared without the level word ("xã", "huyện", "tỉnh"…) and with diacritics folded;
suggestions keep the official spelling. The checks themselves are in load/adminunits_check.py
(rules: docs/units.md).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Iterable


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

class Unit:
    """One official unit (written by hand, not as a dataclass: this module is read by every check
    that names a province, and `@dataclass` compiles its methods at import)."""

    __slots__ = ("name", "short", "code", "province", "province_code", "district", "district_code")
    __match_args__ = __slots__

    def __init__(self, name: str, short: str, code: str, province: str, province_code: str,
                 district: str | None = None, district_code: str | None = None) -> None:
        self.name = name  # official, with its level word: "Xã Khun Há"
        self.short = short  # "Khun Há"
        self.code = code
        self.province = province  # short name: "Lai Châu"
        self.province_code = province_code
        self.district = district  # old map only: "Huyện Tam Đường"
        self.district_code = district_code

    def _tuple(self) -> tuple:
        return (self.name, self.short, self.code, self.province, self.province_code, self.district,
                self.district_code)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._tuple() == other._tuple()  # type: ignore[attr-defined]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value (as the dataclass was)

    def __repr__(self) -> str:
        return f"Unit({', '.join(f'{n}={v!r}' for n, v in zip(self.__slots__, self._tuple()))})"


class _ByProvince(dict):
    """province code → … , filled one province at a time on first use (a check names one province)."""

    def __init__(self, fill: Any, fill_all: Any) -> None:
        super().__init__()
        self._fill, self._fill_all = fill, fill_all

    def get(self, key: Any, default: Any = None) -> Any:
        self._fill(key)
        return dict.get(self, key, default)

    def __getitem__(self, key: Any) -> Any:
        self._fill(key)
        return dict.__getitem__(self, key)

    def __contains__(self, key: Any) -> bool:
        self._fill(key)
        return dict.__contains__(self, key)

    def values(self):  # type: ignore[override]
        self._fill_all()
        return dict.values(self)

    def items(self):  # type: ignore[override]
        self._fill_all()
        return dict.items(self)

    def __iter__(self):
        self._fill_all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._fill_all()
        return dict.__len__(self)


class _ByCode(_ByProvince):
    """code → unit: a commune's or district's code names its province (through `where`) first."""

    def __init__(self, where: dict[str, str], fill: Any, fill_all: Any) -> None:
        super().__init__(fill, fill_all)
        self._where = where

    def get(self, key: Any, default: Any = None) -> Any:
        if not dict.__contains__(self, key) and key in self._where:
            self._fill(self._where[key])
        return dict.get(self, key, default)

    def __getitem__(self, key: Any) -> Any:
        v = self.get(key, _MISSING)
        if v is _MISSING:
            raise KeyError(key)
        return v

    def __contains__(self, key: Any) -> bool:
        return self.get(key, _MISSING) is not _MISSING


_MISSING = object()


class Map:
    """One map (old: 63 provinces with districts; new: 34 provinces, communes directly under them)."""

    def __init__(self, era: str) -> None:
        self.era = era  # "old" | "new"
        self.provinces: dict[str, Unit] = {}  # name_key → province
        self.districts: dict[str, dict[str, Unit]] = {}  # province code → name_key → district
        self.communes: dict[str, dict[str, list[Unit]]] = {}  # province code → name_key → units
        self.by_code: dict[str, Unit] = {}  # 2-, 3- and 5-digit codes

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
    """The old or new map, read once per process (old: 10,040 communes; new: 3,321); its districts
    and communes are built one province at a time, when a unit names that province."""
    m = _MAPS.get(era)
    if m is None:
        m = _MAPS[era] = _lazy_map(era)
    return m


def _lazy_map(era: str) -> Map:
    index = _cache_read(era, "index")
    if index is None:  # first use of this dataset: normalise every name once, cache per province
        index, by_pc, _codes = _build_cache(era)
        codes: Any = _codes
        source = by_pc.get
    else:
        def source(pc: str) -> list[list] | None:
            return _cache_read(era, f"p{pc}")

        codes = _Codes(era, index["buckets"])
    m = Map(era)
    done: set[str] = set()

    def fill(pc: Any) -> None:
        if not isinstance(pc, str) or pc in done:
            return
        done.add(pc)
        rows = source(pc)
        if rows is None and pc in _province_codes(index):  # a part of the cache gone: rebuilt
            rows = _build_cache(era)[1].get(pc)
        for ps, pf, pc_, df, dc, wf, wc, pkey, dkey, dshort, wkey, wshort in rows or ():
            if df is not None:
                ds = dict.setdefault(m.districts, pc_, {})
                if dkey not in ds:
                    dict.__setitem__(m.by_code, dc, Unit(df, dshort, dc, ps, pc_))
                    ds[dkey] = dict.__getitem__(m.by_code, dc)
            if wc:
                w = Unit(wf, wshort, wc, ps, pc_, df, dc)
                dict.setdefault(m.communes, pc_, {}).setdefault(wkey, []).append(w)
                dict.__setitem__(m.by_code, wc, w)

    def fill_all() -> None:
        for _, _, pc, _ in index["provinces"]:
            fill(pc)

    m.districts = _ByProvince(fill, fill_all)
    m.communes = _ByProvince(fill, fill_all)
    m.by_code = _ByCode(codes, fill, fill_all)
    for ps, pf, pc, pkey in index["provinces"]:
        if pkey not in m.provinces:
            u = m.provinces[pkey] = Unit(pf, ps, pc, ps, pc)
            dict.__setitem__(m.by_code, pc, u)
    return m


def _province_codes(index: dict[str, Any]) -> set[str]:
    return {p[2] for p in index["provinces"]}


def _build_cache(era: str) -> tuple[dict[str, Any], dict[str, list[list]], dict[str, str]]:
    """Read the dataset, write its cache (a small index of provinces, each province's rows, and
    the district and commune codes in small buckets by their first digits); (index, rows by
    province code, code → province code)."""
    rows = _rows(era)
    by_pc: dict[str, list[list]] = {}
    for r in rows:
        by_pc.setdefault(r[2], []).append(r)
    provinces = sorted({(r[0], r[1], r[2], r[7]) for r in rows}, key=lambda x: x[2])
    codes = {c: r[2] for r in rows for c in (r[4], r[6]) if c}
    buckets: dict[str, dict[str, str]] = {}
    for c, pc in codes.items():
        buckets.setdefault(_bucket(c), {})[c] = pc
    index = {"provinces": [list(x) for x in provinces], "buckets": sorted(buckets)}
    for pc, prow in by_pc.items():
        _cache_write(era, f"p{pc}", prow)
    for name, part in buckets.items():
        _cache_write(era, name, part)
    _cache_write(era, "index", index)  # last: an index is never read before its parts exist
    return index, by_pc, codes


def _bucket(code: str) -> str:
    """The cache part holding a code: by its length and first two characters ("c5-12")."""
    head = code[:2]
    return f"c{len(code)}-{head}" if head.isascii() and head.isalnum() else f"c{len(code)}"


class _Codes:
    """code → province code, read from the cache one bucket at a time (a check names one code)."""

    def __init__(self, era: str, buckets: list[str]) -> None:
        self.era, self.buckets = era, set(buckets)
        self.parts: dict[str, dict[str, str]] = {}

    def _part(self, code: Any) -> dict[str, str]:
        if not isinstance(code, str):
            return {}
        name = _bucket(code)
        part = self.parts.get(name)
        if part is None:
            part = {}
            if name in self.buckets:
                got = _cache_read(self.era, name)
                if got is None:  # listed but unreadable: the dataset is read again
                    codes = _build_cache(self.era)[2]
                    got = {c: pc for c, pc in codes.items() if _bucket(c) == name}
                part = got
            self.parts[name] = part
        return part

    def __contains__(self, code: Any) -> bool:
        return code in self._part(code)

    def __getitem__(self, code: Any) -> str:
        return self._part(code)[code]


def _rows(era: str) -> list[list]:
    """The map's rows with their matching keys and short names computed (normalising 13,000 names
    costs ~0.2 s: done once per dataset, then read per province from the cache)."""
    if era == "old":
        raw = _query("select provinceShort, province, provinceCode, district, districtCode, ward, wardCode "
                     "from admin_units_legacy")
        return [[ps, pf, pc, df, dc, wf, wc, _key(ps), _key(df), short_name(df),
                 _key(wf) if wc else "", short_name(wf) if wc else ""] for ps, pf, pc, df, dc, wf, wc in raw]
    raw = _query("select provinceShort, province, provinceCode, ward, wardCode from admin_units")
    return [[ps, pf, pc, None, None, wf, wc, _key(ps), "", "", _key(wf), short_name(wf)]
            for ps, pf, pc, wf, wc in raw]


_CACHE_FORMAT = 3


def _cache_path(era: str, part: str) -> str | None:
    """`$XDG_CACHE_HOME/ntm-eval/units-<era>-<dataset size and time>/<part>.json`, or None."""
    import os

    try:
        st = os.stat(os.path.join(data_dir(), "dataset.db"))
    except (OSError, TypeError):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    tag = f"{PACKAGE_VERSION}-{st.st_size}-{int(st.st_mtime)}-{_CACHE_FORMAT}"
    return os.path.join(base, "ntm-eval", f"units-{era}-{tag}", f"{part}.json")


def _cache_read(era: str, part: str) -> Any:
    """Plain JSON (never pickle); anything unreadable or of the wrong shape is ignored and rebuilt."""
    import json

    path = _cache_path(era, part)
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    if part == "index":
        ok = (isinstance(data, dict) and isinstance(data.get("provinces"), list)
              and all(isinstance(p, list) and len(p) == 4 for p in data["provinces"])
              and isinstance(data.get("buckets"), list))
    elif part.startswith("c"):
        ok = isinstance(data, dict) and all(isinstance(v, str) for v in data.values())
    else:
        ok = isinstance(data, list) and all(isinstance(r, list) and len(r) == 12 for r in data)
    return data if ok else None


def _cache_write(era: str, part: str, data: Any) -> None:
    import json
    import os
    import tempfile

    path = _cache_path(era, part)
    if path is None:
        return
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".units-", dir=os.path.dirname(path))
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)  # readers see the old cache or the whole new one
    except OSError:
        pass  # a read-only home: no cache, the same answers


def era_of(date: str) -> str:
    return "old" if date < SWITCH else "new"


# how alike (difflib's ratio, on folded names) a name must be to be suggested: real slips are
# 0.75 or more ("Sơn Bìn" → "Sơn Bình" 0.93); 0.6 also offered "Định Hóa" for "Xã minh họa nhóm 2"
CLOSE = 0.7


def closest(name: str, units: Iterable[Unit], n: int = 3) -> list[str]:
    """The official names closest to `name` (compared folded, given with diacritics)."""
    by_key: dict[str, str] = {}
    for u in units:
        by_key.setdefault(name_key(u.name), u.short)
    memo_key = (name_key(name), n, tuple(by_key))
    got = _CLOSEST.get(memo_key)
    if got is None:  # a batch of 10,000 rows naming one unknown province asks 10,000 times
        if len(_CLOSEST) > 4096:
            _CLOSEST.clear()
        import difflib  # on use: only a name not found asks for the closest ones

        keys = difflib.get_close_matches(memo_key[0], list(by_key), n=n, cutoff=CLOSE)
        got = _CLOSEST[memo_key] = [by_key[k] for k in keys]
    return list(got)


_CLOSEST: dict[tuple[str, int, tuple[str, ...]], list[str]] = {}


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
