"""No loop of `requires` / `extends` through the set (a loop of `extends` alone already stops
the parser). Each set on a loop reports it, at the reference that starts it."""

from __future__ import annotations

from typing import Iterator

from ntm_eval.errors import InputError, Problem
from ntm_eval.load.cycles import find_cycle
from ntm_eval.model import CriteriaSet
from ntm_eval.validate.checks.registry import rule
from ntm_eval.validate.context import SetContext


def edges(cs: CriteriaSet) -> list[str]:
    """The sets a set refers to while loading or evaluating: its prerequisites, then its parent."""
    return [*cs.requires, cs.extends] if cs.extends else list(cs.requires)


@rule("cycles")
def check_cycles(ctx: SetContext) -> Iterator[Problem]:
    cs = ctx.cset
    targets = ctx.requires_paths() + ([(cs.extends, ("extends",))] if cs.extends else [])

    def refs(sid: str) -> list[str]:
        try:
            return edges(ctx.lookup(sid))
        except InputError:
            return []  # a broken set: reported under references

    for sid, path in targets:
        chain = find_cycle(cs.id, refs, via=sid)
        if chain is not None:
            yield ctx.problem("schema.cycle", path, chain=chain)
