"""Typed domain model of a criteria set (what `criteria/*.yaml` files become).

Plain frozen records: cheap to import, cheap to build, easy to read. The parser that builds
them from YAML (with located errors) is `criteria.py`.

The classes are dataclasses made by ntm_eval/records.py (the same behaviour as the standard
library's, without compiling six functions per class at import: that was most of this module's
import time, paid by every start-up).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, Union

from ntm_eval.records import dataclass, field
from ntm_eval.vocab import COMPOSITES

if TYPE_CHECKING:
    from ntm_eval.errors import Problem


@dataclass(frozen=True)
class Source:
    document: str
    date: str | None = None
    part: str | None = None
    issuer: str | None = None
    url: str | None = None
    note: str | None = None

    @cached_property
    def short(self) -> str:
        """"Công văn 3371/BCA-V05 hướng dẫn …" → "Công văn 3371/BCA-V05" for narrow columns."""
        words = self.document.split()
        for n, w in enumerate(words):
            if "/" in w:
                return " ".join(words[: n + 1])
        return self.document if len(self.document) <= 40 else self.document[:39] + "…"

    @cached_property
    def cite(self) -> str:
        bits = [self.document]
        if self.part:
            bits.append(self.part)
        if self.date:
            bits.append(self.date)
        return ", ".join(bits)


# --- threshold value nodes --------------------------------------------------------------
@dataclass(frozen=True)
class Const:
    value: float | bool


@dataclass(frozen=True)
class Unknown:
    reason: str | None = None


@dataclass(frozen=True)
class NotApplicable:
    """The indicator does not apply to this class or year (e.g. a rule one region lacks)."""


@dataclass(frozen=True)
class ByKey:
    """Value chosen by the unit's class (`by_region`, `by_group`) or by year (`by_year`)."""

    dim: str  # "year" or the classification key
    branches: dict[str, "ValueNode"]
    default: "ValueNode | None" = None


@dataclass(frozen=True)
class Derived:
    """factor × (threshold of another set's indicator, same unit/year/class)."""

    set_id: str
    indicator: str
    factor: float = 1.0


ValueNode = Union[Const, Unknown, NotApplicable, ByKey, Derived]


@dataclass(frozen=True)
class ThresholdVersion:
    op: str  # ">=", "<=", "=", or "unknown"
    value: ValueNode
    valid_from: str | None = None
    valid_until: str | None = None
    source: Source | None = None
    confidence: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class MembersRule:
    """Value computed from member units (a district's communes): the share of members of
    `level` that meet `set_id` — e.g. "100% số xã đạt chuẩn NTM"."""

    level: str
    set_id: str


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    type: str = "number"
    unit: str | None = None
    title_en: str | None = None
    id_confidence: str = "printed"
    optional: bool = False
    counts_of: str | None = None
    counts_of_en: str | None = None
    thresholds: tuple[ThresholdVersion, ...] = ()
    parts: tuple["Indicator", ...] = ()
    from_members: MembersRule | None = None
    agency: str | None = None
    note: str | None = None

    @property
    def composite(self) -> bool:
        return self.type in COMPOSITES

    def leaves(self) -> tuple["Indicator", ...]:
        """The indicators that carry thresholds: the parts of a composite, else itself."""
        return self.parts if self.composite else (self,)


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    indicators: tuple[Indicator, ...]
    title_en: str | None = None
    group: str | None = None
    agency: str | None = None
    note: str | None = None
    precondition: bool = False  # an "điều kiện" the unit must meet, not one of the numbered criteria
    # Whether the set encodes every indicator the law lists for this criterion. One that is not
    # known complete can never be *computed* as met — only attested.
    complete: bool = True


@dataclass(frozen=True)
class Override:
    use: str
    if_any: tuple[str, ...]
    valid_from: str | None = None
    valid_until: str | None = None
    source: Source | None = None
    note: str | None = None


@dataclass(frozen=True)
class Classification:
    key: str  # unit field: "region" or "group"
    values: dict[str, str]
    overrides: tuple[Override, ...] = ()


@dataclass(frozen=True)
class ProvinceRef:
    """The province a provincial set is of, by official code (`province: {code: "12", name: Lai
    Châu}`); for a province merged on 1/7/2025, the province it became part of (`merged_into`)."""

    code: str
    name: str
    merged_into: "ProvinceRef | None" = None


@dataclass(frozen=True)
class TestCase:
    name: str
    unit: dict[str, Any]
    year: int | None
    date: str | None
    values: dict[str, Any]
    expect_status: str | None
    expect_criteria: dict[str, str]
    expect_indicators: dict[str, str]
    line: int | None = None


