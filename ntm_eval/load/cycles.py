"""References between criteria sets (`extends`, `requires`) and the one test for a loop in them.

`cycle_through(chain, key)` is that test: following a reference to `key` from inside `chain`
(the sets being followed, outermost first) loops when `key` is already on the chain. It
returns the loop as text, "a → b → a", for the `schema.cycle` message. Everything that
follows references uses it:

* `LoadingGuard` — a loader that recurses through a lookup callback (`Catalog`, the resolver
  of `ntm-eval validate`) keeps the sets it is loading on a guard; loading one of them again
  raises `schema.cycle` instead of recursing for ever;
* `parse_criteria_doc` checks its `extends` target against the chain it is handed;
* `find_cycle(start, edges, via)` walks the whole reference graph (validate's `cycles` check,
  which also sees loops through `requires`, never followed while loading).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, Sequence

from ntm_eval.errors import InputError, Problem

ARROW = " → "


def cycle_through(chain: Sequence[str], key: str, self_id: Any = None) -> str | None:
    """"a → b → a" when a reference to `key`, followed from inside `chain`, comes back onto the
    chain (or to the referring set itself, `self_id`, when the chain does not hold it); else None."""
    if key in chain or key == self_id:
        return ARROW.join([*chain, key])
    return None


class LoadingGuard:
    """The keys (set ids or file paths) being loaded, outermost first."""

    def __init__(self, keys: Iterable[str] = ()):
        self.keys: list[str] = list(keys)

    @contextmanager
    def loading(self, key: str, problem: Callable[[str], Problem] | None = None) -> Iterator[tuple[str, ...]]:
        """Load `key` inside the block, which gets the chain including it. If `key` is already being
        loaded, raise InputError with `problem(loop text)` (default: `schema.cycle` at `key`)."""
        cycle = cycle_through(self.keys, key)
        if cycle is not None:
            raise InputError([problem(cycle) if problem else Problem("schema.cycle", key, params={"chain": cycle})])
        self.keys.append(key)
        try:
            yield tuple(self.keys)
        finally:
            self.keys.pop()


def find_cycle(start: str, edges: Callable[[str], Iterable[str]], via: str) -> str | None:
    """The first loop start → via → … → start following `edges` (depth first, a key's last edge
    first), as "a → b → a"; None if there is none. A loop that does not pass through `start` is
    not reported here: each set on it reports it."""
    guard = LoadingGuard([start])
    seen: set[str] = set()

    def walk(key: str) -> str | None:
        cycle = cycle_through(guard.keys, key)
        if cycle is not None:
            return cycle if key == start else None
        if key in seen:
            return None
        seen.add(key)
        with guard.loading(key):
            for nxt in reversed(list(edges(key))):
                found = walk(nxt)
                if found is not None:
                    return found
        return None

    return walk(via)
