"""References to other sets — `requires`, `from_members.set`, `derived.set` — name existing sets
by well-formed ids (so nothing resolves outside a criteria folder), with "did you mean"; a
`derived` indicator exists in its set and has a numeric threshold. (`extends` is checked by the
parser: a set whose parent is missing does not parse.)"""

from __future__ import annotations

from typing import Iterator

from ntm_eval.errors import InputError, Problem, suggest
from ntm_eval.model import ByKey, Derived, ValueNode
from ntm_eval.validate.checks.registry import rule
from ntm_eval.validate.context import SetContext
from ntm_eval.vocab import ID_RE


def ref_problem(ctx: SetContext, sid: str, path: tuple, indicator: str | None = None) -> Problem | None:
    """The problem with a reference to set `sid` written at `path`, or None if it resolves."""
    if not ID_RE.match(sid):
        return ctx.problem("validate.bad_ref", path, indicator=indicator, name=sid)
    try:
        ctx.lookup(sid)
    except InputError as exc:
        if any(p.key == "catalog.unknown_set" for p in exc.problems):
            return ctx.problem("validate.unknown_set", path, indicator=indicator, name=sid,
                               hint=suggest(sid, ctx.resolver.known_ids()))
        return ctx.problem("validate.ref_invalid", path, indicator=indicator, name=sid)
    return None


@rule("references")
def check_requires(ctx: SetContext) -> Iterator[Problem]:
    if ctx.raw(("requires",)) is None:
        return  # inherited prerequisites are checked with the set that writes them
    for sid, path in ctx.requires_paths():
        bad = ref_problem(ctx, sid, path)
        if bad:
            yield bad


@rule("references")
def check_members_set(ctx: SetContext) -> Iterator[Problem]:
    for ind in ctx.cset.indicators():
        base = ctx.paths.get(ind.id)
        fm = ctx.raw(base + ("from_members",)) if base else None
        if ind.from_members is not None and isinstance(fm, dict):
            bad = ref_problem(ctx, ind.from_members.set_id, base + ("from_members", "set"), indicator=ind.id)
            if bad:
                yield bad


@rule("references")
def check_derived(ctx: SetContext) -> Iterator[Problem]:
    for _, leaf, owned, base in ctx.owned_leaves():
        if owned:
            for v, vpath in ctx.versions(leaf, base):
                yield from _derived_refs(ctx, v.value, vpath + ("value",), leaf.id)


def _derived_refs(ctx: SetContext, node: ValueNode, path: tuple, iid: str) -> Iterator[Problem]:
    if isinstance(node, ByKey):
        for k, b in node.branches.items():
            yield from _derived_refs(ctx, b, path + ("by_" + node.dim, k), iid)
        if node.default is not None:
            yield from _derived_refs(ctx, node.default, path + ("by_" + node.dim, "default"), iid)
    elif isinstance(node, Derived):
        dpath = path + ("derived",)
        bad = ref_problem(ctx, node.set_id, dpath + ("set",), indicator=iid)
        if bad:
            yield bad
            return
        ids = ctx.lookup(node.set_id).all_ids()
        if node.indicator not in ids:
            yield ctx.problem("validate.unknown_derived_indicator", dpath + ("indicator",), indicator=iid,
                              name=node.indicator, set_id=node.set_id, hint=suggest(node.indicator, ids))
        elif ids[node.indicator].type == "yes_no" or ids[node.indicator].composite:
            yield ctx.problem("validate.derived_not_number", dpath + ("indicator",), indicator=iid,
                              name=node.indicator, set_id=node.set_id)
