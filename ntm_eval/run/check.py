"""Check one data file end to end: load → choose the set → bind → evaluate. Never prints."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ntm_eval.load.catalog import Catalog
from ntm_eval.load.unit import RawUnit, member_paths, read_unit
from ntm_eval.core.engine import check_unit, members_values
from ntm_eval.errors import InputError, Problem
from ntm_eval.results import UnitResult
from ntm_eval.io.yamlload import load_path


@dataclass
class Outcome:
    path: str
    result: UnitResult | None = None
    problems: list[Problem] = field(default_factory=list)


def check_file(path: str, catalog: Catalog, set_ref: str | None = None, year: int | None = None) -> Outcome:
    """Evaluate one unit file; bad input becomes located problems, never an exception."""
    try:
        raw = read_unit(load_path(path))
    except InputError as exc:
        return Outcome(path, problems=exc.problems)
    return check_raw(raw, catalog, set_ref, year)


def check_raw(raw: RawUnit, catalog: Catalog, set_ref: str | None = None, year: int | None = None) -> Outcome:
    """Evaluate a unit already read (a file, or a row of a sheet): choose the set, evaluate the
    district's members if it has any, bind, evaluate."""
    path = raw.doc.path
    try:
        ref = set_ref or raw.criteria_set
        if not ref:
            return Outcome(path, problems=[raw.doc.problem("cli.no_set", ())])
        if set_ref is None and ref.endswith((".yaml", ".yml")) and not os.path.isabs(ref):
            ref = os.path.join(os.path.dirname(path), ref)  # a set file named in the data: relative to it
        try:
            cset = catalog.get(ref)
        except InputError as exc:
            if set_ref is None and any(p.key == "catalog.unknown_set" for p in exc.problems):
                p = exc.problems[0]
                return Outcome(path, problems=[raw.doc.problem("catalog.unknown_set", ("criteria_set",),
                                                               **p.params)])
            raise
        computed, problems = {}, []
        uses_members = any(i.from_members for i in cset.all_ids().values())
        if raw.members is not None and uses_members:
            computed, problems = _members(raw, cset, catalog, year)
        result = check_unit(raw, cset, catalog.get, year, computed=computed)
        if raw.members is not None and not uses_members:
            result.warnings.append({"key": "data.members_unused", "set_id": cset.id})
        return Outcome(path, result, problems)
    except InputError as exc:
        return Outcome(path, problems=exc.problems)


def _members(raw, cset, catalog, year):
    """Evaluate a district's member files; a broken member is reported, the rest still count."""
    paths, problems = member_paths(raw)
    members = []
    for p in paths:
        try:
            mraw = read_unit(load_path(p))
            if mraw.unit.get("level") is None:
                problems.append(mraw.doc.problem("data.member_no_level", ("unit",)))
                continue
            members.append((p, mraw))
        except InputError as exc:
            problems += exc.problems
    try:
        computed, more = members_values(cset, members, catalog.get, year if year is not None else raw.year)
        problems += more
    except InputError as exc:
        problems += exc.problems
        computed = {}
    return computed, problems
