"""Formatting shared by every renderer: numbers, thresholds, gaps, labels — in vi or en."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ntm_eval.messages import CATALOG, lang_index, singular_en, status_label, t, unit_text
from ntm_eval.vocab import COMPOSITES, CONFIDENCE_MARKS, level_label

if TYPE_CHECKING:
    from ntm_eval.results import CriterionResult, IndicatorResult, UnitResult

OP_SIGNS = {">=": "≥", "<=": "≤", "=": "=", "unknown": "?", "all_of": "", "any_of": "", "first_applicable": ""}


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
    """Said plainly whenever thresholds are missing, so nobody mistakes a partial verdict."""
    if res.indicators_known >= res.indicators_declared:
        return None
    return t("coverage.partial", lang, known=res.indicators_known, declared=res.indicators_declared,
             encoded=res.indicators_encoded)


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
