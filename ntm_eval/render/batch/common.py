"""Text shared by the batch renderers: marks, nouns, figures and aggregate sentences (vi/en)."""

from __future__ import annotations

from typing import Iterator

from ntm_eval.messages import (BATCH_MARKS, BATCH_NOUN_DEFAULT, BATCH_NOUNS, format_problem, lang_index,
                               status_label, t)
from ntm_eval.render.common import fmt_num

STATUS_ORDER = ("pass", "fail", "missing", "not_applicable", "no_threshold")


def mark(status: str | None, lang: str = "vi") -> str:
    if status is None:
        return ""
    return BATCH_MARKS.get(status, (status, status))[lang_index(lang)]


def legend(lang: str = "vi") -> str:
    marks = " · ".join(f"{mark(s, lang)} {status_label(s, lang).lower()}" for s in STATUS_ORDER)
    return t("batch.legend", lang, marks=marks)


def noun(level: str | None, lang: str = "vi", plural: bool = False) -> str:
    n = BATCH_NOUNS.get(level or "", BATCH_NOUN_DEFAULT)
    if lang_index(lang) == 0:
        return n[0]
    return n[2] if plural else n[1]


def section_title(level: str | None, lang: str = "vi") -> str:
    """"Xã", "Huyện" … (the batch's sections, one per criteria set)."""
    w = noun(level, lang, plural=True)
    return w[:1].upper() + w[1:]


def pct(x: float | None, lang: str = "vi") -> str:
    return "—" if x is None else fmt_num(x, lang, 1)


def avg(x: float | None, lang: str = "vi") -> str:
    return "—" if x is None else fmt_num(x, lang, 1)


def crit_col(cid: str, lang: str = "vi") -> str:
    return t("batch.col.crit", lang, id=cid)


def crit_title(c: tuple[str, str, str | None], lang: str = "vi") -> str:
    return c[2] if lang == "en" and c[2] else c[1]


def set_title(info, lang: str = "vi") -> str:
    if info is None:
        return "?"
    return info.title_en if lang == "en" and info.title_en else info.title


def status_text(row, lang: str = "vi") -> str:
    return status_label(row.status, lang) if row.status else t("batch.status.error", lang)


def met_text(row) -> str:
    return f"{row.passed}/{row.total}" if row.status else ""


def group_level(g) -> str | None:
    return g.info.level if g.info is not None else None


def _words(g, lang: str) -> dict[str, str]:
    return words(group_level(g), lang)


def words(level: str | None, lang: str = "vi") -> dict[str, str]:
    """Parameters of the messages that name what is counted: unit, units, Unit, Units."""
    u, us = noun(level, lang), noun(level, lang, plural=True)
    return {"unit": u, "units": us, "Unit": u[:1].upper() + u[1:], "Units": us[:1].upper() + us[1:]}


def headline_lines(g, lang: str = "vi") -> list[str]:
    """"Số xã được đánh giá: 50", "Bình quân 17,3 tiêu chí/xã", "12/50 xã đạt chuẩn (24%)"."""
    w = _words(g, lang)
    lines = [t("batch.units", lang, n=g.units, **w)]
    if g.units:
        line = t("batch.average", lang, avg=avg(g.average_met, lang), **w)
        line += " " + t("batch.range", lang, min=g.min_met, max=g.max_met, total=g.total_criteria)
        lines.append(line)
        for sid, k in g.prereq_passed.items():
            lines.append(t("batch.prereq_meeting", lang, k=k, n=g.units, title=g.prereq_titles.get(sid, sid),
                           id=sid, **w))
        lines.append(t("batch.meeting", lang, k=g.set_passed, n=g.units,
                       pct=pct(100.0 * g.set_passed / g.units, lang), **w))
    return lines


def criterion_lines(g, lang: str = "vi") -> list[str]:
    """"98% số xã đạt tiêu chí số 2 (Giao thông): 49/50 xã", one per criterion."""
    w = _words(g, lang)
    out = []
    for i, c in enumerate(g.criteria()):
        out.append(t("batch.criterion_line", lang, pct=pct(g.percent(i), lang), id=c[0],
                     title=crit_title(c, lang), k=g.passed(i), n=g.units, **w))
    return out


def meeting_names(report, g) -> list[str]:
    return [r.name for r in report.rows if r.set_id == g.set_id and r.status == "pass"]


def meeting_line(report, g, lang: str = "vi") -> str:
    w = _words(g, lang)
    names = meeting_names(report, g)
    if not names:
        return t("batch.none_meeting", lang, **w)
    return t("batch.meeting_list", lang, names=", ".join(names), **w)


def held_back_text(h, lang: str = "vi") -> str:
    title = h.title_en if lang == "en" and h.title_en else h.title
    if h.denominator is None:
        return t("batch.held_back_none", lang, id=h.indicator, title=title)
    if h.names:
        return t("batch.held_back", lang, id=h.indicator, title=title, num=h.numerator, den=h.denominator,
                 names=", ".join(h.names))
    return t("batch.held_back_ok", lang, id=h.indicator, title=title, num=h.numerator, den=h.denominator)


def group_rows(report, g) -> Iterator:
    for r in report.rows:
        if r.set_id == g.set_id:
            yield r


def broken_rows(report) -> Iterator:
    for r in report.rows:
        if r.problems or r.status is None:
            yield r


def problem_lines(row, lang: str = "vi") -> list[str]:
    return [format_problem(p, lang) for p in row.problems]


def has_districts(g) -> bool:
    return bool(g.by_district)


def show_provinces(g) -> bool:
    return len(g.by_province) > 1
