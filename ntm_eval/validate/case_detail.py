"""Why an embedded test case got the verdict it got: the indicators behind it, each with its
value, its threshold and its status (and the gap, or the reason a threshold is missing).

The text goes into the `validate.test_*` problems as `detail_vi` / `detail_en` (each message
language picks its own), formatted as `ntm-eval check` formats them (render/common.py).
"""

from __future__ import annotations

from typing import Callable, Sequence, TypeVar

from ntm_eval.messages import status_label, t
from ntm_eval.render.common import fmt_gap, fmt_threshold, fmt_value
from ntm_eval.results import CriterionResult, IndicatorResult, UnitResult

LANGS = ("vi", "en")
MAX_ITEMS = 5  # indicators or criteria named in one detail; more are shown as "…"

T = TypeVar("T", IndicatorResult, CriterionResult, UnitResult)


def _bilingual(make: Callable[[str], str]) -> dict[str, str]:
    """{"detail_vi": " (…)", "detail_en": " (…)"}: the params the messages take."""
    out = {}
    for lang in LANGS:
        text = make(lang)
        out[f"detail_{lang}"] = f" ({text})" if text else ""
    return out


def _joined(items: list[str], sep: str = "; ") -> str:
    if len(items) > MAX_ITEMS:
        items = items[:MAX_ITEMS] + ["…"]
    return sep.join(items)


def _culprits(items: Sequence[T], status: str) -> list[T]:
    """The items with the status that decided the verdict (all of them if none has it)."""
    return [i for i in items if i.status == status] or list(items)


def indicator_text(r: IndicatorResult, lang: str) -> str:
    """"giá trị 80%, ngưỡng ≥ 90%: Chưa đạt, thiếu 10%" (and the parts of a composite)."""
    status = status_label(r.status, lang)
    gap = fmt_gap(r, lang)
    if gap:
        status += ", " + gap
    if r.reason_detail:
        status += " — " + r.reason_detail
    text = t("validate.test_detail", lang, value=fmt_value(r, lang), threshold=fmt_threshold(r, lang), status=status)
    if r.parts:
        text += "; " + _joined([_named(p, lang) for p in r.parts])
    return text


def _named(r: IndicatorResult, lang: str) -> str:
    return t("validate.test_detail_indicator", lang, id=r.id, detail=indicator_text(r, lang))


def criterion_text(c: CriterionResult, lang: str) -> str:
    """The criterion's indicators that decided its status."""
    return _joined([_named(i, lang) for i in _culprits(c.indicators, c.status)])


def status_text(result: UnitResult, lang: str) -> str:
    """The criteria (and prerequisite sets) that decided the overall status, with their indicators."""
    bits = []
    for c in _culprits(result.criteria, result.status):
        head = t("validate.test_detail_criterion", lang, id=c.id, status=status_label(c.status, lang))
        inds = _culprits(c.indicators, c.status)
        bits.append(head + " — " + _joined([_named(i, lang) for i in inds], " / ") if inds else head)
    for p in result.prerequisites:
        if p.status == result.status:
            bits.append(t("validate.test_detail_prerequisite", lang, id=p.criteria_set,
                          status=status_label(p.status, lang)))
    return _joined(bits)


def indicator_detail(r: IndicatorResult) -> dict[str, str]:
    return _bilingual(lambda lang: indicator_text(r, lang))


def criterion_detail(c: CriterionResult) -> dict[str, str]:
    return _bilingual(lambda lang: criterion_text(c, lang))


def status_detail(result: UnitResult) -> dict[str, str]:
    return _bilingual(lambda lang: status_text(result, lang))
