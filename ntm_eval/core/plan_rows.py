"""What a unit brings to a plan (part of `ntm_eval.core.plan`; pure): its standing against each
criteria set, the criteria it has not met and their failing indicators (`Gap`), with the relative
gap that ranks them for "what to do next"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ntm_eval.vocab import FAIL, OPEN, fold

ACHIEVED, ON_TRACK, BEHIND, UNDECIDED = "achieved", "on_track", "behind", "undecided"
PLAN_STATUSES = (ACHIEVED, ON_TRACK, BEHIND, UNDECIDED)
EPS = 1e-9
NEAREST = 50  # candidates kept per target for "what next"


# --- what a unit brings -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Gap:
    """A failing indicator and how far it is from its threshold."""

    unit: str
    criterion: str
    indicator: str
    title: str
    value: Any
    op: str | None
    threshold: Any
    unit_of: str | None
    gap: float | None
    need: int | None
    need_of: str | None
    rel: float
    title_en: str | None = None
    need_of_en: str | None = None

    def key(self) -> tuple:
        return (round(self.rel, 9), self.need if self.need is not None else 10**9, self.unit, self.indicator)


@dataclass(frozen=True, slots=True)
class Crit:
    id: str
    title: str
    status: str
    cost: float  # 0 when met; the sum of its failing indicators' distances when not met
    precondition: bool = False
    title_en: str | None = None


@dataclass(frozen=True, slots=True)
class Standing:
    """One unit against one criteria set (its own, or a prerequisite of it)."""

    set_id: str
    status: str
    passed: int
    total: int
    criteria: tuple[Crit, ...]
    gaps: tuple[Gap, ...] = ()

    @property
    def open(self) -> int:
        return sum(1 for c in self.criteria if not c.precondition and c.status in OPEN)

    def not_met(self) -> list[Crit]:
        return [c for c in self.criteria if c.status == FAIL]

    def undecided(self) -> list[Crit]:
        return [c for c in self.criteria if c.status in OPEN]

    def distance(self) -> tuple[int, float]:
        nm = self.not_met()
        return len(nm), sum(c.cost for c in nm)

    def crit(self, cid: str) -> Crit | None:
        return next((c for c in self.criteria if c.id == cid), None)


@dataclass(frozen=True, slots=True)
class PlanRow:
    name: str
    level: str | None
    district: str | None
    province: str | None
    year: int | None
    source: str
    set_id: str | None  # its own set
    standings: tuple[Standing, ...] = ()

    def standing(self, set_id: str | None) -> Standing | None:
        sid = set_id or self.set_id
        return next((s for s in self.standings if s.set_id == sid), None)

    def key(self) -> tuple:
        return (self.level or "", fold(self.name), fold(self.district or ""), fold(self.province or ""), self.year)


def relative_gap(gap: float | None, threshold: Any) -> float:
    if gap is None or isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        return 1.0
    if threshold == 0:
        return min(1.0, abs(gap))
    return min(1.0, abs(gap) / abs(threshold))
