"""Computed and attested verdicts, and how they meet (pure; DESIGN.md §5).

Every decided result has a *basis*: `computed` (a known threshold and a value: the numbers prove
it) or `attested` (a verdict given in the data by the department or appraising level). The rules:

* A computed verdict always wins. A given verdict that contradicts it is a **conflict**
  (*mâu thuẫn*): not met, and both sides are reported. One that agrees is listed as evidence.
* Where the tool cannot compute (threshold unknown, data missing, indicator list incomplete) a
  given verdict decides, shown as "đạt/chưa đạt theo xác nhận"; without one the result stays open.
* A criterion whose indicator list is not known complete is never *computed* as met.
* A criterion-level verdict decides only what its indicators leave open: an indicator that fails
  makes the criterion fail, and a given "đạt" for it is then a conflict.

`use_attested=False` (`--basis computed`, for an appraiser) keeps given verdicts as evidence and
flags conflicts, but lets none of them decide — not even against a computed pass.
"""

from __future__ import annotations

from typing import Iterable

from ntm_eval.model import Attestation
from ntm_eval.results import CriterionResult, IndicatorResult
from ntm_eval.vocab import ATTESTED, COMPUTED, DECIDED, FAIL, NA, NO_THRESHOLD, PASS


def basis_of(results: Iterable[IndicatorResult | CriterionResult], status: str) -> str | None:
    """The basis of a status combined from parts: computed only when every part that is decided
    was computed; None while the status is open."""
    if status not in DECIDED:
        return None
    parts = [r for r in results if r.status in DECIDED]
    if status == FAIL:  # one computed failure proves it
        return COMPUTED if any(r.status == FAIL and r.basis == COMPUTED for r in parts) else ATTESTED
    return COMPUTED if all(r.basis == COMPUTED for r in parts) else ATTESTED


def settle_indicator(res: IndicatorResult, att: Attestation | None, use_attested: bool = True) -> None:
    """Put an indicator's given verdict next to what the numbers say."""
    if res.status in DECIDED and res.basis is None:
        res.basis = COMPUTED
    if att is None:
        return
    res.attestation = att
    if res.status == NA:
        return
    if res.basis == COMPUTED:
        if (res.status == PASS) != att.met:
            res.conflict = True
            if use_attested:  # not met until the contradiction is resolved
                res.status = FAIL
        return
    if use_attested:
        res.status, res.basis = (PASS if att.met else FAIL), ATTESTED


def settle_criterion(crit: CriterionResult, complete: bool, att: Attestation | None,
                     use_attested: bool = True) -> None:
    """A criterion's status from its indicators, its completeness and its given verdict."""
    inds = crit.indicators
    crit.basis = basis_of(inds, crit.status)
    crit.complete = complete
    crit.conflict = any(i.conflict or any(p.conflict for p in i.parts) for i in inds)
    if not complete and crit.status == PASS:
        # Indicators the set does not list may still fail: never computed as met.
        crit.status, crit.basis, crit.reason = NO_THRESHOLD, None, "incomplete"
    if att is None:
        return
    crit.attestation = att
    if crit.status == FAIL:
        if att.met:
            crit.conflict = True  # an indicator fails, whatever was attested for the whole
        return
    if crit.status == PASS and crit.basis == COMPUTED:
        if not att.met:
            crit.conflict = True
            if use_attested:
                crit.status = FAIL
        return
    if crit.status == PASS:  # met by attested indicators; the verdict on the whole has the last word
        if not att.met:
            crit.status, crit.basis = FAIL, ATTESTED
        return
    if crit.status != NA and use_attested:
        crit.status, crit.basis = (PASS if att.met else FAIL), ATTESTED
