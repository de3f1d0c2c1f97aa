"""Resolve an indicator's threshold for one unit: evaluation date, year, region/group.

Pure functions. OpenFisca-style: the version in force is the one with the latest `from` not
after the evaluation date; a value by year or class falls back to `default`, else unknown.
"""

from __future__ import annotations

from ntm_eval.records import dataclass

from ntm_eval.model import (ByKey, Const, CriteriaSet, Derived, Indicator, NotApplicable, Override,
                            ThresholdVersion, Unknown, ValueNode)
from ntm_eval.vocab import Lookup


@dataclass(frozen=True)
class Context:
    """What thresholds depend on, for one unit evaluated against one set."""

    year: int | None
    date: str  # ISO evaluation date
    klass: str | None = None  # region or group after overrides
    declared_klass: str | None = None
    override: Override | None = None
    categories: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Resolved:
    op: str  # ">=", "<=", "=", or "unknown"
    value: float | bool | None  # None: unknown
    version: ThresholdVersion | None
    reason: str | None = None  # why unknown: unknown | not_in_force | op_unknown
    detail: str | None = None  # e.g. the reason text of an `unknown:` node

    @property
    def known(self) -> bool:
        return self.value is not None and self.op != "unknown"


def unit_class(cset: CriteriaSet, declared: str | None, categories: frozenset[str], date: str
               ) -> tuple[str | None, Override | None]:
    """The class whose thresholds apply: the declared one, unless a special-commune rule in
    force on `date` says otherwise (318 Điều 1 as amended by 211: use the TDMNPB column)."""
    cl = cset.classification
    if cl is None:
        return None, None
    for ov in cl.overrides:
        if ov.valid_from and date < ov.valid_from:
            continue
        if ov.valid_until and date > ov.valid_until:
            continue
        if categories.intersection(ov.if_any):
            return ov.use, ov
    return declared, None


def version_in_force(versions: tuple[ThresholdVersion, ...], date: str) -> ThresholdVersion | None:
    chosen = None
    for v in versions:
        if v.valid_from and v.valid_from > date:
            continue
        if v.valid_until and v.valid_until < date:
            continue
        if chosen is None or (v.valid_from or "") >= (chosen.valid_from or ""):
            chosen = v
    return chosen


_NA = object()  # sentinel: the value node says "does not apply here"


def resolve(ind: Indicator, cset: CriteriaSet, ctx: Context, lookup: Lookup | None = None,
            depth: int = 0) -> Resolved:
    if not cset.in_force(ctx.date):
        return Resolved("unknown", None, None, "not_in_force")  # the whole set is not in force
    if not ind.thresholds:
        return Resolved("unknown", None, None, "unknown")
    version = version_in_force(ind.thresholds, ctx.date)
    if version is None:
        return Resolved("unknown", None, None, "not_in_force")
    value, detail = _value(version.value, ctx, lookup, depth)
    if value is _NA:
        return Resolved(version.op, None, version, "not_applicable")
    if version.op == "unknown":
        if value is None:  # `threshold: unknown`: nothing is known
            return Resolved("unknown", None, version, "unknown", detail)
        return Resolved("unknown", value, version, "op_unknown", detail)
    if value is None:
        return Resolved(version.op, None, version, "unknown", detail)
    return Resolved(version.op, value, version)


def _value(node: ValueNode | None, ctx: Context, lookup: Lookup | None, depth: int
           ) -> tuple[float | bool | None, str | None]:
    if node is None:
        return None, None
    if isinstance(node, Const):
        return node.value, None
    if isinstance(node, Unknown):
        return None, node.reason
    if isinstance(node, NotApplicable):
        return _NA, None
    if isinstance(node, ByKey):
        key = str(ctx.year) if node.dim == "year" else ctx.klass
        branch = node.branches.get(key) if key is not None else None
        if branch is None:
            branch = node.default
        return _value(branch, ctx, lookup, depth)
    if isinstance(node, Derived):
        if lookup is None or depth > 5:
            return None, f"{node.set_id} {node.indicator}"
        base_set = lookup(node.set_id)
        base_ind = base_set.all_ids().get(node.indicator)
        if base_ind is None:
            return None, f"{node.set_id} {node.indicator}"
        klass, ov = unit_class(base_set, ctx.declared_klass, ctx.categories, ctx.date)
        sub = Context(ctx.year, ctx.date, klass, ctx.declared_klass, ov, ctx.categories)
        r = resolve(base_ind, base_set, sub, lookup, depth + 1)
        if r.reason == "not_applicable":
            return _NA, None
        if not r.known or isinstance(r.value, bool):
            return None, f"{node.set_id} {node.indicator}"
        return round(float(r.value) * node.factor, 6), None
    return None, None
