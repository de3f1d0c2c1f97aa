"""Merged communes in a diff (part of `ntm_eval.core.diff`; pure): a unit of the later side that
lists the units it was formed from (`unit.merged_from`, checked against the official converter when
it was loaded: load/adminunits_check.py) is compared with its predecessors' results in the earlier
side — never matched by name or code as if it were one of them, never reported as a new unit.

Predecessors are found in the earlier side by code (when both give one; two different codes are
two different units), else by level + name, with district and province when both sides give
them. For every criteria set the predecessors were evaluated with, each criterion says which
predecessors met it; when the merged unit was evaluated with the same set (a commune formed on
1/7/2025 evaluated for 2025 under the 2021–2025 set), its own status on that criterion is given
beside theirs. A criterion every predecessor evaluated with the set met and the merged unit does
not meet is "lost" (exit 1, as for a unit that lost a criterion).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ntm_eval.core.diff_match import norm
from ntm_eval.errors import Problem
from ntm_eval.core.diff_snap import SetShape, SetState, UnitSnap, status_of
from ntm_eval.vocab import PASS


@dataclass(frozen=True, slots=True)
class Predecessor:
    """One entry of `merged_from`: official code, name, level, district, province (any may be "")."""

    code: str = ""
    name: str = ""
    level: str = ""
    district: str = ""
    province: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})" if self.name and self.code else (self.name or self.code or "?")


@dataclass(frozen=True, slots=True)
class MergedCriterion:
    id: str
    statuses: tuple[str, ...]  # one per predecessor evaluated with the set (`MergedSet.units`)
    new_status: str | None = None  # the merged unit's, when it was evaluated with the same set

    def met_by(self, names: tuple[str, ...]) -> list[str]:
        """The names (of `MergedSet.units`, in order) of the predecessors that met it."""
        return [n for n, s in zip(names, self.statuses) if s == PASS]

    def not_met_by(self, names: tuple[str, ...]) -> list[tuple[str, str]]:
        return [(n, s) for n, s in zip(names, self.statuses) if s != PASS]

    @property
    def all_met(self) -> bool:
        return bool(self.statuses) and all(s == PASS for s in self.statuses)

    @property
    def lost(self) -> bool:
        return self.all_met and self.new_status is not None and self.new_status != PASS


@dataclass(slots=True)
class MergedSet:
    set_id: str
    units: tuple[UnitSnap, ...]  # the predecessors evaluated with this set
    states: tuple[SetState, ...]  # theirs, in the same order
    criteria: list[MergedCriterion]
    new: SetState | None = None  # the merged unit's state for this set (shared set), else None

    @property
    def lost(self) -> list[str]:
        return [c.id for c in self.criteria if c.lost]


@dataclass(slots=True)
class MergedDiff:
    new: UnitSnap
    listed: tuple[Predecessor, ...]  # as `merged_from` gives them
    found: list[tuple[Predecessor, UnitSnap]] = field(default_factory=list)  # with a result in the old side
    missing: list[Predecessor] = field(default_factory=list)
    sets: list[MergedSet] = field(default_factory=list)

    @property
    def predecessors(self) -> list[UnitSnap]:
        out: list[UnitSnap] = []
        for _p, u in self.found:
            if all(u is not x for x in out):
                out.append(u)
        return out

    @property
    def lost(self) -> bool:
        return any(s.lost for s in self.sets)

    def name_of(self, u: UnitSnap) -> str:
        """A predecessor's official name as `merged_from` gives it ("Thị trấn Tam Đường"), else its own."""
        return next((p.name for p, x in self.found if x is u and p.name), u.name)

    def names(self, s: MergedSet) -> tuple[str, ...]:
        return tuple(self.name_of(u) for u in s.units)

    @property
    def own_set_shared(self) -> bool:
        return self.new.main is not None and any(s.set_id == self.new.main.set_id for s in self.sets)


_OFFICIAL_WORDS = ("thị trấn ", "xã ", "phường ")


def _short(name: str) -> str:
    """"Xã Bản Hon" → "Bản Hon": the official level word only (a name may begin with "Bản")."""
    low = unicodedata.normalize("NFC", name).strip().casefold()
    for w in _OFFICIAL_WORDS:
        if low.startswith(w):
            return unicodedata.normalize("NFC", name).strip()[len(w):]
    return name


