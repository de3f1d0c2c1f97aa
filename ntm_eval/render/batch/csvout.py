"""`--format csv`: the units × criteria matrix, UTF-8 with a BOM so that Excel shows Vietnamese.

One row per unit (broken units too, with their errors in the last column); one column per
criterion id ("TC1"…) holding the status label. Text from the data that Excel would take for a
formula (=, +, -, @ …) is prefixed with an apostrophe.

The header is the first line, so that csv readers and `pandas.read_csv` take the file as it is.
What the matrix alone does not say — a set lacking thresholds, and where verdicts given in the
data decide criteria the set's "12 xã đạt chuẩn: 3 tính từ số liệu, 9 theo xác nhận" and its
conflicts — is `caveats()`, which the command prints on stderr beside the input's own notes.
The criterion cells keep the status words ("Đạt", "Chưa đạt"): the sheet reads back as input, each word as the criterion's verdict (`--format json` has each criterion's basis).
"""

from __future__ import annotations

import csv
from typing import IO, TYPE_CHECKING

from ntm_eval.messages import format_problem, status_label, t
from ntm_eval.render.batch.common import (
    basis_line,
    conflict_line,
    coverage_lines,
    crit_col,
    criteria_columns,
    merged_codes,
    merged_sets,
    status_text,
)
from ntm_eval.vocab import level_label

if TYPE_CHECKING:
    from ntm_eval.results import BatchReport

_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_WIDE = "＝＋－＠"  # full-width signs some spreadsheets read as their ASCII twins


def safe(s: object) -> str:
    """A data string as a spreadsheet cell that is never evaluated as a formula — also when the
    sign hides behind spaces ("  =1+1") or is a full-width one ("＝1+1")."""
    if s is None:
        return ""
    s = str(s)
    lead = s.lstrip(" \u00a0\u3000")
    if s.startswith(_FORMULA) or lead and (lead.startswith(_FORMULA) or lead[0] in _FORMULA_WIDE):
        return "'" + s
    return s


def header(report: BatchReport, lang: str = "vi", merged: bool = False) -> list[str]:
    """The header row; with `merged` (some unit was formed on 1/7/2025) a "Hợp nhất từ (mã xã cũ)"
    column after the name: the predecessors' codes, which read back as `merged_from`."""
    cols = ["index", "file", "name", "level", "district", "province", "year", "set", "status", "met", "total"]
    head = [t(f"batch.col.{c}", lang) for c in cols]
    if merged:
        head.insert(3, t("batch.col.merged_codes", lang))
    return head + [crit_col(c, lang) for c in criteria_columns(report)] + [t("batch.col.errors", lang)]


def basis_lines(report: BatchReport, lang: str = "vi") -> list[str]:
    """"t/x: 12 xã đạt chuẩn: 3 tính từ số liệu, 9 theo xác nhận", and the units with a conflict —
    for the sets where some criterion was decided by attestation."""
    out = []
    for g in report.aggregates.groups.values():
        if g.has_attested:
            out += [t("batch.coverage_of", lang, set_id=g.set_id, text=x)
                    for x in (basis_line(g, lang), conflict_line(g, lang)) if x]
    return out


def caveats(report: BatchReport, lang: str = "vi") -> list[str]:
    """What a reader of the matrix needs besides it (partial coverage, basis and conflicts): said
    on stderr, never inside the CSV above its header. (The input's notes are printed on stderr
    for every file format already.)"""
    return coverage_lines(report, lang) + basis_lines(report, lang)


def render(report: BatchReport, out: IO[str], lang: str = "vi") -> None:
    out.write("\ufeff")
    w = csv.writer(out)
    merged = bool(merged_sets(report))
    w.writerow(header(report, lang, merged))
    ids = criteria_columns(report)
    pos = {c: i for i, c in enumerate(ids)}
    order = {sid: [pos[c[0]] for c in g.criteria()] for sid, g in report.aggregates.groups.items()}
    for row in report.rows:
        cells = [""] * len(ids)
        for j, st in zip(order.get(row.set_id, ()), row.statuses):
            cells[j] = status_label(st, lang)
        pred = [safe(merged_codes(row))] if merged else []
        w.writerow([row.index + 1, safe(row.source), safe(row.name), *pred, level_label(row.level, lang),
                    safe(row.district),
                    safe(row.province), row.year if row.year is not None else "", safe(row.set_id),
                    status_text(row, lang), row.passed if row.status else "", row.total if row.status else "",
                    *cells, safe(" | ".join(format_problem(p, lang) for p in row.problems))])