@dataclass(frozen=True)
class CriteriaSet:
    id: str
    title: str
    level: str
    criteria: tuple[Criterion, ...]
    path: str = ""
    title_en: str | None = None
    also_levels: tuple[str, ...] = ()  # other unit levels the set applies to
    tier: str | None = None
    status: str = "official"
    valid_from: str | None = None
    valid_until: str | None = None
    indicator_count: int | None = None
    years: tuple[int, ...] = ()
    source: Source | None = None
    confidence: str | None = None
    note: str | None = None
    classification: Classification | None = None
    categories: dict[str, str] = field(default_factory=dict)
    requires: tuple[str, ...] = ()
    extends: str | None = None
    tests: tuple[TestCase, ...] = ()
    province: ProvinceRef | None = None  # a provincial set's province (load/set_province.py)

    @property
    def levels(self) -> tuple[str, ...]:
        return (self.level, *self.also_levels)

    def class_values(self) -> list[str | None]:
        """The classes thresholds are given for (regions, groups), or [None] for an unclassified set."""
        return list(self.classification.values) if self.classification else [None]

    def in_force(self, date: str) -> bool:
        """Whether the set is in force on an ISO date."""
        return not (self.valid_from and date < self.valid_from) and not (self.valid_until and date > self.valid_until)

    def evaluation_date(self, year: int) -> str:
        """The one rule for the date a year is evaluated on: 31 December, or the set's last day
        when it ends during that year (the 2021–2025 district sets end on 2025-06-30)."""
        date = f"{year}-12-31"
        if self.valid_until and self.valid_until[:4] == str(year) and self.valid_until < date:
            return self.valid_until
        return date

    def default_year(self) -> int:
        """Latest evaluation year of the set: the last of `years`, else of its validity."""
        if self.years:
            return max(self.years)
        if self.valid_until:
            return int(self.valid_until[:4])
        if self.valid_from:
            return int(self.valid_from[:4])
        import datetime

        return datetime.date.today().year

    def indicators(self) -> list[Indicator]:
        """Top-level indicators (parts are inside their composite)."""
        return [ind for c in self.criteria for ind in c.indicators]

    def all_ids(self) -> dict[str, Indicator]:
        """Every data key this set accepts: indicators and their parts."""
        out: dict[str, Indicator] = {}
        for ind in self.indicators():
            out[ind.id] = ind
            for p in ind.parts:
                out[p.id] = p
        return out


# --- a unit's data, bound to the set it is evaluated with (load/unit.py builds these) ---------
@dataclass(frozen=True)
class Attestation:
    """A verdict given in the data (kết luận theo xác nhận): met or not, by whom, on what document.
    The responsible department verifies a criterion, the level above appraises it; the tool
    records their verdict and checks it against the numbers wherever it can."""

    met: bool
    by: str | None = None  # "Phòng Kinh tế và Hạ tầng huyện"
    document: str | None = None  # "Biên bản thẩm tra 12/BB-KTHT"
    date: str | None = None  # ISO date of the document
    note: str | None = None

    @property
    def sourced(self) -> bool:
        return bool(self.by)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"verdict": "pass" if self.met else "fail", "by": self.by, "document": self.document,
                             "date": self.date}
        if self.note:
            d["note"] = self.note
        if not self.sourced:
            d["unsourced"] = True
        return d


@dataclass(frozen=True)
class DataValue:
    kind: str  # number | bool | counts | na | missing
    value: float | bool | None = None
    numerator: int | None = None
    denominator: int | None = None
    evidence: tuple[str, ...] = ()
    note: str | None = None
    held_back: tuple[str, ...] = ()  # computed from members: those that do not meet the rule
    undecided: tuple[str, ...] = ()  # members whose own result is still open (data, thresholds)
    undecided_status: str = "no_threshold"
    attestation: Attestation | None = None  # a verdict given for this indicator
    met_by: tuple[str, ...] = ()  # computed from members: those that meet the rule
    basis: str | None = None  # computed from members: attested when a member counted was attested


@dataclass
class UnitData:
    path: str
    unit: dict[str, Any]
    year: int | None
    date: str
    values: dict[str, DataValue]
    declared_klass: str | None = None
    categories: frozenset[str] = frozenset()
    warnings: list["Problem"] = field(default_factory=list)
    attested: dict[str, Attestation] = field(default_factory=dict)  # criterion id → verdict given for it

    @property
    def name(self) -> str:
        return str(self.unit.get("name") or self.path)
