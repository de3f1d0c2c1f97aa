"""Formatting shared by every renderer: numbers, thresholds, gaps, labels — in vi or en."""

from __future__ import annotations

from ntm_eval.messages import lang_index, status_label, t, unit_text
from ntm_eval.results import IndicatorResult, UnitResult
from ntm_eval.vocab import CONFIDENCE_MARKS, level_label

OP_SIGNS = {">=": "≥", "<=": "≤", "=": "=", "unknown": "?", "all_of": "", "any_of": ""}


def fmt_num(x: float | int | None, lang: str = "vi", digits: int = 2) -> str:
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
    unit = unit_text(unit, lang)
    if not unit:
        return ""
    return unit if unit.startswith("%") and len(unit) == 1 else " " + unit


def fmt_value(r: IndicatorResult, lang: str = "vi") -> str:
    if r.status == "not_applicable" and r.value is None:
        return "n/a"
    if r.value is None:
        return "—"
    if isinstance(r.value, bool):
        return ("Đạt", "Met")[lang_index(lang)] if r.value else ("Chưa đạt", "Not met")[lang_index(lang)]
    s = fmt_num(r.value, lang) + unit_suffix(r.unit, lang)
    if r.numerator is not None:
        s += f" ({r.numerator}/{r.denominator})"
    if r.undecided:
        s += (f", {len(r.undecided)} chưa kết luận", f", {len(r.undecided)} undecided")[lang_index(lang)]
    return s


def fmt_threshold(r: IndicatorResult, lang: str = "vi") -> str:
    i = lang_index(lang)
    if r.op in ("all_of", "any_of"):
        return ("tất cả các phần", "all parts")[i] if r.op == "all_of" else ("một trong các phần", "any part")[i]
    if r.threshold is None:
        if r.reason == "not_in_force":
            return ("chưa/hết hiệu lực", "not in force")[i]
        if r.reason == "stated_not_met":
            return ("chưa có (hồ sơ ghi chưa đạt)", "unknown (dossier says not met)")[i]
        return ("chưa có", "unknown")[i]
    if isinstance(r.threshold, bool):
        return ("Đạt", "Met")[i]
    s = f"{OP_SIGNS.get(r.op or '', '')} {fmt_num(r.threshold, lang)}{unit_suffix(r.unit, lang)}".strip()
    if r.op == "unknown":
        s = "? " + fmt_num(r.threshold, lang) + unit_suffix(r.unit, lang) + (" (chiều so sánh chưa rõ)", " (direction unverified)")[i]
    return s


def fmt_gap(r: IndicatorResult, lang: str = "vi") -> str:
    i = lang_index(lang)
    if r.status != "fail":
        return ""
    bits = []
    if r.gap is not None and not isinstance(r.threshold, bool):
        word = ("vượt", "over by")[i] if r.op == "<=" else ("thiếu", "short by")[i]
        bits.append(f"{word} {fmt_num(r.gap, lang)}{unit_suffix(r.unit, lang)}")
    if r.need:
        of = (r.need_of or "đơn vị") if i == 0 else (r.need_of_en or unit_text(r.need_of, lang) or "units")
        more = ("ít nhất ", "at least ")[i] if getattr(r, "at_least", False) else ""
        if r.op == "<=":
            bits.append(f"cần giảm {more}{r.need} {of}" if i == 0 else f"need {more}{r.need} fewer {of}")
        else:
            bits.append(f"cần thêm {more}{r.need} {of}" if i == 0 else f"need {more}{r.need} more {of}")
    return "; ".join(bits)


def conf_mark(conf: str | None) -> str:
    return CONFIDENCE_MARKS.get(conf or "", "")


def title(obj, lang: str) -> str:
    if lang == "en" and getattr(obj, "title_en", None):
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
    out = []
    why = {"fail": ("chưa đạt", "not met"), "missing": ("còn thiếu dữ liệu", "lacks data"),
           "no_threshold": ("chưa đủ ngưỡng để kết luận", "cannot be decided: thresholds unknown"),
           "not_applicable": ("không áp dụng", "does not apply")}
    i = 1 if lang == "en" else 0
    for p in res.prerequisites:
        if p.status == "pass":
            continue
        if lang == "en":
            out.append(f"Prerequisite set {p.criteria_set}: {why[p.status][i]} — so {res.criteria_set} "
                       f"cannot be met yet.")
        else:
            out.append(f"Bộ tiêu chí tiên quyết {p.criteria_set}: {why[p.status][i]} — nên chưa thể đạt "
                       f"{res.criteria_set}.")
    return out
