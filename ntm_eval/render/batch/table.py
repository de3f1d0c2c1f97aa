"""Terminal report of a batch (rich): per criteria set a units × criteria matrix of short marks,
criteria met per unit ("16/19"), the aggregate sentences officials report, a per-criterion
table, district/province tables, the district section with the members that hold it back, and
the broken units with their located errors.

Readable in an 80-column terminal: criteria columns have a fixed width and never wrap, and a
matrix (or a by-district table) wider than the console is split into column chunks, each
repeating the unit's number and name, instead of letting rich squeeze columns to nothing.
"""

from __future__ import annotations

from typing import IO, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ntm_eval.messages import status_label, t
from ntm_eval.render.batch.common import _words as _w
from ntm_eval.render.batch.common import (STATUS_ORDER, avg, broken_rows, coverage_lines, crit_col,
                                          crit_pct, crit_title, criterion_lines, group_rows, has_districts,
                                          headline_lines, held_back_text, legend, mark, meeting_line, met_text,
                                          noun, note_lines, problem_lines, section_title, set_title,
                                          show_provinces, status_text, sub_pct)
from ntm_eval.render.table import STYLES, console

ERROR_STYLE = "bold red reverse"
WARN_STYLE = "bold magenta"


def render(report, out: IO[str], lang: str = "vi") -> None:
    con = console(out)
    render_to(report, con, lang)


def render_to(report, con: Console, lang: str = "vi") -> None:
    agg = report.aggregates
    con.print(Text(t("batch.title", lang), style="bold"))
    con.print(t("batch.input", lang, path=report.input), markup=False)
    con.print(t("batch.totals", lang, total=agg.total, evaluated=agg.evaluated, broken=agg.broken), markup=False)
    for line in coverage_lines(report, lang):  # before anything reads like a verdict
        con.print(Text(line, style=WARN_STYLE))
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
    # the partial-coverage warning is printed once, at the top of the report (coverage_lines)
    dist = has_districts(g)
    _matrix(report, g, con, lang, dist)
    for line in headline_lines(g, lang):
        con.print(Text(line, style="bold"))
    ml = meeting_line(report, g, lang)
    if ml:
        con.print(Text(ml))
    _per_criterion(g, con, lang)
    for line in criterion_lines(g, lang):
        con.print(Text(line, style="" if not line.startswith("—") else "magenta"))
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


# --- fitting tables into the console ---------------------------------------------------------

def _cost(widths: Sequence[int]) -> int:
    """Columns' share of a table line: content, two spaces of padding, one border each."""
    return sum(w + 3 for w in widths)


def _table_width(widths: Sequence[int]) -> int:
    return _cost(widths) - 1  # one more border, minus the padding a pad_edge=False table drops


def _greedy(cols: Sequence[int], cap: int) -> list[list[int]]:
    out: list[list[int]] = [[]]
    used = 0
    for j, wd in enumerate(cols):
        if out[-1] and used + wd + 3 > cap:
            out.append([])
            used = 0
        out[-1].append(j)
        used += wd + 3
    return out


def _chunks(avail: int, head: Sequence[int], cols: Sequence[int], tail: Sequence[int] = ()) -> list[list[int]]:
    """Indices of `cols` split into as few chunks as possible, of even widths, so that head +
    chunk — and the tail beside the last chunk — fits in `avail` columns."""
    budget = avail + 1 - _cost(head)
    if not cols:
        return [[]]

    def last_fits(chunks: list[list[int]]) -> bool:
        return sum(cols[j] + 3 for j in chunks[-1]) + _cost(tail) <= budget

    best = _greedy(cols, budget)
    if not last_fits(best):
        best.append([])  # the tail needs a chunk of its own (only on a very narrow console)
    for cap in range(max(c + 3 for c in cols), budget + 1):  # the narrowest chunks that need no more of them
        cand = _greedy(cols, cap)
        if len(cand) <= len(best) and last_fits(cand):
            return cand
    return best


MATRIX_CHUNK = 500  # rows per rich Table: a province of 10,000 communes is printed in slices, memory stays flat
NAME_MIN = 12  # a unit name narrower than this folds on too many lines


