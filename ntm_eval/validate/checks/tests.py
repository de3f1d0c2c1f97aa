"""Embedded `tests:` cases, run through the real engine (`run.check.check_unit`): each case is
its own section of the report, failing when a verdict differs from the one it expects."""

from __future__ import annotations

from typing import Any, Iterator

from ntm_eval.errors import InputError, Problem, suggest
from ntm_eval.model import TestCase
from ntm_eval.results import UnitResult
from ntm_eval.validate.checks.registry import CASE, rule
from ntm_eval.validate.context import SetContext


def cases(ctx: SetContext) -> Iterator[tuple[str, tuple[int, TestCase]]]:
    """(name, (position, case)) of the cases this file writes (inherited ones run with the parent)."""
    if not isinstance(ctx.raw(("tests",)), list):
        return
    for n, tc in enumerate(ctx.cset.tests):
        yield tc.name, (n, tc)


def run_case(ctx: SetContext, n: int, tc: TestCase) -> UnitResult:
    """Evaluate the case's unit with the set. Raises InputError for a unit the set cannot bind."""
    from ntm_eval.load.unit import read_unit
    from ntm_eval.run.check import check_unit

    data: dict[str, Any] = {"unit": tc.unit, "values": tc.values}
    year = tc.year
    if year is None and tc.date:
        year = int(tc.date[:4])
    if year is not None:
        data["year"] = year
    if tc.date:
        data["date"] = tc.date
    return check_unit(read_unit(ctx.doc.sub(("tests", n), data)), ctx.cset, ctx.lookup)


def statuses(result: UnitResult) -> tuple[dict[str, str], dict[str, str]]:
    """Criterion id → status, and indicator (and part) id → status."""
    got_c = {c.id: c.status for c in result.criteria}
    got_i: dict[str, str] = {}
    for c in result.criteria:
        for i in c.indicators:
            got_i[i.id] = i.status
            for p in i.parts:
                got_i[p.id] = p.status
    return got_c, got_i


@rule(CASE, each=cases)
def check_case(ctx: SetContext, item: tuple[int, TestCase]) -> Iterator[Problem]:
    n, tc = item
    base = ("tests", n)
    if not isinstance(ctx.raw(base), dict):
        return
    try:
        result = run_case(ctx, n, tc)
    except InputError as exc:
        located = [p for p in exc.problems if p.file == ctx.doc.path]
        yield from located
        if len(located) < len(exc.problems):  # a broken reference, reported under references
            yield ctx.problem("validate.test_not_run", base, name=tc.name)
        return
    got_c, got_i = statuses(result)
    for what, expect, got in (("criteria", tc.expect_criteria, got_c), ("indicators", tc.expect_indicators, got_i)):
        for k, want in expect.items():
            path = base + ("expect", what, k)
            if k not in got:
                yield ctx.problem("validate.test_unknown_" + what, path, at_key=True, name=tc.name, id=k,
                                  hint=suggest(k, got))
            elif got[k] != want:
                yield ctx.problem("validate.test_" + what, path, name=tc.name, id=k, expected=want, got=got[k])
    if tc.expect_status is not None and result.status != tc.expect_status:
        yield ctx.problem("validate.test_status", base + ("expect", "status"), name=tc.name,
                          expected=tc.expect_status, got=result.status)
