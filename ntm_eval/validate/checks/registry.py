"""The registry of validate checks: each check is data (its code, when it runs) and a function.

    @rule("references")
    def check_references(ctx: SetContext) -> Iterator[Problem]: ...

A check is a plain function of a context that yields located `Problem`s; it never prints and
never touches a report. `rule(code)` registers it under a report section (`CHECKS`, labelled by
the message "validate.check.<code>"). Stages:

* "file" — before parsing, on every file that has an id (`FileContext`): unique id, path;
* "set" — on every set that parsed (`SetContext`): references, cycles, coverage, versions;
  with `each=`, once per item the `each` function lists, each item its own named section of
  the report (the embedded `tests:` cases: `check_case(ctx, item)`).

Adding a check = writing one function in a module of `checks/` and decorating it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ntm_eval.errors import Problem

# Check codes, in the order they are reported (labels: messages "validate.check.<code>").
# "parse" is filled by the runner itself: reading and parsing are not a check of a parsed set.
CHECKS = ("parse", "unique_id", "path", "references", "cycles", "coverage", "versions", "province")
CASE = "test"  # the code of one embedded test case, reported after every check
STAGES = ("file", "set")


@dataclass(frozen=True)
class Rule:
    code: str  # report section
    func: Callable[..., Iterable[Problem]]  # ctx → problems; with `each`: (ctx, item) → problems
    stage: str = "set"
    each: Callable[[Any], Iterable[tuple[str, Any]]] | None = None  # ctx → (name, item) pairs

    @property
    def name(self) -> str:
        return self.func.__name__


REGISTRY: list[Rule] = []


def rule(code: str, stage: str = "set", each: Callable[[Any], Iterable[tuple[str, Any]]] | None = None):
    """Register the decorated function as a check reported under `code`."""
    if code not in CHECKS + (CASE,) or stage not in STAGES:
        raise ValueError(f"unknown check code or stage: {code!r}, {stage!r}")

    def register(func: Callable[..., Iterable[Problem]]) -> Callable[..., Iterable[Problem]]:
        REGISTRY.append(Rule(code, func, stage, each))
        return func

    return register


def rules(stage: str) -> list[Rule]:
    """The registered checks of a stage, in registration order."""
    return [r for r in REGISTRY if r.stage == stage]


def report_order(code: str) -> int:
    """Position of a section in the report: the checks in `CHECKS` order, then the test cases."""
    return (CHECKS + (CASE,)).index(code)
