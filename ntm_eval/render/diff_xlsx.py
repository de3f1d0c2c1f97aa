"""`diff --format xlsx` (needs --output): "Tổng hợp" (the outline of the text report, line by
line), "Theo đơn vị" (the CSV's rows), "Theo tiêu chí" (% of units meeting each criterion, both
years, per set), "Chỉ tiêu thay đổi" (each indicator value that moved). Written with openpyxl's
write-only workbook through the batch report's sheet helper: text from the data is always stored
as text, never a formula, and control characters are written as visible escapes. Every sheet is
laid out for print as the batch workbook's (A4 landscape, one page wide, header row on each page,
page header and footer), each table with frozen panes and an autofilter."""

from __future__ import annotations

from typing import IO, Any

from openpyxl import Workbook

from ntm_eval.core.diff import DiffReport, moved
from ntm_eval.messages import status_label, t
from ntm_eval.render.batch.xlsx import _Sheet as Sheet
from ntm_eval.render.diff import UNIT_COLUMNS, _num, outline, share_rows, unit_rows

INDENT = {"li": "  ", "li2": "      "}


def render_xlsx(r: DiffReport, out: IO[bytes], lang: str) -> None:
    wb = Workbook(write_only=True)
    _summary(wb, r, lang)
    _units(wb, r, lang)
    _criteria(wb, r, lang)
    _indicators(wb, r, lang)
    wb.save(out)


def _summary(wb: Workbook, r: DiffReport, lang: str) -> None:
    s = Sheet(wb, t("diff.sheet.summary", lang), [140], "A2", lang=lang, heading=t("diff.title", lang))
    for kind, text in outline(r, lang):
        s.row([INDENT.get(kind, "") + text], bold=kind in ("title", "h"))


def _blank(v: Any) -> Any:
    return None if v == "" else v


def _units(wb: Workbook, r: DiffReport, lang: str) -> None:
    s = Sheet(wb, t("diff.sheet.units", lang),
              [12, 28, 8, 18, 18, 10, 24, 8, 8, 14, 14, 8, 8, 8, 16, 16, 50, 60, 30, 30], "C2",
              lang=lang, heading=t("diff.title", lang), title_cols="A:B")
    s.head([t(k, lang) for k in UNIT_COLUMNS])
    for row in unit_rows(r, lang):
        s.row([_blank(v) for v in row])
    s.filter()


def _criteria(wb: Workbook, r: DiffReport, lang: str) -> None:
    s = Sheet(wb, t("diff.sheet.criteria", lang), [24, 9, 50, 12, 12, 12], "A2", lang=lang,
              heading=t("diff.title", lang))
    s.head([t(k, lang) for k in ("diff.col.set", "batch.col.criterion", "batch.col.title", "diff.col.old_share",
                                 "diff.col.new_share", "diff.col.share_change")])
    for ch in r.sets:
        for cid, title, a, b, d in share_rows(ch, lang):
            s.row([ch.shape.id, cid, title] + [s.cell(round(x, 1), pct=True) if x is not None else None
                                               for x in (a, b, d)])
    s.filter()


def _indicators(wb: Workbook, r: DiffReport, lang: str) -> None:
    s = Sheet(wb, t("diff.sheet.indicators", lang), [28, 24, 12, 12, 12, 12, 14, 14], "C2", lang=lang,
              heading=t("diff.title", lang), title_cols="A:A")
    s.head([t(k, lang) for k in ("batch.col.name", "diff.col.set", "batch.col.indicator", "diff.col.old_value",
                                 "diff.col.new_value", "diff.col.change", "diff.col.old_status",
                                 "diff.col.new_status")])
    for ud in r.units:
        for d in ud.sets:
            shape = r.shapes[d.set_id]
            for m in moved(shape, d):
                change = None
                if m.old is not None and m.new is not None and m.indicator not in shape.bools:
                    change = round(m.new - m.old, 6)
                old, new = _num(m.old, shape, m.indicator), _num(m.new, shape, m.indicator)
                if isinstance(old, bool) or isinstance(new, bool):  # yes/no: the word, not TRUE/FALSE
                    old = None if old is None else status_label("pass" if old else "fail", lang)
                    new = None if new is None else status_label("pass" if new else "fail", lang)
                s.row([ud.new.name, d.set_id, m.indicator, old, new, change,
                       status_label(m.old_status, lang), status_label(m.new_status, lang)])
    s.filter()
