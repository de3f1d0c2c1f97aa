"""Dated threshold versions: each known one says where it comes from and how sure it is, and
together they run from the set's `valid_from` to its `valid_until` without overlap or gap."""

from __future__ import annotations

from typing import Iterator

from ntm_eval.errors import Problem
from ntm_eval.model import Indicator, ThresholdVersion, Unknown
from ntm_eval.validate.checks.coverage import day
from ntm_eval.validate.checks.registry import rule
from ntm_eval.validate.context import SetContext

Versions = list[tuple[ThresholdVersion, tuple]]  # (version, its path in the document)


@rule("versions")
def check_versions(ctx: SetContext) -> Iterator[Problem]:
    for _, leaf, owned, base in ctx.owned_leaves():
        if owned:
            vs = ctx.versions(leaf, base)
            yield from provenance(ctx, leaf, vs)
            yield from sequence(ctx, leaf, vs)


def provenance(ctx: SetContext, leaf: Indicator, vs: Versions) -> Iterator[Problem]:
    """Every known threshold must say where it comes from and how sure we are."""
    for v, vpath in vs:
        if v.op != "unknown" and not isinstance(v.value, Unknown) and (v.confidence is None or v.source is None):
            yield ctx.problem("validate.no_provenance", vpath, indicator=leaf.id, severity="warning",
                              missing=", ".join(k for k, x in (("source", v.source), ("confidence", v.confidence))
                                                if x is None))


def sequence(ctx: SetContext, leaf: Indicator, vs: Versions) -> Iterator[Problem]:
    """Versions inside the set's dates, each ending the day before the next starts."""
    sf, su = ctx.cset.valid_from, ctx.cset.valid_until
    for n, (v, vpath) in enumerate(vs):
        f, u = v.valid_from, v.valid_until
        if (sf and f and f < sf) or (su and f and f > su) or (su and u and u > su) or (sf and u and u < sf):
            yield ctx.problem("validate.version_outside", vpath, indicator=leaf.id, start=f or "…",
                              end=u or "…", valid_from=sf or "…", valid_until=su or "…")
        if n + 1 < len(vs):
            nxt = vs[n + 1][0].valid_from
            if u and nxt:
                if u >= nxt:
                    yield ctx.problem("validate.version_overlap", vpath, indicator=leaf.id, start=f or "…",
                                      end=u, next=nxt)
                elif day(u, 1) < nxt:
                    yield ctx.problem("validate.version_gap", vpath, indicator=leaf.id, start=day(u, 1),
                                      end=day(nxt, -1))
        elif u and (su is None or u < su):
            yield ctx.problem("validate.version_ends", vpath, indicator=leaf.id, end=u, valid_until=su or "…")
