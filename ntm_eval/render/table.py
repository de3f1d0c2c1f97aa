"""Terminal report of one unit (rich). Imported only when a table is asked for."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ntm_eval.messages import CONFIDENCE_LABELS, REGION_EN, lang_index, status_label, t
from ntm_eval.render.common import (conf_mark, coverage_line, fmt_gap, fmt_threshold, fmt_value,
                                    prerequisite_lines, title, unit_line)
from ntm_eval.results import UnitResult

STYLES = {"pass": "green", "fail": "bold red", "missing": "yellow", "not_applicable": "dim",
          "no_threshold": "magenta"}
HEAD = {
    "vi": ("Mã", "Tiêu chí / chỉ tiêu", "Giá trị", "Ngưỡng", "Còn thiếu", "Kết quả", "Nguồn"),
    "en": ("Id", "Criterion / indicator", "Value", "Threshold", "Gap", "Result", "Source"),
}


def console(file: IO[str] | None = None) -> Console:
    con = Console(file=file, highlight=False, soft_wrap=False)
    if not con.is_terminal:  # piped to a file or a pager: do not squeeze into 80 columns
        con = Console(file=file, highlight=False, soft_wrap=False, width=max(con.width, 160))
    return con


def render_unit(res: UnitResult, con: Console, lang: str = "vi", brief: bool = False) -> None:
    i = lang_index(lang)
    if res.set_status == "demo":
        con.print(Text(("BỘ TIÊU CHÍ MINH HỌA — không phải văn bản pháp luật",
                        "DEMONSTRATION SET — not law")[i], style="bold reverse"))
    con.print(Text(unit_line(res, lang), style="bold"))
    set_line = f"{res.set_title_en if lang == 'en' and res.set_title_en else res.set_title} [{res.criteria_set}]"
    year_line = (f"Năm đánh giá {res.year} (ngày {res.date})", f"Year {res.year} (date {res.date})")[i]
    con.print(set_line, markup=False)
    klass = ""
    if res.klass_key:
        key_name = {"region": ("vùng", "region"), "group": ("nhóm xã", "commune group")}.get(
            res.klass_key, (res.klass_key, res.klass_key))[i]
        label = REGION_EN.get(res.klass or "") if lang == "en" and res.klass_key == "region" else res.klass_label
        klass = f" · {key_name}: {res.klass}" + (f" ({label})" if label else "")
        if res.override:
            klass += (f" (áp dụng ngưỡng {res.override['use']} thay cho {res.override['from']}: "
                      f"{', '.join(res.override['because'])})",
                      f" (uses {res.override['use']} thresholds instead of {res.override['from']}: "
                      f"{', '.join(res.override['because'])})")[i]
    con.print(year_line + klass, markup=False)
    table = Table(show_lines=False, header_style="bold", expand=False, pad_edge=False)
    narrow = con.width < 120  # an 80-column terminal: no source column, marks go with thresholds
    heads = HEAD[lang][:6] if narrow else HEAD[lang]
    widths = (6, None, 9, 11, 11, 9) if narrow else (14, None, 16, 18, 20, 14, 22)
    for n, (h, w) in enumerate(zip(heads, widths)):
        table.add_column(h, overflow="fold", max_width=w, min_width=(14 if narrow else 34) if n == 1 else None,
                         ratio=3 if n == 1 else None)
    for c in res.criteria:
        table.add_row(Text(c.id, style="bold"), Text(title(c, lang), style="bold"), "", "", "",
                      Text(status_label(c.status, lang), style=STYLES[c.status]), *([] if narrow else [""]))
        for ind in c.indicators:
            if brief and ind.status == "pass":
                continue
            _row(table, ind, lang, indent="  ", narrow=narrow)
            for p in ind.parts:
                if brief and p.status == "pass":
                    continue
                _row(table, p, lang, indent="    ", narrow=narrow)
    con.print(table)
    s = res.summary()
    counts = [f"{status_label(k, lang)} {s[v]}" for k, v in (("pass", "passed"), ("fail", "failed"),
              ("missing", "missing"), ("no_threshold", "no_threshold"), ("not_applicable", "not_applicable"))]
    head = (f"Kết quả: {status_label(res.status, lang).upper()} — đạt {s['passed']}/{s['total']} tiêu chí",
            f"Result: {status_label(res.status, lang).upper()} — {s['passed']}/{s['total']} criteria met")[i]
    con.print(Text(head, style=STYLES[res.status]))
    con.print(" · ".join(counts), markup=False)
    pre = [c for c in res.criteria if c.precondition]
    if pre:
        con.print(Text(("Điều kiện: ", "Preconditions: ")[i] + "; ".join(
            f"{c.id} ({title(c, lang)}) {status_label(c.status, lang).lower()}" for c in pre), style=STYLES[
            "fail" if any(c.status == "fail" for c in pre) else "pass" if all(c.status == "pass" for c in pre)
            else "missing"]))
    for line in prerequisite_lines(res, lang):
        con.print(Text(line, style="bold red"))
    cov = coverage_line(res, lang)
    if cov:
        con.print(Text(cov, style="magenta"))
    for w in res.warnings:
        con.print(Text(("Cảnh báo: ", "Warning: ")[i] + t(w["key"], lang, **w), style="yellow"))
    legend = ", ".join(f"{m} {CONFIDENCE_LABELS[k][i]}" for k, m in (("primary", "✓"), ("secondary", "~"),
                                                                    ("uncertain", "?"), ("demo", "D")))
    con.print(Text((f"Độ tin cậy của ngưỡng: {legend}", f"Threshold confidence: {legend}")[i], style="dim"))
    if res.set_source:
        con.print(Text(("Căn cứ: ", "Source: ")[i] + res.set_source, style="dim"))


def _row(table: Table, ind, lang: str, indent: str, narrow: bool = False) -> None:
    src = conf_mark(ind.confidence)
    if ind.source_short:
        src = f"{src} {ind.source_short}".strip()
    name = title(ind, lang)
    if ind.id_confidence != "printed":
        name += (" [mã suy luận]", " [id inferred]")[lang_index(lang)] if ind.id_confidence == "inferred" \
            else (" [mã chưa chắc]", " [id uncertain]")[lang_index(lang)]
    if ind.held_back:
        name += ("\n" + indent + ("Đơn vị chưa đạt: ", "Held back by: ")[lang_index(lang)]
                 + ", ".join(ind.held_back))
    if ind.undecided:
        name += ("\n" + indent + ("Chưa kết luận được (thiếu dữ liệu/ngưỡng): ",
                                    "Not yet decidable (data or thresholds missing): ")[lang_index(lang)]
                 + ", ".join(ind.undecided))
    threshold = fmt_threshold(ind, lang)
    if narrow and conf_mark(ind.confidence):
        threshold += " " + conf_mark(ind.confidence)
    cells = [indent + ind.id, indent + name, fmt_value(ind, lang), threshold,
             fmt_gap(ind, lang), Text(status_label(ind.status, lang), style=STYLES[ind.status])]
    table.add_row(*cells, *([] if narrow else [src]))
