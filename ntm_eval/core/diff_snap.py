"""Per-unit snapshots compared by `ntm_eval.core.diff` (pure): a set's layout (`SetShape`), one
unit's state against one set (`SetState`: a status byte per criterion, indicator values as an
`array('d')`), and the unit itself (`UnitSnap`)."""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from ntm_eval.errors import Problem
from ntm_eval.vocab import STATUSES

CODE = {s: i for i, s in enumerate(STATUSES)}  # status → byte


def status_of(b: int) -> str:
    return STATUSES[b]


@dataclass(frozen=True, slots=True)
class SetShape:
    """The layout of a set's states: criteria and indicator ids in the set's order."""

    id: str
    title: str
    title_en: str | None
    tier: str | None
    level: str
    criteria: tuple[tuple[str, str, str | None], ...]  # (id, title, title_en)
    preconditions: frozenset[str]
    indicators: tuple[str, ...]
    bools: frozenset[str] = frozenset()  # yes/no indicators (values 1/0)
    units: tuple[str | None, ...] = ()  # the indicator's unit ("%", "km"…), by position

    @property
    def numbered(self) -> list[int]:
        return [i for i, c in enumerate(self.criteria) if c[0] not in self.preconditions]


@dataclass(slots=True)
class SetState:
    set_id: str
    status: str
    passed: int
    total: int
    criteria: bytes  # one status code per criterion of the shape
    values: array  # 'd', one per indicator of the shape; NaN = no value
    ind_status: bytes  # one status code per indicator of the shape
    main: bool = True  # the unit's own set (False: a prerequisite evaluated on the same data)


@dataclass(slots=True)
class UnitSnap:
    index: int
    source: str
    name: str
    level: str | None = None
    district: str | None = None
    province: str | None = None
    code: str | None = None
    year: int | None = None
    sets: tuple[SetState, ...] = ()  # the unit's own set first
    problems: tuple[Problem, ...] = ()
    # the units it was formed from (`unit.merged_from`): (code, name, level, district, province)
    merged_from: tuple[tuple[str, str, str, str, str], ...] = ()

    @property
    def main(self) -> SetState | None:
        return self.sets[0] if self.sets else None

    def state(self, set_id: str) -> SetState | None:
        for s in self.sets:
            if s.set_id == set_id:
                return s
        return None
