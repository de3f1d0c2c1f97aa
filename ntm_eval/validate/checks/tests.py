"""Embedded `tests:` cases, run through the real engine (`run.check.check_unit`): each case is
its own section of the report, failing when a verdict differs from the one it expects."""

from __future__ import annotations

from typing import Any, Iterator

from ntm_eval.errors import InputError, Problem, suggest
from ntm_eval.model import TestCase
from ntm_eval.results import CriterionResult, IndicatorResult, UnitResult
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


def by_id(result: UnitResult) -> tuple[dict[str, CriterionResult], dict[str, IndicatorResult]]:
    """Criterion id → its result, and indicator (and part) id → its result."""
    crits = {c.id: c for c in result.criteria}
    inds: dict[str, IndicatorResult] = {}
    for c in result.criteria:
        for i in c.indicators:
            inds[i.id] = i
            for p in i.parts:
                inds[p.id] = p
    return crits, inds


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
    crits, inds = by_id(result)
    yield from _compare(ctx, tc, base, "criteria", tc.expect_criteria, crits)
    yield from _compare(ctx, tc, base, "indicators", tc.expect_indicators, inds)
    if tc.expect_status is not None and result.status != tc.expect_status:
        yield ctx.problem("validate.test_status", base + ("expect", "status"), name=tc.name,
                          expected=tc.expect_status, got=result.status, **why(result))


def why(result: Any) -> dict[str, Any]:
    """The result behind a wrong verdict; `render/validation.py` puts it into words (`detail_vi`,
    `detail_en`; empty here, so the bare message still reads)."""
    return {"why": result, "detail_vi": "", "detail_en": ""}


def _compare(ctx: SetContext, tc: TestCase, base: tuple, what: str, expect: dict[str, str],
             got: dict[str, Any]) -> Iterator[Problem]:
    """Expected statuses of criteria or indicators against the results, each with why it differs."""
    for k, want in expect.items():
        path = base + ("expect", what, k)
        if k not in got:
            yield ctx.problem("validate.test_unknown_" + what, path, at_key=True, name=tc.name, id=k,
                              hint=suggest(k, got))
        elif got[k].status != want:
            yield ctx.problem("validate.test_" + what, path, name=tc.name, id=k, expected=want, got=got[k].status,
                              **why(got[k]))
