"""Terminal report of a batch (rich): per criteria set a units × criteria matrix of short marks,
criteria met per unit ("16/19"), the aggregate sentences officials report, a per-criterion
table, district/province tables, the district section with the members that hold it back, and
the broken units with their located errors."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ntm_eval.messages import status_label, t
from ntm_eval.render.batch.common import _words as _w
from ntm_eval.render.batch.common import (STATUS_ORDER, avg, broken_rows, crit_col, crit_title, criterion_lines,
                                          group_rows, has_districts, headline_lines, held_back_text, legend, mark,
                                          meeting_line, met_text, noun, pct, problem_lines, section_title,
                                          set_title, show_provinces, status_text)
from ntm_eval.render.table import STYLES, console

ERROR_STYLE = "bold red reverse"


def render(report, out: IO[str], lang: str = "vi") -> None:
    con = console(out)
    render_to(report, con, lang)


def render_to(report, con: Console, lang: str = "vi") -> None:
    agg = report.aggregates
    con.print(Text(t("batch.title", lang), style="bold"))
    con.print(t("batch.input", lang, path=report.input), markup=False)
    con.print(t("batch.totals", lang, total=agg.total, evaluated=agg.evaluated, broken=agg.broken), markup=False)
    for g in agg.groups.values():
        con.print()
        _group(report, g, con, lang)
    con.print()
    _errors(report, con, lang)
    con.print(Text(legend(lang), style="dim"))


def _group(report, g, con: Console, lang: str) -> None:
    info = g.info
    lv = info.level if info else None
    con.print(Text(f"{section_title(lv, lang)} — " + t("batch.set", lang, title=set_title(info, lang), id=g.set_id),
                   style="bold underline"))
    if info is not None and info.status == "demo":
        con.print(Text(t("batch.demo", lang), style="bold reverse"))
    crits = g.criteria()
    dist = has_districts(g)
    _matrix(report, g, con, lang, dist)
    for line in headline_lines(g, lang):
        con.print(Text(line, style="bold"))
    con.print(Text(meeting_line(report, g, lang)))
    per = Table(title=t("batch.per_criterion", lang, unit=noun(lv, lang), units=noun(lv, lang, True)),
                title_justify="left", header_style="bold", pad_edge=False)
    per.add_column(t("batch.col.criterion", lang), justify="right")
    per.add_column(t("batch.col.title", lang), overflow="fold")
    for s in STATUS_ORDER:
        per.add_column(status_label(s, lang), justify="right")
    per.add_column(t("batch.col.percent", lang), justify="right")
    for i, c in enumerate(crits):
        counts = g.crit_counts[i] if i < len(g.crit_counts) else {}
        per.add_row(c[0], Text(crit_title(c, lang)), *[str(counts.get(s, 0)) for s in STATUS_ORDER],
                    pct(g.percent(i), lang) + "%")
    con.print(per)
    for line in criterion_lines(g, lang):
        con.print(Text(line))
    if dist:
        _sub(con, g, lang, "batch.by_district", [(k[1], k[0], s) for k, s in g.districts()])
    if show_provinces(g):
        _sub(con, g, lang, "batch.by_province", [(k, None, s) for k, s in g.provinces()])
    first = True
    for r in group_rows(report, g):
        if not r.held_back:
            continue
        if first:
            con.print(Text(t("batch.held_back_heading", lang), style="bold"))
            first = False
        con.print(Text(f"{r.name}: {status_text(r, lang)} ({met_text(r)})", style=STYLES.get(r.status or "", "")))
        for h in r.held_back:
            con.print(Text("  " + held_back_text(h, lang), style=STYLES.get(h.status, "")))


MATRIX_CHUNK = 500  # rows per rich Table: a province of 10,000 communes is printed in slices, memory stays flat


def _matrix(report, g, con: Console, lang: str, dist: bool) -> None:
    lv = g.info.level if g.info else None
    crits = g.criteria()
    widths = [len(t("batch.col.index", lang)), len(t("batch.col.unit", lang)), len(t("batch.col.district", lang))]
    width_status = max(len(t("batch.status.error", lang)), *(len(status_label(s, lang)) for s in STATUS_ORDER)) + 2
    for r in group_rows(report, g):  # a first pass for column widths, so that every slice lines up
        widths = [max(widths[0], len(str(r.index + 1))), max(widths[1], len(r.name)),
                  max(widths[2], len(r.district or ""))]
    widths[1] = min(widths[1], 40)
    widths[2] = min(widths[2], 30)

    def new_table(first: bool) -> Table:
        tb = Table(title=t("batch.matrix", lang, unit=noun(lv, lang), units=noun(lv, lang, True)) if first else None,
                   title_justify="left", header_style="bold", pad_edge=False, show_header=first, show_lines=False)
        tb.add_column(t("batch.col.index", lang), justify="right", width=widths[0])
        tb.add_column(t("batch.col.unit", lang), overflow="fold", width=widths[1])
        if dist:
            tb.add_column(t("batch.col.district", lang), overflow="fold", width=widths[2])
        for c in crits:
            tb.add_column(Text(c[0]), justify="center", no_wrap=True, width=max(1, len(c[0])))
        tb.add_column(t("batch.col.met_short", lang), justify="right", no_wrap=True,
                      width=max(3, len(str(g.total_criteria)) * 2 + 1))
        tb.add_column(t("batch.col.status", lang), no_wrap=True, width=width_status)
        return tb

    table, n = new_table(True), 0
    for r in group_rows(report, g):
        cells = [str(r.index + 1), Text(r.name)] + ([Text(r.district or "")] if dist else [])
        cells += [Text(mark(s, lang), style=STYLES.get(s, "")) for s in r.statuses]
        cells += [met_text(r), Text(status_text(r, lang) + (" *" if r.problems else ""),
                                    style=STYLES.get(r.status or "", ERROR_STYLE))]
        table.add_row(*cells)
        n += 1
        if n % MATRIX_CHUNK == 0:
            con.print(table)
            table = new_table(False)
    if table.row_count or n == 0:
        con.print(table)


def _sub(con: Console, g, lang: str, heading: str, items) -> None:
    crits = g.criteria()
    tb = Table(title=t(heading, lang), title_justify="left", header_style="bold", pad_edge=False)
    by_d = heading == "batch.by_district"
    tb.add_column(t("batch.col.district" if by_d else "batch.col.province", lang), overflow="fold")
    if by_d:
        tb.add_column(t("batch.col.province", lang), overflow="fold")
    tb.add_column(t("batch.col.units", lang, **_w(g, lang)), justify="right")
    tb.add_column(t("batch.col.average", lang, **_w(g, lang)), justify="right")
    tb.add_column(t("batch.col.set_passed", lang, **_w(g, lang)), justify="right")
    for c in crits:
        tb.add_column(crit_col(c[0], lang) + " %", justify="right", no_wrap=True)
    for name, parent, s in items:
        cells = [Text(name)] + ([Text(parent or "")] if by_d else [])
        cells += [str(s.units), avg(s.average_met, lang), str(s.set_passed)]
        cells += [pct(s.percent(i), lang) for i in range(len(crits))]
        tb.add_row(*cells)
    con.print(tb)


def _errors(report, con: Console, lang: str) -> None:
    n = report.aggregates.broken
    if not n:
        con.print(Text(t("batch.no_errors", lang), style="green"))
        return
    con.print(Text(t("batch.errors", lang, n=n), style="bold red"))
    for r in broken_rows(report):
        con.print(Text(f"{r.name} ({r.source})", style="bold"))
        for line in problem_lines(r, lang):
            con.print(Text("  " + line, style="red"))
