"""Matching the units of two sides of a diff (part of `ntm_eval.core.diff`; pure): by code, then
by level + province + district + name, then by level + name where unique and not contradicted;
and the duplicates within one side."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from ntm_eval.errors import Problem
from ntm_eval.core.diff_snap import UnitSnap


_LEVEL_PREFIX = re.compile(r"^(xã|thị trấn|phường|huyện|thị xã|thành phố|tỉnh|thôn|bản)\s+", re.I)


def norm(s: str | None) -> str:
    """"Xã  Sơn Bình" → "sơn bình" (NFC, case and spaces folded, a leading level word dropped)."""
    if not s:
        return ""
    s = " ".join(unicodedata.normalize("NFC", str(s)).casefold().split())
    return _LEVEL_PREFIX.sub("", s)


def full_key(u: UnitSnap) -> tuple[str, str, str, str]:
    return (u.level or "", norm(u.province), norm(u.district), norm(u.name))


def duplicates(units: Iterable[UnitSnap], side: str) -> list[Problem]:
    """Two results for one unit in one side (the same code, or — without codes — the same level,
    province, district and name): located at the second, naming the first."""
    seen: dict[tuple, UnitSnap] = {}
    out = []
    for u in units:
        if u.main is None:
            continue
        key = ("code", u.code) if u.code else ("key", *full_key(u))
        first = seen.get(key)
        if first is None:
            seen[key] = u
            continue
        out.append(Problem("diff.duplicate", u.source, params={"name": u.name, "first": first.source, "side": side,
                                                              "code": u.code or ""}))
    return out


def match(old: list[UnitSnap], new: list[UnitSnap]) -> tuple[list[tuple[UnitSnap, UnitSnap]], list[UnitSnap],
                                                             list[UnitSnap]]:
    """(pairs, only in old, only in new), each in input order."""
    old = [u for u in old if u.main is not None]
    new = [u for u in new if u.main is not None]
    if len(old) == 1 and len(new) == 1 and old[0].level == new[0].level:
        if not (old[0].code and new[0].code and old[0].code != new[0].code):
            return [(old[0], new[0])], [], []
    pairs: dict[int, UnitSnap] = {}  # id(new unit) → old unit
    used_old: set[int] = set()
    by_code = {u.code: u for u in old if u.code}
    for u in new:
        if u.code and u.code in by_code:
            pairs[id(u)] = by_code[u.code]
            used_old.add(id(by_code[u.code]))

    def free(side: list[UnitSnap], used: set[int]) -> list[UnitSnap]:
        return [u for u in side if id(u) not in used]

    def unique_index(units: list[UnitSnap], key) -> dict:
        idx: dict = {}
        for u in units:
            idx.setdefault(key(u), []).append(u)
        return {k: v[0] for k, v in idx.items() if len(v) == 1}

    def pair_by(key, compatible=lambda a, b: True) -> None:
        rest_old = free(old, used_old)
        rest_new = [u for u in new if id(u) not in pairs]
        io, inew = unique_index(rest_old, key), unique_index(rest_new, key)
        for k, u in inew.items():
            o = io.get(k)
            if o is None or (o.code and u.code) or not compatible(o, u):
                continue  # two codes that differ: two different units
            pairs[id(u)] = o
            used_old.add(id(o))

    pair_by(full_key)

    def no_clash(a: UnitSnap, b: UnitSnap) -> bool:
        for x, y in ((a.province, b.province), (a.district, b.district)):
            if x and y and norm(x) != norm(y):
                return False
        return True

    pair_by(lambda u: (u.level or "", norm(u.name)), no_clash)
    out = [(pairs[id(u)], u) for u in new if id(u) in pairs]
    return out, free(old, used_old), [u for u in new if id(u) not in pairs]
