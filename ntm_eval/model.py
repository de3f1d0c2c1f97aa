"""Typed domain model of a criteria set (what `criteria/*.yaml` files become).

Plain frozen records: cheap to import, cheap to build, easy to read. The parser that builds
them from YAML (with located errors) is `criteria.py`.

Each class is written as a dataclass and behaves as one (`dataclasses.fields`, `replace`,
`asdict`, the same `__init__`, `repr`, `==`, `hash`, frozen attributes, pickling), but is not
made by `@dataclass`: that builds and compiles six functions per class at import, which was most
of this module's import time (read at every start-up). `_record` marks a class, `_build` gives it
the same methods; tests/test_startup_model.py compares each class with its `@dataclass` twin.
"""

from __future__ import annotations

import dataclasses as _dc
from dataclasses import field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Union

from ntm_eval.vocab import COMPOSITES

if TYPE_CHECKING:
    from ntm_eval.errors import Problem


_PENDING: list[tuple[type, bool]] = []


def _record(frozen: bool = True):
    """`@dataclass(frozen=frozen)` for a class without a base; made real by `_build`."""

    def mark(cls: type) -> type:
        _PENDING.append((cls, frozen))
        return cls

    return mark


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise _dc.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise _dc.FrozenInstanceError(f"cannot delete field {name!r}")


def _build() -> None:
    """Give every class marked by `_record` what `@dataclass` would: `__init__` (positional or
    keyword, defaults and default factories), `__repr__`, `__eq__`, `__hash__` (frozen) or none
    (not frozen), frozen `__setattr__`/`__delattr__`, `__match_args__`, `__dataclass_fields__`.
    Nothing is compiled here: a class's `__init__` is compiled when it first makes an object (sets
    read back from the compiled cache are unpickled, never constructed)."""
    nodefault = object()
    for cls, frozen in _PENDING:
        names = tuple(cls.__dict__.get("__annotations__", {}))
        fields: dict[str, _dc.Field] = {}
        for name in names:
            got = cls.__dict__.get(name, nodefault)
            if isinstance(got, _dc.Field):  # field(default_factory=…)
                f = got
                delattr(cls, name)
            else:
                f = field() if got is nodefault else field(default=got)
            f.name, f.type, f._field_type = name, cls.__annotations__[name], _dc._FIELD  # type: ignore[attr-defined]
            fields[name] = f
        cls.__dataclass_fields__ = fields  # type: ignore[attr-defined]
        cls.__match_args__ = names  # type: ignore[attr-defined]
        _methods(cls, names, fields, frozen)
    _PENDING.clear()


def _methods(cls: type, names: tuple[str, ...], fields: dict[str, _dc.Field], frozen: bool) -> None:
    from operator import attrgetter

    get = attrgetter(*names) if len(names) > 1 else (lambda o: (getattr(o, names[0]),)) if names else (lambda o: ())

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        real = _compile_init(cls, fields)
        cls.__init__ = real  # type: ignore[misc]
        real(self, *args, **kwargs)

    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={v!r}' for n, v in zip(names, get(self)))})"

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return get(self) == get(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(get(self))

    methods = {"__init__": __init__, "__repr__": __repr__, "__eq__": __eq__}
    if frozen:
        methods.update(__hash__=__hash__, __setattr__=_frozen_setattr, __delattr__=_frozen_delattr)
    for attr, fn in methods.items():
        fn.__qualname__ = f"{cls.__qualname__}.{attr}"
        fn.__module__ = cls.__module__
        setattr(cls, attr, fn)
    if not frozen:
        cls.__hash__ = None  # type: ignore[assignment]  # eq without frozen: unhashable, as a dataclass


def _compile_init(cls: type, fields: dict[str, _dc.Field]) -> Any:
    """The class's `__init__` as `@dataclass` writes it (our own generated source, never input)."""
    ns: dict[str, Any] = {"_HAS_FACTORY": _dc._HAS_DEFAULT_FACTORY}
    params, body = [], []
    for name, f in fields.items():
        if f.default_factory is not _dc.MISSING:
            ns[f"_f_{name}"] = f.default_factory
            params.append(f"{name}=_HAS_FACTORY")
            body.append(f"    d[{name!r}] = _f_{name}() if {name} is _HAS_FACTORY else {name}")
            continue
        if f.default is _dc.MISSING:
            params.append(name)
        else:
            ns[f"_d_{name}"] = f.default
            params.append(f"{name}=_d_{name}")
        body.append(f"    d[{name!r}] = {name}")
    src = "\n".join([f"def __init__(self{''.join(', ' + p for p in params)}):", "    d = self.__dict__", *body])
    exec(compile(src, f"<{cls.__qualname__}.__init__>", "exec"), ns)
    fn = ns["__init__"]
    fn.__annotations__ = {**{name: f.type for name, f in fields.items()}, "return": None}
    fn.__qualname__ = f"{cls.__qualname__}.__init__"
    fn.__module__ = cls.__module__
    return fn


@_record()
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
@_record()
class Const:
    value: float | bool


@_record()
class Unknown:
    reason: str | None = None


@_record()
class NotApplicable:
    """The indicator does not apply to this class or year (e.g. a rule one region lacks)."""


@_record()
class ByKey:
    """Value chosen by the unit's class (`by_region`, `by_group`) or by year (`by_year`)."""

    dim: str  # "year" or the classification key
    branches: dict[str, "ValueNode"]
    default: "ValueNode | None" = None


@_record()
class Derived:
    """factor × (threshold of another set's indicator, same unit/year/class)."""

    set_id: str
    indicator: str
    factor: float = 1.0


ValueNode = Union[Const, Unknown, NotApplicable, ByKey, Derived]


@_record()
class ThresholdVersion:
    op: str  # ">=", "<=", "=", or "unknown"
    value: ValueNode
    valid_from: str | None = None
    valid_until: str | None = None
    source: Source | None = None
    confidence: str | None = None
    note: str | None = None


@_record()
class MembersRule:
    """Value computed from member units (a district's communes): the share of members of
    `level` that meet `set_id` — e.g. "100% số xã đạt chuẩn NTM"."""

    level: str
    set_id: str


@_record()
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


@_record()
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


@_record()
class Override:
    use: str
    if_any: tuple[str, ...]
    valid_from: str | None = None
    valid_until: str | None = None
    source: Source | None = None
    note: str | None = None


@_record()
class Classification:
    key: str  # unit field: "region" or "group"
    values: dict[str, str]
    overrides: tuple[Override, ...] = ()


@_record()
class ProvinceRef:
    """The province a provincial set is of, by official code (`province: {code: "12", name: Lai
    Châu}`); for a province merged on 1/7/2025, the province it became part of (`merged_into`)."""

    code: str
    name: str
    merged_into: "ProvinceRef | None" = None


@_record()
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


@_record()
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
@_record()
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


@_record()
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


@_record(frozen=False)
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


_build()
