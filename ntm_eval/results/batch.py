"""A batch's records: one compact row per unit (what a batch keeps instead of full results),
the set descriptions and the report renderers read (and its exit code)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ntm_eval.errors import Problem
from ntm_eval.vocab import COMPOSITES, EXIT_INVALID

if TYPE_CHECKING:
    from ntm_eval.core.aggregate import Aggregator
    from ntm_eval.io.spool import RowStore


@dataclass(frozen=True, slots=True)
class SetInfo:
    """What a report needs to know about a criteria set (no thresholds, no evaluation)."""

    id: str
    title: str
    level: str
    criteria: tuple[tuple[str, str, str | None], ...]  # (id, title, title_en)
    title_en: str | None = None
    tier: str | None = None
    status: str = "official"
    indicators: tuple[str, ...] = ()  # every data key the set accepts (indicators and parts)
    preconditions: tuple[str, ...] = ()  # criteria ids that are conditions, not numbered criteria
    # parallel to `criteria`: each criterion's guiding / responsible agency (Criterion.agency), None
    # where the set names none; empty when the set is described from a result alone
    agencies: tuple[str | None, ...] = ()
    # every indicator and part: (id, title, title_en, unit of measure, counted noun, its English)
    indicator_info: tuple[tuple[str, str, str | None, str | None, str | None, str | None], ...] = ()
    valid_from: str | None = None  # the set's `valid_from` (51/2025 sets: 2025-07-01 and later)


class IndicatorRow(NamedTuple):
    """One indicator (or part) of a unit, as a batch keeps it for the HTML drill-down and the
    matrix tooltips: the figures only — titles, units of measure and counted nouns are the
    set's (SetInfo.indicator_info), so a row stays small."""

    criterion: int  # position of its criterion in the set's order
    id: str
    status: str
    value: float | bool | None = None
    op: str | None = None
    threshold: float | bool | None = None
    gap: float | None = None
    need: int | None = None
    numerator: int | None = None
    denominator: int | None = None
    basis: str | None = None
    conflict: bool = False
    reason: str | None = None
    evidence: tuple[str, ...] = ()
    attestation: tuple[bool, str | None, str | None, str | None] | None = None  # (met, by, document, date)
    part: bool = False  # a part of the composite indicator above it
    undecided: int = 0  # member units still undecided (IndicatorResult.undecided)
    at_least: bool = False

    def packed(self) -> tuple[Any, ...]:
        """A plain tuple without its trailing defaults: what a row keeps (a plain tuple unpickles
        at C speed, a named one calls its class; a batch reads its rows several times)."""
        return trim_figures(tuple(self))

    @classmethod
    def unpack(cls, t: tuple[Any, ...]) -> "IndicatorRow":
        return cls._make(t + _FIGURE_DEFAULTS[len(t):])


_FIGURE_DEFAULTS: tuple[Any, ...] = (None, None, None) + tuple(IndicatorRow._field_defaults[f]
                                                              for f in IndicatorRow._fields[3:])


# Past this place in a batch a unit has short tooltips and no drill-down in the HTML report
# (render/batch/drill.py: FULL_TIPS_MAX_UNITS is this, DRILL_MAX_UNITS below it), so its row keeps
# only the figures those tooltips read (`short_tip_figures`, UnitRow.partial): the same page, from
# rows that are smaller to send between processes, spool and read back.
PARTIAL_FROM = 2000


def short_tip_figures(statuses: tuple[str, ...], packed: Iterable[tuple[Any, ...]]) -> tuple[tuple[Any, ...], ...]:
    """Of a row's packed indicator figures, those its short tooltips read: the indicators not met
    (composites aside) of the criteria not met, and per criterion the first attested indicator
    (who attested it). tests/test_htmlfast_partial.py: keeping only these gives the same page."""
    out = []
    attested: set[int] = set()
    for p in packed:
        k = p[0]
        if len(p) > 14 and p[14] is not None and k not in attested:
            attested.add(k)
            out.append(p)
        elif p[2] != "pass" and not (len(p) > 4 and p[4] in COMPOSITES) and k < len(statuses) \
                and statuses[k] != "pass":
            out.append(p)
    return tuple(out)


