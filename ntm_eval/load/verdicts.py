"""Verdicts given in a data file (kết luận theo xác nhận): for an indicator, inside its value
(`{verdict: đạt, by: …, document: …, date: …}`), or for a whole criterion under `criteria:`.

Parsed and checked here; what they decide is the engine's business (`core/verdicts.py`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ntm_eval.errors import Problem
from ntm_eval.io.yamlload import Doc, is_iso_date
from ntm_eval.model import Attestation, CriteriaSet

ATTESTATION_KEYS = {"verdict", "by", "document", "date", "note", "evidence"}

_MET = {"đạt", "dat", "true", "yes", "pass"}
_NOT_MET = {"chưa đạt", "chua dat", "không đạt", "khong dat", "false", "no", "fail"}


def parse_verdict(v: Any) -> bool | None:
    """True for "Đạt", False for "Chưa đạt" (and true/false); None for anything else."""
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        s = unicodedata.normalize("NFC", v).strip().lower()
        if s in _MET:
            return True
        if s in _NOT_MET:
            return False
    return None


def parse_attestation(doc: Doc, path: tuple, m: dict[str, Any], date: str | None, problems: list[Problem],
                      warnings: list[Problem], indicator: str | None = None) -> Attestation | None:
    """The attestation of a mapping that holds `verdict:`; problems for a bad verdict or date."""
    met = parse_verdict(m.get("verdict"))
    if met is None:
        problems.append(doc.problem("data.bad_verdict", path + ("verdict",), indicator=indicator,
                                    value=str(m.get("verdict"))[:60]))
        return None
    when = m.get("date")
    if when is not None:
        when = str(when)
        if not is_iso_date(when):
            problems.append(doc.problem("schema.bad_date", path + ("date",), indicator=indicator, name="date",
                                        value=when))
            when = None
        elif date is not None and when > date:
            warnings.append(doc.problem("data.attestation_future", path + ("date",), indicator=indicator,
                                        severity="warning", value=when, date=date))
    texts = {k: (str(m[k]).strip() or None) if m.get(k) is not None else None for k in ("by", "document", "note")}
    return Attestation(met, texts["by"], texts["document"], when, texts["note"])


_CRIT_WORDS = re.compile(r"^(tiêu chí số|tiêu chí|tieu chi so|tieu chi|tc)\s*", re.IGNORECASE)


def criterion_id(key: str, ids: list[str]) -> str | None:
    """The criterion a key officials type means — "9", "09", "TC9", "TC 9", "Tiêu chí 9" — or None.
    Never a different criterion: "3" does not become "13"."""
    s = unicodedata.normalize("NFC", str(key)).strip()
    if s in ids:
        return s
    s = _CRIT_WORDS.sub("", s).strip()
    s = s.split()[0] if s.split() else s  # "TC1 Quy hoạch" → "1"
    norm = s.lstrip("0") or "0"
    for c in ids:
        if c == s or c.lstrip("0") == norm or c.lower() == s.lower():
            return c
    return None


def bind_criteria_verdicts(doc: Doc, base: tuple, given: Any, cset: CriteriaSet, date: str | None,
                           problems: list[Problem], warnings: list[Problem]) -> dict[str, Attestation]:
    """`criteria: {"9": {verdict: đạt, by: …}, "13": chưa đạt}` checked against the set."""
    out: dict[str, Attestation] = {}
    if given is None:
        return out
    if not isinstance(given, dict):
        problems.append(doc.problem("schema.expected_mapping", base, what="criteria", got=type(given).__name__))
        return out
    ids = [c.id for c in cset.criteria]
    for key, v in given.items():
        path = base + (key,)
        cid = criterion_id(str(key), ids)
        if cid is None or cid != str(key) and cid in given:
            problems.append(doc.problem("data.unknown_criterion", path, key=True, name=key, set_id=cset.id,
                                        hint=cid, choices=", ".join(ids)))
            continue
        if not isinstance(v, dict):
            v = {"verdict": v}
        for k in v:
            if k not in ATTESTATION_KEYS:
                from ntm_eval.errors import suggest

                problems.append(doc.problem("schema.unknown_key", path + (k,), key=True, name=k,
                                            where=f"“criteria” › {key}", hint=suggest(k, ATTESTATION_KEYS),
                                            allowed=", ".join(sorted(ATTESTATION_KEYS))))
        att = parse_attestation(doc, path, v, date, problems, warnings)
        if att is not None:
            out[cid] = att
    return out
