"""`--format md`: a Markdown report (headings, aggregate sentences, matrix, per-criterion table)."""

from __future__ import annotations

import re
from typing import IO

from ntm_eval.messages import status_label, t
from ntm_eval.render.batch.common import _words as _w
from ntm_eval.render.batch.common import (STATUS_ORDER, avg, broken_rows, coverage_lines, crit_col,
                                          crit_pct, crit_title, criterion_lines, group_rows, has_districts,
                                          headline_lines, held_back_text, legend, mark, meeting_line, met_text,
                                          note_lines, problem_lines, section_title, set_title, show_provinces,
                                          status_text, sub_pct)

_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def esc(s: object) -> str:
    """Text from the data as inert Markdown: no markup, no raw HTML, no table breaks."""
    s = "" if s is None else str(s)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _SPECIAL.sub(r"\\\1", s)
    return re.sub(r"[\r\n]+", " ", s)


def _table(out: IO[str], head: list[str], rows) -> None:
    out.write("| " + " | ".join(head) + " |\n")
    out.write("|" + "|".join("---" for _ in head) + "|\n")
    for r in rows:
        out.write("| " + " | ".join(r) + " |\n")
    out.write("\n")


def render(report, out: IO[str], lang: str = "vi") -> None:
    agg = report.aggregates
    w = out.write
    w(f"# {t('batch.title', lang)}\n\n")
    w(t("batch.input", lang, path=esc(report.input)) + "  \n")
    w(t("batch.totals", lang, total=agg.total, evaluated=agg.evaluated, broken=agg.broken) + "\n\n")
    for line in coverage_lines(report, lang):  # before anything reads like a verdict
        w(f"> **⚠ {esc(line)}**\n\n")
    for g in agg.groups.values():
        info = g.info
        lv = info.level if info else None
        heading = t("batch.set", lang, title=set_title(info, lang), id=g.set_id)
        w(f"## {esc(section_title(lv, lang))} — {esc(heading)}\n\n")
        if info is not None and info.status == "demo":
            w(f"**{t('batch.demo', lang)}**\n\n")
        for line in headline_lines(g, lang):
            w(f"- {esc(line)}\n")
        ml = meeting_line(report, g, lang)
        if ml:
            w(f"- {esc(ml)}\n")
        w("\n")
        crits = g.criteria()
        dist = has_districts(g)
        w(f"### {t('batch.matrix', lang, unit=_n(lv, lang), units=_n(lv, lang, True))}\n\n")
        head = [t("batch.col.index", lang), t("batch.col.unit", lang)]
        if dist:
            head.append(t("batch.col.district", lang))
        head += [crit_col(c[0], lang) for c in crits] + [t("batch.col.met_short", lang), t("batch.col.status", lang)]
        rows = (([str(k), esc(r.name)] + ([esc(r.district or "")] if dist else [])
                 + [mark(s, lang) for s in r.statuses] + [met_text(r), esc(status_text(r, lang))])
                for k, r in enumerate(group_rows(report, g), start=1))  # numbered within the section; streamed
        _table(out, head, rows)
        w(esc(legend(lang)) + "\n\n")
        w(f"### {t('batch.per_criterion', lang, unit=_n(lv, lang), units=_n(lv, lang, True))}\n\n")
        head = [t("batch.col.criterion", lang), t("batch.col.title", lang)]
        head += [status_label(s, lang) for s in STATUS_ORDER] + [t("batch.col.percent", lang)]
        _table(out, head, ([esc(c[0]), esc(crit_title(c, lang))]
                           + [str(g.counts(i).get(s, 0)) for s in STATUS_ORDER]
                           + [crit_pct(g, i, lang)] for i, c in enumerate(crits)))
        for line in criterion_lines(g, lang):
            w(f"- {esc(line)}\n")
        w("\n")
        if dist:
            _subtable(out, g, lang, "batch.by_district", [(k[1], k[0], s) for k, s in g.districts()])
        if show_provinces(g):
            _subtable(out, g, lang, "batch.by_province", [(k, None, s) for k, s in g.provinces()])
        held = [r for r in group_rows(report, g) if r.held_back]
        if held:
            w(f"### {t('batch.held_back_heading', lang)}\n\n")
            for r in held:
                for h in r.held_back:
                    w(f"- **{esc(r.name)}**: {esc(held_back_text(h, lang))}\n")
            w("\n")
    extra = note_lines(report, lang)
    if extra:
        w(f"## {t('batch.input_warnings', lang)}\n\n")
        for line in extra:
            w(f"- {esc(line)}\n")
        w("\n")
    w(f"## {t('batch.errors', lang, n=agg.broken)}\n\n")
    if not agg.broken:
        w(t("batch.no_errors", lang) + "\n")
    for r in broken_rows(report):
        w(f"- **{esc(r.name)}** ({esc(r.source)})\n")
        for line in problem_lines(r, lang):
            w(f"  - {esc(line)}\n")
    w("\n")


def _n(level, lang, plural=False):
    from ntm_eval.render.batch.common import noun

    return noun(level, lang, plural)


def _subtable(out: IO[str], g, lang: str, heading: str, items) -> None:
    crits = g.criteria()
    out.write(f"### {t(heading, lang)}\n\n")
    head = [t("batch.col.district" if heading == "batch.by_district" else "batch.col.province", lang)]
    if heading == "batch.by_district":
        head.append(t("batch.col.province", lang))
    wd = _w(g, lang)
    head += [t("batch.col.units", lang, **wd), t("batch.col.average", lang, **wd),
             t("batch.col.set_passed", lang, **wd)]
    if g.set_undecided:
        head.append(t("batch.col.set_undecided", lang, **wd))
    head += [crit_col(c[0], lang) + " %" for c in crits]
    rows = []
    for name, parent, s in items:
        cells = [esc(name)] + ([esc(parent or "")] if heading == "batch.by_district" else [])
        cells += [str(s.units), avg(s.average_met, lang), str(s.set_passed)]
        if g.set_undecided:
            cells.append(str(s.set_undecided))
        cells += [sub_pct(s, i, lang) for i in range(len(crits))]
        rows.append(cells)
    _table(out, head, rows)