def _matrix(report, g, con: Console, lang: str, dist: bool) -> None:
    lv = g.info.level if g.info else None
    crits = g.criteria()
    w_idx = max(len(t("batch.col.index", lang)), len(str(g.units)))
    w_name, w_dist = len(t("batch.col.unit", lang)), len(t("batch.col.district", lang))
    for r in group_rows(report, g):  # a first pass for column widths, so that every slice lines up
        w_name, w_dist = max(w_name, len(r.name)), max(w_dist, len(r.district or ""))
    w_name, w_dist = min(w_name, 40), min(w_dist, 30)
    w_crit = [max(1, len(c[0])) for c in crits]
    w_met = max(len(t("batch.col.met_short", lang)), len(str(g.total_criteria)) * 2 + 1)
    w_status = max(len(t("batch.status.error", lang)), *(len(status_label(s, lang)) for s in STATUS_ORDER)) + 2
    tail = [w_met, w_status]

    def head() -> list[int]:
        return [w_idx, w_name] + ([w_dist] if dist else [])

    avail = con.width
    if _table_width(head() + w_crit + tail) > avail:  # narrow: shrink the text columns, then split
        w_name, w_dist = min(w_name, max(NAME_MIN, 20)), min(w_dist, 14)
        if _table_width(head() + w_crit[:4] + tail) > avail:
            dist = False
        if _table_width(head() + w_crit[:4] + tail) > avail:
            w_name = NAME_MIN
    chunks = _chunks(avail, head(), w_crit, tail)
    title = t("batch.matrix", lang, unit=noun(lv, lang), units=noun(lv, lang, True))

    for n_chunk, idx in enumerate(chunks):
        last = n_chunk == len(chunks) - 1
        if len(chunks) > 1 and idx:
            part = t("batch.matrix_part", lang, title=title, first=crits[idx[0]][0], last=crits[idx[-1]][0])
        else:
            part = title

        def new_table(first: bool) -> Table:
            tb = Table(header_style="bold", pad_edge=False, show_header=first, show_lines=False)
            tb.add_column(t("batch.col.index", lang), justify="right", no_wrap=True, width=w_idx)
            tb.add_column(t("batch.col.unit", lang), overflow="fold", width=w_name)
            if dist:
                tb.add_column(t("batch.col.district", lang), overflow="fold", width=w_dist)
            for j in idx:
                tb.add_column(Text(crits[j][0]), justify="center", no_wrap=True, width=w_crit[j],
                              min_width=w_crit[j])
            if last:
                tb.add_column(t("batch.col.met_short", lang), justify="right", no_wrap=True, width=w_met)
                tb.add_column(t("batch.col.status", lang), no_wrap=True, width=w_status)
            return tb

        con.print(Text(part, style="italic"))  # not a table title: those wrap to the table's width
        table, n = new_table(True), 0
        for k, r in enumerate(group_rows(report, g), start=1):  # numbered within the section
            cells = [str(k), Text(r.name)] + ([Text(r.district or "")] if dist else [])
            cells += [Text(mark(r.statuses[j], lang), style=STYLES.get(r.statuses[j], "")) if j < len(r.statuses)
                      else "" for j in idx]
            if last:
                cells += [met_text(r), Text(status_text(r, lang) + (" *" if r.problems else ""),
                                            style=STYLES.get(r.status or "", ERROR_STYLE))]
            table.add_row(*cells)
            n += 1
            if n % MATRIX_CHUNK == 0:
                con.print(table)
                table = new_table(False)
        if table.row_count or n == 0:
            con.print(table)


