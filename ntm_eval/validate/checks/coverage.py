"""Coverage: for every year of `years` and every class (and every day a threshold version or a
class override starts or ends), each indicator resolves to a threshold or an explicit unknown.

A `by_region` / `by_year` that silently lacks a value without `default` is an error; a threshold
that stays unknown (declared, or before its first version) is a warning naming where.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Iterator

from ntm_eval.errors import InputError, Problem
from ntm_eval.model import ByKey, Indicator, ThresholdVersion, ValueNode
from ntm_eval.validate.checks.registry import rule
from ntm_eval.validate.context import SetContext

Windows = dict[int, tuple[str, str]]  # year → first and last day of it on which the set is in force


def day(s: str, delta: int) -> str:
    return (_dt.date.fromisoformat(s) + _dt.timedelta(days=delta)).isoformat()


def years_text(ys: list[int]) -> str:
    """[2022, 2023, 2024, 2026] → "2022–2024, 2026"."""
    runs: list[list[int]] = []
    for y in sorted(ys):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def cases_text(cases: dict[int, set], classes: list) -> str:
    """Language-neutral list of where a threshold is unknown: "dbsh, dnb (2022–2025); 2026"."""
    groups: dict[frozenset, list[int]] = {}
    for y in sorted(cases):
        groups.setdefault(frozenset(cases[y]), []).append(y)
    bits = []
    for ks, ys in groups.items():
        yrs = years_text(ys)
        if len(ks) == len(classes):
            bits.append(yrs)
        else:
            bits.append(f"{', '.join(sorted(str(k) for k in ks))} ({yrs})")
    return "; ".join(bits)


# --- the years and days looked at --------------------------------------------------------------
def windows(ctx: SetContext) -> tuple[Windows, list[Problem]]:
    """Year → the part of that year in which the set is in force; and problems with `years`."""
    if "windows" not in ctx.cache:
        ctx.cache["windows"] = _windows(ctx)
    return ctx.cache["windows"]


def _windows(ctx: SetContext) -> tuple[Windows, list[Problem]]:
    cs = ctx.cset
    out: Windows = {}
    problems = []
    years = list(cs.years)
    if not years:
        problems.append(ctx.problem("validate.no_years", ("id",), severity="warning"))
        years = [cs.default_year()]
    for y in years:
        lo, hi = f"{y}-01-01", f"{y}-12-31"
        if cs.valid_from and cs.valid_from > lo:
            lo = cs.valid_from
        if cs.valid_until and cs.valid_until < hi:
            hi = cs.valid_until
        if lo > hi:
            if cs.years:
                problems.append(ctx.problem("validate.year_outside", ("years", cs.years.index(y)), year=y,
                                            valid_from=cs.valid_from or "…", valid_until=cs.valid_until or "…"))
            continue
        out[y] = (lo, hi)
    return out, problems


def override_days(ctx: SetContext) -> set[str]:
    """Days on which a class override starts or stops applying."""
    days: set[str] = set()
    if ctx.cset.classification:
        for ov in ctx.cset.classification.overrides:
            if ov.valid_from:
                days.add(ov.valid_from)
            if ov.valid_until:
                days.add(day(ov.valid_until, 1))
    return days


def days_of(leaf: Indicator, lo: str, hi: str, extra: set[str]) -> list[str]:
    """The days of [lo, hi] to resolve on: its ends, and every day something changes inside."""
    days = {lo, hi} | {d for d in extra if lo <= d <= hi}
    for v in leaf.thresholds:
        for d in (v.valid_from, day(v.valid_until, 1) if v.valid_until else None):
            if d and lo <= d <= hi:
                days.add(d)
    return sorted(days)


# --- resolving every case ----------------------------------------------------------------------
@dataclass
class Scan:
    """Where a leaf's threshold does not resolve to a value (nor to "does not apply")."""

    unknown: bool = False  # anywhere (counted in the set's summary)
    cases: dict[int, set] = field(default_factory=dict)  # year → classes, excluding version gaps
    reasons: set[str] = field(default_factory=set)
    first_from: str | None = None  # start of the first dated version


def scan(ctx: SetContext, leaf: Indicator) -> Scan:
    key = ("scan", leaf.id)
    if key not in ctx.cache:
        ctx.cache[key] = _scan(ctx, leaf)
    return ctx.cache[key]


