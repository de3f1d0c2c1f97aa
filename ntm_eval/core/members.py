"""A district from its communes: values of `from_members` indicators, computed from the members'
own verdicts ("100% số xã đạt chuẩn NTM", "ít nhất 10% số xã đạt NTM nâng cao").

Pure: the caller evaluates each member against a set (`status_of`) and this module only counts.
A member whose own verdict is still open (missing data, unknown thresholds) is *undecided*: it
never decides a share either way (the engine turns a share that undecided members could tip
into "missing"/"no_threshold").
"""

from __future__ import annotations

from ntm_eval.records import dataclass
from typing import Callable, Iterable

from ntm_eval.model import CriteriaSet, DataValue
from ntm_eval.vocab import ATTESTED, COMPUTED, FAIL, MISSING, NO_THRESHOLD, PASS


@dataclass(frozen=True)
class Member:
    """A member unit as a district file names it: its path, its name and its level."""

    path: str
    name: str
    level: str | None


def members_values(cset: CriteriaSet, members: Iterable[Member],
                   status_of: Callable[[Member, str], tuple[str, str | None]],
                   complete: bool = True) -> dict[str, DataValue]:
    """Values of the set's `from_members` indicators: the share of members of a level that meet
    a set (`status_of(member, set_id)` gives each member's verdict and its basis), with the names
    of those that meet it, of those that do not ("held back by") and of those still undecided.
    The share is *attested* when any member it counts was met or not met by attestation.

    A member whose level is unknown (its file could not be read) counts as an undecided member
    of every level. When the list itself is not `complete` (a folder could not be read, so how
    many members there are is not known), no share is computed at all: the values are missing."""
    members = list(members)
    out: dict[str, DataValue] = {}
    for ind in cset.all_ids().values():
        rule = ind.from_members
        if rule is None:
            continue
        if not complete:
            out[ind.id] = DataValue("missing")
            continue
        met, total, behind, open_, meeting = 0, 0, [], [], []
        worst = NO_THRESHOLD
        attested = False
        for m in members:
            if m.level is not None and m.level != rule.level:
                continue
            total += 1
            st, basis = status_of(m, rule.set_id)
            attested = attested or (st in (PASS, FAIL) and basis == ATTESTED)
            if st == PASS:
                met += 1
                meeting.append(m.name)
            elif st == FAIL:
                behind.append(m.name)
            else:  # missing data or unknown thresholds: the member may yet meet the set
                open_.append(m.name)
                if st == MISSING:
                    worst = MISSING
        if total:
            out[ind.id] = DataValue("counts", 100.0 * met / total, met, total, held_back=tuple(behind),
                                    undecided=tuple(open_), undecided_status=worst, met_by=tuple(meeting),
                                    basis=ATTESTED if attested else COMPUTED)
    return out