def _per_criterion(g, con: Console, lang: str) -> None:
    lv = g.info.level if g.info else None
    crits = g.criteria()
    w_id = max([len(t("batch.col.criterion", lang))] + [len(c[0]) for c in crits])
    labels = [status_label(s, lang) for s in STATUS_ORDER]
    w_pct = max(len(t("batch.col.percent", lang)), 6)
    wide = _table_width([w_id, 24] + [len(x) for x in labels] + [w_pct]) <= con.width
    heads = labels if wide else [mark(s, lang) for s in STATUS_ORDER]  # marks: see the legend
    per = Table(title=t("batch.per_criterion", lang, unit=noun(lv, lang), units=noun(lv, lang, True)),
                title_justify="left", header_style="bold", pad_edge=False)
    per.add_column(t("batch.col.criterion", lang), justify="right", no_wrap=True)
    per.add_column(t("batch.col.title", lang), overflow="fold", min_width=12, ratio=1)
    for h in heads:
        per.add_column(h, justify="right", no_wrap=True, min_width=max(len(h), 2 if not wide else 1))
    per.add_column(t("batch.col.percent", lang), justify="right", no_wrap=True)
    for i, c in enumerate(crits):
        counts = g.counts(i)
        per.add_row(c[0], Text(crit_title(c, lang)), *[str(counts.get(s, 0)) for s in STATUS_ORDER],
                    Text(crit_pct(g, i, lang), style="" if g.decidable(i) else "magenta"))
    con.print(per)


def _sub(con: Console, g, lang: str, heading: str, items) -> None:
    crits = g.criteria()
    by_d = heading == "batch.by_district"
    wd = _w(g, lang)
    title = t("batch.per_criterion", lang, **wd)
    title = f"{t(heading, lang)} — {title}"
    heads = [t("batch.col.units", lang, **wd), t("batch.col.average", lang, **wd),
             t("batch.col.set_passed", lang, **wd)]
    if g.set_undecided:  # beside "đạt chuẩn": the units nobody can say fail
        heads.append(t("batch.col.set_undecided", lang, **wd))
    w_nums = [max(4, *(len(x) for x in h.split())) for h in heads]  # headers wrap between words only
    w_name = max([len(t("batch.col.district" if by_d else "batch.col.province", lang))]
                 + [len(x[0]) for x in items])
    w_parent = max([len(t("batch.col.province", lang))] + [len(x[1] or "") for x in items]) if by_d else 0
    w_crit = [max(len(crit_col(c[0], lang)), 4) for c in crits]
    avail = con.width
    show_parent = by_d
    w_name = min(w_name, 30)
    if _table_width([w_name, w_parent] + w_nums + w_crit) > avail:
        w_name, w_parent = min(w_name, 16), min(w_parent, 12)
        one_province = len({x[1] for x in items}) <= 1  # named once in the report's data anyway
        show_parent = by_d and not one_province and _table_width([w_name, w_parent] + w_nums + w_crit[:3]) <= avail
    head = [w_name] + ([w_parent] if show_parent else []) + w_nums
    chunks = _chunks(avail, head, w_crit)
    for n_chunk, idx in enumerate(chunks):
        part = title if len(chunks) == 1 else t("batch.sub_part", lang, title=title, first=crits[idx[0]][0],
                                                 last=crits[idx[-1]][0])
        con.print(Text(part, style="italic"))
        tb = Table(header_style="bold", pad_edge=False)
        tb.add_column(t("batch.col.district" if by_d else "batch.col.province", lang), overflow="fold", width=w_name)
        if show_parent:
            tb.add_column(t("batch.col.province", lang), overflow="fold", width=w_parent)
        for h, w in zip(heads, w_nums):
            tb.add_column(h, justify="right", width=w)
        for j in idx:
            tb.add_column(crit_col(crits[j][0], lang), justify="right", no_wrap=True, width=w_crit[j])
        for name, parent, s in items:
            cells = [Text(name)] + ([Text(parent or "")] if show_parent else [])
            cells += [str(s.units), avg(s.average_met, lang), str(s.set_passed)]
            if g.set_undecided:
                cells.append(str(s.set_undecided))
            cells += [sub_pct(s, j, lang) for j in idx]
            tb.add_row(*cells)
        con.print(tb)


def _errors(report, con: Console, lang: str) -> None:
    n = report.aggregates.broken
    extra = note_lines(report, lang)
    if extra:
        con.print(Text(t("batch.input_warnings", lang), style="bold yellow"))
        for line in extra:
            con.print(Text("  " + line, style="yellow"))
    if not n:
        con.print(Text(t("batch.no_errors", lang), style="green"))
        return
    con.print(Text(t("batch.errors", lang, n=n), style="bold red"))
    for r in broken_rows(report):
        con.print(Text(f"{r.name} ({r.source})", style="bold"))
        for line in problem_lines(r, lang):
            con.print(Text("  " + line, style="red"))
