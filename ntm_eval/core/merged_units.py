"""One old commune listed in the `merged_from` of two units: the conflicts, found in one pass.

On 1/7/2025 each old commune merged into one new commune (a divided commune, which the
converter allows, is the exception), so a predecessor claimed by two units of one run is said,
never silent: `batch` over a folder or sheet and `check a.yaml b.yaml` both ask this module.
Pure: no printing, no data set; the caller turns each `Conflict` into its own located warning.

The same commune evaluated for two years (two records with the same official code and
different years, each naming its predecessors) is no conflict: it is one unit claiming them twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True)
class Claim:
    """One unit of the run and the predecessors it names, as the units check found them
    (`merged_from_units`: official code and name of each old commune)."""

    source: str  # the file, or "sheet.csv:12"
    name: str  # the unit's name as written
    code: str = ""  # its official code, "" when not given
    year: int | None = None
    merged_from: Sequence[tuple[str, str]] = ()  # (old code, old name)


@dataclass(frozen=True)
class Conflict:
    """`claim` lists the old commune `code` (`name`), which `first` already listed."""

    code: str
    name: str
    claim: Claim
    first: Claim


def _same_unit_other_year(a: Claim, b: Claim) -> bool:
    return bool(a.code) and a.code == b.code and a.year is not None and b.year is not None and a.year != b.year


class MergedIndex:
    """The claims seen so far (`add` one at a time, as a batch streams its rows): each old
    commune's code → the claims that listed it. `add` returns the new claim's conflicts."""

    def __init__(self) -> None:
        self._by_old: dict[str, list[Claim]] = {}

    def add(self, claim: Claim) -> list[Conflict]:
        out: list[Conflict] = []
        seen: set[str] = set()
        for code, name in claim.merged_from:
            if not code or code in seen:  # a code listed twice by one unit is one claim
                continue
            seen.add(code)
            earlier = self._by_old.setdefault(code, [])
            first = next((c for c in earlier if not _same_unit_other_year(c, claim)), None)
            if first is not None:
                out.append(Conflict(code, name, claim, first))
            earlier.append(claim)
        return out


def merged_twice(claims: Iterable[Claim]) -> list[Conflict]:
    """Every old commune listed by a second unit, said at that unit (in the order given), with
    the first unit that listed it."""
    index = MergedIndex()
    return [c for claim in claims for c in index.add(claim)]
