"""Formatting shared by every renderer: numbers, thresholds, gaps, labels — in vi or en."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ntm_eval.core.verdicts import ATTESTED, COMPUTED
from ntm_eval.messages import CATALOG, lang_index, singular_en, status_label, t, unit_text
from ntm_eval.vocab import COMPOSITES, CONFIDENCE_MARKS, FAIL, NO_THRESHOLD, PASS, level_label

if TYPE_CHECKING:
    from ntm_eval.model import Attestation
    from ntm_eval.results import CriterionResult, IndicatorResult, UnitResult

OP_SIGNS = {">=": "≥", "<=": "≤", "=": "=", "unknown": "?", "all_of": "", "any_of": "", "first_applicable": ""}

# A mark after an indicator id the document does not print ("6.3°": inferred by ntm-eval), and
# after the status of a criterion whose indicator list is not known complete.
ID_MARKS = {"inferred": "°", "uncertain": "°?"}
ID_LABELS = {"inferred": "check.id_inferred", "uncertain": "check.id_uncertain"}
INCOMPLETE_MARK = "†"


def fmt_num(x: float | None, lang: str = "vi", digits: int = 2) -> str:
    """93.4 → "93,4" in Vietnamese (decimal comma, dot for thousands), "93.4" in English."""
    if x is None:
        return ""
    if isinstance(x, bool):
        return status_label("pass" if x else "fail", lang)
    xf = round(float(x), digits)
    if xf == int(xf):
        s = f"{int(xf):,}"
    else:
        s = f"{xf:,.{digits}f}".rstrip("0").rstrip(".")
    if lang == "vi":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s


def unit_suffix(unit: str | None, lang: str = "vi") -> str:
    """" km" after a number; "%" right after it."""
    text = unit_text(unit, lang)
    if not text:
        return ""
    return text if text.startswith("%") and len(text) == 1 else " " + text


def fmt_value(r: IndicatorResult, lang: str = "vi") -> str:
    if r.status == "not_applicable" and r.value is None:
        return "n/a"
    if r.value is None:
        return "—"
    if isinstance(r.value, bool):
        return status_label("pass" if r.value else "fail", lang)
    s = fmt_num(r.value, lang) + unit_suffix(r.unit, lang)
    if r.numerator is not None:
        s += f" ({r.numerator}/{r.denominator})"
    if r.undecided:
        s += ", " + t("check.value_undecided", lang, n=len(r.undecided))
    return s


def fmt_threshold(r: IndicatorResult, lang: str = "vi") -> str:
    if r.op in COMPOSITES:
        return t("check.threshold." + r.op, lang)
    if r.threshold is None:
        if r.reason == "not_in_force":
            return t("catalog.not_in_force", lang)
        if r.reason == "stated_not_met":
            return t("check.threshold.stated_not_met", lang)
        return t("catalog.unknown", lang)
    if isinstance(r.threshold, bool):
        return status_label("pass", lang)
    value = fmt_num(r.threshold, lang) + unit_suffix(r.unit, lang)
    if r.op == "unknown":
        return f"? {value} ({t('catalog.op_unknown', lang)})"
    return f"{OP_SIGNS.get(r.op or '', '')} {value}".strip()


def fmt_gap(r: IndicatorResult, lang: str = "vi") -> str:
    """"thiếu 25%; cần thêm 3 thôn" / "short by 25%; need 3 more villages" (need 1 more village)."""
    if r.status != "fail":
        return ""
    if r.conflict and r.attestation is not None and not r.attestation.met:
        return ""  # the numbers meet the threshold: it is the given "chưa đạt" that fails it
    bits = []
    if r.gap is not None and not isinstance(r.threshold, bool):
        gap = fmt_num(r.gap, lang) + unit_suffix(r.unit, lang)
        bits.append(t("check.gap.over" if r.op == "<=" else "check.gap.short", lang, gap=gap))
    if r.need:
        if lang_index(lang) == 0:
            of = r.need_of or t("check.need.of_default", lang)
        else:
            of = r.need_of_en or unit_text(r.need_of, lang) or t("check.need.of_default", lang)
        more = t("check.need.at_least", lang) if r.at_least else ""
        bits.append(t("check.need.fewer" if r.op == "<=" else "check.need.more", lang, more=more, n=r.need, of=of,
                      of_one=singular_en(of)))
    return "; ".join(bits)


def conf_mark(conf: str | None) -> str:
    return CONFIDENCE_MARKS.get(conf or "", "")


def id_mark(id_confidence: str | None) -> str:
    """"°" after an inferred id, "°?" after an uncertain one, nothing after a printed one."""
    return ID_MARKS.get(id_confidence or "", "")


def id_legend(used: set[str] | list[str] | tuple[str, ...], lang: str = "vi") -> str | None:
    """"Mã chỉ tiêu: ° mã suy luận (…), °? mã chưa chắc chắn" for the id confidences shown."""
    marks = [f"{ID_MARKS[k]} {t(ID_LABELS[k], lang)}" for k in ID_MARKS if k in used]
    return t("check.legend.ids", lang, marks=", ".join(marks)) if marks else None


# --- basis: computed from the numbers, or attested (a verdict given in the data) ---------------
def has_conflict(r: CriterionResult | IndicatorResult) -> bool:
    """A given verdict contradicts the numbers here, or in one of its indicators or parts."""
    if r.conflict:
        return True
    inner = getattr(r, "indicators", None)
    if inner is None:
        inner = getattr(r, "parts", [])
    return any(has_conflict(x) for x in inner)


def incomplete(r: CriterionResult | IndicatorResult) -> bool:
    return r.status == NO_THRESHOLD and r.reason == "incomplete"


def verdict_label(r: CriterionResult | IndicatorResult, lang: str = "vi") -> str:
    """The status in words, by basis: "Đạt" (computed), "Đạt theo xác nhận" / "Chưa đạt theo xác
    nhận" (attested), "Mâu thuẫn" (a given verdict contradicts the numbers), "Chưa có ngưỡng †"
    (met on the indicators listed, a list not known complete)."""
    if r.status == FAIL and has_conflict(r):
        return t("check.status.conflict", lang)
    if r.basis == ATTESTED and r.status in (PASS, FAIL):
        return t("check.status." + r.status + "_attested", lang)
    if incomplete(r):
        return f"{status_label(r.status, lang)} {INCOMPLETE_MARK}"
    return status_label(r.status, lang)


def verdict_word(met: bool, lang: str = "vi") -> str:
    """"đạt" / "chưa đạt" (lower case, inside a sentence)."""
    return status_label(PASS if met else FAIL, lang).lower()


def attestation_source(att: Attestation, lang: str = "vi") -> str:
    """"Phòng Kinh tế huyện, Văn bản 45/KT, ngày 2024-08-20" — "không rõ cơ quan xác nhận" first
    when the verdict does not say who gives it."""
    bits = [att.by if att.by else t("check.att.unsourced", lang)]
    if att.document:
        bits.append(att.document)
    if att.date:
        bits.append(t("check.att.date", lang, date=att.date))
    text = ", ".join(bits)
    if att.note:
        text += f" ({att.note})"
    return text


def attestation_line(r: CriterionResult | IndicatorResult, lang: str = "vi") -> str | None:
    """The note under a result that has a verdict given in the data: who gave it and on which
    document, and — for a conflict — what the numbers say against it. None without one."""
    att = r.attestation
    if att is None:
        return None
    source = attestation_source(att, lang)
    verdict = verdict_word(att.met, lang)
    if r.conflict:
        inds = getattr(r, "indicators", None)
        if inds is None:  # an indicator: the numbers against the verdict
            return t("check.conflict.indicator", lang, value=fmt_value(r, lang), threshold=fmt_threshold(r, lang),
                     computed=verdict_word(not att.met, lang), verdict=verdict, source=source)
        if att.met:
            failing = [i.id for i in inds if i.status == FAIL]
            return t("check.conflict.criterion_fails", lang, ids=", ".join(failing), n=len(failing), source=source)
        return t("check.conflict.criterion_met", lang, source=source)
    if r.basis == ATTESTED:
        return t("check.att.decides", lang, verdict=verdict, source=source)
    if r.basis == COMPUTED:
        return t("check.att.agrees", lang, verdict=verdict, source=source)
    return t("check.att.unused", lang, verdict=verdict, source=source)


def title(obj: CriterionResult | IndicatorResult, lang: str) -> str:
    if lang == "en" and obj.title_en:
        return obj.title_en
    return obj.title


def unit_line(res: UnitResult, lang: str = "vi") -> str:
    u = res.unit
    i = lang_index(lang)
    level = level_label(str(u.get("level") or ""), lang)
    name = str(u.get("name") or res.file)
    if name.lower().startswith(level.lower() + " ") or name.lower().endswith(" " + level.lower()):
        level = ""  # "Xã Minh Họa" already says it
    parts = [f"{level} {name}".strip() if i == 0 else f"{name} {level}".strip()]
    for k in ("commune", "district", "province"):
        if u.get(k):
            parts.append(str(u[k]))
    return ", ".join(parts)


def coverage_line(res: UnitResult, lang: str = "vi") -> str | None:
    """Said plainly whenever thresholds are missing, so nobody mistakes a partial verdict — and
    whenever the set does not say how many indicators its document has (`indicator_count`)."""
    if not res.indicator_count_given:  # the set does not say how many indicators the law has
        return t("coverage.partial_unknown", lang, known=res.indicators_known, encoded=res.indicators_encoded)
    if res.indicators_known >= res.indicators_declared:
        return None
    return coverage_text(res.indicators_known, res.indicators_encoded, res.indicators_declared, lang,
                         res.indicators_encoded < res.indicators_declared)


def coverage_text(known: object, encoded: object, declared: object, lang: str = "vi", short: bool = True) -> str:
    """"Bộ tiêu chí này mới có ngưỡng cho 10/21 chỉ tiêu (ntm-eval mới ghi 14/21 chỉ tiêu của văn
    bản): …" — the part in brackets only when the set records fewer indicators than its document has
    (`short`). The counts may be ranges ("2–3"), as a batch gives them."""
    recorded = t("coverage.recorded", lang, encoded=encoded, declared=declared) if short else ""
    return t("coverage.partial", lang, known=known, declared=declared, recorded=recorded)


def prerequisite_lines(res: UnitResult, lang: str = "vi") -> list[str]:
    """"Bộ tiêu chí tiên quyết X: chưa đạt — nên chưa thể đạt Y.", one per prerequisite not met."""
    return [t("check.prerequisite", lang, set_id=p.criteria_set, why=t("check.prereq_why." + p.status, lang),
              target=res.criteria_set) for p in res.prerequisites if p.status != "pass"]


def word(prefix: str, code: str | None, lang: str) -> str:
    """The word for a code (`catalog.tier.nang_cao` → "NTM nâng cao"); an unknown code as is."""
    if not code:
        return ""
    key = f"{prefix}.{code}"
    return t(key, lang) if key in CATALOG else str(code)
