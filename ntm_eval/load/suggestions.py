"""What to tell a user who typed a key the set does not know: the indicators of the criterion they
meant, and a suggestion that never leaves that criterion ("14" is never "1", "3" never "13")."""

from __future__ import annotations

from ntm_eval.errors import Problem, suggest
from ntm_eval.io.yamlload import Doc
from ntm_eval.model import CriteriaSet


def unknown_indicator(doc: Doc, path: tuple, key: str, cset: CriteriaSet) -> Problem:
    """A key the set does not record. When it names a criterion the set has ("17.1" where the set
    knows 17.nuoc-sach), the problem lists that criterion's indicators with their titles and says
    that a verdict for the whole criterion goes under `criteria:` — never a bare "did you mean"."""
    known = cset.all_ids()
    head = str(key).split(".")[0].strip()
    crit = next((c for c in cset.criteria if c.id == head or c.id.lstrip("0") == head.lstrip("0")), None)
    if crit is None or "." not in str(key):
        return doc.problem("data.unknown_indicator", path, key=True, indicator=key, set_id=cset.id,
                           hint=_same_criterion_hint(str(key), suggest(key, known)))
    listed = "; ".join(f"{i.id} ({_short(i.title)})" for i in crit.indicators)
    return doc.problem("data.unknown_indicator", path, key=True, indicator=key, set_id=cset.id, variant="listed",
                       criterion=crit.id, listed=listed, hint=suggest(key, known))  # a hint within the criterion


def _same_criterion_hint(key: str, hint: str | None) -> str | None:
    """A suggestion for a bare number stays within its criterion: "14" is never "1", "3" never "13"."""
    k = key.strip()
    if hint and k.isdigit() and hint.split(".")[0].lstrip("0") != k.lstrip("0"):
        return None
    return hint


def _short(s: str, n: int = 48) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"