def _scan(ctx: SetContext, leaf: Indicator) -> Scan:
    from ntm_eval.core.thresholds import Context, resolve

    wins, _ = windows(ctx)
    classes = ctx.cset.class_values()
    extra = override_days(ctx)
    s = Scan(first_from=min((v.valid_from for v in leaf.thresholds if v.valid_from), default=None))
    for y, (lo, hi) in wins.items():
        for d in days_of(leaf, lo, hi, extra):
            for klass in classes:
                try:
                    r = resolve(leaf, ctx.cset, Context(y, d, klass, klass), ctx.lookup)
                except InputError:
                    continue  # a broken `derived` reference, reported under references
                if r.known or r.reason == "not_applicable":
                    continue  # a value, or a declared "does not apply here"
                s.unknown = True
                if r.reason == "not_in_force" and s.first_from and d >= s.first_from:
                    continue  # after an `until`: a version gap, reported under versions
                s.cases.setdefault(y, set()).add(klass)
                s.reasons.add(r.reason or "unknown")
    return s


def unknown_indicators(ctx: SetContext) -> int:
    """Top-level indicators whose threshold is unknown for some year, class or day."""
    return len({ind.id for ind, leaf, _, _ in ctx.owned_leaves() if scan(ctx, leaf).unknown})


# --- the check ---------------------------------------------------------------------------------
@rule("coverage")
def check_coverage(ctx: SetContext) -> Iterator[Problem]:
    wins, problems = windows(ctx)
    yield from problems
    classes = ctx.cset.class_values()
    for _, leaf, owned, base in ctx.owned_leaves():
        if not owned:
            continue  # inherited thresholds are reported with the set that writes them
        vs = ctx.versions(leaf, base)
        missing = [p for v, vpath in vs
                   for p in missing_branches(ctx, v.value, vpath + ("value",), leaf.id,
                                             version_years(v, [x for x, _ in vs], wins), classes)]
        yield from missing
        if not missing:  # a missing by_region / by_year value is already an error
            yield from unknown_warning(ctx, leaf, base, scan(ctx, leaf), wins, classes)


def unknown_warning(ctx: SetContext, leaf: Indicator, base: tuple, s: Scan, wins: Windows,
                    classes: list) -> Iterator[Problem]:
    if not s.cases:
        return
    tpath = base + ("threshold",)
    if s.reasons == {"not_in_force"}:
        yield ctx.problem("validate.not_in_force", tpath, at_key=True, indicator=leaf.id, severity="warning",
                          start=s.first_from or "…", cases=cases_text(s.cases, classes))
    elif len(s.cases) == len(wins) and all(len(c) == len(classes) for c in s.cases.values()):
        yield ctx.problem("validate.unknown_threshold_all", tpath, at_key=True, indicator=leaf.id,
                          severity="warning")
    else:
        yield ctx.problem("validate.unknown_threshold", tpath, at_key=True, indicator=leaf.id,
                          severity="warning", cases=cases_text(s.cases, classes))


def version_years(v: ThresholdVersion, all_versions: list[ThresholdVersion], wins: Windows) -> list[int]:
    """The years of `years` in which version `v` is in force on some day."""
    start = v.valid_from or "0000-01-01"
    end = v.valid_until or "9999-12-31"
    later = [w.valid_from for w in all_versions if w.valid_from and w.valid_from > start]
    if later:
        end = min(end, day(min(later), -1))
    return [y for y, (lo, hi) in wins.items() if start <= hi and end >= lo]


def missing_branches(ctx: SetContext, node: ValueNode, path: tuple, iid: str, years: list[int],
                     classes: list[str | None]) -> Iterator[Problem]:
    """A `by_year` / `by_<class>` without `default` must have a value for every year / class."""
    if not isinstance(node, ByKey):
        return
    kpath = path + ("by_" + node.dim,)
    if node.dim == "year":
        missing = [str(y) for y in years if str(y) not in node.branches]
        if missing and node.default is None:
            yield ctx.problem("validate.missing_year", kpath, at_key=True, indicator=iid, values=", ".join(missing))
        for k, b in node.branches.items():
            yield from missing_branches(ctx, b, kpath + (k,), iid, [y for y in years if str(y) == k], classes)
        if node.default is not None:
            rest = [y for y in years if str(y) not in node.branches]
            yield from missing_branches(ctx, node.default, kpath + ("default",), iid, rest, classes)
    else:
        missing = [str(c) for c in classes if c is not None and c not in node.branches]
        if missing and node.default is None:
            yield ctx.problem("validate.missing_class", kpath, at_key=True, indicator=iid,
                              key_name=node.dim, values=", ".join(missing))
        for k, b in node.branches.items():
            yield from missing_branches(ctx, b, kpath + (k,), iid, years, [k])
        if node.default is not None:
            yield from missing_branches(ctx, node.default, kpath + ("default",), iid, years,
                                        [c for c in classes if c not in node.branches])