def trim_figures(t: tuple[Any, ...]) -> tuple[Any, ...]:
    """An IndicatorRow's fields as a tuple, without its trailing defaults (`packed`)."""
    n = len(t)
    while n > 3 and t[n - 1] == _FIGURE_DEFAULTS[n - 1]:
        n -= 1
    return t[:n]


@dataclass(frozen=True, slots=True)
class HeldBack:
    """A `from_members` indicator of a district: share of members meeting a set, and who does not."""

    criterion: str
    indicator: str
    title: str
    status: str
    numerator: int | None
    denominator: int | None
    names: tuple[str, ...]  # members that do not meet the rule (IndicatorResult.held_back)
    title_en: str | None = None
    undecided: tuple[str, ...] = ()  # members whose own result is still open (IndicatorResult.undecided)


@dataclass(slots=True)
class UnitRow:
    index: int  # position in the batch, 0-based
    source: str  # file path, or "sheet.csv:ROW"
    name: str
    level: str | None = None
    district: str | None = None
    province: str | None = None
    year: int | None = None
    set_id: str | None = None
    status: str | None = None  # None: could not be evaluated
    passed: int = 0
    total: int = 0
    statuses: tuple[str, ...] = ()  # one per criterion, in the set's order
    # parallel to `statuses`: each criterion's basis (computed | attested, None while open), and
    # whether a verdict given in it contradicts the numbers (CriterionResult.basis / conflict)
    bases: tuple[str | None, ...] = ()
    conflicts: tuple[bool, ...] = ()
    basis: str | None = None  # UnitResult.basis
    problems: tuple[Problem, ...] = ()
    held_back: tuple[HeldBack, ...] = ()
    # (set id, set title, status, set title_en), e.g. NTM under nâng cao
    prerequisites: tuple[tuple[str, str, str, str | None], ...] = ()
    # coverage of the set for this unit (UnitResult.indicators_known/encoded/declared)
    known: int = 0
    encoded: int = 0
    declared: int = 0

    # files first read while evaluating this unit (members, criteria files): never an --output
    files_read: tuple[str, ...] = ()
    # warnings about the input this row came from, reported with the batch's input warnings (a
    # sheet row whose own "Số tiêu chí đạt" differs from the count computed)
    notes: tuple[Problem, ...] = ()
    # every indicator's figures, in the set's order (the HTML drill-down and tooltips), and the
    # verdicts given for whole criteria: (criterion position, met, by, document, date)
    indicators: tuple[tuple[Any, ...], ...] = ()  # IndicatorRow.packed(); read with IndicatorRow.unpack
    criterion_attestations: tuple[tuple[int, bool, str | None, str | None, str | None], ...] = ()
    # a commune formed on 1/7/2025: the official (code, name) of the units it was merged from
    merged_from: tuple[tuple[str, str], ...] = ()
    code: str = ""  # the unit's official code as its data gives it ("" when not given)
    unsourced: int = 0  # a sheet row: verdicts it gives with no attesting body (summed per sheet)
    # `indicators` holds only what the row's short tooltips read (a unit past PARTIAL_FROM): a cached
    # row kept so serves no earlier place in a later batch
    partial: bool = False

    @property
    def broken(self) -> bool:
        return self.status is None or bool(self.problems)


@dataclass
class BatchReport:
    """Everything a renderer reads: set descriptions, aggregates, and the rows (in order)."""

    input: str
    sets: dict[str, SetInfo]
    aggregates: "Aggregator"
    rows: "RowStore"
    year: int | None = None
    set_ref: str | None = None
    notes: list[Problem] = field(default_factory=list)  # about the input itself, not one unit
    inputs: set[str] = field(default_factory=set)  # every file the batch read (workers included)

    @property
    def exit_code(self) -> int:
        """2 if the input itself or any unit is broken, else 0 when every unit meets its set, else 1."""
        if any(p.severity == "error" for p in self.notes):
            return EXIT_INVALID
        return self.aggregates.exit_code()

    def close(self) -> None:
        self.rows.close()

    def __enter__(self) -> "BatchReport":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