def _fits(u: UnitSnap, p: Predecessor) -> bool:
    """Whether an earlier unit without a contradicting code is the predecessor named `p`."""
    if not p.name or norm(u.name) not in (norm(p.name), norm(_short(p.name))):
        return False
    if p.level and u.level and p.level != u.level:
        return False
    return all(not a or not b or norm(a) == norm(b) for a, b in ((u.district, p.district), (u.province, p.province)))


class OldIndex:
    """The earlier side indexed once (by code, by folded name): a province of 10,000 communes and
    3,321 merged ones is matched in linear time."""

    def __init__(self, old: list[UnitSnap]):
        self.by_code: dict[str, UnitSnap] = {}
        self.by_name: dict[str, list[UnitSnap]] = {}
        for u in old:
            if u.code:
                self.by_code.setdefault(u.code, u)
            self.by_name.setdefault(norm(u.name), []).append(u)

    def find(self, p: Predecessor) -> UnitSnap | None:
        """The earlier result of predecessor `p`: by code, else by a unique level + name (+ district
        and province when both give them) among the units without another code."""
        if p.code and p.code in self.by_code:
            return self.by_code[p.code]
        cands = {id(u): u for k in dict.fromkeys((norm(p.name), norm(_short(p.name)))) if p.name
                 for u in self.by_name.get(k, ())}
        hits = [u for u in cands.values() if not (u.code and p.code and u.code != p.code) and _fits(u, p)]
        return hits[0] if len(hits) == 1 else None


def find(p: Predecessor, old: list[UnitSnap]) -> UnitSnap | None:
    return OldIndex(old).find(p)


def merged_diff(new: UnitSnap, old: "list[UnitSnap] | OldIndex", shapes: dict[str, SetShape]) -> MergedDiff:
    index = old if isinstance(old, OldIndex) else OldIndex(old)
    listed = tuple(Predecessor(*x) for x in new.merged_from)
    md = MergedDiff(new, listed)
    for p in listed:
        u = index.find(p)
        if u is None:
            md.missing.append(p)
        else:
            md.found.append((p, u))
    preds = md.predecessors
    set_ids = list(dict.fromkeys(s.set_id for u in preds for s in u.sets if s.main or new.state(s.set_id)))
    for sid in set_ids:
        shape = shapes.get(sid)
        if shape is None:
            continue
        units = tuple(u for u in preds if u.state(sid) is not None)
        states = tuple(u.state(sid) for u in units)  # type: ignore[misc]
        mine = new.state(sid)
        crits = [MergedCriterion(cid, tuple(status_of(s.criteria[i]) for s in states),
                                 status_of(mine.criteria[i]) if mine is not None else None)
                 for i, (cid, _t, _e) in enumerate(shape.criteria) if cid not in shape.preconditions]
        md.sets.append(MergedSet(sid, units, states, crits, mine))
    return md


def split_merged(old: list[UnitSnap], new: list[UnitSnap], shapes: dict[str, SetShape]
                 ) -> tuple[list[MergedDiff], list[UnitSnap], list[UnitSnap]]:
    """(merged units compared with their predecessors, the earlier units that are nobody's
    predecessor, the later units that list none): the last two are matched as usual."""
    todo = [u for u in new if u.merged_from and u.main is not None]
    if not todo:
        return [], old, new
    index = OldIndex([u for u in old if u.main is not None])
    merged = [merged_diff(u, index, shapes) for u in todo]
    used = {id(x) for m in merged for x in m.predecessors}
    return (merged, [u for u in old if id(u) not in used],
            [u for u in new if not (u.merged_from and u.main is not None)])


def shared_predecessors(merged: list[MergedDiff]) -> list[Problem]:
    """An earlier unit found as the predecessor of two merged units: a warning at the second (right
    only for a commune divided between new communes, which the converter allows), never silent."""
    first: dict[int, MergedDiff] = {}
    out = []
    for m in merged:
        for u in m.predecessors:
            f = first.setdefault(id(u), m)
            if f is not m:
                out.append(Problem("diff.merged_twice", m.new.source, severity="warning", params={
                    "name": u.name, "old": u.source, "first": f.new.name, "other": m.new.name}))
    return out
